"""A setback said plainly: pain that has risen again after improving, or risen above where it
started.

For leg pain and back pain, three means of logged days:
- the start: the first week of recovery (days 1-7), before much can have changed;
- the latest: the LATEST days up to today;
- the lowest: the lowest of the WINDOW-day stretches between the two, after which the latest
  is every day since.
It is a setback when
- pain had improved by a clinically meaningful amount (2 points or 30 % of the start,
  Ostelo et al. 2008, shared/REFERENCE.md) and has risen again since by as much, more than
  the patient's own day-to-day noise would make by chance (recovery/progress/noise.py, at
  RISE_Z: a prompt to have it checked may err a little more often than a verdict may);
- or pain has risen by as much to where it started or above, from a stretch below it by more
  than that noise at the verdicts' Z;
- or pain is now worse than at the start, by more than that noise (at the verdicts' Z).
Each needs MIN_DAYS logged days. The guide says persistent or worsening sciatic pain should be
evaluated by a qualified healthcare provider (seed 000); the page says so beside it, with the
warning signs that need an emergency department now. Measured on simulated patients in
tests/test_progress_simulation.py.
"""

from dataclasses import dataclass

from . import change
from . import noise as noise_model

FIRST_WEEK = 7
WINDOW = 14
LATEST = 21
MIN_DAYS = 4
RISE_Z = 1.64
MEASURES = ("leg_pain", "back_pain")
LABELS = {"leg_pain": "leg pain", "back_pain": "back pain"}


@dataclass(frozen=True)
class Setback:
    measure: str
    start: float
    lowest: float | None  # None when pain rose above the start without having improved
    lowest_period: str
    latest: float
    latest_days: int  # the days `latest` is the mean of, up to today

    @property
    def label(self):
        return LABELS[self.measure]

    def words(self):
        if self.lowest is None:
            return (
                f"Your {self.label} is worse than when you started: {self.latest:.1f} over the "
                f"last {self.latest_days} days, against {self.start:.1f} in your first week."
            )
        return (
            f"Your {self.label} has risen again: {self.latest:.1f} over the last "
            f"{self.latest_days} days, "
            f"after {self.lowest:.1f} at its lowest ({self.lowest_period}); it was "
            f"{self.start:.1f} in your first week."
        )


def meaningful(points, start):
    return points >= change.MCID_POINTS or (start and points / start * 100 >= change.MCID_PERCENT)


def find(entries, start, today):
    """The setbacks in `entries` (dicts with a date and scores), at most one per measure."""
    if start is None:
        return []
    found = []
    for measure in MEASURES:
        logged = [
            (e["date"], e[measure])
            for e in entries
            if e.get(measure) is not None and start <= e["date"] <= today
        ]
        setback = setback_in(measure, logged, start, today)
        if setback:
            found.append(setback)
    return found


def setback_in(measure, logged, start, today):
    days = (today - start).days + 1
    if days < FIRST_WEEK + WINDOW + LATEST:
        return None
    # Running sums per day of recovery (index 0 is before day 1), for every stretch at once.
    sums, counts = [0.0] * (days + 1), [0] * (days + 1)
    for date, value in logged:
        sums[(date - start).days + 1] += value
        counts[(date - start).days + 1] += 1
    for day in range(1, days + 1):
        sums[day] += sums[day - 1]
        counts[day] += counts[day - 1]

    def stretch(last, length):  # (mean, logged days) of `length` days ending on day `last`
        count = counts[last] - counts[last - length]
        return ((sums[last] - sums[last - length]) / count if count else None), count

    base, base_days = stretch(FIRST_WEEK, FIRST_WEEK)
    now, now_days = stretch(days, LATEST)
    if base_days < MIN_DAYS or now_days < MIN_DAYS:
        return None
    noise = noise_model.estimate(logged, start)
    if now - base > noise.margin(base_days, now_days):
        return Setback(measure, round(base, 1), None, "", round(now, 1), LATEST)
    between = [
        (mean, count, last)
        for last in range(FIRST_WEEK + WINDOW, days - LATEST + 1)
        for mean, count in [stretch(last, WINDOW)]
        if count >= MIN_DAYS
    ]
    if not between:
        return None
    low, low_days, last = min(between)
    # Since the lowest stretch ended, not only the last LATEST days: pain that came back weeks
    # ago has that many more days to tell it from noise (measured: 83 % of simulated relapses
    # found with the last 21 days only, 89 % with every day since).
    latest = days - last
    now, now_days = stretch(days, latest)
    rise = now - low
    by_chance = noise.margin(low_days, now_days) * RISE_Z / noise_model.Z
    improved = meaningful(base - low, base) and rise > by_chance
    # A first week of only seven days can itself read low by chance; pain back at or above it
    # after a stretch clearly below today is a setback too, judged at the verdicts' Z since
    # the lowest of many stretches is low partly by chance (found: 85 % of 400 simulated
    # relapses without this, 90 % with it; flat courses told 6.5 % of the time, was 4.2 %).
    returned = now >= base and rise > noise.margin(low_days, now_days)
    if meaningful(rise, base) and (improved or returned):
        period = f"days {last - WINDOW + 1}–{last}"
        return Setback(measure, round(base, 1), round(low, 1), period, round(now, 1), latest)
    return None
