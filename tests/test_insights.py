"""The insights: the arithmetic on hand-worked cases, the honesty rules in words, and the
method proven on simulated patients with planted and absent effects."""

import datetime

import numpy as np
import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from recovery.insights import estimate, findings, series
from recovery.models import (
    DailyEntry,
    Exercise,
    ExerciseSession,
    Habit,
    HabitLog,
    MagnesiumForm,
    Medicine,
    MedicineDose,
)
from recovery.progress.noise import Noise
from tests import insight_simulation
from tests.factories import (
    DailyEntryFactory,
    ExerciseSessionFactory,
    FoodLogFactory,
    HabitLogFactory,
    MagnesiumDoseFactory,
    MedicineDoseFactory,
    UserFactory,
)
from tests.history_maker import make_history

MONDAY = datetime.date(2026, 11, 2)


# The arithmetic, by hand


def test_the_difference_is_taken_within_weeks():
    # Week 1: 4 days with (pain 3, give or take 1) and 3 without (pain 5); week 2, a worse
    # week: 3 with (6) and 4 without (8). Within each week the difference is -2; pooling the
    # weeks would say -2.43, lending the factor the good week's credit.
    factor = [1, 1, 1, 1, 0, 0, 0] + [1, 1, 1, 0, 0, 0, 0]
    pain = [2, 4, 2, 4, 4, 6, 5] + [5, 7, 6, 7, 9, 7, 9]
    weeks = [1] * 7 + [2] * 7
    result = estimate.compare(factor, pain, weeks)
    assert result.difference == pytest.approx(-2)
    assert (result.with_days, result.without_days) == (7, 7)
    assert result.low < -2 < result.high and result.p_value < 0.05
    pooled = np.mean([p for p, f in zip(pain, factor, strict=True) if f]) - np.mean(
        [p for p, f in zip(pain, factor, strict=True) if not f]
    )
    assert pooled == pytest.approx(-17 / 7)


def test_a_weekday_pattern_is_taken_out_as_well_as_the_weeks():
    # Eight weeks; pain a point lower at weekends for another reason, and stretching on most
    # weekend days and few weekdays. Within weeks alone, stretching takes the weekends'
    # credit; within week and weekday, it has none.
    rng = np.random.default_rng(5)
    days = np.arange(56)
    weekend = days % 7 >= 5
    stretch = (rng.random(56) < np.where(weekend, 0.8, 0.2)).astype(float)
    pain = 5 - weekend + rng.normal(0, 0.5, 56)
    weeks, weekdays = days // 7, days % 7
    within_week = estimate.compare(stretch, pain, weeks)
    both = estimate.compare(stretch, pain, weeks, weekdays)
    assert within_week.difference < -0.5 and within_week.high < 0
    assert abs(both.difference) < 0.3 and both.low < 0 < both.high


def test_a_factor_that_never_changes_within_a_week_is_not_compared():
    # Done every day of one week and none of the next: only the weeks differ, and the
    # weeks also differ in how far the recovery had come.
    result = estimate.compare([1] * 7 + [0] * 7, [5, 6, 5, 6, 5, 6, 5] + [3] * 7, [1] * 7 + [2] * 7)
    assert not result.enough and result.reason == estimate.SAME_ALL_WEEK


