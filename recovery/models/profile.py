from django.conf import settings
from django.db import models

from ..zones import validate_timezone


class Profile(models.Model):
    class Sex(models.TextChoices):
        FEMALE = "female", "Female"
        MALE = "male", "Male"

    class AgeBand(models.TextChoices):
        AGE_14_18 = "14-18", "14–18"
        AGE_19_30 = "19-30", "19–30"
        AGE_31_PLUS = "31+", "31 or older"

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
    # Sex and age band choose the recommended daily magnesium intake; both optional.
    sex = models.CharField(max_length=8, choices=Sex.choices, blank=True)
    age_band = models.CharField(max_length=8, choices=AgeBand.choices, blank=True)
    kidney_condition = models.BooleanField(
        "I have a kidney condition",
        default=False,
        help_text="Magnesium can build up when the kidneys work less well; "
        "supplement entries will remind you to check with your doctor.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"Profile #{self.pk}"
