"""The request's audit trail in words a person reads: field names and coded values in
Vietnamese (through the model's own labels), dates as dd/mm/yyyy."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext_lazy

from congminh.apps.evidence.models import EvidenceRequest, RequestState

STATES = {str(k): str(v) for k, v in RequestState.choices}
ACTIONS = {
    "evidence_send": gettext_lazy("Request sent"),
    "evidence_reply_complete": gettext_lazy("Complete reply"),
    "evidence_reply_partial": gettext_lazy("Partial reply"),
    "evidence_reply_refusal": gettext_lazy("Written refusal"),
    "evidence_withdraw": gettext_lazy("Withdrawn"),
}


def _label(field: str) -> str:
    if field == "date":
        return str(gettext_lazy("Date"))
    try:
        found: Any = EvidenceRequest._meta.get_field(field)
        return str(found.verbose_name)
    except FieldDoesNotExist:
        return field


def _value(field: str, value: Any) -> str:
    if value is None or value == "":
        return "—"
    if field == "state":
        return str(RequestState(value).label) if value in RequestState.values else str(value)
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return dt.date.fromisoformat(value).strftime("%d/%m/%Y")
        except ValueError:
            return value
    return str(value)


def history_rows(entries: Iterable[Any]) -> list[dict[str, Any]]:
    return [{
        "at": e.at, "actor": e.actor.username if e.actor else "",
        "action": str(ACTIONS.get(e.action, e.action)),
        "field": _label(e.field) if e.field else "",
        "old": _value(e.field, e.old_value), "new": _value(e.field, e.new_value), "note": e.note,
    } for e in entries]
