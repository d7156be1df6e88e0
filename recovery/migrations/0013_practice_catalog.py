"""How the guided players walk through the starting catalog's exercises, from the source
documents' own counts, and two suggested routines. Rows a curator has changed since are
left as they are."""

from decimal import Decimal

from django.db import migrations

from ._curators import give_curators

# name: (hold seconds, holds in a row, on each side)
STRETCH_HOLDS = {
    "Supta Padangusthasana": (45, 1, True),  # "30 to 60 seconds, then change sides"
    "Gentle pigeon pose": (45, 1, True),  # "30 to 60 seconds and switch"
    "Balasana": (90, 1, False),  # "one to two minutes"
    "Pelvic tilts and spinal mobility": (5, 10, False),  # "ten times slowly", a breath each
    "Knee-to-chest stretch": (30, 1, True),  # "20 to 30 seconds ... the other leg"
    "Seated piriformis stretch": (30, 1, True),
    "Hamstring stretch": (30, 1, True),
}

# About six breaths a minute (Lehrer & Gevirtz 2014; REFERENCE.md), in place of the five
# the first catalog gave.
COHERENT_INSTRUCTIONS = (
    "Breathe in for five seconds and out for five seconds, evenly and through the nose: "
    "about six breaths a minute. The pacer keeps the count for you."
)

ROUTINES = [
    (
        "Gentle floor routine",
        "Lying down, about six minutes: knees to chest, reclined pigeon, pelvic tilts and "
        "child's pose.",
        [
            "Knee-to-chest stretch",
            "Gentle pigeon pose",
            "Pelvic tilts and spinal mobility",
            "Balasana",
        ],
    ),
    (
        "Chair routine",
        "Sitting on a chair, about three minutes, for days when getting down to the floor is hard.",
        ["Seated piriformis stretch", "Hamstring stretch"],
    ),
]


def guide_practice(apps, schema_editor):
    Exercise = apps.get_model("recovery", "Exercise")
    for name, (hold, repetitions, each_side) in STRETCH_HOLDS.items():
        Exercise.objects.filter(name=name, hold_seconds__isnull=True).exclude(
            kind="breathing"
        ).update(hold_seconds=hold, repetitions=repetitions, each_side=each_side)
    Exercise.objects.filter(name="Anulom Vilom", kind="breathing").update(alternate_nostrils=True)
    Exercise.objects.filter(
        name="Coherent breathing", inhale_seconds=Decimal(6), exhale_seconds=Decimal(6)
    ).update(
        inhale_seconds=Decimal(5), exhale_seconds=Decimal(5), instructions=COHERENT_INSTRUCTIONS
    )
    Routine = apps.get_model("recovery", "Routine")
    RoutineStep = apps.get_model("recovery", "RoutineStep")
    for name, description, steps in ROUTINES:
        routine, created = Routine.objects.get_or_create(
            name=name, defaults={"description": description}
        )
        if not created:
            continue
        for position, exercise_name in enumerate(steps):
            exercise = Exercise.objects.filter(name=exercise_name).first()
            if exercise is not None:
                RoutineStep.objects.create(routine=routine, exercise=exercise, position=position)


def let_curators_keep_routines(apps, schema_editor):
    # A step is only a routine's line: removing one from a routine deletes it.
    codenames = [f"{action}_routine" for action in ("add", "change", "view")]
    codenames += [f"{action}_routinestep" for action in ("add", "change", "view", "delete")]
    give_curators(apps, codenames)


def forget_routines(apps, schema_editor):
    apps.get_model("recovery", "Routine").objects.filter(
        name__in=[name for name, _, _ in ROUTINES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("recovery", "0012_guided_practice"), ("recovery", "0003_curators_group")]

    operations = [
        migrations.RunPython(guide_practice, forget_routines),
        migrations.RunPython(let_curators_keep_routines, migrations.RunPython.noop),
    ]
