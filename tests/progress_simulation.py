"""Simulated patients for the progress page's words: courses that are known, fed through the
app's own comparison (recovery/progress/comparison.py), and how often what it says is right.

Each patient has their own day-to-day spread (1 to 2 points, uniformly) and carry-over from
one day to the next (AR(1), rho 0.2 to 0.6), shared in part between the six scores (a bad day
is bad all round), and their own starting levels. Scores are whole numbers from 0 to 10.
Courses over 90 days (the timeline's first three phases):
- flat: nothing changes;
- weekday: flat, but pain is 1 point lower at weekends (the same noise otherwise);
- improving: every symptom falls steadily by `improvement` of its start by day 90, mobility
  and sleep rise as much;
- relapse: pain halves by day 35 and is back at its start from day 42;
- unlogged: improving, but a day whose leg pain is a point or more above the course is left
  unlogged 70 % of the time (patients skip their worst days), and any day 10 % of the time.

Run as `python -m tests.progress_simulation` to print the rates over 400 patients per course.
"""

import datetime
import math
import os
from dataclasses import dataclass

import django
import numpy as np

if __name__ == "__main__":  # run on its own rather than under pytest
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()

from recovery.models import TimelinePhase  # noqa: E402 (needs the app registry)
from recovery.progress import comparison, flareups, relapse  # noqa: E402

START = datetime.date(2026, 1, 5)  # a Monday
DAYS = 90
SYMPTOMS = ("leg_pain", "back_pain", "muscle_tightness", "nerve_symptoms")
FUNCTION = ("mobility", "sleep_quality")
PHASES = [
    TimelinePhase(name="Weeks 1–2", first_day=1, last_day=14, measure="muscle_tightness"),
    TimelinePhase(name="Weeks 3–4", first_day=15, last_day=28, measure="nerve_symptoms"),
    TimelinePhase(name="Months 2–3", first_day=29, last_day=90, measure="mobility_and_pain"),
    TimelinePhase(name="Long-term", first_day=91, last_day=None, measure="flare_ups"),
]
IMPROVED = {comparison.MEANINGFUL, comparison.SOME, comparison.BETTER}
WORSENED = {comparison.WORSE, comparison.CLEARLY_WORSE}


@dataclass
class Patient:
    course: str
    entries: list
    means: dict  # the course's level per measure and day, without noise
    spread: float  # the day-to-day spread of a single score


def noise(rng, days, spread, carry):
    """AR(1) noise with the given marginal spread."""
    shocks = rng.normal(0, spread * math.sqrt(1 - carry**2), days)
    values = np.empty(days)
    values[0] = rng.normal(0, spread)
    for day in range(1, days):
        values[day] = carry * values[day - 1] + shocks[day]
    return values


def course_level(course, start, day, improvement):
    """A symptom's level on `day` (1-based); for mobility and sleep, see simulate()."""
    if course == "improving" or course == "unlogged":
        return start * (1 - improvement * (day - 1) / (DAYS - 1))
    if course == "relapse":
        if day <= 35:
            return start * (1 - 0.5 * (day - 1) / 34)
        if day < 42:
            return start * (0.5 + 0.5 * (day - 35) / 7)
        return start
    return start


def simulate(course, rng, improvement=0.3):
    spread = rng.uniform(1.0, 2.0)
    carry = rng.uniform(0.2, 0.6)
    shared = noise(rng, DAYS, spread, carry)
    starts = {
        "leg_pain": rng.uniform(5, 7.5),
        "back_pain": rng.uniform(4, 7),
        "muscle_tightness": rng.uniform(4, 7),
        "nerve_symptoms": rng.uniform(3.5, 6.5),
        "mobility": rng.uniform(3, 5.5),
        "sleep_quality": rng.uniform(3.5, 6),
    }
    dates = [START + datetime.timedelta(days=i) for i in range(DAYS)]
    means, scores = {}, {}
    for measure, start in starts.items():
        # The share of its start a symptom has lost by each day; function gains as much.
        lost = np.array([1 - course_level(course, 1.0, d, improvement) for d in range(1, DAYS + 1)])
        level = start * (1 + lost) if measure in FUNCTION else start * (1 - lost)
        if course == "weekday" and measure in ("leg_pain", "back_pain"):
            level = level - np.array([1.0 if d.weekday() >= 5 else 0.0 for d in dates])
        own = noise(rng, DAYS, spread, carry)
        # A bad day is bad all round: symptoms up, mobility and sleep down.
        sign = -1 if measure in FUNCTION else 1
        values = level + sign * math.sqrt(0.5) * shared + math.sqrt(0.5) * own
        means[measure] = level
        scores[measure] = np.clip(np.rint(values), 0, 10).astype(int)
    entries = []
    for i, date in enumerate(dates):
        if course == "unlogged":
            bad = scores["leg_pain"][i] >= means["leg_pain"][i] + 1
            if (bad and rng.random() < 0.7) or rng.random() < 0.1:
                continue
        entries.append({"date": date, **{m: int(scores[m][i]) for m in starts}})
    return Patient(course, entries, means, spread)


