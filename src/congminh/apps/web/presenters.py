"""Shape case data for the screens: dashboard tables, the event timeline, the parties, the
audit trail.

Pure formatting over what the selectors return; no queries that bypass the user's scope.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any
from urllib.parse import urlencode

from django.apps import apps as django_apps
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Q, QuerySet
from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from congminh.apps.audit.models import AuditEntry
from congminh.apps.cases.models import (
    Case,
    CaseEvent,
    CaseKind,
    Category,
    EventSource,
    Party,
    PartyRole,
    Procedure,
    Stage,
    Status,
)
from congminh.apps.law import presenters as law_presenters
from congminh.apps.organisations.models import Organisation
from congminh.apps.web.bodies import cached_body_entries
from congminh.core import statuses
from congminh.core.case_events import EVENT_TYPES
from congminh.core.law.events import event_label
from congminh.core.law.rules import default_rules
from congminh.core.party_roles import party_role_label

FLAG_LABELS = statuses.FLAG_LABELS  # one vocabulary (core/statuses.py)

DETAIL_LABELS: dict[str, Promise] = {
    "months": _("Months"),
    "days": _("Days"),
    "ground": _("Ground"),
    "ground_ref": _("Legal ground"),
    "by": _("Returned by"),
    "court": _("Appellate court"),
    "able": _("Able to pay"),
    "reason": _("Reason"),
    "person": _("Person"),
    "ref": _("Request or decision number"),
    "linked_request": _("Linked request"),
    "expertise_kind": _("Kind of expertise"),
    "expertise_field": _("Field of expertise"),
    "expertise_matter": _("Kind of matter with its own time limit"),
    "complex": _("Complex"),
    "against": _("Complaint against"),
    "level": _("Level"),
    "at": _("Returned at"),
    "absent": _("Absent at the pronouncement"),
    "custody_stage": _("Custody for"),
    "category": _("Category"),
    "national_security": _("National security"),
    "prosecutor_absent": _("No prosecutor at the hearing"),
    "simplified_procedure": _("Case resolved under the simplified procedure"),
    "foreign_element": _("Case with a foreign element"),
    "reverify_yearly": _("Prisoner with 2+ years left or address unknown"),
    "decision": _("Decision"),
    "outcome": _("Outcome"),
    "fault": _("Fault"),
    "review": _("Review level"),
    "presiding_judge": _("Presiding judge"),
}

DETAIL_VALUES: dict[tuple[str, Any], Promise] = {
    ("by", "procuracy"): _("Procuracy"),
    ("by", "court"): _("Court"),
    ("court", "provincial"): _("Provincial court"),
    ("court", "supreme_appellate"): _("Appellate Court of the Supreme People's Court"),
    ("able", True): _("Able"),
    ("able", False): _("Unable"),
    ("ground", "expertise"): _("Waiting for an expert opinion"),
    ("ground", "evidence"): _("Waiting for requested evidence"),
    ("expertise_kind", "mental_state"): _("Mental state"),
    ("expertise_kind", "cause_of_death"): _("Cause of death"),
    ("expertise_kind", "environmental_pollution"): _("Environmental pollution"),
    ("expertise_kind", "age"): _("Age of a person"),
    ("expertise_kind", "injury"): _("Injury"),
    ("expertise_kind", "controlled_items"): _("Drugs, weapons, explosives and other controlled items"),
    ("expertise_kind", "other"): _("Other"),
    # the kinds of matter with a ministry's own limit, named as on the law pages
    **{key: name for key, name in law_presenters.VALUE_LABELS.items()
       if key[0] == "expertise_matter"},
    ("against", "custody"): _("Holding or detention"),
    ("against", "investigation"): _("Acts and decisions of investigators in the investigation"),
    ("against", "procuracy"): _("Acts and decisions of procurators"),
    ("against", "investigation_head"): _("Acts and decisions of the head of the investigation body"),
    ("against", "procuracy_head"): _("Acts and decisions of the head of the procuracy"),
    ("against", "court"): _("Acts and decisions of judges and deputy chief justices"),
    ("against", "court_head"): _("Acts and decisions of the chief justice"),
    ("against", "enforcement"): _("Decisions and acts in judgment enforcement"),
    ("against", "enforcement_security"): _("Protective measures in judgment enforcement"),
    ("against", "enforcement_coercion"): _("Coercive measures in judgment enforcement"),
    ("against", "enforcement_head"): _("Acts and decisions of the head of the enforcement office"),
    ("decision", "suspension"): _("Suspension"),
    ("decision", "termination"): _("Termination"),
    ("decision", "other"): _("Other decision"),
    ("outcome", "upheld"): _("Upheld"),
    ("outcome", "amended"): _("Amended"),
    ("outcome", "annulled"): _("Annulled"),
    ("fault", "subjective"): _("Subjective fault"),
    ("fault", "objective"): _("Objective reason"),
    ("review", "appeal"): _("Appeal"),
    ("review", "cassation"): _("Cassation"),
    ("review", "reopening"): _("Reopening"),
    ("reason", "missing_evidence"): _("Evidence missing (point a)"),
    ("reason", "other_offence"): _("Another offence (point b)"),
    ("reason", "other_accomplice"): _("Other accomplices (point c)"),
    ("reason", "procedural_violation"): _("Serious procedural violation (point d)"),
    ("level", "first"): _("First complaint"),
    ("level", "second"): _("Second complaint"),
    ("level", "same"): _("Procuracy of the same level"),
    ("level", "higher"): _("Higher procuracy"),
    ("at", "preparation"): _("Trial preparation"),
    ("at", "hearing"): _("At the hearing"),
    ("custody_stage", "investigation"): _("Investigation"),
    ("custody_stage", "prosecution"): _("Prosecution"),
    ("custody_stage", "supplementary_investigation"): _("Supplementary investigation"),
    ("custody_stage", "trial"): _("Trial"),
    ("custody_stage", "judgment"): _("After the first-instance judgment"),
    ("custody_stage", "appeal"): _("Appellate trial (after the appellate court received the file)"),
    ("custody_stage", "appellate_judgment"): _("After the appellate judgment"),
    # Grounds of suspensions and postponements, and reasons of closures, as coded by the
    # agencies' software and the demo (free text is shown as typed).
    ("ground", "suspect_unknown"): _("The suspect has not been identified"),
    ("ground", "illness"): _("The suspect is seriously or mentally ill"),
    ("ground", "related_case"): _("Waiting for the outcome of a related case"),
    ("ground", "party_died"): _("A party died; waiting for the heir"),
    ("ground", "debtor_ill"): _("The judgment debtor is seriously ill"),
    ("ground", "cassation_review"): _("The judgment is under cassation or reopening review"),
    ("reason", "not_instituted"): _("Decision not to institute a criminal case"),
    ("reason", "not_prosecuted"): _("Case discontinued without prosecution"),
    ("reason", "withdrawn"): _("The claim was withdrawn"),
    ("reason", "mediation_success"): _("Successful mediation"),
    ("reason", "appeal_judgment"): _("Appellate judgment pronounced"),
    ("reason", "judgment_effective"): _("Judgment in force"),
    ("reason", "fully_enforced"): _("Fully enforced"),
}

# Every action any service writes to a case's audit trail (grep `action=`).
ACTION_LABELS: dict[str, Promise] = {
    "create": _("Created the case"),
    "update": _("Changed the case"),
    "add_number": _("Added a case number"),
    "add_party": _("Added a party"),
    "add_event": _("Recorded an event"),
    "correct_event": _("Corrected an event"),
    "withdraw_event": _("Withdrew an event"),
    "recompute": _("Recomputed the deadlines"),
    "claim_number": _("Asked to link a case number"),
    "confirm_claim": _("Confirmed a case number link"),
    "reject_claim": _("Rejected a case number link"),
    "merge": _("Merged case records"),
    "flag": _("Set a supervision flag"),
}

# Names of what an audit entry changed; a model field not listed here is named by its
# verbose name, a detail of an event by DETAIL_LABELS.
FIELD_LABELS: dict[str, Promise] = {
    "case": _("Case"),
    "event": _("Event"),
    "party": _("Party"),
    "name": _("Name"),
    "role": _("Role"),
    "number": _("Case number"),
    "numbers": _("Case numbers"),
    "holder": _("Holding body"),
    "procedure": _("Procedure"),
    "stage": _("Stage"),
    "status": _("Status"),
    "status_reason": _("Status reason"),
    "status_as_of": _("Status as of"),
    "next_due": _("Next due"),
    "category": _("Category"),
    "case_kind": _("Case kind"),
    "national_security": _("National security"),
    "public_concern": _("Strong public concern"),
    "wrongful_conviction_signs": _("Signs of wrongful conviction"),
    "missed_crime_signs": _("Signs of a crime let slip"),
    "title": _("Title"),
    "summary": _("Summary"),
    "flags": _("Warnings"),
    "source": _("Source"),
    "opened_on": _("Opened on"),
    "last_event_on": _("Last event on"),
    "closed_on": _("Closed on"),
    "date": _("Date"),
    "merged": _("Merged record"),
    "merged_into": _("Merged into"),
    "withdrawn_at": _("Withdrawn at"),
    "withdrawn_by": _("Withdrawn by"),
    "withdrawal_reason": _("Withdrawal reason"),
}

# Coded values by the field that holds them (TextChoices: their labels are the names).
_CHOICES: dict[str, type[models.TextChoices]] = {
    "procedure": Procedure, "stage": Stage, "status": Status, "category": Category,
    "case_kind": CaseKind, "role": PartyRole, "source": EventSource,
}
# Fields whose value is a dict of another model's fields.
_NESTED: dict[str, type[models.Model]] = {"case": Case, "party": Party}


def detail_value(key: str, value: Any) -> Promise | str | None:
    """An event detail's coded value in words, None when it has none; a field of expertise
    by its name in the expertise app's table (its one home)."""
    shown = DETAIL_VALUES.get((key, value))
    if shown is None and key == "expertise_field" and isinstance(value, str):
        from congminh.apps.expertise.presenters import field_name
        return field_name(value)
    return shown


