"""Queueing, running, retrying and recovering jobs (in huey's immediate mode: the job
runs inside the call that queues it)."""

from __future__ import annotations

import datetime as dt
import socket
from typing import Any

import pytest
from django.utils import timezone

from congminh.apps.jobs import handlers
from congminh.apps.jobs.models import Job
from congminh.apps.jobs.services import JobFailed, job_enqueue, job_run, jobs_recover, worker_id

pytestmark = pytest.mark.django_db


@pytest.fixture
def flaky(monkeypatch: Any) -> list[str]:
    """A kind whose handler fails as told by the list it returns (then succeeds)."""
    failures: list[str] = []

    def run(job: Job, progress: Any) -> dict[str, Any]:
        progress(1, 2)
        if failures:
            what = failures.pop(0)
            if what == "final":
                raise JobFailed("tệp hỏng", {"seen": 1})
            raise RuntimeError(what)
        progress(2, 2)
        return {"ok": True}

    monkeypatch.setitem(handlers.KINDS, "flaky", handlers.Kind(handlers.KINDS["remind"].label, run))
    return failures


def test_a_job_runs_and_records_its_result(immediate: Any, make_case: Any, users: Any) -> None:
    make_case(number="1/2026/HS")
    job = job_enqueue(kind="law_refresh", actor=users["admin"])
    job.refresh_from_db()
    assert (job.status, job.attempts, job.result, job.error) == ("done", 1, {"cases": 1}, "")
    assert (job.done, job.total) == (1, 1) and job.started_at and job.finished_at
    assert job.worker == worker_id() and job.label == "Tính lại thời hạn của mọi vụ án"


def test_a_key_is_queued_once(immediate: Any) -> None:
    first = job_enqueue(kind="law_refresh", key="law_refresh:2026-12-02")
    again = job_enqueue(kind="law_refresh", key="law_refresh:2026-12-02")
    assert first.pk == again.pk and Job.objects.count() == 1


def test_an_error_is_retried_up_to_the_limit(immediate: Any, flaky: list[str], settings: Any) -> None:
    settings.JOB_MAX_ATTEMPTS = 3
    flaky.extend(["mất kết nối", "mất kết nối", "mất kết nối"])
    job = job_enqueue(kind="flaky")
    job.refresh_from_db()
    # Queued again for later (the queue holds the delayed retry).
    assert (job.status, job.attempts) == ("queued", 1) and "mất kết nối" in job.error
    assert job_run(job.pk).status == "queued"  # type: ignore[union-attr]
    failed = job_run(job.pk)
    assert failed is not None and (failed.status, failed.attempts) == ("failed", 3)
    assert failed.error.startswith("Công việc dừng do lỗi hệ thống")
    assert job_run(job.pk) is None  # nothing left to run


def test_a_retry_can_succeed(immediate: Any, flaky: list[str]) -> None:
    flaky.append("bận")
    job = job_enqueue(kind="flaky")
    done = job_run(job.pk)
    assert done is not None and (done.status, done.attempts, done.result) == ("done", 2, {"ok": True})
    assert (done.done, done.total, done.error) == (2, 2, "")


def test_a_final_failure_is_not_retried(immediate: Any, flaky: list[str]) -> None:
    flaky.append("final")
    job = job_enqueue(kind="flaky")
    job.refresh_from_db()
    assert (job.status, job.attempts, job.error, job.result) == ("failed", 1, "tệp hỏng", {"seen": 1})


def test_a_claimed_job_is_not_run_twice() -> None:
    job = Job.objects.create(kind="law_refresh", label="x", status=Job.Status.RUNNING,
                             worker="other:1", heartbeat_at=timezone.now())
    assert job_run(job.pk) is None
    job.refresh_from_db()
    assert (job.status, job.worker, job.attempts) == ("running", "other:1", 0)


