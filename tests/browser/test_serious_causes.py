"""The other serious-cause questions in a browser: met once right after sign-up, answered or
skipped, and changed in Settings; both pages clean for axe at phone and desktop widths, with
the form's own error and the advice shown."""

import pytest

from recovery import serious_causes
from recovery.models import Profile
from recovery.models.profile import SERIOUS_CAUSE_FIELDS
from tests.browser.conftest import DESKTOP, PHONE, at_home
from tests.browser.test_accessibility import AXE, axe_violations
from tests.browser.test_daily_log import log_in
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
ADVICE = "Please see a doctor soon about your back pain"


@pytest.fixture(scope="module")
def axe():
    if not AXE.exists():
        pytest.skip(f"axe-core missing ({AXE}): run bin/setup --dev")
    return AXE.read_text()


def checked_context(browser, live_server, viewport):
    # The pages' strict CSP would refuse the injected checker.
    return browser.new_context(viewport=viewport, base_url=live_server.url, bypass_csp=True)


def sign_up(page, username):
    page.goto("/accounts/signup/")
    page.fill("#id_username", username)
    page.fill("#id_email", f"{username}@example.com")
    page.fill("#id_password1", "a-long-enough-passphrase")
    page.fill("#id_password2", "a-long-enough-passphrase")
    page.get_by_role("button", name="Create account").click()
    page.wait_for_url("**/accounts/signup/questions/")


@pytest.mark.parametrize(("width", "viewport"), [("phone", PHONE), ("desktop", DESKTOP)])
def test_the_step_after_sign_up_is_clean_and_answered_with_none_of_these(
    browser, live_server, axe, width, viewport
):
    context = checked_context(browser, live_server, viewport)
    page = context.new_page()
    sign_up(page, f"new-{width}")
    assert page.get_by_role("group", name="Do any of these apply to you?").is_visible()
    assert axe_violations(page, axe) == []

    # Nothing ticked: the form says what to do, and the page stays clean.
    page.get_by_role("button", name="Save my answers").click()
    page.get_by_text("Tick the ones that apply to you, or “None of these”.").wait_for()
    assert axe_violations(page, axe) == []

    page.get_by_label("None of these").check()
    page.get_by_role("button", name="Save my answers").click()
    page.wait_for_url(at_home)
    profile = Profile.objects.get(user__username=f"new-{width}")
    assert serious_causes.answers(profile) == dict.fromkeys(SERIOUS_CAUSE_FIELDS, False)
    assert page.get_by_text("Your answers are saved.").is_visible()
    assert page.get_by_text(ADVICE).count() == 0
    context.close()


def test_the_step_can_be_skipped(page):
    sign_up(page, "skipper")
    page.get_by_role("link", name="Skip for now").click()
    page.wait_for_url(at_home)
    profile = Profile.objects.get(user__username="skipper")
    assert profile.serious_causes_answered_at is None
    page.goto("/settings/")
    assert page.get_by_text("Not answered yet").is_visible()
    assert page.console_errors == []


@pytest.mark.parametrize(("width", "viewport"), [("phone", PHONE), ("desktop", DESKTOP)])
def test_settings_show_the_advice_and_change_the_answers(
    browser, live_server, axe, width, viewport
):
    user = UserFactory()
    serious_causes.record(user.profile, ["cancer_history", "unexplained_weight_loss"])
    context = checked_context(browser, live_server, viewport)
    page = context.new_page()
    log_in(page, user)
    page.goto("/settings/")
    notice = page.locator("#serious-causes-notice")
    assert notice.get_by_text(ADVICE).is_visible()
    assert "a history of cancer; weight loss you cannot explain" in notice.inner_text()
    assert page.get_by_label("A history of cancer").is_checked()
    assert axe_violations(page, axe) == []

    # Ticking "None of these" beside a yes is explained, not guessed.
    page.get_by_label("None of these").check()
    page.get_by_role("button", name="Save these answers").click()
    page.get_by_text("You ticked “None of these” and another answer").wait_for()
    assert axe_violations(page, axe) == []

    for label in ("A history of cancer", "Weight loss you cannot explain"):
        page.get_by_label(label).uncheck()
    page.get_by_role("button", name="Save these answers").click()
    page.get_by_text("Your answers are saved.").wait_for()
    assert page.locator("#serious-causes-notice").count() == 0
    user.profile.refresh_from_db()
    assert not any(serious_causes.answers(user.profile).values())
    context.close()
