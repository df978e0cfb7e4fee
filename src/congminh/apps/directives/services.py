"""Writes: registering incoming documents, confirming directives into tasks and
obligations, extending recurring duties, progress reports and due-date changes.

Each service validates, saves and records the change in the audit trail inside one
transaction (STYLE.md §6, §14).
"""

from __future__ import annotations

import datetime as dt
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from congminh.apps.accounts import scope
from congminh.apps.audit.services import audit_record
from congminh.apps.directives import selectors
from congminh.apps.directives.models import (
    Directive,
    DuePrecision,
    IncomingDocument,
    Obligation,
    ProgressReport,
    Task,
)
from congminh.apps.directives.parsing import document_parse, normalise
from congminh.apps.directives.status import obligation_status
from congminh.apps.imports.uploads import upload_limits
from congminh.apps.organisations.models import Organisation
from congminh.core.files import FileRejected
from congminh.core.law.working_calendar import default_calendar
from congminh.core.periods import default_horizon, periods_between
from congminh.core.text import fold, fold_key, nfc

ALLOWED_SUFFIXES = (".txt", ".docx", ".pdf", ".png", ".jpg", ".jpeg")


class DuplicateDocument(ValidationError):
    """The document is already registered; `existing` is the directive or draft."""

    def __init__(self, existing: Directive | IncomingDocument) -> None:
        super().__init__(_("This document is already registered."), code="duplicate")
        self.existing = existing


# ---------------------------------------------------------------- duplicates


def document_key(*, issuer: str | None, number_symbol: str | None, subject: str | None,
                 date: str | dt.date | None) -> tuple[str, ...]:
    """Same issuer and number-symbol, compared folded; a document without a number is
    compared on issuer, subject and date instead (the seed's scan lost its number)."""
    if number_symbol and fold_key(number_symbol):
        return ("number", fold(issuer or ""), fold_key(number_symbol))
    return ("subject", fold(issuer or ""), fold(subject or ""), str(date or ""))


def _directive_key(d: Directive) -> tuple[str, ...]:
    return document_key(issuer=d.issuer, number_symbol=d.number_symbol, subject=d.subject,
                        date=d.date.isoformat() if d.date else None)


def _draft_key(doc: IncomingDocument) -> tuple[str, ...]:
    draft = doc.draft
    return document_key(issuer=draft.get("issuer"), number_symbol=draft.get("number_symbol"),
                        subject=draft.get("subject"), date=draft.get("date"))


def document_find_duplicate(
    *, fields: dict[str, Any], exclude: IncomingDocument | None = None
) -> Directive | IncomingDocument | None:
    key = document_key(issuer=fields.get("issuer"), number_symbol=fields.get("number_symbol"),
                       subject=fields.get("subject"), date=fields.get("date"))
    if not (fields.get("issuer") or fields.get("subject")):
        return None  # nothing read yet: nothing to compare
    candidates = Directive.objects.filter(issuer_folded=key[1])
    if key[0] == "number":
        candidates = candidates.filter(number_symbol_key=key[2])
    for directive in candidates:
        if _directive_key(directive) == key and directive.document_id != getattr(exclude, "pk", None):
            return directive
    drafts = IncomingDocument.objects.filter(state=IncomingDocument.State.DRAFT)
    if exclude is not None:
        drafts = drafts.exclude(pk=exclude.pk)
    for doc in drafts:
        if _draft_key(doc) == key:
            return doc
    return None


# ---------------------------------------------------------------- register


def _parse_upload(upload: UploadedFile) -> dict[str, Any]:
    """The parsed fields; a file damaged, hostile or over the limits is refused here
    (ValidationError on «file», naming it and the problem)."""
    suffix = Path(upload.name or "").suffix.lower()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"document{suffix}"
        with path.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        upload.seek(0)
        try:
            return document_parse(path, limits=upload_limits(), name=upload.name or "")
        except FileRejected as exc:
            raise ValidationError({"file": str(exc)}, code=exc.code) from exc


