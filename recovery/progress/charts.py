"""What the dashboard's charts draw, aggregated by the database.

Short ranges are drawn day by day, with a 7-day average over calendar days;
long ones week by week (TruncWeek). Every series lines up with the range's labels,
so a day or week without a log is a gap (None), never a zero.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Avg, Count, F, Max, Sum
from django.db.models.functions import TruncWeek

from ..models import DailyEntry, ExerciseSession, FoodLog, HabitLog, MagnesiumDose

RANGES = {"30": 30, "90": 90, "all": None}
DEFAULT_RANGE = "30"
# Above this many days, a day-by-day chart is too dense to read on a phone.
WEEKLY_ABOVE_DAYS = 120
ROLLING_DAYS = 7
SCORES = ("leg_pain", "back_pain", "muscle_tightness", "nerve_symptoms", "mobility")
# Also drawn: sleep and sitting (averaged per week), and how far down each leg the pain
# reached (the furthest in the week).
AVERAGED = (*SCORES, "sleep_quality", "hours_sitting")
FURTHEST = ("pain_reach_left", "pain_reach_right")
CHARTED = (*AVERAGED, *FURTHEST)


@dataclass(frozen=True)
class Span:
    first: datetime.date
    last: datetime.date
    weekly: bool

    def labels(self):
        if self.weekly:
            day, step = week_of(self.first), datetime.timedelta(days=7)
        else:
            day, step = self.first, datetime.timedelta(days=1)
        labels = []
        while day <= self.last:
            labels.append(day)
            day += step
        return labels

    def bucket(self, day):
        return week_of(day) if self.weekly else day


def week_of(day):
    return day - datetime.timedelta(days=day.weekday())


def span_for(range_key, today, first_logged):
    days = RANGES.get(range_key, RANGES[DEFAULT_RANGE])
    first = (first_logged or today) if days is None else today - datetime.timedelta(days=days - 1)
    return Span(first, today, weekly=(today - first).days + 1 > WEEKLY_ABOVE_DAYS)


def _round(value):
    return None if value is None else round(float(value), 1)


def _aligned(labels, rows, key):
    by_label = {row["bucket"]: row.get(key) for row in rows}
    return [_round(by_label.get(label)) for label in labels]


def score_rows(user, span):
    """Scores per day, or averaged per week; day rows start ROLLING_DAYS - 1 days before the
    range, so the range's first days have a full week for their average."""
    if span.weekly:
        entries = DailyEntry.objects.filter(user=user, date__range=(span.first, span.last))
        return list(
            entries.annotate(bucket=TruncWeek("date"))
            .values("bucket")
            .annotate(
                days=Count("id"),
                **{name: Avg(name) for name in AVERAGED},
                **{name: Max(name) for name in FURTHEST},
            )
            .order_by("bucket")
        )
    since = span.first - datetime.timedelta(days=ROLLING_DAYS - 1)
    entries = DailyEntry.objects.filter(user=user, date__range=(since, span.last))
    return list(entries.annotate(bucket=F("date")).values("bucket", *CHARTED).order_by("date"))


def rolling_average(rows, labels, name):
    """On each logged day: the mean over that calendar day and the ROLLING_DAYS - 1 days
    before it, of the days logged in them. Unlogged days stay gaps."""
    by_day = {row["bucket"]: row[name] for row in rows if row[name] is not None}
    averages = []
    for day in labels:
        if day not in by_day:
            averages.append(None)
            continue
        week = [day - datetime.timedelta(days=back) for back in range(ROLLING_DAYS)]
        values = [by_day[d] for d in week if d in by_day]
        averages.append(_round(sum(values) / len(values)))
    return averages


def magnesium_rows(user, span):
    """Supplement (oral) and food magnesium per day or per week, as two row lists."""

    def per_bucket(queryset, amount):
        bucket = TruncWeek("date") if span.weekly else F("date")
        return list(
            queryset.filter(user=user, date__range=(span.first, span.last))
            .annotate(bucket=bucket)
            .values("bucket")
            .annotate(total=Sum(amount))
            .order_by("bucket")
        )

    supplements = per_bucket(MagnesiumDose.objects.filter(form__route="oral"), F("elemental_mg"))
    food = per_bucket(FoodLog.objects.all(), F("servings") * F("food__magnesium_mg"))
    return supplements, food


def exercise_rows(user, span):
    return list(
        ExerciseSession.objects.filter(user=user, date__range=(span.first, span.last))
        .annotate(bucket=TruncWeek("date"))
        .values("bucket", "exercise__kind")
        .annotate(minutes=Sum("minutes"))
        .order_by("bucket")
    )


def per_logged_day(rows, days_by_bucket):
    """Weekly totals as a daily average over the week's logged days."""
    return [
        {**row, "total": row["total"] / days_by_bucket[row["bucket"]]}
        for row in rows
        if days_by_bucket.get(row["bucket"])
    ]


def phase_bands(phases, start, span):
    """Each phase as the first and last label it covers within the range."""
    # A start after the range (a start date set for tomorrow in a time zone ahead) has
    # no phase to draw yet.
    if start is None or start > span.last:
        return []
    bands = []
    for index, phase in enumerate(phases):
        first = start + datetime.timedelta(days=phase.first_day - 1)
        last = (
            span.last
            if phase.last_day is None
            else start + datetime.timedelta(days=phase.last_day - 1)
        )
        if last < span.first or first > span.last:
            continue
        bands.append(
            {
                # The phase's place in the timeline: its colour, the same in every range.
                "index": index,
                "name": phase.name,
                "from": span.bucket(max(first, span.first)).isoformat(),
                "to": span.bucket(min(last, span.last)).isoformat(),
            }
        )
    return bands


