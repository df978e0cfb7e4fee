"""How the national results are written (`national.write_parquet`): the values read back
unchanged, dictionaries for the strings only, statistics for the filtered columns only."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from congminh.core.exchange.national import RESULT_FILTERS, RESULT_SCHEMAS, write_parquet


def test_results_are_written_with_dictionaries_for_strings_and_statistics_for_filters(tmp_path: Path) -> None:
    rows = [{"case_id": 1000 + i, "procedure": "civil", "holder": f"TA-{i % 3:02d}",
             "status": "overdue" if i % 2 else "on_time", "awaiting_reason": None,
             "holder_kind": "court", "flags": ["prolonged"] if i % 5 == 0 else [],
             "open_obligations": i % 4, "errors": [], "as_of": dt.date(2026, 11, 30)} for i in range(500)]
    table = pa.Table.from_pylist(rows, schema=RESULT_SCHEMAS["cases"])
    path = tmp_path / "part-0.parquet"
    write_parquet(table, path, RESULT_FILTERS)
    assert pq.read_table(path, schema=RESULT_SCHEMAS["cases"]).equals(table)
    group = pq.ParquetFile(path).metadata.row_group(0)
    columns = {group.column(i).path_in_schema: group.column(i) for i in range(group.num_columns)}
    assert not columns["case_id"].has_dictionary_page  # all distinct: plain
    assert not columns["open_obligations"].has_dictionary_page
    assert columns["holder"].has_dictionary_page and columns["status"].has_dictionary_page
    with_stats = {name for name, column in columns.items() if column.is_stats_set}
    assert with_stats == {"case_id", "procedure", "holder", "status"}
    assert (columns["case_id"].statistics.min, columns["case_id"].statistics.max) == (1000, 1499)
