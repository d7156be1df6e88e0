"""A clinician report for a date range: averages and trends, verdicts, magnesium, exercise,
warning signs. One or two printed pages."""

import datetime
from dataclasses import dataclass
from statistics import mean, median_low

from django.db.models import Count, Sum

from .. import medicine_use, weekly_check
from ..insights import findings
from ..insights import series as insight_series
from ..models import DailyEntry, MagnesiumDose, TimelinePhase
from ..models.logs import LEG_FIELDS, RED_FLAG_FIELDS, SCORE_FIELDS, SIDES, PainReach
from . import centralisation, change, charts, comparison


@dataclass(frozen=True)
class ScoreSummary:
    measure: str
    average: float | None
    days: int
    first_half: float | None
    second_half: float | None
    found: change.Change | None = None

    @property
    def label(self):
        return comparison.LABELS[self.measure].capitalize()

    @property
    def trend(self):
        """The second half of the range against the first, in the one vocabulary."""
        return self.found.verdict if self.found else change.NOT_ENOUGH


def summarise(entries, measure, middle):
    values = [(e["date"], e[measure]) for e in entries if e[measure] is not None]
    first = [v for date, v in values if date < middle]
    second = [v for date, v in values if date >= middle]
    found = None
    if len(first) >= comparison.MIN_WEEK_DAYS and len(second) >= comparison.MIN_WEEK_DAYS:
        found = change.judge(measure, first, second, change.noise_of(measure, entries))
    return ScoreSummary(
        measure,
        mean(v for _, v in values) if values else None,
        len(values),
        mean(first) if first else None,
        mean(second) if second else None,
        found,
    )


@dataclass(frozen=True)
class LegSummary:
    side: str
    days_at: list  # days at each reach, from no leg pain to the foot
    first_week: str | None  # the typical reach of the first and last logged weeks in range
    last_week: str | None
    numbness_days: int
    weakness_days: int


def summarise_leg(entries, side):
    """How far down one leg the pain reached, day by day, and at the range's two ends."""
    reaches = [(e["date"], e[f"pain_reach_{side}"]) for e in entries]
    reaches = [(day, reach) for day, reach in reaches if reach is not None]

    def typical(items):
        return PainReach(median_low(r for _, r in items)).label if items else None

    week = datetime.timedelta(days=7)
    return LegSummary(
        side=side,
        days_at=[sum(r == level for _, r in reaches) for level in PainReach],
        first_week=typical([i for i in reaches if i[0] < reaches[0][0] + week])
        if reaches
        else None,
        last_week=typical([i for i in reaches if i[0] > reaches[-1][0] - week])
        if reaches
        else None,
        numbness_days=sum(bool(e[f"numbness_{side}"]) for e in entries),
        weakness_days=sum(bool(e[f"weakness_{side}"]) for e in entries),
    )


def unlogged_note(entries, first, middle, last):
    """Said under the scores when more than one day in five of the range, or of either half
    the trend compares, was not logged; "" otherwise. A half with gaps may read better than
    it was: in the second half the change then looks better, in the first it looks worse."""
    halves = ((first, middle - datetime.timedelta(days=1)), (middle, last))
    unlogged = []
    for start, end in halves:
        days = (end - start).days + 1
        logged = sum(start <= e["date"] <= end for e in entries)
        unlogged.append((days - logged, logged < comparison.FEW_LOGGED * days))
    days = (last - first).days + 1
    if not any(short for _, short in unlogged) and len(entries) >= comparison.FEW_LOGGED * days:
        return ""
    (before, _), (after, _) = unlogged
    return (
        f"{days - len(entries)} of the {days} days were not logged ({before} in the first "
        f"half, {after} in the second); {comparison.LEFT_OUT}, so a half with gaps may read "
        "better than it was."
    )


def build(user, profile, first, last):
    everything = list(
        DailyEntry.objects.filter(user=user, date__lte=last)
        .order_by("date")
        .values("date", *SCORE_FIELDS, *LEG_FIELDS, *RED_FLAG_FIELDS)
    )
    in_range = [e for e in everything if e["date"] >= first]
    middle = first + (last - first) / 2 + datetime.timedelta(days=1)
    start = profile.recovery_start or (everything[0]["date"] if everything else None)
    phases = list(TimelinePhase.objects.active())
    doses = (
        MagnesiumDose.objects.filter(user=user, date__range=(first, last), form__route="oral")
        .values("form__name")
        .annotate(total=Sum("elemental_mg"), doses=Count("id"), days=Count("date", distinct=True))
        .order_by("-total")
    )
    logged_days = len(in_range)
    legs = [summarise_leg(in_range, side) for side in SIDES]
    # Baths and creams: on how many days, never as magnesium taken.
    skin_days = (
        MagnesiumDose.objects.filter(user=user, date__range=(first, last))
        .exclude(form__route="oral")
        .values("date")
        .distinct()
        .count()
    )
    oral = MagnesiumDose.objects.filter(
        user=user, date__range=(first, last), form__route="oral"
    ).aggregate(total=Sum("elemental_mg"), days=Count("date", distinct=True))
    weeks = charts.Span(first, last, weekly=True)
    minutes = {}
    for row in charts.exercise_rows(user, weeks):
        minutes[row["bucket"]] = minutes.get(row["bucket"], 0) + row["minutes"]
    all_weeks = weeks.labels()
    weekly = weekly_check.weekly_totals(user, weeks)
    return {
        "first": first,
        "last": last,
        "logged_days": logged_days,
        "unlogged_note": unlogged_note(in_range, first, middle, last),
        "range_days": (last - first).days + 1,
        "scores": [summarise(in_range, measure, middle) for measure in SCORE_FIELDS],
        "legs": legs,
        "leg_levels": list(zip(PainReach.labels, *(leg.days_at for leg in legs), strict=True)),
        "legs_logged": any(any(leg.days_at) for leg in legs),
        "comparison": comparison.compare(
            [{k: e[k] for k in ("date", *SCORE_FIELDS)} for e in everything], start, last, phases
        ),
        "magnesium_by_form": list(doses),
        "skin_days": skin_days,
        # An average over the days it was taken: over every logged day it would shrink
        # with each day without a supplement.
        "oral_days": oral["days"],
        "oral_average_on_those_days": (
            float(oral["total"]) / oral["days"] if oral["days"] else None
        ),
        "exercise_weeks": [(week, minutes[week]) for week in all_weeks if minutes.get(week)],
        "weeks_without_exercise": sum(1 for week in all_weeks if not minutes.get(week)),
        "leg_sentences": [
            text for side in SIDES if (text := centralisation.sentence(in_range, side))
        ],
        "medicines": medicine_use.summaries(user, first, last),
        "insights": findings.analyse(insight_series.load(user, last, first)),
        "weekly_checks": charts.since_first_answer(*zip(*weekly, strict=True)),
        "weekly_weeks": len(all_weeks),
        "weekly_answered": sum(total is not None for _, total in weekly),
        "weekly_success": weekly_check.SUCCESS_AT_MOST,
        "weekly_source": weekly_check.SUCCESS_SOURCE,
        "red_flag_days": [
            (
                e["date"],
                [DailyEntry._meta.get_field(f).verbose_name for f in RED_FLAG_FIELDS if e[f]],
            )
            for e in in_range
            if any(e[f] for f in RED_FLAG_FIELDS)
        ],
    }
