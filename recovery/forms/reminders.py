"""The reminders page's form (on or off, the local time, the days, the channels), and the
subscription a browser sends when it asks for notifications."""

import base64
import binascii
import calendar
import re

from cryptography.hazmat.primitives.asymmetric import ec
from django import forms

from ..models import Reminder
from ..reminders import endpoints, push

WEEKDAYS = [(str(day), calendar.day_name[day]) for day in range(7)]


class ReminderForm(forms.ModelForm):
    field_order = ["enabled", "at", "days", "by_email", "by_push"]
    days = forms.MultipleChoiceField(
        label="On these days",
        choices=WEEKDAYS,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one day."},
    )

    class Meta:
        model = Reminder
        fields = ["enabled", "at", "by_email", "by_push"]
        labels = {
            "enabled": "Remind me to check in",
            "at": "At (your local time)",
            "by_email": "By email",
            "by_push": "As a notification on my phone or computer",
        }
        widgets = {"at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M")}
        help_texts = {
            "enabled": "Only on days you have not logged yet, and never twice a day.",
            "by_push": "On each browser set up below.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.instance.user
        self.initial["days"] = [str(day) for day in range(7) if self.instance.weekdays & (1 << day)]
        if not user.email:
            self.fields[
                "by_email"
            ].help_text = (
                "Your email address is not confirmed yet: open the link we sent to it first."
            )
        if not push.enabled():
            del self.fields["by_push"]
        elif not user.push_subscriptions.exists():
            # The last browser went (removed, or gone at its push service): shown as it is.
            self.initial["by_push"] = False

    def clean(self):
        cleaned = super().clean()
        user = self.instance.user
        if not cleaned.get("enabled"):
            return cleaned
        if not cleaned.get("by_email") and not cleaned.get("by_push"):
            self.add_error("by_email", "Choose how to be reminded.")
        if cleaned.get("by_email") and not user.email:
            self.add_error("by_email", "Confirm your email address first: nothing could reach you.")
        if cleaned.get("by_push") and not user.push_subscriptions.exists():
            self.add_error(
                "by_push",
                "No browser is set up for notifications yet: use “Get notifications on this "
                "browser” below on each phone or computer you want them on.",
            )
        return cleaned

    def save(self, commit=True):
        self.instance.weekdays = sum(1 << int(day) for day in self.cleaned_data["days"])
        return super().save(commit=commit)


BASE64URL = re.compile(r"^[A-Za-z0-9_-]+={0,2}$")


def decode_base64url(value):
    if not BASE64URL.match(value):
        raise forms.ValidationError("This key is not in the form browsers send.")
    try:
        return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    except (binascii.Error, ValueError) as error:
        raise forms.ValidationError("This key is not in the form browsers send.") from error


class PushSubscriptionForm(forms.Form):
    """What PushSubscription.toJSON() gives, flattened: the push service's address for this
    browser and its two keys (RFC 8291)."""

    # Read by endpoints.py alone (not also by URLField's rules): what it rebuilt is what
    # is stored and, at each reminder, posted to.
    endpoint = forms.CharField(max_length=endpoints.MAX_LENGTH, strip=False)
    p256dh = forms.CharField(max_length=100)
    auth = forms.CharField(max_length=40)

    def clean_endpoint(self):
        try:
            endpoint = endpoints.checked(self.cleaned_data["endpoint"])
        except endpoints.Refused:
            raise forms.ValidationError(
                "This browser's notification service is not one this site can send to."
            ) from None
        if not push.signable(endpoint):
            raise forms.ValidationError(
                "Notifications to this browser's service could not be signed by this site."
            )
        return endpoint.url

    def clean_p256dh(self):
        value = self.cleaned_data["p256dh"]
        try:
            ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), decode_base64url(value))
        except ValueError as error:
            raise forms.ValidationError("This key is not in the form browsers send.") from error
        return value

    def clean_auth(self):
        value = self.cleaned_data["auth"]
        if len(decode_base64url(value)) != 16:
            raise forms.ValidationError("This key is not in the form browsers send.")
        return value
