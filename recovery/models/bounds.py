"""One definition of each allowed range, enforced twice: by field validators
(clear messages in forms, the admin and CSV imports) and by a CHECK constraint
(so no code path can store a row outside it)."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from ..days import FIRST_DAY


def between(low, high):
    return [MinValueValidator(low), MaxValueValidator(high)]


def range_check(field, low, high, *, name, label=None):
    label = label or field.replace("_", " ").capitalize()
    return models.CheckConstraint(
        condition=Q(**{f"{field}__range": (low, high)}),
        name=name,
        violation_error_message=f"{label} must be between {low} and {high}.",
    )


CALENDAR_MESSAGE = f"Choose a date from {FIRST_DAY.day} {FIRST_DAY:%B %Y} on."


def calendar_validators():
    return [MinValueValidator(FIRST_DAY, message=CALENDAR_MESSAGE)]


def calendar_check(field, *, name):
    """No stored date before the app's first day (NULL, for an optional date, passes)."""
    return models.CheckConstraint(
        condition=Q(**{f"{field}__gte": FIRST_DAY}),
        name=name,
        violation_error_message=CALENDAR_MESSAGE,
    )