def event_details(data: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(label, value) pairs for an event's optional details, in display order."""
    pairs = []
    for key, value in data.items():
        shown = detail_value(key, value)
        if shown is None and isinstance(value, bool):
            shown = _("Yes") if value else _("No")
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
    # A step named for first instance («Tuyên án sơ thẩm») taken once the appeal court has
    # the file is the appellate one: shown by its neutral name («Tuyên án»).
    appeal = min((e.date for e in rows if e.type == "appeal_received"
                  and e.withdrawn_at is None), default=None)
    return [
        TimelineRow(
            event=e, label=event_label(e.type, neutral=appeal is not None and e.date >= appeal
                                       and e.type != "appeal_received"),
            details=event_details(e.data), corrected_by=corrections.get(e.pk),
            corrects=e.supersedes,
        )
        for e in rows
    ]


def audit_rows(entries: Iterable[AuditEntry]) -> list[dict[str, Any]]:
    """The audit trail in Vietnamese: who, what, which field, from which value to which.

    No code, id or machine format reaches the page: actions, fields and coded values
    have their Vietnamese names, bodies and people theirs, dates read dd/mm/yyyy.
    """
    entries = list(entries)
    fmt = _AuditFormat(entries)
    rows = []
    for e in entries:
        model = _model_of(e.object_type)
        fmt.case = fmt.cases.get(e.case_id or 0)
        rows.append({
            "entry": e,
            "who": e.actor_shown or str(_("System")),
            "action": str(ACTION_LABELS.get(e.action, _("Other change"))),
            "note": _note_text(e),
            "field": fmt.label(model, e.field),
            "old": fmt.value(model, e.field, e.old_value),
            "new": fmt.value(model, e.field, e.new_value),
        })
    return rows


def _person_name(user: Any) -> str:
    return str(user.get_full_name() or user.username)


def _model_of(object_type: str) -> type[models.Model] | None:
    try:
        return django_apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


_IMPORT_NOTE = re.compile(r"import #\d+: (?P<file>.*)", re.S)


def _note_text(e: AuditEntry) -> str:
    """The reason a person gave; the machine's own notes said in Vietnamese or not at all."""
    note = (e.note or "").strip()
    if not note or e.action == "recompute":
        return ""
    if note == "demo":
        return str(_("Demo data"))
    m = _IMPORT_NOTE.fullmatch(note)
    if m:
        return str(_("Imported from the file «%(file)s»") % {"file": m["file"]})
    return str(_("Reason: %(reason)s") % {"reason": note})


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}.*")
# "TAND-KV1:01/2026/HS" (a body's code) or "12:01/2026/HS" (its id): an older number format.
_CODED_NUMBER = re.compile(r"(?P<body>[^\s:]+):(?P<number>\S.*)")


