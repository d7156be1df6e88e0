"""The other serious-cause questions (REFERENCE.md, "Other serious causes"): asked once after
sign-up and in Settings, stored as unanswered until answered, with their own advice to get a
prompt medical assessment wherever the patient's progress is shown."""

import datetime
import re

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.urls import reverse

from recovery import serious_causes
from recovery.models import Profile
from recovery.models.profile import SERIOUS_CAUSE_FIELDS
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db
ADVICE_TITLE = "Please see a doctor soon about your back pain"
EMERGENCY = "Go to an emergency department now"
NOW = datetime.datetime(2026, 3, 4, 23, 30, tzinfo=datetime.UTC)


def signup(client):
    return client.post(
        reverse("signup"),
        {
            "username": "maria",
            "email": "maria@example.com",
            "password1": "a-long-enough-passphrase",
            "password2": "a-long-enough-passphrase",
            "timezone": "Europe/Madrid",
        },
    )


def answer(client, *present, url=None):
    data = {"causes-present": list(present)}
    if url is None:
        url, data["form"] = reverse("settings"), "causes"
    return client.post(url, data)


def stored(user):
    profile = Profile.objects.get(user=user)
    return serious_causes.answers(profile), profile.serious_causes_answered_at


# The step after sign-up


def test_signup_leads_to_the_questions_once_and_none_of_these_answers_them(client):
    response = signup(client)
    assert response.url == reverse("signup_questions")
    page = client.get(response.url).content.decode()
    assert "Welcome! Your account is ready." in page  # the sign-up's message is not lost
    assert "NICE CKS" in page
    for words in serious_causes.QUESTIONS.values():
        assert words[1:] in page  # capitalised in the form
    assert "None of these" in page and "Skip for now" in page

    response = answer(client, "none", url=reverse("signup_questions"))
    assert response.url == reverse("home")
    user = get_user_model().objects.get(username="maria")
    answers, answered_at = stored(user)
    assert answers == dict.fromkeys(SERIOUS_CAUSE_FIELDS, False)
    assert answered_at is not None
    home = client.get(reverse("home")).content.decode()
    assert ADVICE_TITLE not in home
    # The step is met once: the dashboard never sends the patient back to it.
    assert client.get(reverse("home")).status_code == 200


def test_the_step_can_be_skipped_and_nothing_is_taken_as_no(client):
    signup(client)
    page = client.get(reverse("signup_questions")).content.decode()
    assert f'href="{reverse("home")}">Skip for now' in page
    user = get_user_model().objects.get(username="maria")
    # Skipping is a link home: the account stands, and the answers stay unanswered.
    assert client.get(reverse("home")).status_code == 200
    answers, answered_at = stored(user)
    assert answers == dict.fromkeys(SERIOUS_CAUSE_FIELDS) and answered_at is None
    settings = client.get(reverse("settings")).content.decode()
    assert "Not answered yet" in settings
    assert ADVICE_TITLE not in settings


@time_machine.travel(NOW, tick=False)
def test_a_yes_stores_yes_and_no_for_the_rest_with_when(client):
    signup(client)
    response = answer(
        client, "cancer_history", "night_pain_not_eased", url=reverse("signup_questions")
    )
    assert response.url == reverse("home")
    user = get_user_model().objects.get(username="maria")
    answers, answered_at = stored(user)
    assert answers == {
        name: name in ("cancer_history", "night_pain_not_eased") for name in SERIOUS_CAUSE_FIELDS
    }
    assert answered_at == NOW
    # Told in the patient's own calendar: half past midnight in Madrid is the next day.
    notice = serious_causes.notice(user.profile)
    assert notice.text.startswith(
        "On 5 March 2026 you told us: a history of cancer; pain that is worse at night"
    )


@pytest.mark.parametrize(
    ("present", "message"),
    [
        ([], "Tick the ones that apply to you, or “None of these”."),
        (["none", "fever_or_unwell"], "You ticked “None of these” and another answer"),
        (["not_a_question"], "Select a valid choice."),
    ],
)
def test_an_unclear_answer_is_explained_and_nothing_is_stored(
    patient_client, user, present, message
):
    for url in (reverse("signup_questions"), None):
        response = answer(patient_client, *present, url=url)
        assert response.status_code == 200
        assert message in response.content.decode()
        assert stored(user) == (dict.fromkeys(SERIOUS_CAUSE_FIELDS), None)


# The advice, where it is shown


def test_the_dashboard_shows_the_advice_not_the_emergency_message(client):
    signup(client)
    answer(client, "unexplained_weight_loss", url=reverse("signup_questions"))
    home = client.get(reverse("home")).content.decode()
    assert ADVICE_TITLE in home
    assert "you told us: weight loss you cannot explain." in home
    assert "NICE CKS (Sciatica; Low back pain) advises a prompt medical assessment" in home
    assert EMERGENCY not in home
    # Answered "no" later in Settings: the dashboard, worked out afresh, drops it.
    answer(client, "none")
    assert ADVICE_TITLE not in client.get(reverse("home")).content.decode()


