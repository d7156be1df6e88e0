"""One comparison: the within-week difference in an outcome between days with a factor and
days without, its 95 % interval and p-value; and Holm's correction over many comparisons.

The interval's variance is the larger of two: the ordinary one, right when the factor
changes from day to day independently, and Newey-West's with a week of lags, which allows
for pain carrying from one day into the next while the factor comes in runs. Either alone
runs small in a few months of days (Newey-West especially, measured on simulated patients
in tests/test_insights.py); the larger keeps the interval honest in both cases."""

from dataclasses import dataclass

import numpy as np
from scipy import special

MIN_DAYS = 7  # with, and without
NEWEY_WEST_LAGS = 7
LEVEL = 0.95
SAME_ALL_WEEK = "Nothing to compare: it was the same on every day of each week."
NO_VARIATION = "Nothing to compare: the score barely changed."


@dataclass(frozen=True)
class Estimate:
    with_days: int
    without_days: int
    difference: float | None = None  # outcome on days with, minus days without
    low: float | None = None
    high: float | None = None
    p_value: float | None = None
    # Why nothing was estimated from days enough in number, in words.
    reason: str = ""

    @property
    def enough(self):
        return self.difference is not None

    @property
    def more_needed(self):
        """(days with, days without) still missing before anything is estimated."""
        return max(0, MIN_DAYS - self.with_days), max(0, MIN_DAYS - self.without_days)


def within_week(values, groups):
    """Each value less the mean of its group's values, and how many groups there were."""
    values = np.asarray(values, dtype=float)
    _, index = np.unique(groups, return_inverse=True)
    sums = np.bincount(index, weights=values)
    counts = np.bincount(index)
    return values - (sums / counts)[index], len(counts)


def compare(factor, outcome, weeks):
    """factor: 0/1 per observation; outcome: its score; weeks: the group each falls in, in
    date order. Observations missing either (NaN) are left out."""
    factor, outcome, weeks = (
        np.asarray(factor, float),
        np.asarray(outcome, float),
        np.asarray(weeks),
    )
    kept = ~(np.isnan(factor) | np.isnan(outcome))
    factor, outcome, weeks = factor[kept], outcome[kept], weeks[kept]
    with_days = int(factor.sum())
    without_days = int(len(factor) - with_days)
    if with_days < MIN_DAYS or without_days < MIN_DAYS:
        return Estimate(with_days, without_days)
    x, groups = within_week(factor, weeks)
    y, _ = within_week(outcome, weeks)
    spread = float(x @ x)
    if spread < 1e-9:
        return Estimate(with_days, without_days, reason=SAME_ALL_WEEK)
    beta = float(x @ y) / spread
    residual = y - beta * x
    n, k = len(x), groups + 1
    freedom = max(n - k, 1)
    ordinary = float(residual @ residual) / freedom / spread
    # n / freedom: the small-sample correction for the week means estimated.
    carried = newey_west(x * residual, NEWEY_WEST_LAGS) / spread**2 * n / freedom
    error = float(np.sqrt(max(ordinary, carried)))
    if error == 0:
        return Estimate(with_days, without_days, reason=NO_VARIATION)
    t = beta / error
    # Student's t, through SciPy's ufuncs (its distribution objects cost far more per call).
    margin = special.stdtrit(freedom, 0.5 + LEVEL / 2) * error
    return Estimate(
        with_days,
        without_days,
        difference=beta,
        low=beta - margin,
        high=beta + margin,
        p_value=float(2 * special.stdtr(freedom, -abs(t))),
    )


def newey_west(scores, lags):
    """The long-run variance of a sum of scores that may be correlated with the `lags`
    before them, with Bartlett weights (Newey and West 1987)."""
    total = float(scores @ scores)
    for lag in range(1, min(lags, len(scores) - 1) + 1):
        weight = 1 - lag / (lags + 1)
        total += 2 * weight * float(scores[lag:] @ scores[:-lag])
    return max(total, 0.0)


def holm(p_values, alpha=1 - LEVEL):
    """Which of the p-values (None for comparisons not made) stand after Holm's step-down
    correction: the family-wise chance of any false finding stays under `alpha`."""
    made = sorted((p, i) for i, p in enumerate(p_values) if p is not None)
    standing = [False] * len(p_values)
    for rank, (p, i) in enumerate(made):
        if p > alpha / (len(made) - rank):
            break
        standing[i] = True
    return standing
