import datetime
import io
import random
from statistics import mean

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from recovery import demo
from recovery.models import DailyEntry, MagnesiumDose, Profile

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 6, 30)


def entries_of(username):
    return list(
        DailyEntry.objects.filter(user__username=username)
        .order_by("date")
        .values_list("date", "leg_pain", "muscle_tightness", "nerve_symptoms")
    )


def test_seeding_creates_patients_with_profiles_and_history():
    result = demo.seed(3, 60, seed=7, today=TODAY, progress=lambda line: None)
    users = get_user_model().objects.filter(username__startswith="demo")
    assert users.count() == 4  # the demo account and three patients
    assert Profile.objects.filter(user__in=users).count() == 4
    for user in users:
        days = DailyEntry.objects.filter(user=user).count()
        assert 30 <= days < 60, "some days are missed, most are logged"
    assert result["DailyEntry"] == DailyEntry.objects.count()
    assert DailyEntry.objects.filter(date__gt=TODAY).count() == 0


def test_the_same_seed_gives_the_same_data():
    demo.seed(2, 40, seed=3, today=TODAY, progress=lambda line: None)
    first = entries_of("demo-patient-0002")
    demo.seed(2, 40, seed=3, today=TODAY, progress=lambda line: None)
    assert entries_of("demo-patient-0002") == first
    assert get_user_model().objects.filter(username__startswith="demo").count() == 3


def test_courses_improve_or_do_not():
    catalog = demo.Catalog()
    user = get_user_model().objects.create(username="demo-shape")

    def pain(course):
        _, entries, *_ = demo.patient_rows(user, 180, TODAY, random.Random(1), catalog, course)
        return mean(e.leg_pain for e in entries[:15]), mean(e.leg_pain for e in entries[-15:])

    early, late = pain("improves")
    assert late <= early - 2  # a meaningful improvement
    early, late = pain("does not improve")
    assert abs(late - early) < 1.5


def test_an_improving_patients_pain_retreats_up_the_leg_and_habits_are_noted():
    catalog = demo.Catalog()
    user = get_user_model().objects.create(username="demo-legs")
    _, entries, *_, habits = demo.patient_rows(
        user, 180, TODAY, random.Random(2), catalog, "improves"
    )

    def furthest(rows):
        return mean(max(e.pain_reach_left, e.pain_reach_right) for e in rows)

    assert furthest(entries[:15]) >= furthest(entries[-15:]) + 1.5
    assert all(min(e.pain_reach_left, e.pain_reach_right) == 0 for e in entries)  # one side
    assert habits and {h.date for h in habits} <= {e.date for e in entries}


def test_doses_are_mostly_in_the_evening_and_every_row_is_valid():
    demo.seed(2, 60, seed=5, today=TODAY, progress=lambda line: None)
    oral = MagnesiumDose.objects.filter(form__route="oral")
    evening = oral.filter(time__gte=datetime.time(18)).count()
    assert evening / oral.count() > 0.7
    for model_rows in (DailyEntry.objects.all(), MagnesiumDose.objects.select_related("form")):
        for row in model_rows:
            row.full_clean(validate_unique=False)


def test_the_demo_account_can_log_in(client):
    demo.seed(0, 20, today=TODAY, progress=lambda line: None)
    response = client.post(
        reverse("login"), {"username": demo.DEMO_USERNAME, "password": demo.DEMO_PASSWORD}
    )
    assert response.status_code == 302


def test_the_command_reports_what_it_made():
    out = io.StringIO()
    call_command("seed_demo", patients=2, days=10, stdout=out)
    assert "3 patients" in out.getvalue()
    assert "demo / demo-recovery-tracker" in out.getvalue()


def test_demo_patients_take_painkillers_on_bad_days_and_answer_most_weekly_checks():
    from recovery.models import MedicineDose, WeeklyCheck

    demo.seed(1, 120, seed=5, today=TODAY, progress=lambda line: None)
    user = get_user_model().objects.get(username="demo")
    pain = dict(DailyEntry.objects.filter(user=user).values_list("date", "leg_pain"))
    painkiller_days = set(
        MedicineDose.objects.filter(user=user, medicine__name="Ibuprofen").values_list(
            "date", flat=True
        )
    )
    assert painkiller_days and all(pain[day] >= 6 for day in painkiller_days)
    checks = WeeklyCheck.objects.filter(user=user)
    weeks = {day - datetime.timedelta(days=day.weekday()) for day in pain}
    assert 0.5 * len(weeks) <= checks.count() < len(weeks)  # most weeks, not all
    assert all(0 <= check.total <= 24 for check in checks)
