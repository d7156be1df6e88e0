from datetime import UTC, date, datetime

from recovery import days


def test_local_today_is_the_patients_own_date():
    # 23:30 UTC on 1 March is already 2 March in Sydney and still 1 March in New York.
    now = datetime(2026, 3, 1, 23, 30, tzinfo=UTC)
    assert days.local_today("Australia/Sydney", now) == date(2026, 3, 2)
    assert days.local_today("America/New_York", now) == date(2026, 3, 1)


def test_just_after_midnight_the_previous_day_is_offered():
    # 00:30 in Berlin on 2 March (23:30 UTC on 1 March).
    now = datetime(2026, 3, 1, 23, 30, tzinfo=UTC)
    assert days.previous_day_to_offer("Europe/Berlin", now) == date(2026, 3, 1)


def test_from_four_in_the_morning_today_is_today():
    now = datetime(2026, 3, 2, 3, 0, tzinfo=UTC)  # 04:00 in Berlin
    assert days.previous_day_to_offer("Europe/Berlin", now) is None
    assert days.previous_day_to_offer("UTC", datetime(2026, 3, 2, 15, 0, tzinfo=UTC)) is None


def test_future_days_are_the_patients_future():
    now = datetime(2026, 3, 1, 23, 30, tzinfo=UTC)
    # Already 2 March in Sydney, so 2 March is not in the future there; 3 March is.
    assert not days.is_future(date(2026, 3, 2), "Australia/Sydney", now)
    assert days.is_future(date(2026, 3, 3), "Australia/Sydney", now)
    assert days.is_future(date(2026, 3, 2), "America/New_York", now)
