"""The guided players in a real browser: played by the clock (Playwright's clock control for
minutes in seconds, a blocked main thread for drift), paused by the space bar, still under
reduced motion, and logging themselves once, online or not."""

import datetime
import time

import pytest

from recovery.days import local_today
from recovery.models import Exercise, ExerciseSession
from tests.browser.conftest import KEPT, go_offline, go_online
from tests.browser.test_accessibility import AXE, axe_violations
from tests.browser.test_daily_log import log_in
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WORDS = "[data-words]"


def pk(name):
    return Exercise.objects.get(name=name).pk


def shown(page, selector):
    return page.locator(selector).inner_text()


def frozen(page):
    """The page's clock, stopped: it moves only when the test says."""
    now = datetime.datetime.fromtimestamp(page.evaluate("Date.now()") / 1000, datetime.UTC)
    page.clock.pause_at(now + datetime.timedelta(seconds=1))


def sessions(user):
    return list(ExerciseSession.objects.filter(user=user).select_related("exercise"))


def saved(page, user, count):
    """Waits for the server to have the page's sessions (the page says so first)."""
    page.locator("[data-done]").wait_for()
    for _ in range(100):
        if len(sessions(user)) >= count:
            return sessions(user)
        time.sleep(0.05)
    raise AssertionError(page.locator("[data-done]").inner_text())


@pytest.fixture
def patient(page):
    user = UserFactory()
    log_in(page, user)
    page.clock.install()
    return user


def test_five_minutes_of_coherent_breathing_paused_and_resumed(page, patient):
    page.goto(f"/practice/breathe/{pk('Coherent breathing')}/")
    page.get_by_text("5 min", exact=True).click()
    frozen(page)
    page.get_by_role("button", name="Start").click()
    assert shown(page, WORDS) == "Breathe in…" and shown(page, "[data-count]") == "1"
    page.clock.run_for(2_000)
    assert shown(page, "[data-count]") == "3"
    page.clock.run_for(3_500)  # 5.5 s: the out-breath
    assert shown(page, WORDS) == "Breathe out…"
    assert shown(page, "[data-left]") == "4:55 left"

    page.keyboard.press("Space")
    assert page.get_by_role("button", name="Go on").is_visible()
    assert shown(page, "[data-announce]") == "Paused"
    page.clock.run_for(60_000)  # a minute away: the practice waits
    assert shown(page, WORDS) == "Paused: “Go on” when you are ready"
    assert shown(page, "[data-left]") == "4:55 left"
    page.keyboard.press("Space")
    assert shown(page, WORDS) == "Breathe out…"
    page.clock.run_for(4_600)  # 10.1 s practised: the next in-breath
    assert shown(page, WORDS) == "Breathe in…"
    assert shown(page, "[data-announce]") == "Breathe in"

    page.clock.fast_forward("05:00")
    (session,) = saved(page, patient, 1)
    assert "Saved on the check-in: Coherent breathing, 5 min." in shown(page, "[data-done]")
    assert session.exercise.name == "Coherent breathing"
    assert session.minutes == 5 and session.breaths_per_minute == 6
    assert session.date == local_today(patient.profile.timezone)
    assert page.console_errors == []


def test_the_nostril_changes_each_breath(page, patient):
    page.goto(f"/practice/breathe/{pk('Anulom Vilom')}/")
    frozen(page)
    page.get_by_role("button", name="Start").click()
    words = []
    for _ in range(4):
        words.append(shown(page, WORDS))
        page.clock.run_for(4_000)
    assert words == [
        "Breathe in through the left nostril…",
        "Breathe out through the right nostril…",
        "Breathe in through the right nostril…",
        "Breathe out through the left nostril…",
    ]


