from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    """Complaints and denunciations in judicial activity (khiếu nại, tố cáo trong hoạt động
    tư pháp): intake, the body that must resolve each, its clock (the law engine's), the
    outcome and the escalation to the second level."""

    name = "congminh.apps.complaints"
    verbose_name = _("Complaints and denunciations")
    label = "complaints"
    default_auto_field = "django.db.models.BigAutoField"
