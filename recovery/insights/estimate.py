"""One comparison: the difference in an outcome between days with a factor and days without,
compared within the same calendar week *and* within the same weekday, its 95 % interval and
p-value; that difference pulled toward zero; Holm's correction over many comparisons; and the
smallest difference a log like this one would reliably show.

Within week and weekday (two-way fixed effects): the difference is what is left after each
week's level and each weekday's level are taken out of both the factor and the outcome, so
neither a slow change over the weeks nor a weekly pattern (easier weekends, say) is read as
the factor's doing. Measured on simulated patients (tests/insight_simulation.py): comparing
within weeks alone called stretching done mostly at weekends helpful for 8.8 % of them when
weekends were easier for another reason (35 of 400); within week and weekday, none.

The interval's variance is the largest of three: the ordinary one, right when the factor
changes from day to day independently; Newey-West's with a week of lags, which allows for
pain carrying from one day into the next while the factor comes in runs; and the one the
patient's own AR(1) noise implies (spread and carry-over from recovery/progress/noise.py,
over calendar days, unlogged ones counted). The first two alone ran small on simulated
patients with carry-over of 0.2 to 0.6 and a habit that comes in streaks (5 % of patients
with nothing real shown a finding, against 1.1 % with the third).

Pulled toward zero: the differences that clear the bar among many comparisons are, by that
very selection, partly luck, so their raw size runs large (the winner's curse: a true 0.7
read as 1.2 when found). Each difference is therefore shown shrunk, with the range it most
likely lies in: the posterior of a prior on which most differences are small (PRIOR), given
the estimate and its standard error."""

from dataclasses import dataclass
from functools import cached_property

import numpy as np
from scipy import signal, special

MIN_DAYS = 7  # with, and without
NEWEY_WEST_LAGS = 7
LEVEL = 0.95
POWER_Z = 0.8416212335729143  # found 4 times in 5
# The prior: most differences small, a few large, as a mixture of two normals centred on
# zero, (weight, spread in points). A mixture rather than one normal so that a realistic
# difference (0.5 to 1 point) is pulled back to about its true size, while a large one (2
# points) is not pulled far below it; both measured in tests/insight_simulation.py, where
# one normal of half a point showed true 2-point differences as 1.2, with ranges that held
# the truth one time in six. A modelling choice, not a health claim, and said as such.
PRIOR = ((0.9, 0.5), (0.1, 2.0))
SAME_ALL_WEEK = "Nothing to compare: it was the same on every day of each week, or on each weekday."
NO_VARIATION = "Nothing to compare: the score barely changed."


@dataclass(frozen=True)
class Estimate:
    with_days: int
    without_days: int
    difference: float | None = None  # outcome on days with, minus days without
    low: float | None = None
    high: float | None = None
    p_value: float | None = None
    error: float | None = None  # the difference's standard error
    # Why nothing was estimated from days enough in number, in words.
    reason: str = ""

    @property
    def enough(self):
        return self.difference is not None

    @property
    def more_needed(self):
        """(days with, days without) still missing before anything is estimated."""
        return max(0, MIN_DAYS - self.with_days), max(0, MIN_DAYS - self.without_days)

    @cached_property
    def posterior(self):
        """(weights, means, spreads) of the true difference given this one and the prior."""
        return posterior(self.difference, self.error)

    @property
    def shrunk(self):
        """The difference pulled toward zero: the posterior mean."""
        weights, means, _ = self.posterior
        return float(weights @ means)

    @property
    def shrunk_interval(self):
        """The 95 % range of the true difference (the posterior's 2.5th to 97.5th centile)."""
        return tuple(quantiles(*self.posterior, ((1 - LEVEL) / 2, (1 + LEVEL) / 2)))

    @property
    def clear_of_zero(self):
        """Whether the true difference is on one side of zero with 97.5 % probability."""
        below = below_zero(*self.posterior)
        return below < (1 - LEVEL) / 2 or below > (1 + LEVEL) / 2


def posterior(difference, error):
    """The normal-mixture prior updated by a normal estimate: each component's weight in
    proportion to how likely the estimate was under it, its mean and spread shrunk by the
    usual normal-normal rule."""
    weights, spreads = (np.array(column) for column in zip(*PRIOR, strict=True))
    total = spreads**2 + error**2
    likely = weights * np.exp(-(difference**2) / (2 * total)) / np.sqrt(total)
    kept = spreads**2 / total
    return likely / likely.sum(), difference * kept, error * np.sqrt(kept)


def below_zero(weights, means, spreads):
    return float(weights @ special.ndtr(-means / spreads))


def quantiles(weights, means, spreads, levels):
    """Centiles of a mixture of normals, read off its distribution on a fine grid (finer
    than the one decimal shown)."""
    grid = np.linspace((means - 6 * spreads).min(), (means + 6 * spreads).max(), 4001)
    cdf = special.ndtr((grid[:, None] - means) / spreads) @ weights
    return [float(np.interp(level, cdf, grid)) for level in levels]


