"""The reminders page's form: on or off, the local time, the days, the channel."""

import calendar

from django import forms

from ..models import Reminder

WEEKDAYS = [(str(day), calendar.day_name[day]) for day in range(7)]


class ReminderForm(forms.ModelForm):
    field_order = ["enabled", "at", "days", "by_email"]
    days = forms.MultipleChoiceField(
        label="On these days",
        choices=WEEKDAYS,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one day."},
    )

    class Meta:
        model = Reminder
        fields = ["enabled", "at", "by_email"]
        labels = {
            "enabled": "Remind me to check in",
            "at": "At (your local time)",
            "by_email": "By email",
        }
        widgets = {"at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M")}
        help_texts = {
            "enabled": "Only on days you have not logged yet, and never twice a day.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial["days"] = [str(day) for day in range(7) if self.instance.weekdays & (1 << day)]
        if not self.instance.user.email:
            self.fields[
                "by_email"
            ].help_text = (
                "Your email address is not confirmed yet: open the link we sent to it first."
            )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("enabled") and not cleaned.get("by_email"):
            self.add_error("by_email", "Choose how to be reminded.")
        elif cleaned.get("enabled") and not self.instance.user.email:
            self.add_error("by_email", "Confirm your email address first: nothing could reach you.")
        return cleaned

    def save(self, commit=True):
        self.instance.weekdays = sum(1 << int(day) for day in self.cleaned_data["days"])
        return super().save(commit=commit)
