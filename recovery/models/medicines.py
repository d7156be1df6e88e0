"""Medicines: a curated catalog, the patient's own additions (private to them), the doses
they record, and the weekly sciatica check. The app records; it never advises a dose."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower

from .. import magnesium
from .bounds import between, calendar_check, calendar_validators, range_check
from .logs import DailyLog, one_per_key

MEDICINE_AMOUNT = (Decimal("0.01"), Decimal(100_000))


class MedicineQuerySet(models.QuerySet):
    def catalog(self):
        return self.filter(owner__isnull=True)

    def for_patient(self, user):
        """What a patient may pick: the catalog's active medicines and their own."""
        return self.filter(Q(owner__isnull=True, is_active=True) | Q(owner=user, is_active=True))


class MedicineUnit(models.TextChoices):
    MG = "mg", "mg"
    MICROGRAM = "µg", "µg"
    G = "g", "g"
    ML = "ml", "ml"
    TABLET = "tablet", "tablets"
    PATCH = "patch", "patches"
    APPLICATION = "application", "applications (gel, cream)"


UNITS = [unit for unit, _ in MedicineUnit.choices]
SINGULAR = {"tablet": "tablet", "patch": "patch", "application": "application"}


def dose_words(amount, unit):
    """ "400 mg", "1 tablet", "2 tablets"."""
    words = SINGULAR.get(unit, unit) if amount == 1 else MedicineUnit(unit).label.split(" (")[0]
    return f"{magnesium.plain_number(amount)} {words}"


class Medicine(models.Model):
    """A medicine of the catalog (no owner; curators keep it), or one a patient added for
    themselves (private to them: curators never see it)."""

    class Group(models.TextChoices):
        PAIN_RELIEVER = "pain_reliever", "Pain reliever"
        NSAID = "nsaid", "Anti-inflammatory (NSAID)"
        NERVE_PAIN = "nerve_pain", "For nerve pain"
        STEROID = "steroid", "Steroid"
        MUSCLE_RELAXANT = "muscle_relaxant", "Muscle relaxant"
        OPIOID = "opioid", "Opioid pain reliever"
        OTHER = "other", "Other"

    Unit = MedicineUnit

    class Route(models.TextChoices):
        ORAL = "oral", "By mouth"
        TOPICAL = "topical", "On the skin"
        INJECTION = "injection", "Injection"

    name = models.CharField(max_length=80)
    group = models.CharField(max_length=20, choices=Group.choices, default=Group.OTHER)
    route = models.CharField(max_length=10, choices=Route.choices, default=Route.ORAL)
    unit = models.CharField(
        max_length=12,
        choices=MedicineUnit.choices,
        default=MedicineUnit.MG,
        help_text="The unit of a dose.",
    )
    strengths = models.CharField(
        "usual strengths",
        max_length=80,
        blank=True,
        help_text="As sold, e.g. “200 mg, 400 mg”. Shown to help pick; never advice.",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        editable=False,
        related_name="own_medicines",
    )
    is_active = models.BooleanField(
        "active", default=True, help_text="Inactive medicines are hidden from pickers only."
    )

    objects = MedicineQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                condition=Q(owner__isnull=True),
                name="one_catalog_medicine_per_name",
                violation_error_message="The catalog has a medicine of this name already.",
            ),
            models.UniqueConstraint(
                "owner",
                Lower("name"),
                condition=Q(owner__isnull=False),
                name="one_own_medicine_per_name",
                violation_error_message="You have a medicine of this name already.",
            ),
            models.CheckConstraint(
                condition=Q(unit__in=UNITS),
                name="medicine_unit_known",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_own(self):
        return self.owner_id is not None


class MedicineDose(DailyLog):
    class Need(models.TextChoices):
        AS_NEEDED = "as_needed", "As needed"
        SCHEDULED = "scheduled", "Scheduled (regular)"

    # RESTRICT, not PROTECT: deleting an account deletes its own medicines with their doses.
    medicine = models.ForeignKey(Medicine, on_delete=models.RESTRICT)
    amount = models.DecimalField(
        max_digits=9, decimal_places=2, validators=between(*MEDICINE_AMOUNT)
    )
    unit = models.CharField(max_length=12, choices=MedicineUnit.choices)
    time = models.TimeField(null=True, blank=True, help_text="When it was taken.")
    need = models.CharField("taken", max_length=10, choices=Need.choices, default=Need.AS_NEEDED)

    class Meta(DailyLog.Meta):
        verbose_name = "medicine taken"
        verbose_name_plural = "medicines taken"
        # The check-in offers each medicine with the patient's last dose of it: one seek
        # per medicine, not a walk back through every dose they logged.
        indexes = [
            *DailyLog.Meta.indexes,
            models.Index(fields=["user", "medicine", "date"], name="medicine_dose_user_medicine"),
        ]
        constraints = [
            calendar_check("date", name="medicine_dose_date_in_calendar"),
            one_per_key("medicine_dose"),
            range_check("amount", *MEDICINE_AMOUNT, name="medicine_dose_amount_in_range"),
            models.CheckConstraint(
                condition=Q(unit__in=UNITS),
                name="medicine_dose_unit_known",
            ),
            models.CheckConstraint(
                condition=Q(need__in=["as_needed", "scheduled"]), name="medicine_dose_need_known"
            ),
        ]

    def __str__(self):
        return f"Medicine on {self.date}"

    @property
    def dose_text(self):
        return dose_words(self.amount, self.unit)

    @property
    def summary(self):
        return f"{self.medicine.name}, {self.dose_text}"


CHECK_SCALE = (0, 6)
WEEKLY_QUESTIONS = ("leg_pain", "numbness", "weakness", "sitting_pain")


def validate_monday(day):
    if day.weekday() != 0:
        raise ValidationError("A week is named by its Monday.")


def check_field(verbose_name):
    return models.PositiveSmallIntegerField(
        verbose_name, null=True, blank=True, validators=between(*CHECK_SCALE)
    )


class WeeklyCheck(models.Model):
    """Once a week, four questions on how bothersome the sciatica has been over the past
    week, each 0 (not at all) to 6 (extremely): the structure of the Sciatica
    Bothersomeness Index (Grøvle et al. 2010), in the app's own words. One per patient per
    week (Monday to Sunday, in the patient's time zone); a skipped week is kept as skipped,
    so it is not asked again."""

    QUESTIONS = WEEKLY_QUESTIONS

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    week = models.DateField("week starting", validators=[*calendar_validators(), validate_monday])
    leg_pain = check_field("leg pain")
    numbness = check_field("numbness or tingling in the leg or foot")
    weakness = check_field("weakness in the leg or foot")
    sitting_pain = check_field("back or leg pain while sitting")
    skipped = models.BooleanField(default=False)
    answered_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["week"]
        constraints = [
            models.UniqueConstraint(fields=["user", "week"], name="one_weekly_check_per_week"),
            calendar_check("week", name="weekly_check_week_in_calendar"),
            *(
                range_check(name, *CHECK_SCALE, name=f"weekly_check_{name}_0_to_6")
                for name in WEEKLY_QUESTIONS
            ),
            models.CheckConstraint(
                condition=Q(skipped=False)
                | Q(leg_pain=None, numbness=None, weakness=None, sitting_pain=None),
                name="weekly_check_skipped_has_no_answers",
            ),
        ]

    def __str__(self):
        return f"Weekly check for the week of {self.week}"

    @property
    def total(self):
        """0 to 24, once all four are answered."""
        answers = [getattr(self, name) for name in self.QUESTIONS]
        return None if None in answers else sum(answers)
