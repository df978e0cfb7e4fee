from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "congminh.apps.audit"
    label = "audit"
    default_auto_field = "django.db.models.BigAutoField"
