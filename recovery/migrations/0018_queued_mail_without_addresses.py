"""Email queued before messages were written at sending time held the address, the subject and
the whole body (with its one-time link) in the task queue's table. Rows already sent go; rows
still waiting become the new task, which holds only the account's number and the kind of
message, so none is lost over the upgrade."""

import re

from django.db import migrations

OLD = "recovery.mail.send_email"
NEW = "recovery.mail.send_account_email"
SITE = re.compile(r"https?://[^/\s]+")


def rewrite(apps, schema_editor):
    task_results = apps.get_model("django_tasks_database", "DBTaskResult")
    users = apps.get_model("auth", "User")
    for row in task_results.objects.filter(task_path=OLD):
        kwargs = row.args_kwargs.get("kwargs", {})
        to, body = kwargs.get("to", ""), kwargs.get("body", "")
        site = SITE.search(body)
        waiting = row.status == "READY"
        asked = users.objects.filter(profile__pending_email__iexact=to).first() if to else None
        owner = users.objects.filter(email__iexact=to).first() if to else None
        if not waiting or site is None or not (asked or owner):
            row.delete()
            continue
        # A message to an address waiting for confirmation is the confirmation (or the note
        # that the address is taken: decided when sent); to an account's own, the reset.
        user, kind = (asked, "confirmation") if asked else (owner, "password_reset")
        row.task_path = NEW
        row.args_kwargs = {
            "args": [],
            "kwargs": {"user_id": user.pk, "kind": kind, "site": site[0]},
        }
        row.save(update_fields=["task_path", "args_kwargs"])


class Migration(migrations.Migration):
    dependencies = [
        ("recovery", "0017_last_use_indexes"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(rewrite, migrations.RunPython.noop)]
