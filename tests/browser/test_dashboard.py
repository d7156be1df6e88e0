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
    const drawn = Chart.registry.getPlugin("annotation").getAnnotations(chart);
    const label = (band) => (band.elements || [])[0];
    return {
        datasets: chart.data.datasets.length,
        points: chart.data.labels.length,
        painted: painted,
        bands: drawn.filter((a) => a.options.type === "box").map((band) => ({
            id: band.options.id,
            text: label(band) && label(band).options.display ? label(band).options.content : null,
            // The name lies within its band.
            inside: Boolean(label(band)) && label(band).x >= band.x - 1
                && label(band).x2 <= band.x2 + 1,
            fill: band.options.backgroundColor,
        })),
        lines: drawn.filter((a) => a.options.type === "line").length,
    };
}"""


def drawn(page, chart):
    """Brings a chart near the screen, where it is drawn, and waits for it."""
    page.locator(f"#{chart}").scroll_into_view_if_needed()
    page.wait_for_function(f"() => window.Chart && Chart.getChart('{chart}')")


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
    if viewport == "phone":
        # The headline, then the first chart, within the first screen and a half; charts
        # further down are drawn only when they come near the screen.
        headline = page.locator("#summary-heading").bounding_box()
        pain = page.locator("#chart-pain").bounding_box()
        assert headline["y"] < pain["y"] and pain["y"] + pain["height"] < 1.5 * PHONE["height"]
        drawn(page, "chart-pain")
        assert page.evaluate("Chart.getChart('chart-weekly-check')") is None
    for chart in CHARTS:
        drawn(page, chart)

    states = {chart: page.evaluate(DRAWN, chart) for chart in CHARTS}
    for chart, state in states.items():
        assert state["painted"] > 500, f"{chart} is blank"
    assert states["chart-pain"]["points"] == 90
    assert states["chart-pain"]["datasets"] == 4  # two scores and their averages
    for chart in ("chart-pain", "chart-symptoms"):
        bands = states[chart]["bands"]
        # Every phase is named on its band, in full or shortened where the band is narrow.
        assert [band["text"] for band in bands] in (
            ["Weeks 1–2", "Weeks 3–4", "Months 2–3"],
            ["Wk 1–2", "Wk 3–4", "Months 2–3"],
            ["Wk 1–2", "Wk 3–4", "Mo 2–3"],
        ), (chart, bands)
        assert all(band["inside"] for band in bands), (chart, bands)
    # Supplements, food and the upper limit as a legend line (no sex or age given, so no
    # recommended intake); no label over the bars.
    assert states["chart-magnesium"]["datasets"] == 3
    assert states["chart-magnesium"]["lines"] == 0
    assert page.get_by_text("Meaningful improvement").first.is_visible()
    assert page.console_errors == []


def test_the_range_switch(page):
    user = UserFactory()
    make_history(user, 200, local_today("UTC"))
    log_in(page, user)
    page.get_by_role("link", name="All").click()
    drawn(page, "chart-pain")
    assert page.get_by_text("Shown week by week").is_visible()
    points = page.evaluate("() => Chart.getChart('chart-pain').data.labels.length")
    assert 28 <= points <= 31  # about 200 days in weeks
    assert page.console_errors == []


def test_a_phase_keeps_its_colour_across_ranges(page):
    user = UserFactory()
    today = local_today("UTC")
    user.profile.recovery_start = today - datetime.timedelta(days=199)
    user.profile.save()
    make_history(user, 200, today)
    log_in(page, user)
    fills = {}
    for key in ("30", "90", "all"):
        page.goto(f"/?range={key}")
        drawn(page, "chart-pain")
        state = page.evaluate(DRAWN, "chart-pain")
        for band in state["bands"]:
            fills.setdefault(band["id"], set()).add(band["fill"])
            # A name too long for its band is left to the key below the chart.
            assert band["text"] is None or band["inside"], (key, band)
        assert "Long-term" in page.locator(".phase-key").first.inner_text()
    assert fills.keys() >= {"phase2", "phase3"}  # months 2-3 and the long term
    assert all(len(colours) == 1 for colours in fills.values()), fills
    assert page.console_errors == []


def test_without_javascript_the_numbers_take_the_charts_place(browser, live_server):
    context = browser.new_context(java_script_enabled=False, base_url=live_server.url)
    page = context.new_page()
    user = UserFactory()
    make_history(user, 20, local_today("UTC"))
    log_in(page, user)
    assert not page.locator(".chart-box").first.is_visible()
    table = page.get_by_role("table", name="Leg and back pain, 0 to 10")
    assert table.is_visible()
    context.close()
