"""Medicines taken, summed up: days per week with each, beside the week's leg pain (the
dashboard), and each medicine's days and usual dose over a range (the clinician report).
These describe what was taken; they never judge a dose."""

from collections import Counter
from dataclasses import dataclass

from django.db.models import Avg, Count, Min
from django.db.models.functions import TruncWeek

from .models import DailyEntry, MedicineDose
from .models.medicines import dose_words
from .progress.charts import Span, partial_week, week_of


def weeks(user, span):
    """For a strip of weeks: each medicine taken in the span with its days per week (0 to
    7; None before any medicine was logged), and the week's average leg pain. Three
    queries."""
    weeks = Span(span.first, span.last, weekly=True).labels()
    in_span = {"user": user, "date__range": (span.first, span.last)}
    counts = {}
    for row in (
        MedicineDose.objects.filter(**in_span)
        .annotate(week=TruncWeek("date"))
        .values("medicine__name", "week")
        .annotate(days=Count("date", distinct=True))
    ):
        counts.setdefault(row["medicine__name"], {})[row["week"]] = row["days"]
    pain = {
        row["week"]: row["leg"]
        for row in DailyEntry.objects.filter(**in_span, leg_pain__isnull=False)
        .annotate(week=TruncWeek("date"))
        .values("week")
        .annotate(leg=Avg("leg_pain"))
    }
    # Before the first medicine ever logged, a week without one says nothing: not "0".
    first = MedicineDose.objects.filter(user=user).aggregate(first=Min("date"))["first"]
    started = week_of(first) if first else None
    return {
        "weeks": weeks,
        "partial": partial_week(span),
        "medicines": [
            (name, [by_week.get(week, 0) if week >= started else None for week in weeks])
            for name, by_week in sorted(counts.items())
        ],
        "leg_pain": [round(pain[week], 1) if week in pain else None for week in weeks],
    }


@dataclass(frozen=True)
class MedicineSummary:
    name: str
    days: int
    doses: int
    usual: str  # the dose taken most often, as written: "400 mg"
    as_needed: int  # doses taken as needed; the rest were scheduled

    @property
    def scheduled(self):
        return self.doses - self.as_needed


def summaries(user, first, last):
    """Each medicine taken in the range: on how many days, how many doses, the dose taken
    most often (the larger on a tie) and how many doses were as needed. One query."""
    doses = MedicineDose.objects.filter(user=user, date__range=(first, last)).values_list(
        "medicine__name", "date", "amount", "unit", "need"
    )
    by_medicine = {}
    for name, date, amount, unit, need in doses:
        by_medicine.setdefault(name, []).append((date, amount, unit, need))
    found = []
    for name, rows in sorted(by_medicine.items()):
        amounts = Counter((amount, unit) for _, amount, unit, _ in rows)
        (amount, unit), _ = max(amounts.items(), key=lambda item: (item[1], item[0][0]))
        found.append(
            MedicineSummary(
                name=name,
                days=len({date for date, *_ in rows}),
                doses=len(rows),
                usual=dose_words(amount, unit),
                as_needed=sum(need == MedicineDose.Need.AS_NEEDED for *_, need in rows),
            )
        )
    return found