def test_this_hurts_stops_the_routine_and_logs_what_was_done_with_the_pain(page, patient):
    chosen = f"exercise={pk('Knee-to-chest stretch')}&exercise={pk('Seated piriformis stretch')}"
    page.goto(f"/practice/stretch/?{chosen}")
    frozen(page)
    page.get_by_role("button", name="Start").click()
    assert shown(page, WORDS) == "Get into position"
    page.clock.run_for(12_000)
    assert shown(page, WORDS) == "Hold, left side" and shown(page, "[data-count]") == "28"
    # The first stretch takes 80 s (10 to get ready, 30 a side, 10 between); then 55 s of
    # the second: ready, the left side, the rest and 5 s of the right.
    page.clock.run_for(123_000)
    assert shown(page, "[data-which]") == "Stretch 2 of 2"
    assert shown(page, WORDS) == "Hold, right side"
    page.get_by_role("button", name="This hurts — stop").click()
    assert page.get_by_role("heading", name="Stopped: how much did it hurt?").is_visible()
    page.get_by_role("button", name="6", exact=True).click()

    first, second = sorted(saved(page, patient, 2), key=lambda s: s.pk)
    assert (first.exercise.name, first.minutes, first.repetitions_per_side) == (
        "Knee-to-chest stretch",
        1,
        1,
    )
    assert first.pain_during is None  # it did not hurt there
    assert (second.exercise.name, second.minutes, second.repetitions_per_side) == (
        "Seated piriformis stretch",
        1,
        1,  # the left side held; the right side was cut short
    )
    assert second.pain_during == 6
    assert "pain 6/10" in shown(page, "[data-done]")


def test_a_skipped_stretch_is_not_logged(page, patient):
    chosen = f"exercise={pk('Hamstring stretch')}&exercise={pk('Balasana')}"
    page.goto(f"/practice/stretch/?{chosen}")
    frozen(page)
    page.get_by_role("button", name="Start").click()
    page.clock.run_for(15_000)
    page.get_by_role("button", name="Skip this stretch").click()
    assert shown(page, "[data-stretch-name]") == "Balasana"
    page.clock.run_for(101_000)  # ready and the 90 s hold: the end
    page.get_by_role("button", name="Skip this question").click()
    (session,) = saved(page, patient, 1)
    assert (session.exercise.name, session.minutes, session.repetitions_per_side) == (
        "Balasana",
        2,  # 100 s, to the nearest minute
        1,
    )


def test_a_finished_routine_is_saved_before_the_pain_question(page, patient):
    page.goto(f"/practice/stretch/?exercise={pk('Balasana')}")
    frozen(page)
    page.get_by_role("button", name="Start").click()
    page.clock.run_for(101_000)  # ready and the 90 s hold: the end
    assert page.get_by_role("heading", name="Routine done: 2 min").is_visible()
    page.locator("[data-ask-saved]", has_text="Saved on the check-in: Balasana, 2 min.").wait_for()
    # The patient leaves without answering: the routine is kept.
    page.goto("/today/")
    (session,) = sessions(patient)
    assert (session.exercise.name, session.minutes, session.pain_during) == ("Balasana", 2, None)


def test_the_pain_answer_goes_with_the_saved_routine(page, patient):
    page.goto(f"/practice/stretch/?exercise={pk('Balasana')}")
    frozen(page)
    page.get_by_role("button", name="Start").click()
    page.clock.run_for(101_000)
    page.locator("[data-ask-saved]", has_text="Saved on the check-in").wait_for()
    page.get_by_role("button", name="3", exact=True).click()
    page.locator("[data-done-words]", has_text="Balasana, 2 min, pain 3/10.").wait_for()
    (session,) = sessions(patient)
    assert session.pain_during == 3


def test_reduced_motion_shows_a_bar_and_nothing_moves(page, patient):
    page.emulate_media(reduced_motion="reduce")
    page.goto(f"/practice/breathe/{pk('Coherent breathing')}/")
    assert not page.get_by_label("A growing circle (off: a bar instead)").is_checked()
    frozen(page)
    page.get_by_role("button", name="Start").click()
    page.clock.run_for(2_500)
    assert page.locator("[data-bar]").is_visible()
    assert not page.locator("[data-circle]").is_visible()
    assert page.evaluate("document.querySelector('[data-circle]').style.transform") == ""
    assert page.evaluate("document.getAnimations().length") == 0
    assert page.evaluate("document.querySelector('[data-bar]').value") == 500  # half a breath in


