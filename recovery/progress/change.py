"""One vocabulary for change, wherever two periods are compared in words: the dashboard's
phase verdicts, this week against last, and the clinician report.

A change counts only when it is beyond the patient's own day-to-day ups and downs
(recovery/progress/noise.py); within them it is "no clear change", whatever its size. Beyond
them, and positive when better (pain, tightness and nerve symptoms going down; mobility and
sleep going up):

- leg and back pain: *meaningful improvement* at 2 points or 30 % better (the minimal
  clinically important change on a 0–10 pain scale, Ostelo et al. 2008, for pain only),
  *some improvement* below that, *worse* when worse;
- the other scores, for which no agreed figure of clinical importance exists
  (shared/REFERENCE.md): *clearly better* or *clearly worse*, with no claim of importance.

Averages are shown rounded to one decimal and the change is worked out from the rounded
figures, so the words always agree with the numbers beside them.
"""

from dataclasses import dataclass

from ..models.logs import HIGHER_IS_BETTER
from . import noise as noise_model

MCID_POINTS = 2.0
MCID_PERCENT = 30.0
SUBSTANTIAL_PERCENT = 50.0  # "substantial" (IMMPACT, Dworkin et al. 2008)
PAIN = frozenset({"leg_pain", "back_pain"})

MEANINGFUL = "meaningful improvement"
SOME = "some improvement"
BETTER = "clearly better"
SAME = "no clear change"
WORSE = "worse"
CLEARLY_WORSE = "clearly worse"
NOT_ENOUGH = "not enough data"

TONES = {
    MEANINGFUL: "meaningful",
    SOME: "some",
    BETTER: "some",
    SAME: "none",
    WORSE: "worse",
    CLEARLY_WORSE: "worse",
}
MEANING = (
    "A change counts only when it is larger than your own day-to-day ups and downs could "
    "make by chance, worked out from your log; otherwise it is “no clear change”, which may "
    "still hide a real change too small to tell from those ups and downs yet. For leg and "
    "back pain, 2 points or 30 % better is a meaningful improvement (Ostelo et al. 2008); no "
    "such figure is agreed for the other scores, so they are only “clearly better” or "
    "“clearly worse”."
)


@dataclass(frozen=True)
class Change:
    before: float  # as shown, to one decimal
    after: float
    points: float  # positive is better
    percent: float | None  # relative to `before`; None when `before` is 0
    margin: float  # how far apart the two means may lie from this patient's noise alone
    pain: bool = True

    @property
    def beyond_noise(self):
        return abs(self.points) > self.margin

    @property
    def verdict(self):
        if not self.beyond_noise:
            return SAME
        if self.points < 0:
            return WORSE if self.pain else CLEARLY_WORSE
        if not self.pain:
            return BETTER
        if self.points >= MCID_POINTS or (self.percent or 0) >= MCID_PERCENT:
            return MEANINGFUL
        return SOME

    @property
    def tone(self):
        return TONES[self.verdict]

    @property
    def substantial(self):
        return self.pain and self.beyond_noise and (self.percent or 0) >= SUBSTANTIAL_PERCENT

    def words(self):
        """ "2.4 points better (38 %), more than your usual ups and downs of ±1.1" and the
        like."""
        noise = f"your usual ups and downs of ±{self.margin:.1f}"
        direction = "better" if self.points > 0 else "worse"
        if self.verdict == SAME:
            if not self.points:
                return f"no change at all (your usual ups and downs are ±{self.margin:.1f})"
            return f"no clear change: {abs(self.points):.1f} points {direction}, within {noise}"
        percent = f" ({abs(self.percent):.0f} %)" if self.percent is not None else ""
        return f"{abs(self.points):.1f} points {direction}{percent}, more than {noise}"


def judge(measure, before_values, after_values, noise):
    """The change from one period's values to another's, against the patient's `noise` in
    this measure (noise.estimate)."""
    before = round(sum(before_values) / len(before_values), 1)
    after = round(sum(after_values) / len(after_values), 1)
    points = round(after - before if measure in HIGHER_IS_BETTER else before - after, 1)
    percent = points / before * 100 if before else None
    margin = noise.margin(len(before_values), len(after_values))
    return Change(before, after, points, percent, margin, pain=measure in PAIN)


def noise_of(measure, entries):
    """The noise of `measure` in entries (dicts with a date and scores)."""
    return noise_model.estimate(
        [(e["date"], e[measure]) for e in entries if e.get(measure) is not None]
    )