def _draft_from(parsed: dict[str, Any]) -> dict[str, Any]:
    """The fields the clerk reviews, in the contract's names."""
    signer = parsed.get("signer") or {}
    signer_text = " ".join(
        str(signer.get(k) or "") for k in ("authority", "title", "name") if signer.get(k)
    )
    return {
        "issuer": parsed.get("issuer") or "",
        "type": parsed.get("type") or "",
        "number_symbol": parsed.get("number_symbol") or "",
        "date": parsed.get("date") or "",
        "subject": parsed.get("subject") or "",
        "signer": signer_text,
        "recipients": list(parsed.get("recipients") or []),
        "tasks": [dict(t) for t in parsed.get("tasks") or []],
    }


def _next_number(body: Organisation, year: int) -> int:
    last = IncomingDocument.objects.filter(receiving_body=body, year=year).aggregate(
        n=Max("incoming_number"))["n"]
    return (last or 0) + 1


def incoming_register(
    *,
    actor: Any,
    received_on: dt.date,
    upload: UploadedFile | None = None,
    parsed: dict[str, Any] | None = None,
    forwarded_to: str = "",
    file_code: str = "",
) -> IncomingDocument:
    """Give the document the body's next incoming number for the year and keep its
    parsed fields as the draft to review. Raises DuplicateDocument when already there."""
    if not selectors.can_register(actor):
        raise PermissionDenied(_("Only officers of the receiving body may register documents."))
    if upload is not None and Path(upload.name or "").suffix.lower() not in ALLOWED_SUFFIXES:
        raise ValidationError({"file": _("Accepted files: .txt, .docx, .pdf, .png, .jpg.")})
    if parsed is None:
        parsed = _parse_upload(upload) if upload is not None else normalise({"warnings": ["no file"]})
    draft = _draft_from(parsed)
    existing = document_find_duplicate(fields=draft)
    if existing is not None:
        raise DuplicateDocument(existing)
    body = actor.organisation
    for _attempt in range(5):  # two clerks at once: the unique constraint picks one, retry
        try:
            with transaction.atomic():
                doc = IncomingDocument(
                    receiving_body=body, year=received_on.year,
                    incoming_number=_next_number(body, received_on.year),
                    received_on=received_on, forwarded_to=nfc(forwarded_to.strip()),
                    file_code=nfc(file_code.strip()), parsed=parsed, draft=draft,
                    registered_by=actor, original_name=(upload.name or "")[:255] if upload else "",
                )
                if upload is not None:
                    doc.file.save(Path(upload.name or "document").name, upload, save=False)
                doc.full_clean()
                doc.save()
                audit_record(actor=actor, action="register", obj=doc, changes={
                    "incoming_number": (None, doc.incoming_number),
                    "received_on": (None, doc.received_on.isoformat()),
                })
                return doc
        except IntegrityError:
            continue
    raise ValidationError(_("Could not allocate an incoming number; please try again."))


@transaction.atomic
def incoming_save_draft(*, actor: Any, document: IncomingDocument, draft: dict[str, Any]) -> None:
    if document.state != IncomingDocument.State.DRAFT:
        raise ValidationError(_("This document has already been confirmed."))
    document.draft = draft
    document.save(update_fields=["draft"])


# ---------------------------------------------------------------- confirm


@dataclass
class TaskInput:
    text: str
    organisation_ids: list[int]
    ref: str = ""
    assignee_names: list[str] = field(default_factory=list)
    due: dt.date | None = None
    recurrence: str = ""
    report_to: str = ""
    # The clerk typed or changed the due date on the review screen (not the document's).
    due_by_hand: bool = False
    # "month" for «trong tháng 11/2025» (`due` the month's last day); a date set by hand is a day.
    due_precision: str = "day"


def _report_due(period: Any, days_after_end: int) -> dt.date:
    """A periodic report's due date: `days_after_end` after the period, on a working day
    (the law engine's calendar: a report is not due on a Sunday or on Tết)."""
    return default_calendar().roll_forward(period.due(days_after_end))


def _obligation_create(*, actor: Any, task: Task, org: Organisation, due: dt.date | None,
                       period: Any = None, by_hand: bool = False,
                       precision: str = DuePrecision.DAY) -> Obligation:
    """`due` None: a standing duty (the task's text gives no deadline), never overdue."""
    obligation = Obligation(
        task=task, organisation=org, due=due, due_by_hand=by_hand, due_precision=precision,
        period_label=period.label if period else "",
        period_start=period.start if period else None,
        period_end=period.end if period else None,
    )
    obligation.full_clean()
    obligation.save()
    audit_record(actor=actor, action="assign", obj=obligation, changes={
        "organisation": (None, org.pk), "due": (None, due.isoformat() if due else None),
        "period": (None, obligation.period_label),
    })
    return obligation


