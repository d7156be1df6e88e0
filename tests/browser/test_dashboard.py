"""The progress dashboard in a real browser, for a patient with 90 days of history."""

import datetime

import pytest

from recovery.days import local_today
from tests.browser.test_daily_log import log_in
from tests.factories import UserFactory
from tests.history_maker import make_history

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHARTS = ["chart-pain", "chart-symptoms", "chart-magnesium", "chart-exercise"]
DRAWN = """(id) => {
    const canvas = document.getElementById(id);
    const chart = Chart.getChart(canvas);
    const pixels = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
    let painted = 0;
    for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) painted++;
    const annotations = Object.values(chart.options.plugins.annotation?.annotations || {});
    return {
        datasets: chart.data.datasets.length,
        points: chart.data.labels.length,
        painted: painted,
        bands: annotations.filter((a) => a.type === "box").map((a) => a.label.content),
        lines: annotations.filter((a) => a.type === "line").length,
    };
}"""


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_every_chart_draws_with_the_phases(page, viewport):
    from tests.browser.conftest import DESKTOP, PHONE

    page.set_viewport_size(PHONE if viewport == "phone" else DESKTOP)
    user = UserFactory()
    today = local_today("UTC")
    user.profile.recovery_start = today - datetime.timedelta(days=89)
    user.profile.save()
    make_history(user, 90, today, leg_pain=lambda n: max(1, 8 - n // 12))
    log_in(page, user)
    page.goto("/?range=90")
    page.wait_for_function("() => window.Chart && Chart.getChart('chart-exercise')")

    states = {chart: page.evaluate(DRAWN, chart) for chart in CHARTS}
    for chart, state in states.items():
        assert state["painted"] > 500, f"{chart} is blank"
    assert states["chart-pain"]["points"] == 90
    assert states["chart-pain"]["datasets"] == 4  # two scores and their averages
    assert states["chart-pain"]["bands"] == ["Weeks 1–2", "Weeks 3–4", "Months 2–3"]
    assert states["chart-symptoms"]["bands"] == ["Weeks 1–2", "Weeks 3–4", "Months 2–3"]
    assert states["chart-magnesium"]["lines"] == 1  # the upper limit (no sex or age given)
    assert page.get_by_text("Meaningful improvement").first.is_visible()
    assert page.console_errors == []


def test_the_range_switch(page):
    user = UserFactory()
    make_history(user, 200, local_today("UTC"))
    log_in(page, user)
    page.get_by_role("link", name="All").click()
    page.wait_for_function("() => window.Chart && Chart.getChart('chart-pain')")
    assert page.get_by_text("Shown week by week").is_visible()
    points = page.evaluate("() => Chart.getChart('chart-pain').data.labels.length")
    assert 28 <= points <= 31  # about 200 days in weeks
    assert page.console_errors == []
