from django.apps import AppConfig


class LawConfig(AppConfig):
    """The law as a lawyer reads it: the rule files the engine computes with (read only)."""

    name = "congminh.apps.law"
    label = "law"
    default_auto_field = "django.db.models.BigAutoField"
