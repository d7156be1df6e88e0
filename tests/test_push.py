"""Reminders as notifications: a browser subscribes, the reminder reaches a push service on
this machine encrypted for that browser alone, holds no health data, and a browser the push
service calls gone is forgotten. Addresses outside the push services are refused."""

import base64
import datetime
import json
import re

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from py_vapid import Vapid02

from recovery.models import PushSubscription, Reminder, ReminderSent
from recovery.reminders import endpoints, push, schedule
from tests.factories import DailyEntryFactory, UserFactory
from tests.push_service import Browser

pytestmark = pytest.mark.django_db
UTC = datetime.UTC
NOW = datetime.datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # 10:00 in Berlin
ANDROID_CHROME = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Mobile Safari/537.36"
)


@pytest.fixture(autouse=True)
def local_push_services(settings):
    settings.PUSH_SERVICES = ["http://127.0.0.1"]


@pytest.fixture
def dispatch(django_capture_on_commit_callbacks):
    def run():
        with django_capture_on_commit_callbacks(execute=True):
            return schedule.dispatch()

    return run


def subscribe(client, subscription, turn_on=True):
    return client.post(
        reverse("push_subscribe"),
        json.dumps({**subscription, "turn_on": turn_on}),
        content_type="application/json",
        headers={"User-Agent": ANDROID_CHROME},
    )


def reminded_patient(client, push_service, by_email=False):
    """A patient in Berlin whose phone is set up for notifications at 20:00."""
    user = UserFactory()
    user.profile.timezone = "Europe/Berlin"
    user.profile.save()
    browser = Browser()
    client.force_login(user)
    assert (
        subscribe(client, browser.subscription(push_service.url("/push/phone"))).status_code == 200
    )
    form = {"enabled": "on", "at": "20:00", "days": [str(d) for d in range(7)], "by_push": "on"}
    if by_email:
        form["by_email"] = "on"
    with time_machine.travel(NOW, tick=False):
        assert client.post(reverse("reminders"), form).status_code == 302
    return user, browser, Reminder.objects.get(user=user)


def test_the_reminder_reaches_the_browser_encrypted_and_holds_no_health_data(
    client, push_service, dispatch
):
    user, browser, reminder = reminded_patient(client, push_service)
    DailyEntryFactory(user=user, date=datetime.date(2026, 11, 22), leg_pain=8, note="sharp")
    with time_machine.travel(reminder.next_due, tick=False):
        assert dispatch() == 1

    ((path, headers, body),) = push_service.received
    assert path == "/push/phone"
    assert headers["content-encoding"] == "aes128gcm"
    assert b"check-in" not in body  # encrypted: only this browser's keys read it
    message = browser.read(body)
    assert set(message) == {"title", "body", "url", "tag"}
    assert message["title"] == "Time for today's check-in"
    assert message["url"] == "/today/"
    words = message["title"] + message["body"]
    assert "sharp" not in words and not re.search(r"\d", words)  # no note, no score
    # Signed with this server's VAPID key, for this push service (RFC 8292).
    assert Vapid02.verify(headers["authorization"])
    assert headers["authorization"].endswith(f",k={push.public_key()}")
    token = headers["authorization"].split("t=")[1].split(",")[0]
    claims = json.loads(base64.urlsafe_b64decode(token.split(".")[1] + "=="))
    assert claims["aud"] == push_service.url("")
    # Held no later than the end of the patient's day: 20:00 to midnight in Berlin.
    assert headers["ttl"] == str(4 * 60 * 60)
    sent = ReminderSent.objects.get(user=user)
    assert sent.channel == "push" and sent.outcome == "sent to 1 of 1 device"
    assert mail.outbox == []


def test_each_browser_and_the_email_get_it_once(client, push_service, dispatch):
    user, _, reminder = reminded_patient(client, push_service, by_email=True)
    subscribe(client, Browser().subscription(push_service.url("/push/laptop")))
    with time_machine.travel(reminder.next_due, tick=False):
        assert dispatch() == 2  # one email, one notification to every browser
        assert dispatch() == 0
        Reminder.objects.filter(pk=reminder.pk).update(next_due=reminder.next_due)
        assert dispatch() == 0  # a twin run finds the day's rows there already
    assert sorted(path for path, _, _ in push_service.received) == ["/push/laptop", "/push/phone"]
    assert len(mail.outbox) == 1


