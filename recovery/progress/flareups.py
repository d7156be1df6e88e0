"""Flare-ups: days when pain rises well above the patient's usual level, and whether they
have become more or less frequent.

- A *flare-up day* is a logged day whose pain (the higher of leg and back pain) is at least
  2 points above the patient's usual level *and* at least moderate (4 of 10). The usual
  level is the median pain of the 14 logged days before it (7 at least); a median is not
  pulled up by the flare-up's own first days. Day-to-day noise at low pain (1 to 3) is
  therefore never a flare-up.
- Flare-ups are counted as *episodes*: flare-up days with no ordinary logged day between
  them count once. Pain on one day predicts the next, so counting days would make one bad
  week look like many independent events.
- Two periods are compared by episodes per 30 logged days. Whether a difference is more
  than chance: under equal rates, and given the episodes of both periods together, the
  later period's count follows a binomial distribution whose probability is its share of
  the logged days (the conditional test for two Poisson rates). A one-sided probability
  below 5 % either way is called more or fewer; anything else is "no clear change". With few
  days in the earlier period only a large change passes, which is the honest answer.
"""

import math
from dataclasses import dataclass
from statistics import median

from . import change

RISE = change.MCID_POINTS
MIN_PAIN = 4
USUAL_DAYS = 14
MIN_USUAL_DAYS = 7
PER_DAYS = 30
SIGNIFICANCE = 0.05
MIN_DAYS = 14  # flagged days each period needs before a comparison is made

DEFINITION = (
    "There is no agreed definition of a flare-up; research on back pain often takes a rise of "
    "about 2 points above a person's usual pain. Here it is a day when pain is at least 2 "
    "points above your usual level (the middle of your previous 14 logged days) and at least "
    "4 of 10; days in a row count as one."
)


def flags(days):
    """For (date, pain) pairs in date order: {date: is a flare-up day} for each day with
    enough history before it."""
    flagged, history = {}, []
    for date, pain in days:
        if pain is None:
            continue
        recent = history[-USUAL_DAYS:]
        if len(recent) >= MIN_USUAL_DAYS:
            flagged[date] = pain >= MIN_PAIN and pain >= median(recent) + RISE
        history.append(pain)
    return flagged


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
