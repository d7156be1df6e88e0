"""The patient's own calendar: which day "today" is, and which days can be logged."""

import datetime
import zoneinfo

from django.utils import timezone

# Before this hour, a patient opening "today" is more likely finishing yesterday's log.
EARLY_HOURS_END = datetime.time(4, 0)
# The calendar the app keeps: no record, start date or page is older than this. Dates far
# outside any life history only ever arrive from mistakes or hostile requests, and near
# the ends of Python's calendar a day before or after cannot even be computed.
FIRST_DAY = datetime.date(1900, 1, 1)
ONE_DAY = datetime.timedelta(days=1)


def local_now(tz_name, now=None):
    return timezone.localtime(now or timezone.now(), zoneinfo.ZoneInfo(tz_name))


def local_today(tz_name, now=None):
    """The patient's calendar date, in their own time zone."""
    return local_now(tz_name, now).date()


def previous_day_to_offer(tz_name, now=None):
    """Yesterday's date in the small hours (a late-night log belongs to the day just ended)."""
    moment = local_now(tz_name, now)
    if moment.time() < EARLY_HOURS_END:
        return moment.date() - datetime.timedelta(days=1)
    return None


def is_future(day, tz_name, now=None):
    return day > local_today(tz_name, now)


def last_accepted_day(tz_name, now=None):
    """The latest date a stored record may carry: the patient's local tomorrow.

    A day has already begun in time zones ahead of the patient's, so a file exported there
    (or a patient who has just changed time zone) can hold "today" rows dated tomorrow here.
    Logging on the pages still stops at today.
    """
    return local_today(tz_name, now) + ONE_DAY


def long_date(day):
    """How pages and messages name a day: "Monday 2 November"."""
    return f"{day:%A} {day.day} {day:%B}"
