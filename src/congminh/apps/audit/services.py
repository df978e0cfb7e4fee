"""Recording changes. Every service that changes a case, a deadline or a task calls
`audit_record` inside its transaction, so a change and its trail commit together."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import models

from congminh.apps.audit.models import AuditEntry


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, float, str, list, dict)):
        return value
    if isinstance(value, models.Model):
        return str(value.pk)
    return str(value)


def audit_record(
    *,
    actor: Any,
    action: str,
    obj: models.Model,
    changes: Mapping[str, tuple[Any, Any]] | None = None,
    case_id: int | None = None,
    note: str = "",
) -> list[AuditEntry]:
    """Store one entry per changed field (or one entry when nothing field-level changed)."""
    actor_obj = actor if getattr(actor, "pk", None) else None
    base = {
        "actor": actor_obj,
        "action": action,
        "object_type": obj._meta.label_lower,
        "object_id": str(obj.pk),
        "case_id": case_id,
        "note": note[:255],
    }
    items: Iterable[tuple[str, tuple[Any, Any]]] = (changes or {}).items()
    entries = [
        AuditEntry(field=field, old_value=_jsonable(old), new_value=_jsonable(new), **base)
        for field, (old, new) in items
    ] or [AuditEntry(**base)]
    return AuditEntry.objects.bulk_create(entries)
