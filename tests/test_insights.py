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
    MagnesiumForm,
    Medicine,
    MedicineDose,
)
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


def test_a_factor_that_never_changes_within_a_week_is_not_compared():
    # Done every day of one week and none of the next: only the weeks differ, and the
    # weeks also differ in how far the recovery had come.
    result = estimate.compare([1] * 7 + [0] * 7, [5, 6, 5, 6, 5, 6, 5] + [3] * 7, [1] * 7 + [2] * 7)
    assert not result.enough and result.reason == estimate.SAME_ALL_WEEK


def test_newey_west_by_hand():
    # 1 + 4 + 9, plus twice the lag-1 products (2 + 6) at Bartlett weight 1/2.
    assert estimate.newey_west(np.array([1.0, 2.0, 3.0]), lags=1) == 22


def test_holm_by_hand():
    # Three made: 0.01 <= 0.05/3 stands; 0.03 > 0.05/2 stops the rest.
    assert estimate.holm([0.01, 0.04, 0.03, None]) == [True, False, False, False]
    assert estimate.holm([0.001, 0.02, None]) == [True, True, False]


def test_fewer_than_seven_days_either_way_says_how_many_more():
    factor = [1] * 5 + [0] * 10
    result = estimate.compare(factor, range(15), [1] * 15)
    assert not result.enough and result.more_needed == (2, 0)
    finding = findings.Finding("stretching", "exercise", "leg_pain", 1, result, False, None)
    assert finding.verdict == (
        "Compared once there are 7 days with it and 7 without (so far 5 with, 10 without)."
    )


def test_the_words_for_a_finding_and_its_traps():
    result = estimate.Estimate(20, 30, difference=1.5, low=0.8, high=2.2, p_value=0.0001)
    finding = findings.Finding("ibuprofen", "medicine", "leg_pain", 0, result, True, "more")
    assert finding.sentence == (
        "Ibuprofen seems to go with higher leg pain the same day: 1.5 points higher on "
        "average (95 % interval 0.8 to 2.2), over 20 days with it and 30 without."
    )
    assert finding.numbers == "+1.5 (+0.8 to +2.2)"
    assert "taken on bad days" in finding.traps[0]
    assert "more as the weeks went by" in finding.traps[1]
    unclear = findings.Finding("caffeine", "habit", "back_pain", 1, result, False, None)
    assert unclear.verdict == "No clear difference yet." and unclear.traps == []


# Proven on simulated patients


@pytest.fixture(scope="module")
def measured():
    return insight_simulation.rates(patients=400, days=90)


def test_null_factors_are_reported_for_at_most_five_percent_of_patients(measured):
    assert measured["null_factor_reported"] <= 0.05, measured


def test_the_planted_next_day_stretching_effect_is_found_in_most_patients(measured):
    assert measured["planted_stretching_found"] >= 0.80, measured


def test_a_painkiller_is_never_reported_as_higher_pain_without_the_warning(measured):
    # Taken because of pain, it often goes with higher pain the same day: always with the
    # reverse-causation warning beside it.
    assert measured["painkiller_reported_higher"] > 0.3
    assert measured["painkiller_higher_without_warning"] == 0


def test_with_nothing_planted_only_the_painkillers_bad_days_show(measured):
    # No stretching effect either: a patient is shown a finding other than the painkiller's
    # (which always carries its warning) at most 5 % of the time.
    rng = np.random.default_rng(11)
    shown = 0
    for _ in range(200):
        standing = findings.analyse(insight_simulation.patient(rng, stretch_effect=0)).standing
        shown += any(f.factor != insight_simulation.PAINKILLER for f in standing)
        assert all(f.traps for f in standing if f.factor == insight_simulation.PAINKILLER)
    assert shown / 200 <= 0.05


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
    """A simulated patient written to the database: scores, stretches and painkillers."""
    stretch = Exercise.objects.get(name="Knee-to-chest stretch")
    ibuprofen = Medicine.objects.get(name="Ibuprofen", owner__isnull=True)
    factors = {factor.label: factor.values for factor in table.factors}
    DailyEntry.objects.bulk_create(
        DailyEntry(user=user, date=day, **{k: int(v[i]) for k, v in table.outcomes.items()})
        for i, day in enumerate(table.dates)
    )
    ExerciseSession.objects.bulk_create(
        ExerciseSession(user=user, date=day, exercise=stretch, minutes=10)
        for i, day in enumerate(table.dates)
        if factors[insight_simulation.STRETCH][i]
    )
    MedicineDose.objects.bulk_create(
        MedicineDose(user=user, date=day, medicine=ibuprofen, amount=400, unit="mg")
        for i, day in enumerate(table.dates)
        if factors[insight_simulation.PAINKILLER][i]
    )


@pytest.mark.django_db
def test_the_page_shows_the_planted_effect_with_the_count_of_comparisons(client):
    user = UserFactory()
    rng = np.random.default_rng(3)
    simulated = insight_simulation.patient(rng, days=120, stretch_effect=-2.5)
    store(user, simulated)
    client.force_login(user)
    last = simulated.dates[-1]
    table = series.load(user, last)
    expected = findings.analyse(table)
    assert any(f.factor == "stretching" and f.lag == 1 for f in expected.standing)
    with time_machine.travel(datetime.datetime.combine(last, datetime.time(12)), tick=False):
        page = client.get(reverse("insights")).content.decode()
        home = client.get(reverse("home")).content.decode()
    assert "Stretching seems to go with lower leg pain the next day" in page
    assert f"{expected.comparisons} comparisons could be made so far" in page
    assert "Holm" in page and "Association, not cause" in page
    assert "Stretching seems to go with lower leg pain the next day" in home


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
