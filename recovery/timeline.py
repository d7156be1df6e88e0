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


def chart_data(phases, day):
    """What the timeline chart draws: each phase as a span of days, and today's day."""
    finite_ends = [phase.last_day for phase in phases if phase.last_day is not None]
    # An open-ended phase is drawn a month past the last fixed day (or today, if later).
    axis_end = max([*finite_ends, day or 0], default=0) + 30
    return {
        "phases": [
            {
                "name": phase.name,
                "first_day": phase.first_day,
                "last_day": phase.last_day,
                "expectation": phase.expectation,
            }
            for phase in phases
        ],
        "today": day,
        "axis_end": axis_end,
    }
