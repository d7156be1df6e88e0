"""Logging a whole day on a phone, in a real browser."""

from decimal import Decimal

import pytest

from recovery.models import DailyEntry, ExerciseSession, MagnesiumDose
from tests.browser.conftest import at_home
from tests.factories import PASSWORD, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SCORES = {
    "leg_pain": 6,
    "back_pain": 3,
    "muscle_tightness": 7,
    "nerve_symptoms": 4,
    "mobility": 5,
    "sleep_quality": 6,
}


def result(page, text):
    """A section's result, as shown next to it (the live region repeats it for screen
    readers a moment later, so a page-wide search could find two)."""
    return page.locator("[data-section-status]", has_text=text)


def log_in(page, user):
    page.goto("/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(at_home)


def test_log_a_full_day_on_a_phone(page):
    user = UserFactory(username="ana")
    log_in(page, user)
    page.get_by_role("link", name="Log today").first.click()
    page.wait_for_url("**/today/")
    # A marker that only survives if the page is never reloaded.
    page.evaluate("window.stillTheSamePage = true")

    page.get_by_text("Add a dose").click()
    page.select_option("#id_dose-form", label="Magnesium glycinate")
    page.fill("#id_dose-amount_mg", "200")
    page.get_by_role("button", name="Add dose").click()
    result(page, "Added Magnesium glycinate, 200 mg.").wait_for()
    assert page.locator(".totals").inner_text().count("200 mg") == 2  # supplements, together

    page.get_by_text("Add a session").click()
    page.select_option("#id_session-exercise", label="Knee-to-chest stretch")
    # The page shows the fields that fit a stretch, not the breathing pace.
    assert page.locator("#id_session-repetitions_per_side").is_visible()
    assert not page.locator("#id_session-breaths_per_minute").is_visible()
    page.fill("#id_session-repetitions_per_side", "3")
    page.get_by_role("button", name="Add session").click()
    result(page, "Added Knee-to-chest stretch, 3 min.").wait_for()
    assert page.evaluate("window.stillTheSamePage") is True

    for name, score in SCORES.items():
        page.locator(f'label[for="id_{name}_{score}"]').click()
    page.get_by_role("button", name="Done").click()
    page.wait_for_url(at_home)
    assert page.console_errors == []

    entry = DailyEntry.objects.get(user=user)
    assert {name: getattr(entry, name) for name in SCORES} == SCORES
    dose = MagnesiumDose.objects.get(user=user)
    assert (dose.elemental_mg, dose.date) == (Decimal("200.0"), entry.date)
    assert ExerciseSession.objects.get(user=user).repetitions_per_side == 3
    # The chosen scores are still shown when the day is opened again.
    page.goto("/today/")
    assert page.locator("#id_leg_pain_6").is_checked()


def test_a_mistaken_score_can_be_cleared(page):
    log_in(page, UserFactory())
    page.goto("/today/")
    label = page.locator('label[for="id_back_pain_8"]')
    label.click()
    assert page.locator("#id_back_pain_8").is_checked()
    label.click()
    assert not page.locator("#id_back_pain_8").is_checked()


def test_the_core_form_works_without_javascript(browser, live_server):
    context = browser.new_context(java_script_enabled=False, base_url=live_server.url)
    page = context.new_page()
    user = UserFactory()
    log_in(page, user)
    page.goto("/today/")
    page.locator('label[for="id_leg_pain_2"]').click()
    page.get_by_role("button", name="Save today").click()
    page.get_by_text("Saved your log for").wait_for()
    page.get_by_text("Add a dose").click()
    page.select_option("#id_dose-form", label="Magnesium citrate")
    page.fill("#id_dose-amount_mg", "150")
    page.get_by_role("button", name="Add dose").click()
    # Without JavaScript the result is the page's message (and there is no live region).
    page.get_by_text("Added Magnesium citrate, 150 mg.").wait_for()
    context.close()
    assert DailyEntry.objects.get(user=user).leg_pain == 2
    assert MagnesiumDose.objects.filter(user=user).count() == 1
