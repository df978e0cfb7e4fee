"""Exchanged rows straight to the bulk path's columns (`core.exchange.columnar`) give the
same answers as the row path (`case_payloads` then `evaluate_bulk`), cases that do not fit
the columns (a person named, no category) included; a partition with a withdrawal goes
the row path."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from congminh.core.exchange.columnar import fast_columns, result_tables
from congminh.core.exchange.national import READ_COLUMNS, case_payloads, result_rows
from congminh.core.exchange.tables import SCHEMAS
from congminh.core.law.bulk import evaluate_bulk, evaluate_columns, from_cases

AS_OF = dt.date(2026, 11, 26)
T = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)


def _tables(events: list[tuple[int, int, str, str, str, str]]) -> tuple[pa.Table, pa.Table]:
    cases = [
        {"case_id": 4, "procedure": "criminal", "category": "serious", "case_kind": None},
        {"case_id": 2, "procedure": "civil", "category": None, "case_kind": "civil_family"},
        {"case_id": 3, "procedure": "enforcement", "category": None, "case_kind": None},
        {"case_id": 1, "procedure": "criminal", "category": None, "case_kind": None},
    ]
    case_rows = [{**c, "national_security": False, "holder": "X", "updated_at": T} for c in cases]
    event_rows = [{"event_id": i, "case_id": c, "kind": k, "type": t, "date": dt.date.fromisoformat(d),
                   "details": j, "supersedes_id": None} for i, c, k, t, d, j in events]
    return (pa.Table.from_pylist(case_rows, schema=_schema("cases")),
            pa.Table.from_pylist(event_rows, schema=_schema("events")))


def _schema(table: str) -> pa.Schema:
    return pa.schema([SCHEMAS[table].field(c) for c in READ_COLUMNS[table]])


EVENTS = [
    (10, 4, "recorded", "case_instituted", "2026-06-01", "{}"),
    (11, 4, "recorded", "holding_ordered", "2026-06-02", '{"person": "P00"}'),
    (12, 2, "recorded", "preparation_extended", "2026-09-20", '{"months": 1}'),
    (13, 2, "recorded", "accepted", "2026-05-10", "{}"),
    (14, 1, "recorded", "case_instituted", "2026-07-01", "{}"),
    (15, 9, "recorded", "accepted", "2026-07-01", "{}"),  # a case not in the partition
]


def _row_path(cases: pa.Table, events: pa.Table) -> list[dict[str, Any]]:
    return evaluate_bulk(case_payloads(cases.to_pylist(), events.to_pylist()), AS_OF)


def test_the_columns_answer_as_the_row_path() -> None:
    cases, events = _tables(EVENTS)

    def rows_of(ids: list[int]) -> list[dict[str, Any]]:
        wanted = pa.array(ids, pa.int64())
        return case_payloads(cases.filter(pc.is_in(cases["case_id"], wanted)).to_pylist(),
                             events.filter(pc.is_in(events["case_id"], wanted)).to_pylist())

    columns = fast_columns(cases, events, rows_of)
    assert columns is not None
    assert columns.ids == [1, 2, 3, 4]
    assert sorted(columns.extras) == [0, 3]  # no category; a person named
    assert sorted(from_cases(case_payloads(cases.to_pylist(), events.to_pylist())).extras) == [0, 3]
    assert columns.extras[3]["events"][1] == {"type": "holding_ordered", "date": "2026-06-02",
                                              "person": "P00"}
    fast = evaluate_columns(columns, AS_OF).to_dicts(columns.ids)
    assert fast == _row_path(cases, events)
    assert [r["status"] for r in fast] != ["closed"] * 4
    assert fast[1]["open_obligations"][0]["rule"].startswith("BLTTDS")  # the civil case's clock


def test_a_withdrawal_takes_the_row_path() -> None:
    cases, events = _tables([*EVENTS, (12, 2, "withdrawal", "preparation_extended", "2026-09-20",
                                       '{"months": 1}')])
    assert fast_columns(cases, events, lambda ids: []) is None
    cases, events = _tables([*EVENTS, EVENTS[0]])  # a row repeated by overlapping exports
    assert fast_columns(cases, events, lambda ids: []) is None


def _key(row: dict[str, Any]) -> tuple[Any, ...]:
    return (row["case_id"], row.get("rule") or "", str(row.get("start")))


def test_the_result_tables_are_the_rendered_results() -> None:
    """`result_tables` reads the result arrays; the row path renders dicts then rows: the
    same rows, the cases evaluated one by one (no category, a person) included."""
    cases, events = _tables(EVENTS)
    columns = fast_columns(cases, events, lambda ids: case_payloads(
        cases.filter(pc.is_in(cases["case_id"], pa.array(ids, pa.int64()))).to_pylist(),
        events.filter(pc.is_in(events["case_id"], pa.array(ids, pa.int64()))).to_pylist()))
    assert columns is not None
    result = evaluate_columns(columns, AS_OF)
    head = cases.sort_by("case_id").select(["case_id", "procedure", "holder"])
    kinds = {"X": "court"}
    tables = result_tables(result, [1, 2, 3, 4], head, kinds)
    rows = result_rows(result.to_dicts([1, 2, 3, 4]),
                       {r["case_id"]: r for r in head.to_pylist()}, AS_OF, kinds)
    for name in ("cases", "obligations"):
        assert sorted(tables[name].to_pylist(), key=_key) == sorted(rows[name], key=_key)
    assert tables["cases"].num_rows == 4 and tables["obligations"].num_rows > 1


def test_rows_exported_in_order_give_the_columns_of_rows_in_any_order() -> None:
    # cases by id and events by (case, date, id), as a province exports them: the columns
    # are taken without a sort (`columnar.id_order`, `_event_order`), and are the same
    shuffled_cases, shuffled_events = _tables(EVENTS)
    cases = shuffled_cases.sort_by("case_id")
    events = shuffled_events.sort_by([("case_id", "ascending"), ("date", "ascending"), ("event_id", "ascending")])

    def rows_of(ids: list[int]) -> list[dict[str, Any]]:
        wanted = pa.array(ids, pa.int64())
        return case_payloads(cases.filter(pc.is_in(cases["case_id"], wanted)).to_pylist(),
                             events.filter(pc.is_in(events["case_id"], wanted)).to_pylist())

    ordered, shuffled = fast_columns(cases, events, rows_of), fast_columns(shuffled_cases, shuffled_events, rows_of)
    assert ordered is not None and shuffled is not None
    for name, value in vars(ordered).items():
        other = vars(shuffled)[name]
        assert (value == other) if not hasattr(value, "dtype") else bool((value == other).all()), name
    # a repeated event id still sends the partition to the row path
    repeated = pa.concat_tables([events, events.slice(0, 1)])
    assert fast_columns(cases, repeated, rows_of) is None


def test_event_case_positions_are_the_searches_answers() -> None:
    """`_positions` (a table of the ids' positions, for ids spanning a short range) answers
    as `np.searchsorted`, for ids between, before and after the partition's."""
    import numpy as np

    from congminh.core.exchange.columnar import _positions

    rng = np.random.default_rng(14)
    for _ in range(100):
        ids = np.unique(rng.integers(1000, 1500, rng.integers(1, 300)))
        for values in (rng.integers(int(ids[0]), int(ids[-1]) + 1, 400), rng.integers(990, 1510, 400)):
            assert (_positions(ids, values) == np.searchsorted(ids, values)).all()


def test_small_unique_answers_as_numpy_unique() -> None:
    """`small_unique` (a table of the values when they span a short range) gives
    `np.unique(values, return_inverse=True)`: the same distinct values, the same numbers."""
    import numpy as np

    from congminh.core.exchange.columnar import small_unique

    rng = np.random.default_rng(14)
    for values in (rng.integers(-3, 40, 1000), rng.integers(0, 1 << 40, 500), np.zeros(0, np.int64),
                   rng.integers(0, 5, 10).astype(np.int8), np.array([7])):
        distinct, inverse = small_unique(values)
        expected, numbers = np.unique(values, return_inverse=True)
        assert distinct.tolist() == expected.tolist()
        assert inverse.tolist() == numbers.reshape(-1).tolist()
