"""A disk cache of the parsed, validated rules and of the working calendar.

Parsing and validating the rule files (YAML + JSON Schema) and building the calendar
(the `holidays` library over 41 years) cost a fresh process a few hundred milliseconds
before its first clock. `cached(name, inputs, build)` stores what `build()` returns as a
pickle keyed by a SHA-256 digest of everything the result depends on: the name and bytes
of every input file, the source of the law-engine modules that build it (the code
version), the versions of Python and of the libraries involved. Any change to any of them
gives another digest, so the stale file is rebuilt and replaced.

Where: `$CONGMINH_LAW_CACHE_DIR` if set (empty or `off`: no cache), else
`$CONGMINH_DATA_DIR/cache/law`, else the user cache directory (`$XDG_CACHE_HOME` or
`~/.cache`) `/congminh/law`. A directory that cannot be created or written, a missing,
truncated or corrupt file, or one written for another digest: `build()` is called, as
without a cache; errors of `build()` itself (a bad rule file) are raised as before and
nothing is written. The file is written to a temporary name then renamed, so concurrent
processes never read half a file. The directory is the application's own (like the
data dir's database): a pickle there is trusted.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import os
import pickle
import sys
import tempfile
from collections.abc import Callable, Iterable
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import TypeVar, cast

T = TypeVar("T")

CACHE_ENV = "CONGMINH_LAW_CACHE_DIR"
FORMAT = b"congminh-law-cache-1"
# The modules whose code shapes what is cached (their source is part of the digest).
_CODE = ("load_cache.py", "rules.py", "working_calendar.py", "config.py", "dates.py")
# Distribution name -> its top-level module (located without importing it).
_LIBRARIES = {"PyYAML": "yaml", "jsonschema": "jsonschema", "holidays": "holidays",
              "numpy": "numpy"}


def cache_dir() -> Path | None:
    """The directory of the cache files, None when the cache is turned off."""
    explicit = os.environ.get(CACHE_ENV)
    if explicit is not None:
        explicit = explicit.strip()
        return None if explicit in ("", "off", "0") else Path(explicit)
    data = os.environ.get("CONGMINH_DATA_DIR")
    if data:
        return Path(data) / "cache" / "law"
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "congminh" / "law"


def _library_version(dist: str, module: str) -> str:
    """The installed version of `dist`: the name of its `.dist-info` directory beside the
    module (one directory listing; `importlib.metadata.version` parses the metadata file
    and cost more than reading the cache), else `importlib.metadata`'s answer."""
    spec = importlib.util.find_spec(module)
    if spec is not None and spec.origin:
        site = Path(spec.origin).parent.parent
        prefix = dist.lower().replace("-", "_") + "-"
        with contextlib.suppress(OSError):
            for entry in os.listdir(site):
                if entry.lower().startswith(prefix) and entry.endswith(".dist-info"):
                    return entry
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "-"


@lru_cache(maxsize=1)
def _code_version() -> bytes:
    here = Path(__file__).parent
    digest = hashlib.sha256(FORMAT)
    digest.update(sys.version.encode())
    for name in _CODE:
        digest.update(name.encode() + b"\0" + (here / name).read_bytes())
    for dist, module in _LIBRARIES.items():
        digest.update(f"{dist}={_library_version(dist, module)}\0".encode())
    return digest.digest()


def digest_of(inputs: Iterable[tuple[str, bytes]], extra: str = "") -> str:
    """The key of a cached value: the code version, `extra` and each (name, bytes) input."""
    digest = hashlib.sha256(_code_version())
    digest.update(extra.encode() + b"\0")
    for name, data in inputs:
        digest.update(name.encode() + b"\0" + len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()


def cached(name: str, inputs: Iterable[tuple[str, bytes]], build: Callable[[], T],
           extra: str = "", directory: Path | None = None) -> T:
    """`build()`, or the value it returned last time for the same inputs and code."""
    where = cache_dir() if directory is None else directory
    if where is None:
        return build()
    try:
        key = digest_of(inputs, extra)
    except OSError:  # the code's source is not readable as files: no cache
        return build()
    path = where / f"{name}.pickle"
    found = _read(path, key)
    if found is not None:
        return cast(T, found[0])
    value = build()
    _write(path, key, value)
    return value


def _read(path: Path, key: str) -> tuple[object] | None:
    try:
        with path.open("rb") as f:
            stored_key, value = pickle.load(f)  # noqa: S301 - the application's own directory
    except Exception:  # noqa: BLE001 - absent, unreadable, truncated, corrupt: rebuild
        return None
    return (value,) if stored_key == key else None


def _write(path: Path, key: str, value: object) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as f:
                pickle.dump((key, value), f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except (OSError, pickle.PicklingError):
        pass  # read-only or absent directory, full disk: the value was built all the same
