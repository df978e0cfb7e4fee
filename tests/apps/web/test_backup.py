"""`congminh backup` and `congminh restore` round trip on the database the suite runs on.

Real processes on a fresh installation of their own (a data directory, and on PostgreSQL
a database of their own): register a document with its file, back up, lose the data,
restore, and the document opens again with the same bytes.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tarfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from congminh.apps.web.backup import BackupError, _read_archive

CREATE = """
import datetime as dt
from django.core.files.base import ContentFile
from congminh.apps.organisations.models import Organisation
from congminh.apps.directives.models import IncomingDocument
org = Organisation.objects.create(code="TU-GL", name="Tỉnh ủy Gia Lai", kind="party_committee", level="province")
doc = IncomingDocument(receiving_body=org, year=2026, incoming_number=7, received_on=dt.date(2026, 12, 1),
                       original_name="chi-thi.txt")
doc.file.save("chi-thi.txt", ContentFile("Chỉ thị số 26-CT/TU".encode()), save=True)
"""
LOSE = """
from congminh.apps.directives.models import IncomingDocument
for doc in IncomingDocument.objects.all():
    doc.file.delete(save=False)
    doc.delete()
"""
READ = """
from congminh.apps.directives.models import IncomingDocument
doc = IncomingDocument.objects.get(incoming_number=7)
print(doc.file.open("rb").read().decode())
"""


def _congminh(env: dict[str, str], *args: str, stdin: str | None = None) -> str:
    done = subprocess.run([sys.executable, "-m", "congminh", *args], env=env, input=stdin,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


@pytest.fixture
def installation(tmp_path: Path) -> Iterator[dict[str, str]]:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(CONGMINH_DATA_DIR=str(tmp_path / "data"), PYTHONUNBUFFERED="1")
    env.pop("CONGMINH_MEDIA_ROOT", None)
    url = os.environ.get("DATABASE_URL", "")
    name = ""
    if url.startswith("postgres"):
        name = f"congminh_backup_{uuid.uuid4().hex[:8]}"
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True)
        env["DATABASE_URL"] = url.rsplit("/", 1)[0] + "/" + name
    else:
        env.pop("DATABASE_URL", None)
    try:
        _congminh(env, "migrate", "--noinput")
        yield env
    finally:
        if name:
            subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--force", name], check=False)


def test_round_trip_restores_cases_documents(installation: dict[str, str], tmp_path: Path) -> None:
    env = installation
    _congminh(env, "shell", "-c", CREATE)
    archive = tmp_path / "backup.tar.gz"
    assert "Đã sao lưu" in _congminh(env, "backup", str(archive))

    _congminh(env, "shell", "-c", LOSE)
    with pytest.raises(AssertionError):
        _congminh(env, "shell", "-c", READ)

    assert "Đã khôi phục" in _congminh(env, "restore", str(archive), "--yes")
    assert _congminh(env, "shell", "-c", READ).strip().splitlines()[-1] == "Chỉ thị số 26-CT/TU"


def test_restore_asks_before_replacing(installation: dict[str, str], tmp_path: Path) -> None:
    archive = tmp_path / "backup.tar.gz"
    _congminh(installation, "backup", str(archive))
    done = subprocess.run([sys.executable, "-m", "congminh", "restore", str(archive)], env=installation,
                          input="khong\n", capture_output=True, text=True, timeout=120)
    assert done.returncode != 0 and "Đã hủy" in done.stderr


def _archive(tmp_path: Path, manifest: dict[str, object], members: dict[str, bytes]) -> Path:
    src = tmp_path / "src"
    src.mkdir()
    (src / "manifest.json").write_text(json.dumps(manifest))
    out = tmp_path / "a.tar.gz"
    with tarfile.open(out, "w:gz") as tar:
        tar.add(src / "manifest.json", arcname="manifest.json")
        for name, data in members.items():
            (src / name).write_bytes(data)
            tar.add(src / name, arcname=name)
    return out


def test_a_tampered_archive_is_refused(tmp_path: Path) -> None:
    manifest = {"format": 1, "database": "sqlite", "files": {"db.sqlite3": "0" * 64}}
    archive = _archive(tmp_path, manifest, {"db.sqlite3": b"not the saved bytes"})
    with pytest.raises(BackupError, match="SHA-256"):
        _read_archive(archive, tmp_path / "out")


def test_a_file_that_is_not_an_archive_is_refused(tmp_path: Path) -> None:
    bogus = tmp_path / "x.tar.gz"
    bogus.write_bytes(b"PK\x03\x04 not a tar")
    with pytest.raises(BackupError, match="hỏng"):
        _read_archive(bogus, tmp_path / "out")
