"""The database itself refuses bad rows, whatever code writes them (SQLite and PostgreSQL)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from recovery import models
from tests.factories import (
    CoSupplementLogFactory,
    DailyEntryFactory,
    ExerciseSessionFactory,
    FoodLogFactory,
    HabitLogFactory,
    MagnesiumDoseFactory,
)

pytestmark = pytest.mark.django_db


def refused(build):
    with pytest.raises(IntegrityError), transaction.atomic():
        build()
    return True


def test_one_entry_per_user_per_day(user):
    DailyEntryFactory(user=user, date=datetime.date(2026, 3, 1))
    assert refused(lambda: DailyEntryFactory(user=user, date=datetime.date(2026, 3, 1)))
    # Another day, or another patient on the same day, is fine.
    DailyEntryFactory(user=user, date=datetime.date(2026, 3, 2))
    DailyEntryFactory(date=datetime.date(2026, 3, 1))


@pytest.mark.parametrize("score", models.DailyEntry.SCORES)
def test_scores_stay_between_0_and_10(user, score):
    assert refused(lambda: DailyEntryFactory(user=user, **{score: 11}))
    DailyEntryFactory(user=user, **{score: 0})
    DailyEntryFactory(user=user, **{score: 10})
    DailyEntryFactory(user=user, **{score: None})  # skipped today


@pytest.mark.parametrize("side", ["left", "right"])
def test_pain_reaches_from_none_to_the_foot(user, side):
    field = f"pain_reach_{side}"
    assert refused(lambda: DailyEntryFactory(user=user, **{field: 5}))
    DailyEntryFactory(user=user, **{field: 0})
    DailyEntryFactory(user=user, **{field: 4})
    DailyEntryFactory(user=user, **{field: None})  # not answered


def test_hours_sitting_and_note_are_bounded(user):
    assert refused(lambda: DailyEntryFactory(user=user, hours_sitting=Decimal("24.5")))
    assert refused(lambda: DailyEntryFactory(user=user, note="x" * 2001))
    DailyEntryFactory(user=user, hours_sitting=Decimal("24"), note="x" * 2000)


def test_doses_are_positive_and_bounded(user):
    assert refused(lambda: MagnesiumDoseFactory(user=user, amount_mg=0))
    assert refused(lambda: MagnesiumDoseFactory(user=user, amount_mg=1_000_001))


def test_a_stored_elemental_amount_must_fit_the_label(user):
    form = models.MagnesiumForm.objects.get(name="Magnesium oxide")
    base = {"user": user, "date": datetime.date(2026, 3, 1), "form": form}
    # bulk_create skips save(), so these reach the database as written.
    assert refused(
        lambda: models.MagnesiumDose.objects.bulk_create(
            [models.MagnesiumDose(**base, amount_mg=100, amount_basis="compound", elemental_mg=150)]
        )
    )
    assert refused(
        lambda: models.MagnesiumDose.objects.bulk_create(
            [models.MagnesiumDose(**base, amount_mg=100, amount_basis="elemental", elemental_mg=60)]
        )
    )


def test_sessions_are_bounded(user):
    assert refused(lambda: ExerciseSessionFactory(user=user, minutes=0))
    assert refused(lambda: ExerciseSessionFactory(user=user, minutes=241))
    assert refused(lambda: ExerciseSessionFactory(user=user, pain_during=11))
    assert refused(lambda: ExerciseSessionFactory(user=user, repetitions_per_side=101))
    assert refused(lambda: ExerciseSessionFactory(user=user, breaths_per_minute=Decimal("31")))
    assert refused(
        lambda: ExerciseSessionFactory(
            user=user, repetitions_per_side=5, breaths_per_minute=Decimal(6)
        )
    )


def test_food_servings_and_supplement_amounts_are_bounded(user):
    assert refused(lambda: FoodLogFactory(user=user, servings=0))
    assert refused(lambda: FoodLogFactory(user=user, servings=21))
    assert refused(lambda: CoSupplementLogFactory(user=user, amount=0))
    CoSupplementLogFactory(user=user, amount=None)


def test_a_habit_is_marked_once_a_day(user):
    HabitLogFactory(user=user)
    assert refused(lambda: HabitLogFactory(user=user))


def test_catalog_rows_are_checked_too():
    assert refused(
        lambda: models.MagnesiumForm.objects.create(
            name="Bad", elemental_percent=Decimal("101"), absorption="high", route="oral"
        )
    )
    assert refused(
        lambda: models.Exercise.objects.create(
            name="Breathing without a pace", kind="breathing", instructions="…"
        )
    )
    assert refused(
        lambda: models.Exercise.objects.create(
            name="Stretch with a pace",
            kind="stretch",
            instructions="…",
            inhale_seconds=4,
            exhale_seconds=4,
        )
    )
    assert refused(
        lambda: models.Food.objects.create(
            name="Air", group="other", serving="1 cup", magnesium_mg=0, source="—"
        )
    )
    assert refused(
        lambda: models.TimelinePhase.objects.create(
            name="Backwards", first_day=20, last_day=10, expectation="…", measure="flare_ups"
        )
    )


def test_a_catalog_item_in_use_cannot_be_deleted(user):
    dose = MagnesiumDoseFactory(user=user)
    with pytest.raises(ProtectedError):
        dose.form.delete()
    assert models.MagnesiumDose.objects.filter(pk=dose.pk).exists()


def test_inactive_items_leave_the_pickers_but_stay_in_history(user):
    dose = MagnesiumDoseFactory(user=user)
    models.MagnesiumForm.objects.filter(pk=dose.form_id).update(is_active=False)
    assert dose.form not in models.MagnesiumForm.objects.active()
    dose.refresh_from_db()
    assert dose.form.name == "Magnesium glycinate"


def test_deleting_a_user_removes_their_rows_only(user, other_user):
    for factory in (
        DailyEntryFactory,
        MagnesiumDoseFactory,
        ExerciseSessionFactory,
        FoodLogFactory,
        HabitLogFactory,
        CoSupplementLogFactory,
    ):
        factory(user=user)
        factory(user=other_user)
    user.delete()
    for model in (models.DailyEntry, models.MagnesiumDose, models.FoodLog, models.Profile):
        assert model.objects.count() == 1


def test_validation_names_the_field_before_the_database_has_to_refuse(user):
    entry = models.DailyEntry(user=user, date=datetime.date(2026, 3, 1), leg_pain=11)
    with pytest.raises(ValidationError) as error:
        entry.full_clean()
    assert error.value.message_dict["leg_pain"] == [
        "Ensure this value is less than or equal to 10."
    ]
