from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import UserCreationForm
from django.db import transaction

from ..days import local_today
from ..models import Profile
from ..portability import MAX_UPLOAD_BYTES
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


class PasswordConfirmForm(forms.Form):
    """Asks for the password again before an action on all of a patient's data."""

    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text="Asked again because this concerns all of your data.",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That is not your password.")
        return password


class ExportForm(PasswordConfirmForm):
    format = forms.ChoiceField(
        label="Format",
        choices=[
            ("json", "One JSON document: everything, and it can be imported again"),
            ("csv", "CSV files in a zip: for spreadsheets"),
        ],
        initial="json",
        widget=forms.RadioSelect,
    )
    field_order = ["format", "password"]


class ImportForm(PasswordConfirmForm):
    file = forms.FileField(
        label="Export file (.json)",
        help_text="The JSON file that this app's export made, up to 5 MB.",
        widget=forms.ClearableFileInput(attrs={"accept": ".json,application/json"}),
    )
    field_order = ["file", "password"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("The file is larger than 5 MB.")
        return upload


class DeleteAccountForm(PasswordConfirmForm):
    confirm = forms.BooleanField(
        label="I understand that my account and everything I logged will be deleted for good."
    )
    field_order = ["confirm", "password"]


class ReportRangeForm(forms.Form):
    first = forms.DateField(
        label="From", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    last = forms.DateField(
        label="To", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("first"), cleaned.get("last")
        if first and last and first > last:
            raise forms.ValidationError("The start of the range must come before its end.")
        if first and last and (last - first).days > 3 * 366:
            raise forms.ValidationError("Choose a range of up to three years.")
        return cleaned
