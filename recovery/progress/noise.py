"""How much of a change between two periods is the patient's signal and how much their noise.

A 0–10 score wanders from day to day: a single rating's smallest detectable change is about 2
points (Childs et al. 2005, shared/REFERENCE.md), and a bad day tends to follow a bad day, so
the mean of N days is less certain than the spread over √N. Every comparison of two periods
(a phase against the starting week, this week against last, the report's two halves) is
therefore judged against this patient's own spread, with carry-over between days allowed for:

- residuals: each score less the mean of its week of recovery (days 1-7, 8-14, ...), so
  that recovery's slow trend, and a change between phases, is not taken for noise;
- *carry-over* ρ: how much one day's deviation carries into the next, found where the
  residuals' lag-one products over their squares equal what AR(1) noise would give once each
  week's mean is taken out (taking it out hides part of both), then raised by one standard
  error; kept between 0 and MAX_CARRY, PRIOR_CARRY with too few consecutive days to tell;
- *spread* σ: the residuals' squares over what they would be per unit of variance at that
  carry-over; with few days it leans toward PRIOR_SPREAD (the spread of a single rating
  that Childs' figure implies, rounded up), as much as PRIOR_DAYS days of the patient's own
  would;
- the uncertainty of the mean of n days is then σ·√((1 + ρ) / (1 − ρ) / n), the large-sample
  variance of the mean of a first-order autoregressive series;
- a difference is beyond the noise when it is more than Z times the uncertainty of the
  difference of the two means. Z is set so that a patient whose scores never changed sees no
  verdict other than "no clear change", on a dashboard of about ten, in at least nine of ten
  cases: measured on simulated patients in tests/test_progress_simulation.py.
"""

import math
from collections import Counter
from dataclasses import dataclass

import numpy as np

PRIOR_SPREAD = 1.0  # points: Childs' 2-point change between two ratings, over 1.96·√2, rounded up
PRIOR_DAYS = 7
PRIOR_CARRY = 0.5
MAX_CARRY = 0.8
MIN_PAIRS = 7
Z = 2.7


@dataclass(frozen=True)
class Noise:
    spread: float
    carry: float
    days: int

    @property
    def inflation(self):
        return (1 + self.carry) / (1 - self.carry)

    def uncertainty(self, days):
        """The standard error of the mean of `days` logged days."""
        return self.spread * math.sqrt(self.inflation / days)

    def margin(self, before_days, after_days):
        """How far apart two means of this many days may lie from noise alone."""
        error = math.hypot(self.uncertainty(before_days), self.uncertainty(after_days))
        return Z * error


def estimate(series, start=None):
    """The noise of one measure, from (date, value) pairs of its logged days. Weeks count
    from `start` (day 1 of recovery), or from the first day given."""
    series = sorted(series)
    if not series:
        return Noise(PRIOR_SPREAD, PRIOR_CARRY, 0)
    start = start or series[0][0]
    weeks = {}
    for date, value in series:
        day = (date - start).days
        weeks.setdefault(day // 7, []).append((day % 7, value))
    squares = products = 0.0
    patterns = Counter()  # which weekdays were logged, and in how many weeks
    for items in weeks.values():
        if len(items) < 2:
            continue
        centre = sum(value for _, value in items) / len(items)
        residuals = {day: value - centre for day, value in items}
        squares += sum(r * r for r in residuals.values())
        products += sum(
            r * residuals[day + 1] for day, r in residuals.items() if day + 1 in residuals
        )
        patterns[tuple(sorted(residuals))] += 1
    shapes = [(Week(days), count) for days, count in patterns.items()]
    pairs = sum(len(week.pairs) * count for week, count in shapes)
    if pairs < MIN_PAIRS or not squares:
        carry = PRIOR_CARRY
    else:
        # One standard error above the estimate: carry-over judged too small would make the
        # noise look smaller than it is, and a chance change look like a real one.
        found = solve_carry(shapes, products / squares)
        carry = min(found + math.sqrt((1 - found**2) / pairs), MAX_CARRY)
    # The squares around each week's mean, per unit of variance, expected at that carry.
    expected = sum(week.expected(carry)[0] * count for week, count in shapes)
    variance = (squares + PRIOR_DAYS * PRIOR_SPREAD**2) / (expected + PRIOR_DAYS)
    return Noise(math.sqrt(variance), carry, len(series))


class Week:
    """The logged days of a week (0-6), as a shape: what taking out the week's mean does to
    AR(1) noise depends only on which days were logged."""

    def __init__(self, days):
        days = np.array(days, dtype=float)
        self.size = len(days)
        self.distances = np.abs(days[:, None] - days[None, :])
        self.pairs = [(a, a + 1) for a in range(self.size - 1) if days[a + 1] - days[a] == 1]
        self.first = np.array([a for a, _ in self.pairs], dtype=int)
        self.second = self.first + 1

    def expected(self, carry):
        """E[squares] and E[products] per unit of variance, for AR(1) noise with `carry`:
        taking out the week's mean takes out part of the noise, more the more days carry
        over, so the raw figures would understate both."""
        links = carry**self.distances
        with_mean = links.sum(axis=1) / self.size  # each day's covariance with the mean
        of_mean = with_mean.sum() / self.size  # the mean's variance
        squares = self.size * (1 - of_mean)
        products = (
            links[self.first, self.second] - with_mean[self.first] - with_mean[self.second]
        ).sum() + len(self.pairs) * of_mean
        return squares, float(products)


def solve_carry(shapes, observed):
    """The carry-over at which the expected ratio of products to squares is the observed one
    (it rises with the carry-over), by bisection within [0, MAX_CARRY]."""

    def ratio(carry):
        totals = [(week.expected(carry), count) for week, count in shapes]
        return sum(p * n for (_, p), n in totals) / sum(s * n for (s, _), n in totals)

    low, high = 0.0, MAX_CARRY
    if observed <= ratio(low):
        return low
    if observed >= ratio(high):
        return high
    for _ in range(16):
        middle = (low + high) / 2
        low, high = (middle, high) if ratio(middle) < observed else (low, middle)
    return (low + high) / 2
