"""`congminh worker`: the job worker (huey's consumer) and the scheduler of the periodic
jobs (daily law refresh and reminders, yearly extension of directive tasks, recovery of
jobs whose worker died), in one process.

At start it takes back the jobs of a worker that died on this machine (queued again while
attempts remain) and sends every queued job to the queue again; while it runs, a thread
writes the heartbeat of its running jobs. Under systemd: `deploy/systemd/congminh-worker.service`.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.db import DatabaseError
from huey.contrib.djhuey.management.commands.run_huey import Command as RunHuey

from congminh.apps.jobs.services import heartbeat_start, jobs_recover, jobs_redispatch_queued


class Command(RunHuey):  # type: ignore[misc]
    help = "Chạy tiến trình xử lý công việc nền (hàng đợi huey) và lịch chạy định kỳ"

    def handle(self, *args: Any, **options: Any) -> None:
        from huey.contrib.djhuey import HUEY

        if HUEY.immediate:  # CONGMINH_QUEUE_IMMEDIATE=1: nothing would reach this worker
            HUEY.immediate = False
        logging.getLogger("congminh.apps.jobs").setLevel(logging.INFO)
        try:
            recovered, queued = len(jobs_recover()), jobs_redispatch_queued()
        except DatabaseError as exc:  # not migrated yet: the queue still runs
            self.stderr.write(f"Công Minh worker: jobs not checked ({exc})")
            recovered = queued = 0
        self.stdout.write(f"Công Minh worker: {HUEY.__class__.__name__} {HUEY.name}; "
                          f"{recovered} taken back, {queued} queued; "
                          f"schedule {settings.JOB_SCHEDULE}")
        self.stdout.flush()
        stop = heartbeat_start()
        try:
            super().handle(*args, **options)
        finally:
            stop.set()
