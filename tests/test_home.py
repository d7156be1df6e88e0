from datetime import timedelta

import pytest
from django.urls import reverse

from recovery.days import local_today

pytestmark = pytest.mark.django_db


def test_a_visitor_sees_what_the_app_is_for(client):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert b"Create a free account" in response.content
    assert b"dashboard-data" not in response.content


def test_pages_carry_the_disclaimer_and_a_strict_content_security_policy(client):
    response = client.get(reverse("home"))
    assert b"For education and self-tracking only" in response.content
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy


def test_settings_require_login(client):
    response = client.get(reverse("settings"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_settings_change_the_start_date_and_time_zone(patient_client, user):
    start = local_today("America/Chicago") - timedelta(days=40)
    response = patient_client.post(
        reverse("settings"),
        {"recovery_start": start.isoformat(), "timezone": "America/Chicago"},
    )
    assert response.url == reverse("home")
    user.profile.refresh_from_db()
    assert user.profile.recovery_start == start
    assert user.profile.timezone == "America/Chicago"


def test_settings_refuse_an_unknown_time_zone_and_keep_the_old_one(patient_client, user):
    response = patient_client.post(reverse("settings"), {"timezone": "Nowhere/Special"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.context["form"].errors["timezone"][0]
    user.profile.refresh_from_db()
    assert user.profile.timezone == "UTC"


def test_settings_show_the_saved_start_date_in_the_date_picker(patient_client, user):
    user.profile.recovery_start = local_today("UTC") - timedelta(days=5)
    user.profile.save()
    response = patient_client.get(reverse("settings"))
    assert f'value="{user.profile.recovery_start.isoformat()}"' in response.content.decode()


def test_settings_hold_sex_age_and_the_kidney_condition(patient_client, user):
    patient_client.post(
        reverse("settings"),
        {"timezone": "UTC", "sex": "male", "age_band": "31+", "kidney_condition": "on"},
    )
    user.profile.refresh_from_db()
    assert (user.profile.sex, user.profile.age_band, user.profile.kidney_condition) == (
        "male",
        "31+",
        True,
    )
