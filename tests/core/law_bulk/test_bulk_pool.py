"""Forked workers of the bulk path: order, shipping through shared memory, failures."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from congminh.core.law.bulk import pool as bulk_pool


def _square_table(n: int) -> dict[str, np.ndarray]:
    if n == 5:
        raise ValueError("chunk 5 failed")
    return {"n": np.full(1000, n, dtype=np.int32), "sq": np.arange(n * n, dtype=np.int64)}


def _leftovers() -> list[Path]:
    shm = Path("/dev/shm")  # this process's calls only (another suite may run beside)
    return list(shm.glob(f"congminh-bulk-{os.getpid()}-*")) if shm.is_dir() else []


def test_results_come_back_in_item_order_with_their_arrays() -> None:
    out = bulk_pool.map_forked(_square_table, [3, 1, 4, 2], workers=2)
    assert [int(part["n"][0]) for part in out] == [3, 1, 4, 2]
    assert [part["sq"].tolist() for part in out] == [list(range(n * n)) for n in (3, 1, 4, 2)]
    assert bulk_pool.last_worker_growth_kib  # each worker reported its memory
    assert not _leftovers()


def test_a_failing_chunk_raises_and_leaves_no_file_in_shared_memory() -> None:
    with pytest.raises(ValueError, match="chunk 5 failed"):
        bulk_pool.map_forked(_square_table, [1, 2, 5, 3, 4], workers=2)
    assert not _leftovers()
