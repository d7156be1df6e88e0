"""The medicines most used for sciatica and back pain, as a starting catalog for curators,
and the curators' right to keep it. The app records what a patient took; it never advises.
Strengths are those commonly sold, to help a patient find the one on their pack."""

from django.db import migrations

from ._curators import give_curators

# name, group, route, unit, usual strengths
MEDICINES = [
    ("Paracetamol", "pain_reliever", "oral", "mg", "500 mg"),
    ("Ibuprofen", "nsaid", "oral", "mg", "200 mg, 400 mg"),
    ("Ibuprofen gel", "nsaid", "topical", "application", "5 %"),
    ("Naproxen", "nsaid", "oral", "mg", "250 mg, 500 mg"),
    ("Diclofenac", "nsaid", "oral", "mg", "25 mg, 50 mg, 75 mg"),
    ("Diclofenac gel", "nsaid", "topical", "application", "1 %, 2.32 %"),
    ("Celecoxib", "nsaid", "oral", "mg", "100 mg, 200 mg"),
    ("Pregabalin", "nerve_pain", "oral", "mg", "25 mg, 75 mg, 150 mg, 300 mg"),
    ("Gabapentin", "nerve_pain", "oral", "mg", "100 mg, 300 mg, 600 mg"),
    ("Amitriptyline", "nerve_pain", "oral", "mg", "10 mg, 25 mg"),
    ("Duloxetine", "nerve_pain", "oral", "mg", "30 mg, 60 mg"),
    ("Prednisolone (short course)", "steroid", "oral", "mg", "5 mg, 25 mg"),
    ("Prednisone (short course)", "steroid", "oral", "mg", "5 mg, 20 mg"),
    ("Methylprednisolone (short course)", "steroid", "oral", "mg", "4 mg"),
    ("Diazepam", "muscle_relaxant", "oral", "mg", "2 mg, 5 mg"),
    ("Cyclobenzaprine", "muscle_relaxant", "oral", "mg", "5 mg, 10 mg"),
    ("Methocarbamol", "muscle_relaxant", "oral", "mg", "500 mg, 750 mg"),
    ("Codeine", "opioid", "oral", "mg", "15 mg, 30 mg"),
    ("Co-codamol (codeine with paracetamol)", "opioid", "oral", "tablet", "8/500, 30/500"),
    ("Tramadol", "opioid", "oral", "mg", "50 mg"),
    ("Lidocaine plaster", "other", "topical", "patch", "5 %"),
    ("Capsaicin cream", "other", "topical", "application", "0.025 %, 0.075 %"),
]


def load_medicines(apps, schema_editor):
    Medicine = apps.get_model("recovery", "Medicine")
    for name, group, route, unit, strengths in MEDICINES:
        if not Medicine.objects.filter(owner__isnull=True, name__iexact=name).exists():
            Medicine.objects.create(
                name=name, group=group, route=route, unit=unit, strengths=strengths
            )


def let_curators_keep_medicines(apps, schema_editor):
    give_curators(apps, [f"{action}_medicine" for action in ("add", "change", "view")])


def unload_medicines(apps, schema_editor):
    apps.get_model("recovery", "Medicine").objects.filter(
        owner__isnull=True, name__in=[row[0] for row in MEDICINES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("recovery", "0014_medicines_and_weekly_check")]

    operations = [
        migrations.RunPython(load_medicines, unload_medicines),
        migrations.RunPython(let_curators_keep_medicines, migrations.RunPython.noop),
    ]
