"""What the progress page says, measured on simulated patients whose course is known
(tests/progress_simulation.py): 300 patients per course, through the app's own comparison,
this week against last and the setback rule, on day 90. Each rate is asserted on its point
estimate; the 95 % intervals are printed with `python -m tests.progress_simulation`."""

import pytest

from tests import progress_simulation as simulation

PATIENTS = 300
pytestmark = pytest.mark.filterwarnings("ignore::RuntimeWarning")


@pytest.fixture(scope="module")
def measured():
    courses = {
        "flat": {},
        "weekday": {},
        "improving": {"improvement": 0.3},
        "unlogged": {"improvement": 0.3},
        "relapse": {},
    }
    return {
        course: simulation.rates(course, count=PATIENTS, **options)
        for course, options in courses.items()
    }


@pytest.mark.parametrize("course", ["flat", "weekday"])
def test_a_course_that_never_changed_reads_no_clear_change(measured, course):
    # Target: at most 10 % shown any verdict but "no clear change", phase or weekly (measured
    # 6.5 % and 4.8 % of 400). A weekday pattern is inside every whole-week baseline.
    assert measured[course]["any verdict but 'no clear change'"].rate <= 0.10
    assert measured[course]["days left out named"].rate <= 0.01


@pytest.mark.parametrize("course", ["improving", "unlogged"])
def test_an_improving_course_is_never_called_worse(measured, course):
    # Target: improvers described correctly in at least 80 %: nothing said is false for them,
    # neither a worse verdict nor a setback (measured: one or the other for 4.8 % and 3.0 % of
    # 400). Where the improvement is within their noise they read "no clear change", which is
    # true, with the points it moved beside it.
    assert measured[course]["a worse verdict or a setback"].rate <= 0.06


def test_a_log_missing_its_worst_days_says_so(measured):
    # 95.0 % of 400 patients who skip 70 % of their bad days (and 10 % of the rest) are told,
    # beside a verdict, that the days left out may be the bad ones.
    assert measured["unlogged"]["days left out named"].rate >= 0.9


def test_a_thirty_percent_improvement_is_named_only_as_the_noise_allows(measured):
    # Honest about power: 30 % less leg pain by day 90 is beyond the noise of these patients'
    # first two weeks in about 1 case in 9 (measured 10.8 %); the rest read "no clear change".
    rate = measured["improving"]["months 2–3 leg pain improved"].rate
    assert 0.05 <= rate <= 0.25


def test_a_relapse_is_said(measured):
    # Target 90 %: measured 90.2 % (86.9-92.8 %) of 400, 94.8 % of those whose day-to-day
    # spread is 1.5 points or less. Pain halving by day 35 and back from day 42 is a 2-3 point
    # swing; for the noisiest patients (spread 2, carry-over 0.6) it is within what chance
    # makes, and the rule does not claim it then.
    assert measured["relapse"]["setback said"].rate >= 0.87


@pytest.mark.parametrize("course", ["flat", "weekday", "improving"])
def test_no_setback_is_said_where_there_was_none(measured, course):
    # The price of finding 90 % of relapses: a flat course is told to have it checked 6.5 %
    # of the time (5.5 % weekday, 2.5 % improving, of 400); with the verdicts, 12.5 % of flat
    # patients see one or the other.
    assert measured[course]["setback said"].rate <= 0.08


@pytest.mark.parametrize("course", ["flat", "weekday", "improving"])
def test_noise_makes_no_flare_ups(measured, course):
    # Target: at most 10 % of patients whose pain never changed see a flare-up in 90 days
    # (measured 5.5 % (3.7-8.2 %) flat, 5.8 % weekday, 6.5 % improving, of 400; the rule
    # before took one in every patient).
    assert measured[course]["any flare-up"].rate <= 0.10
