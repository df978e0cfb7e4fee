from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _ensure_db_objects(sender: Any, using: str = "default", **kwargs: Any) -> None:
    from django.db import connections

    from congminh.apps.cases.dbobjects import ensure

    ensure(connections[using])


class CasesConfig(AppConfig):
    name = "congminh.apps.cases"
    verbose_name = _("Cases and events")
    label = "cases"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        post_migrate.connect(_ensure_db_objects, sender=self, dispatch_uid="cases-db-objects")
