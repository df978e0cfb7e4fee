"""Helpers of the tests that start `congminh` as real processes (serve, worker)."""

from __future__ import annotations

import io
import socket
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from typing import Any

import pytest


def process_env(**extra: str) -> dict[str, str]:
    """The environment of a `congminh` child process: the database the test session
    uses (its test database, committed data), its data directory, its queue."""
    import os

    from django.conf import settings

    drop = {"DJANGO_ALLOW_ASYNC_UNSAFE", "CONGMINH_QUEUE_IMMEDIATE", "DATABASE_URL",
            "CONGMINH_SQLITE_PATH", "CONGMINH_QUEUE_URL"}
    env = {k: v for k, v in os.environ.items() if k not in drop and not k.startswith("CONGMINH_DEBUG")}
    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        env["CONGMINH_SQLITE_PATH"] = str(db["NAME"])
    else:
        password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
        env["DATABASE_URL"] = (f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:"
                               f"{db['PORT'] or 5432}/{db['NAME']}")
    env.update(CONGMINH_DATA_DIR=str(settings.DATA_DIR), CONGMINH_UPLOAD_DIR=str(settings.UPLOAD_DIR),
               CONGMINH_MEDIA_ROOT=str(settings.MEDIA_ROOT), CONGMINH_CONN_MAX_AGE="0",
               PYTHONUNBUFFERED="1", **extra)
    return env


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def get(url: str) -> tuple[int, str] | None:
    """(status, body), or None while nothing listens."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (loopback)
            return response.status, response.read().decode()
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode()
    except OSError:
        return None


def wait_for(condition: Callable[[], Any], seconds: float, what: str, proc: Any = None) -> Any:
    """Poll `condition` until it is true; fail with the process's log if it exits or
    the time runs out (a bound on the wait, not a timed assertion)."""
    deadline = time.monotonic() + seconds
    while True:
        value = condition()
        if value:
            return value
        if proc is not None and proc.poll() is not None:
            pytest.fail(f"{what}: the process exited\n{proc.log_path.read_text()[-3000:]}")
        if time.monotonic() > deadline:
            log = proc.log_path.read_text()[-3000:] if proc is not None else ""
            pytest.fail(f"{what}: not within {seconds} s\n{log}")
        time.sleep(0.2)


def enqueue_through_the_api(base: str, user: Any) -> Any:
    """POST a one-row import to /api/imports/ with the user's token: the server queues it
    as a job (202). Returns the job (its `token` attribute: the token used)."""
    from openpyxl import Workbook
    from rest_framework.authtoken.models import Token

    from congminh.apps.imports import columns as C
    from congminh.apps.jobs.selectors import job_for_batch

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(list(C.HEADINGS))
    sheet.append(["CA-TINH", "77/2026/HS", "hình sự", "nghiêm trọng", "Vụ trộm cắp tài sản",
                  "Nguyễn Văn A (bị can)", "Khởi tố vụ án", "05/01/2026", None, None, None,
                  None, "", ""])
    data = io.BytesIO()
    book.save(data)
    token = Token.objects.create(user=user)
    boundary = "congminh-test-boundary"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"mot.xlsx\"\r\n"
            f"Content-Type: application/octet-stream\r\n\r\n").encode() + data.getvalue() + (
            f"\r\n--{boundary}--\r\n").encode()
    request = urllib.request.Request(base + "/api/imports/", data=body, method="POST", headers={
        "Authorization": f"Token {token.key}", "Content-Type": f"multipart/form-data; boundary={boundary}"})
    import json

    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 (loopback)
        assert response.status == 202, response.status
        batch = json.loads(response.read())
    job = job_for_batch(batch["id"])
    assert job is not None
    job.token = token.key
    return job


def api_get(base: str, path: str, token: str) -> Any:
    import json

    request = urllib.request.Request(base + path, headers={"Authorization": f"Token {token}"})
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 (loopback)
        return json.loads(response.read())


def wait_job_done(job: Any, seconds: float, proc: Any) -> None:
    from congminh.apps.jobs.models import Job

    wait_for(lambda: Job.objects.filter(pk=job.pk, status__in=["done", "failed"]).exists(),
             seconds, "the job ran", proc)
    job.refresh_from_db()
    assert job.status == "done", job.error
