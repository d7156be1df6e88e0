import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from recovery import history
from recovery.days import local_today
from recovery.models import MagnesiumForm
from tests.factories import (
    DailyEntryFactory,
    ExerciseSessionFactory,
    FoodLogFactory,
    MagnesiumDoseFactory,
)

pytestmark = pytest.mark.django_db
D = datetime.date


def test_days_newest_first_with_totals_from_the_database(user, other_user):
    DailyEntryFactory(user=user, date=D(2026, 3, 1))
    DailyEntryFactory(user=user, date=D(2026, 3, 2))
    MagnesiumDoseFactory(user=user, date=D(2026, 3, 1), amount_mg=200)
    MagnesiumDoseFactory(user=user, date=D(2026, 3, 1), amount_mg=150)
    MagnesiumDoseFactory(  # on the skin: not a supplement total
        user=user,
        date=D(2026, 3, 1),
        form=MagnesiumForm.objects.get(name="Magnesium chloride (topical)"),
        amount_mg=400,
    )
    FoodLogFactory(user=user, date=D(2026, 3, 1), servings=Decimal("0.5"))  # pumpkin seeds
    ExerciseSessionFactory(user=user, date=D(2026, 3, 1), minutes=12)
    MagnesiumDoseFactory(user=other_user, date=D(2026, 3, 1), amount_mg=999)

    days = list(history.day_summaries(user))
    assert [day.date for day in days] == [D(2026, 3, 2), D(2026, 3, 1)]
    assert (days[0].supplement_mg, days[0].food_mg) == (0, 0)
    assert days[1].supplement_mg == Decimal(350)
    assert days[1].food_mg == Decimal(78)
    assert days[1].exercise_minutes == 12


def test_calendar_marks_logged_missed_before_and_future_days():
    weeks = history.month_grid(
        2026,
        3,
        logged={D(2026, 3, 2), D(2026, 3, 4)},
        started=D(2026, 3, 2),
        today=D(2026, 3, 5),
    )
    states = {cell.date: cell.state for week in weeks for cell in week}
    assert states[D(2026, 2, 28)] == "outside"  # March 2026 starts on a Sunday
    assert states[D(2026, 3, 1)] == "before"
    assert states[D(2026, 3, 2)] == "logged"
    assert states[D(2026, 3, 3)] == "missed"
    assert states[D(2026, 3, 6)] == "future"
    assert all(len(week) == 7 and week[0].date.weekday() == 0 for week in weeks)


def test_the_history_page(patient_client, user):
    today = local_today("UTC")
    for back in range(25):
        DailyEntryFactory(user=user, date=today - datetime.timedelta(days=back), leg_pain=back % 11)
    response = patient_client.get(reverse("history"))
    page = response.content.decode()
    assert response.context["page"].paginator.num_pages == 2
    assert f'href="{reverse("day", args=[today])}"' in page
    assert "Page 1 of 2" in page
    older = patient_client.get(reverse("history") + "?page=2")
    assert len(older.context["page"].object_list) == 5
    # A page number that is not one shows the nearest real page, not an error.
    assert patient_client.get(reverse("history") + "?page=oops").status_code == 200
    months = response.context["months"]
    assert [first.month for first, _ in months][0] == today.month


def test_an_empty_history_says_what_to_do(patient_client):
    page = patient_client.get(reverse("history")).content.decode()
    assert "Nothing logged yet" in page
    assert reverse("today") in page
