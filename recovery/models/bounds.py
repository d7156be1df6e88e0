"""One definition of each allowed range, enforced twice: by field validators
(clear messages in forms, the admin and CSV imports) and by a CHECK constraint
(so no code path can store a row outside it)."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q


def between(low, high):
    return [MinValueValidator(low), MaxValueValidator(high)]


def range_check(field, low, high, *, name, label=None):
    label = label or field.replace("_", " ").capitalize()
    return models.CheckConstraint(
        condition=Q(**{f"{field}__range": (low, high)}),
        name=name,
        violation_error_message=f"{label} must be between {low} and {high}.",
    )
