"""The starting catalog's health sentences worded as their source words them (issue 25's source
pass): the co-supplements are what the guide (seed 000) lists beside magnesium, not what they
do; the phase expectations say what the guide's timeline says and no more; an exercise's
caution says what to do, not what a sensation means. Only rows that still hold the starting
text change, so a curator's own wording is kept."""

from django.db import migrations

CHANGES = [
    (
        "CoSupplement",
        "Vitamin B12",
        "purpose",
        "Supports the repair of nerves.",
        "The guide lists it for nerve repair.",
    ),
    (
        "CoSupplement",
        "Vitamin D",
        "purpose",
        "Supports muscle function.",
        "The guide lists it for muscle function.",
    ),
    (
        "CoSupplement",
        "Omega-3 fatty acids",
        "purpose",
        "Helps keep inflammation in check.",
        "The guide lists it for inflammation control.",
    ),
    (
        "CoSupplement",
        "Turmeric",
        "purpose",
        "Taken to ease pain and swelling.",
        "The guide lists it for pain and swelling.",
    ),
    (
        "TimelinePhase",
        "Weeks 1–2",
        "expectation",
        "Tight muscles in the lower back, hips and buttocks begin to loosen.",
        "Less muscle tightness.",
    ),
    (
        "TimelinePhase",
        "Weeks 3–4",
        "expectation",
        "The nerve grows less irritated: less tingling, burning and numbness.",
        "Less nerve irritation (tingling, burning, numbness).",
    ),
    (
        "TimelinePhase",
        "Months 2–3",
        "expectation",
        "Moving and sitting get easier, with less leg and back pain.",
        "Better mobility and comfort.",
    ),
    (
        "TimelinePhase",
        "Long-term",
        "expectation",
        "Flare-ups come less often, and the back copes better with daily life.",
        "Fewer recurrences, and more resilience.",
    ),
    (
        "Exercise",
        "Hamstring stretch",
        "cautions",
        "A pull in the muscle is fine; an electric or shooting feeling down the leg means the "
        "nerve is being stretched too, so ease off.",
        "Ease off if you feel an electric or shooting feeling down the leg.",
    ),
    (
        "Exercise",
        "Extended exhalation breathing",
        "instructions",
        "Breathe in through your nose for a count of four, then out slowly through the nose "
        "or pursed lips for a count of eight. The long out-breath helps the body settle out "
        "of its stress response.",
        "Breathe in through your nose for a count of four, then out slowly through the nose "
        "or pursed lips for a count of eight.",
    ),
]


def rewrite(apps, old_index, new_index):
    for model_name, name, field, *texts in CHANGES:
        model = apps.get_model("recovery", model_name)
        model.objects.filter(name=name, **{field: texts[old_index]}).update(
            **{field: texts[new_index]}
        )


def forwards(apps, schema_editor):
    rewrite(apps, 0, 1)


def backwards(apps, schema_editor):
    rewrite(apps, 1, 0)


class Migration(migrations.Migration):
    dependencies = [
        ("recovery", "0019_sexual_problems_and_serious_causes"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