def task_lay_out(*, actor: Any, task: Task, until: dt.date) -> list[Obligation]:
    """Create the obligations `task` lacks: one per assignee, and for a recurring task
    one per assignee and period ending by `until`. Safe to call again."""
    have = set(task.obligations.values_list("organisation_id", "period_label"))
    created = []
    report_days = selectors.body_settings(task.directive.receiving_body).report_due_days
    for org in task.assignees.all():
        if not task.recurrence:
            if (org.pk, "") not in have:
                created.append(_obligation_create(actor=actor, task=task, org=org, due=task.due,
                                                  by_hand=task.due_by_hand,
                                                  precision=task.due_precision))
            continue
        start_month = selectors.body_settings(org).year_start_month
        for period in periods_between(task.recurrence, task.directive.confirmed_on, until,
                                      year_start_month=start_month):
            if (org.pk, period.label) not in have:
                created.append(_obligation_create(actor=actor, task=task, org=org,
                                                  due=_report_due(period, report_days), period=period))
    return created


def _task_precision(data: TaskInput) -> str:
    """A month (quarter, year) target only as the document gave it: a date set by hand
    is a day."""
    if data.due is None or data.due_by_hand or data.due_precision not in DuePrecision.values:
        return DuePrecision.DAY
    return data.due_precision


def _task_create(*, actor: Any, directive: Directive, position: int, data: TaskInput) -> Task:
    if not data.organisation_ids:
        raise ValidationError({"assignees": _("Task %(n)s has no assignee.") % {"n": position + 1}})
    task = Task(
        directive=directive, position=position, ref=data.ref.strip(), text=nfc(data.text.strip()),
        assignee_names=[nfc(n) for n in data.assignee_names], due=data.due,
        due_by_hand=data.due_by_hand and data.due is not None,
        due_precision=_task_precision(data),
        recurrence=data.recurrence or "", report_to=nfc(data.report_to or ""),
    )
    task.full_clean()
    task.save()
    orgs = list(Organisation.objects.filter(pk__in=data.organisation_ids))
    task.assignees.set(orgs)
    audit_record(actor=actor, action="create", obj=task, changes={
        "text": (None, task.text), "due": (None, task.due.isoformat() if task.due else None),
        "recurrence": (None, task.recurrence), "assignees": (None, sorted(o.pk for o in orgs)),
    })
    task_lay_out(actor=actor, task=task, until=directive.horizon)
    return task


@transaction.atomic
def directive_confirm(
    *,
    actor: Any,
    document: IncomingDocument,
    fields: dict[str, Any],
    tasks: list[TaskInput],
    today: dt.date | None = None,
) -> Directive:
    """Create the directive, its tasks and their obligations from the reviewed fields."""
    today = today or selectors.local_today()
    if not selectors.can_register(actor) or not scope.acts_for(actor, document.receiving_body_id):
        raise PermissionDenied(_("Only officers of the receiving body may confirm documents."))
    if document.state != IncomingDocument.State.DRAFT:
        raise ValidationError(_("This document has already been confirmed."))
    if not tasks:
        raise ValidationError({"tasks": _("A directive needs at least one task.")})
    date = fields.get("date") or None
    existing = document_find_duplicate(fields={**fields, "date": date}, exclude=document)
    if existing is not None:
        raise DuplicateDocument(existing)
    directive = Directive(
        document=document, receiving_body=document.receiving_body,
        issuer=nfc(fields.get("issuer", "").strip()), type=nfc(fields.get("type", "").strip()),
        number_symbol=nfc(fields.get("number_symbol", "").strip()), date=date,
        subject=nfc(fields.get("subject", "").strip()), signer=nfc(fields.get("signer", "").strip()),
        recipients=list(fields.get("recipients") or []), confirmed_by=actor, confirmed_on=today,
        horizon=default_horizon(today),
    )
    directive.issuer_folded = fold(directive.issuer)
    directive.number_symbol_key = fold_key(directive.number_symbol)
    directive.subject_folded = fold(directive.subject)
    directive.full_clean()
    directive.save()
    audit_record(actor=actor, action="confirm", obj=directive, changes={
        "issuer": (None, directive.issuer), "number_symbol": (None, directive.number_symbol),
        "subject": (None, directive.subject),
    })
    for position, data in enumerate(tasks):
        _task_create(actor=actor, directive=directive, position=position, data=data)
    document.state = IncomingDocument.State.CONFIRMED
    document.save(update_fields=["state"])
    return directive


