"""The weekly sciatica check's four questions, each 0 to 6."""

from django import forms

from ..models import WeeklyCheck

QUESTIONS = {
    "leg_pain": "Leg pain",
    "numbness": "Numbness or tingling in the leg or foot",
    "weakness": "Weakness in the leg or foot",
    "sitting_pain": "Back or leg pain while sitting",
}


class WeeklyCheckForm(forms.ModelForm):
    week = forms.DateField(widget=forms.HiddenInput)

    class Meta:
        model = WeeklyCheck
        fields = list(QUESTIONS)

    def __init__(self, *args, week, **kwargs):
        kwargs.setdefault("prefix", "weekly")
        super().__init__(*args, **kwargs)
        self.initial["week"] = week
        for name, label in QUESTIONS.items():
            self.fields[name] = forms.TypedChoiceField(
                label=label,
                choices=[(str(n), str(n)) for n in range(7)],
                coerce=int,
                widget=forms.RadioSelect(attrs={"class": "btn-check"}),
                error_messages={"required": f"Choose how much: {label.lower()}."},
            )

    def answers(self):
        return {name: self.cleaned_data[name] for name in QUESTIONS}
