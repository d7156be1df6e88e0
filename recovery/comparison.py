"""How a patient's own logs compare with the relief timeline. A comparison, never a diagnosis.

The rules (shared/DESIGN.md; thresholds from shared/REFERENCE.md):

- Day N counts from the start date, which is day 1. Entries before it are left out.
- The baseline of a measure is the mean of its first BASELINE_DAYS logged days within
  the first BASELINE_WINDOW days of recovery. Without that many, there is no baseline.
- Each phase speaks about its own measures: weeks 1-2 muscle tightness, weeks 3-4 nerve
  symptoms, months 2-3 mobility and leg and back pain, long-term flare-ups.
- A phase's value is the mean over its logged days; it needs MIN_PHASE_DAYS of them.
- The change is counted so that a positive number is better: pain, tightness and nerve
  symptoms going down, mobility going up. In percent, it is relative to the baseline.
- Verdicts: *meaningful improvement* at 2 points or 30 % (the minimal clinically important
  change, Ostelo et al. 2008); *some improvement* above half a point; *worse* below minus
  half a point; *no change* in between; *not enough data* when days are missing.
  50 % or more is also called substantial (IMMPACT, Dworkin et al. 2008).
- A flare-up day is a logged day whose pain (the higher of leg and back pain) is at least
  2 points above the mean of the FLARE_WINDOW logged days before it. The long-term phase
  compares its flare-up rate with the rate over the first 90 days.
"""

import datetime
from dataclasses import dataclass, field

from .timeline import recovery_day

BASELINE_DAYS = 3
BASELINE_WINDOW = 7
MIN_PHASE_DAYS = 4
MCID_POINTS = 2.0
MCID_PERCENT = 30.0
SUBSTANTIAL_PERCENT = 50.0
NOISE_POINTS = 0.5
FLARE_WINDOW = 7
FLARE_MIN_HISTORY = 3
MIN_FLARE_DAYS = 14
EARLY_DAYS = 90

MEANINGFUL = "meaningful improvement"
SOME = "some improvement"
NO_CHANGE = "no change"
WORSE = "worse"
NOT_ENOUGH = "not enough data"

LABELS = {
    "leg_pain": "leg pain",
    "back_pain": "back pain",
    "muscle_tightness": "muscle tightness",
    "nerve_symptoms": "nerve symptoms",
    "mobility": "mobility",
    "sleep_quality": "sleep",
    "flare_ups": "flare-ups",
}
HIGHER_IS_BETTER = {"mobility", "sleep_quality"}
MEASURES_OF_PHASE = {
    "muscle_tightness": ["muscle_tightness"],
    "nerve_symptoms": ["nerve_symptoms"],
    "mobility_and_pain": ["mobility", "leg_pain", "back_pain"],
    "flare_ups": ["flare_ups"],
}


@dataclass(frozen=True)
class Point:
    """One logged day: its recovery day number and its scores (None where skipped)."""

    day: int
    date: datetime.date
    scores: dict

    def pain(self):
        values = [
            v for v in (self.scores.get("leg_pain"), self.scores.get("back_pain")) if v is not None
        ]
        return max(values) if values else None


@dataclass
class MeasureResult:
    measure: str
    verdict: str
    baseline: float | None = None
    value: float | None = None
    days_logged: int = 0
    days_needed: int = 0
    change_points: float | None = None  # positive is better
    change_percent: float | None = None
    missing: str = ""  # what is missing, when the verdict is "not enough data"

    @property
    def label(self):
        return LABELS[self.measure]

    @property
    def tone(self):
        return {MEANINGFUL: "meaningful", SOME: "some", NO_CHANGE: "none", WORSE: "worse"}.get(
            self.verdict, "unknown"
        )

    @property
    def substantial(self):
        return self.change_percent is not None and self.change_percent >= SUBSTANTIAL_PERCENT

    def words(self):
        if self.verdict == NOT_ENOUGH:
            return self.missing
        if self.measure == "flare_ups":
            return (
                f"{self.value:.1f} flare-up days per 30 logged days, against {self.baseline:.1f} "
                f"in your first {EARLY_DAYS} days"
            )
        direction = "better" if self.change_points >= 0 else "worse"
        percent = f" ({abs(self.change_percent):.0f}%)" if self.change_percent is not None else ""
        return (
            f"{self.label.capitalize()} averaged {self.value:.1f}, against {self.baseline:.1f} "
            f"at the start: {abs(self.change_points):.1f} points {direction}{percent}"
        )


