"""One day of a patient's log, loaded with a fixed number of queries, and its totals."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction

from . import magnesium
from .models import (
    CoSupplementLog,
    DailyEntry,
    ExerciseSession,
    FoodLog,
    HabitLog,
    MagnesiumDose,
    Profile,
)


@dataclass
class MagnesiumTotals:
    supplements_mg: Decimal = Decimal(0)  # oral only: what counts toward the upper limit
    skin_mg: Decimal = Decimal(0)  # topical and bath, shown but never counted
    food_mg: Decimal = Decimal(0)

    @property
    def together_mg(self):
        return self.supplements_mg + self.food_mg


@dataclass
class Day:
    date: object
    entry: DailyEntry | None
    doses: list = field(default_factory=list)
    sessions: list = field(default_factory=list)
    foods: list = field(default_factory=list)
    habit_ids: set = field(default_factory=set)
    supplements: list = field(default_factory=list)

    @property
    def totals(self):
        totals = MagnesiumTotals()
        for dose in self.doses:
            if dose.form.counts_toward_limit:
                totals.supplements_mg += dose.elemental_mg
            else:
                totals.skin_mg += dose.elemental_mg
        totals.food_mg = magnesium.to_mg(sum((food.magnesium_mg for food in self.foods), 0))
        return totals

    @property
    def exercise_minutes(self):
        return sum(session.minutes for session in self.sessions)


def load_day(user, date):
    def mine(model):
        return model.objects.filter(user=user, date=date)

    return Day(
        date=date,
        entry=mine(DailyEntry).first(),
        doses=list(mine(MagnesiumDose).select_related("form").order_by("time", "pk")),
        sessions=list(mine(ExerciseSession).select_related("exercise")),
        foods=list(mine(FoodLog).select_related("food")),
        habit_ids=set(mine(HabitLog).values_list("habit_id", flat=True)),
        supplements=list(mine(CoSupplementLog).select_related("supplement")),
    )


def ensure_entry(user, date):
    """The day's entry, created empty if need be: logging anything makes the day a logged day.

    Safe when two requests race: the unique constraint lets one insert win and
    get_or_create then reads the winner's row.
    """
    entry, _ = DailyEntry.objects.get_or_create(user=user, date=date)
    return entry


@transaction.atomic
def save_entry(user, date, values):
    """Creates or updates the day's entry from the form's values; never a second row."""
    entry, _ = DailyEntry.objects.update_or_create(user=user, date=date, defaults=values)
    return entry


def has_doses(user, date):
    return MagnesiumDose.objects.filter(user=user, date=date).exists()


def habit_ids(user, date):
    return set(HabitLog.objects.filter(user=user, date=date).values_list("habit_id", flat=True))


def mark_supplements_taken(user, date):
    """A logged dose contradicts "took no supplements", so the dose wins."""
    DailyEntry.objects.filter(user=user, date=date, no_supplements=True).update(
        no_supplements=False
    )


def latest_dose(user):
    return (
        MagnesiumDose.objects.filter(user=user)
        .select_related("form")
        .order_by("-date", "-pk")
        .first()
    )


def previous_dose_day(user, before):
    """The latest day before `before` on which supplements were logged."""
    return (
        MagnesiumDose.objects.filter(user=user, date__lt=before)
        .order_by("-date")
        .values_list("date", flat=True)
        .first()
    )


@transaction.atomic
def repeat_previous_doses(user, to_date):
    """Copies the doses of the latest earlier day with doses to `to_date`, if it has none
    yet; doses of forms no longer offered are left out. Returns (source day, count).

    The check and the copy happen under the patient's lock, so a double tap (or fifty)
    copies once: the later requests find the day's doses already there.
    """
    Profile.objects.lock(user)
    source = previous_dose_day(user, to_date)
    if source is None or has_doses(user, to_date):
        return None, 0
    return source, repeat_doses(user, source, to_date)


def repeat_doses(user, from_date, to_date):
    ensure_entry(user, to_date)
    copied = [
        MagnesiumDose(
            user=user,
            date=to_date,
            form=dose.form,
            time=dose.time,
            amount_mg=dose.amount_mg,
            amount_basis=dose.amount_basis,
            elemental_mg=dose.elemental_mg,
        )
        for dose in MagnesiumDose.objects.filter(user=user, date=from_date).select_related("form")
        if dose.form.is_active
    ]
    MagnesiumDose.objects.bulk_create(copied)
    mark_supplements_taken(user, to_date)
    return len(copied)
