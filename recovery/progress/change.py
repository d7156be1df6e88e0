"""One vocabulary for change, wherever a change between two averages is put in words: the
dashboard's phase verdicts, this week against last, and the clinician report.

Averages are compared as they are shown, rounded to one decimal, so the words always agree
with the numbers beside them. A change counts as positive when it is better: pain,
tightness and nerve symptoms going down; mobility and sleep going up.

- *about the same*: within half a point either way (the day-to-day noise of a 0-10 score);
- *meaningful improvement*: at least 2 points or 30 % better (the minimal clinically
  important change on a 0-10 pain scale, Ostelo et al. 2008);
- *some improvement*: better by more than the noise, less than meaningful;
- *worse*: worse by more than the noise.
"""

from dataclasses import dataclass

MCID_POINTS = 2.0
MCID_PERCENT = 30.0
SUBSTANTIAL_PERCENT = 50.0  # "substantial" (IMMPACT, Dworkin et al. 2008)
NOISE_POINTS = 0.5

MEANINGFUL = "meaningful improvement"
SOME = "some improvement"
SAME = "about the same"
WORSE = "worse"
NOT_ENOUGH = "not enough data"

TONES = {MEANINGFUL: "meaningful", SOME: "some", SAME: "none", WORSE: "worse"}
MEANING = (
    "A meaningful change is 2 points or 30 % on a 0–10 scale (Ostelo et al. 2008); "
    "within half a point either way is about the same."
)


@dataclass(frozen=True)
class Change:
    before: float  # as shown, to one decimal
    after: float
    points: float  # positive is better
    percent: float | None  # relative to `before`; None when `before` is 0

    @property
    def verdict(self):
        if abs(self.points) <= NOISE_POINTS:
            return SAME
        if self.points < 0:
            return WORSE
        if self.points >= MCID_POINTS or (self.percent or 0) >= MCID_PERCENT:
            return MEANINGFUL
        return SOME

    @property
    def tone(self):
        return TONES[self.verdict]

    @property
    def substantial(self):
        return self.points > NOISE_POINTS and (self.percent or 0) >= SUBSTANTIAL_PERCENT

    def words(self):
        """ "2.4 points better (38 %)", "about the same (0.3 points)" and the like."""
        if self.verdict == SAME:
            return f"about the same ({abs(self.points):.1f} points)"
        direction = "better" if self.points > 0 else "worse"
        percent = f" ({abs(self.percent):.0f} %)" if self.percent is not None else ""
        return f"{abs(self.points):.1f} points {direction}{percent}"


def between(before, after, higher_is_better=False):
    """The change from one average to another, for a measure of either direction."""
    before, after = round(before, 1), round(after, 1)
    points = round(after - before if higher_is_better else before - after, 1)
    percent = points / before * 100 if before else None
    return Change(before, after, points, percent)
