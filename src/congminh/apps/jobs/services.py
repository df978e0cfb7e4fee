"""Queueing, running and recovering jobs.

`job_enqueue` records the job and hands its id to the queue (after the commit, so the
worker sees the row); `job_run`, called by the worker, claims the job with a conditional
update, runs its kind's handler and records the outcome; `jobs_recover` finds the jobs
whose worker died (kill -9, a lost server) and queues them again or fails them.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import threading
import time
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from congminh.apps.jobs.models import Job

logger = logging.getLogger(__name__)
# Seconds between two writes of a running job's progress (each also a heartbeat).
PROGRESS_EVERY = 1.0
# Seconds between two heartbeats of the worker's running jobs (`heartbeat_start`).
HEARTBEAT_EVERY = 10.0
# The jobs this process is running now: only they get a heartbeat (a job whose ending
# could not be recorded must go stale, not beat for ever).
_active: set[int] = set()


class JobFailed(Exception):
    """A job that cannot succeed by trying again (a bad file, no permission): failed at once."""

    def __init__(self, message: str, result: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.result = result or {}


def worker_id() -> str:
    """`host:pid` of this process: the heartbeat's owner, checked by `jobs_recover`."""
    return f"{socket.gethostname()}:{os.getpid()}"


def job_enqueue(
    *, kind: str, params: dict[str, Any] | None = None, actor: Any = None, label: str = "",
    key: str | None = None, max_attempts: int | None = None,
) -> Job:
    """Record a job and queue it. A job with the `key` of an existing one is not queued
    again (two schedulers, or a schedule run twice, refresh once): the existing one is
    returned."""
    from congminh.apps.jobs.handlers import KINDS

    if kind not in KINDS:
        raise ValueError(f"unknown job kind {kind!r}")
    fields = {
        "kind": kind, "params": params or {}, "label": (label or str(KINDS[kind].label))[:255],
        "created_by": actor if getattr(actor, "pk", None) else None,
        "max_attempts": max_attempts or settings.JOB_MAX_ATTEMPTS,
    }
    if key:
        try:
            with transaction.atomic():
                job = Job.objects.create(key=key, **fields)
        except IntegrityError:
            return Job.objects.get(key=key)
    else:
        job = Job.objects.create(**fields)
    job_dispatch(job.pk)
    return job


def job_dispatch(job_id: int, *, delay: float | None = None) -> None:
    """Send the job's id to the queue once the current transaction commits. In the
    queue's immediate mode (tests) the job runs here and now."""
    from congminh.apps.jobs.tasks import HUEY, run_job

    def send() -> None:
        if delay:
            run_job.schedule((job_id,), delay=delay)
        else:
            run_job(job_id)

    if HUEY.immediate:
        send()
    else:
        transaction.on_commit(send)


class Progress:
    """Called by a handler with (done, total): stored on the job at most once a second,
    each write also a heartbeat."""

    def __init__(self, job: Job) -> None:
        self.job_id, self.done, self.total, self._written = job.pk, 0, job.total, 0.0

    def __call__(self, done: int, total: int | None = None) -> None:
        self.done = done
        if total is not None:
            self.total = total
        now = time.monotonic()
        if now - self._written >= PROGRESS_EVERY or (self.total and done >= self.total):
            self._written = now
            Job.objects.filter(pk=self.job_id).update(
                done=self.done, total=self.total, heartbeat_at=timezone.now())

    def add(self, n: int) -> None:
        self(self.done + n)


def job_run(job_id: int, *, worker: str | None = None) -> Job | None:
    """Run a queued job; None when it is not queued (done, or claimed by another worker)."""
    from congminh.apps.jobs.handlers import KINDS

    worker = worker or worker_id()
    now = timezone.now()
    claimed = Job.objects.filter(pk=job_id, status=Job.Status.QUEUED).update(
        status=Job.Status.RUNNING, worker=worker, heartbeat_at=now, started_at=now,
        finished_at=None, attempts=F("attempts") + 1)
    if not claimed:
        return None
    job = Job.objects.get(pk=job_id)
    kind = KINDS[job.kind]
    _active.add(job.pk)
    try:
        result = kind.run(job, Progress(job))
    except JobFailed as exc:
        _finish(job, worker, Job.Status.FAILED, error=str(exc), result=exc.result)
    except Exception as exc:
        logger.exception("job #%s (%s) failed, attempt %s", job.pk, job.kind, job.attempts)
        message = _("The job stopped on an internal error: %s") % exc
        if job.attempts < job.max_attempts:
            _retry(job, worker, message)
        else:
            _finish(job, worker, Job.Status.FAILED, error=message)
    else:
        _finish(job, worker, Job.Status.DONE, result=result or {})
    finally:
        _active.discard(job.pk)
    job.refresh_from_db()
    return job


