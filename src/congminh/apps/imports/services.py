"""Importing a spreadsheet of cases and events: parse, store through the bulk writer,
record the batch, write the rejected rows to an error workbook."""

from __future__ import annotations

import datetime as dt
import io
import logging
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
from congminh.apps.jobs.models import Job
from congminh.apps.organisations.models import Organisation
from congminh.apps.organisations.selectors import organisation_by_name
from congminh.core.files import FileRejected
from congminh.core.spreadsheets import xlsx_row

_FIELD_COLUMNS = {
    "holder_code": C.HOLDER, "numbers": C.NUMBER, "procedure": C.PROCEDURE, "title": C.TITLE,
    "category": C.CATEGORY, "case_kind": C.CATEGORY, "parties": C.PARTIES, "type": C.EVENT,
    "date": C.DATE, "data": C.DETAILS, "document": C.DOCUMENT, "organisation_code": C.OTHER_NUMBERS,
}


def not_an_importer() -> str:
    """Why an import is refused: an officer of a body that holds no cases (the Internal
    Affairs Committee's clerk) is an officer too, so the message names the bodies."""
    return _("Only officers of a body that holds cases (investigation agency, procuracy, court, "
             "civil judgment enforcement) and administrators may import cases.")


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
        "not_a_holder": _("the body %(body)s does not hold cases: the holder must be an investigation "
                          "agency, a procuracy, a court or a civil judgment enforcement office"),
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
        "flag_without_reason": _("give the reason the case is flagged for supervision (who asked, "
                                 "what was reported)"),
        "flag_reason_too_long": _("the reason is longer than 255 characters"),
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
        raise PermissionDenied(not_an_importer())
    if batch is None:
        batch = _new_batch(actor, file_name)
    with gc_frozen() as freeze:
        try:
            return _import(actor, data, file_name, batch, progress, freeze)
        except Exception as exc:  # never leave the batch "running": failed, with the reason
            message = _("The import stopped on an internal error: %s") % exc
            ImportBatch.objects.filter(pk=batch.pk, status=ImportBatch.Status.RUNNING).update(
                status=ImportBatch.Status.FAILED, finished_at=timezone.now(),
                errors=[{"row": 1, "column": "", "message": message, "text": message}])
            raise


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
        message = str(exc) if isinstance(exc, (HeadingError, FileRejected)) else _(
            "The file cannot be read as XLSX or CSV: %s") % exc
        row = getattr(exc, "row", None) or 1
        batch.errors = [{"row": row, "column": "", "message": message, "text": message}]
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


def import_start(*, actor: Any, data: bytes, file_name: str) -> tuple[ImportBatch, Job]:
    """Record the batch and queue the import as a job, so the web page can show its
    progress while the worker (`congminh worker`) runs it; the file is kept under the
    upload directory for the worker. Returns the batch and its job.

    With `settings.CONGMINH_IMPORT_SYNC` true (tests) the job runs here and now."""
    from congminh.apps.jobs.services import job_enqueue, job_run
    from congminh.apps.jobs.uploads import upload_store

    if not can_import(actor):
        raise PermissionDenied(not_an_importer())
    batch = _new_batch(actor, file_name)
    params = {"upload": upload_store(data, file_name), "file_name": file_name[:255],
              "batch_id": batch.pk}
    label = _("Import of %(file)s") % {"file": file_name[:200]}
    if getattr(settings, "CONGMINH_IMPORT_SYNC", False):
        job = Job.objects.create(kind="import_cases", params=params, label=label, created_by=actor)
        job = job_run(job.pk) or job
    else:
        job = job_enqueue(kind="import_cases", params=params, actor=actor, label=label)
    return batch, job


