"""The server posts only where the push services are, however a browser's address is written.

A subscription's endpoint is the one address in the app that a patient chooses and the server
connects to. Each trick below once passed the allow-list (urlsplit reads the host after `@`,
the HTTP client stops at the backslash); now each is refused when the browser subscribes, and
a row stored before that is never connected to: the tests record every connection the sender
opens."""

import json
import logging
from urllib.parse import urlsplit

import pytest
import requests
import urllib3
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from config.settings import PUSH_SERVICES as REAL_PUSH_SERVICES
from recovery.models import PushSubscription
from recovery.reminders import endpoints, push
from tests.factories import UserFactory
from tests.push_service import Browser
from tests.test_forms_fuzz import FUZZ

pytestmark = pytest.mark.django_db
MESSAGE = {"title": "t", "body": "b", "url": "/today/", "tag": push.TAG}

TRICKS = [
    "https://127.0.0.1\\@fcm.googleapis.com/fcm/send/x",
    "https://localhost\\@fcm.googleapis.com/fcm/send/x",
    "https://10.0.0.1\\@fcm.googleapis.com/fcm/send/x",
    "https://169.254.169.254\\@web.push.apple.com/x",
    "https://0x7f000001\\@fcm.googleapis.com/fcm/send/x",
    "https:\\\\fcm.googleapis.com/fcm/send/x",
    "https://fcm.googleapis.com\\.127.0.0.1/x",
    # a user name, before or instead of the host
    "https://user:secret@fcm.googleapis.com/fcm/send/x",
    "https://fcm.googleapis.com@127.0.0.1/fcm/send/x",
    "https://fcm.googleapis.com:443@169.254.169.254/x",
    # an allowed host on another port
    "https://fcm.googleapis.com:8443/fcm/send/x",
    "https://fcm.googleapis.com:80/fcm/send/x",
    "https://fcm.googleapis.com:0/x",
    "https://fcm.googleapis.com:99999/x",
    "http://fcm.googleapis.com/fcm/send/x",
    # addresses written as numbers, or escaped
    "https://127.0.0.1/x",
    "https://2130706433/x",
    "https://0x7f000001/x",
    "https://0177.0.0.1/x",
    "https://127.1/x",
    "https://[::1]/x",
    "https://[::ffff:127.0.0.1]/x",
    "https://fcm%2egoogleapis.com/x",
    "https://fcm.googleapis.com%2f@127.0.0.1/x",
    "https://%31%32%37.0.0.1/x",
    "https://fcm.googleapis.com%00.evil.com/x",
    # names that only look like a push service's
    "https://fcm.googleapis.com./x",
    "https://fcm.googleapis.com.evil.com/x",
    "https://evilfcm.googleapis.com/x",
    "https://push.services.mozilla.com.evil.com/x",
    "https://ｆｃｍ.googleapis.com/x",
    "https://fcm.googleapis.com\u3002evil.com/x",
    # whitespace, control characters and fragments the client would cut at
    "https://fcm.googleapis.com /x",
    "https://fcm.googleapis.com\t.evil.com/x",
    "https://evil.com\r\n.fcm.googleapis.com/x",
    " https://fcm.googleapis.com/x",
    "https://evil.com#@fcm.googleapis.com/x",
    "https://evil.com?@fcm.googleapis.com/x",
    "https://fcm.googleapis.com/a\ud800b",
    "https://fcm.googleapis.com/%zz",
    "//fcm.googleapis.com/x",
    "fcm.googleapis.com/x",
    "file:///etc/passwd",
    "gopher://fcm.googleapis.com/x",
]


@pytest.fixture
def real_services(settings):
    settings.PUSH_SERVICES = REAL_PUSH_SERVICES


@pytest.fixture
def connections(monkeypatch):
    """Every (host, port) the HTTP client opens a connection to; only this machine's push
    service is actually reached, anything else fails as an unreachable host would."""
    opened = []
    real = urllib3.util.connection.create_connection

    def record(address, *args, **kwargs):
        opened.append(address)
        if address[0] != "127.0.0.1":
            raise OSError("no network here")
        return real(address, *args, **kwargs)

    monkeypatch.setattr(urllib3.util.connection, "create_connection", record)
    return opened


