"""The task that sends one queued reminder, by email or as a notification.

It checks again that the day is still unlogged and reminders still on, since the patient may
have checked in between queuing and sending. Neither kind of message holds health data.
"""

import datetime
import zoneinfo

from django.conf import settings
from django.core.mail import EmailMessage
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from ..models import DailyEntry, Reminder, ReminderSent
from . import links, push


@task
def send_reminder(sent_id):
    sent = ReminderSent.objects.select_related("user__reminder", "user__profile")
    sent = sent.filter(pk=sent_id).first()
    if sent is None or sent.sent_at:
        return
    if DailyEntry.objects.filter(user=sent.user, date=sent.date).exists():
        outcome = "logged meanwhile"
    elif not sent.user.reminder.enabled:
        outcome = "turned off meanwhile"
    elif sent.channel == ReminderSent.Channel.PUSH:
        outcome = notify(sent)
    else:
        email(sent)
        outcome = "sent"
    ReminderSent.objects.filter(pk=sent.pk).update(sent_at=timezone.now(), outcome=outcome)


def asks_to_pause(sent):
    return sent.kind == ReminderSent.Kind.ASK_TO_PAUSE


def email(sent):
    """The message says only that it is time for the check-in: no health data."""
    unsubscribe = absolute(reverse("unsubscribe", args=[links.unsubscribe_token(sent.user)]))
    context = {
        "today": absolute(reverse("today")),
        "settings": absolute(reverse("reminders")),
        "unsubscribe": unsubscribe,
        "asks": asks_to_pause(sent),
        "ignored": Reminder.IGNORED_BEFORE_ASKING,
    }
    message = EmailMessage(
        subject=render_to_string("reminders/email_subject.txt", context).strip(),
        body=render_to_string("reminders/email.txt", context),
        to=[sent.user.email],
        # RFC 8058: mail programs offer one-click unsubscribe, which POSTs to this address.
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.send()


def notification(sent):
    """What the service worker shows: the same words as the email's, no health data."""
    if asks_to_pause(sent):
        return {
            "title": "Keep the check-in reminders?",
            "body": f"The last {Reminder.IGNORED_BEFORE_ASKING} reminders went without a "
            "check-in. Keep them, or pause them?",
            "url": reverse("reminders"),
            "tag": push.TAG,
        }
    return {
        "title": "Time for today's check-in",
        "body": "It takes a minute. Tap to open it.",
        "url": reverse("today"),
        "tag": push.TAG,
    }


def notify(sent):
    delivered, devices = push.deliver(sent.user, notification(sent), lifetime(sent))
    if not devices:
        return "no device"
    return f"sent to {delivered} of {devices} device{'s' if devices != 1 else ''}"


def lifetime(sent):
    """Seconds until the reminded day ends where the patient is: a push service holding the
    message for a phone that is off drops it then, so no reminder arrives the day after."""
    zone = zoneinfo.ZoneInfo(sent.user.profile.timezone)
    next_day = sent.date + datetime.timedelta(days=1)
    midnight = datetime.datetime.combine(next_day, datetime.time(), zone)
    return max(60, int((midnight - timezone.now()).total_seconds()))


def absolute(path):
    return settings.SITE_URL.rstrip("/") + path
