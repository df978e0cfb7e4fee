"""The event vocabulary of a case's log, as the app reads it (CONTRACTS.md section 1).

Compatibility names only: the one catalogue is `congminh.core.law.events` (each event's
Vietnamese label, the stage the case enters, its fields and allowed values, what must
come before it and what it does). Import from there in new code.
"""

from __future__ import annotations

from congminh.core.law.events import (
    BOOL_FIELDS,
    COMMON_FIELDS,
    EVENT_TYPES,
    INT_FIELDS,
    LIST_FIELDS,
    PROCEDURE_ORDER,
    STAGES,
    YES_NO,
    EventType,
    allowed_for,
    data_problems,
    event_type,
    parse_details,
    typed_detail,
)

PROCEDURES = PROCEDURE_ORDER
COURT_PROCEDURES = tuple(p for p in PROCEDURE_ORDER if p != "enforcement")

__all__ = [
    "BOOL_FIELDS",
    "COMMON_FIELDS",
    "COURT_PROCEDURES",
    "EVENT_TYPES",
    "INT_FIELDS",
    "LIST_FIELDS",
    "PROCEDURES",
    "STAGES",
    "YES_NO",
    "EventType",
    "allowed_for",
    "data_problems",
    "event_type",
    "parse_details",
    "typed_detail",
]
