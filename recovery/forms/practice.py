"""Which stretches the stretch player walks through: a suggested routine, or the patient's
own choice in the order they ticked them."""

from django import forms

from ..models import Exercise, Routine

MAX_STRETCHES = 12


def stretches():
    return Exercise.objects.active().exclude(kind=Exercise.Kind.BREATHING)


GONE = "A chosen stretch is not in the catalog any more: choose again."


class StretchChoiceForm(forms.Form):
    routine = forms.ModelChoiceField(
        Routine.objects.active(),
        required=False,
        error_messages={"invalid_choice": "That routine is not offered any more: choose again."},
    )
    exercise = forms.ModelMultipleChoiceField(
        stretches(),
        required=False,
        error_messages=dict.fromkeys(("invalid_choice", "invalid_pk_value", "invalid_list"), GONE),
    )

    def clean(self):
        cleaned = super().clean()
        routine, chosen = cleaned.get("routine"), cleaned.get("exercise")
        if routine:
            steps = routine.steps.select_related("exercise").filter(exercise__in=stretches())
            cleaned["exercises"] = [step.exercise for step in steps]
            cleaned["title"] = routine.name
        elif chosen:
            by_id = {exercise.pk: exercise for exercise in chosen}
            order = dict.fromkeys(int(value) for value in self.data.getlist("exercise"))
            cleaned["exercises"] = [by_id[pk] for pk in order if pk in by_id]
            cleaned["title"] = "Your stretches"
        if not self.errors and not cleaned.get("exercises"):
            raise forms.ValidationError("Choose at least one stretch, or a routine.")
        if len(cleaned.get("exercises", [])) > MAX_STRETCHES:
            raise forms.ValidationError(f"Choose at most {MAX_STRETCHES} stretches at a time.")
        return cleaned


class SessionPainForm(forms.Form):
    """The pain answered after a stretch routine that is already saved: the session is named
    by the one-time key it was saved under."""

    session = forms.UUIDField(error_messages={"invalid": "This session could not be read."})
    pain_during = forms.IntegerField(label="Pain during it", min_value=0, max_value=10)
