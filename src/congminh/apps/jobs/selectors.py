"""Reading jobs: a user sees their own, an admin every job."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from congminh.apps.accounts.scope import is_admin
from congminh.apps.jobs.models import Job

# Session key set when the user has jobs (the menu shows the jobs page then): at login,
# at an upload and on the jobs page, so no page pays a query for the menu.
SESSION_FLAG = "jobs_menu"
SORTS = {
    "created": ("created_at", "id"), "-created": ("-created_at", "-id"),
    "status": ("status", "-created_at"), "-status": ("-status", "-created_at"),
    "label": ("label", "-created_at"), "-label": ("-label", "-created_at"),
    "finished": ("finished_at", "id"), "-finished": ("-finished_at", "-id"),
}


def sees_jobs(user: Any, request: Any) -> bool:
    """Does the menu show the jobs page: to admins and to users with jobs (`SESSION_FLAG`)."""
    session = getattr(request, "session", None)
    return bool(is_admin(user) or (session is not None and session.get(SESSION_FLAG)))


def job_list(*, user: Any, status: str = "", sort: str = "-created") -> QuerySet[Job]:
    qs = Job.objects.select_related("created_by")
    if not is_admin(user):
        qs = qs.filter(created_by_id=getattr(user, "pk", None))
    if status in Job.Status.values:
        qs = qs.filter(status=status)
    return qs.order_by(*SORTS.get(sort, SORTS["-created"]))


def job_get(*, user: Any, pk: int) -> Job | None:
    return job_list(user=user).filter(pk=pk).first()


def jobs_exist_for(user: Any) -> bool:
    return is_admin(user) or Job.objects.filter(created_by_id=getattr(user, "pk", None)).exists()


def job_for_batch(batch_id: int) -> Job | None:
    """The import job that fills an import batch."""
    return Job.objects.filter(kind="import_cases", params__batch_id=batch_id).order_by("-id").first()
