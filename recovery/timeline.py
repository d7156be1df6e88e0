"""Where a patient stands on the relief timeline: day numbers and phases.

Day 1 is the profile's recovery start date. Phases are TimelinePhase rows (or
anything with first_day, last_day and contains()).
"""


def recovery_day(start, today):
    """Day number of `today` counting `start` as day 1; None before the start or without one."""
    if start is None or today < start:
        return None
    return (today - start).days + 1


def phase_for_day(phases, day):
    if day is None:
        return None
    return next((phase for phase in phases if phase.contains(day)), None)
