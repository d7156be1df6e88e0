"""The check-in: answers saved as the patient goes, words that fit the date, where the pain
reaches, "same as last time", suggestions from the right day, undo, and item sections."""

import datetime
import json
import re

import pytest
from django.urls import reverse

from recovery.days import local_today
from recovery.models import DailyEntry, Exercise, ExerciseSession, MagnesiumDose
from recovery.models.logs import RED_FLAG_FIELDS
from tests.factories import (
    DailyEntryFactory,
    ExerciseSessionFactory,
    FoodLogFactory,
    MagnesiumDoseFactory,
)

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def today(user):
    return local_today(user.profile.timezone)


def day_url(date):
    return reverse("day", args=[date])


SIGNS = ",".join(RED_FLAG_FIELDS)


def autosave(client, date, changed, **answers):
    """What the page's script sends: the whole form (with the warning signs it shows), and
    which answers just changed."""
    data = {"signs_asked": SIGNS, **answers, "autosave": ",".join(changed)}
    response = client.post(day_url(date), data)
    return response.status_code, json.loads(response.content)


# Saved as the patient goes


def test_a_tapped_score_is_saved_alone(patient_client, user, today):
    DailyEntryFactory(user=user, date=today, back_pain=4, note="kept")
    status, body = autosave(patient_client, today, ["leg_pain"], leg_pain="3", back_pain="9")
    assert (status, body["saved"]) == (200, ["leg_pain"])
    entry = DailyEntry.objects.get(user=user)
    # Only the changed answer is written; the rest of the form stays as saved.
    assert (entry.leg_pain, entry.back_pain, entry.note) == (3, 4, "kept")


def test_a_tapped_score_does_not_answer_the_warning_signs(patient_client, user, today):
    autosave(patient_client, today, ["leg_pain"], leg_pain="3")
    assert not DailyEntry.objects.get(user=user).red_flags_answered


def test_ticking_a_warning_sign_answers_all_of_them_and_raises_the_alert(
    patient_client, user, today
):
    status, body = autosave(patient_client, today, ["saddle_numbness"], saddle_numbness="on")
    entry = DailyEntry.objects.get(user=user)
    assert (entry.saddle_numbness, entry.bladder_or_bowel_change) == (True, False)
    assert "Go to an emergency department now" in body["alert"]
    _, body = autosave(patient_client, today, ["saddle_numbness"])
    assert body["alert"] == ""


def test_new_sexual_problems_are_a_warning_sign_asked_with_the_others(patient_client, user, today):
    page = patient_client.get(day_url(today)).content.decode()
    flags = page.split('id="flags-heading"')[1].split("data-flags-alert")[0]
    assert 'name="sexual_problems"' in flags
    assert "New sexual problems (loss of genital feeling, erection or ejaculation" in flags
    status, body = autosave(patient_client, today, ["sexual_problems"], sexual_problems="on")
    entry = DailyEntry.objects.get(user=user)
    assert (entry.sexual_problems, entry.saddle_numbness, entry.pain_in_both_legs) == (
        True,
        False,
        False,
    )
    assert "Go to an emergency department now" in body["alert"]
    assert "reported: new sexual problems (loss of genital feeling" in body["alert"]
    # Unticked after all: no longer answered (an unticked box is not a "no"), and the
    # notice goes.
    _, body = autosave(patient_client, today, ["sexual_problems"])
    assert DailyEntry.objects.get(user=user).sexual_problems is None
    assert body["alert"] == ""


def test_none_of_these_answers_every_warning_sign_no(patient_client, user, today):
    page = patient_client.get(day_url(today)).content.decode()
    assert 'name="no_warning_signs"' in page.split('id="flags-heading"')[1].split("</fieldset>")[0]
    autosave(patient_client, today, ["no_warning_signs"], no_warning_signs="on")
    entry = DailyEntry.objects.get(user=user)
    assert [getattr(entry, name) for name in RED_FLAG_FIELDS] == [False] * 5
    page = patient_client.get(day_url(today)).content.decode()
    assert re.search(r'name="no_warning_signs"[^>]*checked', page)
    # A sign sent with "None of these" (two taps at once) is kept: the advice is never lost.
    _, body = autosave(
        patient_client,
        today,
        ["saddle_numbness"],
        saddle_numbness="on",
        no_warning_signs="on",
    )
    entry.refresh_from_db()
    assert (entry.saddle_numbness, entry.pain_in_both_legs) == (True, False)
    assert "Go to an emergency department now" in body["alert"]
    page = patient_client.get(day_url(today)).content.decode()
    assert not re.search(r'name="no_warning_signs"[^>]*checked', page)


