"""What the national screens read beside the results (issue 14: one home for the totals,
lists without a scan of every province): the lists' pages over the hand-written results
of `conftest.py`, the counts equal to the workbook's totals, and a partition rewritten
after its index indexed again."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from functools import reduce
from pathlib import Path
from typing import Any

import pyarrow.dataset as ds
import pytest

from congminh.apps.national import results
from congminh.core.exchange import index
from congminh.core.exchange.national import partitions
from congminh.core.exchange.totals import GROUPS, Totals, partition_groups, partition_totals

ALL_PROVINCES = ("01", "04")


def _read_pages(rows: results.Rows, size: int) -> list[tuple[str, int]]:
    out = []
    for start in range(0, len(rows), size):
        out += [(r["province"], r["case_id"]) for r in rows[start:start + size]]
    return out


@pytest.fixture
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    """Two rows a batch: a page's rows are trimmed many times while the files stream by."""
    monkeypatch.setattr(index, "BATCH", 2)


def test_pages_by_due_date_follow_one_another(results_dir: Path, small_batches: None) -> None:
    # Earliest due date of each case's open clocks (conftest CLOCKS), cases without one last:
    # 04-2 31/10, 01-2 01/11, 01-1 20/11 (not 10/12), 04-1 05/12, 01-5 20/12; 01-3, 01-4 none.
    rows = results.case_list(results_dir, provinces=ALL_PROVINCES, sort="due")
    assert len(rows) == 7
    expected = [("04", 2), ("01", 2), ("01", 1), ("04", 1), ("01", 5), ("01", 3), ("01", 4)]
    for size in (1, 2, 3, 7):
        assert _read_pages(rows, size) == expected
    # Descending: the latest first, the cases without a due date still last (id descending).
    latest = results.case_list(results_dir, provinces=ALL_PROVINCES, sort="-due")
    assert _read_pages(latest, 2) == [("01", 5), ("04", 1), ("01", 1), ("01", 2), ("04", 2),
                                      ("01", 4), ("01", 3)]


def test_a_lists_length_comes_from_the_counts_and_matches_its_rows(results_dir: Path,
                                                                  small_batches: None) -> None:
    # Open and prolonged: 01-1 (overdue), 01-5 (on time), 04-2 (overdue).
    prolonged = results.case_list(results_dir, provinces=ALL_PROVINCES, measure=results.PROLONGED,
                                  sort="case")
    assert len(prolonged) == 3
    assert _read_pages(prolonged, 2) == [("01", 1), ("04", 2), ("01", 5)]
    courts = results.case_list(results_dir, provinces=["01"], kinds=frozenset({"court"}),
                               measure=results.OPEN, sort="status")
    # TA-01's open cases: 2 overdue, 3 suspended (overdue ranks first).
    assert len(courts) == 2 and _read_pages(courts, 5) == [("01", 2), ("01", 3)]
    row = courts[0]
    # 01-2's only clock fell due 01/11/2026: 29 days before 30/11/2026.
    assert (row["holder"], row["due"], row["days_over"]) == ("TA-01", dt.date(2026, 11, 1), 29)


def _by_key(groups: Any) -> Counter[tuple[str, str, str, str]]:
    counted: Counter[tuple[str, str, str, str]] = Counter()
    for g in groups:
        counted[g.province, g.kind, g.procedure, g.status] += g.cases
    return counted


def test_the_screens_counts_equal_the_workbooks_totals(results_dir: Path) -> None:
    """The screens and `national report` read the same counts (`core.exchange.totals`),
    whether a partition was indexed or is counted from its cases."""
    parts = partitions([results_dir])
    before = reduce(Totals.merge, (partition_totals(results_dir, p) for p in parts), Totals())
    counted = {p: partition_groups(results_dir, p) for p in parts}  # not indexed: from cases
    screens = _by_key(results.summary(results_dir).groups)  # indexes every partition
    assert (results_dir / GROUPS).is_dir()
    after = reduce(Totals.merge, (partition_totals(results_dir, p) for p in parts), Totals())
    assert {p: partition_groups(results_dir, p) for p in parts} == counted
    workbook = Counter({key: c["cases"] for key, c in after.cases.items()})
    assert screens == workbook == Counter({key: c["cases"] for key, c in before.cases.items()})
    assert sum(workbook.values()) == 7
    # 04's administrative case is overdue, prolonged and backlogged, with one open clock
    row = after.cases["04", "court", "administrative", "overdue"]
    assert (row["cases"], row["prolonged"], row["backlog"], row["open_obligations"]) == (1, 1, 1, 1)


def test_a_partition_written_again_is_indexed_again(results_dir: Path,
                                                    add_overdue_case: Callable[[], None]) -> None:
    assert index.refresh_index(results_dir) == 3
    assert index.refresh_index(results_dir) == 0
    where, order = ds.field("province") == "04", [("case_id", "ascending")]
    assert index.page(results_dir, where, order, 0, 10)["case_id"].to_pylist() == [1, 2]
    add_overdue_case()
    assert index.refresh_index(results_dir) == 1
    # the list file rewritten at the same path: read again, not the dataset kept for the old one
    listed = index.page(results_dir, where, order, 0, 10)
    assert listed["case_id"].to_pylist() == [1, 2, 3]


def test_the_version_follows_the_results_not_what_is_written_beside_them(
        results_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(results, "VERSION_SECONDS", 0.0)
    before = results.version(results_dir)
    assert index.refresh_index(results_dir) == 3  # lists and counts written: same version
    assert results.version(results_dir) == before
    # any other table counts (the exports' directories are versioned the same way)
    other = results_dir / "organisations" / "province=01" / "part-0.parquet"
    other.parent.mkdir(parents=True)
    other.write_bytes(b"PAR1")
    assert results.version(results_dir) != before
