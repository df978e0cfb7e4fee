"""Uploaded files waiting for a job: the worker is another process (perhaps another
machine with the same data directory), so the bytes are stored under UPLOAD_DIR and the
job carries the file's name there."""

from __future__ import annotations

import secrets
from pathlib import Path

from django.conf import settings


def _path(name: str) -> Path:
    root = Path(settings.UPLOAD_DIR).resolve()
    path = (root / name).resolve()
    if path.parent != root / "jobs":
        raise ValueError(f"not an upload: {name!r}")
    return path


def upload_store(data: bytes, file_name: str) -> str:
    """Write `data`; return its name relative to UPLOAD_DIR (random, no user text in it)."""
    suffix = "".join(c for c in Path(file_name).suffix.lower() if c.isalnum() or c == ".")[:10]
    name = f"jobs/{secrets.token_hex(16)}{suffix}"
    path = _path(name)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    tmp.write_bytes(data)
    tmp.replace(path)  # the worker never reads half a file
    return name


def upload_read(name: str) -> bytes:
    return _path(name).read_bytes()


def upload_delete(name: str) -> None:
    if name:
        _path(name).unlink(missing_ok=True)
