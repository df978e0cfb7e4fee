"""The request's audit trail in words a person reads: field names and coded values in
Vietnamese (through the model's own labels), dates as dd/mm/yyyy."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from congminh.apps.expertise.models import (
    ExpertiseField,
    ExpertiseKind,
    ExpertiseRequest,
    RefusalReason,
    RequestState,
)

CHOICES: dict[str, dict[str, str]] = {
    "state": {str(k): str(v) for k, v in RequestState.choices},
    "refusal_reason": {str(k): str(v) for k, v in RefusalReason.choices},
    "expertise_kind": {str(k): str(v) for k, v in ExpertiseKind.choices},
}
ACTIONS = {
    "expertise_create": gettext_lazy("Decision recorded"),
    "expertise_send": gettext_lazy("Received with the full file"),
    "expertise_documents_request": gettext_lazy("Extra documents asked for"),
    "expertise_documents_receive": gettext_lazy("Extra documents received"),
    "expertise_extend": gettext_lazy("Extended"),
    "expertise_refuse": gettext_lazy("Refused"),
    "expertise_conclude": gettext_lazy("Conclusion delivered"),
}


def _label(field: str) -> str:
    try:
        found: Any = ExpertiseRequest._meta.get_field(field)
        return str(found.verbose_name)
    except FieldDoesNotExist:
        return field


def _value(field: str, value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if field in CHOICES:
        return CHOICES[field].get(str(value), str(value))
    if field == "field":
        return str(ExpertiseField.objects.filter(code=value).values_list("name", flat=True).first() or value)
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
        "note": e.note,
    } for e in entries]
