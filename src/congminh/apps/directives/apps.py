from django.apps import AppConfig


class DirectivesConfig(AppConfig):
    name = "congminh.apps.directives"
    label = "directives"
    default_auto_field = "django.db.models.BigAutoField"
