"""Jobs run in huey's immediate mode (inside the test) unless a test starts a real
worker; files go to the test's own directories."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _fast_and_private(settings: Any, tmp_path: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.UPLOAD_DIR = tmp_path / "uploads"


@pytest.fixture
def immediate() -> Any:
    from huey.contrib.djhuey import HUEY

    before = HUEY.immediate
    HUEY.immediate = True
    yield HUEY
    HUEY.immediate = before


# --- real processes ---------------------------------------------------------------------


@pytest.fixture
def processes(tmp_path: Any) -> Any:
    """Start `congminh` child processes (output to files under tmp_path); all are killed
    at the end of the test, before the test database is flushed."""
    import subprocess
    import sys

    started: list[subprocess.Popen[bytes]] = []

    def start(args: list[str], env: dict[str, str], name: str) -> subprocess.Popen[bytes]:
        log = (tmp_path / f"{name}.log").open("wb")
        proc = subprocess.Popen([sys.executable, *args], env=env, stdout=log, stderr=subprocess.STDOUT)
        proc.log_path = tmp_path / f"{name}.log"  # type: ignore[attr-defined]
        started.append(proc)
        return proc

    yield start
    for proc in started:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=30)


@pytest.fixture
def real_queue() -> Any:
    """The configured queue (not immediate mode), emptied before and after the test."""
    from huey.contrib.djhuey import HUEY

    before = HUEY.immediate
    HUEY.immediate = False
    HUEY.flush()
    yield HUEY
    HUEY.flush()
    HUEY.immediate = before
