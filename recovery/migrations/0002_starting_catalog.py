"""The starting catalog, from the source documents and shared/REFERENCE.md.

Loaded once, so every new database has it. Curators edit it in the admin
afterwards; nothing re-runs this to overwrite their work, and rows that
already exist by name are left as they are.
"""

from decimal import Decimal

from django.db import migrations

TIMELINE_PHASES = [
    (
        "Weeks 1–2",
        1,
        14,
        "muscle_tightness",
        "Tight muscles in the lower back, hips and buttocks begin to loosen.",
    ),
    (
        "Weeks 3–4",
        15,
        28,
        "nerve_symptoms",
        "The nerve grows less irritated: less tingling, burning and numbness.",
    ),
    (
        "Months 2–3",
        29,
        90,
        "mobility_and_pain",
        "Moving and sitting get easier, with less leg and back pain.",
    ),
    (
        "Long-term",
        91,
        None,
        "flare_ups",
        "Flare-ups come less often, and the back copes better with daily life.",
    ),
]

# name, elemental %, absorption, route, laxative-prone, note
MAGNESIUM_FORMS = [
    (
        "Magnesium glycinate",
        "14.1",
        "high",
        "oral",
        False,
        "Gentle on the stomach; the form most often suggested for nerve pain.",
    ),
    (
        "Magnesium citrate",
        "16.2",
        "high",
        "oral",
        True,
        "Well absorbed; loosens the stool at higher doses.",
    ),
    (
        "Magnesium malate",
        "15.5",
        "high",
        "oral",
        False,
        "Well absorbed; often chosen for muscle pain and tiredness.",
    ),
    (
        "Magnesium chloride (topical)",
        "12.0",
        "skin",
        "topical",
        False,
        "Oil, lotion or flakes on the skin for local relief; not counted toward the oral limit.",
    ),
    (
        "Magnesium sulfate (Epsom salt bath)",
        "9.9",
        "skin",
        "bath",
        False,
        "Epsom salt dissolved in a warm bath; poorly absorbed if swallowed.",
    ),
    (
        "Magnesium oxide",
        "60.3",
        "low",
        "oral",
        True,
        "A lot of magnesium per tablet but little is absorbed; a weak choice for nerve pain.",
    ),
    (
        "Magnesium L-threonate",
        "8.3",
        "not_established",
        "oral",
        False,
        "Reaches the brain; studied mostly for sleep and memory.",
    ),
    (
        "Magnesium taurate",
        "8.9",
        "not_established",
        "oral",
        False,
        "Magnesium bound to the amino acid taurine.",
    ),
    (
        "Magnesium lactate (dihydrate)",
        "10.2",
        "high",
        "oral",
        False,
        "Well absorbed and usually easy on the stomach.",
    ),
]

