"""Independent chunks of the bulk path in forked worker processes.

    map_forked(task, items, workers) -> [task(item) for item in items]   # same order

Why fork: the workers inherit the case columns and the compiled rule tables as they are
in the parent (copy-on-write pages, nothing pickled on the way in); only each chunk's
compact result travels back. The task is handed over through a module global set before
the pool forks, so it need not be picklable.

Memory: a worker's resident set starts as the parent's (shared pages); what a worker
adds is its own high-water mark above that start. `last_worker_growth_kib` keeps, for the
last call, each worker's largest growth, so that a benchmark can add it to the parent's
peak instead of counting the shared pages twice.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import tempfile
import threading
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

_TASK: Callable[[Any], Any] | None = None
_START_KIB = 0
_PREFIX = "congminh-bulk-"  # per call: its leftovers can be found and removed
last_worker_growth_kib: dict[int, int] = {}
_LOCK = threading.Lock()


def _status_kib(field: str) -> int:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _init() -> None:
    global _START_KIB
    _START_KIB = _status_kib("VmRSS")


def _run(item: Any) -> tuple[Any, int, int]:
    assert _TASK is not None
    out = _ship(_TASK(item))
    return out, os.getpid(), max(_status_kib("VmHWM") - _START_KIB, 0)


_SHM = Path("/dev/shm")


def _ship(value: Any) -> Any:
    """The result's array buffers through a file in shared memory: a pipe moves tens of
    MB at a few hundred MB/s while the worker waits, a tmpfs file at memory speed."""
    if not _SHM.is_dir():
        return value
    buffers: list[pickle.PickleBuffer] = []
    head = pickle.dumps(value, protocol=5, buffer_callback=buffers.append)
    fd, name = tempfile.mkstemp(prefix=_PREFIX, dir=_SHM)
    sizes = []
    with os.fdopen(fd, "wb") as out:
        for buf in buffers:
            raw = buf.raw()
            out.write(raw)
            sizes.append(raw.nbytes)
    return _Shipped(head, name, sizes)


@dataclass
class _Shipped:
    head: bytes
    path: str
    sizes: list[int]

    def open(self) -> Any:
        data = bytearray(sum(self.sizes))
        try:
            with open(self.path, "rb") as f:
                f.readinto(data)
        finally:
            os.unlink(self.path)
        view, at, parts = memoryview(data), 0, []
        for size in self.sizes:
            parts.append(view[at:at + size])
            at += size
        return pickle.loads(self.head, buffers=parts)


def map_forked(task: Callable[[T], R], items: Sequence[T], workers: int) -> list[R]:
    """`[task(item) for item in items]` computed by `workers` forked processes; each
    result is read as it arrives, while the workers go on with the next items."""
    if "fork" not in multiprocessing.get_all_start_methods():  # not on this platform
        return [task(item) for item in items]
    with _LOCK:  # the task travels through module globals: one call at a time
        return _map_forked(task, items, workers)


def _map_forked(task: Callable[[T], R], items: Sequence[T], workers: int) -> list[R]:
    global _TASK, _PREFIX
    _TASK, _PREFIX = task, f"congminh-bulk-{os.getpid()}-{uuid.uuid4().hex[:8]}-"
    last_worker_growth_kib.clear()
    results: list[R] = []
    try:
        ctx = multiprocessing.get_context("fork")
        with ctx.Pool(min(workers, len(items)), initializer=_init) as pool:
            for out, pid, growth in pool.imap(_run, items):
                last_worker_growth_kib[pid] = max(last_worker_growth_kib.get(pid, 0), growth)
                results.append(out.open() if isinstance(out, _Shipped) else out)
    finally:
        _TASK = None
        if _SHM.is_dir():  # after a failure, results shipped but never read
            for left in _SHM.glob(_PREFIX + "*"):
                left.unlink(missing_ok=True)
    return results