def test_settings_show_the_answers_and_change_them(patient_client, user):
    answer(patient_client, "significant_trauma")
    page = patient_client.get(reverse("settings"))
    html = page.content.decode()
    assert ADVICE_TITLE in html and EMERGENCY not in html
    assert "a significant injury before the pain began" in html
    assert page.context["causes_form"].initial["present"] == ["significant_trauma"]
    assert re.search(r'value="significant_trauma"\s+id="id_causes-present_3"\s+checked', html)
    assert "Last answered on" in html

    # Changed at any time: a new one appears, the old one has gone.
    response = answer(patient_client, "fever_or_unwell", "weak_immunity_or_injected_drugs")
    assert response.url == reverse("settings")
    answers, _ = stored(user)
    assert [name for name, yes in answers.items() if yes] == [
        "fever_or_unwell",
        "weak_immunity_or_injected_drugs",
    ]
    answer(patient_client, "none")
    page = patient_client.get(reverse("settings"))
    assert page.context["causes_form"].initial["present"] == ["none"]
    assert ADVICE_TITLE not in page.content.decode()


def test_settings_open_with_neither_form_judged(patient_client):
    page = patient_client.get(reverse("settings"))
    assert not page.context["form"].is_bound and not page.context["causes_form"].is_bound
    assert "This field is required." not in page.content.decode()


def test_saving_the_other_settings_leaves_the_answers_alone(patient_client, user):
    answer(patient_client, "cancer_history")
    before = stored(user)
    response = patient_client.post(
        reverse("settings"), {"timezone": "Europe/Berlin", "kidney_condition": "on"}
    )
    assert response.url == reverse("home")
    assert Profile.objects.get(user=user).timezone == "Europe/Berlin"
    assert stored(user) == before


def test_the_report_carries_the_advice(patient_client, user):
    assert patient_client.get(reverse("report")).context["serious_causes_notice"] is None
    answer(patient_client, "new_pain_under_20_or_over_50")
    notice = patient_client.get(reverse("report")).context["serious_causes_notice"]
    assert notice.title == ADVICE_TITLE
    assert "the back pain is new, and you are under 20 or over 50" in notice.text
    page = patient_client.get(reverse("report")).content.decode()
    assert ADVICE_TITLE in page and "advises a prompt medical assessment" in page
    assert EMERGENCY not in page


def test_another_patients_answers_are_never_mine(patient_client, user, other_user):
    serious_causes.record(other_user.profile, ["cancer_history"])
    for url in (reverse("home"), reverse("settings"), reverse("signup_questions")):
        assert ADVICE_TITLE not in patient_client.get(url).content.decode(), url
    answer(patient_client, "none")
    assert stored(other_user)[0]["cancer_history"] is True


def test_the_questions_need_a_signed_in_patient(client):
    assert client.get(reverse("signup_questions")).url.startswith(reverse("login"))
    response = client.post(reverse("signup_questions"), {"causes-present": ["none"]})
    assert response.url.startswith(reverse("login"))


def test_deleting_the_account_deletes_the_answers(patient_client, user):
    answer(patient_client, "cancer_history")
    patient_client.post(reverse("delete_account"), {"confirm": "on", "password": PASSWORD})
    assert not Profile.objects.filter(user_id=user.pk).exists()


def test_record_refuses_a_question_it_does_not_know(user):
    with pytest.raises(ValueError, match="not a serious-cause question"):
        serious_causes.record(user.profile, ["headache"])
    assert stored(user) == (dict.fromkeys(SERIOUS_CAUSE_FIELDS), None)


def test_the_admin_shows_the_answers(admin_client, user):
    serious_causes.record(user.profile, ["cancer_history"])
    page = admin_client.get(reverse("admin:recovery_profile_change", args=[user.profile.pk]))
    html = page.content.decode()
    assert "A history of cancer" in html
    assert "Other serious causes last answered" in html


def test_unanswered_questions_are_asked_on_the_dashboard_and_noted_in_the_report(
    patient_client, user
):
    # An account from before the questions, or one that skipped them.
    assert serious_causes.unanswered(user.profile)
    home = patient_client.get(reverse("home")).content.decode()
    assert "are not answered yet" in home and reverse("signup_questions") in home
    report = patient_client.get(reverse("report")).content.decode()
    assert "questions on other serious causes" in report and "not answered yet" in report
    answer(patient_client, "none")
    home = patient_client.get(reverse("home")).content.decode()
    assert "are not answered yet" not in home  # the kept dashboard is worked out again
    assert "not answered yet" not in patient_client.get(reverse("report")).content.decode()


def test_a_question_never_answered_is_not_shown_as_none_of_these(patient_client, user):
    serious_causes.record(user.profile, [])
    Profile.objects.filter(user=user).update(fever_or_unwell=None)  # a question added since
    page = patient_client.get(reverse("settings")).content.decode()
    assert not re.search(r'value="none"[^>]*checked', page)
    assert "are not answered yet" in patient_client.get(reverse("home")).content.decode()


def test_a_yes_without_a_time_still_gives_the_advice(user):
    Profile.objects.filter(user=user).update(cancer_history=True)
    notice = serious_causes.notice(Profile.objects.get(user=user))
    assert notice.text.startswith("You told us: ")
