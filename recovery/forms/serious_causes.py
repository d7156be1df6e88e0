"""The other serious-cause questions: tick those that apply, or "None of these"."""

from django import forms

from .. import serious_causes

NONE = "none"


class SeriousCausesForm(forms.Form):
    """One group of boxes, so that a screen reader hears the question once and every answer
    with it. An empty group is refused: a box left unticked is a "no" only when the patient
    has said so, by ticking the ones that apply or "None of these"."""

    prefix = "causes"

    present = forms.MultipleChoiceField(
        label="Do any of these apply to you?",
        choices=[
            *(
                (name, words[0].upper() + words[1:])
                for name, words in serious_causes.QUESTIONS.items()
            ),
            (NONE, "None of these"),
        ],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Tick the ones that apply to you, or “None of these”."},
    )

    def __init__(self, *args, profile, **kwargs):
        super().__init__(*args, **kwargs)
        self.profile = profile
        if not self.is_bound and serious_causes.is_answered(profile):
            answers = serious_causes.answers(profile)
            yes = [name for name, value in answers.items() if value]
            # "None of these" only when every question was answered no: an unanswered one
            # (a question added since) is not a "no".
            self.initial["present"] = yes or ([] if None in answers.values() else [NONE])

    def clean_present(self):
        chosen = self.cleaned_data["present"]
        if NONE in chosen and len(chosen) > 1:
            raise forms.ValidationError(
                "You ticked “None of these” and another answer: untick one of them."
            )
        return [name for name in chosen if name != NONE]

    def save(self):
        serious_causes.record(self.profile, self.cleaned_data["present"])
