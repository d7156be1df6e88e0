"""The app installs, shows its own page without a connection, and forgets itself on logout."""

import pytest

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, PHONE, READY, at_home, log_out
from tests.browser.test_daily_log import log_in
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_chromium_finds_the_app_installable(browser, live_server, tmp_path):
    # Test contexts are incognito, from which Chromium never installs: use a real profile.
    context = browser.browser_type.launch_persistent_context(
        str(tmp_path / "profile"),
        executable_path=str(CHROMIUM),
        args=CHROMIUM_ARGS,
        base_url=live_server.url,
        viewport=PHONE,
    )
    page = context.pages[0] if context.pages else context.new_page()
    log_in(page, UserFactory())
    page.goto("/today/")
    page.wait_for_function(READY)
    session = context.new_cdp_session(page)
    errors = session.send("Page.getInstallabilityErrors")["installabilityErrors"]
    manifest = session.send("Page.getAppManifest")
    context.close()
    assert errors == []
    assert manifest["errors"] == []


def test_a_page_opened_offline_is_the_apps_own(installed):
    installed.context.set_offline(True)
    installed.goto("/history/")
    assert installed.get_by_role("heading", name="No connection").is_visible()
    # Its styles came from the worker's copies too.
    colour = installed.evaluate(
        "getComputedStyle(document.querySelector('.navbar')).backgroundColor"
    )
    assert colour == "rgb(10, 88, 202)"
    installed.context.set_offline(False)


def test_logging_out_clears_the_kept_files_and_the_worker(installed):
    assert installed.evaluate("caches.has('pages')")
    assert installed.evaluate("indexedDB.databases().then((found) => found.length)") == 1
    log_out(installed)
    installed.wait_for_url(at_home)
    # No kept page survives (the home page's worker may already keep its own files again).
    installed.wait_for_function("() => caches.has('pages').then((kept) => !kept)")
    assert installed.evaluate("indexedDB.databases()") == []
    registrations = installed.evaluate(
        "navigator.serviceWorker.getRegistrations().then((found) => found.length)"
    )
    # The home page registers the worker afresh for whoever comes next, with nothing kept
    # from the patient who left.
    assert registrations <= 1
