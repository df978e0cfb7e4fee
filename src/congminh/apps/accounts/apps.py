from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "congminh.apps.accounts"
    label = "accounts"
    verbose_name = _("User accounts")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from congminh.apps.accounts import signals

        signals.connect()
