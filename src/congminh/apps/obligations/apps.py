from django.apps import AppConfig


class ObligationsConfig(AppConfig):
    name = "congminh.apps.obligations"
    label = "obligations"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Recompute a case's clocks whenever its events change.
        from congminh.apps.obligations import receivers  # noqa: F401
