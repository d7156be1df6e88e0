"""Catalogs that curators keep in the admin and patients pick from.

Items are never deleted while history points at them (PROTECT); curators
deactivate them instead, which hides them from patients' pickers only.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q

from .bounds import between, range_check

HOLD_SECONDS = (3, 600)
REPETITIONS = (1, 30)


class CatalogQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class CatalogItem(models.Model):
    name = models.CharField(max_length=80, unique=True)
    is_active = models.BooleanField(
        "active", default=True, help_text="Inactive items are hidden from patients' pickers."
    )

    objects = CatalogQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.name


class MagnesiumForm(CatalogItem):
    class Route(models.TextChoices):
        ORAL = "oral", "Oral"
        TOPICAL = "topical", "Topical (oil, lotion)"
        BATH = "bath", "Bath soak"

    class Absorption(models.TextChoices):
        HIGH = "high", "High"
        LOW = "low", "Low"
        SKIN = "skin", "Through the skin"
        NOT_ESTABLISHED = "not_established", "Not established"

    elemental_percent = models.DecimalField(
        "elemental magnesium (%)",
        max_digits=4,
        decimal_places=1,
        validators=between(Decimal("0.1"), 100),
        help_text="Share of the compound's weight that is magnesium "
        "(PMC8122334 Table 1; hydrates from molecular weights).",
    )
    absorption = models.CharField(max_length=16, choices=Absorption.choices)
    route = models.CharField(
        max_length=8,
        choices=Route.choices,
        help_text="Only oral doses count toward the 350 mg supplemental upper limit "
        "(NIH Office of Dietary Supplements).",
    )
    laxative_prone = models.BooleanField(
        default=False, help_text="Loosens the stool at higher doses; patients see a short note."
    )
    note = models.CharField(max_length=200, blank=True)

    class Meta(CatalogItem.Meta):
        constraints = [
            range_check(
                "elemental_percent",
                Decimal("0.1"),
                100,
                name="magnesium_form_percent_in_range",
                label="Elemental magnesium (%)",
            ),
        ]

    @property
    def counts_toward_limit(self):
        return self.route == self.Route.ORAL


class Exercise(CatalogItem):
    class Kind(models.TextChoices):
        STRETCH = "stretch", "Stretch"
        YOGA = "yoga", "Yoga pose"
        BREATHING = "breathing", "Breathing practice"

    kind = models.CharField(max_length=12, choices=Kind.choices)
    also_known_as = models.CharField(max_length=80, blank=True)
    instructions = models.TextField()
    cautions = models.TextField(blank=True)
    default_minutes = models.PositiveSmallIntegerField(default=5, validators=between(1, 120))
    # The pace of a breathing practice; stretches and poses leave these empty.
    inhale_seconds = models.DecimalField(
        max_digits=3,
        decimal_places=1,
        null=True,
        blank=True,
        help_text="Breathing practices only: length of one in-breath.",
    )
    exhale_seconds = models.DecimalField(
        max_digits=3,
        decimal_places=1,
        null=True,
        blank=True,
        help_text="Breathing practices only: length of one out-breath.",
    )
    hold_in_seconds = models.DecimalField(
        "hold after breathing in (seconds)",
        max_digits=3,
        decimal_places=1,
        default=0,
        validators=between(0, 20),
        help_text="Breathing practices only; 0 for no hold.",
    )
    hold_out_seconds = models.DecimalField(
        "hold after breathing out (seconds)",
        max_digits=3,
        decimal_places=1,
        default=0,
        validators=between(0, 20),
        help_text="Breathing practices only; 0 for no hold.",
    )
    alternate_nostrils = models.BooleanField(
        default=False,
        help_text="Breathing practices only: the pacer says which nostril, in on one side and "
        "out on the other, switching each breath.",
    )
    # How the stretch player walks through a stretch or pose; breathing leaves these empty.
    hold_seconds = models.PositiveSmallIntegerField(
        "hold (seconds)",
        null=True,
        blank=True,
        validators=between(*HOLD_SECONDS),
        help_text="Stretches and poses: how long one hold lasts (30 seconds if empty).",
    )
    repetitions = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=between(*REPETITIONS),
        help_text="Stretches and poses: holds in a row (on each side, if sided; 1 if empty).",
    )
    each_side = models.BooleanField(
        "done on each side",
        default=False,
        help_text="Stretches and poses: the left side, then the right.",
    )

    class Meta(CatalogItem.Meta):
        constraints = [
            range_check("default_minutes", 1, 120, name="exercise_default_minutes_in_range"),
            range_check("hold_in_seconds", 0, 20, name="exercise_hold_in_in_range"),
            range_check("hold_out_seconds", 0, 20, name="exercise_hold_out_in_range"),
            range_check("hold_seconds", *HOLD_SECONDS, name="exercise_hold_in_range"),
            range_check("repetitions", *REPETITIONS, name="exercise_repetitions_in_range"),
            models.CheckConstraint(
                condition=Q(kind="breathing")
                | Q(hold_in_seconds=0, hold_out_seconds=0, alternate_nostrils=False),
                name="exercise_breath_holds_only_for_breathing",
                violation_error_message="Holds of the breath and alternate nostrils are for "
                "breathing practices only.",
            ),
            models.CheckConstraint(
                condition=~Q(kind="breathing")
                | Q(hold_seconds__isnull=True, repetitions__isnull=True, each_side=False),
                name="exercise_stretch_holds_not_for_breathing",
                violation_error_message="Holds, repetitions and sides are for stretches and "
                "poses only.",
            ),
            models.CheckConstraint(
                # IS NOT NULL spelled out: a comparison with NULL is unknown, which CHECK lets pass.
                condition=(
                    Q(
                        kind="breathing",
                        inhale_seconds__isnull=False,
                        exhale_seconds__isnull=False,
                        inhale_seconds__gt=0,
                        exhale_seconds__gt=0,
                    )
                    | (
                        ~Q(kind="breathing")
                        & Q(inhale_seconds__isnull=True, exhale_seconds__isnull=True)
                    )
                ),
                name="exercise_pace_only_for_breathing",
                violation_error_message="Breathing practices need inhale and exhale seconds; "
                "stretches and poses leave them empty.",
            ),
        ]

    @property
    def is_breathing(self):
        return self.kind == self.Kind.BREATHING

    @property
    def breath_seconds(self):
        """One whole breath: in, hold, out, hold."""
        return (
            self.inhale_seconds + self.hold_in_seconds + self.exhale_seconds + self.hold_out_seconds
        )

    @property
    def breaths_per_minute(self):
        if not self.is_breathing:
            return None
        return round(60 / self.breath_seconds, 1)


class Routine(CatalogItem):
    """A short suggested sequence of stretches and poses, for the stretch player."""

    description = models.CharField(max_length=200, blank=True)
    exercises = models.ManyToManyField(Exercise, through="RoutineStep", related_name="routines")


class RoutineStep(models.Model):
    routine = models.ForeignKey(Routine, on_delete=models.CASCADE, related_name="steps")
    exercise = models.ForeignKey(
        Exercise, on_delete=models.PROTECT, limit_choices_to=~Q(kind="breathing")
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["routine", "exercise"], name="routine_step_once")
        ]

    def __str__(self):
        return f"{self.routine}: {self.exercise}"

    def clean(self):
        if self.exercise_id and self.exercise.is_breathing:
            raise ValidationError({"exercise": "A routine holds stretches and poses only."})


class Food(CatalogItem):
    class Group(models.TextChoices):
        LEAFY_GREENS = "leafy_greens", "Leafy greens"
        NUTS_AND_SEEDS = "nuts_seeds", "Nuts and seeds"
        LEGUMES = "legumes", "Legumes"
        WHOLE_GRAINS = "whole_grains", "Whole grains"
        FRUIT = "fruit", "Fruit"
        OTHER = "other", "Other"

    group = models.CharField(max_length=16, choices=Group.choices)
    serving = models.CharField(max_length=40, help_text='For example "1 oz (28 g)".')
    magnesium_mg = models.DecimalField("magnesium per serving (mg)", max_digits=5, decimal_places=1)
    source = models.CharField(max_length=60, help_text="Where the figure comes from.")

    class Meta(CatalogItem.Meta):
        constraints = [
            range_check(
                "magnesium_mg",
                Decimal("0.1"),
                1000,
                name="food_magnesium_in_range",
                label="Magnesium per serving (mg)",
            ),
        ]


class Habit(CatalogItem):
    """Something the source documents name as making sciatic tension worse."""

    description = models.CharField(max_length=200)


class CoSupplement(CatalogItem):
    """A supplement the documents pair with magnesium."""

    purpose = models.CharField(max_length=120, help_text="Why the documents pair it.")
    unit = models.CharField(max_length=8, help_text="Unit of a dose, e.g. mg, µg, IU.")

    class Meta(CatalogItem.Meta):
        # What patients see on the day's page.
        verbose_name = "other supplement"


class TimelinePhase(models.Model):
    """A stretch of the relief timeline and the change the source documents expect in it."""

    class Measure(models.TextChoices):
        MUSCLE_TIGHTNESS = "muscle_tightness", "Muscle tightness"
        NERVE_SYMPTOMS = "nerve_symptoms", "Nerve symptoms"
        MOBILITY_AND_PAIN = "mobility_and_pain", "Mobility and leg/back pain"
        FLARE_UPS = "flare_ups", "Flare-ups"

    name = models.CharField(max_length=60, unique=True)
    first_day = models.PositiveSmallIntegerField(
        validators=between(1, 3650), help_text="Day of recovery the phase begins on."
    )
    last_day = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=between(1, 3650),
        help_text="Last day of the phase; blank when it has no end.",
    )
    expectation = models.CharField(
        max_length=200, help_text="What the documents expect in this phase, in plain words."
    )
    measure = models.CharField(max_length=32, choices=Measure.choices)
    is_active = models.BooleanField("active", default=True)

    objects = CatalogQuerySet.as_manager()

    class Meta:
        ordering = ["first_day"]
        constraints = [
            range_check("first_day", 1, 3650, name="phase_starts_on_day_1_or_later"),
            models.CheckConstraint(
                condition=Q(last_day__isnull=True) | Q(last_day__gte=F("first_day")),
                name="phase_ends_after_it_starts",
                violation_error_message="The last day cannot come before the first day.",
            ),
        ]

    def __str__(self):
        return self.name

    def contains(self, day):
        return self.first_day <= day and (self.last_day is None or day <= self.last_day)