def test_a_bad_answer_is_explained_and_the_others_are_saved(patient_client, user, today):
    status, body = autosave(patient_client, today, ["hours_sitting"], hours_sitting="30")
    assert status == 422
    assert body["errors"]["hours_sitting"] == ["Ensure this value is less than or equal to 24."]
    # Another answer still saves while that one waits to be fixed.
    status, _ = autosave(patient_client, today, ["leg_pain"], hours_sitting="30", leg_pain="5")
    assert status == 200
    assert DailyEntry.objects.get(user=user).leg_pain == 5


def test_an_autosave_naming_nothing_known_is_a_bad_request(patient_client, today):
    status, _ = autosave(patient_client, today, ["nonsense"])
    assert status == 400
    assert not DailyEntry.objects.exists()


def test_one_submit_saves_everything_without_javascript(patient_client, user, today):
    patient_client.post(
        day_url(today),
        {"leg_pain": "4", "pain_reach_left": "2", "numbness_left": "on", "note": "ok"}
        | {"signs_asked": SIGNS},
    )
    entry = DailyEntry.objects.get(user=user)
    assert (entry.leg_pain, entry.pain_reach_left, entry.pain_reach_right) == (4, 2, None)
    assert (entry.numbness_left, entry.weakness_left, entry.numbness_right) == (True, False, False)
    assert entry.note == "ok"
    # Nothing ticked among the warning signs, not even "None of these": not answered.
    assert not entry.red_flags_answered
    patient_client.post(day_url(today), {"no_warning_signs": "on", "signs_asked": SIGNS})
    entry.refresh_from_db()
    assert entry.red_flags_answered and not entry.red_flags


def test_the_page_says_which_warning_signs_it_asked(patient_client, today):
    page = patient_client.get(day_url(today)).content.decode()
    assert f'<input type="hidden" name="signs_asked" value="{SIGNS}">' in page


@pytest.mark.parametrize("how", ["autosave", "submit"])
def test_a_page_from_before_the_fifth_sign_does_not_answer_it(patient_client, user, today, how):
    # A page kept from before the list of signs asked (offline, or open for days) had four
    # boxes: beside a ticked one, its unticked boxes answer those four, never the one it did
    # not show.
    data = {"saddle_numbness": "on"}
    if how == "autosave":
        data["autosave"] = "saddle_numbness"
    patient_client.post(day_url(today), data)
    entry = DailyEntry.objects.get(user=user)
    assert entry.bladder_or_bowel_change is False
    assert entry.sexual_problems is None
    # A box that is ticked was on the page, list or no list.
    patient_client.post(day_url(today), {"leg_pain": "4", "sexual_problems": "on"})
    assert DailyEntry.objects.get(user=user).sexual_problems is True


def test_every_score_row_says_which_end_is_best(patient_client, today):
    page = patient_client.get(day_url(today)).content.decode()
    rows = page.split('<fieldset class="score mb-3">')[1:7]
    best = {}
    for row in rows:
        name = re.search(r'name="(\w+)"', row).group(1)
        ends = re.findall(r'class="score-end score-end-(good|bad)">([^<]+)<', row)
        assert len(ends) == 2 and {kind for kind, _ in ends} == {"good", "bad"}, name
        best[name] = ("0" if ends[0][0] == "good" else "10", re.search(r"· (\d+) is best", row)[1])
    assert best == {
        "leg_pain": ("0", "0"),
        "back_pain": ("0", "0"),
        "muscle_tightness": ("0", "0"),
        "nerve_symptoms": ("0", "0"),
        "mobility": ("10", "10"),
        "sleep_quality": ("10", "10"),
    }


# Where the pain reaches


