"""Daily reminders to check in, at the patient's own local time, only when they help.

Scheduling: each reminder keeps `next_due`, the next moment (UTC) its local time falls on
one of its weekdays in the patient's time zone, worked out day by day with zoneinfo, so a
change to or from summer time moves the UTC moment and never the local time. A local time
that a clock change skips (02:30 on the spring-forward night) goes as late as the clock
jumped (03:30); one that happens twice goes at the first. Changing the time zone or the
settings works `next_due` out again.

Sending: a management command, run every few minutes (README), finds the due reminders with
one query on an indexed column, writes one ReminderSent row per day and channel (unique, so
a second run, or two at once, queues nothing twice), queues one task per new row and moves
`next_due` on. The task checks again that the day is still unlogged, then sends. A reminder
found more than `LATE` after its time is not sent (it would arrive at the wrong local time);
its next one is scheduled.

After 7 reminders in a row for days left unlogged, the next message says so and asks whether
to pause; no more go until the patient answers on the reminders page.
"""

import datetime
import zoneinfo

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from .models import DailyEntry, Reminder, ReminderSent

LATE = datetime.timedelta(hours=1)
IGNORED_BEFORE_ASKING = 7
UNSUBSCRIBE_SALT = "recovery.reminders.unsubscribe"


def next_due(reminder, tz_name, after):
    """The first moment after `after` when the reminder's local time falls on one of its
    weekdays in the time zone `tz_name`."""
    zone = zoneinfo.ZoneInfo(tz_name)
    start = after.astimezone(zone).date()
    for offset in range(8):
        day = start + datetime.timedelta(days=offset)
        if not reminder.on(day):
            continue
        moment = datetime.datetime.combine(day, reminder.at, tzinfo=zone)
        # Through UTC and back: a local time the clock skipped becomes the real moment.
        moment = moment.astimezone(datetime.UTC)
        if moment > after:
            return moment
    raise ValueError("a reminder needs at least one weekday")


def reschedule(reminder, now=None):
    """Works out `next_due` again after the settings or the time zone changed."""
    now = now or timezone.now()
    active = reminder.enabled and not reminder.asked_to_pause
    reminder.next_due = next_due(reminder, reminder.user.profile.timezone, now) if active else None


def local_day(reminder, moment):
    return moment.astimezone(zoneinfo.ZoneInfo(reminder.user.profile.timezone)).date()


def channels(reminder):
    """Where this patient's reminders can go: email needs a confirmed address."""
    found = []
    if reminder.by_email and reminder.user.email:
        found.append(ReminderSent.Channel.EMAIL)
    return found


def due(now):
    """The reminders whose moment has come: one query, on the partial index."""
    return Reminder.objects.filter(next_due__lte=now).select_related("user__profile")


def dispatch(now=None):
    """Queues every due reminder once; returns how many messages were queued."""
    now = now or timezone.now()
    queued = 0
    for reminder in due(now):
        with transaction.atomic():
            queued += queue_reminder(reminder, now)
    return queued


def queue_reminder(reminder, now):
    moment = reminder.next_due
    day = local_day(reminder, moment)
    counted = reminder.ignored_in_row, reminder.asked_to_pause
    queued = 0
    if DailyEntry.objects.filter(user=reminder.user, date=day).exists():
        reminder.ignored_in_row = 0
    elif now - moment <= LATE:
        kind = count_ignored(reminder, day)
        queued = sum(record(reminder.user, day, channel, kind) for channel in channels(reminder))
        if not queued:  # nothing went (queued by a twin run, or no channel): nothing to count
            reminder.ignored_in_row, reminder.asked_to_pause = counted
    # On from this moment, or from now if the command ran late; none while it waits for an
    # answer to its question.
    reminder.next_due = None
    if not reminder.asked_to_pause:
        reminder.next_due = next_due(reminder, reminder.user.profile.timezone, max(now, moment))
    reminder.save(update_fields=["next_due", "ignored_in_row", "asked_to_pause"])
    return queued


def count_ignored(reminder, day):
    """Counts the last reminded day as ignored or answered; returns the kind to send."""
    last = (
        ReminderSent.objects.filter(user=reminder.user, date__lt=day)
        .order_by("-date")
        .values_list("date", flat=True)
        .first()
    )
    if last is not None:
        answered = DailyEntry.objects.filter(user=reminder.user, date=last).exists()
        reminder.ignored_in_row = 0 if answered else reminder.ignored_in_row + 1
    if reminder.ignored_in_row >= IGNORED_BEFORE_ASKING:
        reminder.asked_to_pause = True
        return ReminderSent.Kind.ASK_TO_PAUSE
    return ReminderSent.Kind.REMINDER


def record(user, day, channel, kind):
    """Writes the row that stands for this reminder; queues it only if it is new."""
    try:
        with transaction.atomic():
            sent = ReminderSent.objects.create(user=user, date=day, channel=channel, kind=kind)
    except IntegrityError:  # queued already, by this run's twin
        return False
    transaction.on_commit(lambda: send_reminder.enqueue(sent.pk))
    return True


@task
def send_reminder(sent_id):
    sent = ReminderSent.objects.select_related("user__reminder").filter(pk=sent_id).first()
    if sent is None or sent.sent_at:
        return
    reminder = sent.user.reminder
    if DailyEntry.objects.filter(user=sent.user, date=sent.date).exists():
        outcome = "logged meanwhile"
    elif not reminder.enabled:
        outcome = "turned off meanwhile"
    else:
        email(sent)
        outcome = "sent"
    ReminderSent.objects.filter(pk=sent.pk).update(sent_at=timezone.now(), outcome=outcome)


def email(sent):
    """The message says only that it is time for the check-in: no health data."""
    unsubscribe = absolute(reverse("unsubscribe", args=[unsubscribe_token(sent.user)]))
    context = {
        "today": absolute(reverse("today")),
        "settings": absolute(reverse("reminders")),
        "unsubscribe": unsubscribe,
        "asks": sent.kind == ReminderSent.Kind.ASK_TO_PAUSE,
        "ignored": IGNORED_BEFORE_ASKING,
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


def absolute(path):
    return settings.SITE_URL.rstrip("/") + path


def unsubscribe_token(user):
    return signing.dumps(user.pk, salt=UNSUBSCRIBE_SALT)


def user_id_from(token):
    """The account a signed unsubscribe link belongs to, or None for a forged one."""
    try:
        return signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None


def turn_off(reminder):
    reminder.enabled = False
    reminder.asked_to_pause = False
    reminder.ignored_in_row = 0
    reminder.next_due = None
    reminder.save(update_fields=["enabled", "asked_to_pause", "ignored_in_row", "next_due"])


def keep(reminder, now=None):
    """The patient answered the question: reminders go on, counted afresh."""
    reminder.asked_to_pause = False
    reminder.ignored_in_row = 0
    reschedule(reminder, now)
    reminder.save(update_fields=["asked_to_pause", "ignored_in_row", "next_due"])