class _AuditFormat:
    """Field names and values of some audit entries, with the bodies they name and their
    cases' procedure and stage looked up once for all of them."""

    def __init__(self, entries: Sequence[AuditEntry]) -> None:
        pks: set[int] = set()
        codes: set[str] = set()
        self.people: dict[str, str] = {}
        for e in entries:
            for value in (e.old_value, e.new_value):
                self._collect(_model_of(e.object_type), e.field, value, pks, codes)
        self.bodies: dict[str, str] = {}
        if pks or codes:
            for org in Organisation.objects.filter(Q(pk__in=pks) | Q(code__in=codes)):
                self.bodies[str(org.pk)] = self.bodies[org.code] = org.name
        if self.people:
            users = get_user_model().objects.filter(pk__in=[int(pk) for pk in self.people])
            self.people.update({str(u.pk): _person_name(u) for u in users})
        # A party's role is named as the parties list names it: by the case's stage.
        case_ids = {e.case_id for e in entries if e.case_id}
        self.cases: dict[int, tuple[str, str]] = {
            pk: (procedure, stage) for pk, procedure, stage in
            Case.objects.filter(pk__in=case_ids).values_list("pk", "procedure", "stage")
        } if case_ids else {}
        # (procedure, stage) of the entry being formatted.
        self.case: tuple[str, str] | None = None

    def _collect(self, model: type[models.Model] | None, name: str, value: Any,
                 pks: set[int], codes: set[str]) -> None:
        if isinstance(value, dict):
            inner = _NESTED.get(name)
            for key, item in value.items():
                self._collect(inner, key, item, pks, codes)
        elif isinstance(value, list):
            for item in value:
                self._collect(model, name, item, pks, codes)
        elif _is_body_field(model, name) and str(value).isdigit():
            pks.add(int(value))
        elif _related_model(model, name) is get_user_model() and str(value).isdigit():
            self.people[str(value)] = str(_("Unknown user"))
        elif name in ("number", "numbers") and isinstance(value, str):
            m = _CODED_NUMBER.fullmatch(value)
            if m and m["body"].isdigit():
                pks.add(int(m["body"]))
            elif m:
                codes.add(m["body"])

    def label(self, model: type[models.Model] | None, name: str) -> str:
        """The Vietnamese name of field `name` (of `model` when known)."""
        if not name:
            return ""
        if name.startswith("due:"):
            return _due_label(name)
        if name in FIELD_LABELS:
            return str(FIELD_LABELS[name])
        verbose = _verbose_name(model, name)
        if verbose:
            return verbose
        return str(DETAIL_LABELS.get(name, _("Other detail")))

    def value(self, model: type[models.Model] | None, name: str, value: Any) -> str:
        """`value` of field `name` as people read it."""
        if value is None or value == "":
            return ""
        if isinstance(value, dict):
            return self._dict(model, name, value)
        if isinstance(value, list):
            return ", ".join(self.value(model, name, item) for item in value)
        shown = detail_value(name, value)
        if shown is not None:
            return str(shown)
        if isinstance(value, bool):
            return str(_("Yes") if value else _("No"))
        if _is_body_field(model, name):
            return self.bodies.get(str(value), str(_("Unknown body")))
        if _related_model(model, name) is get_user_model():
            return self.people.get(str(value), str(_("Unknown user")))
        coded = _coded_name(_related_model(model, name), value)
        if coded is not None:
            return coded
        if name == "flags":
            return statuses.flag_label(str(value))
        if name == "role" and self.case is not None and isinstance(value, str):
            return party_role_label(value, *self.case)
        choice = _choice_label(model, name, value)
        if choice is not None:
            return choice
        if name in ("number", "numbers") and isinstance(value, str):
            m = _CODED_NUMBER.fullmatch(value)
            if m and m["body"] in self.bodies:
                return f"{m['number']} ({self.bodies[m['body']]})"
        return _when_text(value)

    def _dict(self, model: type[models.Model] | None, name: str, value: dict[str, Any]) -> str:
        if "type" in value and "date" in value:
            return self._event(value)
        inner = _NESTED.get(name, model)
        if set(value) == {"name", "role"}:
            return f"{value['name']} ({self.value(Party, 'role', value['role'])})"
        return "; ".join(
            f"{self.label(inner, k)}: {self.value(inner, k, v)}"
            for k, v in value.items() if v not in (None, "", [])
        )

    def _event(self, value: dict[str, Any]) -> str:
        """«<event> ngày dd/mm/yyyy (<detail>: <value>, …)»."""
        data = dict(value)
        et = EVENT_TYPES.get(str(data.pop("type")))
        text = str(_("%(event)s on %(date)s") % {
            "event": et.label_vi if et else _("Other event"), "date": _when_text(data.pop("date")),
        })
        details = ", ".join(
            f"{DETAIL_LABELS.get(k) or self.label(None, k)}: {self.value(CaseEvent, k, v)}"
            for k, v in data.items() if v not in (None, "", [])
        )
        return f"{text} ({details})" if details else text


