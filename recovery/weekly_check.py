"""The weekly sciatica check: four questions once a week, each 0 (not at all bothersome) to
6 (extremely), after the Sciatica Bothersomeness Index (Grøvle et al. 2010); the total runs
from 0 to 24.

A week runs Monday to Sunday on the patient's own calendar (their time zone), so a move
across time zones asks at most once for the week the patient is in. It is asked on the
check-in until it is answered or skipped that week; a week with neither is a gap in the
chart, never a zero.
"""

import datetime

from django.db import transaction

from .models import WeeklyCheck
from .progress.charts import Span, week_of

# In a cohort of sciatica patients followed for a year, totals of 6.5 or less on the original
# index went with "completely recovered or much better" (Haugen et al. 2011; REFERENCE.md).
# Our questions are our own wording of its structure, so pages say "in a study" and no more.
SUCCESS_AT_MOST = 6.5
SUCCESS_SOURCE = "Haugen et al. 2011"
ANSWER_LABELS = {0: "Not at all", 6: "Extremely"}


def this_week(today):
    return week_of(today)


def is_due(user, today):
    return not WeeklyCheck.objects.filter(user=user, week=this_week(today)).exists()


def may_record(week, today):
    """The week shown on a page may be answered a day into the next (a page left open over
    Sunday night), but never one further back or ahead."""
    current = this_week(today)
    return week in (current, current - datetime.timedelta(days=7))


@transaction.atomic
def record(user, week, answers=None):
    """Saves the week's answers, or marks the week skipped; never two rows for one week."""
    values = dict.fromkeys(WeeklyCheck.QUESTIONS)
    values |= answers or {}
    check, _ = WeeklyCheck.objects.update_or_create(
        user=user, week=week, defaults={**values, "skipped": answers is None}
    )
    return check


def weekly_totals(user, span):
    """Every week of the span with its total, None where there is none (missed, skipped or
    half answered): one query."""
    weeks = Span(span.first, span.last, weekly=True).labels()
    checks = {
        check.week: check
        for check in WeeklyCheck.objects.filter(user=user, week__range=(weeks[0], span.last))
    }
    return [(week, checks[week].total if week in checks else None) for week in weeks]