class Absorber:
    """Takes each week's and each weekday's level out of columns of observations (the
    residuals of a least-squares fit on both sets of indicators), for one set of days."""

    def __init__(self, weeks, weekdays):
        _, week = np.unique(weeks, return_inverse=True)
        _, weekday = np.unique(weekdays, return_inverse=True)
        n = len(week)
        dummies = np.zeros((n, week.max(initial=-1) + 1 + weekday.max(initial=-1) + 1))
        dummies[np.arange(n), week] = 1
        dummies[np.arange(n), week.max(initial=-1) + 1 + weekday] = 1
        if not n:
            self.basis, self.rank = np.zeros((0, 0)), 0
            return
        u, s, _ = np.linalg.svd(dummies, full_matrices=False)
        kept = s > 1e-9 * s.max()
        self.basis, self.rank = u[:, kept], int(kept.sum())

    def __call__(self, values):
        return values - self.basis @ (self.basis.T @ values)


def compare(factor, outcome, weeks, weekdays=None, absorbers=None, calendar=None, noise=None):
    """factor: 0/1 per observation; outcome: its score; weeks and weekdays: the groups each
    falls in, in date order (weekdays omitted: within week only). Observations missing
    either (NaN) are left out. `absorbers`, a dict, keeps the work of taking out week and
    weekday levels for sets of days that recur across comparisons. With `calendar` (each
    observation's day number) and `noise` (the outcome's, recovery/progress/noise.py), the
    variance allowing for carry-over is worked out from the patient's own AR(1) noise too."""
    factor, outcome, weeks = (
        np.asarray(factor, float),
        np.asarray(outcome, float),
        np.asarray(weeks),
    )
    weekdays = np.zeros(len(weeks), int) if weekdays is None else np.asarray(weekdays)
    kept = ~(np.isnan(factor) | np.isnan(outcome))
    factor, outcome = factor[kept], outcome[kept]
    with_days = int(factor.sum())
    without_days = int(len(factor) - with_days)
    if with_days < MIN_DAYS or without_days < MIN_DAYS:
        return Estimate(with_days, without_days)
    key = kept.tobytes()
    absorber = absorbers.get(key) if absorbers is not None else None
    if absorber is None:
        absorber = Absorber(weeks[kept], weekdays[kept])
        if absorbers is not None:
            absorbers[key] = absorber
    x, y = absorber(np.column_stack([factor, outcome])).T
    spread = float(x @ x)
    if spread < 1e-9:
        return Estimate(with_days, without_days, reason=SAME_ALL_WEEK)
    # An outcome with nothing left once week and weekday levels are out has nothing to say
    # about the factor; the patient's noise, added below, would otherwise make it look
    # like a comparison with a range (and drag the detectable size toward zero).
    if float(y @ y) < 1e-9:
        return Estimate(with_days, without_days, reason=NO_VARIATION)
    beta = float(x @ y) / spread
    residual = y - beta * x
    n = len(x)
    freedom = max(n - absorber.rank - 1, 1)
    ordinary = float(residual @ residual) / freedom / spread
    # n / freedom: the small-sample correction for the levels estimated.
    carried = newey_west(x * residual, NEWEY_WEST_LAGS) / spread**2 * n / freedom
    variances = [ordinary, carried]
    if calendar is not None and noise is not None:
        days = np.asarray(calendar)[kept]
        variances.append(autoregressive(x, days, noise.carry) * noise.spread**2 / spread**2)
    error = float(np.sqrt(max(variances)))
    if error < 1e-9:
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
        error=error,
    )


def newey_west(scores, lags):
    """The long-run variance of a sum of scores that may be correlated with the `lags`
    before them, with Bartlett weights (Newey and West 1987)."""
    total = float(scores @ scores)
    for lag in range(1, min(lags, len(scores) - 1) + 1):
        weight = 1 - lag / (lags + 1)
        total += 2 * weight * float(scores[lag:] @ scores[:-lag])
    return max(total, 0.0)


def autoregressive(x, days, carry):
    """The sum over pairs of observations of x_s x_t carry^|s - t| (t and s in calendar
    days, unlogged days between them counted): the variance of x's products with AR(1) noise
    of unit variance, in one pass over the calendar."""
    grid = np.zeros(int(days[-1] - days[0]) + 1)
    grid[(days - days[0]).astype(int)] = x
    running = signal.lfilter([1.0], [1.0, -carry], grid)  # sum of carry^(t-s) x_s, s <= t
    return float(2 * grid @ running - grid @ grid)


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


def detectable(error, comparisons, alpha=1 - LEVEL):
    """The smallest true difference that a comparison with this standard error would show
    as a finding 4 times in 5, among `comparisons` made: it must clear Holm's first, strictest
    bar (Bonferroni's) and, pulled toward zero, still leave zero out of its range. Normal
    approximation; one direction (the other adds almost nothing)."""
    if not comparisons or not error:
        return None
    bar = -special.ndtri(alpha / 2 / comparisons)
    while below_zero(*posterior(-bar * error, error)) < (1 + LEVEL) / 2:
        bar += 0.05
    return (bar + POWER_Z) * error