def _related_model(model: type[models.Model] | None, name: str) -> Any:
    """The model field `name` of `model` refers to, or None."""
    try:
        field = model._meta.get_field(name) if model is not None else None
    except FieldDoesNotExist:
        return None
    return field.related_model if field is not None and field.is_relation else None


def _coded_name(related: Any, value: Any) -> str | None:
    """A vocabulary row recorded by its code (e.g. a field of expertise), by its name."""
    names = {f.name for f in related._meta.get_fields()} if related is not None else set()
    if not isinstance(value, str) or not {"code", "name"} <= names:
        return None
    found = related.objects.filter(code=value).values_list("name", flat=True).first()
    return str(found) if found is not None else None


def _is_body_field(model: type[models.Model] | None, name: str) -> bool:
    return name == "holder" or _related_model(model, name) is Organisation


def _verbose_name(model: type[models.Model] | None, name: str) -> str:
    """A model field's translated verbose name, capitalised; "" when it has none (Django
    would make one up in English from the field's name) or it is not translated."""
    for m in (model, Case):
        if m is None:
            continue
        try:
            verbose = getattr(m._meta.get_field(name), "verbose_name", None)
        except FieldDoesNotExist:
            continue
        if isinstance(verbose, Promise):
            text = str(verbose)
            with translation.override(None):
                untranslated = text == str(verbose)
            if untranslated and not (translation.get_language() or "").startswith("en"):
                return ""  # no Vietnamese name yet: better "Thông tin khác" than English
            return text[:1].upper() + text[1:]
    return ""


