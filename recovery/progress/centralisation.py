"""Where the leg pain reaches, early against late, in one sentence per leg.

Pain that retreats from the foot toward the buttock over the weeks (centralisation) is one
of the most useful signs a sciatica patient can track. The sentence compares the first
logged week with the latest: on how many logged days the pain reached at least as far as
it typically did in the first week (its median reach there).
"""

from statistics import median_low

from ..models.logs import PainReach

WEEK = 7
PLACES = {
    PainReach.BUTTOCK: "the back or buttock",
    PainReach.THIGH: "the thigh",
    PainReach.BELOW_KNEE: "below the knee",
    PainReach.FOOT: "the foot",
}


def sentence(entries, side):
    """One leg's sentence, from entries (dicts with pain_reach_<side>) in date order; None
    when fewer than two weeks' worth of days say where the pain reached, or when that leg
    had no pain in either week."""
    reaches = [e[f"pain_reach_{side}"] for e in entries if e[f"pain_reach_{side}"] is not None]
    if len(reaches) < 2 * WEEK:
        return None
    first, last = reaches[:WEEK], reaches[-WEEK:]
    level = max(median_low(first), PainReach.BUTTOCK)
    where = PLACES[level]
    further = "" if level == PainReach.FOOT else " or further"
    early = sum(reach >= level for reach in first)
    late = sum(reach >= level for reach in last)
    if not early and not late:
        return None  # no leg pain to speak of in either week
    return (
        f"Your {side} leg pain reached {where}{further} on {late} of the last {WEEK} logged "
        f"days, against {early} of {WEEK} in the first logged week."
    )
