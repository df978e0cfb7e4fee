"""The national computation: every case's clocks from the provinces' exports, one
partition (province, year) per Dask task, each evaluated by the bulk law path
(`congminh.core.law.bulk.evaluate_bulk`, the code the province's own refresh runs).

    tasks(data_dirs) -> the partitions grouped as tasks (a province's years together)
    evaluate_partitions(data_dirs, partitions, as_of, out_dir) -> rows written

(`congminh.apps.exchange.national` sends one task per group of `tasks` to Dask.)
A partition holds every row of its cases (docs/exchange.md, "Layout"), so it is evaluated
alone: its rows go to the bulk path's columns directly (`columnar.py`), or, when it has
withdrawals, corrections or repeated rows, its effective event logs are rebuilt as dicts
(applied as the province does); the bulk path evaluates them, and the results
are written as `cases/` and `obligations/` Parquet partitions of `out_dir` (`RESULT_SCHEMAS`).
Several export directories of one province (a full export, then incremental ones) are read
together: a case's latest record wins, event rows are deduplicated by (event_id, kind).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from congminh.core.law.payload import case_payload

from .columnar import coded_schema, fast_columns, id_order, result_tables
from .read import hive_dataset
from .tables import SCHEMAS


def _schema(*fields: Any) -> pa.Schema:
    return pa.schema(list(fields))


RESULT_SCHEMAS: dict[str, pa.Schema] = {
    "cases": _schema(
        pa.field("case_id", pa.int64(), nullable=False),
        pa.field("procedure", pa.string(), nullable=False),
        pa.field("holder", pa.string(), nullable=False),
        pa.field("status", pa.string(), nullable=False),
        pa.field("awaiting_reason", pa.string()),
        # the holder's kind (`organisations.kind` of the export; null: not in it)
        pa.field("holder_kind", pa.string()),
        pa.field("flags", pa.list_(pa.string()), nullable=False),
        pa.field("open_obligations", pa.int32(), nullable=False),
        pa.field("errors", pa.list_(pa.string()), nullable=False),
        pa.field("as_of", pa.date32(), nullable=False),
    ),
    "obligations": _schema(
        pa.field("case_id", pa.int64(), nullable=False),
        pa.field("rule", pa.string(), nullable=False),
        pa.field("kind", pa.string(), nullable=False),
        pa.field("holder", pa.string(), nullable=False),
        pa.field("subject", pa.string()),
        pa.field("start", pa.date32(), nullable=False),
        pa.field("due", pa.date32()),
        pa.field("max_due", pa.date32()),
        pa.field("status", pa.string(), nullable=False),
        pa.field("window", pa.bool_(), nullable=False),
        pa.field("extensions_used", pa.int16(), nullable=False),
        pa.field("extensions_left", pa.int16(), nullable=False),
    ),
}
# The same with their strings as dictionaries: what the columnar path builds and writes
# (no string made per row; the files read back as `RESULT_SCHEMAS`, `write_parquet`).
CODED_SCHEMAS = {name: coded_schema(schema) for name, schema in RESULT_SCHEMAS.items()}


@dataclass(frozen=True)
class Partition:
    province: str
    year: int

    @property
    def path(self) -> str:
        return f"province={self.province}/year={self.year}"


def partitions(data_dirs: Sequence[Path]) -> list[Partition]:
    """Every (province, year) that has cases in one of the export directories."""
    found = set()
    for root in data_dirs:
        for path in (root / "cases").glob("province=*/year=*"):
            found.add(Partition(path.parent.name.split("=", 1)[1], int(path.name.split("=", 1)[1])))
    return sorted(found, key=lambda p: (p.province, p.year))


# The columns the computation reads: Python objects are made of these only (an instant
# with its time zone costs the most to convert, and one is enough).
READ_COLUMNS = {
    "cases": ["case_id", "procedure", "category", "case_kind", "national_security", "holder",
              "updated_at"],
    "events": ["event_id", "case_id", "kind", "type", "date", "details", "supersedes_id"],
}


def body_kinds(data_dirs: Sequence[Path], province: str) -> dict[str, str]:
    """Each body's kind by code, from the province's `organisations` snapshots (read once
    per process while the files are the same: a worker evaluates a province's years one
    after the other, and reading them again cost 2 ms a partition)."""
    files = tuple((str(path), *_stamp(path)) for root in data_dirs
                  for path in sorted((root / "organisations" / f"province={province}").glob("*.parquet")))
    return dict(_kinds_of(files))


def _stamp(path: Path) -> tuple[int, int]:
    stat = path.stat()
    return stat.st_size, stat.st_mtime_ns


@lru_cache(maxsize=64)
def _kinds_of(files: tuple[tuple[str, int, int], ...]) -> tuple[tuple[str, str], ...]:
    """(code, kind) of the `organisations` files (path, size, modification time), later
    files winning."""
    kinds: dict[str, str] = {}
    for name, _size, _time in files:
        kinds.update((row["code"], row["kind"]) for row in pq.read_table(name, columns=["code", "kind"]).to_pylist())
    return tuple(kinds.items())


def case_payloads(cases: Iterable[Mapping[str, Any]],
                  events: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The law engine's input (contract §1) from exchanged rows: each case's latest
    record, and its effective log — no withdrawn event, no superseded one — in date order
    (what `congminh.apps.obligations.services.case_payloads` reads from the database)."""
    latest: dict[int, Mapping[str, Any]] = {}
    for case in cases:
        held = latest.get(case["case_id"])
        if held is None or case["updated_at"] >= held["updated_at"]:
            latest[case["case_id"]] = case
    unique = {(e["event_id"], e["kind"]): e for e in events}
    withdrawn = {event_id for event_id, kind in unique if kind == "withdrawal"}
    live = [e for (event_id, kind), e in unique.items()
            if kind != "withdrawal" and event_id not in withdrawn]
    superseded = {e["supersedes_id"] for e in live if e["supersedes_id"] is not None}
    logs: dict[int, list[Mapping[str, Any]]] = {}
    for e in sorted(live, key=lambda e: (e["case_id"], e["date"], e["event_id"])):
        if e["event_id"] not in superseded:
            logs.setdefault(e["case_id"], []).append(e)
    parsed: dict[str, dict[str, Any]] = {}  # details repeat ("{}"): each text read once

    def details(text: str) -> dict[str, Any]:
        fields = parsed.get(text)
        if fields is None:
            fields = parsed[text] = json.loads(text)
        return fields

    return [case_payload({**latest[case_id], "id": case_id}, (
        {**details(e["details"]), "type": e["type"], "date": e["date"].isoformat()}
        for e in logs.get(case_id, []))) for case_id in sorted(latest)]


