from django.conf import settings
from django.db.models.signals import post_save
from django.dispatch import receiver

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
