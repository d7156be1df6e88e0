import datetime
from decimal import Decimal
from unittest import mock

import pytest
from django.urls import reverse

from recovery import safety
from recovery.models import DailyEntry, MagnesiumForm
from recovery.models.logs import RED_FLAG_FIELDS
from tests.factories import DailyEntryFactory, MagnesiumDoseFactory

D = datetime.date


@pytest.mark.parametrize(("mg", "warned"), [(Decimal(350), False), (Decimal("350.1"), True)])
def test_the_upper_limit_is_350_mg_from_supplements(mg, warned):
    notice = safety.over_upper_limit(mg)
    assert (notice is not None) == warned
    if warned:
        assert notice.title == "350.1 mg of magnesium from supplements today"
        assert "does not count" in notice.text


def test_the_kidney_caution_follows_the_profile():
    assert safety.kidney_caution(mock.Mock(kidney_condition=False)) is None
    assert "build up" in safety.kidney_caution(mock.Mock(kidney_condition=True)).text


@pytest.mark.django_db
def test_notes_on_forms():
    note = {form.name: safety.form_note(form) for form in MagnesiumForm.objects.all()}
    assert "poorly absorbed" in note["Magnesium oxide"]
    assert "loosen the stool" in note["Magnesium citrate"]
    assert note["Magnesium glycinate"] is None


@pytest.mark.django_db
class TestRedFlags:
    def alert(self, user, on):
        return safety.red_flag_alert(safety.latest_red_flag_answers(user, on))

    def test_a_red_flag_raises_the_alert(self, user):
        DailyEntryFactory(user=user, date=D(2026, 3, 1), saddle_numbness=True)
        alert = self.alert(user, D(2026, 3, 1))
        assert alert.level == "danger"
        assert "Sunday 1 March" in alert.text
        assert "numbness between the legs" in alert.text

    def test_every_warning_sign_of_the_reference_is_asked(self):
        # REFERENCE.md, "Red flags": urine, bladder or bowel; saddle numbness; sexual
        # problems; both legs; worsening weakness.
        assert set(RED_FLAG_FIELDS) == {
            "bladder_or_bowel_change",
            "saddle_numbness",
            "sexual_problems",
            "pain_in_both_legs",
            "worsening_leg_weakness",
        }

    def test_new_sexual_problems_raise_the_same_alert(self, user):
        DailyEntryFactory(user=user, date=D(2026, 3, 1), sexual_problems=True)
        alert = self.alert(user, D(2026, 3, 1))
        assert (alert.level, alert.title) == ("danger", safety.URGENT_TITLE)
        assert "new sexual problems (loss of genital feeling" in alert.text
        assert alert.text.endswith(safety.URGENT_ADVICE)

    def test_it_stays_until_a_later_answered_day_clears_it(self, user):
        DailyEntryFactory(user=user, date=D(2026, 3, 1), bladder_or_bowel_change=True)
        # A day opened only to log a dose answered nothing, so it clears nothing.
        DailyEntryFactory(user=user, date=D(2026, 3, 2), bladder_or_bowel_change=None)
        assert self.alert(user, D(2026, 3, 3)) is not None
        DailyEntryFactory(
            user=user,
            date=D(2026, 3, 3),
            bladder_or_bowel_change=False,
            saddle_numbness=False,
            sexual_problems=False,
            worsening_leg_weakness=False,
            pain_in_both_legs=False,
        )
        assert self.alert(user, D(2026, 3, 3)) is None
        # The day it was reported still shows it.
        assert self.alert(user, D(2026, 3, 1)) is not None

    def test_another_patients_red_flag_is_not_mine(self, user, other_user):
        DailyEntryFactory(user=other_user, date=D(2026, 3, 1), pain_in_both_legs=True)
        assert self.alert(user, D(2026, 3, 1)) is None


@pytest.mark.django_db
@pytest.mark.parametrize("sign", RED_FLAG_FIELDS)
def test_the_alert_is_on_the_day_page_the_following_days_and_the_home_page(
    patient_client, user, sign
):
    from recovery.days import local_today

    today = local_today("UTC")
    yesterday = today - datetime.timedelta(days=1)
    patient_client.post(reverse("day", args=[yesterday]), {sign: "on"})
    MagnesiumDoseFactory(user=user, date=today)
    # The footer lists every sign; the alert names the one reported, in the field's words.
    reported = f"you reported: {DailyEntry._meta.get_field(sign).verbose_name}."
    # Every page that shows a verdict or a finding shows it above them.
    pages = [reverse("day", args=[yesterday]), reverse("today"), reverse("home")]
    pages += [reverse("insights"), reverse("report")]
    for url in pages:
        page = patient_client.get(url).content.decode()
        assert "Go to an emergency department now" in page, url
        assert safety.URGENT_ADVICE in page, url  # the footer lists the signs; this is the alert
        assert reported in page, url
        assert 'role="alert"' in page
    # Answered today: none of the warning signs.
    patient_client.post(reverse("today"), {"leg_pain": "3", "no_warning_signs": "on"})
    for url in (reverse("home"), reverse("insights"), reverse("report")):
        page = patient_client.get(url).content.decode()
        assert "Go to an emergency department now" not in page, url


@pytest.mark.django_db
def test_just_after_midnight_the_previous_day_is_offered(patient_client, user):
    user.profile.timezone = "Europe/Berlin"
    user.profile.save()
    half_past_midnight = datetime.datetime(2026, 3, 1, 23, 30, tzinfo=datetime.UTC)
    with mock.patch("django.utils.timezone.now", return_value=half_past_midnight):
        response = patient_client.get(reverse("today"))
    assert response.context["day"].date == D(2026, 3, 2)
    assert response.context["offer_previous_day"] == D(2026, 3, 1)
    assert "Log Sunday 1 March" in response.content.decode()


@pytest.mark.django_db
def test_in_the_afternoon_no_other_day_is_offered(patient_client):
    afternoon = datetime.datetime(2026, 3, 2, 15, 0, tzinfo=datetime.UTC)
    with mock.patch("django.utils.timezone.now", return_value=afternoon):
        assert patient_client.get(reverse("today")).context["offer_previous_day"] is None
