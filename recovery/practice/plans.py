"""What the guided players walk through, worked out from the catalog.

A breathing plan is one cycle of phases (in, hold, out, hold), repeated for the length the
patient picks; for alternate-nostril breathing the cycle is two breaths, in on one side and
out on the other. A stretch plan is each chosen stretch in turn: time to get into position,
then its holds (on each side in turn, if sided) with a rest between them. Holds shorter
than `SHORT_HOLD` are a movement done in rhythm (pelvic tilts), with no rest between.
"""

from decimal import Decimal

PACER_MINUTES = (3, 5, 10)
DEFAULT_HOLD = 30
GET_READY = 10
REST_BETWEEN = 10
SHORT_HOLD = 15
WORDS = {"in": "Breathe in", "hold": "Hold", "out": "Breathe out"}


def breathing_plan(exercise):
    sides = (
        [("left", "right"), ("right", "left")] if exercise.alternate_nostrils else [(None, None)]
    )
    phases = []
    for inhale_side, exhale_side in sides:
        phases.append(phase("in", exercise.inhale_seconds, inhale_side))
        if exercise.hold_in_seconds:
            phases.append(phase("hold", exercise.hold_in_seconds))
        phases.append(phase("out", exercise.exhale_seconds, exhale_side))
        if exercise.hold_out_seconds:
            phases.append(phase("hold", exercise.hold_out_seconds))
    return {
        "exercise": exercise.pk,
        "name": exercise.name,
        "phases": phases,
        "breaths_per_minute": float(exercise.breaths_per_minute),
        "minutes": list(PACER_MINUTES),
        "default_minutes": pacer_minutes(exercise.default_minutes),
    }


def phase(kind, seconds, nostril=None):
    words = WORDS[kind] + (f" through the {nostril} nostril" if nostril else "")
    return {"kind": kind, "seconds": float(Decimal(seconds)), "words": words}


def pacer_minutes(default):
    """The catalog's usual length, as the nearest length the pacer offers."""
    return min(PACER_MINUTES, key=lambda minutes: (abs(minutes - default), minutes))


def pace_in_words(exercise):
    """ "4 s in · 4 s out · 7.5 breaths a minute", for the lists."""
    parts = [f"{seconds(exercise.inhale_seconds)} in"]
    if exercise.hold_in_seconds:
        parts.append(f"{seconds(exercise.hold_in_seconds)} hold")
    parts.append(f"{seconds(exercise.exhale_seconds)} out")
    if exercise.hold_out_seconds:
        parts.append(f"{seconds(exercise.hold_out_seconds)} hold")
    pace = exercise.breaths_per_minute.normalize()
    return " · ".join(parts) + f" · {pace:f} breaths a minute"


def seconds(value):
    return f"{Decimal(value).normalize():f} s"


def hold_in_words(exercise):
    """ "30 s, each side", "5 s × 10", for the lists."""
    hold = exercise.hold_seconds or DEFAULT_HOLD
    repetitions = exercise.repetitions or 1
    words = f"{hold} s" + (f" × {repetitions}" if repetitions > 1 else "")
    return words + (", each side" if exercise.each_side else "")


def routine_plan(exercises):
    return {"stretches": [stretch_plan(exercise) for exercise in exercises]}


def stretch_plan(exercise):
    hold = exercise.hold_seconds or DEFAULT_HOLD
    repetitions = exercise.repetitions or 1
    sides = ["left", "right"] if exercise.each_side else [None]
    holds = [(rep, side) for rep in range(1, repetitions + 1) for side in sides]
    steps = [{"kind": "ready", "seconds": GET_READY, "words": "Get into position"}]
    for index, (rep, side) in enumerate(holds):
        steps.append(hold_step(hold, rep, repetitions, side))
        following = holds[index + 1] if index + 1 < len(holds) else None
        if following and hold >= SHORT_HOLD:
            steps.append(rest_step(following, repetitions))
    return {
        "exercise": exercise.pk,
        "name": exercise.name,
        "instructions": exercise.instructions,
        "cautions": exercise.cautions,
        "each_side": exercise.each_side,
        "steps": steps,
    }


def hold_step(hold, rep, repetitions, side):
    words = "Hold" if hold >= SHORT_HOLD else "Slowly"
    if side:
        words += f", {side} side"
    count = ""
    if repetitions > 1:
        count = f"{rep} of {repetitions}" if hold < SHORT_HOLD else f"Round {rep} of {repetitions}"
    return {"kind": "hold", "seconds": hold, "words": words, "side": side, "count": count}


def rest_step(following, repetitions):
    rep, side = following
    if side == "right":
        words = "Rest, then the right side"
    elif side == "left":
        words = f"Rest, then left side, round {rep}"
    else:
        words = f"Rest, then hold {rep} of {repetitions}"
    return {"kind": "rest", "seconds": REST_BETWEEN, "words": words}


def total_seconds(plan):
    return sum(step["seconds"] for stretch in plan["stretches"] for step in stretch["steps"])