def _choice_label(model: type[models.Model] | None, name: str, value: Any) -> str | None:
    """The label of a coded value: the model field's choices, else the TextChoices the
    field name stands for."""
    try:
        field = model._meta.get_field(name) if model is not None else None
    except FieldDoesNotExist:
        field = None
    choices = dict(field.flatchoices) if isinstance(field, models.Field) and field.choices else {}
    if value in choices:
        return str(choices[value])
    kind = _CHOICES.get(name)
    if kind is not None and value in kind.values:
        return str(kind(value).label)
    return None


def _when_text(value: Any) -> str:
    """Dates as dd/mm/yyyy, moments as dd/mm/yyyy HH:MM in local time, the rest as is."""
    if isinstance(value, str):
        try:
            if _ISO_DATE.fullmatch(value):
                value = dt.date.fromisoformat(value)
            elif _ISO_DATETIME.fullmatch(value):
                value = parse_datetime(value) or value
        except ValueError:
            pass
    if isinstance(value, dt.datetime):
        moment = timezone.localtime(value) if timezone.is_aware(value) else value
        return moment.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def _due_label(name: str) -> str:
    """`due:<rule>[:<subject>]`: «Hạn <what the rule limits> (<subject>)»."""
    _due, rule_id, subject = (name.split(":", 2) + ["", ""])[:3]
    text = str(_("Deadline: %(what)s") % {"what": _rule_subject(rule_id)})
    return f"{text} ({subject})" if subject else text


