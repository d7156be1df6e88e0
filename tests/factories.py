import datetime

import factory
from django.contrib.auth import get_user_model

from recovery import models

PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"patient{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.com")
    password = factory.django.Password(PASSWORD)


def catalog_item(model, name):
    """A row of the starting catalog, which the migrations load into every test database."""
    return factory.LazyFunction(lambda: model.objects.get(name=name))


class DailyEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.DailyEntry

    user = factory.SubFactory(UserFactory)
    date = factory.Sequence(lambda n: datetime.date(2026, 1, 1) + datetime.timedelta(days=n))
    leg_pain = 6
    back_pain = 4
    muscle_tightness = 7
    nerve_symptoms = 5
    mobility = 4
    sleep_quality = 5


class MagnesiumDoseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.MagnesiumDose

    user = factory.SubFactory(UserFactory)
    date = datetime.date(2026, 1, 1)
    time = datetime.time(20, 30)
    form = catalog_item(models.MagnesiumForm, "Magnesium glycinate")
    amount_mg = 200
    amount_basis = models.MagnesiumDose.Basis.ELEMENTAL


class ExerciseSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ExerciseSession

    user = factory.SubFactory(UserFactory)
    date = datetime.date(2026, 1, 1)
    exercise = catalog_item(models.Exercise, "Knee-to-chest stretch")
    minutes = 5
    repetitions_per_side = 3


class FoodLogFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.FoodLog

    user = factory.SubFactory(UserFactory)
    date = datetime.date(2026, 1, 1)
    food = catalog_item(models.Food, "Pumpkin seeds, roasted")
    servings = 1


class HabitLogFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.HabitLog

    user = factory.SubFactory(UserFactory)
    date = datetime.date(2026, 1, 1)
    habit = catalog_item(models.Habit, "Prolonged sitting")


class CoSupplementLogFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.CoSupplementLog

    user = factory.SubFactory(UserFactory)
    date = datetime.date(2026, 1, 1)
    supplement = catalog_item(models.CoSupplement, "Vitamin D")
    amount = 1000


class MedicineDoseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.MedicineDose

    user = factory.SubFactory(UserFactory)
    date = datetime.date(2026, 1, 1)
    medicine = catalog_item(models.Medicine, "Ibuprofen")
    amount = 400
    unit = "mg"
    need = models.MedicineDose.Need.AS_NEEDED


class WeeklyCheckFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.WeeklyCheck

    user = factory.SubFactory(UserFactory)
    week = datetime.date(2026, 1, 5)  # a Monday
    leg_pain = 4
    numbness = 3
    weakness = 1
    sitting_pain = 5
