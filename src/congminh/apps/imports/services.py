"""Importing a spreadsheet of cases and events: parse, store through the bulk writer,
record the batch, write the rejected rows to an error workbook."""

from __future__ import annotations

import datetime as dt
import io
import logging
import threading
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from congminh.apps.accounts import scope
from congminh.apps.cases.bulk import BulkResult, Rejection, case_records_save, gc_frozen
from congminh.apps.imports import columns as C
from congminh.apps.imports.models import ImportBatch
from congminh.apps.imports.parse import HeadingError, Parsed, Problem, parse_rows
from congminh.apps.imports.reader import read_rows
from congminh.apps.organisations.models import Organisation
from congminh.apps.organisations.selectors import organisation_by_name
from congminh.core.spreadsheets import xlsx_row

_FIELD_COLUMNS = {
    "holder_code": C.HOLDER, "numbers": C.NUMBER, "procedure": C.PROCEDURE, "title": C.TITLE,
    "category": C.CATEGORY, "case_kind": C.CATEGORY, "parties": C.PARTIES, "type": C.EVENT,
    "date": C.DATE, "data": C.DETAILS, "document": C.DOCUMENT, "organisation_code": C.OTHER_NUMBERS,
}


def can_import(user: Any) -> bool:
    return scope.can_import(user)


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
        "unlawful": "%(message)s",
        "held_elsewhere": _("the case with this number is now held by another body: only that "
                            "body may add to it"),
        "event_not_for_procedure": _("this event does not belong to this kind of case"),
        "event_not_for_body": _("your body does not decide the event «%(value)s»: only the body "
                                "that decides it records it"),
        "unknown_event": _("unknown event"),
        "future_date": _("the date is in the future"),
        "title_too_long": _("the title is longer than 500 characters"),
        "bad_number": _("«%(number)s» is not a case number"),
    }
    template = messages.get(rej.code, _("rejected (%(code)s)"))
    return template % {"code": rej.code, **p}


Progress = Callable[[str, int, int], None]
logger = logging.getLogger(__name__)
# Rows read between two progress notes while the file is parsed.
READ_PROGRESS_EVERY = 5000


def import_file(
    *, actor: Any, data: bytes, file_name: str, batch: ImportBatch | None = None,
    progress: Progress | None = None,
) -> ImportBatch:
    """Import `data`; the returned batch holds counts, warnings and rejected rows.

    Progress is kept on the batch (`rows_total` grows while the file is read, then
    `rows_done` while it is stored) for the web page, and passed to `progress` as
    ("read", rows read, 0) then ("store", rows stored, rows in the file) for the CLI."""
    if actor is not None and not can_import(actor):
        raise PermissionDenied(_("Only officers and administrators may import cases."))
    if batch is None:
        batch = _new_batch(actor, file_name)
    with gc_frozen() as freeze:
        return _import(actor, data, file_name, batch, progress, freeze)


def _import(
    actor: Any, data: bytes, file_name: str, batch: ImportBatch, progress: Progress | None,
    freeze: Callable[[], None],
) -> ImportBatch:
    def on_read(rows: int) -> None:
        freeze()  # the rows read so far stay until the end: out of the collector's scans
        ImportBatch.objects.filter(pk=batch.pk).update(rows_total=rows)
        if progress:
            progress("read", rows, 0)

    try:
        parsed = parse_rows(read_rows(data, file_name), resolve_body=body_resolver(),
                            today=timezone.localdate(), progress=on_read)
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
    freeze()

    # Rows of the records stored so far, the rows rejected while reading counted as done.
    rows_before = [0]
    for rows_of in parsed.record_rows:
        rows_before.append(rows_before[-1] + len(rows_of))
    unread = parsed.total - rows_before[-1]

    def on_progress(records_done: int) -> None:
        rows = rows_before[records_done] + unread
        ImportBatch.objects.filter(pk=batch.pk).update(rows_done=rows)
        if progress:
            progress("store", rows, parsed.total)

    result = case_records_save(parsed.records, actor=actor, source="import",
                               note=f"import #{batch.pk}: {file_name}"[:255], progress=on_progress)
    _finish(batch, parsed, result, data, file_name)
    return batch


