from django.conf import settings
from django.db import migrations, models

INDEX = "auth_user_one_account_per_email"


def move_duplicate_addresses_aside(apps, schema_editor):
    """Where accounts share an address (sign-ups that raced each other), the oldest keeps
    it; the others keep theirs only as waiting for confirmation, which then says it is in use."""
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    Profile = apps.get_model("recovery", "Profile")
    seen = set()
    for user in User.objects.exclude(email="").order_by("date_joined", "pk"):
        key = user.email.lower()
        if key in seen:
            Profile.objects.filter(user_id=user.pk).update(pending_email=user.email)
            User.objects.filter(pk=user.pk).update(email="")
        seen.add(key)


def one_account_per_email(apps, schema_editor):
    # Django's own user table cannot take a constraint from its Meta here, so the index is
    # made by hand, in the same spelling on SQLite and PostgreSQL.
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    table = schema_editor.quote_name(User._meta.db_table)
    schema_editor.execute(
        f"CREATE UNIQUE INDEX {INDEX} ON {table} (LOWER(email)) WHERE email <> ''"
    )


def drop_index(apps, schema_editor):
    schema_editor.execute(f"DROP INDEX {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("recovery", "0004_dates_in_calendar"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="profile",
            name="pending_email",
            field=models.EmailField(
                blank=True, max_length=254, verbose_name="email waiting for confirmation"
            ),
        ),
        migrations.RunPython(move_duplicate_addresses_aside, migrations.RunPython.noop),
        migrations.RunPython(one_account_per_email, drop_index),
    ]
