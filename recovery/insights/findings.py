"""Every comparison for a patient, accounted for together, in words.

Words: a comparison that survives Holm's correction is "seems to go with lower (or higher)
leg pain"; anything else is "no clear difference yet"; fewer than 7 days with or without
says how many more are needed. The traps are named where they apply: medicines are taken
on bad days (reverse causation), pain spoils sleep as much as sleep eases pain, and a factor
that grew or faded as the patient recovered can borrow the recovery's credit.
"""

from dataclasses import dataclass

import numpy as np

from . import estimate
from .series import OUTCOMES

LAGS = {0: "the same day", 1: "the next day"}
DRIFT = 0.4  # a factor whose correlation with the day number is beyond this "drifted"
TRAPS = {
    "medicine": "Medicines for pain are taken on bad days, so a medicine often goes with "
    "higher pain that same day: that is a sign of the bad days, not their cause.",
    "sleep": "Pain can spoil sleep as much as good sleep can ease pain.",
}


@dataclass(frozen=True)
class Finding:
    factor: str
    kind: str
    outcome: str
    lag: int
    estimate: estimate.Estimate
    standing: bool  # survived the correction for the number of comparisons
    drift: str | None  # "more" or "less" as the weeks went by, if it clearly drifted

    @property
    def outcome_words(self):
        return OUTCOMES[self.outcome]

    @property
    def when(self):
        return LAGS[self.lag]

    @property
    def direction(self):
        if not self.standing:
            return None
        return "lower" if self.estimate.difference < 0 else "higher"

    @property
    def verdict(self):
        if not self.estimate.enough and self.estimate.reason:
            return self.estimate.reason
        if not self.estimate.enough:
            # Neutral words: "7 more days without it" would read like advice to stop.
            e, least = self.estimate, estimate.MIN_DAYS
            return (
                f"Compared once there are {least} days with it and {least} without "
                f"(so far {e.with_days} with, {e.without_days} without)."
            )
        if self.direction:
            return f"Seems to go with {self.direction} {self.outcome_words} {self.when}."
        return "No clear difference yet."

    @property
    def traps(self):
        found = []
        if self.kind in TRAPS:
            found.append(TRAPS[self.kind])
        if self.drift:
            found.append(
                f"You did this {self.drift} as the weeks went by, while recovering anyway: "
                "comparing within weeks allows for that, but not entirely."
            )
        return found

    @property
    def reverse_causation_warned(self):
        return self.kind == "medicine"

    @property
    def numbers(self):
        """The difference and its interval, signed: "-1.4 (-1.9 to -0.9)"."""
        e = self.estimate
        if not e.enough:
            return ""
        return f"{e.difference:+.1f} ({e.low:+.1f} to {e.high:+.1f})".replace("-", "−")

    @property
    def sentence(self):
        """A standing finding in words, with its size, interval and days."""
        e = self.estimate
        low, high = sorted((abs(e.low), abs(e.high)))
        return (
            f"{self.factor[:1].upper()}{self.factor[1:]} seems to go with {self.direction} "
            f"{self.outcome_words} {self.when}: {abs(e.difference):.1f} points {self.direction} "
            f"on average (95 % interval {low:.1f} to {high:.1f}), over {e.with_days} days "
            f"with it and {e.without_days} without."
        )


@dataclass(frozen=True)
class Insights:
    findings: list
    comparisons: int  # made, with enough days: what the correction accounts for
    days: int = 0  # logged days looked at

    @property
    def standing(self):
        """The findings, strongest evidence first."""
        return sorted((f for f in self.findings if f.standing), key=lambda f: f.estimate.p_value)

    def top(self, count=3):
        return self.standing[:count]

    def grid(self):
        """Per factor: its traps, and per outcome the same-day and next-day comparisons."""
        factors = {}
        for finding in self.findings:
            entry = factors.setdefault(
                finding.factor, {"factor": finding.factor, "traps": finding.traps, "rows": {}}
            )
            entry["rows"].setdefault(finding.outcome_words, {})[finding.lag] = finding
        for entry in factors.values():
            # A measure never rated is left out, rather than said to need more days.
            entry["rows"] = [
                (name, cells[0], cells[1])
                for name, cells in entry["rows"].items()
                if cells[0].estimate.with_days + cells[0].estimate.without_days
            ]
            cells = [cell for row in entry["rows"] for cell in row[1:]]
            if not cells:
                entry.update(estimated=False, needs="no pain scores to compare it with yet.")
                continue
            entry["estimated"] = any(cell.estimate.enough for cell in cells)
            # What is missing, from the comparison nearest to being made.
            entry["needs"] = min(cells, key=lambda cell: sum(cell.estimate.more_needed)).verdict
        return list(factors.values())


def analyse(table):
    if not table.dates:
        return Insights([], 0)
    weeks = table.weeks
    after = table.next_day()
    day_numbers = np.array([day.toordinal() for day in table.dates], dtype=float)
    rows = []
    for factor in table.factors:
        drift = drifted(factor.values, day_numbers)
        for outcome, scores in table.outcomes.items():
            for lag in LAGS:
                if lag:
                    followed = after >= 0
                    y = np.where(followed, scores[np.maximum(after, 0)], np.nan)
                else:
                    y = scores
                result = estimate.compare(factor.values, y, weeks)
                rows.append((factor, outcome, lag, result, drift))
    standing = estimate.holm([row[3].p_value for row in rows])
    findings = [
        Finding(factor.label, factor.kind, outcome, lag, result, stands, drift)
        for (factor, outcome, lag, result, drift), stands in zip(rows, standing, strict=True)
    ]
    return Insights(findings, sum(1 for row in rows if row[3].enough), len(table.dates))


def drifted(values, day_numbers):
    """'more' or 'less' when the factor clearly rose or fell over the calendar."""
    known = ~np.isnan(values)
    if known.sum() < 2 * estimate.MIN_DAYS:
        return None
    x = values[known]
    if x.std() == 0:
        return None
    correlation = float(np.corrcoef(x, day_numbers[known])[0, 1])
    if correlation > DRIFT:
        return "more"
    if correlation < -DRIFT:
        return "less"
    return None