def subscribe(client, endpoint):
    return client.post(
        reverse("push_subscribe"),
        json.dumps(Browser().subscription(endpoint)),
        content_type="application/json",
    )


@pytest.mark.parametrize("endpoint", TRICKS)
def test_a_trick_address_is_refused_when_the_browser_subscribes(client, real_services, endpoint):
    client.force_login(UserFactory())
    response = subscribe(client, endpoint)
    assert response.status_code == 400
    if "\ud800" in endpoint:  # not text at all: the request is refused as a whole
        assert response.json() == {"error": "What this browser sent could not be read."}
    else:
        assert response.json() == {
            "error": "This browser's notification service is not one this site can send to."
        }
    assert not PushSubscription.objects.exists()


def test_an_address_is_stored_as_rebuilt_from_what_was_checked(client, real_services):
    client.force_login(UserFactory())
    assert subscribe(client, "HTTPS://FCM.GoogleAPIs.com:443/fcm/send/a:B?c=1").status_code == 200
    assert PushSubscription.objects.get().endpoint == "https://fcm.googleapis.com/fcm/send/a:B?c=1"
    # The browser forgets it by the address it knows, written as it wrote it.
    forget = json.dumps({"endpoint": "https://FCM.googleapis.com/fcm/send/a:B?c=1"})
    client.post(reverse("push_forget"), forget, content_type="application/json")
    assert not PushSubscription.objects.exists()


def test_the_push_service_on_another_port_is_refused(client, push_service):
    client.force_login(UserFactory())
    assert subscribe(client, f"http://127.0.0.1:{push_service.port + 1}/push/1").status_code == 400
    assert subscribe(client, "http://127.0.0.1/push/1").status_code == 400
    assert subscribe(client, push_service.url("/push/1")).status_code == 200


def stored(user, endpoint, browser=None):
    """A row as an earlier version of the app may have stored it, without today's checks."""
    keys = (browser or Browser()).subscription(endpoint)["keys"]
    return PushSubscription.objects.create(
        user=user, endpoint=endpoint, p256dh=keys["p256dh"], auth=keys["auth"], device="old"
    )


def test_the_sender_connects_to_nothing_outside_the_list(push_service, connections):
    user = UserFactory()
    browser = Browser()
    port = push_service.port
    for trick in (
        f"http://127.0.0.1:{port}\\@127.0.0.1:{port + 1}/x",
        f"http://127.0.0.2\\@127.0.0.1:{port}/x",
        f"http://10.0.0.1\\@127.0.0.1:{port}/x",
        f"http://user@127.0.0.1:{port}/x",
        f"http://127.0.0.1:{port + 1}/x",
        f"http://2130706433:{port}/x",
        f"http://127.0.0.1:{port}#@10.0.0.1/x",
    ):
        stored(user, trick)
    good = stored(user, push_service.url("/push/good"), browser)
    assert push.deliver(user, MESSAGE, ttl=60) == (1, 8)
    assert set(connections) == {("127.0.0.1", port)}
    ((path, _, body),) = push_service.received
    assert path == "/push/good" and browser.read(body)["title"] == "t"
    # Rows the rules refuse are forgotten; the good one stays.
    assert list(PushSubscription.objects.values_list("pk", flat=True)) == [good.pk]


def test_a_redirect_from_a_push_service_is_not_followed(push_service, connections):
    user = UserFactory()
    push_service.answers["/push/moved"] = 307
    push_service.locations["/push/moved"] = "http://10.0.0.1/internal"
    stored(user, push_service.url("/push/moved"))
    assert push.deliver(user, MESSAGE, ttl=60) == (0, 1)
    assert connections == [("127.0.0.1", push_service.port)]
    assert [path for path, _, _ in push_service.received] == ["/push/moved"]


@pytest.mark.parametrize(
    "url",
    ["http://10.0.0.1\\@127.0.0.1:{port}/x", "http://10.0.0.1/x", "http://x@127.0.0.2:{port}/"],
)
def test_the_client_itself_refuses_an_address_outside_the_list(push_service, connections, url):
    # Whatever calls the push sender's HTTP session, the check is where the request leaves.
    with pytest.raises(requests.exceptions.InvalidURL):
        push._session().post(url.format(port=push_service.port), data=b"")
    assert connections == []


