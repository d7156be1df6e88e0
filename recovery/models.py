from django.conf import settings
from django.db import models
from django.db.models import F, Q

from .zones import validate_timezone


class Profile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    recovery_start = models.DateField(
        "recovery start date",
        null=True,
        blank=True,
        help_text="Day 1 of your recovery timeline. Leave blank to count from your first log.",
    )
    timezone = models.CharField(
        max_length=64,
        default="UTC",
        validators=[validate_timezone],
        help_text="Your days start and end at midnight in this time zone.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"Profile of {self.user}"


class TimelinePhaseQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class TimelinePhase(models.Model):
    """A stretch of the relief timeline and the change the source documents expect in it."""

    class Measure(models.TextChoices):
        MUSCLE_TIGHTNESS = "muscle_tightness", "Muscle tightness"
        NERVE_SYMPTOMS = "nerve_symptoms", "Nerve symptoms"
        MOBILITY_AND_PAIN = "mobility_and_pain", "Mobility and leg/back pain"
        FLARE_UPS = "flare_ups", "Flare-ups"

    name = models.CharField(max_length=60, unique=True)
    first_day = models.PositiveSmallIntegerField(help_text="Day of recovery the phase begins on.")
    last_day = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Last day of the phase; blank when it has no end.",
    )
    expectation = models.CharField(
        max_length=200,
        help_text="What the documents expect in this phase, in plain words.",
    )
    measure = models.CharField(max_length=32, choices=Measure.choices)
    is_active = models.BooleanField(default=True)

    objects = TimelinePhaseQuerySet.as_manager()

    class Meta:
        ordering = ["first_day"]
        constraints = [
            models.CheckConstraint(
                condition=Q(first_day__gte=1), name="phase_starts_on_day_1_or_later"
            ),
            models.CheckConstraint(
                condition=Q(last_day__isnull=True) | Q(last_day__gte=F("first_day")),
                name="phase_ends_after_it_starts",
            ),
        ]

    def __str__(self):
        return self.name

    def contains(self, day):
        return self.first_day <= day and (self.last_day is None or day <= self.last_day)
