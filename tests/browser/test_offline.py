"""The check-in without a connection: every answer and item kept on the phone, the page
still there after a reload, everything sent once when the connection returns, and a change
the server does not take shown, not dropped."""

import re

import pytest

from recovery import daylog
from recovery.days import local_today
from recovery.models import DailyEntry, FoodLog, HabitLog, MagnesiumDose
from tests.browser.conftest import READY, at_home, go_offline, go_online, log_out

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

UNSENT = "Saved on this phone, not yet sent"
QUEUE = "() => CheckinQueue.all(document.querySelector('#entry').dataset.account)"
EMPTY = QUEUE + ".then((changes) => changes.length === 0)"


def tap(page, name, value):
    page.locator(f'label[for="id_{name}_{value}"]').click()


def add_dose(page, amount):
    page.get_by_text("Add a dose").click()
    page.select_option("#id_dose-form", label="Magnesium glycinate")
    page.fill("#id_dose-amount_mg", amount)
    page.get_by_role("button", name="Add dose").click()


def add_food(page):
    page.locator("#food summary").click()
    page.select_option("#id_food-food", index=1)
    page.locator("#food").get_by_role("button", name="Add food").click()


def fill_offline(page):
    tap(page, "leg_pain", 6)
    tap(page, "back_pain", 3)
    page.locator("[data-section=scores] [data-save-state]", has_text=UNSENT).wait_for()
    page.get_by_label("Numbness between the legs", exact=False).check()
    add_dose(page, "200")
    page.locator("[data-unsent=dose]", has_text="Magnesium glycinate").wait_for()
    add_food(page)
    page.locator("[data-unsent=food] li").wait_for()
    page.get_by_text("Anything the guide says can worsen sciatica?").click()
    page.locator("#habits input[type=checkbox]").first.check()
    page.locator("#habits [data-section-status]", has_text=UNSENT).wait_for()


def test_a_check_in_made_offline_survives_a_reload_and_arrives_once(installed):
    page, patient = installed, installed.patient
    go_offline(page)
    page.get_by_text("No connection.").wait_for()
    fill_offline(page)
    # The urgent message needs no server.
    alert = page.locator("#red-flag-alert")
    assert alert.get_by_text("Go to an emergency department now").is_visible()
    assert not DailyEntry.objects.filter(user=patient).exists()

    page.reload()  # still offline: the kept copy, with what waits on the phone on top of it
    page.locator("[data-section=scores] [data-save-state]", has_text=UNSENT).wait_for()
    assert page.locator("#id_leg_pain_6").is_checked()
    assert page.locator("#id_saddle_numbness").is_checked()
    assert page.locator("#habits input[type=checkbox]").first.is_checked()
    assert page.locator("[data-unsent=dose]").get_by_text(UNSENT).is_visible()
    assert page.locator("[data-unsent=food]").get_by_text(UNSENT).is_visible()
    assert page.get_by_text("Go to an emergency department now").first.is_visible()

    go_online(page)
    page.wait_for_function(EMPTY)
    # The page then shows the server's copy: the items with their Remove buttons.
    page.get_by_role("button", name="Remove Magnesium glycinate, 200 mg").wait_for()
    assert page.locator("[data-unsent]").count() == 0
    entry = DailyEntry.objects.get(user=patient)
    assert (entry.leg_pain, entry.back_pain, entry.saddle_numbness) == (6, 3, True)
    assert MagnesiumDose.objects.filter(user=patient).count() == 1
    assert FoodLog.objects.filter(user=patient).count() == 1
    assert HabitLog.objects.filter(user=patient).count() == 1
    assert page.console_errors == []


def test_new_sexual_problems_ticked_offline_show_the_urgent_message_at_once(installed):
    page, patient = installed, installed.patient
    go_offline(page)
    page.get_by_text("No connection.").wait_for()
    page.get_by_label("New sexual problems", exact=False).check()
    # From the page's own template, in the server's words, with the sign as it is asked.
    for place in ("#red-flag-alert", "[data-flags-alert]"):
        alert = page.locator(place)
        alert.get_by_text("Go to an emergency department now").wait_for()
        reported = alert.locator("[data-flag-list]").inner_text()
        assert reported.startswith("new sexual problems (loss of genital feeling")
        assert "call the emergency number now; do not wait" in alert.inner_text()
    assert not DailyEntry.objects.filter(user=patient).exists()

    go_online(page)
    page.wait_for_function(EMPTY)
    # Sent, the page shows the server's own alert, which names the day.
    server_alert = re.compile(r"On \w+ \d+ \w+ you reported: new sexual problems")
    page.locator("#red-flag-alert", has_text=server_alert).wait_for()
    entry = DailyEntry.objects.get(user=patient)
    assert (entry.sexual_problems, entry.saddle_numbness) == (True, False)
    assert page.console_errors == []


