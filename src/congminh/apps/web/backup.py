"""Backup and restore of one installation: the database and the uploaded files.

An archive is a gzipped tar holding `manifest.json`, the database (`db.sqlite3`, an online
copy made with SQLite's backup API so the site can keep running; or `db.pgdump`, a
`pg_dump` custom-format dump) and `media/`, the documents and attachments users uploaded
(a restored case must still open its documents). The manifest names the database kind,
the last migration of each app and the SHA-256 of every member, and a restore refuses an
archive that does not match it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connections

FORMAT = 1


class BackupError(Exception):
    """A backup or restore that cannot be done; the message is for the operator."""


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _db() -> dict[str, Any]:
    return settings.DATABASES["default"]


def _vendor() -> str:
    return connections["default"].vendor


def _pg_env() -> dict[str, str]:
    db = _db()
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return env


def _pg_args() -> list[str]:
    db = _db()
    args = ["-h", str(db.get("HOST") or "127.0.0.1"), "-p", str(db.get("PORT") or 5432)]
    if db.get("USER"):
        args += ["-U", str(db["USER"])]
    return args


def _dump_database(target_dir: Path) -> Path:
    if _vendor() == "sqlite":
        out = target_dir / "db.sqlite3"
        source = sqlite3.connect(str(_db()["NAME"]))
        try:
            copy = sqlite3.connect(str(out))
            with copy:
                source.backup(copy)
            copy.close()
        finally:
            source.close()
        return out
    if _vendor() == "postgresql":
        out = target_dir / "db.pgdump"
        command = ["pg_dump", "-Fc", "--no-owner", *_pg_args(), "-f", str(out), str(_db()["NAME"])]
        _run(command)
        return out
    raise BackupError(f"Không sao lưu được cơ sở dữ liệu loại {_vendor()}.")


def _run(command: list[str]) -> None:
    try:
        subprocess.run(command, check=True, capture_output=True, env=_pg_env(), timeout=6 * 3600)
    except FileNotFoundError as exc:
        raise BackupError(f"Thiếu chương trình {command[0]} (cài gói postgresql-client).") from exc
    except subprocess.CalledProcessError as exc:
        detail = exc.stderr.decode("utf-8", "replace").strip()[-500:]
        raise BackupError(f"{command[0]} thất bại: {detail}") from exc


def _migrations() -> dict[str, str]:
    from django.db.migrations.recorder import MigrationRecorder

    latest: dict[str, str] = {}
    for app, name in MigrationRecorder(connections["default"]).applied_migrations():
        latest[app] = max(latest.get(app, ""), name)
    return dict(sorted(latest.items()))


def backup(out: Path) -> dict[str, Any]:
    """Write the archive to `out` and return its manifest."""
    media = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory() as tmp:
        dump = _dump_database(Path(tmp))
        members: dict[str, str] = {dump.name: _sha256(dump)}
        files = sorted(p for p in media.rglob("*") if p.is_file()) if media.exists() else []
        for path in files:
            members["media/" + path.relative_to(media).as_posix()] = _sha256(path)
        manifest = {
            "format": FORMAT, "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "database": _vendor(), "migrations": _migrations(), "files": members,
        }
        manifest_path = Path(tmp) / "manifest.json"
        manifest_path.write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
        out.parent.mkdir(parents=True, exist_ok=True)
        partial = out.with_name(out.name + ".part")
        with tarfile.open(partial, "w:gz") as tar:
            tar.add(manifest_path, arcname="manifest.json")
            tar.add(dump, arcname=dump.name)
            for path in files:
                tar.add(path, arcname="media/" + path.relative_to(media).as_posix())
        partial.replace(out)  # a cut-off backup never looks like a whole one
    return manifest


def backups_prune(folder: Path, *, keep: int) -> list[str]:
    """Delete all but the newest `keep` archives of `folder` (by name: they are dated);
    the names deleted."""
    archives = sorted(folder.glob("congminh-*.tar.gz"))
    doomed = archives[:-keep] if keep > 0 else []
    for path in doomed:
        path.unlink()
    return [p.name for p in doomed]


def _read_archive(archive: Path, into: Path) -> dict[str, Any]:
    try:
        with tarfile.open(archive, "r:gz") as tar:
            tar.extractall(into, filter="data")
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise BackupError(f"Tệp sao lưu {archive.name} hỏng hoặc không đúng định dạng: {exc}") from exc
    manifest_path = into / "manifest.json"
    if not manifest_path.exists():
        raise BackupError(f"Tệp {archive.name} không có manifest.json: không phải bản sao lưu Công Minh.")
    manifest: dict[str, Any] = json.loads(manifest_path.read_text(encoding="utf-8"))
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Bản sao lưu định dạng {manifest.get('format')} không được hỗ trợ.")
    for name, digest in manifest["files"].items():
        member = into / name
        if not member.is_file() or _sha256(member) != digest:
            raise BackupError(f"Tệp {name} trong bản sao lưu bị thiếu hoặc sai mã băm SHA-256.")
    return manifest


def restore(archive: Path) -> dict[str, Any]:
    """Replace this installation's database and uploaded files with the archive's."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        manifest = _read_archive(archive, root)
        if manifest["database"] != _vendor():
            raise BackupError(
                f"Bản sao lưu của cơ sở dữ liệu {manifest['database']}, máy này dùng {_vendor()}."
            )
        connections.close_all()
        if _vendor() == "sqlite":
            _restore_sqlite(root / "db.sqlite3")
        else:
            command = ["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction",
                       *_pg_args(), "-d", str(_db()["NAME"]), str(root / "db.pgdump")]
            _run(command)
        _restore_media(root / "media")
    return manifest


def _restore_sqlite(copy: Path) -> None:
    target = Path(str(_db()["NAME"]))
    source = sqlite3.connect(str(copy))
    try:
        live = sqlite3.connect(str(target))
        with live:
            source.backup(live)  # page by page into the live file, WAL and all
        live.close()
    finally:
        source.close()


def _restore_media(source: Path) -> None:
    media = Path(settings.MEDIA_ROOT)
    if media.exists():
        shutil.rmtree(media)
    if source.exists():
        shutil.copytree(source, media)
    else:
        media.mkdir(parents=True, exist_ok=True)
