"""The complaint's audit trail in words a person reads: field names and coded values in
Vietnamese (the model's own labels), dates as dd/mm/yyyy."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext_lazy

from congminh.apps.complaints.models import (
    Against,
    Complaint,
    ComplaintKind,
    ComplaintStatus,
    Level,
    Outcome,
)

CHOICES: dict[str, dict[str, str]] = {
    "status": {str(k): str(v) for k, v in ComplaintStatus.choices},
    "outcome": {str(k): str(v) for k, v in Outcome.choices},
    "against": {str(k): str(v) for k, v in Against.choices},
    "kind": {str(k): str(v) for k, v in ComplaintKind.choices},
    "level": {str(k): str(v) for k, v in Level.choices},
}
ACTIONS = {
    "complaint_receive": gettext_lazy("Received"),
    "complaint_extend": gettext_lazy("Extended"),
    "complaint_resolve": gettext_lazy("Resolved"),
}


def _label(field: str) -> str:
    try:
        found: Any = Complaint._meta.get_field(field)
        return str(found.verbose_name)
    except FieldDoesNotExist:
        return field


def _value(field: str, value: Any) -> str:
    if value is None or value == "":
        return "—"
    if field in CHOICES:
        return CHOICES[field].get(str(value), str(value))
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
        "old": _value(e.field, e.old_value), "new": _value(e.field, e.new_value),
    } for e in entries]
