"""The national sweep's LocalCluster (`apps.exchange.national.local_cluster`): its worker
processes get the allocator setting, run without Dask's statistical profiler and do their
housekeeping less often (all measured in bench/national_sweep.py), whatever the parent
process's own configuration."""

from __future__ import annotations

import os

import dask

from congminh.apps.exchange.national import HOUSEKEEPING, MMAP_THRESHOLD, local_cluster


def _worker_settings() -> tuple[str | None, bool, tuple[str, ...]]:
    return (os.environ.get("MALLOC_MMAP_THRESHOLD_"), dask.config.get("distributed.worker.profile.enabled"),
            tuple(dask.config.get(key) for key in HOUSEKEEPING))


def test_workers_run_tuned_and_unprofiled() -> None:
    from distributed import Client

    with local_cluster(workers=2, memory_limit="512MiB") as cluster, Client(cluster) as client:
        found = client.run(_worker_settings)
    assert len(found) == 2
    assert set(found.values()) == {(str(MMAP_THRESHOLD), False, ("500ms", "2s", "200ms"))}
    assert dask.config.get("distributed.worker.profile.enabled")  # the parent's is untouched
    assert dask.config.get("distributed.admin.tick.interval") == "20ms"
