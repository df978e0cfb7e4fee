from django.apps import AppConfig


class QualityConfig(AppConfig):
    """Judgment quality (directive point 2): first-instance judgments upheld, amended or
    annulled on review and why, returns for supplementary investigation, and the cases
    flagged for signs of wrongful conviction. Read only: everything comes from the events."""

    name = "congminh.apps.quality"
    label = "quality"
    default_auto_field = "django.db.models.BigAutoField"