def test_one_browser_that_fails_does_not_keep_the_reminder_from_the_others(
    push_service, monkeypatch, caplog
):
    from py_vapid import VapidException

    real = push.webpush

    def signer_refuses_the_first(subscription_info, **kwargs):
        if subscription_info["endpoint"].endswith("/broken"):
            raise VapidException("Missing 'aud' from claims.")
        return real(subscription_info, **kwargs)

    monkeypatch.setattr(push, "webpush", signer_refuses_the_first)
    user = UserFactory()
    broken = stored(user, push_service.url("/push/broken"))
    browser = Browser()
    stored(user, push_service.url("/push/good"), browser)
    with caplog.at_level(logging.WARNING):
        assert push.deliver(user, MESSAGE, ttl=60) == (1, 2)
    assert f"push to subscription {broken.pk} failed" in caplog.text
    ((path, _, body),) = push_service.received
    assert path == "/push/good" and browser.read(body)["title"] == "t"


def test_an_audience_the_signer_refuses_is_refused_when_the_browser_subscribes(
    client, real_services, monkeypatch
):
    from py_vapid import VapidException

    def refuse(claims):
        raise VapidException("refused")

    monkeypatch.setattr(push.vapid(), "sign", refuse)
    client.force_login(UserFactory())
    response = subscribe(client, "https://fcm.googleapis.com/fcm/send/x")
    assert response.status_code == 400
    assert "could not be signed" in response.json()["error"]
    assert not PushSubscription.objects.exists()


# Generated addresses: pieces that parsers read differently, put together at random. Whatever
# is accepted, every reader agrees on its host and port, and that host is a push service's.
PIECES = st.sampled_from(
    [
        "fcm.googleapis.com",
        "web.push.apple.com",
        "a.push.services.mozilla.com",
        "127.0.0.1",
        "10.0.0.1",
        "169.254.169.254",
        "0x7f000001",
        "2130706433",
        "localhost",
        "[::1]",
        "@",
        "\\",
        ":",
        ":443",
        ":8443",
        ":80",
        "%2e",
        "%40",
        "%5c",
        "#",
        "?",
        "/",
        ".",
        "..",
        "user:pass@",
        " ",
        "\t",
        "\n",
        "\x00",
        "\u3002",
        "ｆ",
        "\ud800",
        "FCM",
        "%00",
    ]
)
PATHS = st.sampled_from(["", "/fcm/send/x", "/x?y=1", "/a\\b", "/%41", "/@10.0.0.1"])
ADDRESSES = st.one_of(
    st.builds(
        lambda scheme, parts, path: scheme + "".join(parts) + path,
        st.sampled_from(["https://", "http://", "HTTPS://", "https:\\\\", "https:/", ""]),
        st.lists(PIECES, min_size=1, max_size=6),
        PATHS,
    ),
    # A push service's own name with something after it: nearer what passes.
    st.builds(
        lambda host, after, path: "https://" + host + "".join(after) + path,
        st.sampled_from(["fcm.googleapis.com", "FCM.googleapis.com", "x.notify.windows.com"]),
        st.lists(PIECES, max_size=2),
        PATHS,
    ),
)


def readings(url):
    """(host, port) as urlsplit, urllib3 and requests each read `url`."""
    split = urlsplit(url)
    three = urllib3.util.parse_url(url)
    prepared = urllib3.util.parse_url(requests.Request("POST", url).prepare().url)
    default = endpoints.DEFAULT_PORTS[split.scheme]
    return {
        (split.hostname, split.port or default),
        (three.host, three.port or default),
        (prepared.host, prepared.port or default),
    }


@FUZZ
@given(address=ADDRESSES)
def test_generated_addresses_are_refused_or_read_alike_by_every_parser(
    client, real_services, address
):
    user = UserFactory()
    client.force_login(user)
    response = subscribe(client, address)
    assert response.status_code in (200, 400)
    if response.status_code == 400:
        assert not PushSubscription.objects.filter(user=user).exists()
        return
    endpoint = PushSubscription.objects.get(user=user).endpoint
    ((host, port),) = readings(endpoint)
    assert port == 443
    assert host in ("fcm.googleapis.com", "web.push.apple.com") or host.endswith(
        (".push.services.mozilla.com", ".notify.windows.com")
    )
    assert push.signable(endpoints.parse(endpoint))
