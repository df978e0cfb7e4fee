"""What a partition's evaluation reads (issue 14, the national sweep): the columns only the
row path needs (`ROW_PATH_COLUMNS`) are read for a partition that goes that way (a
correction to apply), not for one whose rows go to the columns directly; both give the
results of the whole rows."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from congminh.core.exchange import national
from congminh.core.exchange.nation import generate_nation
from congminh.core.exchange.read import export_dirs

AS_OF = dt.date(2026, 11, 26)


def _asked(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, ...]]:
    asked: list[tuple[str, ...]] = []
    real = pq.ParquetFile.read

    def recorded(self: pq.ParquetFile, columns: Any = None, *args: Any, **kwargs: Any) -> pa.Table:
        asked.append(tuple(columns or ()))
        return real(self, columns, *args, **kwargs)

    monkeypatch.setattr(national.pq.ParquetFile, "read", recorded)
    return asked


def test_the_row_path_columns_are_read_only_for_the_row_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    generate_nation(tmp_path / "nation", provinces_count=1, cases=300, seed=3)
    dirs = export_dirs([tmp_path / "nation"])
    part = national.partitions(dirs)[0]
    asked = _asked(monkeypatch)
    columns = national.evaluate_partition(dirs, part, AS_OF, tmp_path / "fast")
    assert columns["cases"] > 0
    assert not any(set(c) & {"updated_at", "supersedes_id"} for c in asked)

    # the same rows through the row path (forced: as a partition with a correction goes)
    asked.clear()
    monkeypatch.setattr(national, "fast_columns", lambda *args: None)
    rows = national.evaluate_partition(dirs, part, AS_OF, tmp_path / "rows")
    assert rows == columns
    assert any("updated_at" in c for c in asked) and any("supersedes_id" in c for c in asked)
    for name in ("cases", "obligations"):
        keys = ["case_id", "status"] if name == "cases" else ["case_id", "rule", "due", "status"]
        fast, slow = (pq.read_table(root / name / part.path / "part-0.parquet").select(keys).sort_by(
            [(k, "ascending") for k in keys]) for root in (tmp_path / "fast", tmp_path / "rows"))
        assert fast.equals(slow), name


def test_the_bodies_kinds_are_read_once_while_their_files_stay_the_same(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    generate_nation(tmp_path / "nation", provinces_count=1, cases=50, seed=5)
    dirs = export_dirs([tmp_path / "nation"])
    province = national.partitions(dirs)[0].province
    path = next((dirs[0] / "organisations" / f"province={province}").glob("*.parquet"))
    reads: list[str] = []
    real = national.pq.read_table
    monkeypatch.setattr(national.pq, "read_table", lambda source, **kw: reads.append(str(source)) or real(source, **kw))
    kinds = national.body_kinds(dirs, province)
    assert national.body_kinds(dirs, province) == kinds and reads == [str(path)]

    # a new snapshot of the same file: read again, its kinds win
    table = pq.ParquetFile(path).read()
    code = table["code"][0].as_py()
    changed = table.set_column(table.schema.get_field_index("kind"), "kind",
                               pa.array(["renamed"] * table.num_rows, table.schema.field("kind").type))
    pq.write_table(changed, path)
    assert national.body_kinds(dirs, province)[code] == "renamed" and len(reads) == 2
