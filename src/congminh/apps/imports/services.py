"""Importing a spreadsheet of cases and events: parse, store through the bulk writer,
record the batch, write the rejected rows to an error workbook."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from congminh.apps.cases.bulk import BulkResult, Rejection, case_records_save
from congminh.apps.imports import columns as C
from congminh.apps.imports.models import ImportBatch
from congminh.apps.imports.parse import HeadingError, Parsed, Problem, parse_rows
from congminh.apps.imports.reader import read_rows
from congminh.apps.organisations.models import Organisation
from congminh.apps.organisations.selectors import organisation_by_name

_FIELD_COLUMNS = {
    "holder_code": C.HOLDER, "numbers": C.NUMBER, "procedure": C.PROCEDURE, "title": C.TITLE,
    "category": C.CATEGORY, "case_kind": C.CATEGORY, "parties": C.PARTIES, "type": C.EVENT,
    "date": C.DATE, "data": C.EVENT, "document": C.DOCUMENT, "organisation_code": C.OTHER_NUMBERS,
}


def can_import(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and (
        user.is_superuser or getattr(user, "role", "") in ("officer", "admin")
    )


def body_resolver() -> Callable[[str], str | None]:
    """Code, name or alias (exact, diacritic-insensitive) -> organisation code."""
    codes = {c.lower(): c for c in Organisation.objects.values_list("code", flat=True)}
    cache: dict[str, str | None] = {}

    def resolve(value: str) -> str | None:
        if value.lower() in codes:
            return codes[value.lower()]
        if value not in cache:
            found = organisation_by_name(value)
            cache[value] = found[0].code if len(found) == 1 else None
        return cache[value]

    return resolve


def rejection_message(rej: Rejection) -> str:
    p = rej.params
    messages = {
        "out_of_scope": _("you may only import cases held by your own organisation (%(body)s is not)"),
        "unknown_body": _("the body %(body)s is not in the registry"),
        "number_conflict": _("the case numbers in this row belong to different stored cases"),
        "procedure_differs": _("the stored case with this number is of another kind"),
        "event_not_for_procedure": _("this event does not belong to this kind of case"),
        "unknown_event": _("unknown event"),
        "future_date": _("the date is in the future"),
        "title_too_long": _("the title is longer than 500 characters"),
        "bad_number": _("«%(number)s» is not a case number"),
    }
    template = messages.get(rej.code, _("rejected (%(code)s)"))
    return template % {"code": rej.code, **p}


def import_file(
    *, actor: Any, data: bytes, file_name: str, batch: ImportBatch | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ImportBatch:
    """Import `data`; the returned batch holds counts, warnings and rejected rows."""
    if actor is not None and not can_import(actor):
        raise PermissionDenied(_("Only officers and administrators may import cases."))
    if batch is None:
        batch = ImportBatch.objects.create(
            created_by=actor if getattr(actor, "pk", None) else None, file_name=file_name[:255]
        )
    try:
        parsed = parse_rows(read_rows(data, file_name), resolve_body=body_resolver(),
                            today=timezone.localdate())
    except (HeadingError, ValueError, KeyError, OSError) as exc:
        message = str(exc) if isinstance(exc, HeadingError) else _(
            "The file cannot be read as XLSX or CSV: %s") % exc
        batch.errors = [{"row": 1, "column": "", "message": message, "text": message}]
        batch.status = ImportBatch.Status.FAILED
        batch.finished_at = timezone.now()
        batch.save()
        return batch
    batch.rows_total = parsed.total
    batch.save(update_fields=["rows_total"])

    def on_progress(records_done: int) -> None:
        rows = sum(len(r) for r in parsed.record_rows[:records_done])
        ImportBatch.objects.filter(pk=batch.pk).update(rows_done=rows)
        if progress:
            progress(rows, parsed.total)

    result = case_records_save(parsed.records, actor=actor, source="import",
                               note=f"import #{batch.pk}: {file_name}"[:255], progress=on_progress)
    _finish(batch, parsed, result)
    return batch


def _finish(batch: ImportBatch, parsed: Parsed, result: BulkResult) -> None:
    problems = list(parsed.problems)
    for rej in result.rejections:
        rows = ([parsed.event_rows[(rej.record, rej.event)]] if rej.event is not None
                else parsed.record_rows[rej.record])
        for row in rows:
            problems.append(Problem(row, _FIELD_COLUMNS.get(rej.field, ""), rejection_message(rej)))
    problems.sort(key=lambda p: p.row)
    batch.errors = [
        {"row": p.row, "column": p.column, "message": p.message, "text": str(p)} for p in problems
    ]
    batch.warnings = [
        {"row": w.row, "column": w.column, "message": w.message, "text": str(w)}
        for w in parsed.warnings
    ]
    batch.rows_rejected = len({p.row for p in problems})
    batch.rows_done = parsed.total
    batch.cases_created = result.cases_created
    batch.cases_updated = result.cases_updated
    batch.events_added = result.events_added
    batch.events_unchanged = result.events_unchanged
    batch.status = ImportBatch.Status.DONE
    batch.finished_at = timezone.now()
    if problems:
        content = error_workbook(parsed, problems)
        batch.error_file.save(f"loi-nhap-{batch.pk}.xlsx", ContentFile(content), save=False)
    batch.save()


def error_workbook(parsed: Parsed, problems: list[Problem]) -> bytes:
    """The rejected rows as they were, with a «Lỗi» column giving the reasons."""
    reasons: dict[int, list[str]] = {}
    for p in problems:
        reasons.setdefault(p.row, []).append(str(p))
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Dòng bị từ chối")
    sheet.append(["Dòng", *parsed.headings, C.ERROR_HEADING])
    for row, texts in sorted(reasons.items()):
        raw = list(parsed.rows.get(row, ()))
        raw += [None] * (len(parsed.headings) - len(raw))
        sheet.append([row, *raw, "\n".join(texts)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
