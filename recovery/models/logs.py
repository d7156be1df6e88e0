"""What a patient logs, day by day. Every row belongs to one user."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual

from .. import magnesium
from .bounds import between, calendar_check, calendar_validators, range_check
from .catalog import CoSupplement, Exercise, Food, Habit, MagnesiumForm

NOTE_MAX_LENGTH = 2000
SCORE_FIELDS = (
    "leg_pain",
    "back_pain",
    "muscle_tightness",
    "nerve_symptoms",
    "mobility",
    "sleep_quality",
)
# The two scores where 10 is the good end; on the other four, 0 is.
HIGHER_IS_BETTER = frozenset({"mobility", "sleep_quality"})
RED_FLAG_FIELDS = (
    "bladder_or_bowel_change",
    "saddle_numbness",
    "sexual_problems",
    "worsening_leg_weakness",
    "pain_in_both_legs",
)
SIDES = ("left", "right")
# How far down each leg the pain reaches, and what else is felt on that side.
REACH_FIELDS = tuple(f"pain_reach_{side}" for side in SIDES)
SIDE_SYMPTOM_FIELDS = tuple(
    f"{symptom}_{side}" for side in SIDES for symptom in ("numbness", "weakness")
)
LEG_FIELDS = (*REACH_FIELDS, *SIDE_SYMPTOM_FIELDS)


class PainReach(models.IntegerChoices):
    """Further down the leg is higher. Pain that retreats toward the back over the weeks
    (centralisation) is a good sign in sciatica."""

    NONE = 0, "No leg pain"
    BUTTOCK = 1, "Back or buttock"
    THIGH = 2, "Thigh"
    BELOW_KNEE = 3, "Below the knee"
    FOOT = 4, "Foot"


# Up to a kilogram: a bath soak of Epsom salt is weighed in hundreds of grams.
DOSE_RANGE_MG = (Decimal("0.1"), Decimal(1_000_000))
SESSION_MINUTES = (1, 240)
REPETITIONS_PER_SIDE = (1, 100)
BREATHS_PER_MINUTE = (Decimal(1), Decimal(30))
SERVINGS = (Decimal("0.05"), Decimal(20))
CO_SUPPLEMENT_AMOUNT = (Decimal("0.01"), Decimal(100_000))


def score_field(verbose_name=None, **kwargs):
    return models.PositiveSmallIntegerField(
        verbose_name, null=True, blank=True, validators=between(0, 10), **kwargs
    )


class DailyLog(models.Model):
    """Something logged on a patient's calendar day (their own time zone)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    date = models.DateField(validators=calendar_validators())
    created_at = models.DateTimeField(auto_now_add=True)
    # The one-time key of the form (or queued change) that added the item: the same key
    # twice (a double tap, a retried request) adds it once. See one_per_key().
    client_key = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        abstract = True
        ordering = ["date", "pk"]
        indexes = [models.Index(fields=["user", "date"], name="%(class)s_user_date")]


def one_per_key(prefix):
    # NULL keys (rows from imports, repeats and the first release) never clash.
    return models.UniqueConstraint(
        fields=["user", "client_key"],
        name=f"{prefix}_one_per_client_key",
        violation_error_message="This was added already.",
    )


class DailyEntryQuerySet(models.QuerySet):
    def red_flags_answered(self):
        answered = Q()
        for name in RED_FLAG_FIELDS:
            answered |= Q(**{f"{name}__isnull": False})
        return self.filter(answered)


