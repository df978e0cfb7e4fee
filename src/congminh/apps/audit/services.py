"""Recording changes. Every service that changes a case, a deadline or a task calls
`audit_record` inside its transaction, so a change and its trail commit together.

Every audit row, whichever path writes it (`audit_record`, `AuditEntry.objects.create`
or `bulk_create`, the importer's batches), goes through `audit_append`: it takes the
chain's lock, reads the last hash and chains the batch in Python (O(rows), one lock and
one read per batch), then inserts it with multi-row INSERTs.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, NamedTuple

from django.db import connection, models, transaction
from django.utils import timezone

from congminh.apps.audit.models import AuditEntry
from congminh.sql import insert_rows

# pg_advisory_xact_lock key of the audit chain (any constant unique in the database).
CHAIN_LOCK_KEY = 7_240_512_001

_COLUMNS = ("at", "actor_id", "actor_name", "action", "object_type", "object_id", "case_id",
            "field", "old_value", "new_value", "note", "prev_hash", "hash")
_LIMITS = {"actor_name": 255, "action": 32, "object_type": 64, "object_id": 64, "field": 64,
           "note": 255}


class AuditRow(NamedTuple):
    """One entry in plain values, as the importer builds them (no model instances)."""

    at: dt.datetime
    actor_id: int | None
    action: str
    object_type: str
    object_id: str
    case_id: int | None
    field: str
    old_value: Any
    new_value: Any
    note: str
    actor_name: str | None = None  # None: looked up from actor_id


def actor_label(user: Any) -> str:
    """How an actor is named in the trail, kept on the row: "login — full name"."""
    if user is None or not getattr(user, "pk", None):
        return ""
    full = user.get_full_name() if hasattr(user, "get_full_name") else ""
    return f"{user.username} — {full}" if full else str(user.username)


# --- the chain ---------------------------------------------------------------------------


def _utc_iso(at: dt.datetime) -> str:
    if timezone.is_naive(at):
        at = timezone.make_aware(at)
    return at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


_SCALARS = (str, int, float, bool, type(None))


def _plain_json(value: Any) -> Any:
    """The value as it reads back from the database (tuples as lists, keys as strings)."""
    if isinstance(value, dict) and all(
        type(k) is str and type(v) in _SCALARS for k, v in value.items()
    ):
        return value  # the common case (an event's type, date and details): as is
    if isinstance(value, (dict, list, tuple)):
        return json.loads(json.dumps(value))
    return value


# One encoder for every row: json.dumps with options builds a new one per call.
_encode = json.JSONEncoder(sort_keys=True, separators=(",", ":")).encode


def entry_hash(prev_hash: str, fields: Sequence[Any]) -> str:
    """SHA-256 over the previous hash and a canonical JSON of the row's fields
    (`_COLUMNS` without the hashes: at in UTC ISO-8601 with microseconds, then the
    values as stored). This format is the chain's contract: changing it breaks the
    verification of every stored row (migration 0002 holds a frozen copy)."""
    return _digest(prev_hash, _utc_iso(fields[0]), fields[1:])


def _digest(prev_hash: str, stamp: str, rest: Sequence[Any]) -> str:
    payload = _encode([stamp, *rest])
    return hashlib.sha256((prev_hash + payload).encode("ascii")).hexdigest()


def _normalised(row: AuditRow, names: Mapping[int, str]) -> list[Any]:
    """The row's values as the database will give them back."""
    actor_name = row.actor_name if row.actor_name is not None else names.get(row.actor_id or 0, "")
    at = row.at if row.at is not None else timezone.now()
    if timezone.is_naive(at):
        at = timezone.make_aware(at)
    return [at, int(row.actor_id) if row.actor_id else None, _text(actor_name, "actor_name"),
            _text(row.action, "action"), _text(row.object_type, "object_type"),
            _text(row.object_id, "object_id"), int(row.case_id) if row.case_id is not None else None,
            _text(row.field, "field"), _plain_json(row.old_value), _plain_json(row.new_value),
            _text(row.note, "note")]


def _text(value: Any, name: str) -> str:
    return (value if type(value) is str else str(value or ""))[:_LIMITS[name]]


def _actor_names(rows: Sequence[AuditRow]) -> dict[int, str]:
    from django.contrib.auth import get_user_model

    wanted = {r.actor_id for r in rows if r.actor_id and r.actor_name is None}
    if not wanted:
        return {}
    return {u.pk: actor_label(u) for u in get_user_model().objects.filter(pk__in=wanted).only(
        "id", "username", "first_name", "last_name")}


def _last_hash(cursor: Any) -> str:
    table = connection.ops.quote_name(AuditEntry._meta.db_table)
    cursor.execute(f"SELECT hash FROM {table} ORDER BY id DESC LIMIT 1")  # noqa: S608 (a table name)
    found = cursor.fetchone()
    return str(found[0]) if found else ""


