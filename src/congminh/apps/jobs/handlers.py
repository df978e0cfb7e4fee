"""What each kind of job does: its default label, the function that runs it, the page
it produced, and what to do when it fails for good or ends (delete its uploaded file).

A handler takes the job and a `Progress` and returns the result stored on the job (JSON);
it raises `JobFailed` for a failure that another attempt would repeat."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from congminh.apps.jobs.models import Job
from congminh.apps.jobs.services import Progress


def _nothing(*args: Any) -> None:
    return None


@dataclass(frozen=True)
class Kind:
    label: Promise
    run: Callable[[Job, Progress], dict[str, Any]]
    link: Callable[[Job], str | None] = _nothing
    on_failed: Callable[[Job, str], None] = _nothing
    cleanup: Callable[[Job], None] = _nothing


def _import_run(job: Job, progress: Progress) -> dict[str, Any]:
    from congminh.apps.imports.services import import_job_run

    return import_job_run(job, progress)


def _import_failed(job: Job, message: str) -> None:
    from congminh.apps.imports.services import import_job_failed

    import_job_failed(job, message)


def _import_cleanup(job: Job) -> None:
    from congminh.apps.jobs.uploads import upload_delete

    upload_delete(job.params.get("upload", ""))


def _import_link(job: Job) -> str | None:
    batch = job.params.get("batch_id")
    return reverse("imports:batch", args=[batch]) if batch else None


def _law_refresh(job: Job, progress: Progress) -> dict[str, Any]:
    from congminh.apps.cases.models import Case
    from congminh.apps.obligations.services import cases_refresh_all

    as_of = job.params.get("as_of")
    progress(0, Case.objects.count())
    n = cases_refresh_all(as_of=dt.date.fromisoformat(as_of) if as_of else None, progress=progress.add)
    return {"cases": n}


def _review_snapshot(job: Job, progress: Progress) -> dict[str, Any]:
    from congminh.apps.reports.snapshot import warm

    done = warm()
    progress(len(done), len(done))
    return {"snapshots": [f"{s.period_code} {s.day.isoformat()}: {len(s.entries)}" for s in done]}


def _remind(job: Job, progress: Progress) -> dict[str, Any]:
    from congminh.apps.directives.reminders import remind

    digests = remind(today=timezone.localdate(), days=job.params.get("days"))
    failed = sum(1 for d in digests if d.failed)
    progress(len(digests), len(digests))
    if failed and failed == len(digests):
        raise RuntimeError(_("no reminder could be sent"))  # e.g. the mail server is down: retry
    return {"bodies": len(digests), "sent": sum(1 for d in digests if d.sent), "failed": failed}


def _extend(job: Job, progress: Progress) -> dict[str, Any]:
    from congminh.apps.directives.models import Directive
    from congminh.apps.directives.services import directive_extend

    until = dt.date.fromisoformat(job.params["until"])
    directives = list(Directive.objects.filter(horizon__lt=until))
    created = 0
    for n, directive in enumerate(directives, start=1):
        created += len(directive_extend(actor=None, directive=directive, until=until))
        progress(n, len(directives))
    return {"directives": len(directives), "obligations": created}


def _backup(job: Job, progress: Progress) -> dict[str, Any]:
    """The database and the uploads into settings.BACKUP_DIR, keeping the newest
    settings.BACKUP_KEEP archives (a day's archive is named by its date: a re-run of the
    same day replaces it)."""
    from django.conf import settings

    from congminh.apps.web.backup import backup, backups_prune

    out = Path(settings.BACKUP_DIR) / f"congminh-{timezone.localdate().isoformat()}.tar.gz"
    progress(0, 1)
    manifest = backup(out)
    removed = backups_prune(Path(settings.BACKUP_DIR), keep=settings.BACKUP_KEEP)
    progress(1, 1)
    return {"file": str(out), "files": len(manifest["files"]), "removed": removed}


def _export(job: Job, progress: Progress) -> dict[str, Any]:
    from congminh.apps.jobs.exports import export_run

    return export_run(job, progress)


def _export_link(job: Job) -> str | None:
    from congminh.apps.jobs.exports import export_link

    return export_link(job)


KINDS: dict[str, Kind] = {
    "import_cases": Kind(_("Import of cases and events"), _import_run, _import_link,
                         _import_failed, _import_cleanup),
    "law_refresh": Kind(_("Recompute every case's deadlines"), _law_refresh,
                        lambda job: reverse("web:case_list")),
    "remind": Kind(_("Email the directive task reminders"), _remind),
    "extend_directives": Kind(_("Lay out recurring directive tasks"), _extend,
                              lambda job: reverse("directives:board")),
    "export": Kind(_("File for download"), _export, _export_link),
    "backup": Kind(_("Back up the database and the uploaded documents"), _backup),
    "review_snapshot": Kind(_("Precompute the quarterly review's per-case figures"), _review_snapshot),
}
