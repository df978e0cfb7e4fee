"""Big downloads made in the background: the worker calls the download's own view as the
user who asked (so scope, parameters and the run record are exactly the page's) and
keeps the file for the jobs page. Only the downloads listed in EXPORTS."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404
from django.urls import resolve, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from congminh.apps.jobs.models import Job

EXPORTS = {
    "reports:quarterly_export": gettext_lazy("Quarterly review (XLSX)"),
    "reports:quarterly_docx": gettext_lazy("Quarterly review report (DOCX)"),
    "reports:quarterly_pdf": gettext_lazy("Quarterly review report (PDF)"),
    "reports:annual_docx": gettext_lazy("Annual report (DOCX)"),
    "reports:annual_pdf": gettext_lazy("Annual report (PDF)"),
    "web:case_export": gettext_lazy("Case list (CSV)"),
    "directives:board_xlsx": gettext_lazy("Directive task board (XLSX)"),
}


def export_run(job: Job, progress: Any) -> dict[str, Any]:
    from django.test import RequestFactory

    from congminh.apps.jobs.services import JobFailed

    target, query = job.params["target"], job.params.get("query", "")
    if target not in EXPORTS or job.created_by is None:
        raise JobFailed(_("This file cannot be made in the background."))
    url = reverse(target)
    request = RequestFactory().get(f"{url}?{query}" if query else url)
    request.user = job.created_by
    try:
        response = resolve(url).func(request)
    except (PermissionDenied, Http404) as exc:
        raise JobFailed(_("You may not download this file.")) from exc
    if response.status_code != 200:
        raise JobFailed(_("The file could not be made (HTTP %s).") % response.status_code)
    data = (b"".join(response.streaming_content) if response.streaming
            else response.content)
    disposition = response.get("Content-Disposition", "")
    name = disposition.split("filename=")[-1].strip('"') if "filename=" in disposition else "tep"
    stored = default_storage.save(f"jobs/{job.pk}/{name}", ContentFile(data))
    progress(1, 1)
    return {"file": stored, "name": name, "bytes": len(data)}


def export_link(job: Job) -> str | None:
    return reverse("jobs:file", args=[job.pk]) if job.result.get("file") else None