def verdicts(patient):
    """Every verdict the dashboard shows on day 90, the phases' and this week's, and whether
    any of them says that days were left out."""
    today = START + datetime.timedelta(days=DAYS - 1)
    found = comparison.compare(patient.entries, START, today, PHASES)
    results = [r for p in found.phases for r in p.results if r.measure != "flare_ups"]
    phase = {(p.phase.name, r.measure): r.verdict for p in found.phases for r in p.results}
    phase = {key: verdict for key, verdict in phase.items() if key[1] != "flare_ups"}
    week = comparison.week_over_week(patient.entries, today)
    weekly = {w.measure: w.change.verdict for w in week}
    unlogged = any(r.sparse for r in results) or any(w.unlogged for w in week)
    return phase, weekly, unlogged


def wilson(hits, total, z=1.96):
    """A 95 % interval for a rate (Wilson's score interval)."""
    if not total:
        return 0.0, 1.0
    rate = hits / total
    centre = (rate + z * z / (2 * total)) / (1 + z * z / total)
    half = z * math.sqrt(rate * (1 - rate) / total + z * z / (4 * total * total))
    return max(0.0, centre - half / (1 + z * z / total)), min(
        1.0, centre + half / (1 + z * z / total)
    )


@dataclass
class Rate:
    hits: int
    total: int

    @property
    def rate(self):
        return self.hits / self.total

    @property
    def interval(self):
        return wilson(self.hits, self.total)

    def __str__(self):
        low, high = self.interval
        return f"{self.rate:.1%} ({low:.1%}–{high:.1%}, {self.hits}/{self.total})"


@dataclass
class Said:
    """What the dashboard says to one simulated patient on day 90."""

    phase: dict
    weekly: dict
    unlogged: bool  # a verdict says days were left out
    setback: bool
    flare_up: bool  # any day of the 90 called a flare-up

    @classmethod
    def to(cls, patient):
        phase, weekly, unlogged = verdicts(patient)
        today = START + datetime.timedelta(days=DAYS - 1)
        pain = [(e["date"], max(e["leg_pain"], e["back_pain"])) for e in patient.entries]
        return cls(
            phase,
            weekly,
            unlogged,
            bool(relapse.find(patient.entries, START, today)),
            any(flareups.flags(pain).values()),
        )

    @property
    def all(self):
        return set(self.phase.values()) | set(self.weekly.values())

    @property
    def any_change(self):
        return bool(self.all - {comparison.SAME, comparison.NOT_ENOUGH})

    @property
    def any_worse(self):
        return bool(self.all & WORSENED)

    @property
    def contradicts_improvement(self):
        """Anything said that an improving course makes false: a worse verdict or a setback."""
        return self.any_worse or self.setback

    @property
    def pain_improvement_named(self):
        return self.phase.get(("Months 2–3", "leg_pain")) in IMPROVED


def rates(course, count=400, seed=2026, **options):
    rng = np.random.default_rng(seed)
    patients = [simulate(course, rng, **options) for _ in range(count)]
    said = [Said.to(patient) for patient in patients]
    calmer = [s for s, patient in zip(said, patients, strict=True) if patient.spread <= 1.5]
    return {
        "any verdict but 'no clear change'": Rate(sum(s.any_change for s in said), count),
        "that, or a setback": Rate(sum(s.any_change or s.setback for s in said), count),
        "any worse": Rate(sum(s.any_worse for s in said), count),
        "a worse verdict or a setback": Rate(sum(s.contradicts_improvement for s in said), count),
        "days left out named": Rate(sum(s.unlogged for s in said), count),
        "months 2–3 leg pain improved": Rate(sum(s.pain_improvement_named for s in said), count),
        "setback said": Rate(sum(s.setback for s in said), count),
        "setback said, spread 1.5 or less": Rate(sum(s.setback for s in calmer), len(calmer)),
        "any flare-up": Rate(sum(s.flare_up for s in said), count),
    }


if __name__ == "__main__":
    for course, options in (
        ("flat", {}),
        ("weekday", {}),
        ("improving", {"improvement": 0.3}),
        ("improving", {"improvement": 0.5}),
        ("unlogged", {"improvement": 0.3}),
        ("relapse", {}),
    ):
        print(course, options)
        for name, rate in rates(course, **options).items():
            print(f"  {name}: {rate}")
