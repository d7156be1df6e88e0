"""Reminders as notifications, by the Web Push protocol (RFC 8030) with VAPID (RFC 8292).

A browser that asks for them subscribes through the app's service worker and gives the
server an address at its push service and two keys; the server encrypts each message for
that browser alone (RFC 8291, by pywebpush) and posts it there, signed with the VAPID key
pair that identifies this server. A subscription the push service calls gone (404 or 410) is
forgotten.

The server posts to addresses that browsers give it, so only the push services named in
`settings.PUSH_SERVICES` are accepted: never an address inside the server's own network.
"""

import base64
import fnmatch
import functools
import json
import logging
import threading
from urllib.parse import urlsplit

import requests
from cryptography.hazmat.primitives import serialization
from django.conf import settings
from django.utils import timezone
from py_vapid import Vapid
from pywebpush import WebPushException, webpush

from ..models import PushSubscription

logger = logging.getLogger(__name__)
# One notification at a time: a new reminder replaces one still on the screen.
TAG = "check-in-reminder"
GONE = {404, 410}
TIMEOUT = 10  # seconds for one push service to answer
_sessions = threading.local()


def enabled():
    return bool(settings.VAPID_PRIVATE_KEY)


@functools.cache
def _vapid(private_key):
    return Vapid.from_raw(private_key.encode())


def vapid():
    return _vapid(settings.VAPID_PRIVATE_KEY)


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def public_key():
    """The key browsers subscribe with (applicationServerKey): the VAPID public point."""
    if not enabled():
        return ""
    point = vapid().public_key.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return b64url(point)


def allowed_endpoint(url):
    """Whether `url` is at one of the push services this server posts to."""
    parts = urlsplit(url)
    for service in settings.PUSH_SERVICES:
        allowed = urlsplit(service)
        if parts.scheme == allowed.scheme and fnmatch.fnmatchcase(
            parts.hostname or "", allowed.hostname or ""
        ):
            return True
    return False


BROWSERS = [("Edg/", "Edge"), ("SamsungBrowser", "Samsung Internet"), ("Firefox", "Firefox")]
BROWSERS += [("Chrome", "Chrome"), ("Safari", "Safari")]
SYSTEMS = [("Android", "Android"), ("iPhone", "iPhone"), ("iPad", "iPad")]
SYSTEMS += [("Windows", "Windows"), ("Macintosh", "Mac"), ("CrOS", "ChromeOS"), ("Linux", "Linux")]


def device_name(user_agent):
    """A name for the patient to tell their devices apart: "Chrome on Android"."""
    browser = next((name for mark, name in BROWSERS if mark in user_agent), "A browser")
    system = next((name for mark, name in SYSTEMS if mark in user_agent), None)
    return f"{browser} on {system}" if system else browser


def subscribe(user, endpoint, p256dh, auth, user_agent):
    """Stores this browser's subscription for `user`. A browser signed in to another account
    before is this account's now: a shared phone gets only its latest patient's reminders."""
    subscription, _ = PushSubscription.objects.update_or_create(
        endpoint=endpoint,
        defaults={
            "user": user,
            "p256dh": p256dh,
            "auth": auth,
            "device": device_name(user_agent)[:80],
        },
    )
    return subscription


def _session():
    # A kept connection per worker thread to each push service: most reminders of a run go
    # to the same two or three services.
    if not hasattr(_sessions, "session"):
        _sessions.session = requests.Session()
    return _sessions.session


def deliver(user, message, ttl):
    """Sends `message` (a dict, sent as JSON) to each of the user's browsers; returns how
    many took it and how many were tried."""
    subscriptions = list(user.push_subscriptions.all())
    delivered = []
    for subscription in subscriptions:
        if send(subscription, message, ttl):
            delivered.append(subscription.pk)
    if delivered:
        PushSubscription.objects.filter(pk__in=delivered).update(last_sent_at=timezone.now())
    return len(delivered), len(subscriptions)


def send(subscription, message, ttl):
    if not allowed_endpoint(subscription.endpoint):  # PUSH_SERVICES changed since
        subscription.delete()
        return False
    try:
        webpush(
            subscription.as_subscription_info(),
            data=json.dumps(message),
            vapid_private_key=vapid(),
            vapid_claims={"sub": settings.VAPID_SUBJECT},
            ttl=ttl,
            timeout=TIMEOUT,
            # Undelivered reminders replace each other at the push service (RFC 8030 5.4).
            headers={"Urgency": "normal", "Topic": TAG},
            requests_session=_session(),
        )
    except WebPushException as error:
        status = error.response.status_code if error.response is not None else None
        if status in GONE:
            subscription.delete()
        else:
            logger.warning(
                "push to %s failed: %s", urlsplit(subscription.endpoint).hostname, status
            )
        return False
    except requests.RequestException as error:
        logger.warning("push to %s failed: %s", urlsplit(subscription.endpoint).hostname, error)
        return False
    return True
