"""Realistic, reproducible demo patients, written with bulk inserts.

Each patient follows one of three courses: most improve along the documents' timeline
(tightness first, then nerve symptoms, then pain and mobility), some improve slowly,
some do not improve. On top: day-to-day noise, flare-ups of a few days, missed days and
the odd missed week, magnesium mostly in the evening, stretches, breathing and food.
The same seed gives the same data.
"""

import datetime
import math
import random
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction

from . import freshness, magnesium
from .models import (
    DailyEntry,
    Exercise,
    ExerciseSession,
    Food,
    FoodLog,
    Habit,
    HabitLog,
    MagnesiumDose,
    MagnesiumForm,
    Medicine,
    MedicineDose,
    Profile,
    WeeklyCheck,
)
from .models.logs import RED_FLAG_FIELDS, SIDES
from .models.profile import SERIOUS_CAUSE_FIELDS

DEMO_PREFIX = "demo"
DEMO_USERNAME = "demo"
DEMO_PASSWORD = "demo-recovery-tracker"
PATIENT_PREFIX = "demo-patient-"
BATCH = 5000
COURSES = (("improves", 0.6), ("slowly", 0.25), ("does not improve", 0.15))
# What each patient logs, in the order patient_rows returns it, then what logged_rows adds.
LOGGED = (
    DailyEntry,
    MagnesiumDose,
    ExerciseSession,
    FoodLog,
    HabitLog,
    MedicineDose,
    WeeklyCheck,
)


@dataclass(frozen=True)
class Course:
    """How far a measure falls by a day of recovery: 1 at the start, `floor` in the end."""

    floor: float
    days_to_settle: float

    def factor(self, day, lag=0):
        progress = max(0, day - lag) / self.days_to_settle
        return self.floor + (1 - self.floor) * math.exp(-3 * progress)


COURSE_SHAPES = {
    "improves": Course(0.3, 90),
    "slowly": Course(0.55, 200),
    "does not improve": Course(0.95, 365),
}


class Catalog:
    def __init__(self):
        self.oral = {f.name: f for f in MagnesiumForm.objects.filter(route="oral")}
        self.bath = MagnesiumForm.objects.get(name__contains="Epsom")
        self.stretches = list(Exercise.objects.exclude(kind="breathing"))
        self.breathing = list(Exercise.objects.filter(kind="breathing"))
        self.foods = list(Food.objects.all())
        self.habits = list(Habit.objects.all())
        self.painkiller = Medicine.objects.catalog().get(name="Ibuprofen")
        self.nerve_medicine = Medicine.objects.catalog().get(name="Pregabalin")


def clamp(value):
    return max(0, min(10, round(value)))


