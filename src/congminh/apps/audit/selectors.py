from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.db.models import Max, QuerySet

from congminh.apps.audit.models import AuditEntry
from congminh.apps.audit.services import entry_hash

# Fields of a row in the order the chain hashes them (`services._COLUMNS` minus hashes).
_HASHED = ("at", "actor_id", "actor_name", "action", "object_type", "object_id", "case_id",
           "field", "old_value", "new_value", "note")


def audit_for_case(*, case_id: int) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(case_id=case_id)


def audit_last_id(*, case_id: int) -> int:
    """The id of the case's newest audit entry (0: none). The trail is append-only and
    every change made through the services is in it, those no data version counts too (a
    number claim decided, `cases.claims`): what a case page is cached under besides them."""
    return int(AuditEntry.objects.filter(case_id=case_id).aggregate(last=Max("id"))["last"] or 0)


def chain_first_break(*, chunk_size: int = 2000) -> int | None:
    """The id of the first row whose hash or link to the row before it does not match,
    walking the chain in id order in bounded memory; None when the chain is whole."""
    prev = ""
    rows = AuditEntry.objects.order_by("id").values_list("id", "prev_hash", "hash", *_HASHED)
    for pk, prev_hash, digest, *fields in rows.iterator(chunk_size=chunk_size):
        if prev_hash != prev or entry_hash(prev, fields) != digest:
            return int(pk)
        prev = digest
    return None


# --- an object's fields as they were at an instant -------------------------------------------


def as_text(value: Any) -> str:
    """An audited text or code as it was ("" for none)."""
    return "" if value is None else str(value)


def as_date(value: Any) -> dt.date | None:
    """An audited date (stored as ISO text) as it was."""
    return dt.date.fromisoformat(str(value)[:10]) if value not in (None, "") else None


def as_bool(value: Any) -> bool:
    """An audited flag as it was (a change from «not set» reads as False)."""
    return bool(value)


def as_id(value: Any) -> int | None:
    """An audited foreign key (its primary key) as it was."""
    return int(value) if value not in (None, "") else None


def rewind(rows: Iterable[Any], *, object_type: str,
           fields: Mapping[str, Callable[[Any], Any]], instant: dt.datetime) -> None:
    """Put back in each row (a dict with its object's "id", as `.values()` gives it) the
    value each of `fields` had at `instant`: the old value of its first audited change
    after the instant, read through the field's converter; a field not changed since keeps
    its value now. Every service audits its changes (`audit.services.audit_record`), so
    the trail after the instant holds each value that was replaced; a value set at the
    object's creation after the instant rewinds to «not set»."""
    by_id = {str(row["id"]): row for row in rows}
    if not by_id:
        return
    later = (AuditEntry.objects.filter(object_type=object_type, field__in=list(fields),
                                       at__gt=instant)
             .order_by("at", "id").values_list("object_id", "field", "old_value"))
    seen: set[tuple[str, str]] = set()
    for object_id, field, old in later.iterator(chunk_size=2000):
        row = by_id.get(object_id)
        if row is None or (object_id, field) in seen:
            continue
        seen.add((object_id, field))
        row[field] = fields[field](old)
