from datetime import date

import pytest

from recovery import timeline
from recovery.models import TimelinePhase


def phases():
    return [
        TimelinePhase(name="Weeks 1–2", first_day=1, last_day=14),
        TimelinePhase(name="Weeks 3–4", first_day=15, last_day=28),
        TimelinePhase(name="Long-term", first_day=91, last_day=None),
    ]


def test_the_start_date_is_day_1():
    assert timeline.recovery_day(date(2026, 3, 1), date(2026, 3, 1)) == 1
    assert timeline.recovery_day(date(2026, 3, 1), date(2026, 3, 14)) == 14
    # Across a leap day.
    assert timeline.recovery_day(date(2028, 2, 28), date(2028, 3, 1)) == 3


def test_there_is_no_day_before_the_start_or_without_one():
    assert timeline.recovery_day(date(2026, 3, 2), date(2026, 3, 1)) is None
    assert timeline.recovery_day(None, date(2026, 3, 1)) is None


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (1, "Weeks 1–2"),
        (14, "Weeks 1–2"),
        (15, "Weeks 3–4"),
        (29, None),
        (91, "Long-term"),
        (900, "Long-term"),
    ],
)
def test_phase_for_day(day, expected):
    phase = timeline.phase_for_day(phases(), day)
    assert (phase.name if phase else None) == expected


def test_no_phase_without_a_day():
    assert timeline.phase_for_day(phases(), None) is None
