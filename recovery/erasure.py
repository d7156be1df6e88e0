"""What deleting an account removes beyond the rows that belong to it.

The database's cascades remove everything the patient logged. Two other tables know the
account by other means, and keep no trace of it either:
- the login throttle (django-axes) records sign-ins and failed attempts by the name typed,
  with the address and browser they came from;
- the task queue (django-tasks-db) keeps a task's arguments: the account's email messages
  and reminders, queued or sent. Those still queued are cancelled, so none goes out after the
  account has gone (and each would find no one anyway: recovery/mail.py).
A task a worker is running at that moment is left to finish; it finds no account.
"""

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from . import mail
from .models import ReminderSent
from .reminders import sending


def account_tasks(user):
    """The queue's rows for this account: its messages and its reminders, by their arguments."""
    reminders = list(ReminderSent.objects.filter(user=user).values_list("pk", flat=True))
    return DBTaskResult.objects.filter(
        Q(
            task_path=mail.send_account_email.module_path,
            args_kwargs__kwargs__user_id=user.pk,
        )
        | Q(task_path=sending.send_reminder.module_path, args_kwargs__args__0__in=reminders)
    )


def erase_traces(user):
    """Called as the account is deleted, in the same transaction."""
    account_tasks(user).exclude(status=TaskResultStatus.RUNNING).delete()
    for model in (AccessLog, AccessAttempt, AccessFailureLog):
        model.objects.filter(username__in=throttle_names(user, model)).delete()


def throttle_names(user, model):
    """The names the throttle's `model` knows this account by: its username however it was
    typed, and its email address typed as one; but never the exact name of another account,
    whose own lockout record that is."""
    typed = Q(username__iexact=user.get_username())
    if user.email:
        typed |= Q(username__iexact=user.email)
    names = set(model.objects.filter(typed).values_list("username", flat=True))
    accounts = get_user_model().objects.filter(username__in=names).exclude(pk=user.pk)
    return names - set(accounts.values_list("username", flat=True))
