"""The patient's log as one table of logged days: the four pain measures, and every factor
as 0 (not that day) or 1, NaN where the day says nothing about it. Six queries, whatever the
length of the history.

Factors logged on exactly the same days are one factor, not two (`merge_identical`, applied
by the analysis): a patient who only ever took one form of magnesium, always at 200 mg or
more, would otherwise see three identical tables, and the correction for many comparisons
would count one comparison three times."""

import datetime
from dataclasses import dataclass, field, replace

import numpy as np
from django.db.models import F, Sum

from ..models import (
    DailyEntry,
    ExerciseSession,
    FoodLog,
    HabitLog,
    MagnesiumDose,
    MedicineDose,
)
from ..progress.charts import week_of

OUTCOMES = {
    "leg_pain": "leg pain",
    "back_pain": "back pain",
    "nerve_symptoms": "nerve symptoms",
    "muscle_tightness": "muscle tightness",
}
HIGH_MAGNESIUM_MG = 200
MAGNESIUM = "a magnesium supplement"
STRETCHING = "stretching"
LONG_STRETCH_MINUTES = 10


@dataclass
class Factor:
    label: str
    values: np.ndarray  # 1 on days with it, 0 without, NaN where unknown
    kind: str = "habit"  # "medicine", "sleep", "magnesium", "exercise", "sitting", "food"
    # How this factor is named when it falls on the same days as a broader one ("as
    # Magnesium glycinate"); "" for one that stands on its own.
    aside: str = ""
    parent: str = ""  # the label of the broader factor the aside speaks of
    asides: list = field(default_factory=list)  # of factors merged into this one
    together: list = field(default_factory=list)  # other factors on exactly the same days
    extra_kinds: list = field(default_factory=list)

    @property
    def kinds(self):
        return (self.kind, *self.extra_kinds)

    @property
    def name(self):
        """The label, with what was merged into it: "a magnesium supplement (always as
        Magnesium glycinate)", or "caffeine and ibuprofen (always on the same days: they
        cannot be told apart)"."""
        name = " and ".join([self.label, *self.together])
        notes = []
        if self.asides:
            notes.append("always " + " and ".join(self.asides))
        if self.together:
            notes.append("always on the same days: they cannot be told apart")
        return f"{name} ({'; '.join(notes)})" if notes else name


def merge_identical(factors):
    """The factors, any that fall on exactly the same days as an earlier one merged into it
    (and named in its `name`). The factors given are left as they were."""
    kept = []
    for factor in factors:
        # Two things never (or always) logged are not "on the same days": each waits alone.
        varies = bool(np.nansum(factor.values)) and bool(np.nansum(1 - factor.values))
        index = next(
            (
                i
                for i, k in enumerate(kept)
                if varies and np.array_equal(k.values, factor.values, equal_nan=True)
            ),
            None,
        )
        if index is None:
            kept.append(factor)
            continue
        same = kept[index]
        # An aside ("as Glycinate") names only its own broader factor; on the same days as
        # anything else, a factor keeps its full name.
        aside = factor.aside if factor.aside and factor.parent == same.label else ""
        kept[index] = replace(
            same,
            asides=same.asides + [aside] if aside else same.asides,
            together=same.together if aside else same.together + [factor.label],
            extra_kinds=same.extra_kinds + ([factor.kind] if factor.kind not in same.kinds else []),
        )
    return kept


@dataclass
class DayTable:
    dates: list
    outcomes: dict  # name -> array of scores (NaN where not answered)
    factors: list = field(default_factory=list)

    @property
    def weeks(self):
        return np.array([week_of(day).toordinal() for day in self.dates])

    @property
    def weekdays(self):
        return np.array([day.weekday() for day in self.dates])

    def next_day(self):
        """For each day, the index of the following calendar day if it was logged, else -1."""
        where = {day: i for i, day in enumerate(self.dates)}
        one = datetime.timedelta(days=1)
        return np.array([where.get(day + one, -1) for day in self.dates], dtype=int)


