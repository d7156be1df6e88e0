"""Requests that arrive together, as a phone sends them (an autosave for each tapped score
while a "repeat" is still on its way), through the server the browser tests talk to. On
SQLite they once shared one connection and failed; on PostgreSQL an autosave and a repeat
could deadlock (recovery/daylog.py, `writing`)."""

import datetime
import urllib.request
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils.crypto import get_random_string

from recovery.days import local_today
from recovery.models import DailyEntry, MagnesiumDose
from tests.browser.test_daily_log import SCORES
from tests.concurrency import at_once
from tests.factories import MagnesiumDoseFactory, UserFactory

pytestmark = pytest.mark.usefixtures("starting_catalog")


def signed_in_poster(live_server, user):
    """POSTs from outside the test's thread, with the user's session and a CSRF pair."""
    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    csrf = get_random_string(32)
    cookie = f"{settings.SESSION_COOKIE_NAME}={session}; {settings.CSRF_COOKIE_NAME}={csrf}"

    def post(path, data):
        request = urllib.request.Request(
            live_server.url + path,
            data=urlencode(data).encode(),
            headers={"Cookie": cookie, "X-CSRFToken": csrf},
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status

    return post


@pytest.mark.parametrize("round_", range(6))
def test_taps_sent_together_are_all_saved(live_server, round_):
    user = UserFactory()
    today = local_today(user.profile.timezone)
    MagnesiumDoseFactory(user=user, date=today - datetime.timedelta(days=1))
    post = signed_in_poster(live_server, user)
    day = reverse("day", args=[today])
    statuses = []
    calls = [
        (lambda name=name, value=value: statuses.append(post(day, {name: value, "autosave": name})))
        for name, value in SCORES.items()
    ]
    calls.append(lambda: statuses.append(post(reverse("repeat", args=[today, "dose"]), {})))

    at_once(*calls)

    assert statuses == [200] * len(calls)
    entry = DailyEntry.objects.get(user=user, date=today)
    assert {name: getattr(entry, name) for name in SCORES} == SCORES
    assert MagnesiumDose.objects.filter(user=user, date=today).count() == 1
