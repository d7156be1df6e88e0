"""Magnesium arithmetic: elemental milligrams from what a label says.

Rounding rule: elemental mg is kept to one decimal place, halves rounded up
(Decimal ROUND_HALF_UP), so 125 mg of a compound that is 8.3 % magnesium is
10.4 mg, never 10.37 or a float's 10.375000001.
"""

from decimal import ROUND_HALF_UP, Decimal

ONE_DECIMAL = Decimal("0.1")

# Tolerable upper intake level for magnesium from supplements and medicines,
# ages 9+ (NIH Office of Dietary Supplements). Food magnesium does not count.
SUPPLEMENT_UPPER_LIMIT_MG = Decimal(350)


def as_decimal(value):
    # Through str, so a float such as 70.35 stays 70.35 instead of 70.3499999….
    return value if isinstance(value, Decimal) else Decimal(str(value))


def to_mg(value):
    return as_decimal(value).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def elemental_mg(amount_mg, *, compound, elemental_percent):
    """Elemental magnesium in a dose.

    `compound` says whether `amount_mg` weighs the whole compound (then the
    form's elemental percentage applies) or already states elemental magnesium.
    """
    amount = as_decimal(amount_mg)
    if compound:
        amount = amount * as_decimal(elemental_percent) / 100
    return to_mg(amount)


def plain_number(value):
    """A number as people write it: 200, 202.5, 1.25 (never 200.0 or 2E+2)."""
    return format(as_decimal(value).normalize(), "f")


def display_mg(value):
    return plain_number(to_mg(value))


# Recommended dietary allowance, mg a day (Food and Nutrition Board 1997, as in the NIH
# Office of Dietary Supplements fact sheet), by sex and age band.
RECOMMENDED_MG = {
    ("female", "14-18"): 360,
    ("female", "19-30"): 310,
    ("female", "31+"): 320,
    ("male", "14-18"): 410,
    ("male", "19-30"): 400,
    ("male", "31+"): 420,
}


def recommended_intake_mg(sex, age_band):
    """The day's recommended magnesium from all sources, or None when the profile does not say."""
    return RECOMMENDED_MG.get((sex, age_band))
