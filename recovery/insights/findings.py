"""Every comparison for a patient, accounted for together, in words.

Words: a comparison that survives Holm's correction, and whose size pulled toward zero still
leaves zero out of its range, is "seems to go with lower (or higher) leg pain"; anything
else is "no clear difference yet"; fewer than 7 days with or without says how many more are
needed. The traps are named where they apply, on every comparison of the factor:

- whatever can follow pain rather than lead to it (medicines, habits, sitting, sleep, a
  stretch or a supplement skipped or added on a bad day) carries a reverse-causation
  warning in words fitting its kind; the next day is not spared, since a bad day is often
  followed by another;
- a factor that grew or faded over the weeks can borrow the recovery's credit.

Sizes are shown pulled toward zero (estimate.py), with their range; and the page says how
large a difference this log could show at all (`Insights.detectable`).
"""

from dataclasses import dataclass

import numpy as np

from ..progress import noise
from . import estimate
from .series import OUTCOMES, merge_identical

LAGS = {0: "the same day", 1: "the next day"}
DRIFT = 0.4  # a factor whose correlation with the day number is beyond this "drifted"
# What the patient does *because* of a bad day can look like its cause, or its cure. No
# health claim here: each says only what may happen, and what it would do to the figures.
FOLLOWS_PAIN = {
    "medicine": "You may take this on bad days, so it can go with higher pain because of "
    "the bad days rather than cause them.",
    "habit": "You may tick this on bad days, so it can follow pain rather than cause it.",
    "sitting": "You may sit or rest more on bad days, so it can follow pain rather than cause it.",
    "sleep": "Pain may spoil sleep as well as sleep ease pain, so this cannot tell which "
    "comes first.",
    "exercise": "You may do this less on bad days (or more), so it can follow pain rather "
    "than change it.",
    "magnesium": "You may take this more, or less, on bad days, so it can follow pain "
    "rather than change it.",
}


@dataclass(frozen=True)
class Finding:
    factor: str
    kinds: tuple  # the kinds of what was logged: one, or more when factors were merged
    outcome: str
    lag: int
    estimate: estimate.Estimate
    standing: bool  # survived the correction for the number of comparisons, and shrinking
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
    def reverse_causation(self):
        """The warning that this factor may follow pain rather than lead to it, or ""."""
        return next((FOLLOWS_PAIN[k] for k in self.kinds if k in FOLLOWS_PAIN), "")

    @property
    def reverse_causation_warned(self):
        return bool(self.reverse_causation)

    @property
    def traps(self):
        found = [self.reverse_causation] if self.reverse_causation else []
        if self.drift:
            found.append(
                f"You did this {self.drift} as the weeks went by, while your pain changed "
                "for other reasons too: comparing within weeks allows for that, but not "
                "entirely."
            )
        return found

    @property
    def numbers(self):
        """The difference pulled toward zero and its range, signed: "-0.8 (-1.3 to -0.3)"."""
        e = self.estimate
        if not e.enough:
            return ""
        low, high = e.shrunk_interval
        return f"{signed(e.shrunk)} ({signed(low)} to {signed(high)})"

    @property
    def sentence(self):
        """A standing finding in words, with its size, range and days."""
        e = self.estimate
        low, high = sorted(abs(bound) for bound in e.shrunk_interval)
        return (
            f"{self.factor[:1].upper()}{self.factor[1:]} seems to go with {self.direction} "
            f"{self.outcome_words} {self.when}: about {abs(e.shrunk):.1f} points "
            f"{self.direction} (likely between {low:.1f} and {high:.1f}), over "
            f"{e.with_days} days with it and {e.without_days} without."
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

    @property
    def detectable(self):
        """The smallest difference, in points, that this log would show as a finding 4 times
        in 5, for a typical comparison made: from the median standard error of the
        comparisons made (the patient's own spread, carry-over and days) and their number."""
        errors = [f.estimate.error for f in self.findings if f.estimate.enough]
        if not errors:
            return None
        return estimate.detectable(float(np.median(errors)), self.comparisons)

    @property
    def detectable_sentence(self):
        size = self.detectable
        if size is None:
            return ""
        days = f"With {self.days} day{'s' if self.days != 1 else ''} logged"
        if size >= 5:
            return f"{days}, only a difference of 5 points or more would reliably show here."
        return (
            f"{days}, only differences of about {size:.1f} points or more would reliably "
            "show here. Smaller ones may be real and still not show; more days make them "
            "visible."
        )

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
    weeks, weekdays = table.weeks, table.weekdays
    after = table.next_day()
    day_numbers = np.array([day.toordinal() for day in table.dates], dtype=float)
    absorbers = {}  # the same sets of days recur across factors and outcomes
    noises = {
        name: noise.estimate(
            [(day, v) for day, v in zip(table.dates, scores, strict=True) if not np.isnan(v)]
        )
        for name, scores in table.outcomes.items()
    }
    rows = []
    for factor in merge_identical(table.factors):
        drift = drifted(factor.values, day_numbers)
        for outcome, scores in table.outcomes.items():
            for lag in LAGS:
                if lag:
                    followed = after >= 0
                    y = np.where(followed, scores[np.maximum(after, 0)], np.nan)
                else:
                    y = scores
                result = estimate.compare(
                    factor.values, y, weeks, weekdays, absorbers, day_numbers, noises[outcome]
                )
                rows.append((factor, outcome, lag, result, drift))
    held = estimate.holm([row[3].p_value for row in rows])
    findings = [
        Finding(
            factor.name,
            factor.kinds,
            outcome,
            lag,
            result,
            stands and result.clear_of_zero,
            drift,
        )
        for (factor, outcome, lag, result, drift), stands in zip(rows, held, strict=True)
    ]
    return Insights(findings, sum(1 for row in rows if row[3].enough), len(table.dates))


def signed(value):
    """One decimal with its sign and a true minus; never "−0.0", which reads as a loss."""
    value = round(value, 1) + 0.0  # + 0.0 turns -0.0 into 0.0
    return f"{value:+.1f}".replace("-", "−")


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