def test_the_leg_questions_are_answered_together(patient_client, user, today):
    autosave(patient_client, today, ["pain_reach_right"], pain_reach_right="3")
    entry = DailyEntry.objects.get(user=user)
    assert (entry.pain_reach_right, entry.pain_reach_left, entry.weakness_right) == (3, None, False)
    page = patient_client.get(day_url(today)).content.decode()
    assert 'id="id_pain_reach_right_3" value="3" checked' in page
    assert "Below the knee" in page


def test_a_reach_beyond_the_foot_is_refused(patient_client, today):
    status, body = autosave(patient_client, today, ["pain_reach_left"], pain_reach_left="5")
    assert status == 422 and "pain_reach_left" in body["errors"]


# Words that fit the date


def test_a_past_day_speaks_of_itself(patient_client, today):
    past = today - datetime.timedelta(days=3)
    page = patient_client.get(day_url(past)).content.decode()
    name = f"{past:%A} {past.day} {past:%B}"
    assert f"How was {name}" in page
    assert f"noticed on {name}" in page
    assert "took no supplements on this day" in page
    assert "today" not in page.split('id="entry"')[1].split("</form>")[0].replace(
        "Back to today", ""
    )
    assert f"Save {past:%A}" in page


def test_today_speaks_of_today(patient_client, today):
    page = patient_client.get(day_url(today)).content.decode()
    assert "How are you today?" in page and "Save today" in page


# Suggestions come from that day or before, never after


def test_a_past_days_add_form_is_not_prefilled_from_a_later_day(patient_client, user, today):
    past = today - datetime.timedelta(days=5)
    MagnesiumDoseFactory(user=user, date=past - datetime.timedelta(days=1), amount_mg=150)
    MagnesiumDoseFactory(user=user, date=today, amount_mg=400)
    form = patient_client.get(day_url(past)).context["forms"]["dose"]
    assert form["amount_mg"].value() == "150"
    assert patient_client.get(day_url(today)).context["forms"]["dose"]["amount_mg"].value() == (
        "400"
    )


def test_the_latest_session_is_suggested(patient_client, user, today):
    pose = Exercise.objects.get(name="Balasana")
    ExerciseSessionFactory(
        user=user, date=today - datetime.timedelta(days=1), exercise=pose, minutes=8
    )
    form = patient_client.get(day_url(today)).context["forms"]["session"]
    assert (form["exercise"].value(), form["minutes"].value()) == (pose.pk, 8)


# Same as last time


def test_same_sessions_as_the_last_day(patient_client, user, today):
    last = today - datetime.timedelta(days=2)
    ExerciseSessionFactory(user=user, date=last, minutes=7)
    ExerciseSessionFactory(user=user, date=last, minutes=4)
    page = patient_client.get(day_url(today)).content.decode()
    assert "Same sessions as" in page
    url = reverse("repeat", args=[today, "session"])
    response = patient_client.post(url, **HTMX)
    assert "Repeated 2 sessions from" in response.content.decode()
    patient_client.post(url, **HTMX)  # a second tap adds nothing
    copied = ExerciseSession.objects.filter(user=user, date=today)
    assert sorted(copied.values_list("minutes", flat=True)) == [4, 7]


def test_only_supplements_and_sessions_repeat(patient_client, today):
    assert patient_client.post(reverse("repeat", args=[today, "food"])).status_code == 404


# Removing, and putting back


def test_a_removed_dose_can_be_put_back_once(patient_client, user, today):
    dose = MagnesiumDoseFactory(user=user, date=today, amount_mg=180)
    response = patient_client.post(reverse("delete_item", args=["dose", dose.pk]), **HTMX)
    page = response.content.decode()
    assert "Removed Magnesium glycinate, 180 mg." in page and "Undo" in page
    token = response.context["undo"]["token"]
    response = patient_client.post(reverse("restore_item"), {"token": token}, **HTMX)
    assert "Put back Magnesium glycinate, 180 mg." in response.content.decode()
    restored = MagnesiumDose.objects.get(user=user)
    assert (restored.pk, restored.elemental_mg, restored.time) == (dose.pk, 180, dose.time)
    patient_client.post(reverse("restore_item"), {"token": token})  # a double tap
    assert MagnesiumDose.objects.filter(user=user).count() == 1


