"""The jobs page: a user's own jobs (an admin's: every job), with progress and a link to
what each produced."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from congminh.apps.jobs.exports import EXPORTS
from congminh.apps.jobs.handlers import KINDS
from congminh.apps.jobs.models import Job
from congminh.apps.jobs.selectors import SESSION_FLAG, SORTS, job_get, job_list
from congminh.apps.jobs.services import job_enqueue

PAGE_SIZE = 50
COLUMNS = [("label", _("Job")), ("status", _("Status")), ("created", _("Requested at")),
           ("finished", _("Finished at"))]


def _headers(sort: str, status: str) -> list[dict[str, Any]]:
    headers = []
    for key, label in COLUMNS:
        direction = "asc" if sort == key else "desc" if sort == f"-{key}" else ""
        next_sort = f"-{key}" if direction == "asc" else key
        query = urlencode({k: v for k, v in (("status", status), ("sort", next_sort)) if v})
        headers.append({"key": key, "label": label, "direction": direction, "query": query})
    return headers


@login_required
def job_list_view(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    sort = request.GET.get("sort", "-created")
    sort = sort if sort in SORTS else "-created"
    page = Paginator(job_list(user=request.user, status=status, sort=sort), PAGE_SIZE).get_page(
        request.GET.get("page"))
    rows = [{"job": job, "link": KINDS[job.kind].link(job) if job.kind in KINDS else None}
            for job in page.object_list]
    if rows:
        request.session[SESSION_FLAG] = True
    query = urlencode({k: v for k, v in (("status", status), ("sort", sort)) if v})
    return render(request, "jobs/list.html", {
        "page": page, "rows": rows, "headers": _headers(sort, status), "status": status,
        "statuses": Job.Status.choices, "query": query,
        "running": any(r["job"].status in (Job.Status.QUEUED, Job.Status.RUNNING) for r in rows),
    })


@login_required
@require_POST
def export_start_view(request: HttpRequest) -> HttpResponse:
    """Queue a big download (`target`: a name of EXPORTS, `query`: its page's parameters);
    the file then waits on the jobs page. A report page posts here."""
    target = request.POST.get("target", "")
    if target not in EXPORTS:
        raise Http404
    job_enqueue(kind="export", params={"target": target, "query": request.POST.get("query", "")[:2000]},
                actor=request.user, label=str(EXPORTS[target]))
    request.session[SESSION_FLAG] = True
    return redirect("jobs:list")


@login_required
def job_file_view(request: HttpRequest, pk: int) -> FileResponse:
    job = job_get(user=request.user, pk=pk)
    if job is None or job.kind != "export" or not job.result.get("file"):
        raise Http404
    return FileResponse(default_storage.open(job.result["file"], "rb"), as_attachment=True,
                        filename=job.result.get("name") or "tep")
