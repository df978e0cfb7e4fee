"""`congminh national evaluate`: the provinces' exports evaluated on Dask, one task per
partition (province, year), each by the bulk law path (`congminh.core.exchange.national`).

The scheduler is `local` (a `dask.distributed.LocalCluster` of single-threaded worker
processes with a memory limit each, spilling to disk past it), `threads` (Dask's thread
pool in this process, `workers` threads: no cluster to start, but the law path's Python
holds the GIL, so processes run faster on several cores — bench/national_sweep.py
`--scheduler`), `synchronous` (no cluster: tests, debugging) or the address of a running
scheduler (`tcp://host:8786`), whose workers must see the data and results directories at
the same paths.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from congminh.core.exchange.national import evaluate_partition, partitions


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

    parts = partitions(data_dirs)
    tasks = [delayed(evaluate_partition)(list(data_dirs), p, as_of, out_dir) for p in parts]
    done = dask_compute(tasks, scheduler=scheduler, workers=workers, memory_limit=memory_limit)
    return NationalRun(len(parts), sum(d["cases"] for d in done),
                       sum(d["obligations"] for d in done))


def dask_compute(tasks: Sequence[Any], *, scheduler: str = "local", workers: int = 2,
                 memory_limit: str = "2GiB") -> tuple[Any, ...]:
    """The delayed `tasks` computed on `scheduler` (see the module's docstring)."""
    import dask

    if scheduler == "synchronous":
        return tuple(dask.compute(*tasks, scheduler="synchronous"))
    if scheduler == "threads":
        return tuple(dask.compute(*tasks, scheduler="threads", num_workers=workers))
    from distributed import Client, LocalCluster

    # the scheduler's and nannies' INFO lines (workers started, lost, closed) are not news
    logging.getLogger("distributed").setLevel(logging.WARNING)
    if scheduler == "local":
        with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                          # any free port: its HTTP server (health, metrics) runs anyway
                          memory_limit=memory_limit, dashboard_address=":0") as cluster, \
                Client(cluster) as client:
            return tuple(dask.compute(*tasks, scheduler=client))
    with Client(scheduler) as client:
        return tuple(dask.compute(*tasks, scheduler=client))
