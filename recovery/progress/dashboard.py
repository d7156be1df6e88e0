"""Everything the progress dashboard shows, gathered with a fixed number of queries."""

from dataclasses import dataclass

from .. import freshness, medicine_use, safety, weekly_check
from ..insights import findings
from ..insights import series as insight_series
from ..magnesium import SUPPLEMENT_UPPER_LIMIT_MG, recommended_intake_mg
from ..models import DailyEntry, TimelinePhase
from ..models.logs import REACH_FIELDS, SCORE_FIELDS, SIDES
from . import centralisation, charts, comparison, relapse
from . import headline as opening

RANGE_CHOICES = [("30", "Last 30 days"), ("90", "Last 90 days"), ("all", "All")]


@dataclass
class Dashboard:
    range_key: str
    comparison: comparison.Comparison
    week_changes: list
    series: dict | None
    tables: dict | None
    red_flag_alert: safety.Notice | None
    setbacks: list
    logged_days: int
    leg_sentences: list
    habits: dict | None
    medicines: dict | None
    insights: findings.Insights | None
    headline: opening.Headline | None = None
    trend: opening.Trend | None = None

    @property
    def has_entries(self):
        return self.logged_days > 0


def chosen_range(value):
    """The range asked for in the address, or the usual one for anything else."""
    return value if value in charts.RANGES else charts.DEFAULT_RANGE


def build(user, profile, today, range_key):
    range_key = chosen_range(range_key)
    phases = list(TimelinePhase.objects.active())
    # The whole history's scores, once: the comparison needs every phase.
    entries = list(
        DailyEntry.objects.filter(user=user, date__lte=today)
        .order_by("date")
        .values("date", *SCORE_FIELDS, *REACH_FIELDS)
    )
    first_logged = entries[0]["date"] if entries else None
    start = profile.recovery_start or first_logged
    series, habits, medicines, insights = None, None, None, None
    if entries:
        insights = kept_insights(user, profile, today)
        span = charts.span_for(range_key, today, first_logged)
        habits = charts.habit_weeks(user, span)
        medicines = medicine_use.weeks(user, span)
        series = charts.dashboard_series(user, span, phases, start)
        series["weekly_check"] = weekly_series(user, span)
        series["limits"] = {
            "upper": float(SUPPLEMENT_UPPER_LIMIT_MG),
            "recommended": recommended_intake_mg(profile.sex, profile.age_band),
        }
    compared = comparison.compare(entries, start, today, phases)
    return Dashboard(
        range_key=range_key,
        comparison=compared,
        headline=opening.headline(compared),
        trend=opening.trend(entries, today),
        week_changes=comparison.week_over_week(entries, today),
        series=series,
        tables=charts.table_rows(series) if series else None,
        red_flag_alert=safety.red_flag_alert(safety.latest_red_flag_answers(user, today)),
        setbacks=relapse.find(entries, start, today),
        logged_days=len(entries),
        habits=habits,
        medicines=medicines,
        insights=insights,
        leg_sentences=[text for side in SIDES if (text := centralisation.sentence(entries, side))],
    )


def weekly_series(user, span):
    weeks = weekly_check.weekly_totals(user, span)
    return {
        "labels": [week.isoformat() for week, _ in weeks],
        "totals": [total for _, total in weeks],
        "success": weekly_check.SUCCESS_AT_MOST,
        "source": weekly_check.SUCCESS_SOURCE,
        "any": any(total is not None for _, total in weeks),
    }


def kept_insights(user, profile, today):
    """The insights from the whole log, worked out once while it stands still."""
    return freshness.kept(
        "insights", profile, (today,), lambda: findings.analyse(insight_series.load(user, today))
    )