# name, kind, also known as, default minutes, inhale s, exhale s, instructions, cautions
EXERCISES = [
    (
        "Supta Padangusthasana",
        "yoga",
        "Reclining hand-to-big-toe pose",
        5,
        None,
        None,
        "Lie on your back with both legs long. Loop a strap or towel around the ball of one "
        "foot and slowly raise that leg until the back of the thigh feels a gentle pull, "
        "keeping the other leg resting on the floor. Breathe slowly for 30 to 60 seconds, "
        "then change sides.",
        "Keep the raised knee a little bent if the pull is sharp. Lower the leg if pain "
        "shoots below the knee or tingling grows.",
    ),
    (
        "Gentle pigeon pose",
        "yoga",
        "Reclined pigeon, figure-four stretch",
        5,
        None,
        None,
        "Lie on your back with knees bent. Cross one ankle over the opposite knee, then draw "
        "the lower leg toward you until you feel a stretch deep in the buttock. Hold 30 to 60 "
        "seconds and switch. Try pigeon on the floor only once this is comfortable.",
        "Never force the hip open, and stop if the knee or hip pinches.",
    ),
    (
        "Balasana",
        "yoga",
        "Child's pose",
        3,
        None,
        None,
        "Kneel, sit back toward your heels and fold forward, resting your forehead on the "
        "floor or a cushion with your arms long or beside you. Let the lower back round and "
        "breathe into it for one to two minutes.",
        "A pillow between thighs and calves eases sore knees; widen the knees if your belly "
        "feels squeezed.",
    ),
    (
        "Pelvic tilts and spinal mobility",
        "stretch",
        "",
        5,
        None,
        None,
        "Lie on your back with knees bent and feet flat. As you breathe out, press the small "
        "of your back into the floor by tipping the pelvis; as you breathe in, let it relax. "
        "Repeat ten times slowly, then, if comfortable, round and arch your back gently on "
        "hands and knees (cat and cow).",
        "Keep the movements small and free of pain.",
    ),
    (
        "Knee-to-chest stretch",
        "stretch",
        "",
        3,
        None,
        None,
        "Lie on your back with knees bent. Hold behind one thigh and bring that knee toward "
        "your chest. Hold 20 to 30 seconds, lower it, and repeat with the other leg; then try "
        "both knees together.",
        "Hold behind the thigh rather than on the kneecap, and ease off if leg symptoms grow.",
    ),
    (
        "Seated piriformis stretch",
        "stretch",
        "",
        3,
        None,
        None,
        "Sit tall on a chair and rest one ankle on the opposite knee. With a straight back, "
        "lean forward from the hips until the buttock of the crossed leg feels a stretch. "
        "Hold 30 seconds, then switch.",
        "Lean only as far as is comfortable. A good choice when getting down to the floor is hard.",
    ),
    (
        "Hamstring stretch",
        "stretch",
        "",
        3,
        None,
        None,
        "Sit near the edge of a chair with one leg straight out, heel on the floor and toes "
        "up. Keeping your back straight, hinge forward from the hips until the back of the "
        "thigh feels a gentle pull. Hold 30 seconds, then switch.",
        "A pull in the muscle is fine; an electric or shooting feeling down the leg means the "
        "nerve is being stretched too, so ease off.",
    ),
    (
        "Anulom Vilom",
        "breathing",
        "Alternate-nostril breathing",
        5,
        "4",
        "4",
        "Sit comfortably with a straight back. Close the right nostril with your thumb and "
        "breathe in through the left; close the left with your ring finger and breathe out "
        "through the right. Breathe in through the right, then out through the left. That is "
        "one round; keep going gently.",
        "Never strain or hold your breath; skip it while your nose is blocked.",
    ),
    (
        "Extended exhalation breathing",
        "breathing",
        "",
        5,
        "4",
        "8",
        "Breathe in through your nose for a count of four, then out slowly through the nose "
        "or pursed lips for a count of eight. The long out-breath helps the body settle out "
        "of its stress response.",
        "If you feel light-headed, shorten both counts.",
    ),
    (
        "Slow diaphragmatic breathing",
        "breathing",
        "Belly breathing",
        5,
        "4",
        "6",
        "Sit or lie with one hand on your chest and one on your belly. Breathe in slowly "
        "through your nose so that the belly hand rises while the chest hand stays still, "
        "then let the breath out gently.",
        "Let the breath stay soft; it should never feel forced.",
    ),
    (
        "Coherent breathing",
        "breathing",
        "Resonant breathing",
        10,
        "6",
        "6",
        "Breathe in for six seconds and out for six seconds, evenly and through the nose: "
        "about five breaths a minute. A timer or app that paces the breath helps.",
        "Return to normal breathing if you feel dizzy or short of air.",
    ),
]