def _new_batch(actor: Any, file_name: str) -> ImportBatch:
    return ImportBatch.objects.create(
        created_by=actor if getattr(actor, "pk", None) else None, file_name=file_name[:255]
    )


def import_start(*, actor: Any, data: bytes, file_name: str) -> tuple[ImportBatch, threading.Thread | None]:
    """Record the batch and import the file in a background thread, so the web page can
    show its progress; the thread is returned (to join it in tests and scripts).

    With `settings.CONGMINH_IMPORT_SYNC` true (tests) the import runs here and no
    thread is started. The thread uses its own database connections and closes them."""
    if not can_import(actor):
        raise PermissionDenied(_("Only officers and administrators may import cases."))
    batch = _new_batch(actor, file_name)
    if getattr(settings, "CONGMINH_IMPORT_SYNC", False):
        import_file(actor=actor, data=data, file_name=file_name, batch=batch)
        return batch, None
    thread = threading.Thread(
        target=_import_in_thread, args=(actor, data, file_name, batch.pk),
        name=f"import-{batch.pk}", daemon=True,
    )
    thread.start()
    return batch, thread


def _import_in_thread(actor: Any, data: bytes, file_name: str, batch_pk: int) -> None:
    from django.db import connections

    try:
        batch = ImportBatch.objects.get(pk=batch_pk)
        try:
            import_file(actor=actor, data=data, file_name=file_name, batch=batch)
        except Exception as exc:  # the page must not wait for ever
            logger.exception("import #%s failed", batch_pk)
            message = _("The import stopped on an internal error: %s") % exc
            ImportBatch.objects.filter(pk=batch_pk).update(
                status=ImportBatch.Status.FAILED, finished_at=timezone.now(),
                errors=[{"row": 1, "column": "", "message": message, "text": message}],
            )
    finally:
        connections.close_all()


STALE_AFTER = dt.timedelta(hours=1)


def batch_mark_stale(batch: ImportBatch, *, now: dt.datetime | None = None) -> ImportBatch:
    """A batch still "running" an hour after it started was cut off (the server restarted
    during the import): mark it failed, with a message for its page. Called when a batch
    is shown; a batch that is not stale is returned unchanged."""
    now = now or timezone.now()
    if batch.status != ImportBatch.Status.RUNNING or batch.created_at > now - STALE_AFTER:
        return batch
    message = _("The import did not finish: it was interrupted (the server was probably "
                "restarted) after %(rows)d of %(total)d rows. Import the file again: the rows "
                "already stored are not added twice.") % {
        "rows": batch.rows_done, "total": batch.rows_total}
    error = {"row": 1, "column": "", "message": message, "text": message}
    changed = ImportBatch.objects.filter(pk=batch.pk, status=ImportBatch.Status.RUNNING).update(
        status=ImportBatch.Status.FAILED, finished_at=now, errors=[*batch.errors, error])
    if changed:
        batch.refresh_from_db()
    return batch


def batch_status(batch: ImportBatch) -> dict[str, Any]:
    """What the batch page polls while an import runs."""
    running = batch.status == ImportBatch.Status.RUNNING
    phase = "done"
    if running:
        # Every row stored: the deadlines of the changed cases are being recomputed.
        phase = "read" if not batch.rows_done else "store" if batch.rows_done < batch.rows_total else "clocks"
    return {
        "id": batch.pk, "status": batch.status, "status_display": str(batch.get_status_display()),
        "running": running, "phase": phase,
        "rows_total": batch.rows_total, "rows_done": batch.rows_done,
        "rows_rejected": batch.rows_rejected,
    }


def _finish(batch: ImportBatch, parsed: Parsed, result: BulkResult, data: bytes, file_name: str) -> None:
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
        missing = {p.row for p in problems} - parsed.rows.keys()
        if missing:  # rows the writer rejected: read their cells again
            for number, raw in enumerate(read_rows(data, file_name), start=1):
                if number in missing:
                    parsed.rows[number] = raw
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
        sheet.append(xlsx_row(sheet, [row, *raw, "\n".join(texts)]))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