class DailyEntry(models.Model):
    SCORES = SCORE_FIELDS
    RED_FLAGS = RED_FLAG_FIELDS

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    date = models.DateField(validators=calendar_validators())
    leg_pain = score_field()
    back_pain = score_field()
    muscle_tightness = score_field()
    nerve_symptoms = score_field(help_text="Tingling, numbness or burning.")
    mobility = score_field("mobility and function", help_text="Higher is better.")
    sleep_quality = score_field(help_text="Higher is better.")
    hours_sitting = models.DecimalField(
        max_digits=3, decimal_places=1, null=True, blank=True, validators=between(0, 24)
    )
    pain_reach_left = models.PositiveSmallIntegerField(
        "how far the pain reaches down the left leg",
        choices=PainReach.choices,
        null=True,
        blank=True,
    )
    pain_reach_right = models.PositiveSmallIntegerField(
        "how far the pain reaches down the right leg",
        choices=PainReach.choices,
        null=True,
        blank=True,
    )
    # Like the warning signs, these stay NULL until the patient answers the leg questions.
    numbness_left = models.BooleanField("numbness in the left leg", null=True, blank=True)
    weakness_left = models.BooleanField("weakness in the left leg", null=True, blank=True)
    numbness_right = models.BooleanField("numbness in the right leg", null=True, blank=True)
    weakness_right = models.BooleanField("weakness in the right leg", null=True, blank=True)
    # Red-flag answers stay NULL until the patient saves the day's form, so a day
    # opened only to log a dose never counts as "no red flags today".
    # In the words of REFERENCE.md's red flags (NICE CKS Sciatica), as the footer lists them.
    bladder_or_bowel_change = models.BooleanField(
        "new trouble passing urine or not feeling it pass, or loss of bladder or bowel control",
        null=True,
        blank=True,
    )
    saddle_numbness = models.BooleanField(
        "numbness between the legs, around the buttocks or genitals, or on the inner thighs",
        null=True,
        blank=True,
    )
    sexual_problems = models.BooleanField(
        "new sexual problems (loss of genital feeling, erection or ejaculation trouble)",
        null=True,
        blank=True,
    )
    worsening_leg_weakness = models.BooleanField(
        "severe or worsening weakness in a leg or foot", null=True, blank=True
    )
    pain_in_both_legs = models.BooleanField("sciatica in both legs", null=True, blank=True)
    no_supplements = models.BooleanField(
        "took no supplements",
        default=False,
        help_text="Tells a day without supplements from a day when they were not logged.",
    )
    note = models.TextField(
        blank=True, max_length=NOTE_MAX_LENGTH, validators=[MaxLengthValidator(NOTE_MAX_LENGTH)]
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # When each answer (and each habit, as "habit:<id>") last changed, in UTC: what settles a
    # day edited on two devices, field by field (see sync.py).
    changed_at = models.JSONField(default=dict, blank=True, editable=False)

    objects = DailyEntryQuerySet.as_manager()

    class Meta:
        ordering = ["date"]
        verbose_name_plural = "daily entries"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "date"],
                name="one_entry_per_user_per_day",
                violation_error_message="There is already an entry for this day.",
            ),
            calendar_check("date", name="entry_date_in_calendar"),
            *[range_check(score, 0, 10, name=f"entry_{score}_0_to_10") for score in SCORE_FIELDS],
            range_check("hours_sitting", 0, 24, name="entry_hours_sitting_0_to_24"),
            *[
                range_check(field, PainReach.NONE, PainReach.FOOT, name=f"entry_{field}_0_to_4")
                for field in REACH_FIELDS
            ],
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("note"), NOTE_MAX_LENGTH),
                name="entry_note_length",
                violation_error_message=f"The note can be at most {NOTE_MAX_LENGTH} characters.",
            ),
        ]

    def __str__(self):
        return f"Entry for {self.date}"

    @property
    def red_flags_answered(self):
        return any(getattr(self, name) is not None for name in RED_FLAG_FIELDS)

    @property
    def red_flags(self):
        return [
            self._meta.get_field(name).verbose_name
            for name in RED_FLAG_FIELDS
            if getattr(self, name)
        ]


class MagnesiumDose(DailyLog):
    class Basis(models.TextChoices):
        ELEMENTAL = "elemental", "Elemental magnesium"
        COMPOUND = "compound", "Whole compound"

    form = models.ForeignKey(MagnesiumForm, on_delete=models.PROTECT)
    time = models.TimeField(null=True, blank=True, help_text="When it was taken.")
    amount_mg = models.DecimalField(
        "amount (mg)",
        max_digits=8,
        decimal_places=1,
        validators=between(*DOSE_RANGE_MG),
        help_text="As written on the label.",
    )
    amount_basis = models.CharField("the label's amount is", max_length=10, choices=Basis.choices)
    elemental_mg = models.DecimalField(
        "elemental magnesium (mg)", max_digits=8, decimal_places=1, editable=False
    )

    class Meta(DailyLog.Meta):
        constraints = [
            calendar_check("date", name="dose_date_in_calendar"),
            one_per_key("dose"),
            range_check("amount_mg", *DOSE_RANGE_MG, name="dose_amount_in_range", label="Amount"),
            models.CheckConstraint(
                condition=Q(elemental_mg__gt=0, elemental_mg__lte=F("amount_mg")),
                name="dose_elemental_within_amount",
            ),
            models.CheckConstraint(
                condition=Q(amount_basis="compound") | Q(elemental_mg=F("amount_mg")),
                name="dose_elemental_basis_is_the_amount",
            ),
        ]

    def __str__(self):
        return f"Magnesium dose on {self.date}"

    def save(self, *args, **kwargs):
        self.elemental_mg = magnesium.elemental_mg(
            self.amount_mg,
            compound=self.amount_basis == self.Basis.COMPOUND,
            elemental_percent=self.form.elemental_percent,
        )
        super().save(*args, **kwargs)

    @property
    def summary(self):
        if not self.form.counts_toward_limit:
            # On the skin: the product's amount, never an amount of magnesium taken.
            return f"{self.form.name}, {magnesium.display_mg(self.amount_mg)} mg of the product"
        return f"{self.form.name}, {magnesium.display_mg(self.elemental_mg)} mg"