def _retry(job: Job, worker: str, message: str) -> None:
    """Queue the job again after a pause growing with the attempts."""
    if Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING, worker=worker).update(
            status=Job.Status.QUEUED, error=message, worker="", heartbeat_at=None):
        job_dispatch(job.pk, delay=10.0 * job.attempts)


def _finish(job: Job, worker: str, status: str, *, error: str = "",
            result: dict[str, Any] | None = None) -> None:
    from congminh.apps.jobs.handlers import KINDS

    values: dict[str, Any] = {"status": status, "error": error, "finished_at": timezone.now(),
                              "result": result or {}}
    if status == Job.Status.DONE:
        values["done"] = F("total")
    # Only the worker that holds the job records it: a job taken back by `jobs_recover`
    # (this worker seemed dead) belongs to the next attempt.
    if Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING, worker=worker).update(**values):
        kind = KINDS[job.kind]
        if status == Job.Status.FAILED:
            kind.on_failed(job, error)
        kind.cleanup(job)


def _worker_gone(worker: str, stale_before: dt.datetime, heartbeat: dt.datetime | None) -> bool:
    if heartbeat is None or heartbeat < stale_before:
        return True
    host, _sep, pid = worker.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return False  # another machine's worker: only its heartbeat tells
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # alive, another user's process
        return False
    return False


def jobs_recover(*, now: dt.datetime | None = None, job_ids: list[int] | None = None) -> list[Job]:
    """Jobs "running" whose worker is gone (heartbeat older than JOB_STALE_SECONDS, or a
    dead process on this host): queued again while attempts remain, else failed with the
    reason (and what they produced marked so: an import's batch). Returns them."""
    from congminh.apps.jobs.handlers import KINDS

    now = now or timezone.now()
    stale_before = now - dt.timedelta(seconds=settings.JOB_STALE_SECONDS)
    running = Job.objects.filter(status=Job.Status.RUNNING)
    if job_ids is not None:
        running = running.filter(pk__in=job_ids)
    recovered = []
    for job in running.only("id", "kind", "worker", "heartbeat_at", "attempts", "max_attempts",
                            "params", "done", "total", "created_by"):
        if not _worker_gone(job.worker, stale_before, job.heartbeat_at):
            continue
        held = Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING, worker=job.worker)
        if job.attempts < job.max_attempts:
            if held.update(status=Job.Status.QUEUED, worker="", heartbeat_at=None,
                           error=_("The worker running this job stopped; it was queued again.")):
                logger.warning("job #%s: worker %s gone, queued again", job.pk, job.worker)
                job_dispatch(job.pk)
                recovered.append(job)
            continue
        message = _("The job did not finish: the worker running it stopped (attempt %(n)d of "
                    "%(max)d). Start it again.") % {"n": job.attempts, "max": job.max_attempts}
        if held.update(status=Job.Status.FAILED, finished_at=now, error=message, worker=""):
            KINDS[job.kind].on_failed(job, message)
            KINDS[job.kind].cleanup(job)
            recovered.append(job)
    return recovered


def jobs_redispatch_queued() -> int:
    """Send every queued job's id to the queue again (at a worker's start: a message may
    have been lost with the broker, or taken by a worker that died before claiming it).
    A second message for a job is harmless: only one claim succeeds."""
    ids = list(Job.objects.filter(status=Job.Status.QUEUED).values_list("pk", flat=True))
    for pk in ids:
        job_dispatch(pk)
    return len(ids)


def heartbeat_start(worker: str | None = None, every: float = HEARTBEAT_EVERY) -> threading.Event:
    """Write the heartbeat of this worker's running jobs every `every` seconds, from a
    daemon thread, until the returned event is set. A job busy in one long query (the
    clock refresh of a big import) stays alive this way."""
    from django.db import connection

    worker = worker or worker_id()
    stop = threading.Event()

    def beat() -> None:
        while not stop.wait(every):
            try:
                if _active:
                    Job.objects.filter(pk__in=list(_active), status=Job.Status.RUNNING,
                                       worker=worker).update(heartbeat_at=timezone.now())
            except Exception:  # a locked SQLite file: the next beat will do
                logger.warning("heartbeat not written", exc_info=True)
            finally:
                connection.close()

    threading.Thread(target=beat, name="job-heartbeat", daemon=True).start()
    return stop
