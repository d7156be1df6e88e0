"""Medicines and the weekly check on the phone: the unit follows the medicine picked, a
medicine added offline is kept in its own section and sent once, and the weekly check is
answered in place and then gone for the week."""

import pytest

from recovery.models import Medicine, MedicineDose, WeeklyCheck
from tests.browser.conftest import go_offline, go_online
from tests.browser.test_daily_log import log_in
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_the_unit_follows_the_medicine_and_the_dose_is_added(page):
    user = UserFactory()
    log_in(page, user)
    page.goto("/today/")
    section = page.locator("#medicine")
    section.get_by_text("Add a medicine").click()
    page.select_option("#id_medicine-medicine", label="Lidocaine plaster")
    assert page.locator("#id_medicine-unit").input_value() == "patch"
    page.select_option("#id_medicine-medicine", label="Pregabalin")
    assert page.locator("#id_medicine-unit").input_value() == "mg"
    page.fill("#id_medicine-amount", "75")
    page.get_by_label("On a schedule (regular doses)").check()
    section.get_by_role("button", name="Add medicine").click()
    section.locator("[data-section-status]", has_text="Added Pregabalin, 75 mg.").wait_for()
    dose = MedicineDose.objects.get(user=user)
    assert (dose.medicine.name, dose.amount, dose.unit, dose.need) == (
        "Pregabalin",
        75,
        "mg",
        "scheduled",
    )
    # Nothing chosen ahead; picking Pregabalin again offers its last dose, and another
    # medicine never inherits it.
    section.get_by_text("Add a medicine").click()
    assert page.locator("#id_medicine-medicine").input_value() == ""
    page.select_option("#id_medicine-medicine", label="Pregabalin")
    assert page.locator("#id_medicine-amount").input_value() == "75"
    assert page.get_by_label("On a schedule (regular doses)").is_checked()
    page.select_option("#id_medicine-medicine", label="Naproxen")
    assert page.locator("#id_medicine-amount").input_value() == ""
    # Typing a name not on the list leaves the list's choice.
    page.fill("#id_medicine-new_medicine", "Tizanidine")
    assert page.locator("#id_medicine-medicine").input_value() == ""
    page.fill("#id_medicine-new_medicine", "")
    section.get_by_text("Add a medicine").click()  # folded again
    # A supplement in the same section says its own result there.
    section.get_by_text("Add a supplement").click()
    page.select_option("#id_supplement-supplement", index=1)
    section.get_by_role("button", name="Add supplement").click()
    section.locator("[data-section-status]", has_text="Added Omega-3 fatty acids").wait_for()
    assert page.console_errors == []


def test_a_medicine_added_offline_is_kept_and_sent_once(installed):
    page, user = installed, installed.patient
    go_offline(page)
    section = page.locator("#medicine")
    section.get_by_text("Add a medicine").click()
    page.fill("#id_medicine-new_medicine", "Baclofen")
    page.select_option("#id_medicine-unit", "mg")
    page.fill("#id_medicine-amount", "10")
    section.get_by_role("button", name="Add medicine").click()
    page.locator("[data-unsent=medicine] li", has_text="10").wait_for()
    assert not MedicineDose.objects.exists()
    go_online(page)
    section.locator("li strong", has_text="Baclofen").wait_for()
    page.reload()
    section.locator("li strong", has_text="Baclofen").wait_for()
    (dose,) = MedicineDose.objects.filter(user=user)
    assert dose.medicine == Medicine.objects.get(owner=user, name="Baclofen")


def test_the_weekly_check_is_answered_in_place(page):
    user = UserFactory()
    log_in(page, user)
    page.goto("/today/")
    card = page.locator("#weekly-check")
    card.get_by_text("4 questions").click()
    for name, value in (("leg_pain", 5), ("numbness", 3), ("weakness", 1)):
        card.locator(f'label[for="id_weekly-{name}_{value}"]').click()
    card.get_by_role("button", name="Save this week's check").click()
    # One left out: said at once, the answers given kept.
    card.get_by_role("alert").wait_for()
    assert "back or leg pain while sitting" in card.get_by_role("alert").inner_text()
    assert card.locator("#id_weekly-leg_pain_5").is_checked()
    card.locator('label[for="id_weekly-sitting_pain_4"]').click()
    card.get_by_role("button", name="Save this week's check").click()
    page.locator("#weekly-check [data-section-status]", has_text="Saved: 13 of 24").wait_for()
    assert WeeklyCheck.objects.get(user=user).total == 13
    page.reload()
    assert card.get_by_text("This week: 13 of 24 (lower is better).").is_visible()
    assert card.get_by_text("4 questions").count() == 0
    assert page.console_errors == []
