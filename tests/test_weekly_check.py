"""The weekly sciatica check: asked once a week on today's check-in (answered or skipped,
never twice, across a move between time zones), four answers 0 to 6 with a total of 0 to 24,
a missed week a gap in the chart, and the weeks in the clinician report."""

import datetime

import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.urls import reverse

from recovery import weekly_check
from recovery.models import WeeklyCheck
from recovery.progress import charts, dashboard, report
from tests.factories import DailyEntryFactory, UserFactory, WeeklyCheckFactory

pytestmark = pytest.mark.django_db
UTC = datetime.UTC
HTMX = {"HTTP_HX_REQUEST": "true"}
# Sunday 22 November 2026, 21:00 in Berlin (20:00 UTC); Monday 23rd is the next week.
SUNDAY_EVENING = datetime.datetime(2026, 11, 22, 20, 0, tzinfo=UTC)
ANSWERS = {"leg_pain": "4", "numbness": "2", "weakness": "0", "sitting_pain": "5"}


def patient(client, tz="Europe/Berlin"):
    user = UserFactory()
    user.profile.timezone = tz
    user.profile.save()
    client.force_login(user)
    return user


def asked(client):
    """Whether today's check-in asks this week's questions (rather than showing the week's
    result, to be changed)."""
    return "4 questions" in client.get(reverse("today")).content.decode()


def answer(client, week, answers=ANSWERS, **extra):
    data = {f"weekly-{name}": value for name, value in answers.items()}
    return client.post(reverse("weekly_check"), {**data, "weekly-week": week, **extra}, **HTMX)


def test_asked_until_answered_then_not_again_that_week(client):
    with time_machine.travel(SUNDAY_EVENING, tick=False):
        user = patient(client)
        assert asked(client)
        response = answer(client, "2026-11-16")
        assert "Saved: 11 of 24 this week (lower is better)." in response.content.decode()
        assert not asked(client)
        page = client.get(reverse("today")).content.decode()
        assert "This week: 11 of 24 (lower is better)." in page and ">Change<" in page
        # A slip put right: the same week's row changes, and no second one appears.
        answer(client, "2026-11-16", answers={**ANSWERS, "leg_pain": "1"})
    check = WeeklyCheck.objects.get(user=user)
    assert (check.week, check.total, check.skipped) == (datetime.date(2026, 11, 16), 8, False)
    with time_machine.travel(SUNDAY_EVENING + datetime.timedelta(hours=3), tick=False):
        assert asked(client)  # Monday in Berlin: a new week


def test_skipped_is_not_asked_again_and_is_no_answer(client):
    with time_machine.travel(SUNDAY_EVENING, tick=False):
        user = patient(client)
        response = answer(client, "2026-11-16", answers={}, skip="1")
        assert "Skipped this week" in response.content.decode()
        assert not asked(client)
        assert "Skipped this week." in client.get(reverse("today")).content.decode()
    check = WeeklyCheck.objects.get(user=user)
    assert check.skipped and check.total is None


def test_only_todays_page_asks(client):
    with time_machine.travel(SUNDAY_EVENING, tick=False):
        patient(client)
        page = client.get(reverse("day", args=[datetime.date(2026, 11, 20)])).content.decode()
    assert "Weekly sciatica check" not in page


def test_a_move_across_time_zones_asks_once_for_the_week_the_patient_is_in(client):
    # Answered on Sunday evening in Berlin; then in New York it is still Sunday there: the
    # same week, not asked again. In Tokyo it is already Monday: the next week, asked.
    with time_machine.travel(SUNDAY_EVENING, tick=False):
        user = patient(client)
        answer(client, "2026-11-16")
        user.profile.timezone = "America/New_York"
        user.profile.save()
        assert not asked(client)
        user.profile.timezone = "Asia/Tokyo"
        user.profile.save()
        assert asked(client)
        # The page left open since Sunday may still send Sunday's week, once.
        answer(client, "2026-11-23")
        assert not asked(client)
    assert WeeklyCheck.objects.filter(user=user).count() == 2


