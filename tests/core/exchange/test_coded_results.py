"""The columnar path's results as dictionary arrays (issue 14, the national sweep): no
string taken per row, written as files that read back exactly as the string schemas
(`RESULT_SCHEMAS`, `LIST_SCHEMA`), and the list and counts written from them are the ones
written from the same rows as strings."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from congminh.core.exchange import national
from congminh.core.exchange.columnar import coded
from congminh.core.exchange.index import LIST_SCHEMA, list_rows
from congminh.core.exchange.nation import generate_nation
from congminh.core.exchange.read import export_dirs
from congminh.core.exchange.totals import case_groups

AS_OF = dt.date(2026, 11, 26)


def test_coded_values_once_each_and_none_as_null() -> None:
    array = coded(["b", None, "a", "b"], np.array([3, 1, 0, 2, 0]))
    assert pa.types.is_dictionary(array.type)
    assert array.to_pylist() == ["b", None, "b", "a", "b"]
    assert array.dictionary.to_pylist() == ["b", "a"]  # "b" once: one group, one code


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, national.Partition]:
    root = tmp_path_factory.mktemp("coded")
    generate_nation(root / "nation", provinces_count=1, cases=400, seed=5)
    dirs = export_dirs([root / "nation"])
    part = national.partitions(dirs)[0]
    national.evaluate_partition(dirs, part, AS_OF, root / "results")
    return root / "results", part


def test_the_columnar_results_are_dictionaries_written_as_strings(
        written: tuple[Path, national.Partition], monkeypatch: pytest.MonkeyPatch) -> None:
    results, part = written
    built: dict[str, pa.Table] = {}
    real = national.result_tables

    def kept(*args: object) -> dict[str, pa.Table]:
        built.update(real(*args))  # type: ignore[arg-type]
        return built

    monkeypatch.setattr(national, "result_tables", kept)
    dirs = export_dirs([results.parent / "nation"])
    national.evaluate_partition(dirs, part, AS_OF, results.parent / "again")
    assert pa.types.is_dictionary(built["cases"].schema.field("status").type)
    assert pa.types.is_dictionary(built["obligations"].schema.field("rule").type)
    for name, schema in national.RESULT_SCHEMAS.items():
        path = results / name / part.path / "part-0.parquet"
        written = pq.read_table(path, schema=schema)
        assert written.schema.equals(schema), name
        assert written.sort_by("case_id").equals(built[name].cast(schema).sort_by("case_id")), name
    # the cases file is the screens' list: its columns first, strings as strings, its rows
    # in the list's order; no list file of its own
    cases = results / "cases" / part.path / "part-0.parquet"
    extra = [f for f in national.RESULT_SCHEMAS["cases"] if f.name not in LIST_SCHEMA.names]
    assert pq.read_schema(cases).remove_metadata().equals(pa.schema([*LIST_SCHEMA, *extra]))
    assert pq.read_table(cases, columns=LIST_SCHEMA.names).equals(
        list_rows(built["cases"], built["obligations"]).cast(LIST_SCHEMA))
    assert not (results / "lists").exists()
    # the lists' many small pages in snappy (cheaper to write and read than zstd there)
    assert pq.ParquetFile(cases).metadata.row_group(0).column(1).compression == "SNAPPY"


def test_lists_and_counts_the_same_from_dictionaries_as_from_strings(
        written: tuple[Path, national.Partition]) -> None:
    results, part = written
    strings = {name: pq.read_table(results / name / part.path / "part-0.parquet", schema=schema)
               for name, schema in national.RESULT_SCHEMAS.items()}
    codes = {name: table.cast(national.CODED_SCHEMAS[name]) for name, table in strings.items()}
    assert strings["cases"].num_rows > 100
    from_strings = list_rows(strings["cases"], strings["obligations"])
    from_codes = list_rows(codes["cases"], codes["obligations"])
    assert from_codes.cast(LIST_SCHEMA).equals(from_strings.cast(LIST_SCHEMA))
    # the order is the strings' (holders and statuses sort by their text, not their codes)
    assert from_codes["holder"].to_pylist() == from_strings["holder"].to_pylist()
    assert case_groups(codes["cases"]).equals(case_groups(strings["cases"]))