def test_the_same_queue_sent_twice_adds_nothing(installed):
    page, patient = installed, installed.patient
    go_offline(page)
    tap(page, "leg_pain", 5)
    add_dose(page, "150")
    page.locator("[data-unsent=dose] li").wait_for()
    kept = page.evaluate(QUEUE)
    go_online(page)
    page.wait_for_function(EMPTY)
    # The same changes again, as from a second tab that had read them before the first sent.
    page.evaluate(
        "(kept) => Promise.all(kept.map((c) => { delete c.seq; return CheckinQueue.add(c); }))",
        kept,
    )
    page.reload()
    page.wait_for_function(EMPTY)
    assert MagnesiumDose.objects.filter(user=patient).count() == 1
    assert DailyEntry.objects.filter(user=patient).count() == 1
    assert DailyEntry.objects.get(user=patient).leg_pain == 5
    assert not page.locator("#sync-problems").is_visible()


def test_a_change_the_server_does_not_take_is_shown(installed):
    page, patient = installed, installed.patient
    go_offline(page)
    tap(page, "leg_pain", 7)
    add_dose(page, "5000")  # far above any supplement: the server's form refuses it
    page.locator("[data-unsent=dose] li").wait_for()
    # Meanwhile, on the laptop, online: the leg pain changed after the phone's tap.
    daylog.save_entry(patient, local_today(patient.profile.timezone), {"leg_pain": 2})
    go_online(page)

    problems = page.locator("#sync-problems")
    problems.get_by_text("Leg pain was changed later on another device").wait_for()
    assert problems.get_by_role("heading", name="Not taken by the server").is_visible()
    # A refused item is shown where it was added, with the form's own reason.
    refused = page.locator("[data-unsent=dose] li", has_text="Not added:")
    assert "far above any supplement" in refused.inner_text()
    assert "Magnesium glycinate, Amount (mg): 5000" in refused.inner_text()
    # The page shows the answer the server kept.
    page.wait_for_function("() => document.querySelector('#id_leg_pain_2').checked")
    assert DailyEntry.objects.get(user=patient).leg_pain == 2
    assert not MagnesiumDose.objects.filter(user=patient).exists()

    # Read, and dismissed: only then is it gone, and it stays gone after a reload.
    problems.get_by_role("button", name="OK, remove this note").click()
    refused.get_by_role("button", name="OK, remove this note").click()
    page.wait_for_function(EMPTY)
    page.reload()
    assert not problems.is_visible()
    assert page.locator("[data-unsent]").count() == 0


def test_a_shared_phone_forgets_the_last_patients_check_in(installed, django_user_model):
    page = installed
    tap(page, "leg_pain", 8)
    page.locator("[data-section=scores] [data-save-state]", has_text="Saved").wait_for()
    log_out(page)
    page.wait_for_url(at_home)
    # Logging out removed the worker; the home page installs it afresh, with nothing kept.
    page.wait_for_function(READY)
    go_offline(page)
    page.goto("/today/")
    assert page.get_by_role("heading", name="No connection").is_visible()
    assert page.locator("#id_leg_pain_8").count() == 0
    go_online(page)


def test_a_session_that_ended_without_logging_out_leaves_nothing_kept(installed):
    page = installed
    # The session cookie expires; the next page the server sends is for nobody.
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.wait_for_function("() => caches.has('pages').then((kept) => !kept)")
    go_offline(page)
    page.goto("/today/")
    assert page.get_by_role("heading", name="No connection").is_visible()
    go_online(page)


def test_logging_out_with_changes_not_yet_sent_asks_first(installed):
    page = installed
    go_offline(page)
    tap(page, "leg_pain", 4)
    page.locator("[data-section=scores] [data-save-state]", has_text=UNSENT).wait_for()
    questions = []

    def answer(dialog):
        questions.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", answer)
    log_out(page)  # the question comes with the tap
    assert questions == [
        "1 change saved on this phone has not been sent yet. Logging out deletes it from "
        "this phone. Log out anyway?"
    ]
    assert page.url.endswith("/today/")  # still signed in, the change still kept
    assert len(page.evaluate(QUEUE)) == 1
    go_online(page)
    page.wait_for_function(EMPTY)  # and sent once the connection is back


def test_a_form_sent_offline_gets_the_offline_page(installed):
    page = installed
    page.goto("/settings/")
    go_offline(page)
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_role("heading", name="No connection").wait_for()
    go_online(page)
