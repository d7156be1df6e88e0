import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
# Without these, Chromium spends its start-up on connections this machine refuses.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(
            f"no Chromium at {CHROMIUM}: install it (apt-get install chromium) or set CHROMIUM_PATH"
        )
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop on this thread for the whole
    # session; Django would take it for async code and refuse database calls.
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(
        viewport=PHONE, timezone_id="Europe/Berlin", base_url=live_server.url
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    # Script errors and CSP violations surface as console errors; the tests assert there are none.
    page.console_errors = []
    page.on("console", lambda msg: msg.type == "error" and page.console_errors.append(msg.text))
    page.on("pageerror", lambda error: page.console_errors.append(str(error)))
    yield page
    context.close()


@pytest.fixture(autouse=True)
def browser_tests_have_the_catalog(starting_catalog):
    pass


READY = "() => navigator.serviceWorker.ready.then(() => true)"
KEPT = "() => caches.open('pages').then((c) => c.match('{path}')).then(Boolean)"


@pytest.fixture
def installed(page):
    """A signed-in patient's phone, its check-in loaded under the app's service worker."""
    from tests.browser.test_daily_log import log_in
    from tests.factories import UserFactory

    page.patient = UserFactory()
    log_in(page, page.patient)
    page.goto("/today/")
    page.wait_for_function(READY)
    page.reload()  # the page is now looked after by the worker, which keeps this copy
    page.wait_for_function("() => Boolean(navigator.serviceWorker.controller)")
    page.wait_for_function(KEPT.format(path="/today/"))
    return page


# Whether the service worker itself reaches the server: a static file it has not kept
# makes it fetch. Chromium applies a context's offline switch to the worker a moment after
# the page, so tests wait for the worker too.
WORKER_ONLINE = "fetch('/static/favicon.svg?probe=' + Math.random()).then((r) => r.ok, () => false)"


def go_offline(page):
    page.context.set_offline(True)
    probing(page, f"() => !navigator.onLine && {WORKER_ONLINE}.then((ok) => !ok)")


def go_online(page):
    page.context.set_offline(False)
    probing(page, f"() => navigator.onLine && {WORKER_ONLINE}")


def probing(page, check):
    before = len(page.console_errors)
    page.wait_for_function(check)
    # The probe's own failed fetches are not the app's errors.
    page.console_errors[before:] = [
        error for error in page.console_errors[before:] if "Failed to load resource" not in error
    ]


def at_home(url):
    """For wait_for_url: the home page itself ("**/" would match every page's address)."""
    return urlsplit(url).path == "/"


def log_out(page):
    """Through the phone's menu, once it has finished opening (a tap during Bootstrap's
    collapse animation can miss the moving button)."""
    page.get_by_role("button", name="Show menu").click()
    page.locator(".navbar-collapse.show").wait_for()
    page.get_by_role("button", name="Log out").click()
