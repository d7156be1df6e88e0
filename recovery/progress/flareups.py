"""Flare-ups: stretches of days when pain rises well above the patient's usual level, beyond
what their own day-to-day ups and downs make, and whether they have become more or less frequent.

- The *usual level* on a day is the median pain (the higher of leg and back pain) of the 14
  logged days before it (7 at least); a median is not pulled up by a flare-up's own first days.
- A *rise* is a run of logged days, with no ordinary logged day between them, each at least 2
  points above its usual level (the rise back-pain research usually takes, shared/REFERENCE.md),
  at least moderate (4 of 10) at its worst.
- It is a *flare-up* only when its mean rise is more than Z times what the patient's noise gives
  for the mean of that many days: a noisy patient's single bad day is not one, a run of clearly
  raised days is. The noise is the spread of each day's pain about its usual level, taken from
  the days *below* it (doubled), which flare-ups cannot widen, and the day-to-day carry-over
  of recovery/progress/noise.py. Z is set so that patients whose pain never changed see a
  flare-up in their first 90 days in under 1 case in 10 (tests/test_progress_simulation.py).
- Flare-ups are counted as *episodes*. Two periods are compared by episodes per 30 logged days.
  Whether a difference is more than chance: under equal rates, and given the episodes of both
  periods together, the later period's count follows a binomial distribution whose probability
  is its share of the logged days (the conditional test for two Poisson rates). A one-sided
  probability below 5 % either way is called more or fewer; anything else is "no clear change".
"""

import math
from dataclasses import dataclass
from statistics import median

from . import change
from . import noise as noise_model

RISE = change.MCID_POINTS
MIN_PAIN = 4
USUAL_DAYS = 14
MIN_USUAL_DAYS = 7
PER_DAYS = 30
SIGNIFICANCE = 0.05
MIN_DAYS = 14  # flagged days each period needs before a comparison is made
Z = 3.6

DEFINITION = (
    "There is no agreed definition of a flare-up; research on back pain often takes a rise of "
    "about 2 points above a person's usual pain. Here it is a day, or days in a row, when pain "
    "is at least 2 points above your usual level (the middle of your previous 14 logged "
    "days), at least 4 of 10 at its worst, and higher than your own ups and downs would make "
    "by chance; days in a row count as one."
)


def flags(days):
    """For (date, pain) pairs in date order: {date: is a flare-up day} for each day with
    enough history before it."""
    days = [(date, pain) for date, pain in days if pain is not None]
    judged, history = [], []  # (date, pain, usual level)
    for date, pain in days:
        recent = history[-USUAL_DAYS:]
        if len(recent) >= MIN_USUAL_DAYS:
            judged.append((date, pain, median(recent)))
        history.append(pain)
    flagged = {date: False for date, _, _ in judged}
    if not judged:
        return flagged
    spread = spread_below([pain for _, pain in days])
    # Flare-ups make days carry over too; cut every day at a rise, so that they do not.
    carry = noise_model.estimate(
        [(date, min(pain, usual + RISE)) for date, pain, usual in judged]
    ).carry
    for run in rises(judged):
        excess = [pain - usual for _, pain, usual in run]
        mean_rise = sum(excess) / len(excess)
        worst = max(pain for _, pain, _ in run)
        if worst >= MIN_PAIN and mean_rise > Z * spread * mean_factor(len(run), carry):
            flagged.update({date: True for date, _, _ in run})
    return flagged


def spread_below(pains):
    """The spread of a day's pain about the middle of the days around it (USUAL_DAYS // 2 on
    each side, not the day itself), from the days below it: flare-ups cannot widen that, and
    a middle taken around the day does not lag behind a recovery as the usual level does."""
    half = USUAL_DAYS // 2
    below = []
    for index, pain in enumerate(pains):
        around = pains[max(0, index - half) : index] + pains[index + 1 : index + 1 + half]
        if len(around) >= MIN_USUAL_DAYS:
            below.append(min(0, pain - median(around)) ** 2)
    return math.sqrt(2 * sum(below) / len(below)) if below else 0.0


def rises(judged):
    """Runs of judged days each at least RISE above their usual level."""
    run = []
    for day in judged:
        _, pain, usual = day
        if pain >= usual + RISE:
            run.append(day)
        elif run:
            yield run
            run = []
    if run:
        yield run


def mean_factor(days, carry):
    """The spread of the mean of `days` consecutive days of AR(1) noise, per unit of the
    spread of one day."""
    links = sum((days - lag) * carry**lag for lag in range(1, days))
    return math.sqrt(days + 2 * links) / days


def episodes(day_flags):
    """Runs of flare-up days in a sequence of logged days' flags."""
    count, inside = 0, False
    for flagged in day_flags:
        if flagged and not inside:
            count += 1
        inside = flagged
    return count


def binomial_tail_at_least(k, n, p):
    return sum(math.comb(n, i) * p**i * (1 - p) ** (n - i) for i in range(k, n + 1))


@dataclass(frozen=True)
class Rates:
    earlier_episodes: int
    earlier_days: int
    later_episodes: int
    later_days: int
    p_more: float  # chance of this many or more in the later period, were rates equal
    p_fewer: float

    @property
    def earlier_rate(self):
        return self.earlier_episodes / self.earlier_days * PER_DAYS

    @property
    def later_rate(self):
        return self.later_episodes / self.later_days * PER_DAYS

    @property
    def verdict(self):
        # Fewer flare-ups is no pain score: no clinical-importance claim, only "clearly".
        if self.p_more < SIGNIFICANCE:
            return change.CLEARLY_WORSE
        if self.p_fewer < SIGNIFICANCE:
            return change.BETTER
        return change.SAME


def compare(earlier_flags, later_flags):
    """Episodes in two periods (each a list of logged days' flags), tested as above."""
    earlier, later = episodes(earlier_flags), episodes(later_flags)
    total = earlier + later
    share = len(later_flags) / (len(earlier_flags) + len(later_flags))
    p_more = binomial_tail_at_least(later, total, share)
    p_fewer = 1 - binomial_tail_at_least(later + 1, total, share)
    return Rates(earlier, len(earlier_flags), later, len(later_flags), p_more, p_fewer)
