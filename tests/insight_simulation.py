"""Simulated patients for the insights page: courses whose truth is known, fed through the
app's own analysis (recovery/insights: the factors merged, compared within week and weekday,
corrected for the number of comparisons, sizes pulled toward zero), and how often what it
says is right.

Every patient has realistic noise: their own day-to-day spread (1 to 2 points, uniformly) and
carry-over from one day to the next (AR(1), rho 0.2 to 0.6), shared in part between the four
pain scores (a bad day is bad all round), their own starting levels, and a recovery of 0 to
40 % over the days; scores are whole numbers from 0 to 10, and 5 % of days go unlogged.
Every patient logs the same handful of factors, which do nothing unless the course says so:
stretching (half the days), breathing practice, a magnesium supplement always taken as one
form (logged as both: the analysis must merge them), caffeine, processed food, a habit that
comes in streaks, walking that grows as the weeks go by, prolonged sitting, a painkiller,
hours sitting and sleep quality. The courses:

- null: nothing has any effect;
- planted: stretching lowers the next day's leg pain by a true 0.5 to 1 point;
- weekday: pain is 1 point lower at weekends for another reason, and stretching is done on
  75 % of weekend days and 15 % of weekdays; it does nothing;
- reverse: prolonged sitting is ticked, the painkiller taken, more hours sat and sleep worse
  on bad days (today's pain above the patient's course), none of which changes pain.

Run as `python -m tests.insight_simulation` (with DJANGO_SETTINGS_MODULE set) to print the
rates with their 95 % intervals.
"""

import datetime
import math
import statistics
from dataclasses import dataclass, field

import django
import numpy as np

if __name__ == "__main__":  # run as a script: the app's models need Django set up first
    django.setup()

from recovery.insights.findings import analyse
from recovery.insights.series import DayTable, Factor, split_at_median
from tests.progress_simulation import Rate, noise

START = datetime.date(2026, 1, 5)  # a Monday
DAYS = 90
COURSES = ("null", "planted", "weekday", "reverse")
STRETCH = "stretching"
SITTING = "prolonged sitting"
PAINKILLER = "ibuprofen"
ONLY_FORM = "magnesium as Magnesium glycinate"
RANDOM = {  # name: (kind, share of days)
    "breathing practice": ("exercise", 0.4),
    "caffeine": ("habit", 0.5),
    "processed food": ("habit", 0.3),
}
STREAKS = "poor posture"
RISING = "walking"
# What can follow pain rather than lead to it, listed here rather than taken from the app,
# so that a kind the app forgot to warn about fails the count.
CAN_FOLLOW_PAIN = {"medicine", "habit", "sitting", "sleep"}
COVERED = "found: the shown range holds the truth"


@dataclass
class Patient:
    table: DayTable
    effect: float = 0.0  # the planted next-day effect of stretching on leg pain (negative)


def logistic(values):
    return 1 / (1 + np.exp(-values))


def simulate(course, rng, days=DAYS, effect=(0.5, 1.0)):
    spread = rng.uniform(1.0, 2.0)
    carry = rng.uniform(0.2, 0.6)
    t = np.arange(days)
    dates = [START + datetime.timedelta(days=int(i)) for i in t]
    weekend = np.array([d.weekday() >= 5 for d in dates], dtype=float)
    recovery = 1 - rng.uniform(0, 0.4) * t / (days - 1)
    starts = {
        "leg_pain": rng.uniform(5, 7.5),
        "back_pain": rng.uniform(4, 7),
        "muscle_tightness": rng.uniform(4, 7),
        "nerve_symptoms": rng.uniform(3.5, 6.5),
    }
    shared = noise(rng, days, spread, carry)
    if course == "weekday":
        stretch = rng.random(days) < np.where(weekend, 0.75, 0.15)
    else:
        stretch = rng.random(days) < 0.5
    stretch = stretch.astype(float)
    effect = -rng.uniform(*effect) if course == "planted" else 0.0
    yesterday = np.concatenate([[0.0], stretch[:-1]])
    levels, scores = {}, {}
    for measure, start in starts.items():
        level = start * recovery
        if course == "weekday":
            level = level - weekend
        levels[measure] = level
        values = level + math.sqrt(0.5) * shared + math.sqrt(0.5) * noise(rng, days, spread, carry)
        if measure == "leg_pain":
            values = values + effect * yesterday
        scores[measure] = np.clip(np.rint(values), 0, 10)
    # How bad today is against the patient's own course, in their own spreads.
    bad = (scores["leg_pain"] - levels["leg_pain"]) / spread
    if course == "reverse":
        sitting = rng.random(days) < logistic(2 * bad - 0.5)
        painkiller = rng.random(days) < logistic(2 * bad - 1)
        hours = np.clip(np.rint(5 + 1.5 * bad + rng.normal(0, 1, days)), 0, 16)
        sleep = np.clip(np.rint(6 - 1.0 * bad + rng.normal(0, 1, days)), 0, 10)
    else:
        sitting = rng.random(days) < 0.35
        painkiller = rng.random(days) < 0.3
        hours = np.clip(np.rint(5 + rng.normal(0, 1.5, days)), 0, 16)
        sleep = np.clip(np.rint(6 + rng.normal(0, 1.4, days)), 0, 10)
    streaks = np.zeros(days)
    for i in range(1, days):
        streaks[i] = streaks[i - 1] if rng.random() < 0.85 else 1 - streaks[i - 1]
    magnesium = (rng.random(days) < 0.6).astype(float)
    factors = [
        Factor("a magnesium supplement", magnesium, "magnesium"),
        Factor(ONLY_FORM, magnesium.copy(), "magnesium", aside="as Magnesium glycinate"),
        Factor(STRETCH, stretch, "exercise"),
        *(
            Factor(name, (rng.random(days) < share).astype(float), kind)
            for name, (kind, share) in RANDOM.items()
        ),
        Factor(STREAKS, streaks, "habit"),
        Factor(RISING, (rng.random(days) < 0.15 + 0.7 * t / days).astype(float), "exercise"),
        Factor(SITTING, sitting.astype(float), "habit"),
        Factor(PAINKILLER, painkiller.astype(float), "medicine"),
    ]
    kept = rng.random(days) < 0.95
    factors = [Factor(f.label, f.values[kept], f.kind, aside=f.aside) for f in factors]
    # Split at the patient's own median by the app's own rule, over the logged days.
    factors += split_at_median(hours[kept], " h", "sitting")
    factors += split_at_median(sleep[kept], "/10", "sleep")
    table = DayTable(
        [d for d, k in zip(dates, kept, strict=True) if k],
        {name: values[kept] for name, values in scores.items()},
        factors,
    )
    return Patient(table, effect)


