"""How a patient's own logs compare with the relief timeline. A comparison, never a diagnosis.

The rules (shared/DESIGN.md; thresholds from shared/REFERENCE.md):

- Day N counts from the start date, which is day 1. Entries before it are left out.
- The baseline of a measure is the mean of its logged days in the first two weeks of
  recovery (days 1–14), or the first week alone (days 1–7) for weeks 1–2, which is compared
  with its own second week; at least BASELINE_DAYS of them. Whole weeks, so that every
  weekday is in it (a patient who sits at a desk on weekdays hurts differently at weekends);
  two of them where the phase allows, because the baseline's own uncertainty is most of a
  comparison's: a later phase has weeks of days, the baseline only these.
- Each phase speaks about its own measures: weeks 1-2 muscle tightness, weeks 3-4 nerve
  symptoms, months 2-3 mobility and leg and back pain, long-term flare-ups.
- A phase's value is the mean over its logged days, leaving out the baseline days: a phase
  is never compared with itself, so weeks 1-2 use days 8-14. It needs MIN_PHASE_DAYS of
  them. Every figure names the days it covers.
- The change and its verdict come from recovery/progress/change.py, the one vocabulary for
  change, judged against the patient's own day-to-day noise in that measure over the phases
  with scores so far (recovery/progress/noise.py): within it, it is "no clear change".
- Flare-ups (recovery/progress/flareups.py): the long-term phase compares its rate with the phase
  before it (months 2-3), and says "worse" only when the difference is more than chance.
"""

import datetime
from dataclasses import dataclass, field

from ..timeline import recovery_day
from . import change as vocabulary
from . import flareups
from . import noise as noise_model
from .change import (
    BETTER,
    CLEARLY_WORSE,
    MEANINGFUL,
    NOT_ENOUGH,
    SAME,
    SOME,
    WORSE,
)

BASELINE_DAYS = 4
FIRST_WEEK = 7
BASELINE_WINDOW = 14
MIN_PHASE_DAYS = 4
MIN_WEEK_DAYS = 3
NOISE_WEEKS = 13
# A verdict names the days left out once more than one in five is: a patient who skips the
# 30 % of days that are their worst reads 1.5 times as often "improved" as one who logs them all
# (tests/progress_simulation.py, course "unlogged").
FEW_LOGGED = 0.8

__all__ = [
    "BETTER",
    "CLEARLY_WORSE",
    "MEANINGFUL",
    "NOT_ENOUGH",
    "SAME",
    "SOME",
    "WORSE",
    "compare",
    "week_over_week",
]

