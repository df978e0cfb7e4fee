from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExpertiseConfig(AppConfig):
    """Judicial expertise: the roster of experts and expertise bodies by field, and the
    expertise requests from judicial bodies, whose clocks are the law engine's."""

    name = "congminh.apps.expertise"
    verbose_name = _("Judicial expertise")
    label = "expertise"
    default_auto_field = "django.db.models.BigAutoField"
