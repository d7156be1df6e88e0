"""The starting catalog that the migrations load into every new database."""

from decimal import Decimal

import pytest

from recovery import models

pytestmark = pytest.mark.django_db


def names(model):
    return set(model.objects.values_list("name", flat=True))


def test_magnesium_forms():
    assert names(models.MagnesiumForm) >= {
        "Magnesium glycinate",
        "Magnesium citrate",
        "Magnesium malate",
        "Magnesium chloride (topical)",
        "Magnesium sulfate (Epsom salt bath)",
        "Magnesium oxide",
        "Magnesium L-threonate",
        "Magnesium taurate",
    }
    glycinate = models.MagnesiumForm.objects.get(name="Magnesium glycinate")
    assert (glycinate.elemental_percent, glycinate.route) == (Decimal("14.1"), "oral")
    oxide = models.MagnesiumForm.objects.get(name="Magnesium oxide")
    assert (oxide.absorption, oxide.laxative_prone) == ("low", True)
    assert models.MagnesiumForm.objects.get(name__contains="Epsom").route == "bath"


def test_stretches_yoga_and_breathing():
    assert names(models.Exercise) == {
        "Supta Padangusthasana",
        "Gentle pigeon pose",
        "Balasana",
        "Pelvic tilts and spinal mobility",
        "Knee-to-chest stretch",
        "Seated piriformis stretch",
        "Hamstring stretch",
        "Anulom Vilom",
        "Extended exhalation breathing",
        "Slow diaphragmatic breathing",
        "Coherent breathing",
    }
    pace = {
        exercise.name: exercise.breaths_per_minute
        for exercise in models.Exercise.objects.filter(kind="breathing")
    }
    assert pace == {
        "Anulom Vilom": Decimal("7.5"),
        "Extended exhalation breathing": Decimal("5.0"),
        "Slow diaphragmatic breathing": Decimal("6.0"),
        # About six a minute, as REFERENCE.md gives it (Lehrer & Gevirtz 2014).
        "Coherent breathing": Decimal("6.0"),
    }
    for exercise in models.Exercise.objects.all():
        assert exercise.instructions and exercise.cautions, exercise.name


def test_foods_with_their_magnesium():
    foods = dict(models.Food.objects.values_list("name", "magnesium_mg"))
    assert len(foods) == 17
    assert foods["Pumpkin seeds, roasted"] == Decimal("156")
    assert foods["Spinach, boiled"] == Decimal("78")
    assert foods["Quinoa, cooked"] == Decimal("118")
    groups = set(models.Food.objects.values_list("group", flat=True))
    assert groups == {"leafy_greens", "nuts_seeds", "legumes", "whole_grains", "fruit", "other"}


def test_habits_co_supplements_and_the_timeline():
    assert names(models.Habit) == {
        "Excess caffeine",
        "Highly processed food",
        "Prolonged sitting",
        "Poor posture",
        "Chronic stress without recovery",
    }
    assert names(models.CoSupplement) == {
        "Vitamin B12",
        "Vitamin D",
        "Omega-3 fatty acids",
        "Turmeric",
    }
    measures = list(models.TimelinePhase.objects.values_list("name", "measure"))
    assert measures == [
        ("Weeks 1–2", "muscle_tightness"),
        ("Weeks 3–4", "nerve_symptoms"),
        ("Months 2–3", "mobility_and_pain"),
        ("Long-term", "flare_ups"),
    ]


@pytest.mark.parametrize(
    "model",
    [
        models.MagnesiumForm,
        models.Exercise,
        models.Food,
        models.Habit,
        models.CoSupplement,
        models.TimelinePhase,
    ],
)
def test_every_catalog_row_passes_the_models_own_validation(model):
    for item in model.objects.all():
        item.full_clean()
        assert item.is_active


def test_the_starting_catalog_says_no_more_than_its_guide():
    # Migration 0020: what the guide lists beside magnesium, not what it does; a curator's own
    # wording would have been kept.
    purposes = dict(models.CoSupplement.objects.values_list("name", "purpose"))
    assert purposes["Vitamin B12"] == "The guide lists it for nerve repair."
    assert all(purpose.startswith("The guide lists it for") for purpose in purposes.values())
    phase = models.TimelinePhase.objects.get(name="Months 2–3")
    assert phase.expectation == "Better mobility and comfort."
