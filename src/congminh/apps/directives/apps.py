from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectivesConfig(AppConfig):
    name = "congminh.apps.directives"
    label = "directives"
    verbose_name = _("Directives and tasks")
    default_auto_field = "django.db.models.BigAutoField"
