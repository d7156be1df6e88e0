import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model

from recovery.days import local_today

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "a-long-and-private-passphrase"


def field(page, label):
    # Required fields' labels end with an asterisk.
    return page.get_by_label(re.compile(rf"^\s*{re.escape(label)}\*?\s*$"))


CHART_STATE = """() => {
    const canvas = document.getElementById("timeline-chart");
    const chart = Chart.getChart(canvas);
    const pixels = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
    let painted = 0;
    for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) painted++;
    return {
        bars: chart.data.datasets[0].data.length,
        painted: painted,
        annotationPlugin: Chart.registry.plugins.get("annotation") !== undefined,
        todayLine: chart.options.plugins.annotation.annotations.today?.value ?? null,
    };
}"""


def test_sign_up_on_a_phone_and_see_the_timeline_drawn(page):
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

    page.wait_for_url("**/")
    assert page.get_by_role("heading", name="Hello, lena").is_visible()
    assert page.get_by_text("Day 10 of your recovery").is_visible()
    page.wait_for_function("() => window.Chart && Chart.getChart('timeline-chart')")
    state = page.evaluate(CHART_STATE)
    assert state["bars"] == 4
    assert state["painted"] > 1000, "the chart canvas is blank"
    assert state["annotationPlugin"]
    assert state["todayLine"] == 10
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
