"""The national evaluation's tasks (issue 14): a province's partitions go in one task
(`national.tasks`, up to `TASK_CASES`), evaluated together (`evaluate_partitions`: one
engine call for their columns), and each partition's results are the files it gets when
evaluated alone — also when one of them goes the row path."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from congminh.core.exchange import national
from congminh.core.exchange.nation import generate_nation
from congminh.core.exchange.read import export_dirs
from congminh.core.law import bulk

AS_OF = dt.date(2026, 11, 26)


@pytest.fixture(scope="module")
def dirs(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    root = tmp_path_factory.mktemp("nation")
    generate_nation(root / "nation", provinces_count=2, cases=600, seed=11)
    return export_dirs([root / "nation"])


def test_a_provinces_partitions_are_one_task_within_the_limit(dirs: list[Path]) -> None:
    parts = national.partitions(dirs)
    groups = national.tasks(dirs)
    assert [p for group in groups for p in group] == parts
    assert len({p.province for p in parts}) == len(groups) == 2 < len(parts)
    assert all(len({p.province for p in group}) == 1 for group in groups)
    # a limit below a partition's cases: each partition alone
    assert national.tasks(dirs, limit=1) == [[p] for p in parts]


def _files(root: Path) -> dict[str, Any]:
    return {str(path.relative_to(root)): pq.read_table(path) for path in sorted(root.rglob("*.parquet"))
            if path.parts[-4] != "totals"} | {
        str(path.relative_to(root)): pq.read_table(path).replace_schema_metadata(None)
        for path in sorted(root.rglob("*.parquet")) if path.parts[-4] == "totals"}


def test_partitions_evaluated_together_write_what_each_writes_alone(
        dirs: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    group = national.tasks(dirs)[0]
    assert len(group) > 1
    alone = {"cases": 0, "obligations": 0}
    for part in group:
        for name, rows in national.evaluate_partition(dirs, part, AS_OF, tmp_path / "alone").items():
            alone[name] += rows
    engine_calls: list[int] = []
    real_engine, real_columns = bulk.evaluate_columns, national.fast_columns

    def counted(columns: Any, *args: Any, **kwargs: Any) -> Any:
        engine_calls.append(columns.n_cases)
        return real_engine(columns, *args, **kwargs)

    monkeypatch.setattr(bulk, "evaluate_columns", counted)
    assert national.evaluate_partitions(dirs, group, AS_OF, tmp_path / "together") == alone
    assert engine_calls == [alone["cases"]]  # one call for the group's cases
    expected = _files(tmp_path / "alone")
    assert expected and _files(tmp_path / "together") == expected

    # the second partition through the row path (as one with a correction goes), the
    # others' columns still evaluated together
    calls: list[int] = []

    def second_by_rows(*args: Any) -> Any:
        calls.append(1)
        return None if len(calls) == 2 else real_columns(*args)

    monkeypatch.setattr(national, "fast_columns", second_by_rows)
    assert national.evaluate_partitions(dirs, group, AS_OF, tmp_path / "mixed") == alone
    mixed = _files(tmp_path / "mixed")
    assert mixed.keys() == expected.keys()
    for name, table in expected.items():  # the row path's files: the same rows
        if name.startswith(("cases", "obligations")):
            keys = ["case_id", "status"] if name.startswith("cases") else ["case_id", "rule", "due", "status"]
            sort = [(k, "ascending") for k in keys]
            assert mixed[name].select(keys).sort_by(sort).equals(table.select(keys).sort_by(sort)), name
    second = expected[f"cases/{group[1].path}/part-0.parquet"].num_rows
    assert engine_calls[1:] == [alone["cases"] - second]  # the others' columns, in one call
