"""The relief timeline from the source documents (seed 000, "Relief Timeline").

Loaded once by this migration, so every database starts with it; curators edit
it in the admin afterwards and nothing here runs again to overwrite their work.
"""

from django.db import migrations

PHASES = [
    {
        "name": "Weeks 1–2",
        "first_day": 1,
        "last_day": 14,
        "measure": "muscle_tightness",
        "expectation": "Tight muscles in the lower back, hips and buttocks begin to loosen.",
    },
    {
        "name": "Weeks 3–4",
        "first_day": 15,
        "last_day": 28,
        "measure": "nerve_symptoms",
        "expectation": "The nerve grows less irritated: less tingling, burning and numbness.",
    },
    {
        "name": "Months 2–3",
        "first_day": 29,
        "last_day": 90,
        "measure": "mobility_and_pain",
        "expectation": "Moving and sitting get easier, with less leg and back pain.",
    },
    {
        "name": "Long-term",
        "first_day": 91,
        "last_day": None,
        "measure": "flare_ups",
        "expectation": "Flare-ups come less often, and the back copes better with daily life.",
    },
]


def add_phases(apps, schema_editor):
    TimelinePhase = apps.get_model("recovery", "TimelinePhase")
    for phase in PHASES:
        TimelinePhase.objects.get_or_create(name=phase["name"], defaults=phase)


def remove_phases(apps, schema_editor):
    TimelinePhase = apps.get_model("recovery", "TimelinePhase")
    TimelinePhase.objects.filter(name__in=[phase["name"] for phase in PHASES]).delete()


class Migration(migrations.Migration):
    dependencies = [("recovery", "0001_initial")]

    operations = [migrations.RunPython(add_phases, remove_phases)]
