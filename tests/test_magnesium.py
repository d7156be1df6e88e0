from decimal import Decimal

import pytest

from recovery.magnesium import elemental_mg
from recovery.models import MagnesiumDose, MagnesiumForm
from tests.factories import MagnesiumDoseFactory


@pytest.mark.parametrize(
    ("amount", "percent", "expected"),
    [
        # Worked by hand: amount × percent / 100, then one decimal, halves up.
        (500, "14.1", "70.5"),  # glycinate: 500 × 0.141 = 70.5
        (1000, "16.2", "162.0"),  # citrate: 1000 × 0.162 = 162
        (400, "60.3", "241.2"),  # oxide: 400 × 0.603 = 241.2
        (333, "14.1", "47.0"),  # 46.953 rounds up to 47.0
        (125, "8.3", "10.4"),  # threonate: 10.375, the half rounds up
        (250, "9.9", "24.8"),  # Epsom salt: 24.75, the half rounds up
        (1, "8.9", "0.1"),  # taurate: 0.089 rounds to 0.1
        ("70.35", "100", "70.4"),
    ],
)
def test_elemental_from_compound(amount, percent, expected):
    assert elemental_mg(amount, compound=True, elemental_percent=Decimal(percent)) == Decimal(
        expected
    )


def test_an_elemental_amount_is_kept_whatever_the_form():
    assert elemental_mg(200, compound=False, elemental_percent=Decimal("60.3")) == Decimal("200.0")


def test_floats_do_not_bring_binary_noise_into_the_rounding():
    # As a float, 70.35 is 70.3499999…, which would round down.
    assert elemental_mg(70.35, compound=False, elemental_percent=100) == Decimal("70.4")


@pytest.mark.django_db
def test_a_saved_dose_stores_its_elemental_magnesium():
    dose = MagnesiumDoseFactory(
        form=MagnesiumForm.objects.get(name="Magnesium citrate"),
        amount_mg=Decimal("1250"),
        amount_basis=MagnesiumDose.Basis.COMPOUND,
    )
    dose.refresh_from_db()
    assert dose.elemental_mg == Decimal("202.5")  # 1250 × 0.162


@pytest.mark.django_db
def test_changing_a_dose_recomputes_it():
    dose = MagnesiumDoseFactory(amount_mg=200, amount_basis=MagnesiumDose.Basis.ELEMENTAL)
    dose.amount_basis = MagnesiumDose.Basis.COMPOUND
    dose.save()
    dose.refresh_from_db()
    assert dose.elemental_mg == Decimal("28.2")  # 200 mg of glycinate × 0.141


@pytest.mark.django_db
def test_only_oral_forms_count_toward_the_supplement_limit():
    counted = set(form.name for form in MagnesiumForm.objects.all() if form.counts_toward_limit)
    assert "Magnesium glycinate" in counted
    assert "Magnesium chloride (topical)" not in counted
    assert "Magnesium sulfate (Epsom salt bath)" not in counted


@pytest.mark.parametrize(
    ("value", "shown"), [(Decimal("200.0"), "200"), (Decimal("202.50"), "202.5"), (3, "3")]
)
def test_figures_are_shown_without_trailing_zeros(value, shown):
    from recovery.magnesium import plain_number

    assert plain_number(value) == shown


def test_recommended_intake_by_sex_and_age():
    from recovery.magnesium import recommended_intake_mg

    assert recommended_intake_mg("female", "31+") == 320
    assert recommended_intake_mg("male", "19-30") == 400
    assert recommended_intake_mg("", "31+") is None