def test_an_old_or_future_week_is_refused(client):
    with time_machine.travel(SUNDAY_EVENING, tick=False):
        user = patient(client)
        for week in ("2026-11-02", "2026-11-30", "not a date", ""):
            response = answer(client, week)
            assert "closed now" in response.content.decode(), week
    assert not WeeklyCheck.objects.filter(user=user).exists()


def test_all_four_are_needed_and_nothing_is_lost(client):
    with time_machine.travel(SUNDAY_EVENING, tick=False):
        user = patient(client)
        response = answer(client, "2026-11-16", answers={"leg_pain": "4", "numbness": "9"})
        page = response.content.decode()
    assert "Choose how much: weakness in the leg or foot." in page
    assert 'value="4" checked' in page  # the answer given stays chosen
    assert not WeeklyCheck.objects.filter(user=user).exists()


def test_without_javascript_it_saves_and_returns_to_the_check_in(client):
    with time_machine.travel(SUNDAY_EVENING, tick=False):
        patient(client)
        data = {f"weekly-{name}": value for name, value in ANSWERS.items()}
        response = client.post(
            reverse("weekly_check"), {**data, "weekly-week": "2026-11-16"}, follow=True
        )
    assert "Saved: 11 of 24 this week" in response.content.decode()


@pytest.mark.parametrize(
    "values",
    [
        {"leg_pain": 7},
        {"sitting_pain": -1},
        {"skipped": True},  # a skipped week with answers
    ],
)
def test_the_database_holds_the_scale(user, values):
    with pytest.raises(IntegrityError), transaction.atomic():
        WeeklyCheckFactory(user=user, **values)


def test_one_check_a_week(user):
    WeeklyCheckFactory(user=user)
    with pytest.raises(IntegrityError), transaction.atomic():
        WeeklyCheckFactory(user=user)


def test_a_missed_week_is_a_gap_not_a_zero(user):
    monday = datetime.date(2026, 11, 2)
    WeeklyCheckFactory(user=user, week=monday)  # 4 + 3 + 1 + 5 = 13
    WeeklyCheckFactory(user=user, week=monday + datetime.timedelta(days=14), leg_pain=0)
    WeeklyCheckFactory(
        user=user,
        week=monday + datetime.timedelta(days=21),
        skipped=True,
        leg_pain=None,
        numbness=None,
        weakness=None,
        sitting_pain=None,
    )
    span = charts.Span(monday, monday + datetime.timedelta(days=27), weekly=True)
    assert [total for _, total in weekly_check.weekly_totals(user, span)] == [13, None, 9, None]
    DailyEntryFactory(user=user, date=monday + datetime.timedelta(days=27))
    board = dashboard.build(user, user.profile, monday + datetime.timedelta(days=27), "30")
    series = board.series["weekly_check"]
    assert series["totals"][-4:] == [13, None, 9, None] and series["success"] == 6.5
    # From the first answer on, a missed or skipped week is a row of its own.
    assert board.tables["weekly_check"]["rows"] == [
        ("2026-11-02", 13),
        ("2026-11-09", None),
        ("2026-11-16", 9),
        ("2026-11-23", None),
    ]


def test_the_report_lists_the_answered_weeks(user):
    monday = datetime.date(2026, 11, 2)
    WeeklyCheckFactory(user=user, week=monday)
    WeeklyCheckFactory(user=user, week=monday + datetime.timedelta(days=14), leg_pain=0)
    built = report.build(user, user.profile, monday, monday + datetime.timedelta(days=20))
    assert built["weekly_checks"] == [
        (monday, 13),
        (monday + datetime.timedelta(days=7), None),  # not answered
        (monday + datetime.timedelta(days=14), 9),
    ]
    assert (built["weekly_answered"], built["weekly_weeks"]) == (2, 3)
