from django.conf import settings
from django.db import models

from ..zones import validate_timezone
from .bounds import calendar_check, calendar_validators

# Signs that sciatica may have another, serious cause (NICE CKS Sciatica / Low back pain: red
# flags for serious pathology). Asked once at sign-up and in Settings, not daily; each stays
# NULL until answered, so "not asked yet" is never read as "no".
SERIOUS_CAUSE_FIELDS = (
    "cancer_history",
    "fever_or_unwell",
    "unexplained_weight_loss",
    "significant_trauma",
    "weak_immunity_or_injected_drugs",
    "new_pain_under_20_or_over_50",
    "night_pain_not_eased",
)


def serious_cause_field(words):
    return models.BooleanField(words, null=True, blank=True)


class ProfileQuerySet(models.QuerySet):
    def lock(self, user):
        """Holds the patient's profile row until the transaction ends, so that their
        multi-row writes (repeating a day's doses, an import) take turns instead of
        interleaving. SQLite's IMMEDIATE transactions already queue every writer."""
        return list(self.select_for_update().filter(user=user).values_list("pk", flat=True))


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
        validators=calendar_validators(),
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
    # The words are what the patient is asked. They are answered together, with the time
    # (recovery/serious_causes.py), so a stored answer always says when it was given.
    cancer_history = serious_cause_field("a history of cancer")
    fever_or_unwell = serious_cause_field(
        "a fever, or feeling generally unwell, with the back pain"
    )
    unexplained_weight_loss = serious_cause_field("weight loss you cannot explain")
    significant_trauma = serious_cause_field(
        "a significant injury before the pain began, such as a fall or an accident"
    )
    weak_immunity_or_injected_drugs = serious_cause_field(
        "a weakened immune system, or injecting drugs"
    )
    new_pain_under_20_or_over_50 = serious_cause_field(
        "the back pain is new, and you are under 20 or over 50"
    )
    night_pain_not_eased = serious_cause_field(
        "pain that is worse at night and not eased by rest or changing position"
    )
    serious_causes_answered_at = models.DateTimeField(
        "other serious causes last answered", null=True, blank=True
    )
    # The address typed at sign-up waits here until its owner confirms it; then it becomes
    # the account's email (recovery/email_confirmation.py).
    pending_email = models.EmailField("email waiting for confirmation", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Counts every change to what the patient logged (recovery/freshness.py): pages worked
    # out from the whole log are kept for as long as it stands still.
    log_version = models.PositiveBigIntegerField(default=0, editable=False)

    objects = ProfileQuerySet.as_manager()

    class Meta:
        constraints = [calendar_check("recovery_start", name="profile_start_in_calendar")]

    def __str__(self):
        return f"Profile #{self.pk}"

    def save(self, *args, **kwargs):
        # The log version moves only by its own UPDATE (recovery/freshness.py): a profile
        # loaded before it moved must never write the older number back.
        if self.pk and kwargs.get("update_fields") is None and not kwargs.get("force_insert"):
            kwargs["update_fields"] = [
                f.name for f in self._meta.concrete_fields if f.name not in ("id", "log_version")
            ]
        super().save(*args, **kwargs)
