"""The one sentence the dashboard opens with, and the small weekly trend beside it.

The headline is the leg-pain verdict of the current phase (or, between phases and after the
last, of the latest phase with one): the same verdict, judged against the patient's own
noise, that the full list below gives, only put first. Leg pain, because sciatica is pain
that runs down the leg, and the timeline's phases speak of it first.
"""

import datetime
from dataclasses import dataclass

from .charts import week_of
from .comparison import NOT_ENOUGH

MEASURE = "leg_pain"
TREND_WEEKS = 12


@dataclass(frozen=True)
class Headline:
    verdict: str  # "" while no phase has a verdict yet
    tone: str
    words: str  # the figures behind it, or what is still missing
    phase: str  # "Months 2–3 so far"


def headline(comparison):
    """The leg-pain verdict to open with, or what it still waits for; None before day 1."""
    if comparison.day is None:
        return None
    phases = [comparison.current] if comparison.current else []
    phases += list(reversed(comparison.done))
    waiting = None
    for phase in phases:
        result = next((r for r in phase.results if r.measure == MEASURE), None)
        if result is None:
            continue
        name = f"{phase.phase.name}{' so far' if phase.status == 'current' else ''}"
        if result.verdict != NOT_ENOUGH:
            return Headline(result.verdict, result.tone, result.words(), name)
        waiting = waiting or Headline("", "unknown", result.words(), name)
    return waiting


@dataclass(frozen=True)
class Trend:
    """Leg pain's weekly averages over the last weeks, drawn as a small line (0 at the
    bottom, 10 at the top), with the words a screen reader gets instead."""

    weeks: list  # (Monday, average or None)
    width: int = 300
    height: int = 64

    @property
    def points(self):
        known = [(i, v) for i, (_, v) in enumerate(self.weeks) if v is not None]
        step = self.width / max(len(self.weeks) - 1, 1)
        pad = 4
        return [
            (round(i * step, 1), round(pad + (10 - v) / 10 * (self.height - 2 * pad), 1))
            for i, v in known
        ]

    @property
    def path(self):
        return " ".join(f"{'M' if n == 0 else 'L'}{x},{y}" for n, (x, y) in enumerate(self.points))

    @property
    def known(self):
        return [(week, value) for week, value in self.weeks if value is not None]

    @property
    def description(self):
        known = self.known
        first, last = known[0], known[-1]
        return (
            f"Leg pain, weekly average on a 0 to 10 scale: {first[1]:.1f} in the week of "
            f"{first[0].day} {first[0]:%B}, {last[1]:.1f} in the week of {last[0].day} "
            f"{last[0]:%B}; {len(known)} weeks with scores."
        )


def trend(entries, today, weeks=TREND_WEEKS):
    """The last `weeks` calendar weeks' leg-pain averages up to `today` (entries: dicts in
    date order); None with fewer than two weeks that have a score."""
    starts = [week_of(today) - datetime.timedelta(weeks=n) for n in reversed(range(weeks))]
    sums = {start: [] for start in starts}
    for entry in entries:
        value, week = entry.get(MEASURE), week_of(entry["date"])
        if value is not None and week in sums:
            sums[week].append(value)
    averages = [(s, sum(v) / len(v) if v else None) for s, v in sums.items()]
    # Weeks before the first one with a score are not shown as gaps.
    while averages and averages[0][1] is None:
        averages.pop(0)
    if sum(v is not None for _, v in averages) < 2:
        return None
    return Trend(averages)
