"""Long histories for tests, written with bulk inserts so three years take a moment."""

import datetime
from decimal import Decimal

from recovery.models import (
    DailyEntry,
    Exercise,
    ExerciseSession,
    Food,
    FoodLog,
    MagnesiumDose,
    MagnesiumForm,
)


def make_history(user, days, last_day, leg_pain=lambda n: 6):
    """An entry, two doses, a session and a food log on each of `days` days up to `last_day`."""
    glycinate = MagnesiumForm.objects.get(name="Magnesium glycinate")
    chloride = MagnesiumForm.objects.get(name="Magnesium chloride (topical)")
    stretch = Exercise.objects.get(name="Knee-to-chest stretch")
    seeds = Food.objects.get(name="Pumpkin seeds, roasted")
    dates = [last_day - datetime.timedelta(days=back) for back in range(days - 1, -1, -1)]
    DailyEntry.objects.bulk_create(
        DailyEntry(
            user=user,
            date=day,
            leg_pain=leg_pain(n),
            back_pain=4,
            muscle_tightness=5,
            nerve_symptoms=4,
            mobility=6,
            sleep_quality=6,
        )
        for n, day in enumerate(dates)
    )
    MagnesiumDose.objects.bulk_create(
        MagnesiumDose(
            user=user,
            date=day,
            form=form,
            amount_mg=mg,
            amount_basis="elemental",
            elemental_mg=mg,
            time=datetime.time(20),
        )
        for day in dates
        for form, mg in ((glycinate, Decimal(200)), (chloride, Decimal(100)))
    )
    ExerciseSession.objects.bulk_create(
        ExerciseSession(user=user, date=day, exercise=stretch, minutes=5) for day in dates
    )
    FoodLog.objects.bulk_create(
        FoodLog(user=user, date=day, food=seeds, servings=1) for day in dates
    )