@lru_cache(maxsize=256)
def _rule_subject(rule_id: str) -> str:
    """What rule `rule_id` limits, from its title: "Thời hạn điều tra" -> "điều tra"."""
    versions = default_rules().versions_of(rule_id)
    if not versions:
        return rule_id
    title = str(versions[-1].title)
    if title.startswith("Thời hạn "):
        return title.removeprefix("Thời hạn ")
    return title[:1].lower() + title[1:]


def party_rows(case: Case, *, personal_data: bool = True) -> list[dict[str, Any]]:
    """The case's parties, each with its role named as the law names it at the case's
    stage (a person is «Bị can» while prosecuted, «Bị cáo» once sent to trial). Without
    `personal_data` (overseers, `scope.sees_personal_data`) the birth year, identity
    number and address are replaced by «Đã ẩn»."""
    hidden = str(_("Hidden"))
    rows = []
    for p in case.parties.order_by("role", "name"):
        shown = personal_data or not (p.birth_year or p.id_number or p.address)
        rows.append({
            "party": p, "role": party_role_label(p.role, case.procedure, case.stage),
            "birth_year": (p.birth_year or "") if shown else hidden,
            "id_number": p.id_number if shown else hidden,
            "address": p.address if shown else hidden,
        })
    return rows


@dataclass
class StageTable:
    """Case counts by stage (rows) and procedure (columns), with totals."""

    procedures: list[tuple[str, str]]
    rows: list[dict[str, Any]] = field(default_factory=list)
    totals: list[int] = field(default_factory=list)
    total_cells: list[tuple[str, int]] = field(default_factory=list)  # (procedure, n)


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
            table.rows.append({"stage": code, "label": label, "counts": counts, "total": sum(counts),
                               "cells": [(p, n) for (p, _l), n in zip(procedures, counts, strict=True)]})
    table.totals = [sum(r["counts"][i] for r in table.rows) for i in range(len(procedures))]
    table.total_cells = [(p, n) for (p, _l), n in zip(procedures, table.totals, strict=True)]
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


# --- the case list ------------------------------------------------------------------------

# Sortable columns of the case list (cases.selectors.SORT_KEYS), with their headers; the
# first click sorts ascending, except days over the limit (the longest first).
DAYS_OVER_LABEL = _("Overdue (days)")
SORT_COLUMNS: tuple[tuple[str, Promise], ...] = (
    ("number", _("Case number")),
    ("holder", _("Holding body")),
    ("stage", _("Stage")),
    ("next_due", _("Next due")),
    ("days_over", DAYS_OVER_LABEL),
)
_FIRST_DESCENDING = frozenset({"days_over"})


