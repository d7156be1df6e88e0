"""The clinician report prints on one or two pages."""

import datetime
import re

import pytest

from recovery.days import local_today
from tests.browser.test_daily_log import log_in
from tests.factories import UserFactory
from tests.history_maker import make_history

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_thirty_days_print_on_at_most_two_pages(page):
    user = UserFactory()
    make_history(user, 90, local_today("UTC"))
    log_in(page, user)
    page.goto("/report/")
    assert page.get_by_role("heading", name="Sciatica recovery log").is_visible()
    page.emulate_media(media="print")
    assert not page.locator("nav.navbar").is_visible()  # only the report goes on paper
    pdf = page.pdf(format="A4")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert 1 <= pages <= 2
    assert page.console_errors == []


def test_ninety_nine_days_fit_a_phone_and_two_pages(page):
    user = UserFactory()
    today = local_today("UTC")
    make_history(user, 99, today)
    log_in(page, user)
    first = today - datetime.timedelta(days=98)
    page.goto(f"/report/?first={first}&last={today}")
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    assert page.get_by_role("columnheader", name="Change").is_visible()
    pdf = page.pdf(format="A4")
    assert 1 <= len(re.findall(rb"/Type\s*/Page[^s]", pdf)) <= 2