def patient_rows(user, days, last_day, rng, catalog, course_name=None):
    """Every row one patient logs over `days` days up to `last_day`, as unsaved instances."""
    course_name = (
        course_name
        or rng.choices([name for name, _ in COURSES], weights=[w for _, w in COURSES])[0]
    )
    course = COURSE_SHAPES[course_name]
    start = last_day - datetime.timedelta(days=days - 1)
    pain0, tight0, nerve0 = rng.uniform(6, 8.5), rng.uniform(6, 9), rng.uniform(5, 8)
    usual_form = catalog.oral[
        rng.choice(["Magnesium glycinate"] * 3 + ["Magnesium citrate", "Magnesium malate"])
    ]
    entries, doses, sessions, foods, habits = [], [], [], [], []
    flare_left, gap_left = 0, 0
    # Sciatica on one side, reaching below the knee or the foot at first, retreating as the
    # course improves (centralisation).
    side, reach0 = rng.choice(SIDES), rng.choice([3, 4])
    for n in range(days):
        day = start + datetime.timedelta(days=n)
        recovery_day = n + 1
        if gap_left:
            gap_left -= 1
            continue
        if rng.random() < 0.004 and n < days - 7:
            gap_left = rng.randint(5, 12)  # a week or so away from the app
            continue
        if rng.random() < 0.15:
            continue  # a missed day
        if flare_left == 0 and rng.random() < 0.02:
            flare_left = rng.randint(2, 4)
        flare = 3 if flare_left else 0
        flare_left = max(0, flare_left - 1)
        pain = pain0 * course.factor(recovery_day, lag=20) + flare
        reach = max(0, min(4, round(reach0 * course.factor(recovery_day, lag=30) + flare / 3)))
        legs = {f"pain_reach_{s}": 0 for s in SIDES} | {f"pain_reach_{side}": reach}
        legs |= {f"{symptom}_{s}": False for s in SIDES for symptom in ("numbness", "weakness")}
        legs[f"numbness_{side}"] = reach >= 3 and rng.random() < 0.6
        hours_sitting = round(rng.uniform(2, 9) * 2) / 2
        entries.append(
            DailyEntry(
                user=user,
                date=day,
                leg_pain=clamp(pain + rng.gauss(0, 0.8)),
                back_pain=clamp(pain * 0.7 + rng.gauss(0, 0.8)),
                muscle_tightness=clamp(
                    tight0 * course.factor(recovery_day) + flare + rng.gauss(0, 0.8)
                ),
                nerve_symptoms=clamp(
                    nerve0 * course.factor(recovery_day, lag=10) + flare * 0.7 + rng.gauss(0, 0.8)
                ),
                mobility=clamp(10 - pain * 0.9 + rng.gauss(0, 0.8)),
                sleep_quality=clamp(8 - pain * 0.5 + rng.gauss(0, 1)),
                hours_sitting=hours_sitting,
                **legs,
                # Every warning sign answered, none present: a demo shows no emergency.
                **dict.fromkeys(RED_FLAG_FIELDS, False),
            )
        )
        if rng.random() < 0.85:
            doses.append(
                _dose(user, day, usual_form, 200, "elemental", rng.randint(19 * 60, 22 * 60 + 30))
            )
            if rng.random() < 0.15:
                doses.append(
                    _dose(
                        user,
                        day,
                        catalog.oral["Magnesium citrate"],
                        500,
                        "compound",
                        rng.randint(7 * 60, 9 * 60),
                    )
                )
            if rng.random() < 0.05:
                doses.append(
                    _dose(
                        user, day, catalog.bath, 250_000, "compound", rng.randint(20 * 60, 22 * 60)
                    )
                )
        if rng.random() < 0.6:
            sessions.append(
                ExerciseSession(
                    user=user,
                    date=day,
                    exercise=rng.choice(catalog.stretches),
                    minutes=rng.randint(5, 15),
                    repetitions_per_side=rng.randint(2, 5),
                )
            )
        if rng.random() < 0.4:
            breathing = rng.choice(catalog.breathing)
            sessions.append(
                ExerciseSession(
                    user=user,
                    date=day,
                    exercise=breathing,
                    minutes=rng.randint(5, 15),
                    breaths_per_minute=breathing.breaths_per_minute,
                )
            )
        for _ in range(rng.choice([0, 1, 1, 2, 3])):
            foods.append(
                FoodLog(
                    user=user,
                    date=day,
                    food=rng.choice(catalog.foods),
                    servings=rng.choice([0.5, 1, 1, 1.5, 2]),
                )
            )
        for habit in catalog.habits:
            sitting = "sitting" in habit.name.lower()
            if rng.random() < (0.7 if sitting and hours_sitting >= 7 else 0.08):
                habits.append(HabitLog(user=user, date=day, habit=habit))
    return course_name, entries, doses, sessions, foods, habits


def logged_rows(user, entries, catalog):
    """Medicines and weekly checks, worked out from the days already made, with a random
    stream of the patient's own (so the rest of their log stays as it was): a painkiller on
    most bad days (taken because of the pain, not doing anything here), for some patients a
    nerve medicine every day of their first two months, and the weekly check on most weeks."""
    rng = random.Random(f"{user.username}-medicines")
    doses = []
    scheduled = rng.random() < 0.4
    first = entries[0].date if entries else None
    for entry in entries:
        if entry.leg_pain >= 6 and rng.random() < 0.7:
            doses.append(
                MedicineDose(
                    user=user,
                    date=entry.date,
                    medicine=catalog.painkiller,
                    amount=400,
                    unit="mg",
                    need=MedicineDose.Need.AS_NEEDED,
                )
            )
        if scheduled and (entry.date - first).days < 60:
            doses.append(
                MedicineDose(
                    user=user,
                    date=entry.date,
                    medicine=catalog.nerve_medicine,
                    amount=75,
                    unit="mg",
                    need=MedicineDose.Need.SCHEDULED,
                    time=datetime.time(8, 0),
                )
            )
    weeks = {}
    for entry in entries:
        weeks.setdefault(entry.date - datetime.timedelta(days=entry.date.weekday()), []).append(
            entry
        )

    def sixths(values):
        return max(0, min(6, round(sum(values) / len(values) * 0.6)))

    checks = []
    for week, days in sorted(weeks.items()):
        if len(days) < 3 or rng.random() < 0.2:
            continue  # a missed week
        checks.append(
            WeeklyCheck(
                user=user,
                week=week,
                leg_pain=sixths([d.leg_pain for d in days]),
                numbness=sixths([d.nerve_symptoms for d in days]),
                weakness=rng.choice([0, 0, 1, 1, 2]),
                sitting_pain=sixths([d.back_pain for d in days]),
            )
        )
    return doses, checks