def audit_append(rows: Sequence[AuditRow | tuple[Any, ...]], *, returning: bool = False) -> list[int]:
    """Append `rows` to the audit chain; the new ids in row order when `returning`.

    The one place audit rows are written. The chain must stay linear: on PostgreSQL a
    transaction-scoped advisory lock serialises appenders until their commit; SQLite
    serialises writers itself (transactions begin IMMEDIATE)."""
    return _append(rows, returning)[0]


def _append(
    rows: Sequence[AuditRow | tuple[Any, ...]], returning: bool
) -> tuple[list[int], list[tuple[Any, ...]]]:
    """`audit_append`, also giving back each row as stored (`_COLUMNS` order)."""
    if not rows:
        return [], []
    batch = [r if isinstance(r, AuditRow) else AuditRow(*r) for r in rows]
    names = _actor_names(batch)
    normalised = [_normalised(r, names) for r in batch]
    ops = connection.ops
    # No savepoint of its own: a failed append fails the change it records.
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK_KEY])
        prev = _last_hash(cursor)
        # Rows of one batch mostly share one time: adapt and format it once.
        adapted_at: dict[dt.datetime, tuple[Any, str]] = {}
        stored, params_rows = [], []
        for fields in normalised:
            at = fields[0]
            if at not in adapted_at:
                adapted_at[at] = (ops.adapt_datetimefield_value(at), _utc_iso(at))
            digest = _digest(prev, adapted_at[at][1], fields[1:])
            old, new = (None if v is None else ops.adapt_json_value(v, None) for v in fields[8:10])
            params_rows.append((adapted_at[at][0], *fields[1:8], old, new, fields[10], prev, digest))
            stored.append((*fields, prev, digest))
            prev = digest
        return insert_rows(cursor, AuditEntry._meta.db_table, _COLUMNS, params_rows, returning), stored


def audit_append_entries(entries: list[AuditEntry]) -> list[AuditEntry]:
    """Append unsaved `AuditEntry` instances; they come back saved, with ids and hashes."""
    if any(e.pk is not None for e in entries):
        from congminh.apps.audit.models import AppendOnlyError

        raise AppendOnlyError("The audit trail is append-only: entries are never updated.")
    rows = [AuditRow(
        at=e.at, actor_id=e.actor_id, action=e.action, object_type=e.object_type,
        object_id=e.object_id, case_id=e.case_id, field=e.field, old_value=e.old_value,
        new_value=e.new_value, note=e.note,
        actor_name=e.actor_name or (actor_label(e.actor) if e.actor_id and _actor_cached(e) else None),
    ) for e in entries]
    ids, stored = _append(rows, returning=True)
    for entry, pk, values in zip(entries, ids, stored, strict=True):
        for name, value in zip(_COLUMNS, values, strict=True):
            setattr(entry, name, value)
        entry.pk = pk
        entry._state.adding = False
        entry._state.db = "default"
    return entries


def _actor_cached(entry: AuditEntry) -> bool:
    return bool(AuditEntry.actor.is_cached(entry))


# --- recording changes -------------------------------------------------------------------


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, float, str, list, dict)):
        return value
    if isinstance(value, models.Model):
        return str(value.pk)
    return str(value)


def audit_record(*, actor: Any, action: str, obj: models.Model,
                 changes: Mapping[str, tuple[Any, Any]] | None = None, case_id: int | None = None,
                 note: str = "") -> list[AuditEntry]:
    """Store one entry per changed field (or one entry when nothing field-level changed)."""
    return audit_append_entries(audit_entries(actor=actor, action=action, obj=obj,
                                              changes=changes, case_id=case_id, note=note))


def audit_entries(
    *,
    actor: Any,
    action: str,
    obj: models.Model,
    changes: Mapping[str, tuple[Any, Any]] | None = None,
    case_id: int | None = None,
    note: str = "",
) -> list[AuditEntry]:
    """`audit_record`'s entries, unsaved: a bulk writer appends many objects' at once
    (`AuditEntry.objects.bulk_create`, one chain lock a batch)."""
    actor_obj = actor if getattr(actor, "pk", None) else None
    base = {
        "actor": actor_obj,
        "actor_name": actor_label(actor_obj),
        "action": action,
        "object_type": obj._meta.label_lower,
        "object_id": "" if obj.pk is None else str(obj.pk),
        "case_id": case_id,
        "note": note[:255],
    }
    items: Iterable[tuple[str, tuple[Any, Any]]] = (changes or {}).items()
    return [
        AuditEntry(field=field, old_value=_jsonable(old), new_value=_jsonable(new), **base)
        for field, (old, new) in items
    ] or [AuditEntry(**base)]
