from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    PasswordResetForm,
    UserCreationForm,
)
from django.core.validators import MaxLengthValidator
from django.db import transaction
from django.utils.formats import date_format

from .. import mail
from ..days import FIRST_DAY, last_accepted_day
from ..models import Profile
from ..models.bounds import calendar_validators
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
        validators=calendar_validators(),
        # Date inputs only understand ISO dates, whatever the language.
        widget=forms.DateInput(
            attrs={"type": "date", "min": FIRST_DAY.isoformat()}, format="%Y-%m-%d"
        ),
        help_text="Day 1 of your recovery timeline. Leave blank to count from your first log.",
    )


def check_start_in_calendar(cleaned_data, add_error):
    # Tomorrow is allowed, as everywhere a date is stored: an import from a time zone
    # ahead may have set it, and the form must not then refuse a field nobody touched.
    start, tz_name = cleaned_data.get("recovery_start"), cleaned_data.get("timezone")
    if start and tz_name and start > last_accepted_day(tz_name):
        add_error("recovery_start", "The start date can be tomorrow at the latest.")


class SignupForm(UserCreationForm):
    # Not a field of the user: the address is the account's only once its owner confirms
    # it (recovery/email_confirmation.py), so the form never says whether it is in use.
    email = forms.EmailField(
        help_text="Used only to reset your password if you forget it. "
        "We will send a link to confirm it.",
    )
    timezone = timezone_field()
    recovery_start = recovery_start_field()

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ("username",)
        field_classes = UserCreationForm.Meta.field_classes

    field_order = ["username", "email", "password1", "password2"]

    def clean(self):
        cleaned_data = super().clean()
        check_start_in_calendar(cleaned_data, self.add_error)
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
        check_start_in_calendar(cleaned_data, self.add_error)
        return cleaned_data


class BoundedUsername:
    """Refuses a username longer than any account can have, before anything is looked up:
    the login throttle stores the username of every failed attempt, and the database
    refuses one longer than its column."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["username"]
        field.validators.append(MaxLengthValidator(field.max_length))


class LoginForm(BoundedUsername, AuthenticationForm):
    pass


class AdminLoginForm(BoundedUsername, AdminAuthenticationForm):
    pass


def password_is_right(request, user, password):
    """Checks a signed-in patient's password through the login throttle (django-axes): a
    wrong guess counts toward the same lockout as a wrong login."""
    return authenticate(request, username=user.get_username(), password=password) == user


class PasswordConfirmForm(forms.Form):
    """Asks for the password again before an action on all of a patient's data."""

    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text="Asked again because this concerns all of your data.",
    )

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.request, self.user = request, request.user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not password_is_right(self.request, self.user, password):
            raise forms.ValidationError("That is not your password.")
        return password


class ThrottledPasswordChangeForm(PasswordChangeForm):
    def __init__(self, user, *args, request, **kwargs):
        super().__init__(user, *args, **kwargs)
        self.request = request

    def clean_old_password(self):
        old_password = self.cleaned_data["old_password"]
        if not password_is_right(self.request, self.user, old_password):
            raise forms.ValidationError(
                self.error_messages["password_incorrect"], code="password_incorrect"
            )
        return old_password


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's reset form, with its message queued instead of sent inside the request, and
    written when it is sent (mail.password_reset)."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        site = f"{context['protocol']}://{context['domain']}"
        mail.queue(context["user"], "password_reset", site)


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


def report_date_field(label):
    return forms.DateField(
        label=label,
        validators=calendar_validators(),
        widget=forms.DateInput(
            attrs={"type": "date", "min": FIRST_DAY.isoformat(), "class": "form-control"},
            format="%Y-%m-%d",
        ),
    )


class ReportRangeForm(forms.Form):
    first = report_date_field("From")
    last = report_date_field("To")

    def __init__(self, *args, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        for field in self.fields.values():
            field.widget.attrs["max"] = today.isoformat()

    def clean_first(self):
        first = self.cleaned_data["first"]
        if first > self.today:
            # The report ends today at the latest: a range starting later holds no day at all.
            raise forms.ValidationError(
                f"Start on or before today ({date_format(self.today, 'j F Y')})."
            )
        return first

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("first"), cleaned.get("last")
        if first and last and first > last:
            raise forms.ValidationError("The start of the range must come before its end.")
        if first and last and (last - first).days > 3 * 366:
            raise forms.ValidationError("Choose a range of up to three years.")
        return cleaned
