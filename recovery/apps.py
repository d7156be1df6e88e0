from django.apps import AppConfig


class RecoveryConfig(AppConfig):
    name = "recovery"
    verbose_name = "Recovery"

    def ready(self):
        from . import freshness, signals  # noqa: F401

        freshness.connect()
