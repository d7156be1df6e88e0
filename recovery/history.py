"""A patient's logged days, newest first, and which days of recent months were logged."""

import calendar
import datetime
from dataclasses import dataclass

from django.db.models import DecimalField, F, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce

from .models import DailyEntry, ExerciseSession, FoodLog, MagnesiumDose


def _per_day_sum(queryset, expression):
    """The sum of `expression` over the rows of the entry's own user and day, as a subquery."""
    total = (
        queryset.filter(user=OuterRef("user"), date=OuterRef("date"))
        .values("date")
        .annotate(total=Sum(expression))
        .values("total")
    )
    return Coalesce(Subquery(total), 0, output_field=DecimalField(max_digits=12, decimal_places=3))


def day_summaries(user):
    """Every logged day with its magnesium and exercise totals, computed in the database."""
    return (
        DailyEntry.objects.filter(user=user)
        .annotate(
            supplement_mg=_per_day_sum(
                MagnesiumDose.objects.filter(form__route="oral"), F("elemental_mg")
            ),
            food_mg=_per_day_sum(FoodLog.objects.all(), F("servings") * F("food__magnesium_mg")),
            exercise_minutes=_per_day_sum(ExerciseSession.objects.all(), F("minutes")),
        )
        .order_by("-date")
    )


def first_logged_day(user):
    return (
        DailyEntry.objects.filter(user=user).order_by("date").values_list("date", flat=True).first()
    )


@dataclass(frozen=True)
class CalendarDay:
    date: datetime.date
    state: str  # logged, missed, before (the patient's start), future, or outside (the month)


def month_grid(year, month, logged, started, today):
    """Weeks (Monday first) of a month, each day marked with what the patient did."""

    def state(day):
        if day.month != month:
            return "outside"
        if day > today:
            return "future"
        if day in logged:
            return "logged"
        if started is None or day < started:
            return "before"
        return "missed"

    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    return [[CalendarDay(day, state(day)) for day in week] for week in weeks]


def recent_months(user, today, started):
    """This month and the one before, with the days logged in them (one query)."""
    first_of_this = today.replace(day=1)
    first_of_previous = (first_of_this - datetime.timedelta(days=1)).replace(day=1)
    logged = set(
        DailyEntry.objects.filter(
            user=user, date__gte=first_of_previous, date__lte=today
        ).values_list("date", flat=True)
    )
    return [
        (first, month_grid(first.year, first.month, logged, started, today))
        for first in (first_of_this, first_of_previous)
    ]