# name, group, serving, magnesium mg, source
FOODS = [
    ("Pumpkin seeds, roasted", "nuts_seeds", "1 oz (28 g)", "156", "NIH ODS"),
    ("Chia seeds", "nuts_seeds", "1 oz (28 g)", "111", "NIH ODS"),
    ("Almonds, dry roasted", "nuts_seeds", "1 oz (28 g)", "80", "NIH ODS"),
    ("Cashews, dry roasted", "nuts_seeds", "1 oz (28 g)", "74", "NIH ODS"),
    ("Flaxseed, whole", "nuts_seeds", "1 tbsp", "40", "USDA SR 12220"),
    ("Spinach, boiled", "leafy_greens", "½ cup", "78", "NIH ODS"),
    ("Swiss chard, boiled", "leafy_greens", "½ cup", "75", "USDA SR 11148"),
    ("Kale, raw", "leafy_greens", "100 g", "47", "USDA SR 11233"),
    ("Black beans, cooked", "legumes", "½ cup", "60", "NIH ODS"),
    ("Chickpeas, boiled", "legumes", "½ cup", "39", "USDA SR 16057"),
    ("Lentils, boiled", "legumes", "½ cup", "36", "USDA SR 16070"),
    ("Quinoa, cooked", "whole_grains", "1 cup", "118", "USDA SR 20137"),
    ("Brown rice, cooked", "whole_grains", "½ cup", "42", "NIH ODS"),
    ("Whole-wheat bread", "whole_grains", "1 slice", "23", "NIH ODS"),
    ("Banana", "fruit", "1 medium", "32", "NIH ODS"),
    ("Avocado, cubed", "fruit", "½ cup", "22", "NIH ODS"),
    ("Dark chocolate, 70–85%", "other", "1 oz (28 g)", "65", "USDA SR 19904"),
]

HABITS = [
    ("Excess caffeine", "More coffee, tea, cola or energy drinks than usual."),
    ("Highly processed food", "Meals made mostly of packaged, refined or fast food."),
    ("Prolonged sitting", "Long stretches in a chair or car without getting up to move."),
    ("Poor posture", "Slumping, twisting or bending awkwardly while sitting, standing or lifting."),
    ("Chronic stress without recovery", "A tense day with no time to rest or unwind."),
]

CO_SUPPLEMENTS = [
    ("Vitamin B12", "Supports the repair of nerves.", "µg"),
    ("Vitamin D", "Supports muscle function.", "IU"),
    ("Omega-3 fatty acids", "Helps keep inflammation in check.", "mg"),
    ("Turmeric", "Taken to ease pain and swelling.", "mg"),
]


def load_catalog(apps, schema_editor):
    def add(model_name, name, **fields):
        apps.get_model("recovery", model_name).objects.get_or_create(name=name, defaults=fields)

    for name, first, last, measure, expectation in TIMELINE_PHASES:
        add(
            "TimelinePhase",
            name,
            first_day=first,
            last_day=last,
            measure=measure,
            expectation=expectation,
        )
    for name, percent, absorption, route, laxative, note in MAGNESIUM_FORMS:
        add(
            "MagnesiumForm",
            name,
            elemental_percent=Decimal(percent),
            absorption=absorption,
            route=route,
            laxative_prone=laxative,
            note=note,
        )
    for name, kind, aka, minutes, inhale, exhale, instructions, cautions in EXERCISES:
        add(
            "Exercise",
            name,
            kind=kind,
            also_known_as=aka,
            default_minutes=minutes,
            inhale_seconds=inhale and Decimal(inhale),
            exhale_seconds=exhale and Decimal(exhale),
            instructions=instructions,
            cautions=cautions,
        )
    for name, group, serving, mg, source in FOODS:
        add("Food", name, group=group, serving=serving, magnesium_mg=Decimal(mg), source=source)
    for name, description in HABITS:
        add("Habit", name, description=description)
    for name, purpose, unit in CO_SUPPLEMENTS:
        add("CoSupplement", name, purpose=purpose, unit=unit)


def unload_catalog(apps, schema_editor):
    for model_name, rows in [
        ("TimelinePhase", TIMELINE_PHASES),
        ("MagnesiumForm", MAGNESIUM_FORMS),
        ("Exercise", EXERCISES),
        ("Food", FOODS),
        ("Habit", HABITS),
        ("CoSupplement", CO_SUPPLEMENTS),
    ]:
        model = apps.get_model("recovery", model_name)
        model.objects.filter(name__in=[row[0] for row in rows]).delete()


class Migration(migrations.Migration):
    dependencies = [("recovery", "0001_initial")]

    operations = [migrations.RunPython(load_catalog, unload_catalog)]
