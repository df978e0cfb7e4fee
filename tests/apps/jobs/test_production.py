"""The README's production set-up as real processes: `congminh serve --no-worker` and
`congminh worker` against PostgreSQL and Redis (the CI's PostgreSQL run; skipped on
SQLite or without a Redis server at 127.0.0.1:6379)."""

from __future__ import annotations

import socket
from typing import Any

import pytest
from jobprocs import (
    api_get,
    enqueue_through_the_api,
    free_port,
    get,
    process_env,
    wait_for,
    wait_job_done,
)

REDIS_URL = "redis://127.0.0.1:6379/13"  # a database of its own, emptied by the test


def _redis_up() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        return False
    return True


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_web_and_worker_processes_on_postgresql_and_redis(users: Any, processes: Any) -> None:
    from django.db import connection

    if connection.vendor != "postgresql" or not _redis_up():
        pytest.skip("needs DATABASE_URL=postgres://… and Redis at 127.0.0.1:6379")
    import redis

    queue = redis.Redis.from_url(REDIS_URL)
    queue.flushdb()
    env = process_env(CONGMINH_QUEUE_URL=REDIS_URL)
    port = free_port()
    server = processes(["-m", "congminh", "serve", "--no-worker", "--bind", f"127.0.0.1:{port}",
                        "--workers", "2"], env, "serve")
    worker = processes(["-m", "congminh", "worker"], env, "worker")
    base = f"http://127.0.0.1:{port}"
    status, body = wait_for(lambda: get(base + "/login/"), 60, "server answers", server)
    assert status == 200 and "Đăng nhập" in body
    job = enqueue_through_the_api(base, users["investigator"])
    wait_job_done(job, 60, worker)
    assert job.worker.endswith(f":{worker.pid}")  # the worker process ran it, not the server
    batch = api_get(base, f"/api/imports/{job.params['batch_id']}/", job.token)
    assert (batch["status"], batch["cases_created"]) == ("done", 1)
    assert "Huey consumer started" in worker.log_path.read_text()
    assert "RedisHuey" in worker.log_path.read_text()
    queue.flushdb()