@dataclass
class PhaseResult:
    phase: object
    status: str  # done, current or upcoming
    results: list = field(default_factory=list)


@dataclass
class Comparison:
    day: int | None
    start: datetime.date | None
    current_phase: object = None
    phases: list = field(default_factory=list)
    days_before_start: int = 0
    past_last_phase: bool = False

    @property
    def has_data(self):
        return any(r.verdict != NOT_ENOUGH for p in self.phases for r in p.results)


def verdict_for(change_points, change_percent):
    percent = change_percent if change_percent is not None else 0.0
    if change_points >= MCID_POINTS or percent >= MCID_PERCENT:
        return MEANINGFUL
    if change_points > NOISE_POINTS:
        return SOME
    if change_points < -NOISE_POINTS:
        return WORSE
    return NO_CHANGE


def mean(values):
    # statistics.mean works in exact fractions and costs a dozen times more. The scores are
    # integers: their sum is exact and true division rounds it correctly, so the result is
    # the same.
    return sum(values) / len(values)


def to_points(entries, start):
    """Logged days from `start` on (as Points), and how many entries came before it."""
    points, before = [], 0
    for entry in sorted(entries, key=lambda e: e["date"]):
        day = (entry["date"] - start).days + 1
        if day < 1:
            before += 1
            continue
        # The entry serves as the scores as it is: copying each one without its date
        # cost more than the rest of the comparison.
        points.append(Point(day, entry["date"], entry))
    return points, before


def values_of(points, measure):
    return [p.scores[measure] for p in points if p.scores.get(measure) is not None]


def baseline_of(points, measure):
    early = values_of([p for p in points if p.day <= BASELINE_WINDOW], measure)[:BASELINE_DAYS]
    return (mean(early) if len(early) == BASELINE_DAYS else None), len(early)


def score_result(measure, phase_points, points):
    base, base_days = baseline_of(points, measure)
    values = values_of(phase_points, measure)
    if base is None:
        return MeasureResult(
            measure,
            NOT_ENOUGH,
            days_logged=len(values),
            days_needed=BASELINE_DAYS - base_days,
            missing=(
                f"No starting point for {LABELS[measure]}: it needs {BASELINE_DAYS} logged days "
                f"in the first week of recovery, and there {_are(base_days)}."
            ),
        )
    if len(values) < MIN_PHASE_DAYS:
        needed = MIN_PHASE_DAYS - len(values)
        return MeasureResult(
            measure,
            NOT_ENOUGH,
            baseline=base,
            days_logged=len(values),
            days_needed=needed,
            missing=f"{LABELS[measure].capitalize()}: {needed} more logged "
            f"day{'s' if needed != 1 else ''} needed in this phase.",
        )
    value = mean(values)
    change = value - base if measure in HIGHER_IS_BETTER else base - value
    percent = change / base * 100 if base else None
    return MeasureResult(
        measure,
        verdict_for(change, percent),
        baseline=base,
        value=value,
        days_logged=len(values),
        change_points=change,
        change_percent=percent,
    )


def flare_flags(points):
    """For each point with enough history before it: is it a flare-up day?"""
    flags, history = {}, []
    for point in points:
        pain = point.pain()
        if pain is None:
            continue
        recent = history[-FLARE_WINDOW:]
        if len(recent) >= FLARE_MIN_HISTORY:
            flags[point.date] = pain >= mean(recent) + MCID_POINTS
        history.append(pain)
    return flags


