from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _ensure_triggers(sender: Any, using: str = "default", **kwargs: Any) -> None:
    from django.db import connections

    from congminh.apps.audit.triggers import ensure_triggers

    ensure_triggers(connections[using])


class AuditConfig(AppConfig):
    name = "congminh.apps.audit"
    label = "audit"
    verbose_name = _("Audit trail")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        post_migrate.connect(_ensure_triggers, sender=self, dispatch_uid="audit-triggers")