class ExerciseSession(DailyLog):
    exercise = models.ForeignKey(Exercise, on_delete=models.PROTECT)
    minutes = models.PositiveSmallIntegerField(validators=between(*SESSION_MINUTES))
    repetitions_per_side = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=between(*REPETITIONS_PER_SIDE)
    )
    breaths_per_minute = models.DecimalField(
        max_digits=3,
        decimal_places=1,
        null=True,
        blank=True,
        validators=between(*BREATHS_PER_MINUTE),
    )
    pain_during = score_field("pain during the exercise")

    class Meta(DailyLog.Meta):
        # The check-in lists the exercises done lately first: when each was last done is one
        # seek per exercise.
        indexes = [
            *DailyLog.Meta.indexes,
            models.Index(fields=["user", "exercise", "date"], name="session_user_exercise"),
        ]
        constraints = [
            calendar_check("date", name="session_date_in_calendar"),
            one_per_key("session"),
            range_check("minutes", *SESSION_MINUTES, name="session_minutes_in_range"),
            range_check(
                "repetitions_per_side", *REPETITIONS_PER_SIDE, name="session_repetitions_in_range"
            ),
            range_check(
                "breaths_per_minute", *BREATHS_PER_MINUTE, name="session_breathing_pace_in_range"
            ),
            range_check("pain_during", 0, 10, name="session_pain_0_to_10"),
            models.CheckConstraint(
                condition=Q(repetitions_per_side__isnull=True) | Q(breaths_per_minute__isnull=True),
                name="session_repetitions_or_pace_not_both",
                violation_error_message="A session has repetitions or a breathing pace, not both.",
            ),
        ]

    def __str__(self):
        return f"Exercise session on {self.date}"

    @property
    def summary(self):
        return f"{self.exercise.name}, {self.minutes} min"


class FoodLog(DailyLog):
    food = models.ForeignKey(Food, on_delete=models.PROTECT)
    servings = models.DecimalField(
        max_digits=4, decimal_places=2, default=1, validators=between(*SERVINGS)
    )

    class Meta(DailyLog.Meta):
        constraints = [
            calendar_check("date", name="food_date_in_calendar"),
            one_per_key("food"),
            range_check("servings", *SERVINGS, name="food_servings_in_range"),
        ]

    def __str__(self):
        return f"Food on {self.date}"

    @property
    def summary(self):
        return f"{self.food.name} × {magnesium.plain_number(self.servings)}"

    @property
    def magnesium_mg(self):
        return magnesium.to_mg(self.servings * self.food.magnesium_mg)


class HabitLog(DailyLog):
    habit = models.ForeignKey(Habit, on_delete=models.PROTECT)

    class Meta(DailyLog.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["user", "date", "habit"],
                name="one_habit_mark_per_day",
                violation_error_message="This habit is already marked for the day.",
            ),
            calendar_check("date", name="habit_date_in_calendar"),
        ]

    def __str__(self):
        return f"Habit on {self.date}"


class CoSupplementLog(DailyLog):
    supplement = models.ForeignKey(CoSupplement, on_delete=models.PROTECT)
    amount = models.DecimalField(
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=between(*CO_SUPPLEMENT_AMOUNT),
    )

    class Meta(DailyLog.Meta):
        verbose_name = "other supplement taken"
        verbose_name_plural = "other supplements taken"
        constraints = [
            calendar_check("date", name="cosupplement_date_in_calendar"),
            one_per_key("cosupplement"),
            range_check("amount", *CO_SUPPLEMENT_AMOUNT, name="cosupplement_amount_in_range"),
        ]

    def __str__(self):
        return f"Supplement on {self.date}"

    @property
    def summary(self):
        amount = self.amount and f", {magnesium.plain_number(self.amount)} {self.supplement.unit}"
        return f"{self.supplement.name}{amount or ''}"