def test_a_logged_day_sends_no_notification(client, push_service, dispatch):
    user, _, reminder = reminded_patient(client, push_service)
    DailyEntryFactory(user=user, date=datetime.date(2026, 11, 23))
    with time_machine.travel(reminder.next_due, tick=False):
        dispatch()
    assert push_service.received == []


@pytest.mark.parametrize("status", [404, 410])
def test_a_browser_the_push_service_calls_gone_is_forgotten(client, push_service, dispatch, status):
    user, _, reminder = reminded_patient(client, push_service)
    push_service.answers["/push/phone"] = status
    with time_machine.travel(reminder.next_due, tick=False):
        dispatch()
    assert not PushSubscription.objects.filter(user=user).exists()
    assert ReminderSent.objects.get(user=user).outcome == "sent to 0 of 1 device"
    # With no browser left and no email, the page says nothing can reach the patient.
    page = client.get(reverse("reminders")).content.decode()
    assert "nothing can reach you" in page
    (box,) = re.findall(r'<input[^>]*name="by_push"[^>]*>', page)
    assert "checked" not in box  # shown as it is: no browser takes them now


def test_a_push_service_in_trouble_keeps_the_browser(client, push_service, dispatch):
    user, _, reminder = reminded_patient(client, push_service)
    push_service.answers["/push/phone"] = 503
    with time_machine.travel(reminder.next_due, tick=False):
        dispatch()
    assert PushSubscription.objects.filter(user=user).exists()


def test_the_question_after_seven_ignored_comes_as_a_notification_too(
    client, push_service, dispatch
):
    user, browser, reminder = reminded_patient(client, push_service)
    Reminder.objects.filter(pk=reminder.pk).update(ignored_in_row=6)
    ReminderSent.objects.create(user=user, date=datetime.date(2026, 11, 22), channel="push")
    with time_machine.travel(reminder.next_due, tick=False):
        dispatch()
    message = browser.read(push_service.received[0][2])
    assert message["title"] == "Keep the check-in reminders?"
    assert message["url"] == "/reminders/"


# Subscribing


def test_subscribing_names_the_device_and_turns_notifications_on(client, push_service):
    user = UserFactory()
    client.force_login(user)
    response = subscribe(client, Browser().subscription(push_service.url("/push/1")))
    assert response.json() == {"device": "Chrome on Android"}
    assert Reminder.objects.get(user=user).by_push
    page = client.get(reverse("reminders")).content.decode()
    assert "Chrome on Android is set up for notifications." in page
    assert 'data-endpoint="' + push_service.url("/push/1") + '"' in page


@pytest.mark.parametrize(
    "endpoint",
    [
        "http://10.0.0.5/internal",  # inside the network: never posted to
        "https://push.example.com/abc",  # not a push service
        "https://fcm.googleapis.com.example.com/abc",
        "ftp://127.0.0.1/x",
        "javascript:alert(1)",
        "",
    ],
)
def test_an_address_outside_the_push_services_is_refused(client, settings, endpoint):
    settings.PUSH_SERVICES = ["http://127.0.0.1", "https://fcm.googleapis.com"]
    client.force_login(UserFactory())
    response = subscribe(client, Browser().subscription(endpoint))
    assert response.status_code == 400
    assert response.json()["error"]
    assert not PushSubscription.objects.exists()


def test_the_real_push_services_are_accepted_by_default(settings):
    from config.settings import PUSH_SERVICES

    settings.PUSH_SERVICES = PUSH_SERVICES
    for endpoint in (
        "https://fcm.googleapis.com/fcm/send/abc:def",
        "https://updates.push.services.mozilla.com/wpush/v2/gAAA",
        "https://web.push.apple.com/QGx",
        "https://wns2-par02p.notify.windows.com/w/?token=BQYAAA",
    ):
        assert endpoints.checked(endpoint).url == endpoint
    with pytest.raises(endpoints.Refused):
        endpoints.checked("http://fcm.googleapis.com/fcm/send/abc")


