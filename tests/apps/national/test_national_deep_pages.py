"""A list's deep pages (issue 14): a page equals the slice of the whole sorted list at any
offset and in every order, and reads whole only the row groups holding its rows; results
in a directory the server cannot write are indexed under the data directory."""

from __future__ import annotations

import datetime as dt
import os
import random
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest

from congminh.apps.national import results
from congminh.core.exchange import index
from congminh.core.exchange.national import RESULT_SCHEMAS
from congminh.core.exchange.totals import GROUPS, LAYOUT

AS_OF = dt.date(2026, 11, 30)
STATUSES = ("overdue", "due_soon", "on_time", "suspended", "closed")
PROCEDURES = ("criminal", "civil", "administrative")


def _write_results(root: Path, first_id: int, step: int, size: int = 60, coherent: bool = False) -> int:
    """Three provinces, two years, `size` cases a partition (ids `first_id + step * i`, the
    same ids in every province), random statuses, bodies and clocks (`coherent`: a case is
    overdue when one of its clocks is, as the engine says); how many cases."""
    rng = random.Random(14)
    written = 0
    for province in ("01", "04", "08"):
        for year in (2025, 2026):
            cases, clocks = [], []
            for i in range(size):
                case_id = first_id + step * (i + (year - 2025) * size)
                holder = rng.choice(["TA", "VKS", "CSDT"]) + "-" + province
                status = rng.choice(STATUSES)
                mine = len(clocks)
                cases.append({"case_id": case_id, "procedure": rng.choice(PROCEDURES), "holder": holder,
                              "holder_kind": None if holder.startswith("CSDT") else "court",
                              "status": status, "awaiting_reason": None,
                              "flags": ["prolonged"] if rng.random() < 0.3 else [],
                              "open_obligations": 1, "errors": [], "as_of": AS_OF})
                for _ in range(rng.randrange(3)):  # none: no due date; a few share a day
                    due = AS_OF + dt.timedelta(days=rng.randrange(-400, 40) if coherent else rng.randrange(-40, 40, 4))
                    clocks.append({"case_id": case_id, "rule": "rule", "kind": "deadline", "holder": "court",
                                   "subject": None, "start": dt.date(2026, 1, 1), "due": due, "max_due": None,
                                   "status": "overdue" if due < AS_OF else "on_time", "window": False,
                                   "extensions_used": 0, "extensions_left": 0})
                if coherent:
                    late = any(c["status"] == "overdue" for c in clocks[mine:])
                    cases[-1]["status"] = "overdue" if late else rng.choice(STATUSES[1:])
            for table, rows in (("cases", cases), ("obligations", clocks)):
                path = root / table / f"province={province}" / f"year={year}" / "part-0.parquet"
                path.parent.mkdir(parents=True)
                pq.write_table(pa.Table.from_pylist(rows, schema=RESULT_SCHEMAS[table]), path)
            written += len(cases)
    return written