def _running(worker: str, heartbeat: dt.datetime, attempts: int = 1, **kwargs: Any) -> Job:
    return Job.objects.create(kind="law_refresh", label="x", status=Job.Status.RUNNING,
                              worker=worker, heartbeat_at=heartbeat, attempts=attempts,
                              max_attempts=3, **kwargs)


def test_recovery_takes_back_the_jobs_of_dead_workers(immediate: Any, settings: Any) -> None:
    settings.JOB_STALE_SECONDS = 60
    now = timezone.now()
    alive = _running(worker_id(), now)  # this process, beating
    far = _running("another-host:42", now - dt.timedelta(seconds=30))  # beat recently
    silent = _running("another-host:43", now - dt.timedelta(seconds=61))
    dead_pid = _running(f"{socket.gethostname()}:999999999", now)  # no such process here
    exhausted = _running("another-host:44", now - dt.timedelta(hours=1), attempts=3)
    recovered = {j.pk for j in jobs_recover(now=now)}
    assert recovered == {silent.pk, dead_pid.pk, exhausted.pk}
    for job in (alive, far, silent, dead_pid, exhausted):
        job.refresh_from_db()
    assert alive.status == far.status == "running"
    # Queued again, then run at once (immediate mode): a second attempt.
    assert (silent.status, silent.attempts, dead_pid.status, dead_pid.attempts) == ("done", 2, "done", 2)
    assert exhausted.status == "failed" and "lần 3/3" in exhausted.error


def test_periodic_tasks_queue_keyed_jobs(immediate: Any, monkeypatch: Any) -> None:
    from congminh.apps.jobs import tasks

    sent: list[str] = []
    monkeypatch.setattr("congminh.apps.directives.reminders.remind",
                        lambda **kw: sent.append("remind") or [])
    tasks.law_refresh_daily.call_local()
    tasks.law_refresh_daily.call_local()  # two schedulers on one day: one refresh
    tasks.remind_daily.call_local()
    tasks.extend_directives_yearly.call_local()
    today = timezone.localdate()
    assert sorted(Job.objects.values_list("key", "status")) == [
        (f"extend_directives:{today.year}", "done"), (f"law_refresh:{today}", "done"),
        (f"remind:{today}", "done")]
    assert Job.objects.get(kind="extend_directives").params == {"until": f"{today.year + 2}-12-31"}
    assert sent == ["remind"]


def test_the_schedule_comes_from_settings(settings: Any) -> None:
    from congminh.apps.jobs.tasks import schedule

    settings.JOB_SCHEDULE = {**settings.JOB_SCHEDULE, "remind": "30 6 * * 1-5"}
    monday_0630 = dt.datetime(2026, 12, 7, 6, 30)
    assert schedule("remind")(monday_0630) and not schedule("remind")(monday_0630.replace(minute=31))
    assert not schedule("remind")(dt.datetime(2026, 12, 6, 6, 30))  # a Sunday
    assert schedule("law_refresh")(dt.datetime(2026, 12, 2, 0, 5))
    assert schedule("extend_directives")(dt.datetime(2026, 12, 15, 1, 0))


@pytest.mark.django_db(transaction=True)
def test_the_heartbeat_is_for_the_jobs_this_process_runs(monkeypatch: Any) -> None:
    from congminh.apps.jobs import services

    old = timezone.now() - dt.timedelta(hours=1)
    mine = _running(worker_id(), old)
    stuck = _running(worker_id(), old)  # "running" here, but no longer run by this process
    monkeypatch.setattr(services, "_active", {mine.pk})
    stop = services.heartbeat_start(every=0.05)
    try:
        deadline = timezone.now() + dt.timedelta(seconds=30)
        while Job.objects.get(pk=mine.pk).heartbeat_at == old and timezone.now() < deadline:
            stop.wait(0.05)
    finally:
        stop.set()
    assert Job.objects.get(pk=mine.pk).heartbeat_at > old
    assert Job.objects.get(pk=stuck.pk).heartbeat_at == old
