from typing import Any

from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "congminh.apps.accounts"
    label = "accounts"
    verbose_name = _("User accounts")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from congminh.apps.accounts import signals

        signals.connect()
        name_third_party_sections()


# The admin index lists the sections of the libraries we use with their own English names
# (django-axes, django-otp, DRF tokens ship no Vietnamese): named here, once.
THIRD_PARTY_SECTIONS: dict[str, tuple[Any, dict[str, Any]]] = {
    "authtoken": (_("API access tokens"), {"token": _("API access tokens"),
                                           "tokenproxy": _("API access tokens")}),
    "axes": (_("Login lockout"), {"accessattempt": _("Failed login attempts"),
                                  "accessfailurelog": _("Failed logins"),
                                  "accesslog": _("Logins")}),
    "otp_totp": (_("Two-factor authentication"), {"totpdevice": _("Authenticator devices (TOTP)")}),
}


def name_third_party_sections() -> None:
    for label, (section, plurals) in THIRD_PARTY_SECTIONS.items():
        try:
            config = apps.get_app_config(label)
        except LookupError:  # a deployment without that library
            continue
        config.verbose_name = section
        for model in config.get_models():
            plural = plurals.get(model._meta.model_name or "")
            if plural is not None:
                model._meta.verbose_name_plural = plural
