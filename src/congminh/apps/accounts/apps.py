from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "congminh.apps.accounts"
    label = "accounts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from congminh.apps.accounts import signals

        signals.connect()
