"""When each reminder is due, and queuing it once.

Each reminder keeps `next_due`, the next moment (UTC) its local time falls on one of its
weekdays in the patient's time zone, worked out day by day with zoneinfo, so a change to or
from summer time moves the UTC moment and never the local time. A local time that a clock
change skips (02:30 on the spring-forward night) goes as late as the clock jumped (03:30);
one that happens twice goes at the first. Changing the time zone or the settings works
`next_due` out again.

A management command, run every few minutes (README), finds the due reminders with one query
on an indexed column, writes one ReminderSent row per day and channel (unique, so a second
run, or two at once, queues nothing twice), queues one task per new row and moves `next_due`
on. A reminder found more than `LATE` after its time is not sent (it would arrive at the
wrong local time); its next one is scheduled.

After 7 reminders in a row for days left unlogged, the next message says so and asks whether
to pause; no more go until the patient answers on the reminders page.
"""

import datetime
import zoneinfo

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from ..models import DailyEntry, PushSubscription, Reminder, ReminderSent
from . import push
from .sending import send_reminder

LATE = datetime.timedelta(hours=1)


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
    """Where this patient's reminders can go: email needs a confirmed address, and a
    notification a browser that asked for them."""
    found = []
    if reminder.by_email and reminder.user.email:
        found.append(ReminderSent.Channel.EMAIL)
    if reminder.by_push and push.enabled() and has_devices(reminder):
        found.append(ReminderSent.Channel.PUSH)
    return found


def has_devices(reminder):
    found = getattr(reminder, "has_devices", None)  # annotated by due()
    return reminder.user.push_subscriptions.exists() if found is None else found


def due(now):
    """The reminders whose moment has come: one query, on the partial index."""
    devices = PushSubscription.objects.filter(user=OuterRef("user"))
    return (
        Reminder.objects.filter(next_due__lte=now)
        .select_related("user__profile")
        .annotate(has_devices=Exists(devices))
    )


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
    if reminder.ignored_in_row >= Reminder.IGNORED_BEFORE_ASKING:
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