LABELS = {
    "leg_pain": "leg pain",
    "back_pain": "back pain",
    "muscle_tightness": "muscle tightness",
    "nerve_symptoms": "nerve symptoms",
    "mobility": "mobility",
    "sleep_quality": "sleep",
    "flare_ups": "flare-ups",
}
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
    change: vocabulary.Change | None = None
    period: str = ""  # the days the value covers, in words
    baseline_period: str = ""
    days_logged: int = 0
    days_needed: int = 0
    missing: str = ""  # what is missing, when the verdict is "not enough data"
    rates: flareups.Rates | None = None
    reference_name: str = ""
    days_in_period: int = 0  # the calendar days the period covers so far

    @property
    def sparse(self):
        """Fewer than FEW_LOGGED of the period's days logged: patients skip their worst days,
        so a sparse log may read better than the days were."""
        return bool(self.days_in_period) and self.days_logged < FEW_LOGGED * self.days_in_period

    @property
    def label(self):
        return LABELS[self.measure]

    @property
    def tone(self):
        return vocabulary.TONES.get(self.verdict, "unknown")

    @property
    def substantial(self):
        return self.change is not None and self.change.substantial

    def words(self):
        if self.verdict == NOT_ENOUGH:
            return self.missing.rstrip(".")  # pages end every figure's sentence themselves
        if self.rates is not None:
            return self._flare_words()
        words = (
            f"{self.label.capitalize()} averaged {self.change.after:.1f} over {self.period}, "
            f"against {self.change.before:.1f} over {self.baseline_period}: "
            f"{self.change.words()}"
        )
        if self.sparse:
            words += ". " + unlogged_words(
                self.days_in_period - self.days_logged, self.days_in_period
            )
        return words

    def _flare_words(self):
        rates = self.rates
        finding = {
            CLEARLY_WORSE: "more often than chance would explain",
            BETTER: "less often, by more than chance would explain",
            SAME: "no clearer difference than chance would give",
        }[self.verdict]
        return (
            f"{_count(rates.later_episodes, 'flare-up')} in {rates.later_days} logged days "
            f"of {self.period} ({rates.later_rate:.1f} per 30 days), against "
            f"{rates.earlier_episodes} in {rates.earlier_days} logged days of "
            f"{self.reference_name} ({rates.earlier_rate:.1f} per 30 days): {finding}"
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

    @property
    def current(self):
        return next((p for p in self.phases if p.status == "current"), None)

    @property
    def done(self):
        return [p for p in self.phases if p.status == "done"]

    @property
    def shows_flare_ups(self):
        return any(r.measure == "flare_ups" for p in self.phases for r in p.results)


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


def baseline_window(phase):
    """The days the baseline of `phase` covers: two weeks, or one for a phase within them."""
    return FIRST_WEEK if phase.first_day <= BASELINE_WINDOW else BASELINE_WINDOW


def baseline_points(points, measure, window=BASELINE_WINDOW):
    """The logged days whose values make the baseline (none when there are too few)."""
    early = [p for p in points if p.day <= window and p.scores.get(measure) is not None]
    return early if len(early) >= BASELINE_DAYS else [], len(early)


def days_span(points, counted=True):
    first, last = points[0].day, points[-1].day
    span = f"day {first}" if first == last else f"days {first}–{last}"
    return f"{span} ({_count(len(points), 'logged day')})" if counted else span


def score_result(measure, phase, phase_points, points, noise, day=None):
    window = baseline_window(phase)
    base_points, base_days = baseline_points(points, measure, window)
    weeks = "first week" if window == FIRST_WEEK else "first two weeks"
    if not base_points:
        return MeasureResult(
            measure,
            NOT_ENOUGH,
            days_needed=BASELINE_DAYS - base_days,
            missing=(
                f"No starting point for {LABELS[measure]}: it needs {BASELINE_DAYS} logged days "
                f"in the {weeks} of recovery (days 1–{window}), and there {_are(base_days)}."
            ),
        )
    used = {p.date for p in base_points}
    in_phase = [p for p in phase_points if p.date not in used and p.scores.get(measure) is not None]
    if len(in_phase) < MIN_PHASE_DAYS:
        needed = MIN_PHASE_DAYS - len(in_phase)
        after_baseline = f" after your {weeks}" if used & _dates(phase_points) else ""
        return MeasureResult(
            measure,
            NOT_ENOUGH,
            days_logged=len(in_phase),
            days_needed=needed,
            missing=f"{LABELS[measure].capitalize()}: {_count(needed, 'more logged day')} "
            f"needed in this phase{after_baseline}.",
        )
    found = vocabulary.judge(
        measure, values_of(base_points, measure), values_of(in_phase, measure), noise
    )
    return MeasureResult(
        measure,
        found.verdict,
        change=found,
        period=days_span(in_phase),
        baseline_period=(
            f"your {weeks} ({days_span(base_points, counted=False)}, "
            f"{_count(len(base_points), 'logged day')})"
        ),
        days_logged=len(in_phase),
        # Today counts as missing only once it is logged elsewhere: it may not be over yet.
        days_in_period=calendar_days(
            phase, window, day if any(p.day == day for p in in_phase) or not day else day - 1
        ),
    )


def flare_result(phase, phase_points, reference, reference_points, points):
    flagged = flareups.flags((p.date, p.pain()) for p in points)
    later = [flagged[p.date] for p in phase_points if p.date in flagged]
    earlier = [flagged[p.date] for p in reference_points if p.date in flagged]
    if len(later) < flareups.MIN_DAYS or len(earlier) < flareups.MIN_DAYS:
        needed = max(flareups.MIN_DAYS - len(later), flareups.MIN_DAYS - len(earlier), 1)
        also = f" and {reference.name}" if len(earlier) < flareups.MIN_DAYS else ""
        return MeasureResult(
            "flare_ups",
            NOT_ENOUGH,
            days_logged=len(later),
            days_needed=needed,
            missing=f"Flare-ups: {_count(needed, 'more logged day')} with pain scores needed "
            f"in {phase.name}{also}.",
        )
    rates = flareups.compare(earlier, later)
    return MeasureResult(
        "flare_ups",
        rates.verdict,
        period=f"{phase.name} so far" if phase.last_day is None else phase.name,
        days_logged=len(later),
        rates=rates,
        reference_name=reference.name,
    )


def calendar_days(phase, window, day):
    """The days of `phase` after the baseline's, up to recovery day `day` (0 if unknown)."""
    if day is None:
        return 0
    first = max(phase.first_day, window + 1)
    last = day if phase.last_day is None else min(phase.last_day, day)
    return max(last - first + 1, 0)


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
    # The noise of the days the verdicts speak of: the phases with scores (days 1-90 in the
    # catalog as seeded), not years beyond them, which would only cost time.
    ends = [
        p.last_day
        for p in phases
        if p.measure != "flare_ups" and phase_status(p, day) != "upcoming"
    ]
    horizon = None if None in ends else max(ends, default=0)
    noise = {
        measure: noise_model.estimate(
            [
                (p.date, p.scores[measure])
                for p in points
                if p.scores.get(measure) is not None and (horizon is None or p.day <= horizon)
            ],
            start,
        )
        for measures in MEASURES_OF_PHASE.values()
        for measure in measures
        if measure != "flare_ups"
    }
    previous = None
    for phase in phases:
        status = phase_status(phase, day)
        result = PhaseResult(phase, status)
        in_phase = [p for p in points if phase.contains(p.day)]
        if status != "upcoming":
            for measure in MEASURES_OF_PHASE.get(phase.measure, []):
                if measure == "flare_ups" and previous is not None:
                    reference, reference_points = previous
                    result.results.append(
                        flare_result(phase, in_phase, reference, reference_points, points)
                    )
                elif measure != "flare_ups":
                    result.results.append(
                        score_result(measure, phase, in_phase, points, noise[measure], day)
                    )
        previous = (phase, in_phase)
        if status == "current":
            comparison.current_phase = phase
        comparison.phases.append(result)
    comparison.past_last_phase = (
        bool(phases)
        and comparison.current_phase is None
        and all(p.status == "done" for p in comparison.phases)
    )
    return comparison


LEFT_OUT = "the days people leave out are often their worst"


def unlogged_words(missing, days):
    return (
        f"{missing} of its {days} days were not logged; {LEFT_OUT}, so it may read better "
        "than it was"
    )


@dataclass(frozen=True)
class WeekChange:
    measure: str
    change: vocabulary.Change
    this_week: tuple  # (days logged, days so far: 7, or 6 while today is not logged)
    last_week: tuple

    @property
    def label(self):
        return LABELS[self.measure]

    @property
    def unlogged(self):
        """What the verdict may not see: a week with more than one day in five unlogged may
        read better than it was, this week (the change looks better) or the one before (it
        looks worse)."""
        said = []
        for (logged, days), which in ((self.this_week, "the last"), (self.last_week, "the")):
            if logged < FEW_LOGGED * days:
                before = " before" if which == "the" else ""
                said.append(f"{days - logged} of {which} {days} days{before} were not logged")
        if not said:
            return ""
        return f"{' and '.join(said)}; {LEFT_OUT}, so a week with gaps may read better than it was"


def week_over_week(
    entries,
    today,
    measures=("leg_pain", "back_pain", "muscle_tightness", "nerve_symptoms", "mobility"),
):
    """The latest 7 days against the 7 before, for measures logged on MIN_WEEK_DAYS or more
    in each, judged against the noise of the last NOISE_WEEKS weeks of `entries`."""
    this_start = today - datetime.timedelta(days=6)
    last_start = this_start - datetime.timedelta(days=7)
    entries = [e for e in entries if e["date"] <= today]
    # The patient's noise as it is now: the last NOISE_WEEKS weeks.
    recent = [e for e in entries if (today - e["date"]).days < 7 * NOISE_WEEKS]
    this_week = [e for e in entries if this_start <= e["date"]]
    last_week = [e for e in entries if last_start <= e["date"] < this_start]
    changes = []
    for measure in measures:
        now = [e[measure] for e in this_week if e.get(measure) is not None]
        before = [e[measure] for e in last_week if e.get(measure) is not None]
        if len(now) >= MIN_WEEK_DAYS and len(before) >= MIN_WEEK_DAYS:
            noise = vocabulary.noise_of(measure, recent)
            change = vocabulary.judge(measure, before, now, noise)
            # Today may not be over: it counts as missing only once it is logged elsewhere.
            logged_today = any(e["date"] == today and e.get(measure) is not None for e in entries)
            so_far = 7 if logged_today else 6
            changes.append(WeekChange(measure, change, (len(now), so_far), (len(before), 7)))
    return changes


def _dates(points):
    return {p.date for p in points}


def _count(number, noun):
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _are(count):
    return f"is {count}" if count == 1 else f"are {count}"