def dashboard_series(user, span, phases, start):
    labels = span.labels()
    scores = score_rows(user, span)
    aligned = {name: _aligned(labels, scores, name) for name in CHARTED}
    supplements, food = magnesium_rows(user, span)
    if span.weekly:
        days = {row["bucket"]: row["days"] for row in scores}
        supplements, food = per_logged_day(supplements, days), per_logged_day(food, days)
    weeks = Span(span.first, span.last, weekly=True).labels()
    exercise = exercise_rows(user, span)
    minutes = {(row["bucket"], row["exercise__kind"]): row["minutes"] for row in exercise}
    return {
        "weekly": span.weekly,
        "labels": [label.isoformat() for label in labels],
        "scores": {name: aligned[name] for name in SCORES},
        "sleep": {name: aligned[name] for name in ("sleep_quality", "hours_sitting")},
        "reach": {name: aligned[name] for name in FURTHEST},
        "rolling": {
            name: ([] if span.weekly else rolling_average(scores, labels, name))
            for name in ("leg_pain", "back_pain")
        },
        "magnesium": {
            "supplements": _aligned(labels, supplements, "total"),
            "food": _aligned(labels, food, "total"),
        },
        "exercise": {
            "labels": [week.isoformat() for week in weeks],
            "stretching": [
                (minutes.get((week, "stretch"), 0) + minutes.get((week, "yoga"), 0))
                for week in weeks
            ],
            "breathing": [minutes.get((week, "breathing"), 0) for week in weeks],
        },
        "phases": phase_bands(phases, start, span),
        "has_scores": _any(aligned, SCORES),
        "has_sleep": _any(aligned, ("sleep_quality", "hours_sitting")),
        "has_reach": _any(aligned, FURTHEST),
        "has_magnesium": bool(supplements or food),
        "has_exercise": bool(exercise),
    }


def _any(aligned, names):
    return any(value is not None for name in names for value in aligned[name])


def table_rows(series):
    """The charts' numbers as table rows (for screen readers and anyone who prefers them),
    leaving out days or weeks with nothing logged."""
    labels, scores, mg = series["labels"], series["scores"], series["magnesium"]
    exercise = series["exercise"]

    def rows(labels, *columns, empty=(None, 0)):
        return [
            (label, *values)
            for label, *values in zip(labels, *columns, strict=True)
            if any(value not in empty for value in values)
        ]

    first = "Week of" if series["weekly"] else "Date"
    return {
        "pain": {
            "caption": "Leg and back pain, 0 to 10",
            "headings": [first, "Leg pain", "Back pain"],
            "rows": rows(labels, scores["leg_pain"], scores["back_pain"]),
        },
        "symptoms": {
            "caption": "Tightness, nerve symptoms and mobility, 0 to 10",
            "headings": [first, "Tightness", "Nerve symptoms", "Mobility"],
            "rows": rows(
                labels, scores["muscle_tightness"], scores["nerve_symptoms"], scores["mobility"]
            ),
        },
        "magnesium": {
            "caption": "Magnesium per day, mg",
            "headings": [first, "Supplements (mg)", "Food (mg)"],
            "rows": rows(labels, mg["supplements"], mg["food"]),
        },
        "sleep": {
            "caption": "Sleep (0 to 10, higher is better) and hours sitting",
            "headings": [first, "Sleep", "Hours sitting"],
            "rows": rows(
                labels, series["sleep"]["sleep_quality"], series["sleep"]["hours_sitting"]
            ),
        },
        "reach": {
            "caption": "How far down each leg the pain reached (0 none, 1 back or buttock, "
            "2 thigh, 3 below the knee, 4 foot)",
            "headings": [first, "Left leg", "Right leg"],
            # 0 is an answer here (no leg pain), not an empty day.
            "rows": rows(
                labels,
                series["reach"]["pain_reach_left"],
                series["reach"]["pain_reach_right"],
                empty=(None,),
            ),
        },
        "weekly_check": {
            "caption": "Weekly sciatica check, total of 0 to 24 (lower is better)",
            "headings": ["Week of", "Total"],
            # From the first week answered on, a missed week is a row of its own ("–").
            "rows": since_first_answer(
                series["weekly_check"]["labels"], series["weekly_check"]["totals"]
            )
            if "weekly_check" in series
            else [],
        },
        "exercise": {
            "caption": "Minutes of stretching and breathing per week",
            "headings": ["Week of", "Stretching and yoga", "Breathing"],
            "rows": rows(exercise["labels"], exercise["stretching"], exercise["breathing"]),
        },
    }


def since_first_answer(labels, values):
    answered = [i for i, value in enumerate(values) if value is not None]
    start = answered[0] if answered else len(values)
    return list(zip(labels[start:], values[start:], strict=True))


def partial_week(span):
    """The span's last week, if it has not ended yet: its counts are "so far"."""
    return week_of(span.last) if span.last.weekday() != 6 else None


def habit_weeks(user, span):
    """Days per week with each aggravating habit noted, for a strip of weeks: the habits
    noted in the range, each with a count per week (0 to 7)."""
    weeks = Span(span.first, span.last, weekly=True).labels()
    counts = {}
    for row in (
        HabitLog.objects.filter(user=user, date__range=(span.first, span.last))
        .annotate(week=TruncWeek("date"))
        .values("habit__name", "week")
        .annotate(days=Count("id"))
    ):
        counts.setdefault(row["habit__name"], {})[row["week"]] = row["days"]
    return {
        "weeks": weeks,
        "partial": partial_week(span),
        "habits": [
            (name, [by_week.get(week, 0) for week in weeks])
            for name, by_week in sorted(counts.items())
        ],
    }
