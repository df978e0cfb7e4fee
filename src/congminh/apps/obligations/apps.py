from django.apps import AppConfig


class ObligationsConfig(AppConfig):
    name = "congminh.apps.obligations"
    label = "obligations"
    default_auto_field = "django.db.models.BigAutoField"
