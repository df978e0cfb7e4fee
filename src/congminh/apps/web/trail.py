"""An object's audit trail in words a person reads: the step's name, field names and coded
values in Vietnamese (through the model's own labels), dates as dd/mm/yyyy. One `Trail`
per kind of object (expertise and evidence requests, complaints), drawn by
`web/_history.html`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext as _

from congminh.apps.audit.models import AuditEntry

HISTORY_LIMIT = 100


def _iso_date(value: str) -> str:
    """"2026-03-01" as 01/03/2026; any other text as it is."""
    if len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return dt.date.fromisoformat(value).strftime("%d/%m/%Y")
        except ValueError:
            return value
    return value


@dataclass(frozen=True)
class Trail:
    model: type[models.Model]
    actions: Mapping[str, Any]                                  # audit action -> step's name
    choices: Mapping[str, type[models.Choices]] = field(default_factory=dict)  # field -> its codes
    labels: Mapping[str, Any] = field(default_factory=dict)     # names of fields the model lacks
    values: Mapping[str, Callable[[Any], str]] = field(default_factory=dict)  # field -> its words

    def label(self, name: str) -> str:
        if name in self.labels:
            return str(self.labels[name])
        try:
            found: Any = self.model._meta.get_field(name)
        except FieldDoesNotExist:
            return name
        return str(found.verbose_name)

    def value(self, name: str, value: Any) -> str:
        if value is None or value == "":
            return "—"
        if isinstance(value, bool):
            return _("yes") if value else _("no")
        if name in self.choices:
            labels = dict(self.choices[name].choices)
            return str(labels.get(value, value))
        if name in self.values:
            return self.values[name](value)
        return _iso_date(value) if isinstance(value, str) else str(value)

    def rows(self, entries: Iterable[Any]) -> list[dict[str, Any]]:
        return [{
            "at": e.at, "actor": e.actor_name,
            "action": str(self.actions.get(e.action, e.action)),
            "field": self.label(e.field) if e.field else "",
            "old": self.value(e.field, e.old_value), "new": self.value(e.field, e.new_value),
            "note": e.note,
        } for e in entries]

    def history(self, obj: models.Model) -> list[dict[str, Any]]:
        """The latest entries of `obj`'s trail, as rows."""
        entries = AuditEntry.objects.filter(object_type=self.model._meta.label_lower,
                                            object_id=str(obj.pk)).select_related("actor")
        return self.rows(entries[:HISTORY_LIMIT])