@pytest.mark.parametrize(
    "change",
    [
        lambda sub: sub["keys"].update(p256dh="not a key"),
        lambda sub: sub["keys"].update(p256dh=sub["keys"]["p256dh"][:-4]),
        lambda sub: sub["keys"].update(auth="c2hvcnQ"),
        lambda sub: sub.pop("keys"),
        lambda sub: sub.update(keys="text"),
        lambda sub: sub.update(endpoint=["a list"]),
    ],
)
def test_a_subscription_that_cannot_be_used_is_refused(client, push_service, change):
    client.force_login(UserFactory())
    subscription = Browser().subscription(push_service.url("/push/1"))
    change(subscription)
    response = subscribe(client, subscription)
    assert response.status_code == 400
    assert not PushSubscription.objects.exists()


@pytest.mark.parametrize("body", [b"", b"not json", b"[1, 2]", b'"text"', b"{" * 10_000])
def test_an_unreadable_body_is_refused_with_words(client, body):
    client.force_login(UserFactory())
    response = client.post(reverse("push_subscribe"), body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"]


def test_subscribing_needs_a_signed_in_patient_and_the_security_token(push_service):
    from django.test import Client

    subscription = json.dumps(Browser().subscription(push_service.url("/push/1")))
    anonymous = Client()
    response = anonymous.post(reverse("push_subscribe"), subscription, "application/json")
    assert response.status_code == 302
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(UserFactory())
    assert (
        strict.post(reverse("push_subscribe"), subscription, "application/json").status_code == 403
    )
    assert not PushSubscription.objects.exists()


def test_a_browser_belongs_to_the_account_that_subscribed_it_last(client, push_service):
    subscription = Browser().subscription(push_service.url("/push/shared"))
    first, second = UserFactory(), UserFactory()
    client.force_login(first)
    subscribe(client, subscription)
    client.force_login(second)
    subscribe(client, subscription)
    assert list(PushSubscription.objects.values_list("user", flat=True)) == [second.pk]


# Removing


def test_removing_a_browser_is_for_its_owner_only(client, push_service):
    owner, other = UserFactory(), UserFactory()
    client.force_login(owner)
    subscribe(client, Browser().subscription(push_service.url("/push/1")))
    device = PushSubscription.objects.get()
    client.force_login(other)
    assert client.post(reverse("remove_device", args=[device.pk])).status_code == 404
    forget = json.dumps({"endpoint": device.endpoint})
    client.post(reverse("push_forget"), forget, content_type="application/json")
    assert PushSubscription.objects.filter(pk=device.pk).exists()

    client.force_login(owner)
    response = client.post(reverse("remove_device", args=[device.pk]), follow=True)
    assert "Chrome on Android gets no more notifications." in response.content.decode()
    assert not PushSubscription.objects.exists()


def test_a_browser_that_stops_is_forgotten(client, push_service):
    client.force_login(UserFactory())
    subscription = Browser().subscription(push_service.url("/push/1"))
    subscribe(client, subscription)
    forget = json.dumps({"endpoint": subscription["endpoint"]})
    assert client.post(reverse("push_forget"), forget, "application/json").status_code == 200
    assert not PushSubscription.objects.exists()


# The settings page


def test_notifications_need_a_browser_set_up_first(client):
    user = UserFactory()
    client.force_login(user)
    form = {"enabled": "on", "at": "20:00", "days": ["0"], "by_push": "on"}
    response = client.post(reverse("reminders"), form)
    assert "No browser is set up for notifications yet" in response.content.decode()
    assert not Reminder.objects.get(user=user).enabled


def test_without_a_vapid_key_reminders_go_by_email_only(client, settings, push_service):
    user, _, reminder = reminded_patient(client, push_service, by_email=True)
    settings.VAPID_PRIVATE_KEY = ""
    page = client.get(reverse("reminders")).content.decode()
    assert "Notifications on this browser" not in page and "by_push" not in page
    assert schedule.channels(reminder) == [ReminderSent.Channel.EMAIL]


def test_the_key_command_makes_a_usable_key(settings):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("vapid_key", stdout=out)
    settings.VAPID_PRIVATE_KEY = out.getvalue().strip().removeprefix("VAPID_PRIVATE_KEY=")
    assert len(base64.urlsafe_b64decode(push.public_key() + "=")) == 65
