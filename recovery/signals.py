from django.conf import settings
from django.db.models.signals import post_save, pre_delete
from django.dispatch import receiver

from . import erasure
from .models import Profile, Reminder
from .reminders import schedule


@receiver(post_save, sender=settings.AUTH_USER_MODEL)
def create_profile(sender, instance, created, raw=False, **kwargs):
    # Every account has a profile, however it was made: sign-up, admin or createsuperuser.
    if created and not raw:
        Profile.objects.get_or_create(user=instance)


@receiver(post_save, sender=Profile)
def follow_the_time_zone(sender, instance, raw=False, **kwargs):
    # A patient who moves keeps their reminder at the same local time in the new zone.
    if raw:
        return
    reminder = Reminder.objects.filter(user=instance.user, enabled=True).first()
    if reminder is not None:
        schedule.reschedule(reminder)
        reminder.save(update_fields=["next_due"])


@receiver(pre_delete, sender=settings.AUTH_USER_MODEL)
def erase_traces(sender, instance, **kwargs):
    # However the account goes (its owner, or an administrator), while its rows still say
    # which queued tasks are its own.
    erasure.erase_traces(instance)
