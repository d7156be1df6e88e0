"""The one vocabulary for change and the noise it is judged against, on cases worked by hand."""

import datetime
import math

import pytest

from recovery.progress import change, noise

# A patient whose days vary by 1 point and do not carry over: the mean of 7 days is
# uncertain by 1 / √7, a difference of two such means by √(2/7) = 0.53, and a change is
# beyond the noise past Z × 0.53 = 1.44 points.
STEADY = noise.Noise(spread=1.0, carry=0.0, days=60)
WEEK = 7


def week(value):
    return [value] * WEEK


def test_the_margin_of_a_steady_patient():
    assert STEADY.margin(WEEK, WEEK) == pytest.approx(noise.Z * math.sqrt(2 / 7))
    assert STEADY.margin(WEEK, WEEK) == pytest.approx(1.44, abs=0.01)


@pytest.mark.parametrize(
    ("measure", "before", "after", "points", "verdict"),
    [
        # Within the noise, whatever the size: no clear change.
        ("leg_pain", 5, 4, 1.0, change.SAME),
        ("leg_pain", 2, 3, -1.0, change.SAME),
        # Pain beyond the noise: 2 points or 30 % is meaningful (Ostelo), less is some.
        ("leg_pain", 7, 5, 2.0, change.MEANINGFUL),
        ("back_pain", 8, 6.5, 1.5, change.SOME),  # 19 %
        ("back_pain", 5, 3.5, 1.5, change.MEANINGFUL),  # 30 %
        ("leg_pain", 5, 6.5, -1.5, change.WORSE),
        # The other scores claim no clinical importance: clearly better or clearly worse.
        ("muscle_tightness", 7, 4, 3.0, change.BETTER),
        ("nerve_symptoms", 3, 4.5, -1.5, change.CLEARLY_WORSE),
        # Mobility and sleep count up.
        ("mobility", 4, 6, 2.0, change.BETTER),
        ("sleep_quality", 5, 3.5, -1.5, change.CLEARLY_WORSE),
    ],
)
def test_verdicts(measure, before, after, points, verdict):
    found = change.judge(measure, week(before), week(after), STEADY)
    assert (found.points, found.verdict) == (points, verdict)


def test_a_noisier_patient_needs_a_larger_change():
    # The same 2 points: beyond the noise of a steady patient, within that of one whose days
    # vary by 2 points, or by 1 point carrying over (rho 0.5 triples the variance of a mean).
    assert change.judge("leg_pain", week(7), week(5), STEADY).verdict == change.MEANINGFUL
    noisy = noise.Noise(spread=2.0, carry=0.0, days=60)
    assert change.judge("leg_pain", week(7), week(5), noisy).verdict == change.SAME
    carrying = noise.Noise(spread=1.0, carry=0.5, days=60)
    assert carrying.margin(WEEK, WEEK) == pytest.approx(STEADY.margin(WEEK, WEEK) * math.sqrt(3))
    assert change.judge("leg_pain", week(7), week(5), carrying).verdict == change.SAME


def test_more_days_narrow_the_margin():
    assert STEADY.margin(30, 30) < STEADY.margin(7, 7) < STEADY.margin(4, 4)


def test_shown_values_are_compared():
    # 6.75 shows as 6.8 and 6.26 as 6.3: 0.5 points, as the page shows them.
    found = change.judge("leg_pain", [6.75], [6.26], STEADY)
    assert (found.before, found.after, found.points) == (6.8, 6.3, 0.5)


def test_words_agree_with_the_numbers():
    assert change.judge("leg_pain", week(7), week(3.5), STEADY).words() == (
        "3.5 points better (50 %), more than your usual ups and downs of ±1.4"
    )
    assert change.judge("leg_pain", week(5), week(4), STEADY).words() == (
        "no clear change: 1.0 points better, within your usual ups and downs of ±1.4"
    )
    assert change.judge("leg_pain", week(0), week(2), STEADY).words() == (
        "2.0 points worse, more than your usual ups and downs of ±1.4"  # no percent of nothing
    )


def test_substantial_is_half_or_more_better_in_pain_beyond_the_noise():
    assert change.judge("leg_pain", week(8), week(4), STEADY).substantial
    assert not change.judge("leg_pain", week(8), week(4.1), STEADY).substantial
    assert not change.judge("leg_pain", week(2), week(1), STEADY).substantial  # within it
    assert not change.judge("mobility", week(8), week(4), STEADY).substantial


def days(values, start=datetime.date(2026, 1, 5)):
    return [(start + datetime.timedelta(days=i), v) for i, v in enumerate(values) if v is not None]


def test_the_noise_of_a_patient_with_no_days_is_the_prior():
    found = noise.estimate([])
    assert (found.spread, found.carry) == (noise.PRIOR_SPREAD, noise.PRIOR_CARRY)


def test_a_trend_across_weeks_is_not_noise():
    # The same every day of a week, one point lower each week: no noise within any week, so
    # only the prior's small weight keeps the spread above 0.
    steps = [7 - week_number for week_number in range(8) for _ in range(7)]
    assert noise.estimate(days(steps)).spread < 0.5  # the prior alone is 1.0


def test_days_that_alternate_have_no_carry_over_and_runs_have_much():
    alternating = noise.estimate(days([3, 7] * 28))
    # None found; one standard error (√(1 / 48 pairs) = 0.14) is added in case it was missed.
    assert alternating.carry == pytest.approx(math.sqrt(1 / 48))
    assert alternating.spread > 1.9  # 2 points either side of 5
    runs = noise.estimate(days(([3] * 3 + [7] * 4) * 8))
    assert runs.carry > 0.5


def test_few_consecutive_days_take_the_prior_carry_over():
    every_other_day = noise.estimate(days([5, None, 6, None] * 14))
    assert every_other_day.carry == noise.PRIOR_CARRY
