"""The protections that health data needs, each checked by doing what an attacker would."""

import re

import pytest
from django.conf import settings
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.urls import reverse

from recovery.days import local_today
from tests.factories import PASSWORD, DailyEntryFactory

pytestmark = pytest.mark.django_db


def log_in(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_five_wrong_passwords_lock_the_login_with_a_clear_message(client, user):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert log_in(client, user.username, "wrong").status_code == 200
    locked = log_in(client, user.username, "wrong")
    assert locked.status_code == 429
    assert "Too many wrong passwords" in locked.content.decode()
    # Even the right password waits now.
    again = log_in(client, user.username, PASSWORD)
    assert again.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_lockout_is_for_that_username_only(client, user, other_user):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, user.username, "wrong")
    assert log_in(client, other_user.username, PASSWORD).status_code == 302


def log_in_through_the_balancer(client, username, password, patient_address):
    # The balancer (10.0.0.2) appends the address it saw; the patient may send anything.
    return client.post(
        reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR=f"6.6.6.6, {patient_address}",
    )


def test_behind_a_load_balancer_a_guesser_locks_only_their_own_address(client, user, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in_through_the_balancer(client, user.username, "wrong", "203.0.113.9")
    locked = log_in_through_the_balancer(client, user.username, PASSWORD, "203.0.113.9")
    assert locked.status_code == 429
    # The patient, at home, still gets in: the lockout is for the guesser's address.
    patient = log_in_through_the_balancer(client, user.username, PASSWORD, "198.51.100.4")
    assert patient.status_code == 302


def test_without_trusted_proxies_a_forwarded_address_is_not_believed(client, user):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in_through_the_balancer(client, user.username, "wrong", "203.0.113.9")
    # The header changes nothing: the lockout stays on the address that connected.
    changed = log_in_through_the_balancer(client, user.username, PASSWORD, "198.51.100.4")
    assert changed.status_code == 429


def test_logging_in_starts_a_fresh_session(client, user):
    client.get(reverse("login"))
    client.session.save()
    before = client.session.session_key
    log_in(client, user.username, PASSWORD)
    assert client.session.session_key != before


def test_logging_out_ends_the_session_for_good(client, user):
    log_in(client, user.username, PASSWORD)
    stolen = client.cookies[settings.SESSION_COOKIE_NAME].value
    client.post(reverse("logout"))
    client.cookies[settings.SESSION_COOKIE_NAME] = stolen
    response = client.get(reverse("today"))
    assert response.url.startswith(reverse("login"))


def test_passwords_are_hashed_with_argon2():
    from config import settings as project_settings

    assert project_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    assert (
        Argon2PasswordHasher().encode("a-long-password", "somesalt12345678").startswith("argon2$")
    )


def test_no_page_has_inline_script_or_style(patient_client, user):
    DailyEntryFactory(user=user)
    pages = [
        reverse("home"),
        reverse("today"),
        reverse("history"),
        reverse("settings"),
        reverse("report"),
        reverse("export"),
        reverse("import"),
        reverse("delete_account"),
        reverse("password_change"),
    ]
    for url in pages:
        response = patient_client.get(url)
        page = response.content.decode()
        policy = response.headers["Content-Security-Policy"]
        assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy
        # Every script is a file, except json_script's data, which browsers never run.
        for tag in re.findall(r"<script[^>]*>", page):
            assert "src=" in tag or 'type="application/json"' in tag, (url, tag)
        assert " style=" not in page, url
        assert " onclick=" not in page and " onload=" not in page, url


def test_a_note_longer_than_2000_characters_is_refused(patient_client):
    from recovery.days import local_today

    response = patient_client.post(reverse("day", args=[local_today("UTC")]), {"note": "x" * 2001})
    assert "at most 2000 characters" in str(response.context["entry_form"].errors["note"])


def test_pages_go_out_compressed(patient_client, user):
    import gzip

    DailyEntryFactory(user=user, date=local_today(user.profile.timezone))
    response = patient_client.get(reverse("home"), headers={"Accept-Encoding": "gzip"})
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    assert b"Your progress" in gzip.decompress(response.content)
