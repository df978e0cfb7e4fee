from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvidenceConfig(AppConfig):
    """Evidence requests (yêu cầu cung cấp tài liệu, chứng cứ) from a court, the Procuracy or
    an investigation body to a People's Committee, department or other holder; their clocks
    are the law engine's (BLTTDS Đ.106, Luật TTHC Đ.93)."""

    name = "congminh.apps.evidence"
    verbose_name = _("Evidence requests")
    label = "evidence"
    default_auto_field = "django.db.models.BigAutoField"
