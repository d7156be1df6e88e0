"""What the data migrations that add a catalog share: the Curators group's rights to it.
(The migration loader skips modules whose names start with an underscore.)"""

from django.contrib.auth.management import create_permissions


def give_curators(apps, codenames):
    # Permissions are normally created after all migrations have run; make them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    curators = apps.get_model("auth", "Group").objects.filter(name="Curators").first()
    if curators is None:
        return
    Permission = apps.get_model("auth", "Permission")
    curators.permissions.add(
        *Permission.objects.filter(content_type__app_label="recovery", codename__in=codenames)
    )