@transaction.atomic
def directive_extend(*, actor: Any, directive: Directive, until: dt.date) -> list[Obligation]:
    """Lay recurring duties out further, e.g. each December for the year after next."""
    if until <= directive.horizon:
        return []
    audit_record(actor=actor, action="extend", obj=directive,
                 changes={"horizon": (directive.horizon.isoformat(), until.isoformat())})
    directive.horizon = until
    directive.save(update_fields=["horizon"])
    created: list[Obligation] = []
    for task in directive.tasks.exclude(recurrence=""):
        created += task_lay_out(actor=actor, task=task, until=until)
    return created


# ---------------------------------------------------------------- progress


def _status(obligation: Obligation, today: dt.date) -> str:
    return obligation_status(due=obligation.due, done_on=obligation.done_on, today=today)


@transaction.atomic
def obligation_report_progress(
    *,
    actor: Any,
    obligation: Obligation,
    text: str,
    percent: int | None = None,
    done: bool = False,
    attachment: UploadedFile | None = None,
) -> ProgressReport:
    """Record a progress report; `percent` None keeps the last percentage reported (a
    report in words only does not send a task at 60% back to 0%)."""
    if not selectors.obligation_can_report(actor, obligation):
        raise PermissionDenied(_("Only the assignee body may report progress on this task."))
    now = timezone.now()
    today = timezone.localdate(now)
    percent = 100 if done else obligation.percent if percent is None else percent
    report = ProgressReport(obligation=obligation, author=actor, text=nfc(text.strip()),
                            percent=percent, done=done)
    if attachment is not None:
        report.attachment.save(Path(attachment.name or "file").name, attachment, save=False)
    report.full_clean()
    if not 0 <= percent <= 100:
        raise ValidationError({"percent": _("Percent done must be between 0 and 100.")})
    report.save()
    old = {"percent": obligation.percent, "done_at": obligation.done_at,
           "status": _status(obligation, today)}
    obligation.percent = percent
    if done and obligation.done_at is None:
        obligation.done_at, obligation.done_on = now, today
    elif not done and obligation.done_at is not None:  # reopened: it was not done after all
        obligation.done_at = obligation.done_on = None
    obligation.save(update_fields=["percent", "done_at", "done_on"])
    new = {"percent": obligation.percent, "done_at": obligation.done_at,
           "status": _status(obligation, today)}
    audit_record(actor=actor, action="progress", obj=obligation, note=report.text,
                 changes={k: (old[k], new[k]) for k in old if old[k] != new[k]})
    return report


@transaction.atomic
def obligation_set_due(*, actor: Any, obligation: Obligation, due: dt.date, note: str = "") -> None:
    """Move a due date (the receiving body or an admin decides; the assignee cannot)."""
    directive = obligation.task.directive
    if not scope.acts_for(actor, directive.receiving_body_id):
        raise PermissionDenied(_("Only the receiving body may change a due date."))
    if due == obligation.due:
        return
    old = obligation.due.isoformat() if obligation.due else None
    changes: dict[str, Any] = {"due": (old, due.isoformat()), "due_by_hand": (obligation.due_by_hand, True)}
    if obligation.due_precision != DuePrecision.DAY:  # a month target moved to a day
        changes["due_precision"] = (obligation.due_precision, DuePrecision.DAY)
    audit_record(actor=actor, action="set_due", obj=obligation, note=note, changes=changes)
    obligation.due, obligation.due_by_hand, obligation.due_precision = due, True, DuePrecision.DAY
    obligation.save(update_fields=["due", "due_by_hand", "due_precision"])
