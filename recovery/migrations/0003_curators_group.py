"""The "Curators" group: may add, change and view the catalogs, nothing else.

No delete permission: a curator retires an item by deactivating it, and the
admin's delete screen would list the patients' rows that point at it.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CATALOG_MODELS = ["magnesiumform", "exercise", "food", "habit", "cosupplement", "timelinephase"]
ACTIONS = ["add", "change", "view"]


def add_curators(apps, schema_editor):
    # Permissions are normally created after all migrations have run; make them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    curators, _ = Group.objects.get_or_create(name="Curators")
    codenames = [f"{action}_{model}" for model in CATALOG_MODELS for action in ACTIONS]
    curators.permissions.add(
        *Permission.objects.filter(content_type__app_label="recovery", codename__in=codenames)
    )


def remove_curators(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Curators").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("recovery", "0002_starting_catalog"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(add_curators, remove_curators)]
