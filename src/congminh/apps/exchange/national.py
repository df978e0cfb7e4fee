"""`congminh national evaluate`: the provinces' exports evaluated on Dask, one task per
province's partitions (province, year; `national.tasks`), each by the bulk law path
(`congminh.core.exchange.national`).

The scheduler is `local` (a `dask.distributed.LocalCluster` of single-threaded worker
processes with a memory limit each, spilling to disk past it), `synchronous` (no
cluster: tests, debugging) or the address of a running scheduler (`tcp://host:8786`),
whose workers must see the data and results directories at the same paths.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from congminh.core.exchange.national import evaluate_partitions, tasks


@dataclass(frozen=True)
class NationalRun:
    partitions: int
    cases: int
    obligations: int


def national_evaluate(
    *, data_dirs: Sequence[Path], as_of: dt.date, out_dir: Path, scheduler: str = "local",
    workers: int = 2, memory_limit: str = "2GiB",
) -> NationalRun:
    from dask import delayed

    groups = tasks(data_dirs)
    done = dask_compute([delayed(evaluate_partitions)(list(data_dirs), group, as_of, out_dir) for group in groups],
                        scheduler=scheduler, workers=workers, memory_limit=memory_limit)
    return NationalRun(sum(len(group) for group in groups), sum(d["cases"] for d in done),
                       sum(d["obligations"] for d in done))


def dask_compute(tasks: Sequence[Any], *, scheduler: str = "local", workers: int = 2,
                 memory_limit: str = "2GiB") -> tuple[Any, ...]:
    """The delayed `tasks` computed on `scheduler` (see the module's docstring)."""
    import dask

    if scheduler == "synchronous":
        return tuple(dask.compute(*tasks, scheduler="synchronous"))
    from distributed import Client

    # the scheduler's and nannies' INFO lines (workers started, lost, closed) are not news
    logging.getLogger("distributed").setLevel(logging.WARNING)
    if scheduler == "local":
        with local_cluster(workers, memory_limit) as cluster, Client(cluster) as client:
            return tuple(dask.compute(*tasks, scheduler=client))
    with Client(scheduler) as client:
        return tuple(dask.compute(*tasks, scheduler=client))


# Dask's nannies set `MALLOC_TRIM_THRESHOLD_` in their workers, which stops glibc from
# raising its mmap threshold: every NumPy or Arrow buffer over 128 KiB was then mapped and
# unmapped, page by page (a third of a worker's time in the national sweep). Above 64 MiB
# only: the buffers of a partition come from the heap and are reused.
MMAP_THRESHOLD = 1 << 26


# The workers' periodic housekeeping, less often than Dask's defaults: the event loop's
# watchdog tick (20 ms: it only logs a blocked loop), the system monitor's samples for the
# dashboard (500 ms) and the memory monitor (100 ms: it still checks five times a second,
# against a memory limit a partition's few hundred MiB stay far below). Together they took
# 1.7% of a core per idle worker (0.4% so), paid for as long as the run lasts: at 1 million
# cases in bench/national_sweep.py (8 s on the loaded machine), ~0.25 of the workers' 2.8 CPU-s.
HOUSEKEEPING = {"distributed.admin.tick.interval": "500ms",
                "distributed.admin.system-monitor.interval": "2s",
                "distributed.worker.memory.monitor-interval": "200ms"}


@contextmanager
def local_cluster(workers: int, memory_limit: str) -> Iterator[Any]:
    """A LocalCluster of `workers` single-threaded worker processes, `memory_limit` each
    (spilling past it), their allocator tuned for large arrays (`MMAP_THRESHOLD`)."""
    import dask
    from distributed import LocalCluster

    environ = {**dask.config.get("distributed.nanny.pre-spawn-environ"),
               "MALLOC_MMAP_THRESHOLD_": MMAP_THRESHOLD, "MALLOC_TRIM_THRESHOLD_": MMAP_THRESHOLD}
    # The workers' statistical profiler (a stack sample every 10 ms) cost ~1 CPU-s per
    # million cases and 20-28% of the wall time in bench/national_sweep.py; nobody reads it.
    with dask.config.set({"distributed.nanny.pre-spawn-environ": environ,
                          "distributed.worker.profile.enabled": False, **HOUSEKEEPING}), \
            LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                         # any free port: its HTTP server (health, metrics) runs anyway
                         memory_limit=memory_limit, dashboard_address=":0") as cluster:
        yield cluster
