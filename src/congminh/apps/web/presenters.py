"""Shape case data for the screens: dashboard tables, the event timeline, the audit trail.

Pure formatting over what the selectors return; no queries that bypass the user's scope.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from congminh.apps.audit.models import AuditEntry
from congminh.apps.cases.models import Case, CaseEvent, Procedure, Stage, Status
from congminh.apps.organisations.models import Organisation
from congminh.core.case_events import EVENT_TYPES

FLAG_LABELS: dict[str, Promise] = {
    "backlog": _("Backlog"),
    "prolonged": _("Prolonged"),
    "suspended_ground_ended": _("Suspended though its ground has ended"),
    "extension_request_due": _("Extension request due"),
    "public_concern": _("Strong public concern"),
    "wrongful_conviction_signs": _("Signs of wrongful conviction"),
}

DETAIL_LABELS: dict[str, Promise] = {
    "months": _("Months"),
    "days": _("Days"),
    "ground": _("Ground"),
    "by": _("Returned by"),
    "court": _("Appellate court"),
    "able": _("Able to pay"),
    "reason": _("Reason"),
    "person": _("Person"),
    "linked_request": _("Linked request"),
}

DETAIL_VALUES: dict[tuple[str, Any], Promise] = {
    ("by", "procuracy"): _("Procuracy"),
    ("by", "court"): _("Court"),
    ("court", "provincial"): _("Provincial court"),
    ("court", "supreme_appellate"): _("Appellate Court of the Supreme People's Court"),
    ("able", True): _("Able"),
    ("able", False): _("Unable"),
}

ACTION_LABELS: dict[str, Promise] = {
    "create": _("Created the case"),
    "update": _("Changed the case"),
    "add_number": _("Added a case number"),
    "add_party": _("Added a party"),
    "add_event": _("Recorded an event"),
    "correct_event": _("Corrected an event"),
    "recompute": _("Recomputed the deadlines"),
}


def event_label(code: str) -> str:
    et = EVENT_TYPES.get(code)
    return et.label_vi if et else code


def event_details(data: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(label, value) pairs for an event's optional details, in display order."""
    pairs = []
    for key, value in data.items():
        shown = DETAIL_VALUES.get((key, value))
        pairs.append((str(DETAIL_LABELS.get(key, key)), str(shown if shown else value)))
    return pairs


@dataclass
class TimelineRow:
    event: CaseEvent
    label: str
    details: list[tuple[str, str]]
    corrected_by: CaseEvent | None = None
    corrects: CaseEvent | None = None


def timeline(events: Iterable[CaseEvent]) -> list[TimelineRow]:
    """Every event in date order; a superseded one knows the correction that replaced it."""
    rows = list(events)
    corrections = {e.supersedes_id: e for e in rows if e.supersedes_id}
    return [
        TimelineRow(
            event=e, label=event_label(e.type), details=event_details(e.data),
            corrected_by=corrections.get(e.pk), corrects=e.supersedes,
        )
        for e in rows
    ]


def audit_rows(entries: Iterable[AuditEntry]) -> list[dict[str, Any]]:
    entries = list(entries)
    # The holding body is stored by id; people read its name.
    ids = {v for e in entries if e.field == "holder" for v in (e.old_value, e.new_value)
           if isinstance(v, int) or (isinstance(v, str) and v.isdigit())}
    names = {str(pk): o.name for pk, o in Organisation.objects.in_bulk([int(i) for i in ids]).items()}

    def text(e: AuditEntry, value: Any) -> str:
        if e.field == "holder" and value is not None:
            return names.get(str(value), str(value))
        return _value_text(value)

    return [
        {
            "entry": e,
            "action": ACTION_LABELS.get(e.action, e.action),
            "field": _field_label(e.field),
            "old": text(e, e.old_value),
            "new": text(e, e.new_value),
        }
        for e in entries
    ]


def _field_label(name: str) -> str:
    """A case field's Vietnamese name; other names (e.g. a rule's due date) as stored."""
    try:
        field = Case._meta.get_field(name)
    except FieldDoesNotExist:
        return name
    return str(getattr(field, "verbose_name", name))


def _value_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    if isinstance(value, dict):
        value = dict(value)
        label = event_label(str(value.pop("type", "")))
        rest = ", ".join(f"{k}={v}" for k, v in value.items())
        return f"{label} ({rest})" if rest else label
    return str(value)


@dataclass
class StageTable:
    """Case counts by stage (rows) and procedure (columns), with totals."""

    procedures: list[tuple[str, str]]
    rows: list[dict[str, Any]] = field(default_factory=list)
    totals: list[int] = field(default_factory=list)


def stage_table(by_stage: Sequence[Mapping[str, Any]]) -> StageTable:
    present = {r["procedure"] for r in by_stage}
    procedures = [(p.value, str(p.label)) for p in Procedure if p.value in present]
    cells = {(r["procedure"], r["stage"] or ""): r["n"] for r in by_stage}
    stages = [(s.value, str(s.label)) for s in Stage]
    if any(stage == "" for _p, stage in cells):
        stages.append(("", str(_("No event yet"))))
    table = StageTable(procedures=procedures)
    for code, label in stages:
        counts = [cells.get((p, code), 0) for p, _l in procedures]
        if any(counts):
            table.rows.append({"stage": code, "label": label, "counts": counts, "total": sum(counts)})
    table.totals = [sum(r["counts"][i] for r in table.rows) for i in range(len(procedures))]
    return table


def status_totals(by_status: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Counts per status over every procedure; empty when no case has a status yet."""
    totals: dict[str, int] = {}
    for r in by_status:
        if r["status"]:
            totals[r["status"]] = totals.get(r["status"], 0) + r["n"]
    return [
        {"status": s.value, "label": str(s.label), "n": totals[s.value]}
        for s in Status
        if s.value in totals
    ]
