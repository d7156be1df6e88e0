"""Pages that grow with history run the same number of queries for a week and for months."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from recovery.days import local_today
from tests.factories import (
    CoSupplementLogFactory,
    DailyEntryFactory,
    ExerciseSessionFactory,
    FoodLogFactory,
    HabitLogFactory,
    MagnesiumDoseFactory,
    MedicineDoseFactory,
)

pytestmark = pytest.mark.django_db


def log_days(user, count):
    today = local_today(user.profile.timezone)
    for back in range(count):
        day = today - datetime.timedelta(days=back)
        DailyEntryFactory(user=user, date=day)
        MagnesiumDoseFactory(user=user, date=day)
        MagnesiumDoseFactory(user=user, date=day, amount_mg=100)
        ExerciseSessionFactory(user=user, date=day)
        FoodLogFactory(user=user, date=day)
        HabitLogFactory(user=user, date=day)
        CoSupplementLogFactory(user=user, date=day)
        MedicineDoseFactory(user=user, date=day)


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("url_name", ["today", "history", "home", "report", "insights"])
def test_the_count_does_not_grow_with_history(client, django_user_model, url_name):
    from tests.factories import UserFactory

    short, long = UserFactory(), UserFactory()
    log_days(short, 3)
    log_days(long, 90)
    counts = []
    for user in (short, long):
        client.force_login(user)
        counts.append(queries(client, reverse(url_name)))
    assert counts[0] == counts[1]


def test_the_day_page_queries(patient_client, user, django_assert_num_queries):
    log_days(user, 2)
    # The day's form is saved, its warning signs answered.
    patient_client.post(reverse("today"), {"leg_pain": "4", "no_warning_signs": "on"})
    # session, user, profile; the day's entry, doses, sessions, foods, habits, other
    # supplements and medicines; the six pickers (magnesium forms, exercises with their last
    # use, foods, habits, supplements, medicines); whether this week's check is due. The
    # last items and the warning signs come from the day itself.
    with django_assert_num_queries(17):
        patient_client.get(reverse("today"))


def test_a_past_day_looks_further_back(patient_client, user, django_assert_num_queries):
    log_days(user, 2)
    yesterday = local_today("UTC") - datetime.timedelta(days=1)
    # As above, less the weekly check (asked on today's page only), plus the latest
    # answered warning signs; the day's own items suggest the rest.
    with django_assert_num_queries(17 - 1 + 1):
        patient_client.get(reverse("day", args=[yesterday]))


@pytest.mark.parametrize("history_days", [3, 90])
def test_an_empty_day_looks_back_once_per_kind(
    patient_client, user, django_assert_num_queries, history_days
):
    log_days(user, history_days)
    empty = local_today("UTC") - datetime.timedelta(days=history_days + 1)
    # As for a past day, plus the latest item of each of the four kinds whose add forms
    # suggest one (medicines suggest nothing ahead), on or before the day, and the last day
    # before it with doses, with sessions, and with regular medicines or supplements (two:
    # "same as"). None grows with history.
    with django_assert_num_queries(17 + 4 + 4):
        patient_client.get(reverse("day", args=[empty]))


def test_the_history_page_queries(patient_client, user, django_assert_num_queries):
    log_days(user, 30)
    # session, user, profile; first logged day; page count, page of days with totals;
    # the days logged in the last two months.
    with django_assert_num_queries(7):
        patient_client.get(reverse("history"))


def test_saving_the_day_queries(patient_client, user, django_assert_num_queries):
    url = reverse("day", args=[local_today("UTC")])
    patient_client.post(url, {"leg_pain": "3"})
    # session, user, profile; the day's entry; the savepoint, the patient's lock, the
    # locked read, the update, the log version moving on, the release. Whether the day has
    # doses is asked only of a tick on "no supplements". No query per CHECK constraint:
    # the fields' validators cover them and the database enforces them on write.
    with django_assert_num_queries(10):
        patient_client.post(url, {"leg_pain": "4"})
