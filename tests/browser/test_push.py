"""Reminders as notifications in Debian's Chromium: the service worker shows a pushed reminder
and it opens the check-in; the reminders page sets this browser up, and says plainly when the
browser cannot be.

Headless Chromium here cannot reach a real push service (Chromium's is Google's, outside
this machine's network): in an incognito context subscribing fails at once, in a normal
profile it never answers. So the test that follows a subscription from the page to a
notification stands in for that one piece, the browser's PushManager, with a subscription at
a push service on this machine, whose keys the test holds; everything else is real. A
pushed message is delivered to the real service worker over the DevTools protocol."""

import datetime
import json

import pytest
import time_machine
from django.urls import reverse

from recovery.models import PushSubscription, Reminder, ReminderSent
from recovery.reminders import schedule, sending
from tests.browser.conftest import READY
from tests.browser.test_daily_log import log_in
from tests.factories import UserFactory
from tests.push_service import Browser

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SHOWN = """() => navigator.serviceWorker.ready.then((r) => r.getNotifications())
    .then((shown) => shown.map((n) => ({
        title: n.title, body: n.body, tag: n.tag, url: n.data.url
    })))"""

# The browser's PushManager, standing in for the push service this machine cannot reach:
# the subscription it makes is the test's, kept across reloads like a real one.
PUSH_MANAGER = """(subscription) => {
  const kept = () => sessionStorage.getItem("subscribed");
  const made = (key) => ({
    endpoint: subscription.endpoint,
    options: { applicationServerKey: Uint8Array.from(atob(key), (c) => c.charCodeAt(0)).buffer },
    toJSON: () => ({ ...subscription, expirationTime: null }),
    unsubscribe: () => { sessionStorage.removeItem("subscribed"); return Promise.resolve(true); },
  });
  PushManager.prototype.subscribe = function (options) {
    const key = btoa(String.fromCharCode(...new Uint8Array(options.applicationServerKey)));
    sessionStorage.setItem("subscribed", key);
    return Promise.resolve(made(key));
  };
  PushManager.prototype.getSubscription = function () {
    return Promise.resolve(kept() ? made(kept()) : null);
  };
}"""


def registration_id(page, origin):
    """The service worker's registration for the site, as the DevTools protocol names it."""
    session = page.context.new_cdp_session(page)
    found = []
    session.on(
        "ServiceWorker.workerRegistrationUpdated",
        lambda event: found.extend(event["registrations"]),
    )
    session.send("ServiceWorker.enable")
    for _ in range(100):
        ours = [r for r in found if r["scopeURL"].startswith(origin) and not r["isDeleted"]]
        if ours:
            return session, ours[-1]["registrationId"]
        page.wait_for_timeout(50)
    raise AssertionError(f"the service worker's registration was not reported: {found}")


def deliver(page, origin, data, done):
    """Pushes `data` to the site's worker until the notifications shown satisfy `done`. A
    delivery made while DevTools is still attaching to the worker can go missing (seen once
    in a loaded CI run), so one that shows nothing within a second is sent again."""
    session, registration = registration_id(page, origin)
    for _ in range(5):
        session.send(
            "ServiceWorker.deliverPushMessage",
            {"origin": origin, "registrationId": registration, "data": data},
        )
        for _ in range(20):
            shown = page.evaluate(SHOWN)
            if done(shown):
                return shown
            page.wait_for_timeout(50)
    raise AssertionError(f"notifications shown: {shown}")


def test_a_pushed_reminder_shows_and_names_the_check_in(installed, live_server):
    installed.context.grant_permissions(["notifications"], origin=live_server.url)
    sent = ReminderSent(user=installed.patient, date=datetime.date(2026, 12, 1), channel="push")
    message = sending.notification(sent)
    (shown,) = deliver(
        installed, live_server.url, json.dumps(message), lambda shown: len(shown) == 1
    )
    assert shown == {
        "title": "Time for today's check-in",
        "body": "It takes a minute. Tap to open it.",
        "tag": "check-in-reminder",
        "url": "/today/",
    }
    # A message the worker cannot read still reminds, in place of the one before.
    (shown,) = deliver(
        installed, live_server.url, "{not json", lambda shown: shown and not shown[0]["body"]
    )
    assert shown["title"] == "Time for today's check-in" and shown["url"] == "/today/"
    assert installed.console_errors == []


def test_the_page_sets_up_this_browser_and_the_reminder_arrives(
    page, live_server, push_service, django_capture_on_commit_callbacks
):
    browser = Browser()
    page.context.grant_permissions(["notifications"], origin=live_server.url)
    page.add_init_script(
        f"({PUSH_MANAGER})({json.dumps(browser.subscription(push_service.url('/push/this')))})"
    )
    user = UserFactory()
    log_in(page, user)
    page.goto("/reminders/")
    page.wait_for_function(READY)
    assert page.get_by_text("This browser does not get reminders as notifications.").is_visible()
    page.get_by_role("button", name="Get notifications on this browser").click()
    page.get_by_text("is set up for notifications.").wait_for()
    assert page.get_by_text("This browser gets reminders as notifications.").is_visible()
    assert page.get_by_text("(this browser)").is_visible()
    assert page.get_by_label("As a notification on my phone or computer").is_checked()

    page.get_by_label("Remind me to check in").check()
    page.get_by_label("By email").uncheck()
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Reminders are on.").wait_for()
    reminder = Reminder.objects.get(user=user)
    with (
        time_machine.travel(reminder.next_due, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert schedule.dispatch() == 1
    ((path, _, body),) = push_service.received
    assert path == "/push/this"
    assert browser.read(body)["url"] == reverse("today")

    page.get_by_role("button", name="Stop notifications on this browser").click()
    page.get_by_text("This browser does not get reminders as notifications.").wait_for()
    assert not PushSubscription.objects.exists()
    assert page.console_errors == []


def test_a_browser_that_cannot_subscribe_is_told_so(page, live_server):
    # Chromium's own answer in a private (incognito) window: no push service, no subscription.
    page.context.grant_permissions(["notifications"], origin=live_server.url)
    log_in(page, UserFactory())
    page.goto("/reminders/")
    page.wait_for_function(READY)
    page.get_by_role("button", name="Get notifications on this browser").click()
    status = page.get_by_role("status").filter(has_text="could not set up notifications")
    status.wait_for()
    assert "Email reminders still reach you." in status.inner_text()
    assert not PushSubscription.objects.exists()


def test_blocked_notifications_say_where_to_allow_them(page, live_server):
    log_in(page, UserFactory())
    page.goto("/reminders/")
    page.wait_for_function(READY)
    page.get_by_role("button", name="Get notifications on this browser").click()
    page.get_by_role("status").filter(has_text="blocked for this site").wait_for()
    assert not PushSubscription.objects.exists()