def _day(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def result_rows(results: Iterable[Mapping[str, Any]], cases: Mapping[int, Mapping[str, Any]],
                as_of: dt.date, kinds: Mapping[str, str] | None = None) -> dict[str, list[dict[str, Any]]]:
    """The engine's result dicts (contract §1) as rows of `RESULT_SCHEMAS`; `kinds`: each
    body's kind by code."""
    kinds = kinds or {}
    out: dict[str, list[dict[str, Any]]] = {"cases": [], "obligations": []}
    for r in results:
        case = cases[int(r["id"])]
        out["cases"].append({
            "case_id": int(r["id"]), "procedure": case["procedure"], "holder": case["holder"],
            "status": r["status"], "awaiting_reason": r.get("awaiting_reason"),
            "holder_kind": kinds.get(case["holder"]),
            "flags": list(r["flags"]), "open_obligations": len(r["open_obligations"]),
            "errors": [str(e) for e in r.get("errors", [])], "as_of": as_of})
        for o in r["open_obligations"]:
            out["obligations"].append({
                "case_id": int(r["id"]), "rule": o["rule"], "kind": o["kind"],
                "holder": o["holder"], "subject": o.get("subject"),
                "start": _day(o["start"]), "due": _day(o.get("due")),
                "max_due": _day(o.get("max_due")), "status": o["status"],
                "window": bool(o.get("window")),
                "extensions_used": max(0, o.get("extensions_used", 0)),
                "extensions_left": max(0, o.get("extensions_left", 0))})
    return out


# Columns with few distinct values read as dictionaries, as Parquet keeps them: no string
# made per row (an event's details repeat most), the codes the columns need come with them.
READ_DICTIONARY = {"cases": ["procedure", "category", "case_kind", "holder"],
                   "events": ["kind", "type", "details"]}


# The columns only the row path reads (which record of a case is its latest; the event a
# correction replaces): read when a partition goes that way, or for its unfit cases.
ROW_PATH_COLUMNS = {"cases": ["updated_at"], "events": ["supersedes_id"]}


def _read_table(data_dirs: Sequence[Path], table: str, part: Partition, fast: bool = False) -> pa.Table:
    """The partition's rows of `table`, `READ_COLUMNS` (`fast`: without `ROW_PATH_COLUMNS`)."""
    paths = [path for root in data_dirs for path in sorted((root / table / part.path).glob("*.parquet"))]
    columns = [c for c in READ_COLUMNS[table] if not (fast and c in ROW_PATH_COLUMNS[table])]
    if not paths:
        return SCHEMAS[table].empty_table().select(columns)
    # a file read as a file, not as a dataset of one (its discovery cost a millisecond or two)
    return pa.concat_tables([pq.ParquetFile(path, read_dictionary=READ_DICTIONARY[table]).read(columns=columns)
                             for path in paths], promote_options="permissive")


# The cases a task evaluates at most (`tasks`): a province's partitions go in one task up
# to this many (the 10 million cases' nation: a province of 294,118 in one, its 3 years'
# files read and its cases evaluated together, for one engine call and one task's
# overheads instead of three); a partition past it alone (its peak memory follows it).
TASK_CASES = 320_000


def tasks(data_dirs: Sequence[Path], limit: int = TASK_CASES) -> list[list[Partition]]:
    """The partitions (`partitions`) as Dask tasks: a province's consecutive years together
    while their case rows (the files' footers) stay within `limit`."""
    out: list[list[Partition]] = []
    held = 0
    for part in partitions(data_dirs):
        rows = sum(pq.ParquetFile(path).metadata.num_rows for root in data_dirs
                   for path in (root / "cases" / part.path).glob("*.parquet"))
        if out and out[-1][0].province == part.province and held + rows <= limit:
            out[-1].append(part)
            held += rows
        else:
            out.append([part])
            held = rows
    return out


def evaluate_partition(data_dirs: Sequence[Path], part: Partition, as_of: dt.date,
                       out_dir: Path) -> dict[str, int]:
    """`evaluate_partitions` of one partition."""
    return evaluate_partitions(data_dirs, [part], as_of, out_dir)


class _Rows:
    """A partition's rows, read once when they are needed: the columnar path's
    (`_read_table` `fast`), then every column the row path reads."""

    def __init__(self, data_dirs: Sequence[Path], part: Partition) -> None:
        self.data_dirs, self.part = data_dirs, part
        self.whole: dict[str, pa.Table] = {}

    def fast(self, name: str) -> pa.Table:
        return _read_table(self.data_dirs, name, self.part, fast=True)

    def read(self, name: str) -> pa.Table:
        if name not in self.whole:
            self.whole[name] = _read_table(self.data_dirs, name, self.part)
        return self.whole[name]

    def of(self, case_ids: list[int]) -> list[dict[str, Any]]:
        """The contract dicts of `case_ids` (the cases that do not fit the columns)."""
        wanted = pa.array(case_ids, pa.int64())
        full_cases, full_events = self.read("cases"), self.read("events")
        return case_payloads(full_cases.filter(pc.is_in(full_cases["case_id"], wanted)).to_pylist(),
                             full_events.filter(pc.is_in(full_events["case_id"], wanted)).to_pylist())


def evaluate_partitions(data_dirs: Sequence[Path], parts: Sequence[Partition], as_of: dt.date,
                        out_dir: Path) -> dict[str, int]:
    """One Dask task (`tasks`): read, evaluate with the bulk path, write each partition's
    results (the cases as the national screens' list, and their counts,
    `index.write_results`); the rows written.

    The rows go to the columns directly (`columnar.fast_columns`), the partitions' columns
    are evaluated together (`concat_columns`: one engine call; each case's answer is its
    own) and each partition's results go back to tables (`columnar.result_tables`) unless
    the partition has corrections, withdrawals or repeated rows to apply: then it goes
    alone through `case_payloads` and the result dicts."""
    from congminh.core.law.bulk import evaluate_bulk, evaluate_columns
    from congminh.core.law.bulk.columns import concat_columns

    from .index import write_results  # it reads this module's schemas

    written = {"cases": 0, "obligations": 0}

    def write(part: Partition, tables: Mapping[str, pa.Table]) -> None:
        write_results(out_dir, part, tables["cases"], tables["obligations"])
        for name in written:
            written[name] += tables[name].num_rows

    fast = []
    for part in parts:
        rows = _Rows(data_dirs, part)
        cases = rows.fast("cases")
        columns = fast_columns(cases, rows.fast("events"), rows.of)
        kinds = body_kinds(data_dirs, part.province)
        if columns is not None:
            fast.append((part, cases.select(["case_id", "procedure", "holder"]).take(id_order(cases)), columns))
            continue
        case_rows = rows.read("cases").to_pylist()
        payloads = case_payloads(case_rows, rows.read("events").to_pylist())
        latest = {c["case_id"]: c for c in sorted(case_rows, key=lambda c: c["updated_at"])}
        results = result_rows(evaluate_bulk(payloads, as_of) if payloads else [], latest, as_of, kinds)
        write(part, {name: pa.Table.from_pylist(table_rows, schema=RESULT_SCHEMAS[name])
                     for name, table_rows in results.items()})
    if fast:
        result = evaluate_columns(concat_columns([columns for _part, _head, columns in fast]), as_of)
        lo = 0
        for part, head, columns in fast:
            hi = lo + columns.n_cases
            # `head["case_id"]`: `columns.ids`, as an array
            write(part, result_tables(result.cases(lo, hi), head["case_id"].to_numpy(), head,
                                      body_kinds(data_dirs, part.province)))
            lo = hi
    return written


# The columns of the results a reader may filter on: their statistics are written.
RESULT_FILTERS = ("case_id", "procedure", "holder", "status")


def write_parquet(table: pa.Table, path: Path, filtered: Sequence[str] = (),
                  row_group_size: int | None = None, cuts: Sequence[int] = (),
                  compression: str = "zstd") -> None:
    """A results file (or one written beside them, `index`): zstd, dictionaries for the
    strings only and statistics for the `filtered` columns only. Parquet's defaults
    encoded every column as a dictionary (a column of ids too, all distinct: kept so) and
    counted every column's statistics: the writes cost a fifth of a partition's time.
    `cuts`: rows that begin a row group (then groups of `row_group_size` at most);
    `compression`: zstd unless told (the screens' lists: `index.LIST_COMPRESSION`)."""
    strings: Any = [f.name for f in table.schema if pa.types.is_string(f.type) or pa.types.is_list(f.type)
                    or pa.types.is_dictionary(f.type)]
    stats: Any = [name for name in filtered if name in table.column_names]
    options: Any = {"compression": compression, "use_dictionary": strings or False, "write_statistics": stats or False}
    if any(pa.types.is_dictionary(f.type) for f in table.schema):
        # no Arrow schema kept: the file reads back with strings, as if written from them
        # (`columnar.coded_schema`), and its Parquet columns are the same
        options["store_schema"] = False
    if not cuts:
        pq.write_table(table, path, row_group_size=row_group_size, **options)
        return
    bounds = sorted({0, *cuts, table.num_rows})
    with pq.ParquetWriter(path, table.schema, **options) as writer:
        for start, stop in zip(bounds, bounds[1:], strict=False):
            writer.write_table(table.slice(start, stop - start), row_group_size=row_group_size)


def open_results(out_dir: Path, table: str) -> ds.Dataset:
    """A results table (`cases` or `obligations`) with its partition keys as columns."""
    return hive_dataset([out_dir / table], RESULT_SCHEMAS[table], ("province", "year"))