def import_job_run(job: Job, progress: Callable[[int, int], None]) -> dict[str, Any]:
    """The job's work (in the worker): import the stored file into its batch. A second
    attempt (the first one's worker died) imports the file again, which adds only what
    is missing, then recomputes the clocks of every case the first attempt touched: its
    stored rows come back unchanged, so the import alone would not. Any case left with
    no clocks at all (by a job that ran out of attempts) gets them too."""
    from congminh.apps.jobs.services import JobFailed
    from congminh.apps.jobs.uploads import upload_read

    batch = ImportBatch.objects.get(pk=job.params["batch_id"])
    if job.created_by is None:  # the user was deleted meanwhile: never import as the system
        raise JobFailed(_("The user who started the import no longer exists."))
    if job.attempts > 1:
        ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.RUNNING,
                                                       finished_at=None)
        batch.refresh_from_db()

    def on_progress(phase: str, done: int, total: int) -> None:
        progress(done if phase == "store" else 0, total or done)

    data = upload_read(job.params["upload"])
    batch = import_file(actor=job.created_by, data=data, file_name=job.params["file_name"],
                        batch=batch, progress=on_progress)
    if job.attempts > 1:
        _clocks_after_interrupted_import(job)
    _clocks_missing()
    result = {"batch_id": batch.pk, "rows": batch.rows_total, "rejected": batch.rows_rejected,
              "events_added": batch.events_added}
    if batch.status == ImportBatch.Status.FAILED:
        raise JobFailed(batch.errors[0]["text"] if batch.errors else _("The import failed."), result)
    return result


def _clocks_after_interrupted_import(job: Job) -> None:
    """Recompute the clocks of the cases this job's earlier attempts stored events into."""
    from congminh.apps.cases.models import CaseEvent, EventSource
    from congminh.apps.obligations.services import case_clocks_refresh

    ids = sorted(set(CaseEvent.objects.filter(
        source=EventSource.IMPORT, recorded_at__gte=job.created_at,
        recorded_by_id=job.created_by_id).values_list("case_id", flat=True)))
    case_clocks_refresh(case_ids=ids)


def _clocks_missing() -> None:
    """Compute the clocks of any case that has none: the cases an earlier job, killed and
    out of attempts, stored before it could (its file imported again by a new job comes
    back unchanged). None in a sound registry, so the query usually finds nothing."""
    from congminh.apps.cases.models import Case
    from congminh.apps.obligations.services import case_clocks_refresh

    ids = list(Case.objects.filter(status_as_of__isnull=True).values_list("id", flat=True))
    if ids:
        case_clocks_refresh(case_ids=ids)


def import_job_failed(job: Job, message: str) -> None:
    """The job failed for good: its batch too, with the reason (unless already ended)."""
    batch_id = job.params.get("batch_id")
    error = {"row": 1, "column": "", "message": message, "text": message}
    for batch in ImportBatch.objects.filter(pk=batch_id, status=ImportBatch.Status.RUNNING):
        ImportBatch.objects.filter(pk=batch.pk, status=ImportBatch.Status.RUNNING).update(
            status=ImportBatch.Status.FAILED, finished_at=timezone.now(),
            errors=[*batch.errors, error])


STALE_AFTER = dt.timedelta(hours=1)


def batch_mark_stale(batch: ImportBatch, *, now: dt.datetime | None = None) -> ImportBatch:
    """A batch still "running" whose job's worker died is taken back (queued again, or
    failed with the reason: `jobs_recover`); a batch of no job (imported before jobs
    existed) still "running" an hour after it started was cut off: marked failed, with a
    message for its page. Called when a batch is shown; otherwise returned unchanged."""
    from congminh.apps.jobs.models import Job
    from congminh.apps.jobs.selectors import job_for_batch
    from congminh.apps.jobs.services import jobs_recover

    if batch.status != ImportBatch.Status.RUNNING:
        return batch
    job = job_for_batch(batch.pk)
    if job is not None and job.status in (Job.Status.QUEUED, Job.Status.RUNNING):
        if jobs_recover(now=now, job_ids=[job.pk]):
            batch.refresh_from_db()
        return batch
    now = now or timezone.now()
    if batch.created_at > now - STALE_AFTER:
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
