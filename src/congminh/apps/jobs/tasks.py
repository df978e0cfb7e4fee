"""The queue's tasks (huey, `huey.contrib.djhuey`): one task runs a job by its id; the
periodic tasks, run by the worker's scheduler (`congminh worker`), queue the daily law
refresh and reminders, the daily backup, the daily snapshots of the quarterly review and
the yearly extension of directive tasks (times in settings.JOB_SCHEDULE, local time), and
take back the jobs of dead workers."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import HUEY, db_periodic_task, db_task

from congminh.apps.jobs import services

__all__ = ["HUEY", "run_job"]


def schedule(name: str) -> Any:
    """settings.JOB_SCHEDULE[name], "minute hour day month weekday", as a huey crontab."""
    minute, hour, day, month, weekday = settings.JOB_SCHEDULE[name].split()
    return crontab(minute=minute, hour=hour, day=day, month=month, day_of_week=weekday)


@db_task()  # type: ignore[untyped-decorator]
def run_job(job_id: int) -> None:
    services.job_run(job_id)


@db_periodic_task(schedule("law_refresh"))  # type: ignore[untyped-decorator]
def law_refresh_daily() -> None:
    services.job_enqueue(kind="law_refresh", key=f"law_refresh:{timezone.localdate()}")


@db_periodic_task(schedule("remind"))  # type: ignore[untyped-decorator]
def remind_daily() -> None:
    services.job_enqueue(kind="remind", key=f"remind:{timezone.localdate()}")


@db_periodic_task(schedule("extend_directives"))  # type: ignore[untyped-decorator]
def extend_directives_yearly() -> None:
    # Two years ahead, as the recurring tasks were laid out when confirmed.
    year = timezone.localdate().year
    services.job_enqueue(kind="extend_directives", params={"until": f"{year + 2}-12-31"},
                         key=f"extend_directives:{year}")


@db_periodic_task(schedule("backup"))  # type: ignore[untyped-decorator]
def backup_daily() -> None:
    services.job_enqueue(kind="backup", key=f"backup:{timezone.localdate()}")


@db_periodic_task(schedule("review_snapshot"))  # type: ignore[untyped-decorator]
def review_snapshot_daily() -> None:
    services.job_enqueue(kind="review_snapshot", key=f"review_snapshot:{timezone.localdate()}")


@db_periodic_task(crontab(minute="*/2"))  # type: ignore[untyped-decorator]
def recover_jobs() -> None:
    services.jobs_recover()
