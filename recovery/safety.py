"""Safety rules, checked where the patient acts (figures in shared/REFERENCE.md).

Each rule returns a Notice or None; pages show every notice they get, red flags first.
"""

from dataclasses import dataclass

from .days import long_date
from .magnesium import SUPPLEMENT_UPPER_LIMIT_MG, display_mg
from .models import DailyEntry, MagnesiumForm


@dataclass(frozen=True)
class Notice:
    level: str  # a Bootstrap alert colour: danger, warning or info
    title: str
    text: str


def over_upper_limit(oral_supplement_mg):
    if oral_supplement_mg <= SUPPLEMENT_UPPER_LIMIT_MG:
        return None
    return Notice(
        "warning",
        f"{display_mg(oral_supplement_mg)} mg of magnesium from supplements today",
        f"That is above the {SUPPLEMENT_UPPER_LIMIT_MG} mg a day that adults should not exceed "
        "from supplements (NIH Office of Dietary Supplements): beyond it, diarrhoea becomes "
        "more likely. Magnesium from food does not count toward this limit. Check the "
        "amounts, and talk to your doctor before taking more.",
    )


def kidney_caution(profile):
    if not profile.kidney_condition:
        return None
    return Notice(
        "warning",
        "Kidney condition: check with your doctor",
        "When the kidneys work less well, magnesium from supplements can build up in the "
        "body (NIH Office of Dietary Supplements). Take supplements only as your doctor advises.",
    )


def form_note(form):
    """A short note on a magnesium form that patients should know when they take it."""
    if form.absorption == MagnesiumForm.Absorption.LOW:
        return (
            f"{form.name} is poorly absorbed: the guides call it a weak choice for nerve pain "
            "and list it for constipation relief."
        )
    if form.laxative_prone:
        return (
            f"The guides say {form.name.lower()} can loosen the stool at higher doses, and call "
            "glycinate gentle on the stomach. A pharmacist can say which form suits you."
        )
    return None


def latest_red_flag_answers(user, on_or_before):
    """The most recent day, up to `on_or_before`, on which the red-flag questions were answered."""
    return (
        DailyEntry.objects.filter(user=user, date__lte=on_or_before)
        .red_flags_answered()
        .order_by("-date")
        .first()
    )


# NICE CKS Sciatica: suspected cauda equina needs emergency assessment, now, not "today".
URGENT_TITLE = "Go to an emergency department now"
# Also shown by the check-in's script the moment a warning sign is ticked offline.
URGENT_ADVICE = (
    "These can be signs of pressure on the nerves at the base of the spine (cauda equina "
    "syndrome), which needs urgent treatment. Go to an emergency department or call the "
    "emergency number now; do not wait to see if it passes."
)


def red_flag_alert(entry):
    """An urgent-care message while the latest answered day has a red flag; a later day
    answered without one clears it."""
    if entry is None or not entry.red_flags:
        return None
    return Notice(
        "danger",
        URGENT_TITLE,
        f"On {long_date(entry.date)} you reported: {'; '.join(entry.red_flags)}. {URGENT_ADVICE}",
    )
