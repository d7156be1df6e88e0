import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

EVERY_DAY = 0b111_1111  # Monday is bit 0, as in date.weekday()


class Reminder(models.Model):
    """A patient's daily reminder to check in: off until they turn it on."""

    # Reminders in a row for days left unlogged before the next one asks whether to pause.
    IGNORED_BEFORE_ASKING = 7

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder"
    )
    enabled = models.BooleanField(default=False)
    at = models.TimeField("local time", default=datetime.time(20, 0))
    weekdays = models.PositiveSmallIntegerField(
        default=EVERY_DAY, validators=[MinValueValidator(1), MaxValueValidator(EVERY_DAY)]
    )
    by_email = models.BooleanField("by email", default=True)
    by_push = models.BooleanField("as a notification", default=False)
    # The next moment (UTC) a reminder is due; empty while reminders are off or waiting for
    # the patient's answer. The sending command finds who is due by this alone.
    next_due = models.DateTimeField(null=True, blank=True, editable=False)
    # Reminders sent in a row for days then left unlogged; at 7 the next one asks instead.
    ignored_in_row = models.PositiveSmallIntegerField(default=0, editable=False)
    asked_to_pause = models.BooleanField(default=False, editable=False)

    class Meta:
        indexes = [
            models.Index(
                fields=["next_due"], condition=Q(next_due__isnull=False), name="due_reminders"
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(weekdays__gte=1, weekdays__lte=EVERY_DAY), name="reminder_weekdays"
            )
        ]

    def __str__(self):
        return f"Reminder for {self.user}"

    def on(self, day):
        return bool(self.weekdays & (1 << day.weekday()))


class ReminderSent(models.Model):
    """One reminder for one day and channel: the row that keeps it from going twice."""

    class Channel(models.TextChoices):
        EMAIL = "email", "Email"
        PUSH = "push", "Notification"

    class Kind(models.TextChoices):
        REMINDER = "reminder", "Time for the check-in"
        ASK_TO_PAUSE = "ask", "Asks whether to pause"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    date = models.DateField()
    channel = models.CharField(max_length=10, choices=Channel.choices)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.REMINDER)
    queued_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=40, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "date", "channel"], name="one_reminder_per_day_and_channel"
            )
        ]
        indexes = [models.Index(fields=["user", "-date"], name="reminders_sent_latest")]

    def __str__(self):
        return f"{self.get_kind_display()} for {self.date} by {self.get_channel_display()}"


class PushSubscription(models.Model):
    """One browser that takes reminders as notifications: the address its push service gave
    it, and the keys that messages to it are encrypted with. An address belongs to one
    account: the browser's latest."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="push_subscriptions"
    )
    endpoint = models.URLField(max_length=2000, unique=True)
    p256dh = models.CharField("browser's public key", max_length=100)
    auth = models.CharField("shared secret", max_length=40)
    device = models.CharField(max_length=80, help_text="A name to tell the devices apart.")
    created_at = models.DateTimeField(auto_now_add=True)
    last_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self):
        return f"{self.device} of {self.user}"

    def as_subscription_info(self):
        """In the shape the browser's PushSubscription.toJSON() gives and pywebpush takes."""
        return {"endpoint": self.endpoint, "keys": {"p256dh": self.p256dh, "auth": self.auth}}