def test_a_score_that_never_changes_is_not_a_comparison():
    # Leg pain 3 on every day: the patient's noise (from the whole log) would lend it a range
    # around zero, and a small standard error that makes every difference look detectable.
    days = np.arange(28)
    factor = (days % 3 == 0).astype(float)
    result = estimate.compare(
        factor, [3.0] * 28, days // 7, days % 7, calendar=days, noise=Noise(1.5, 0.4, 28)
    )
    assert not result.enough and result.reason == estimate.NO_VARIATION
    # A score that moves only with the week and weekday has nothing left to compare either.
    weekly = 3 + (days // 7) + (days % 7 == 6)
    result = estimate.compare(
        factor, weekly, days // 7, days % 7, calendar=days, noise=Noise(1.5, 0.4, 28)
    )
    assert result.reason == estimate.NO_VARIATION


def test_newey_west_by_hand():
    # 1 + 4 + 9, plus twice the lag-1 products (2 + 6) at Bartlett weight 1/2.
    assert estimate.newey_west(np.array([1.0, 2.0, 3.0]), lags=1) == 22


def test_carry_over_by_hand():
    # Two days two apart: 1 + 4, plus twice 1 * 2 * 0.5 ** 2.
    assert estimate.autoregressive(np.array([1.0, 2.0]), np.array([10.0, 12.0]), 0.5) == 6


def test_holm_by_hand():
    # Three made: 0.01 <= 0.05/3 stands; 0.03 > 0.05/2 stops the rest.
    assert estimate.holm([0.01, 0.04, 0.03, None]) == [True, False, False, False]
    assert estimate.holm([0.001, 0.02, None]) == [True, True, False]


def test_the_size_is_pulled_toward_zero_by_hand(monkeypatch):
    # One normal prior of spread 0.5 and an estimate of 1.0 with error 0.5: half survives,
    # and the range is 0.5 +/- 1.96 * 0.5 * sqrt(0.5).
    monkeypatch.setattr(estimate, "PRIOR", ((1.0, 0.5),))
    result = estimate.Estimate(20, 20, difference=1.0, low=0, high=2, p_value=0.05, error=0.5)
    assert result.shrunk == pytest.approx(0.5)
    low, high = result.shrunk_interval
    assert low == pytest.approx(0.5 - 0.693, abs=0.005)
    assert high == pytest.approx(0.5 + 0.693, abs=0.005)
    # Its range holds zero, so it could not stand as a finding, whatever Holm said.
    assert not result.clear_of_zero
    surer = estimate.Estimate(20, 20, difference=1.0, error=0.2)
    assert surer.shrunk_interval[0] > 0 and surer.clear_of_zero


def test_the_mixture_pulls_small_differences_hard_and_large_ones_little():
    def shown(difference):
        return estimate.Estimate(30, 30, difference, error=0.4).shrunk

    assert 0 < shown(1.0) < 0.75
    assert 1.8 < shown(2.5) < 2.5
    assert shown(-2.5) == pytest.approx(-shown(2.5))


def test_the_detectable_size_by_hand():
    # Bonferroni's bar among 40 comparisons is 3.227 standard errors, and 4 times in 5 adds
    # 0.842 more: 0.407 points for an error of 0.1.
    assert estimate.detectable(0.1, 40) == pytest.approx(0.407, abs=0.001)
    assert estimate.detectable(0.1, 0) is None


def test_fewer_than_seven_days_either_way_says_how_many_more():
    factor = [1] * 5 + [0] * 10
    result = estimate.compare(factor, range(15), [1] * 15)
    assert not result.enough and result.more_needed == (2, 0)
    finding = findings.Finding("stretching", ("exercise",), "leg_pain", 1, result, False, None)
    assert finding.verdict == (
        "Compared once there are 7 days with it and 7 without (so far 5 with, 10 without)."
    )


def test_the_words_for_a_finding_and_its_traps():
    result = estimate.Estimate(20, 30, difference=1.5, low=0.8, high=2.2, p_value=1e-4, error=0.3)
    finding = findings.Finding("ibuprofen", ("medicine",), "leg_pain", 0, result, True, "more")
    low, high = result.shrunk_interval
    assert finding.sentence == (
        f"Ibuprofen seems to go with higher leg pain the same day: about {result.shrunk:.1f} "
        f"points higher (likely between {low:.1f} and {high:.1f}), over 20 days with it and "
        "30 without."
    )
    assert 0.8 < result.shrunk < 1.5
    assert finding.numbers == f"+{result.shrunk:.1f} (+{low:.1f} to +{high:.1f})"
    assert "take this on bad days" in finding.traps[0]
    assert "more as the weeks went by" in finding.traps[1]
    unclear = findings.Finding("breathing", ("exercise",), "back_pain", 1, result, False, None)
    assert unclear.verdict == "No clear difference yet."
    # A size that rounds to nothing is "+0.0", never a loss of "−0.0".
    assert findings.signed(-0.04) == "+0.0" and findings.signed(-0.06) == "−0.1"


@pytest.mark.parametrize("kind", ["medicine", "habit", "sitting", "sleep"])
def test_whatever_can_follow_pain_is_warned_on_every_comparison(kind):
    # Same day and next day, found or not: a bad day is often followed by another.
    result = estimate.Estimate(20, 30, difference=-1.5, low=-2, high=-1, p_value=1e-4, error=0.3)
    for lag in findings.LAGS:
        for standing in (True, False):
            finding = findings.Finding("it", (kind,), "leg_pain", lag, result, standing, None)
            assert finding.reverse_causation_warned
            assert finding.reverse_causation in finding.traps
            assert "bad days" in finding.reverse_causation or (
                "which comes first" in finding.reverse_causation
            )


def test_factors_on_exactly_the_same_days_are_merged():
    on = np.array([1.0, 0, 1, np.nan])
    merged = series.merge_identical(
        [
            series.Factor("a magnesium supplement", on, "magnesium"),
            series.Factor(
                "magnesium as Glycinate",
                on.copy(),
                "magnesium",
                aside="as Glycinate",
                parent="a magnesium supplement",
            ),
            series.Factor("stretching", np.array([0.0, 1, 0, 1]), "exercise"),
            series.Factor("caffeine", on.copy()),
        ]
    )
    assert [f.name for f in merged] == [
        "a magnesium supplement and caffeine (always as Glycinate; always on the same days: "
        "they cannot be told apart)",
        "stretching",
    ]
    # The merged factor is warned as the habit it also is.
    assert merged[0].kinds == ("magnesium", "habit")


def test_an_aside_names_only_its_own_broader_factor():
    # Long stretches fall exactly on the magnesium days; short ones on other days too.
    magnesium = np.array([1.0, 0, 1, 0, 1, 0])
    merged = series.merge_identical(
        [
            series.Factor("a magnesium supplement", magnesium, "magnesium"),
            series.Factor("stretching", np.array([1.0, 1, 1, 1, 1, 0]), "exercise"),
            series.Factor(
                "stretching, 20 minutes or more",
                magnesium.copy(),
                "exercise",
                aside="20 minutes or more",
                parent="stretching",
            ),
        ]
    )
    assert merged[0].name == (
        "a magnesium supplement and stretching, 20 minutes or more (always on the same days: "
        "they cannot be told apart)"
    )


def test_factors_never_logged_are_not_merged():
    # Magnesium and stretching both never logged: each waits alone, not "on the same days".
    never = np.array([0.0, 0, 0, np.nan])
    merged = series.merge_identical(
        [
            series.Factor("a magnesium supplement", never, "magnesium"),
            series.Factor("stretching", never.copy(), "exercise"),
        ]
    )
    assert [f.name for f in merged] == ["a magnesium supplement", "stretching"]


def test_the_page_says_how_large_a_difference_would_show():
    result = estimate.Estimate(30, 30, difference=0.1, low=-1, high=1, p_value=0.8, error=0.45)
    finding = findings.Finding("caffeine", ("habit",), "leg_pain", 0, result, False, None)
    said = findings.Insights([finding], comparisons=40, days=60)
    assert said.detectable == pytest.approx(estimate.detectable(0.45, 40))
    assert said.detectable_sentence == (
        f"With 60 days logged, only differences of about {said.detectable:.1f} points or more "
        "would reliably show here. Smaller ones may be real and still not show; more days "
        "make them visible."
    )
    assert findings.Insights([], 0).detectable_sentence == ""


# From the database


@pytest.mark.django_db
def test_the_table_reads_every_factor_from_the_log():
    user = UserFactory()
    days = [MONDAY + datetime.timedelta(days=n) for n in range(3)]
    for day, sitting, sleep in zip(days, (2, 6, 9), (4, 7, 8), strict=True):
        DailyEntryFactory(user=user, date=day, hours_sitting=sitting, sleep_quality=sleep)
    MagnesiumDoseFactory(user=user, date=days[0], amount_mg=250)  # oral, elemental
    # On the skin: not a supplement taken.
    topical = MagnesiumForm.objects.get(name="Magnesium chloride (topical)")
    MagnesiumDoseFactory(user=user, date=days[2], form=topical)
    ExerciseSessionFactory(user=user, date=days[0], minutes=12)
    breathing = Exercise.objects.get(name="Coherent breathing")
    ExerciseSessionFactory(
        user=user, date=days[1], exercise=breathing, minutes=5, repetitions_per_side=None
    )
    FoodLogFactory(user=user, date=days[1])
    HabitLogFactory(user=user, date=days[2])
    MedicineDoseFactory(user=user, date=days[2])
    table = series.load(user, days[-1])
    values = {factor.label: list(factor.values) for factor in table.factors}
    assert values["a magnesium supplement"] == [1, 0, 0]
    assert values["magnesium, 200 mg or more"] == [1, 0, 0]
    assert values["magnesium as Magnesium glycinate"] == [1, 0, 0]
    assert values["stretching"] == [1, 0, 0]
    assert values["stretching, 10 minutes or more"] == [1, 0, 0]
    assert values["breathing practice"] == [0, 1, 0]
    assert values["sitting more than usual (over 6 h)"] == [0, 0, 1]
    assert values["better sleep than usual (above 7/10)"] == [0, 0, 1]
    food = values["more magnesium-rich food than usual (over 156 mg)"]
    assert np.isnan(food[0]) and food[1] == 0 and np.isnan(food[2])  # not logged: unknown
    assert values["prolonged sitting"] == [0, 0, 1]
    assert values["Ibuprofen"] == [0, 0, 1]
    assert next(f for f in table.factors if f.label == "Ibuprofen").kind == "medicine"


def store(user, table):
    """A simulated patient written to the database: scores, stretches, painkillers, the
    prolonged-sitting habit and one form of magnesium (200 mg, so it is also the "200 mg or
    more" factor)."""
    stretch = Exercise.objects.get(name="Knee-to-chest stretch")
    ibuprofen = Medicine.objects.get(name="Ibuprofen", owner__isnull=True)
    sitting = Habit.objects.get(name="Prolonged sitting")
    factors = {factor.label: factor.values for factor in table.factors}

    def days_with(label):
        return [day for i, day in enumerate(table.dates) if factors[label][i]]

    DailyEntry.objects.bulk_create(
        DailyEntry(user=user, date=day, **{k: int(v[i]) for k, v in table.outcomes.items()})
        for i, day in enumerate(table.dates)
    )
    ExerciseSession.objects.bulk_create(
        ExerciseSession(user=user, date=day, exercise=stretch, minutes=10)
        for day in days_with(insight_simulation.STRETCH)
    )
    MedicineDose.objects.bulk_create(
        MedicineDose(user=user, date=day, medicine=ibuprofen, amount=400, unit="mg")
        for day in days_with(insight_simulation.PAINKILLER)
    )
    HabitLog.objects.bulk_create(
        HabitLog(user=user, date=day, habit=sitting)
        for day in days_with(insight_simulation.SITTING)
    )
    for day in days_with("a magnesium supplement"):
        MagnesiumDoseFactory(user=user, date=day)


def page_on(client, user, day):
    client.force_login(user)
    with time_machine.travel(datetime.datetime.combine(day, datetime.time(12)), tick=False):
        return client.get(reverse("insights")).content.decode()


@pytest.mark.django_db
def test_the_page_shows_the_planted_effect_merged_factors_and_what_would_show(client):
    user = UserFactory()
    rng = np.random.default_rng(3)
    simulated = insight_simulation.simulate("planted", rng, days=120, effect=(2.5, 2.5)).table
    store(user, simulated)
    last = simulated.dates[-1]
    expected = findings.analyse(series.load(user, last))
    # Every session 10 minutes: stretching and "10 minutes or more" are one factor.
    stretching = "Stretching (always 10 minutes or more) seems to go with lower leg pain"
    assert any(f.sentence.startswith(stretching) and f.lag == 1 for f in expected.standing)
    page = page_on(client, user, last)
    assert f"{stretching} the next day: about" in page
    assert f"{expected.comparisons} comparisons could be made so far" in page
    assert f"With {len(simulated.dates)} days logged, only differences of about " in page
    assert "same weekday" in page and "Holm" in page and "How this is worked out" in page
    # One magnesium form only, always 200 mg: one table, not three identical ones.
    assert "A magnesium supplement (always as Magnesium glycinate and 200 mg or more)</h3>" in page
    assert "Magnesium as Magnesium glycinate</h3>" not in page
    assert "Magnesium, 200 mg or more</h3>" not in page
    # Words a clinician called wrong are gone.
    assert "cannot pass for an effect" not in page


@pytest.mark.django_db
def test_a_habit_ticked_on_bad_days_is_shown_with_its_warning(client):
    user = UserFactory()
    rng = np.random.default_rng(8)
    simulated = insight_simulation.simulate("reverse", rng, days=120).table
    store(user, simulated)
    last = simulated.dates[-1]
    expected = findings.analyse(series.load(user, last))
    sitting = [f for f in expected.standing if f.factor == "prolonged sitting"]
    assert sitting and all(f.direction == "higher" for f in sitting)
    page = page_on(client, user, last)
    warning = findings.FOLLOWS_PAIN["habit"]
    for finding in sitting:
        assert (
            f'{finding.sentence} <span class="d-block small text-warning-emphasis">{warning}'
            in page
        )
    # The clinician's report gives the habit its own warning, not the painkillers'.
    first = simulated.dates[0]
    with time_machine.travel(datetime.datetime.combine(last, datetime.time(12)), tick=False):
        report = client.get(reverse("report") + f"?first={first}&last={last}")
    report = report.content.decode()
    assert f"({warning})" in report
    assert "Medicines for pain are taken" not in report


@pytest.mark.django_db
def test_an_empty_log_says_what_to_do(client):
    client.force_login(UserFactory())
    assert "Nothing to compare yet" in client.get(reverse("insights")).content.decode()


@pytest.mark.django_db
def test_the_page_needs_a_signed_in_patient(client):
    assert client.get(reverse("insights")).url.startswith(reverse("login"))


@pytest.mark.django_db
def test_the_queries_are_the_same_at_30_days_and_3_years(client, django_assert_num_queries):
    today = datetime.date.today()
    counts = []
    for days in (30, 3 * 365):
        user = UserFactory()
        make_history(user, days, today)
        MedicineDoseFactory(user=user, date=today)
        HabitLogFactory(user=user, date=today)
        client.force_login(user)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("insights")).status_code == 200
        counts.append(len(captured))
        with CaptureQueriesContext(connection) as again:
            client.get(reverse("insights"))
        counts.append(len(again))
    # session, user, profile; entries, oral magnesium, sessions, food, habits, medicines,
    # the latest warning-sign answers; again with nothing changed, only the first three (the
    # profile holds the log version).
    assert counts == [10, 3, 10, 3]
