import datetime
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from recovery.days import local_now, local_today
from recovery.models import DailyEntry, ExerciseSession, HabitLog, MagnesiumDose, MagnesiumForm
from tests.factories import DailyEntryFactory, MagnesiumDoseFactory

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def today(user):
    return local_today(user.profile.timezone)


@pytest.fixture
def yesterday(today):
    return today - datetime.timedelta(days=1)


def day_url(date):
    return reverse("day", args=[date])


def add_url(date, kind):
    return reverse("add_item", args=[date, kind])


def form_by_name(name):
    return MagnesiumForm.objects.get(name=name).pk


def dose_data(form="Magnesium glycinate", amount="200", basis="elemental", time="21:00"):
    return {
        "dose-form": form_by_name(form),
        "dose-amount_mg": amount,
        "dose-amount_basis": basis,
        "dose-time": time,
    }


ENTRY = {
    "leg_pain": "6",
    "back_pain": "3",
    "muscle_tightness": "7",
    "nerve_symptoms": "4",
    "mobility": "5",
    "sleep_quality": "6",
    "hours_sitting": "5.5",
    "note": "Long drive.",
}


# The page


def test_today_needs_login(client):
    response = client.get(reverse("today"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_today_shows_the_patients_own_date(patient_client, user, today):
    response = patient_client.get(reverse("today"))
    assert response.status_code == 200
    assert response.context["day"].date == today
    assert b"How are you today?" in response.content
    assert b"0 \xc2\xb7 No pain" in response.content  # what the ends of the scale mean


def test_a_future_day_is_refused_with_a_message(patient_client, today):
    tomorrow = today + datetime.timedelta(days=1)
    response = patient_client.post(day_url(tomorrow), ENTRY, follow=True)
    assert response.redirect_chain[-1][0] == reverse("today")
    assert "has not happened yet" in response.content.decode()
    assert not DailyEntry.objects.exists()
    assert patient_client.post(add_url(tomorrow, "dose"), dose_data()).url == reverse("today")
    assert not MagnesiumDose.objects.exists()


def test_an_impossible_date_is_not_found(patient_client):
    assert patient_client.get("/day/2026-02-30/").status_code == 404


# The day's entry


def test_saving_the_day(patient_client, user, today):
    response = patient_client.post(day_url(today), ENTRY)
    assert response.url == day_url(today)
    entry = DailyEntry.objects.get(user=user, date=today)
    assert (entry.leg_pain, entry.muscle_tightness, entry.hours_sitting) == (6, 7, Decimal("5.5"))
    assert entry.note == "Long drive."
    # Nothing ticked among the warning signs, not even "None of these": not answered.
    assert entry.saddle_numbness is None and not entry.red_flags_answered


def test_saving_twice_keeps_one_entry_and_the_latest_answers(patient_client, user, today):
    patient_client.post(day_url(today), ENTRY)
    patient_client.post(day_url(today), {**ENTRY, "leg_pain": "4"})
    assert DailyEntry.objects.filter(user=user).count() == 1
    assert DailyEntry.objects.get(user=user).leg_pain == 4


def test_editing_a_past_day_changes_that_day_only(patient_client, user, today, yesterday):
    patient_client.post(day_url(today), ENTRY)
    patient_client.post(day_url(yesterday), {**ENTRY, "leg_pain": "9"})
    assert DailyEntry.objects.get(user=user, date=today).leg_pain == 6
    assert DailyEntry.objects.get(user=user, date=yesterday).leg_pain == 9


def test_scores_may_be_skipped(patient_client, user, today):
    patient_client.post(day_url(today), {"leg_pain": "2"})
    entry = DailyEntry.objects.get(user=user)
    assert (entry.leg_pain, entry.back_pain) == (2, None)


def test_a_bad_score_is_explained_and_the_rest_is_kept(patient_client, user, today):
    response = patient_client.post(
        day_url(today), {**ENTRY, "leg_pain": "11", "hours_sitting": "30"}
    )
    assert response.status_code == 200
    form = response.context["entry_form"]
    assert "leg_pain" in form.errors
    assert form.errors["hours_sitting"] == ["Ensure this value is less than or equal to 24."]
    assert "Long drive." in response.content.decode()
    assert form["muscle_tightness"].value() == "7"  # the other answers are still chosen
    assert not DailyEntry.objects.exists()


def test_no_supplements_cannot_contradict_a_logged_dose(patient_client, user, today):
    MagnesiumDoseFactory(user=user, date=today)
    response = patient_client.post(day_url(today), {**ENTRY, "no_supplements": "on"})
    assert "Remove them first" in response.context["entry_form"].errors["no_supplements"][0]
    tapped = {"no_supplements": "on", "autosave": "no_supplements"}
    autosaved = patient_client.post(day_url(today), tapped)
    assert autosaved.status_code == 422
    assert "Remove them first" in autosaved.json()["errors"]["no_supplements"][0]
    assert not DailyEntry.objects.filter(user=user, no_supplements=True).exists()


def test_no_supplements_is_recorded(patient_client, user, today):
    patient_client.post(day_url(today), {**ENTRY, "no_supplements": "on"})
    assert DailyEntry.objects.get(user=user).no_supplements
    page = patient_client.get(day_url(today)).content.decode()
    assert "You noted that you took no supplements" in page


# Magnesium


def test_adding_a_dose_without_javascript(patient_client, user, today):
    response = patient_client.post(
        add_url(today, "dose"), dose_data("Magnesium citrate", "1250", "compound")
    )
    assert response.url == day_url(today) + "#dose"
    dose = MagnesiumDose.objects.get(user=user)
    assert dose.elemental_mg == Decimal("202.5")
    assert dose.time == datetime.time(21, 0)
    # Logging anything makes the day a logged day.
    assert DailyEntry.objects.filter(user=user, date=today).exists()


def test_adding_a_dose_with_htmx_returns_only_its_section(patient_client, user, today):
    response = patient_client.post(add_url(today, "dose"), dose_data(), **HTMX)
    page = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in page
    assert 'id="dose"' in page and 'id="session"' not in page
    assert "Added Magnesium glycinate, 200 mg." in page
    assert "200 mg at 21:00" in page


def test_a_dose_clears_took_no_supplements(patient_client, user, today):
    DailyEntryFactory(user=user, date=today, no_supplements=True)
    patient_client.post(add_url(today, "dose"), dose_data())
    assert not DailyEntry.objects.get(user=user, date=today).no_supplements


def test_a_bad_dose_is_explained_and_kept(patient_client, user, today):
    response = patient_client.post(add_url(today, "dose"), dose_data(amount="lots"))
    assert response.status_code == 200
    assert response.context["forms"]["dose"].errors["amount_mg"] == ["Enter a number."]
    assert 'value="lots"' in response.content.decode()
    htmx = patient_client.post(add_url(today, "dose"), dose_data(amount=""), **HTMX)
    assert "This field is required." in htmx.content.decode()
    assert not MagnesiumDose.objects.exists()


def test_an_implausible_oral_dose_is_questioned(patient_client, today):
    response = patient_client.post(add_url(today, "dose"), dose_data(amount="5000"))
    error = response.context["forms"]["dose"].errors["amount_mg"][0]
    assert "far above any supplement" in error
    # A bath of Epsom salt is weighed in hundreds of grams, and that is fine.
    patient_client.post(
        add_url(today, "dose"),
        dose_data("Magnesium sulfate (Epsom salt bath)", "250000", "compound"),
    )
    assert MagnesiumDose.objects.count() == 1


def test_a_bath_is_never_an_amount_of_magnesium_taken(patient_client, today):
    # 250 g of Epsom salt is 24,750 mg of magnesium in the tub, not in the patient.
    response = patient_client.post(
        add_url(today, "dose"),
        dose_data("Magnesium sulfate (Epsom salt bath)", "250000", "compound"),
        follow=True,
    )
    pages = [
        response.content.decode(),
        patient_client.get(day_url(today)).content.decode(),
        patient_client.get(reverse("report"), {"first": today, "last": today}).content.decode(),
    ]
    for page in pages:
        assert "24750" not in page and "24,750" not in page and "24 750" not in page
    assert 'Bath or cream</dt> <dd class="d-inline mb-0">1 (not counted)' in pages[1]
    assert "250000 mg of the product: not counted as magnesium taken" in pages[1]
    assert "Bath or cream on the skin: 1 day (not counted as magnesium taken)." in pages[2]
    assert "No oral supplements in this range" in pages[2]


def test_the_last_dose_is_prefilled(patient_client, user, today, yesterday):
    MagnesiumDoseFactory(
        user=user,
        date=yesterday,
        form=MagnesiumForm.objects.get(name="Magnesium malate"),
        amount_mg=300,
        amount_basis="compound",
        time=datetime.time(22, 15),
    )
    with time_machine.travel(datetime.datetime.now(datetime.UTC), tick=False):
        form = patient_client.get(day_url(today)).context["forms"]["dose"]
        now = local_now(user.profile.timezone).time().replace(second=0, microsecond=0)
    assert form["form"].value() == form_by_name("Magnesium malate")
    assert (form["amount_mg"].value(), form["amount_basis"].value()) == ("300", "compound")
    # Today: the time is now, as the dose is most likely logged when taken.
    assert form["time"].value() == now
    # A past day: the latest dose's time.
    form = patient_client.get(day_url(yesterday)).context["forms"]["dose"]
    assert form["time"].value() == datetime.time(22, 15)


def test_a_first_dose_on_a_past_day_suggests_no_time(patient_client, today):
    form = patient_client.get(day_url(today - datetime.timedelta(days=2))).context["forms"]["dose"]
    assert form["time"].value() in (None, "")
    assert form["amount_basis"].value() == "elemental"


def test_repeat_the_last_days_supplements(patient_client, user, today):
    three_days_ago = today - datetime.timedelta(days=3)
    MagnesiumDoseFactory(user=user, date=three_days_ago, amount_mg=200)
    MagnesiumDoseFactory(
        user=user,
        date=three_days_ago,
        form=MagnesiumForm.objects.get(name="Magnesium chloride (topical)"),
        amount_mg=100,
    )
    page = patient_client.get(day_url(today)).content.decode()
    assert "Same supplements as" in page
    url = reverse("repeat", args=[today, "dose"])
    response = patient_client.post(url, **HTMX)
    assert "Repeated 2 supplements from" in response.content.decode()
    patient_client.post(url)  # a second press adds nothing
    assert MagnesiumDose.objects.filter(user=user, date=today).count() == 2


def test_totals_and_the_upper_limit(patient_client, user, today):
    patient_client.post(add_url(today, "dose"), dose_data(amount="300"))
    patient_client.post(add_url(today, "dose"), dose_data(amount="100"))
    patient_client.post(
        add_url(today, "dose"), dose_data("Magnesium chloride (topical)", "500", "elemental")
    )
    patient_client.post(
        add_url(today, "food"),
        {"food-food": food_pk("Pumpkin seeds, roasted"), "food-servings": "1.5"},
    )
    response = patient_client.get(day_url(today))
    totals = response.context["totals"]
    assert (totals.supplements_mg, totals.food_mg, totals.skin_doses) == (400, 234, 1)
    assert totals.together_mg == 634
    assert "400 mg of magnesium from supplements today" in response.content.decode()


def test_magnesium_on_the_skin_never_trips_the_limit(patient_client, today):
    patient_client.post(
        add_url(today, "dose"), dose_data("Magnesium chloride (topical)", "900", "elemental")
    )
    assert patient_client.get(day_url(today)).context["over_limit"] is None


def test_every_dose_carries_the_kidney_caution(patient_client, user, today):
    user.profile.kidney_condition = True
    user.profile.save()
    patient_client.post(add_url(today, "dose"), dose_data())
    patient_client.post(add_url(today, "dose"), dose_data(amount="50"))
    page = patient_client.get(day_url(today)).content.decode()
    assert page.count("Kidney condition: take this only as your doctor advises.") == 2


def test_forms_with_a_catch_say_so(patient_client, today):
    patient_client.post(add_url(today, "dose"), dose_data("Magnesium oxide", "100"))
    patient_client.post(add_url(today, "dose"), dose_data("Magnesium citrate", "100"))
    page = patient_client.get(day_url(today)).content.decode()
    assert "Magnesium oxide is poorly absorbed" in page
    assert "magnesium citrate can loosen the stool" in page


# Stretches, breathing, food, habits, other supplements


def exercise_pk(name):
    from recovery.models import Exercise

    return Exercise.objects.get(name=name).pk


def food_pk(name):
    from recovery.models import Food

    return Food.objects.get(name=name).pk


def test_a_stretch_takes_its_usual_length(patient_client, user, today):
    patient_client.post(
        add_url(today, "session"),
        {
            "session-exercise": exercise_pk("Supta Padangusthasana"),
            "session-repetitions_per_side": "3",
        },
    )
    session = ExerciseSession.objects.get(user=user)
    assert (session.minutes, session.repetitions_per_side) == (5, 3)


def test_breathing_takes_its_usual_pace(patient_client, user, today):
    patient_client.post(
        add_url(today, "session"),
        {"session-exercise": exercise_pk("Coherent breathing"), "session-minutes": "12"},
    )
    session = ExerciseSession.objects.get(user=user)
    assert (session.minutes, session.breaths_per_minute) == (12, Decimal("6.0"))


def test_session_fields_must_fit_the_kind(patient_client, today):
    response = patient_client.post(
        add_url(today, "session"),
        {"session-exercise": exercise_pk("Anulom Vilom"), "session-repetitions_per_side": "5"},
    )
    assert "for breathing, give breaths" in str(response.context["forms"]["session"].errors)
    response = patient_client.post(
        add_url(today, "session"),
        {"session-exercise": exercise_pk("Balasana"), "session-breaths_per_minute": "6"},
    )
    assert "breaths per minute do not apply" in str(response.context["forms"]["session"].errors)
    assert not ExerciseSession.objects.exists()


def test_recently_done_exercises_come_first(patient_client, today):
    patient_client.post(
        add_url(today, "session"), {"session-exercise": exercise_pk("Coherent breathing")}
    )
    choices = (
        patient_client.get(day_url(today)).context["forms"]["session"].fields["exercise"].choices
    )
    assert choices[1][0] == "Recently done"
    assert [label for _, label in choices[1][1]] == ["Coherent breathing"]


def test_food_servings(patient_client, user, today):
    patient_client.post(
        add_url(today, "food"), {"food-food": food_pk("Spinach, boiled"), "food-servings": "2"}
    )
    page = patient_client.get(day_url(today)).content.decode()
    assert "Spinach, boiled</strong> × 2 (½ cup): 156 mg" in page


def test_habits_are_ticked_and_unticked(patient_client, user, today):
    from recovery.models import Habit

    sitting, caffeine = (
        Habit.objects.get(name=n).pk for n in ("Prolonged sitting", "Excess caffeine")
    )
    url = reverse("save_habits", args=[today])
    patient_client.post(url, {"habits-habits": [sitting, caffeine]})
    patient_client.post(url, {"habits-habits": [caffeine]}, **HTMX)
    assert list(HabitLog.objects.filter(user=user).values_list("habit_id", flat=True)) == [caffeine]


def test_other_supplements(patient_client, user, today):
    from recovery.models import CoSupplement

    vitamin_d = CoSupplement.objects.get(name="Vitamin D").pk
    response = patient_client.post(
        add_url(today, "supplement"),
        {"supplement-supplement": vitamin_d, "supplement-amount": "1000"},
        **HTMX,
    )
    assert "Vitamin D, 1000 IU" in response.content.decode()


def test_removing_an_item(patient_client, user, today):
    dose = MagnesiumDoseFactory(user=user, date=today)
    response = patient_client.post(reverse("delete_item", args=["dose", dose.pk]), **HTMX)
    assert "Removed Magnesium glycinate, 200 mg." in response.content.decode()
    assert not MagnesiumDose.objects.exists()


def test_a_nonsense_habit_id_is_refused_not_a_crash(patient_client, today):
    url = reverse("save_habits", args=[today])
    for junk in ["9" * 30, "-1", "٣", "abc"]:
        response = patient_client.post(url, {"habits-habits": [junk]})
        assert response.status_code == 200
        assert "is not a valid value" in str(response.context["habits_form"].errors)


def test_a_dose_too_small_to_count_is_explained(patient_client, today):
    response = patient_client.post(
        add_url(today, "dose"), dose_data("Magnesium L-threonate", "0.1", "compound")
    )
    assert (
        "less than 0.1 mg of magnesium" in response.context["forms"]["dose"].errors["amount_mg"][0]
    )
    assert not MagnesiumDose.objects.exists()
