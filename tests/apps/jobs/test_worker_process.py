"""`congminh worker` as a real process: a worker killed with SIGKILL in the middle of
an import is replaced; the new worker takes the job back and finishes it without
duplicating an event or leaving a case without its clocks."""

from __future__ import annotations

import datetime as dt
import io
import os
import signal
import sys
from typing import Any

import pytest
from django.db.models import Count
from jobprocs import process_env, wait_for

from congminh.core.records import CaseRecord, EventRecord, PartyRecord

CASES = 3000  # three batches of the bulk writer (1,000 cases each), 6,000 rows

# The first worker sleeps after each committed batch, so that the test can kill it
# between two batches (a real process, only slowed down).
SLOW_WORKER = """
import os, sys, time
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congminh.settings")
import django
django.setup()
from congminh.apps.cases import bulk
save = bulk._save_batch
def slow(*args, **kwargs):
    done = save(*args, **kwargs)
    time.sleep(float(sys.argv[1]))
    return done
bulk._save_batch = slow
from django.core.management import call_command
call_command("worker")
"""


def _csv() -> bytes:
    from congminh.apps.imports.export import write_csv

    records = [
        CaseRecord(procedure="criminal", title=f"Vụ trộm cắp số {i}", holder_code="CA-TINH",
                   numbers=[("CA-TINH", f"{i}/2026/HS")], category="serious",
                   parties=[PartyRecord(f"Nguyễn Văn {i}", "accused")],
                   events=[EventRecord("case_instituted", dt.date(2026, 1, 5)),
                           EventRecord("investigation_extended", dt.date(2026, 4, 5), {"months": 2})])
        for i in range(CASES)
    ]
    out = io.StringIO()
    write_csv(records, out)
    return out.getvalue().encode()


def _obligations() -> list[tuple[Any, ...]]:
    from congminh.apps.obligations.models import CaseObligation

    return sorted(CaseObligation.objects.values_list("case_id", "rule", "subject", "due", "status"))


@pytest.mark.django_db(transaction=True)
def test_a_killed_worker_loses_and_duplicates_nothing(
    users: Any, processes: Any, real_queue: Any, settings: Any,
) -> None:
    from congminh.apps.cases.models import Case, CaseEvent
    from congminh.apps.imports.services import import_start
    from congminh.apps.jobs.models import Job
    from congminh.apps.obligations.services import cases_refresh_all

    settings.CONGMINH_IMPORT_SYNC = False
    env = process_env()
    first = processes(["-c", SLOW_WORKER, "2"], env, "worker-1")
    batch, job = import_start(actor=users["investigator"], data=_csv(), file_name="nhieu-vu.csv")
    # Killed once the first batch is committed, while the worker sleeps before the next.
    wait_for(lambda: Case.objects.count() >= 1000, 45, "first batch stored", first)
    os.kill(first.pid, signal.SIGKILL)
    first.wait(timeout=10)
    job.refresh_from_db()
    assert job.status == "running" and job.attempts == 1
    assert Case.objects.count() < CASES  # cut off mid-way
    assert Case.objects.filter(status_as_of__isnull=True).exists()  # clocks not computed yet

    second = processes(["-m", "congminh", "worker"], env, "worker-2")
    wait_for(lambda: Job.objects.filter(pk=job.pk, status__in=["done", "failed"]).exists(),
             60, "job finished by the second worker", second)
    job.refresh_from_db()
    batch.refresh_from_db()
    assert (job.status, job.attempts, batch.status, batch.rows_rejected) == ("done", 2, "done", 0), job.error
    assert Case.objects.count() == CASES
    assert CaseEvent.objects.count() == 2 * CASES
    duplicates = (CaseEvent.objects.values("case_id", "type", "date").annotate(n=Count("id"))
                  .filter(n__gt=1))
    assert not duplicates.exists()
    assert not Case.objects.filter(status_as_of__isnull=True).exists()
    # Every case's clocks are what a full recomputation gives.
    stored = _obligations()
    assert len(stored) >= CASES
    cases_refresh_all()
    assert _obligations() == stored
    second.send_signal(signal.SIGINT)
    second.wait(timeout=30)


@pytest.mark.skipif(sys.platform != "linux", reason="the worker child dies with its parent via prctl")
@pytest.mark.django_db(transaction=True)
def test_serve_runs_the_embedded_worker(users: Any, processes: Any, real_queue: Any) -> None:
    """`congminh serve` (as `make run`): the page answers and a job queued through the app
    is done by the worker it started; stopping the server stops the worker."""
    from jobprocs import enqueue_through_the_api, free_port, get, wait_job_done

    port = free_port()
    server = processes(["-m", "congminh", "serve", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
                       process_env(), "serve")
    base = f"http://127.0.0.1:{port}"
    status, body = wait_for(lambda: get(base + "/login/"), 60, "server answers", server)
    assert status == 200 and "Đăng nhập" in body
    job = enqueue_through_the_api(base, users["investigator"])
    wait_job_done(job, 60, server)
    children = _children(server.pid)
    assert children, "no worker child"
    server.terminate()
    server.wait(timeout=60)
    wait_for(lambda: not any(_alive(pid) for pid in children), 30, "worker child stopped")


def _children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    fields = stat.read().rsplit(")", 1)[1].split()
                with open(f"/proc/{entry}/cmdline", "rb") as cmd:
                    is_worker = b"worker" in cmd.read()
            except OSError:
                continue
            if int(fields[1]) == pid and is_worker:
                found.append(int(entry))
    return found


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False
