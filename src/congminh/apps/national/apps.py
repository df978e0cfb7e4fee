from django.apps import AppConfig


class NationalConfig(AppConfig):
    """The national screens: a national deployment reading `congminh national evaluate`'s
    results (`CONGMINH_NATIONAL_RESULTS`), never a province's case records."""

    name = "congminh.apps.national"
    label = "national"
    default_auto_field = "django.db.models.BigAutoField"