@dataclass
class Course:
    """What the page said to each simulated patient of one course."""

    course: str
    patients: int = 0
    any_finding: int = 0
    planted_found: int = 0
    shown: list = field(default_factory=list)  # (shown, raw, truth), points, when found
    covered: int = 0  # found, and the shown range held the truth
    stretching_helpful: int = 0
    followers_found: int = 0  # patients with a finding on a factor ticked on bad days
    followers_findings: int = 0  # findings on factors that can follow pain
    followers_warned: int = 0
    twins: int = 0  # patients shown the same comparison twice under two names
    detectable: list = field(default_factory=list)  # the page's "would reliably show", points
    found: list = field(default_factory=list)  # per patient: was the planted effect found

    def add(self, patient):
        insights = analyse(patient.table)
        standing = insights.standing
        self.patients += 1
        self.any_finding += bool(standing)
        self.detectable.append(insights.detectable)
        names = {f.factor for f in insights.findings}
        self.twins += ONLY_FORM in names
        planted = [
            f
            for f in standing
            if f.factor == STRETCH
            and f.outcome == "leg_pain"
            and f.lag == 1
            and f.direction == "lower"
        ]
        self.found.append(bool(planted))
        if planted and patient.effect:
            e = planted[0].estimate
            self.planted_found += 1
            self.shown.append((-e.shrunk, -e.difference, -patient.effect))
            low, high = e.shrunk_interval
            self.covered += low <= patient.effect <= high
        self.stretching_helpful += any(
            f.factor == STRETCH and f.direction == "lower" for f in standing
        )
        self.followers_found += any(
            f.factor in (SITTING, PAINKILLER) or f.factor.startswith(("sitting", "better sleep"))
            for f in standing
        )
        followers = [f for f in standing if CAN_FOLLOW_PAIN & set(f.kinds)]
        self.followers_findings += len(followers)
        self.followers_warned += sum(
            "bad days" in f.reverse_causation or "which comes first" in f.reverse_causation
            for f in followers
        )

    def rates(self):
        n = self.patients
        said = {
            "any finding": Rate(self.any_finding, n),
            "the only form shown apart from magnesium": Rate(self.twins, n),
        }
        if self.course == "planted":
            found = self.planted_found
            said["planted effect found"] = Rate(found, n)
            said[COVERED] = Rate(self.covered, found)
        if self.course == "weekday":
            said["stretching called helpful"] = Rate(self.stretching_helpful, n)
        if self.course == "reverse":
            said["a factor ticked on bad days found"] = Rate(self.followers_found, n)
        said["findings on what can follow pain, warned"] = Rate(
            self.followers_warned, self.followers_findings
        )
        return said

    def found_where_detectable(self, effect):
        """Of the patients whose page said that a difference of `effect` points or less
        would reliably show, how many had their planted effect of that size found."""
        told = [
            found
            for found, size in zip(self.found, self.detectable, strict=True)
            if size is not None and size <= effect
        ]
        return Rate(sum(told), len(told))

    def sizes(self):
        """Medians, in points, of the size shown, the raw difference and the truth, over
        the patients whose planted effect was found."""
        if not self.shown:
            return None
        shown, raw, truth = zip(*self.shown, strict=True)
        return {
            "shown": statistics.median(shown),
            "raw": statistics.median(raw),
            "truth": statistics.median(truth),
        }


def run(course, patients=200, seed=2026, days=DAYS, **options):
    rng = np.random.default_rng([seed, COURSES.index(course)])
    said = Course(course)
    for _ in range(patients):
        said.add(simulate(course, rng, days, **options))
    return said


if __name__ == "__main__":
    for course, patients in (("null", 1000), ("planted", 400), ("weekday", 400), ("reverse", 400)):
        said = run(course, patients)
        print(f"{course} ({patients} patients, {DAYS} days)")
        for name, rate in said.rates().items():
            print(f"  {name}: {rate}")
        if course == "planted":
            sizes = {name: round(value, 2) for name, value in said.sizes().items()}
            print(f"  medians when found, points: {sizes}")
        sizes = [d for d in said.detectable if d is not None]
        print(f"  'would reliably show' size, median: {statistics.median(sizes):.2f} points")
    said = run("planted", 400, effect=(2.0, 2.0))
    print("planted, a true 2 points (400 patients)")
    print(f"  found: {said.rates()['planted effect found']}")
    print(f"  found, of those told 2 points would show: {said.found_where_detectable(2.0)}")
    print(f"  found: the shown range holds the truth: {said.rates()[COVERED]}")
    sizes = {name: round(value, 2) for name, value in said.sizes().items()}
    print(f"  medians when found, points: {sizes}")
