from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _ensure_db_objects(sender: Any, using: str = "default", **kwargs: Any) -> None:
    from django.db import connections

    from congminh.apps.cases.dbobjects import ensure

    ensure(connections[using])


class CasesConfig(AppConfig):
    name = "congminh.apps.cases"
    label = "cases"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        post_migrate.connect(_ensure_db_objects, sender=self, dispatch_uid="cases-db-objects")