def test_undo_without_javascript(patient_client, user, today):
    dose = MagnesiumDoseFactory(user=user, date=today)
    response = patient_client.post(reverse("delete_item", args=["dose", dose.pk]), follow=True)
    # The note names what it would put back (a later visit has no status beside it).
    assert "Removed Magnesium glycinate, 200 mg by mistake?" in response.content.decode()
    token = response.context["undo"]["token"]
    patient_client.post(reverse("restore_item"), {"token": token})
    assert MagnesiumDose.objects.filter(user=user).exists()


def test_another_patients_undo_restores_nothing(client, user, other_user, today):
    from recovery import undo

    dose = MagnesiumDoseFactory(user=other_user, date=today)
    token = undo.token_for("dose", dose)
    dose.delete()
    client.force_login(user)
    client.post(reverse("restore_item"), {"token": token})
    assert not MagnesiumDose.objects.exists()


def test_a_forged_undo_is_refused(patient_client):
    response = patient_client.post(reverse("restore_item"), {"token": "forged"}, follow=True)
    assert "can no longer be undone" in response.content.decode()


# Sections answer in place


def test_adding_food_updates_the_magnesium_totals_too(patient_client, user, today):
    from recovery.models import Food

    response = patient_client.post(
        reverse("add_item", args=[today, "food"]),
        {"food-food": Food.objects.get(name="Spinach, boiled").pk, "food-servings": "1"},
        **HTMX,
    )
    page = response.content.decode()
    assert 'id="food"' in page
    assert 'id="totals" class="totals' in page and 'data-hx-swap-oob="true"' in page


def test_an_exercise_explains_itself(patient_client, today):
    page = patient_client.get(day_url(today)).content.decode()
    stretch = Exercise.objects.get(name="Supta Padangusthasana")
    assert f'data-exercise="{stretch.pk}"' in page
    assert stretch.instructions[:40] in page
    assert stretch.cautions[:40] in page


def test_food_logged_yesterday_is_not_counted_today(patient_client, user, today):
    FoodLogFactory(user=user, date=today - datetime.timedelta(days=1))
    assert patient_client.get(day_url(today)).context["totals"].food_mg == 0


# One key, one item


def test_the_same_add_sent_twice_logs_one_dose(patient_client, user, today):
    from recovery.models import MagnesiumForm

    form = patient_client.get(day_url(today)).context["forms"]["dose"]
    data = {
        "dose-key": str(form["key"].value()),
        "dose-form": MagnesiumForm.objects.get(name="Magnesium glycinate").pk,
        "dose-amount_mg": "200",
        "dose-amount_basis": "elemental",
    }
    url = reverse("add_item", args=[today, "dose"])
    patient_client.post(url, data, **HTMX)
    again = patient_client.post(url, data, **HTMX)
    assert "Already added" in again.content.decode()
    assert MagnesiumDose.objects.filter(user=user).count() == 1
    # The section that comes back carries a new key for the next dose.
    fresh = again.context["forms"]["dose"]["key"].value()
    assert str(fresh) != data["dose-key"]
    patient_client.post(url, {**data, "dose-key": str(fresh)}, **HTMX)
    assert MagnesiumDose.objects.filter(user=user).count() == 2


def test_a_bad_key_is_explained_not_a_crash(patient_client, today):
    from recovery.models import Food, FoodLog

    response = patient_client.post(
        reverse("add_item", args=[today, "food"]),
        {"food-key": "not-a-uuid", "food-food": Food.objects.first().pk, "food-servings": "1"},
    )
    assert response.status_code == 200
    assert "key" in response.context["forms"]["food"].errors
    assert not FoodLog.objects.exists()


def test_same_as_last_time_copies_no_keys(patient_client, user, today):
    import uuid

    MagnesiumDoseFactory(
        user=user, date=today - datetime.timedelta(days=1), client_key=uuid.uuid4()
    )
    patient_client.post(reverse("repeat", args=[today, "dose"]))
    assert MagnesiumDose.objects.get(user=user, date=today).client_key is None
