"""Reminders as notifications, by the Web Push protocol (RFC 8030) with VAPID (RFC 8292).

A browser that asks for them subscribes through the app's service worker and gives the
server an address at its push service and two keys; the server encrypts each message for
that browser alone (RFC 8291, by pywebpush) and posts it there, signed with the VAPID key
pair that identifies this server. A subscription the push service calls gone (404 or 410) is
forgotten.

The server posts to addresses that browsers give it, so only the push services named in
`settings.PUSH_SERVICES` are accepted: never an address inside the server's own network. An
address is read once, strictly, and rebuilt (endpoints.py); the rebuilt text is what is stored
and posted to, and every request is checked again where it leaves, by the HTTP client's own
reading of it, with redirects refused.
"""

import base64
import functools
import json
import logging
import threading

import requests
import urllib3
from cryptography.hazmat.primitives import serialization
from django.conf import settings
from django.utils import timezone
from py_vapid import Vapid, VapidException
from pywebpush import WebPushException, webpush

from ..models import PushSubscription
from . import endpoints

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


def signable(endpoint):
    """Whether a message to `endpoint` can be signed (RFC 8292 names its origin): checked
    when the browser subscribes, so no reminder fails on it later."""
    if not enabled():
        return True
    try:
        vapid().sign({"aud": endpoint.origin, "sub": settings.VAPID_SUBJECT})
    except VapidException:
        return False
    return True


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


class PushServicesOnly(requests.adapters.HTTPAdapter):
    """Where a request leaves: it goes only to a push service as urllib3 (which opens the
    connection) reads its address, and only if that reading agrees with ours."""

    def send(self, request, *args, **kwargs):
        try:
            endpoint = endpoints.checked(request.url)
        except endpoints.Refused as refused:
            raise requests.exceptions.InvalidURL(f"not a push service: {refused}") from None
        url = urllib3.util.parse_url(request.url)
        port = url.port or endpoints.DEFAULT_PORTS.get(url.scheme)
        if (url.scheme, url.host, port) != (endpoint.scheme, endpoint.host, endpoint.port):
            raise requests.exceptions.InvalidURL("the address reads two ways")
        return super().send(request, *args, **kwargs)


def _session():
    # A kept connection per worker thread to each push service: most reminders of a run go
    # to the same two or three services.
    if not hasattr(_sessions, "session"):
        session = requests.Session()
        session.mount("http://", PushServicesOnly())
        session.mount("https://", PushServicesOnly())
        # A push service answers where it is; a redirect could point anywhere.
        session.max_redirects = 0
        session.trust_env = False  # no proxy from the environment either
        _sessions.session = session
    return _sessions.session


def deliver(user, message, ttl):
    """Sends `message` (a dict, sent as JSON) to each of the user's browsers; returns how
    many took it and how many were tried. One browser's failure, whatever it is, is logged
    and never keeps the message from the others."""
    subscriptions = list(user.push_subscriptions.all())
    delivered = []
    for subscription in subscriptions:
        try:
            sent = send(subscription, message, ttl)
        except Exception:  # noqa: BLE001 - logged; the next browser still gets its message
            logger.exception("push to subscription %s failed", subscription.pk)
            sent = False
        if sent:
            delivered.append(subscription.pk)
    if delivered:
        PushSubscription.objects.filter(pk__in=delivered).update(last_sent_at=timezone.now())
    return len(delivered), len(subscriptions)


def send(subscription, message, ttl):
    try:
        endpoint = endpoints.checked(subscription.endpoint)
    except endpoints.Refused:  # PUSH_SERVICES changed since, or stored before these rules
        subscription.delete()
        return False
    try:
        webpush(
            # Exactly the address that was checked.
            {**subscription.as_subscription_info(), "endpoint": endpoint.url},
            data=json.dumps(message),
            vapid_private_key=vapid(),
            vapid_claims={"sub": settings.VAPID_SUBJECT, "aud": endpoint.origin},
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
            logger.warning("push to %s failed: %s", endpoint.host, status)
        return False
    except requests.RequestException as error:
        logger.warning("push to %s failed: %s", endpoint.host, error)
        return False
    return True