class Reads:
    """What `index.page` reads: per scan, its columns and the row groups' rows."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.scans: list[tuple[list[str] | None, int, int]] = []
        scan = index._scan

        def recorded(dataset: Any, groups: list[Any], columns: list[str] | None, where: Any) -> Any:
            self.scans.append((columns, len(groups), sum(g.row_groups[0].num_rows for g in groups)))
            return scan(dataset, groups, columns, where)

        monkeypatch.setattr(index, "_scan", recorded)

    def whole(self) -> list[tuple[int, int]]:
        """(row groups, their rows) of each scan reading whole rows."""
        return [(groups, rows) for columns, groups, rows in self.scans if columns is None]


@pytest.fixture
def small_groups(monkeypatch: pytest.MonkeyPatch) -> None:
    """Row groups of 8 rows (a partition's list spans 8 of them), batches of 8."""
    monkeypatch.setattr(index, "ROW_GROUP", 8)
    monkeypatch.setattr(index, "BATCH", 8)


def _full(root: Path, where: Any, keys: list[tuple[str, str, str]]) -> list[tuple[str, int]]:
    """The whole list in the page's order, sorted by Arrow."""
    table: Any = index.open_lists(root).to_table(filter=where)
    return list(zip(*table.sort_by(keys).select(["province", "case_id"]).to_pydict().values(), strict=True))


WHERES = {"all": ds.scalar(True), "open": ~ds.field("status").isin(["closed"]),
          "one body": (ds.field("province") == "04") & (ds.field("holder") == "TA-04"),
          "prolonged overdue": ds.field("status").isin(["overdue"]) & ds.field("prolonged"),
          "overdue": ds.field("status") == "overdue"}


# ids 1..120, and ids spread over 2^62 (the packed keys overflow: sorted together)
@pytest.mark.parametrize(("first_id", "step"), [(1, 1), (5, 1 << 55)])
def test_every_page_is_the_slice_of_the_whole_list(tmp_path: Path, small_groups: None,
                                                    first_id: int, step: int) -> None:
    total = _write_results(tmp_path, first_id, step)
    assert index.refresh_index(tmp_path) == 6
    for name, where in WHERES.items():
        for sort, fields in results.SORTS.items():
            for direction in ("ascending", "descending"):
                order = [(f, direction) for f in fields]
                keys = [(f, direction, "at_end") for f in fields] + [("province", "ascending", "at_end")]
                keys += [] if "case_id" in fields else [("case_id", "ascending", "at_end")]
                full = _full(tmp_path, where, keys)
                assert 0 < len(full) <= total
                for offset in (0, 7, len(full) // 2, len(full) - 3, len(full) + 5):
                    rows = index.page(tmp_path, where, order, offset, 10)
                    got = list(zip(rows["province"].to_pylist(), rows["case_id"].to_pylist(), strict=True))
                    assert got == full[offset:offset + 10], (name, sort, direction, offset)
                    assert rows.schema.names == index.open_lists(tmp_path).schema.names


def test_a_deep_page_reads_whole_only_the_row_groups_of_its_rows(tmp_path: Path, small_groups: None,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    _write_results(tmp_path, 1, 1)
    index.refresh_index(tmp_path)
    reads = Reads(monkeypatch)
    order = [("days_over", "descending"), ("case_id", "descending")]
    length = index.open_lists(tmp_path).count_rows()
    assert length == 360
    for offset in (0, 150, 340):
        reads.scans.clear()
        assert index.page(tmp_path, ds.scalar(True), order, offset, 5).num_rows == 5
        # the keys stream by, a few columns only (of the row groups that may hold the page) ...
        keys = [(columns, rows) for columns, _groups, rows in reads.scans if columns is not None]
        assert [columns for columns, _rows in keys] in ([["days_over", "case_id", "province"]],
                                                         [["days_over"], ["days_over", "case_id", "province"]])
        assert 0 < keys[-1][1] <= length
        # ... and whole rows are read from at most a row group per row of the page
        [(groups, rows)] = reads.whole()
        assert 1 <= groups <= 5 and rows <= 5 * index.ROW_GROUP


def test_a_page_of_results_the_server_cannot_write_is_indexed_in_the_data_directory(
        results_dir: Path, settings: Any, tmp_path_factory: pytest.TempPathFactory,
        monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    settings.DATA_DIR = tmp_path_factory.mktemp("data")
    monkeypatch.setattr(results, "VERSION_SECONDS", 0.0)
    folders = [Path(d) for d, _dirs, _files in os.walk(results_dir)]
    for folder in folders:
        folder.chmod(0o555)
    try:
        probe = results_dir / "probe"
        try:
            probe.mkdir()  # root writes anyway: the writer refuses as the system would
            probe.rmdir()
            real = index._replace

            def refused(path: Path, *args: Any, **kwargs: Any) -> None:
                if path.is_relative_to(results_dir):
                    raise PermissionError(13, "Permission denied", str(path))
                real(path, *args, **kwargs)

            monkeypatch.setattr(index, "_replace", refused)
        except PermissionError:
            pass
        summary = results.summary(results_dir)
        assert sum(g.cases for g in summary.groups) == 7  # conftest CASES
        rows = results.case_list(results_dir, provinces=["01", "04"], measure=results.MEASURES["overdue"],
                                 sort="-days_over")
        # 04-2 fell due 31/10 (30 days), 01-2 01/11 (29), 01-1 20/11 (10)
        assert len(rows) == 3
        assert [(r["province"], r["case_id"], r["days_over"]) for r in rows[0:3]] == [
            ("04", 2, 30), ("01", 2, 29), ("01", 1, 10)]
    finally:
        for folder in folders:
            folder.chmod(0o755)
    assert not (results_dir / index.LISTS).exists()
    spare = results.spare_dir(results_dir)
    assert spare.is_relative_to(settings.DATA_DIR)
    assert sorted(p.relative_to(spare).as_posix() for p in summary.lists) == [
        "lists/province=01/year=2025/part-0.parquet", "lists/province=01/year=2026/part-0.parquet",
        "lists/province=04/year=2026/part-0.parquet"]
    assert "written in" in caplog.text
    # read again (a new version of the results): the index in the data directory is used as is
    assert index.refresh_index(results_dir, spare) == 0


def test_a_deep_page_by_days_overdue_reads_the_keys_of_a_few_row_groups(
        tmp_path: Path, small_groups: None, monkeypatch: pytest.MonkeyPatch) -> None:
    # the list files hold a status's rows by days overdue (`index.LIST_ORDER`): the row
    # groups wholly before or after a page are skipped on their statistics, only counted
    _write_results(tmp_path, 1, 1, size=200, coherent=True)
    index.refresh_index(tmp_path)
    for path in index.list_files(tmp_path):  # a row group holds one status (a status begins one)
        meta = pq.ParquetFile(path).metadata
        at = meta.schema.to_arrow_schema().get_field_index("status")
        ranges = [meta.row_group(i).column(at).statistics for i in range(meta.num_row_groups)]
        assert all(r.min == r.max for r in ranges) and len({r.min for r in ranges}) == len(STATUSES)
    reads = Reads(monkeypatch)
    order = [("days_over", "descending"), ("case_id", "descending")]
    where = (ds.field("status") == "overdue") & ~ds.field("status").isin(["closed"])
    keys = [(f, d, "at_end") for f, d in order] + [("province", "ascending", "at_end")]
    full = _full(tmp_path, where, keys)
    assert len(full) > 300
    for offset in (0, 7, len(full) // 3, len(full) // 2, len(full) - 5):
        reads.scans.clear()
        rows = index.page(tmp_path, where, order, offset, 5)
        assert list(zip(rows["province"].to_pylist(), rows["case_id"].to_pylist(), strict=True)) == \
            full[offset:offset + 5]
        read = sum(rows for columns, _groups, rows in reads.scans if columns is not None)
        # six files, two kinds of body (each its own run of days overdue): the row groups
        # around the page's days in each, never the whole list's keys
        assert read <= len(full) // 2, (offset, read, len(full))


def test_an_index_of_an_older_layout_is_written_again(tmp_path: Path) -> None:
    # counts written by an older version carry the results' signature but not the layout:
    # the partitions are indexed again (status-cut row groups, days overdue in order)
    _write_results(tmp_path, 1, 1)
    assert index.refresh_index(tmp_path) == 6
    assert index.refresh_index(tmp_path) == 0
    for path in (tmp_path / GROUPS).rglob("*.parquet"):
        table = pq.read_table(path)
        meta = dict(table.schema.metadata or {})
        del meta[LAYOUT]
        pq.write_table(table.replace_schema_metadata(meta), path)
    assert index.refresh_index(tmp_path) == 6
    assert index.refresh_index(tmp_path) == 0