def test_with_motion_the_circle_grows_with_the_breath(page, patient):
    page.emulate_media(reduced_motion="no-preference")
    page.goto(f"/practice/breathe/{pk('Coherent breathing')}/")
    frozen(page)
    page.get_by_role("button", name="Start").click()
    scale = "parseFloat(document.querySelector('[data-circle]').style.transform.slice(6))"
    page.clock.run_for(2_500)
    assert page.evaluate(scale) == 0.725  # half way in: from 0.45 toward 1
    page.clock.run_for(2_500)
    assert page.evaluate(scale) == 1
    page.clock.run_for(2_500)
    assert page.evaluate(scale) == 0.725  # half way out


def test_a_blocked_main_thread_does_not_stretch_the_session(page):
    log_in(page, UserFactory())  # the real clock
    page.goto(f"/practice/breathe/{pk('Coherent breathing')}/")
    page.get_by_role("button", name="Start").click()
    page.wait_for_timeout(4_000)
    # Two seconds in which no timer, frame or event can run; counting ticks would lose them.
    page.evaluate("() => { const t = performance.now(); while (performance.now() - t < 2000) {} }")
    after = page.evaluate(
        "() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() =>"
        " done(document.querySelector('[data-words]').textContent))))"
    )
    assert after == "Breathe out…"  # 6 s in: the out-breath, as the clock says


def test_a_session_practised_offline_is_sent_once_when_back(installed):
    page, user = installed, installed.patient
    path = f"/practice/breathe/{pk('Slow diaphragmatic breathing')}/"
    page.goto(path)
    page.wait_for_function(KEPT.format(path=path))
    go_offline(page)
    page.clock.install()
    page.reload()
    page.get_by_text("3 min", exact=True).click()
    frozen(page)
    page.get_by_role("button", name="Start").click()
    page.clock.fast_forward("03:01")
    page.locator("[data-done-words]", has_text="Saved on this phone").wait_for()
    assert sessions(user) == []
    page.clock.resume()
    go_online(page)
    page.goto("/today/")
    for _ in range(100):
        if sessions(user):
            break
        time.sleep(0.05)
    page.reload()  # opened again: nothing is sent twice
    page.locator("#session li strong", has_text="Slow diaphragmatic breathing").wait_for()
    (session,) = sessions(user)
    assert session.minutes == 3 and session.breaths_per_minute == 6


def test_each_state_of_the_players_passes_axe(browser, live_server):
    context = browser.new_context(base_url=live_server.url, bypass_csp=True)
    page = context.new_page()
    log_in(page, UserFactory())
    problems = []
    page.goto(f"/practice/stretch/?exercise={pk('Balasana')}")
    page.get_by_role("button", name="Start").click()
    problems += axe_violations(page, AXE.read_text())
    page.get_by_role("button", name="This hurts — stop").click()
    problems += axe_violations(page, AXE.read_text())
    page.get_by_role("button", name="Skip this question").click()
    page.locator("[data-done]").wait_for()
    problems += axe_violations(page, AXE.read_text())
    page.goto(f"/practice/breathe/{pk('Coherent breathing')}/")
    page.get_by_role("button", name="Start").click()
    page.get_by_role("button", name="Pause").click()
    problems += axe_violations(page, AXE.read_text())
    context.close()
    assert problems == []


def test_the_check_in_and_the_menu_reach_practice_in_one_tap(page):
    log_in(page, UserFactory())
    page.goto("/today/")
    page.locator("#session").get_by_role("link", name="Guided practice").click()
    assert page.get_by_role("heading", name="Guided practice").is_visible()
    page.goto(f"/day/{datetime.date.today() - datetime.timedelta(days=3)}/")
    assert page.locator("#session").get_by_role("link", name="Guided practice").count() == 0
    page.get_by_role("button", name="Show menu").click()
    page.locator(".navbar-collapse.show").wait_for()
    page.get_by_role("link", name="Practice").click()
    page.wait_for_url("**/practice/")
