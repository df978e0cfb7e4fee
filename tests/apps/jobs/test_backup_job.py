"""The worker's daily backup: an archive of the day in CONGMINH_BACKUP_DIR, restorable
(its manifest checks), the oldest beyond CONGMINH_BACKUP_KEEP deleted."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from congminh.apps.jobs.models import Job
from congminh.apps.jobs.services import job_enqueue
from congminh.apps.web.backup import _read_archive, backups_prune

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_daily_backup_job_writes_a_checked_archive(settings: Any, tmp_path: Path, immediate: Any) -> None:
    settings.BACKUP_DIR = tmp_path / "backups"
    settings.BACKUP_KEEP = 2
    settings.BACKUP_DIR.mkdir()
    for day in ("2026-11-01", "2026-11-02", "2026-11-03"):  # older archives of earlier days
        (settings.BACKUP_DIR / f"congminh-{day}.tar.gz").write_bytes(b"old")
    job_enqueue(kind="backup", key=f"backup:{dt.date.today()}")
    job = Job.objects.get(kind="backup")
    assert job.status == "done", job.error
    archive = Path(job.result["file"])
    manifest = _read_archive(archive, tmp_path / "check")  # the SHA-256 of every member verified
    assert manifest["database"] in ("sqlite", "postgresql")
    kept = sorted(p.name for p in settings.BACKUP_DIR.iterdir())
    assert kept == ["congminh-2026-11-03.tar.gz", archive.name]
    assert job.result["removed"] == ["congminh-2026-11-01.tar.gz", "congminh-2026-11-02.tar.gz"]


def test_prune_keeps_the_newest(tmp_path: Path) -> None:
    for day in ("2026-12-01", "2026-11-30", "2026-12-02"):
        (tmp_path / f"congminh-{day}.tar.gz").write_bytes(b"x")
    (tmp_path / "notes.txt").write_text("not an archive")
    assert backups_prune(tmp_path, keep=1) == ["congminh-2026-11-30.tar.gz", "congminh-2026-12-01.tar.gz"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["congminh-2026-12-02.tar.gz", "notes.txt"]