def load(user, today, first=None):
    """The table of the patient's logged days up to `today` (from `first`, if given)."""
    mine = {"user": user, "date__lte": today}
    if first is not None:
        mine["date__gte"] = first
    entries = list(
        DailyEntry.objects.filter(**mine)
        .order_by("date")
        .values("date", *OUTCOMES, "sleep_quality", "hours_sitting")
    )
    dates = [e["date"] for e in entries]
    where = {day: i for i, day in enumerate(dates)}
    n = len(dates)

    def column(name):
        return np.array([np.nan if e[name] is None else float(e[name]) for e in entries])

    def per_day(rows, key="total"):
        values = np.zeros(n)
        for row in rows:
            if row["date"] in where:
                values[where[row["date"]]] += float(row[key])
        return values

    def marks(rows, name_key):
        found = {}
        for row in rows:
            if row["date"] in where:
                found.setdefault(row[name_key], np.zeros(n))[where[row["date"]]] = 1
        return found

    doses = list(
        MagnesiumDose.objects.filter(**mine, form__route="oral")
        .values("date", "form__name")
        .annotate(total=Sum("elemental_mg"))
    )
    sessions = list(
        ExerciseSession.objects.filter(**mine)
        .values("date", "exercise__kind")
        .annotate(total=Sum("minutes"))
    )
    food = list(
        FoodLog.objects.filter(**mine)
        .values("date")
        .annotate(total=Sum(F("servings") * F("food__magnesium_mg")))
    )
    habits = list(HabitLog.objects.filter(**mine).values("date", "habit__name"))
    medicines = list(MedicineDose.objects.filter(**mine).values("date", "medicine__name"))

    magnesium = per_day(doses)
    stretching = per_day([s for s in sessions if s["exercise__kind"] != "breathing"])
    breathing = per_day([s for s in sessions if s["exercise__kind"] == "breathing"])
    factors = [
        Factor(MAGNESIUM, (magnesium > 0).astype(float), "magnesium"),
        # The forms before the amount, so that a merged name reads "always as Magnesium
        # glycinate and 200 mg or more".
        *(
            Factor(
                f"magnesium as {name}", values, "magnesium", aside=f"as {name}", parent=MAGNESIUM
            )
            for name, values in sorted(marks(doses, "form__name").items())
        ),
        Factor(
            f"magnesium, {HIGH_MAGNESIUM_MG} mg or more",
            (magnesium >= HIGH_MAGNESIUM_MG).astype(float),
            "magnesium",
            aside=f"{HIGH_MAGNESIUM_MG} mg or more",
            parent=MAGNESIUM,
        ),
        Factor(STRETCHING, (stretching > 0).astype(float), "exercise"),
        Factor(
            f"stretching, {LONG_STRETCH_MINUTES} minutes or more",
            (stretching >= LONG_STRETCH_MINUTES).astype(float),
            "exercise",
            aside=f"{LONG_STRETCH_MINUTES} minutes or more",
            parent=STRETCHING,
        ),
        Factor("breathing practice", (breathing > 0).astype(float), "exercise"),
        *split_at_median(column("hours_sitting"), " h", "sitting"),
        *split_at_median(column("sleep_quality"), "/10", "sleep"),
        *split_at_median(food_per_day(food, where, n), " mg", "food"),
        *(Factor(name.lower(), v) for name, v in sorted(marks(habits, "habit__name").items())),
        *(
            Factor(name, values, "medicine")
            for name, values in sorted(marks(medicines, "medicine__name").items())
        ),
    ]
    return DayTable(dates, {name: column(name) for name in OUTCOMES}, factors)


def food_per_day(rows, where, n):
    """Magnesium from food on each day with food logged; NaN on days with none logged (not
    logging food is not eating none)."""
    values = np.full(n, np.nan)
    for row in rows:
        if row["date"] in where:
            values[where[row["date"]]] = float(row["total"])
    return values


def split_at_median(values, unit, kind):
    """More than the patient's own median, against the rest (days it was logged)."""
    known = values[~np.isnan(values)]
    if not len(known):
        return []
    median = float(np.median(known))
    high = np.where(np.isnan(values), np.nan, (values > median).astype(float))
    shown = f"{median:g}{unit}"
    labels = {
        "sitting": f"sitting more than usual (over {shown})",
        "sleep": f"better sleep than usual (above {shown})",
        "food": f"more magnesium-rich food than usual (over {shown})",
    }
    return [Factor(labels[kind], high, kind)]
