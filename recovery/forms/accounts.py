from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import UserCreationForm
from django.db import transaction

from ..days import local_today
from ..models import Profile
from ..zones import timezone_names


def timezone_field():
    return forms.TypedChoiceField(
        label="Time zone",
        choices=[(name, name.replace("_", " ")) for name in timezone_names()],
        initial="UTC",
        help_text="Your days start and end at midnight in this time zone.",
        widget=forms.Select(attrs={"data-detect-timezone": "true"}),
    )


def recovery_start_field():
    return forms.DateField(
        label="Recovery start date",
        required=False,
        # Date inputs only understand ISO dates, whatever the language.
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="Day 1 of your recovery timeline. Leave blank to count from your first log.",
    )


def check_start_not_in_future(cleaned_data, add_error):
    start, tz_name = cleaned_data.get("recovery_start"), cleaned_data.get("timezone")
    if start and tz_name and start > local_today(tz_name):
        add_error("recovery_start", "The start date cannot be in the future.")


class SignupForm(UserCreationForm):
    email = forms.EmailField(
        help_text="Used only to reset your password if you forget it.",
    )
    timezone = timezone_field()
    recovery_start = recovery_start_field()

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ("username", "email")

    def clean_email(self):
        email = self.cleaned_data["email"]
        if get_user_model().objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                "An account with this email already exists. Log in, or reset your password."
            )
        return email

    def clean(self):
        cleaned_data = super().clean()
        check_start_not_in_future(cleaned_data, self.add_error)
        return cleaned_data

    @transaction.atomic
    def save(self, commit=True):
        user = super().save(commit=commit)
        if commit:
            Profile.objects.filter(user=user).update(
                timezone=self.cleaned_data["timezone"],
                recovery_start=self.cleaned_data["recovery_start"],
            )
        return user


class ProfileForm(forms.ModelForm):
    timezone = timezone_field()
    recovery_start = recovery_start_field()

    class Meta:
        model = Profile
        fields = ("recovery_start", "timezone", "sex", "age_band", "kidney_condition")
        labels = {"sex": "Sex (optional)", "age_band": "Age (optional)"}
        help_texts = {
            "sex": "With your age, sets the recommended daily magnesium on your charts.",
        }

    def clean(self):
        cleaned_data = super().clean()
        check_start_not_in_future(cleaned_data, self.add_error)
        return cleaned_data
