from __future__ import annotations

from django.db.models import QuerySet

from congminh.apps.audit.models import AuditEntry
from congminh.apps.audit.services import entry_hash

# Fields of a row in the order the chain hashes them (`services._COLUMNS` minus hashes).
_HASHED = ("at", "actor_id", "actor_name", "action", "object_type", "object_id", "case_id",
           "field", "old_value", "new_value", "note")


def audit_for_case(*, case_id: int) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(case_id=case_id)


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