def flare_result(phase_points, points):
    flags = flare_flags(points)
    now = [flags[p.date] for p in phase_points if p.date in flags]
    early = [flags[p.date] for p in points if p.day <= EARLY_DAYS and p.date in flags]
    if len(now) < MIN_FLARE_DAYS or len(early) < MIN_FLARE_DAYS:
        needed = max(MIN_FLARE_DAYS - len(now), MIN_FLARE_DAYS - len(early), 1)
        return MeasureResult(
            "flare_ups",
            NOT_ENOUGH,
            days_logged=len(now),
            days_needed=needed,
            missing=f"Flare-ups: {needed} more logged days with pain scores needed.",
        )
    rate_now = sum(now) / len(now) * 30
    rate_early = sum(early) / len(early) * 30
    change = rate_early - rate_now  # fewer flare-ups is better
    percent = change / rate_early * 100 if rate_early else None
    if abs(change) < 1:
        verdict = NO_CHANGE
    elif change > 0:
        verdict = MEANINGFUL if percent is not None and percent >= MCID_PERCENT else SOME
    else:
        verdict = WORSE
    return MeasureResult(
        "flare_ups",
        verdict,
        baseline=rate_early,
        value=rate_now,
        days_logged=len(now),
        change_points=change,
        change_percent=percent,
    )


def phase_status(phase, day):
    if day < phase.first_day:
        return "upcoming"
    if phase.last_day is not None and day > phase.last_day:
        return "done"
    return "current"


def compare(entries, start, today, phases):
    """Compare logged entries (dicts with a date and scores) with the timeline's phases."""
    day = recovery_day(start, today)
    if day is None:
        return Comparison(day=None, start=start)
    points, before = to_points(entries, start)
    points = [p for p in points if p.day <= day]
    comparison = Comparison(day=day, start=start, days_before_start=before)
    for phase in phases:
        status = phase_status(phase, day)
        result = PhaseResult(phase, status)
        if status != "upcoming":
            in_phase = [p for p in points if phase.contains(p.day)]
            for measure in MEASURES_OF_PHASE.get(phase.measure, []):
                if measure == "flare_ups":
                    result.results.append(flare_result(in_phase, points))
                else:
                    result.results.append(score_result(measure, in_phase, points))
        if status == "current":
            comparison.current_phase = phase
        comparison.phases.append(result)
    comparison.past_last_phase = (
        bool(phases)
        and comparison.current_phase is None
        and all(p.status == "done" for p in comparison.phases)
    )
    return comparison


@dataclass(frozen=True)
class WeekChange:
    measure: str
    this_week: float
    last_week: float

    @property
    def label(self):
        return LABELS[self.measure]

    @property
    def better(self):
        change = self.this_week - self.last_week
        return change > 0 if self.measure in HIGHER_IS_BETTER else change < 0

    @property
    def change(self):
        return self.this_week - self.last_week


def week_over_week(
    entries,
    today,
    measures=("leg_pain", "back_pain", "muscle_tightness", "nerve_symptoms", "mobility"),
):
    """The latest 7 days against the 7 before, for measures logged on 2+ days in each."""
    this_start = today - datetime.timedelta(days=6)
    last_start = this_start - datetime.timedelta(days=7)
    this_week = [e for e in entries if this_start <= e["date"] <= today]
    last_week = [e for e in entries if last_start <= e["date"] < this_start]
    changes = []
    for measure in measures:
        now = [e[measure] for e in this_week if e.get(measure) is not None]
        before = [e[measure] for e in last_week if e.get(measure) is not None]
        if len(now) >= 2 and len(before) >= 2:
            changes.append(WeekChange(measure, mean(now), mean(before)))
    return changes


def _are(count):
    return f"is {count}" if count == 1 else f"are {count}"
