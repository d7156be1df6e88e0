"""The insights page's promises, measured on simulated patients whose truth is known
(tests/insight_simulation.py), through the app's own analysis: 400 patients with no effect at
all, 200 per other course, 90 days each, realistic noise (spread 1 to 2 points, carry-over
0.2 to 0.6). The rates with their 95 % intervals are printed by
`python -m tests.insight_simulation` (more patients per course)."""

import pytest

from tests import insight_simulation as simulation

pytestmark = pytest.mark.filterwarnings("ignore::RuntimeWarning")


@pytest.fixture(scope="module")
def measured():
    return {
        "null": simulation.run("null", 400),
        "planted": simulation.run("planted", 200),
        "weekday": simulation.run("weekday", 200),
        "reverse": simulation.run("reverse", 200),
        "large": simulation.run("planted", 200, effect=(2.0, 2.0)),
    }


def test_with_no_real_effect_false_findings_stay_under_the_promise(measured):
    # The page promises under 1 in 20; its upper 95 % bound must stay under 7 % (measured
    # 1.1 % of 1000, 0.6-2.0 %).
    rate = measured["null"].rates()["any finding"]
    assert rate.rate <= 0.05 and rate.interval[1] <= 0.07, rate


def test_a_weekday_pattern_does_not_make_stretching_look_helpful(measured):
    # Stretching mostly at weekends, when pain is a point lower for another reason: compared
    # within weeks alone, 8.8 % of these patients were told it helps (35 of 400).
    rates = measured["weekday"].rates()
    assert rates["stretching called helpful"].rate <= 0.05, rates
    # Nor anything else, with nothing planted (measured 2.8 % of 400).
    assert rates["any finding"].rate <= 0.05, rates


@pytest.mark.parametrize("course", ["null", "planted", "weekday", "reverse", "large"])
def test_every_finding_on_what_can_follow_pain_carries_the_warning(measured, course):
    rate = measured[course].rates()["findings on what can follow pain, warned"]
    # Courses with nothing planted may have none at all (0 of 0 passes here); the reverse
    # course below must have 200 or more, so a broken count cannot pass everywhere.
    assert rate.hits == rate.total, rate


def test_factors_ticked_on_bad_days_are_found_and_warned(measured):
    # Sitting, a painkiller and poor sleep that follow a bad day go with higher pain for
    # nearly every patient: the warning is what keeps these from reading as causes.
    rates = measured["reverse"].rates()
    assert rates["a factor ticked on bad days found"].rate >= 0.9, rates
    warned = rates["findings on what can follow pain, warned"]
    assert warned.total >= 200 and warned.hits == warned.total, warned


@pytest.mark.parametrize("course", ["null", "planted", "weekday", "reverse"])
def test_a_factor_and_its_only_form_are_one(measured, course):
    assert measured[course].rates()["the only form shown apart from magnesium"].hits == 0


def test_realistic_planted_effects_are_found_rarely_and_shown_near_their_size(measured):
    # A true 0.5 to 1 point lower next day: found for about 1 in 10 (measured 9.5 % of 400);
    # when found, the raw difference runs large (median 1.29 for a true 0.86), the size shown
    # much less so (1.01), and its range holds the truth.
    said = measured["planted"]
    rates = said.rates()
    assert 0.02 <= rates["planted effect found"].rate <= 0.25, rates
    sizes = said.sizes()
    assert abs(sizes["shown"] - sizes["truth"]) < abs(sizes["raw"] - sizes["truth"]), sizes
    assert sizes["shown"] <= 1.25 * sizes["truth"], sizes
    assert rates[simulation.COVERED].rate >= 0.9, rates


def test_a_large_effect_is_found_and_not_shrunk_away(measured):
    said = measured["large"]
    rates = said.rates()
    assert rates["planted effect found"].rate >= 0.8, rates
    assert said.sizes()["shown"] >= 0.8 * 2.0, said.sizes()
    assert rates[simulation.COVERED].rate >= 0.9, rates


def test_the_size_the_page_says_would_show_does_show(measured):
    # Patients told that a difference of 2 points would reliably show, with a true 2-point
    # difference planted: it was found at least 4 times in 5.
    rate = measured["large"].found_where_detectable(2.0)
    assert rate.total >= 100 and rate.rate >= 0.8, rate