def sort_headers(params: Any, sort: str) -> dict[str, dict[str, Any]]:
    """For each sortable column: its label, the query string of the link that sorts by it
    (the other filters kept, back to page 1) and the current direction ("asc", "desc", "")."""
    query = params.copy()
    query.pop("page", None)
    query.pop("sort", None)
    headers = {}
    for key, text in SORT_COLUMNS:
        current = "asc" if sort == key else "desc" if sort == f"-{key}" else ""
        if current:
            target = f"-{key}" if current == "asc" else key
        else:
            target = f"-{key}" if key in _FIRST_DESCENDING else key
        query["sort"] = target
        headers[key] = {"label": str(text), "query": query.urlencode(), "direction": current}
    return headers


@dataclass
class CaseRow:
    case: Case
    number: str
    days_over: int | None  # days past the earliest overdue obligation's due date


def case_rows(cases: Iterable[Case], columns: Mapping[int, tuple[str | None, dt.date | None]], *,
              today: dt.date) -> list[CaseRow]:
    """The page's cases with their number and days over the limit (cases.selectors
    `case_list_columns`)."""
    rows = []
    for case in cases:
        number, since = columns.get(case.pk, (None, None))
        rows.append(CaseRow(case=case, number=number or "",
                            days_over=(today - since).days if since else None))
    return rows


# --- the dashboard's table by body ----------------------------------------------------------


@dataclass
class BodyTableRow:
    label: str
    depth: int
    group: str
    cells: list[dict[str, Any]]  # {"n", "query"} per count column
    overdue_percent: float
    overdue_query: str


@dataclass
class BodyTable:
    rows: list[BodyTableRow]
    totals: BodyTableRow | None


# (column, the case list's filters that show exactly the cases counted)
_BODY_COLUMNS: tuple[tuple[str, dict[str, str]], ...] = (
    ("holding", {}),
    ("overdue", {"status": statuses.OVERDUE}),
    ("suspended", {"status": statuses.SUSPENDED}),
    ("prolonged", {"prolonged": "1"}),
    ("due_soon", {"status": statuses.DUE_SOON}),
)


def _body_row(label: str, depth: int, group: str, counts: Mapping[str, int],
              holder_id: int | None) -> BodyTableRow:
    base = {"holder": str(holder_id)} if holder_id else {}
    base["open"] = "1"
    cells: list[dict[str, Any]] = [
        {"n": counts[c], "query": urlencode({**base, **extra})} for c, extra in _BODY_COLUMNS]
    holding, overdue = counts["holding"], counts["overdue"]
    return BodyTableRow(
        label=label, depth=depth, group=group, cells=cells,
        overdue_percent=round(100.0 * overdue / holding, 1) if holding else 0.0,
        overdue_query=cells[1]["query"],
    )


def body_table(by_holder: Sequence[Any], holders: QuerySet[Organisation], *,
               today: dt.date) -> BodyTable:
    """One row per holding body (cases.selectors `case_counts_by_holder`), in the order and
    with the names of the case list's body filter, and a totals row."""
    counts = {r.holder_id: {c: getattr(r, c) for c, _x in _BODY_COLUMNS} for r in by_holder}
    rows = [
        _body_row(e.label, e.depth, e.group, counts[e.body.pk], e.body.pk)
        for e in cached_body_entries(holders, today=today) if e.body.pk in counts
    ]
    if not rows:
        return BodyTable(rows=[], totals=None)
    totals = {c: sum(r[c] for r in counts.values()) for c, _x in _BODY_COLUMNS}
    return BodyTable(rows=rows, totals=_body_row(str(_("Total")), 0, "", totals, None))
