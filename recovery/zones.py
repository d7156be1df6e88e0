"""The IANA time zones a patient can choose from."""

import zoneinfo
from functools import cache

from django.core.exceptions import ValidationError


@cache
def timezone_names():
    return sorted(zoneinfo.available_timezones() - {"localtime", "Factory"})


def validate_timezone(value):
    if value not in timezone_names():
        raise ValidationError("%(value)s is not a known time zone.", params={"value": value})
