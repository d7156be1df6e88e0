import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model

from recovery.days import local_today
from tests.browser.conftest import at_home

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "a-long-and-private-passphrase"


def field(page, label):
    # Required fields' labels end with an asterisk.
    return page.get_by_label(re.compile(rf"^\s*{re.escape(label)}\*?\s*$"))


def test_sign_up_on_a_phone_and_land_on_the_dashboard(page):
    start = local_today("Europe/Berlin") - timedelta(days=9)
    page.goto("/")
    page.get_by_role("link", name="Create a free account").click()

    field(page, "Username").fill("lena")
    field(page, "Email").fill("lena@example.com")
    field(page, "Password").fill(PASSWORD)
    field(page, "Password confirmation").fill(PASSWORD)
    field(page, "Recovery start date").fill(start.isoformat())
    # The browser's own time zone is chosen without the patient touching the list.
    assert field(page, "Time zone").input_value() == "Europe/Berlin"
    page.get_by_role("button", name="Create account").click()

    # Once, right after sign-up: the other serious-cause questions, then the dashboard.
    page.wait_for_url("**/accounts/signup/questions/")
    assert page.get_by_text("Welcome! Your account is ready.").is_visible()
    page.get_by_label("None of these").check()
    page.get_by_role("button", name="Save my answers").click()
    page.wait_for_url(at_home)
    assert page.get_by_text("Your answers are saved.").is_visible()
    # A new patient is told what to log first, and when day 1 was.
    assert page.get_by_role("heading", name="Start with today").is_visible()
    assert page.get_by_text("today is day 10").is_visible()
    assert page.console_errors == []

    profile = get_user_model().objects.get(username="lena").profile
    assert (profile.timezone, profile.recovery_start) == ("Europe/Berlin", start)


def test_a_short_password_is_explained_on_the_form(page):
    page.goto("/accounts/signup/")
    field(page, "Username").fill("tom")
    field(page, "Email").fill("tom@example.com")
    field(page, "Password").fill("short")
    field(page, "Password confirmation").fill("short")
    page.get_by_role("button", name="Create account").click()

    assert page.get_by_text("This password is too short").is_visible()
    assert field(page, "Username").input_value() == "tom"
    assert page.console_errors == []
