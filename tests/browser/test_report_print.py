"""The clinician report prints on one or two pages."""

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
