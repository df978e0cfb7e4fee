from django.apps import AppConfig


class ComplaintsConfig(AppConfig):
    """Complaints and denunciations in judicial activity (khiếu nại, tố cáo trong hoạt động
    tư pháp): intake, the body that must resolve each, its clock (the law engine's), the
    outcome and the escalation to the second level."""

    name = "congminh.apps.complaints"
    label = "complaints"
    default_auto_field = "django.db.models.BigAutoField"