def _dose(user, day, form, amount, basis, minute_of_day):
    return MagnesiumDose(
        user=user,
        date=day,
        form=form,
        time=datetime.time(minute_of_day // 60, minute_of_day % 60),
        amount_mg=amount,
        amount_basis=basis,
        elemental_mg=magnesium.elemental_mg(
            amount, compound=basis == "compound", elemental_percent=form.elemental_percent
        ),
    )


def remove_demo_data():
    users = get_user_model().objects.filter(username__startswith=DEMO_PREFIX)
    with freshness.leaving(users.values_list("pk", flat=True)):
        for model in LOGGED:
            model.objects.filter(user__in=users).delete()
        users.delete()


def answered(start):
    """The other serious-cause questions answered "None of these" at sign-up, on day 1."""
    at = datetime.datetime.combine(start, datetime.time(9, 0), tzinfo=datetime.UTC)
    return {**dict.fromkeys(SERIOUS_CAUSE_FIELDS, False), "serious_causes_answered_at": at}


def seed(patients, days, seed=1, today=None, progress=print):
    """Creates `patients` demo patients and the demo account, each with `days` days of history."""
    today = today or datetime.date.today()
    rng = random.Random(seed)
    catalog = Catalog()
    remove_demo_data()
    password = make_password(DEMO_PASSWORD)  # hashed once: Argon2 is slow on purpose
    User = get_user_model()
    names = [DEMO_USERNAME] + [f"{PATIENT_PREFIX}{n:04d}" for n in range(1, patients + 1)]
    User.objects.bulk_create(
        User(username=name, email=f"{name}@example.com", password=password) for name in names
    )
    users = list(User.objects.filter(username__in=names).order_by("username"))
    start = today - datetime.timedelta(days=days - 1)
    Profile.objects.bulk_create(
        Profile(user=u, recovery_start=start, sex="female", age_band="31+", **answered(start))
        for u in users
    )
    buffers = {model: [] for model in LOGGED}
    counts = dict.fromkeys(buffers, 0)
    courses = {}

    def flush(force=False):
        for model, rows in buffers.items():
            if rows and (force or len(rows) >= BATCH):
                with transaction.atomic():
                    model.objects.bulk_create(rows, batch_size=BATCH)
                counts[model] += len(rows)
                rows.clear()

    for number, user in enumerate(users, start=1):
        course = "improves" if user.username == DEMO_USERNAME else None
        course, *logged = patient_rows(user, days, today, rng, catalog, course)
        logged += logged_rows(user, logged[0], catalog)
        courses[course] = courses.get(course, 0) + 1
        for model, rows in zip(LOGGED, logged, strict=True):
            buffers[model].extend(rows)
        flush()
        if number % 50 == 0 or number == len(users):
            progress(f"{number}/{len(users)} patients")
    flush(force=True)
    return {
        "patients": len(users),
        "courses": courses,
        "rows": sum(counts.values()),
        **{m.__name__: c for m, c in counts.items()},
    }


def add_patient(username, days, today, seed=1):
    """One more demo patient whose course improves, for measuring a given length of history."""
    rng = random.Random(seed)
    user = get_user_model().objects.create(
        username=username, email=f"{username}@example.com", password=make_password(DEMO_PASSWORD)
    )
    start = today - datetime.timedelta(days=days - 1)
    Profile.objects.filter(user=user).update(
        recovery_start=start, sex="female", age_band="31+", **answered(start)
    )
    catalog = Catalog()
    _, *rows = patient_rows(user, days, today, rng, catalog, "improves")
    rows += logged_rows(user, rows[0], catalog)
    for model, objs in zip(LOGGED, rows, strict=True):
        model.objects.bulk_create(objs, batch_size=BATCH)
    freshness.touch(user.pk)
    return user
