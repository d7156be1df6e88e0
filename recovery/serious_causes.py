"""The other serious causes of back pain and sciatica: asked once, with their own advice.

NICE CKS (Sciatica; Low back pain) lists features that suggest a serious cause of the pain
(red flags for serious pathology) and advises a prompt medical assessment when one is present
(shared/REFERENCE.md, "Other serious causes"). They are not
the emergency warning signs of cauda equina, which are asked daily and say "now"
(recovery/safety.py): these are asked at sign-up and in Settings, and answered again whenever
one changes.

The answers live on the profile as nullable booleans: NULL until the patient answers, so a
skipped question never reads as "no".
"""

from django.utils import timezone

from .days import local_now
from .models import Profile
from .models.profile import SERIOUS_CAUSE_FIELDS
from .safety import Notice

QUESTIONS = {name: Profile._meta.get_field(name).verbose_name for name in SERIOUS_CAUSE_FIELDS}
TITLE = "Please see a doctor soon about your back pain"
# "Prompt medical assessment" is NICE CKS's advice, and no more is said of how soon: the
# title's "soon" keeps it apart from the warning signs' "now".
ADVICE = (
    "With back pain, each of these can be a sign of another, serious cause that a doctor "
    "should check. NICE CKS (Sciatica; Low back pain) advises a prompt medical assessment: "
    "contact your doctor as soon as you can, and tell them what you told us here."
)


def answers(profile):
    """{field: True, False or None} for the patient's profile."""
    return {name: getattr(profile, name) for name in SERIOUS_CAUSE_FIELDS}


def is_answered(profile):
    return profile.serious_causes_answered_at is not None


def unanswered(profile):
    """Whether any question still waits for an answer (never asked, skipped, or added since)."""
    return not is_answered(profile) or None in answers(profile).values()


def answered_on(profile):
    """The patient's own calendar day of their last answers, or None."""
    if not is_answered(profile):
        return None
    return local_now(profile.timezone, profile.serious_causes_answered_at).date()


def present(profile):
    """The questions the patient answered yes, in their words, in the order asked."""
    return [QUESTIONS[name] for name, value in answers(profile).items() if value]


def record(profile, yes, now=None):
    """Saves a full set of answers: the questions in `yes` are yes, every other is no.

    Saved through the profile (not a bulk update), so the pages worked out from it are
    worked out again (recovery/freshness.py)."""
    unknown = set(yes) - set(SERIOUS_CAUSE_FIELDS)
    if unknown:
        raise ValueError(f"not a serious-cause question: {', '.join(sorted(unknown))}")
    for name in SERIOUS_CAUSE_FIELDS:
        setattr(profile, name, name in yes)
    # Whole seconds: the export writes times to the millisecond, and an import must give back
    # exactly what was exported.
    profile.serious_causes_answered_at = (now or timezone.now()).replace(microsecond=0)
    profile.save(update_fields=[*SERIOUS_CAUSE_FIELDS, "serious_causes_answered_at"])


def notice(profile):
    """The advice to get a prompt medical assessment while any answer is yes, else None."""
    found = present(profile)
    if not found:
        return None
    day = answered_on(profile)
    when = f"On {day.day} {day:%B %Y} you" if day else "You"
    told = f"{when} told us: {'; '.join(found)}."
    return Notice("warning", TITLE, f"{told} {ADVICE}")
