"""Exchanged rows straight to the bulk path's columns, without a Python object per event.

    fast_columns(cases, events) -> CaseColumns | None

The row path (`national.case_payloads` then `bulk.from_cases`) makes a dict per event and
per case; most of a partition's time went there. Here each distinct case head
(procedure, category, kind, security) and each distinct event shape (procedure, type,
details) is checked once, by the very functions `from_cases` checks every case and event
with (`columns.case_row`, `columns.event_row`: one home for what fits the columns), and
the columns are then gathered with NumPy. A case that does not fit (an event naming a
person, an unknown field) is built as its contract dict by the row path and kept in
`extras`, as `from_cases` does, so the answers are the same.

None: the partition needs the row path — a correction or a withdrawal to apply, or a case
or event row repeated by overlapping exports.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from congminh.core.law.awaiting import awaiting_reason
from congminh.core.law.bulk import FLAG_NAMES, STATUS_CODES, ResultColumns
from congminh.core.law.bulk.columns import (
    EPOCH,
    EVENT_CODES,
    FIELD_VALUES,
    CaseColumns,
    Unfit,
    case_row,
    event_row,
)
from congminh.core.law.bulk.results import AWAITING
from congminh.core.law.payload import case_payload

_UNIX = (EPOCH - dt.date(1970, 1, 1)).days
_UNFIT_HEAD = (0, 1, False, 0)  # what `from_cases` puts in the columns for an extra
RowsOf = Callable[[list[int]], Sequence[Mapping[str, Any]]]
_DENSE = 1 << 22  # keys below this are numbered through a table of them


def value_codes(column: Any) -> tuple[npt.NDArray[np.int64], list[Any]]:
    """Dictionary codes of a column (null: -1) and its distinct values; a column read as
    a dictionary (`national.READ_DICTIONARY`) is one already."""
    if isinstance(column, pa.ChunkedArray):
        if pa.types.is_dictionary(column.type):
            column = column.unify_dictionaries()
        column = column.combine_chunks()
    encoded = column if pa.types.is_dictionary(column.type) else pc.dictionary_encode(column)
    indices = pc.fill_null(encoded.indices, -1).to_numpy(zero_copy_only=False).astype(np.int64)
    return indices, encoded.dictionary.to_pylist()


def distinct_rows(*codes: npt.NDArray[np.int64]) -> tuple[list[int], npt.NDArray[np.int64]]:
    """For rows keyed by several code columns: a row of each distinct key, and each row's
    distinct key number."""
    key = np.zeros(len(codes[0]), dtype=np.int64)
    for column in codes:  # in place: no new array per step (300,000 events, 3 columns)
        key *= int(column.max(initial=0)) + 2
        key += column
        key += 1
    size = int(key.max(initial=0)) + 1
    if size > _DENSE:  # too many combinations for a table of them: sort
        _, first, inverse = np.unique(key, return_index=True, return_inverse=True)
        return first.tolist(), inverse.reshape(-1)
    # a table indexed by the key: no sort (any row of a key stands for it)
    row = np.full(size, -1, dtype=np.int64)
    row[key] = np.arange(len(key))
    present = np.flatnonzero(row >= 0)
    number = np.zeros(size, dtype=np.int64)
    number[present] = np.arange(len(present))
    return row[present].tolist(), number[key]


def _heads(cases: pa.Table) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.bool_]]:
    """Each case's (procedure, category, security, kind) codes, checked once per distinct
    head as `from_cases` checks a case (the payload as `national.case_payloads` makes it)."""
    names = ("procedure", "category", "case_kind", "national_security")
    coded = [value_codes(cases[n]) for n in names]
    first, inverse = distinct_rows(*(c for c, _ in coded))
    table, unfit = [], []
    for row in first:
        procedure, category, kind, security = (
            values[codes[row]] if codes[row] >= 0 else None for codes, values in coded)
        payload = case_payload({"id": 0, "procedure": procedure, "category": category,
                                "case_kind": kind, "national_security": security}, [])
        try:
            table.append(case_row(payload))
            unfit.append(False)
        except Unfit:
            table.append(_UNFIT_HEAD)
            unfit.append(True)
    return (np.array(table, dtype=np.int64).reshape(-1, 4)[inverse],
            np.array(unfit, dtype=np.bool_)[inverse])


Coded = tuple[npt.NDArray[np.int64], list[Any]]  # `value_codes`


def _event_rows(procedure: Coded, kind: Coded, details: Coded) -> tuple[
        npt.NDArray[np.int64], npt.NDArray[np.bool_], npt.NDArray[np.int64], list[str]]:
    """The `event_row` (type, day, length, unit, fields, ground, level; the day left 0) of
    each distinct (procedure of its case, type, details) and whether it fits; each event's
    distinct number; the grounds named. (Per distinct row, not per event: the columns are
    taken from it one by one, never as a table of every event's row.)"""
    coded = [procedure, kind, details]
    first, inverse = distinct_rows(*(c for c, _ in coded))
    grounds: dict[str, int] = {}
    table, unfit = [], []
    width = 6 + len(FIELD_VALUES)
    for row in first:
        procedure_name, type_name, text = (values[codes[row]] for codes, values in coded)
        try:
            raw = {**json.loads(text), "type": type_name, "date": EPOCH.isoformat()}
            table.append(event_row(raw, procedure_name, grounds))
            unfit.append(False)
        except (Unfit, TypeError):  # TypeError: details not a JSON object
            table.append((0,) * width)
            unfit.append(True)
    return (np.array(table, dtype=np.int64).reshape(-1, width), np.array(unfit, dtype=np.bool_),
            inverse, sorted(grounds, key=grounds.__getitem__))


def small_unique(values: npt.NDArray[Any]) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """`np.unique(values, return_inverse=True)` for integers: counted in a table when they
    span a short range (codes, flag bits, rule keys: no sort), else sorted."""
    flat = values.reshape(-1).astype(np.int64)
    if not len(flat):
        return flat, flat
    low, high = int(flat.min()), int(flat.max())
    if high - low > max(_DENSE >> 2, 2 * len(flat)):
        distinct, inverse = np.unique(flat, return_inverse=True)
        return distinct, inverse.reshape(-1)
    present = np.bincount(flat - low, minlength=high - low + 1) > 0
    number = np.cumsum(present) - 1
    return np.flatnonzero(present) + low, number[flat - low]


def id_order(cases: pa.Table) -> npt.NDArray[np.int64]:
    """The positions of `cases` in case id order (the columns' order)."""
    ids = cases["case_id"].to_numpy()
    if np.all(ids[1:] >= ids[:-1]):  # exported in id order: no sort
        return np.arange(len(ids))
    return np.argsort(ids, kind="stable")


def _has_repeats(sorted_values: npt.NDArray[Any]) -> bool:
    # sorted in NumPy: Arrow's count_distinct hashes, several times slower on int64 ids
    return bool(np.any(sorted_values[1:] == sorted_values[:-1]))


def _increasing(values: npt.NDArray[Any]) -> bool:
    """Strictly increasing (so no value repeats): ids as exported, checked without a sort."""
    return bool(np.all(values[1:] > values[:-1]))


def _event_order(ids: npt.NDArray[Any], ev_case: npt.NDArray[Any], ev_date: npt.NDArray[Any],
                 event_ids: npt.NDArray[Any]) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64] | None]:
    """The events held by a case of `ids` (sorted), in (case, date, event id) order: each
    one's case position and row (None: every row, as they are; no column is then taken in
    that order). One stable sort on a (case, date) key of the rows already in event id
    order (as exported, normally: then not sorted again)."""
    # (rows in id order as exported, normally: no copy of the columns taken in that order)
    rows = np.argsort(event_ids, kind="stable") if np.any(np.diff(event_ids) < 0) else None
    cases, dates = (ev_case, ev_date) if rows is None else (ev_case[rows], ev_date[rows])
    case_of = _positions(ids, cases)
    held = case_of < len(ids)
    if len(ids):  # an event of a case the partition lacks: left out
        held &= ids[np.minimum(case_of, len(ids) - 1)] == cases
    if not held.all():
        rows = (np.arange(len(event_ids)) if rows is None else rows)[held]
        case_of, dates = case_of[held], dates[held]
    dates = dates.astype(np.int64)
    key = case_of.astype(np.int64) << 32 | (dates - (dates.min() if len(dates) else 0))
    if np.all(key[1:] >= key[:-1]):  # exported in (case, date, id) order: no sort
        return case_of, rows
    by_key = np.argsort(key, kind="stable")
    return case_of[by_key], (by_key if rows is None else rows[by_key])


def _positions(ids: npt.NDArray[Any], values: npt.NDArray[Any]) -> npt.NDArray[np.int64]:
    """`np.searchsorted(ids, values)` (`ids` sorted and distinct): through a table of the
    ids' positions when they span a range a few times their number (a partition's case ids,
    normally), else by the search."""
    if not len(ids) or not len(values):
        return np.searchsorted(ids, values)
    low, high = int(ids[0]), int(ids[-1])
    if high - low >= 4 * len(ids) + 1024 or int(values.min()) < low or int(values.max()) > high:
        return np.searchsorted(ids, values)
    # each id's position, and for an id between two of them the next one's (as searchsorted)
    table = np.zeros(high - low + 1, dtype=np.int64)
    table[ids - low] = 1
    position = np.cumsum(table) - table
    found: npt.NDArray[np.int64] = position[values - low]
    return found


def _recorded_only(kind: Any) -> bool:
    """Whether every event row is `recorded` (no correction or withdrawal to apply). A
    column read as a dictionary of "recorded" alone, as normally, is not read row by row."""
    if pa.types.is_dictionary(kind.type) and all(
            chunk.dictionary.to_pylist() == ["recorded"] and not chunk.null_count for chunk in kind.chunks):
        return True
    kinds, values = value_codes(kind)
    return all(values[k] == "recorded" for k in np.unique(kinds).tolist())


def fast_columns(cases: pa.Table, events: pa.Table, rows_of: RowsOf) -> CaseColumns | None:
    """The columns of a partition (`cases` and `events` with `national.READ_COLUMNS`), in
    case id order; `rows_of(case_ids)` gives the contract dicts of the cases that do not fit.

    The events are ordered (case, date, id) in NumPy over their integer columns and their
    type and details codes: no Arrow table is sorted or filtered (taking their strings
    cost more than the evaluation)."""
    if not _recorded_only(events["kind"]):
        return None
    by_id = id_order(cases)
    ids = cases["case_id"].to_numpy()[by_id]
    event_ids = events["event_id"].to_numpy()
    if _has_repeats(ids) or not (_increasing(event_ids) or not _has_repeats(np.sort(event_ids))):
        return None
    ev_case, ev_date = events["case_id"].to_numpy(), events["date"].cast(pa.int32()).to_numpy()
    case_of, order = _event_order(ids, ev_case, ev_date, event_ids)
    heads, unfit = _heads(cases)
    heads, unfit = heads[by_id], unfit[by_id]
    procedures, names = value_codes(cases["procedure"])
    types, type_values = value_codes(events["type"])
    details, detail_values = value_codes(events["details"])

    def ordered(values: npt.NDArray[Any]) -> npt.NDArray[Any]:
        return values if order is None else values[order]

    table, unfit_row, which, grounds = _event_rows(
        (procedures[by_id][case_of], names), (ordered(types), type_values), (ordered(details), detail_values))
    unfit[case_of[unfit_row[which]]] = True
    keep = ~unfit[case_of]
    if not keep.all():
        order = (np.arange(len(case_of)) if order is None else order)[keep]
        which, case_of = which[keep], case_of[keep]
    day = ordered(ev_date) - _UNIX

    def column(j: int, dtype: Any) -> Any:
        return table[:, j].astype(dtype)[which]

    extras: dict[int, Mapping[str, Any]] = {}
    if unfit.any():
        extras = dict(zip(np.flatnonzero(unfit).tolist(), rows_of(ids[unfit].tolist()), strict=True))
        heads[unfit] = _UNFIT_HEAD
    offsets = np.zeros(len(ids) + 1, dtype=np.int64)
    np.cumsum(np.bincount(case_of, minlength=len(ids)), out=offsets[1:])
    fields = {name: column(4 + i, np.int8) for i, name in enumerate(FIELD_VALUES)}
    return CaseColumns(
        procedure=heads[:, 0].astype(np.int8), category=heads[:, 1].astype(np.int8),
        national_security=heads[:, 2].astype(np.bool_), case_kind=heads[:, 3].astype(np.int8),
        ev_offsets=offsets, ev_type=column(0, np.int16), ev_day=day.astype(np.int32),
        ev_len=column(2, np.int16), ev_unit=column(3, np.int8),
        ev_by=fields["by"], ev_court=fields["court"], ev_able=fields["able"], ev_at=fields["at"],
        ev_ground=column(-2, np.int16), grounds=grounds, ids=ids.tolist(),
        extras=extras, ev_level=column(-1, np.int8))


def result_tables(result: ResultColumns, ids: Sequence[int] | npt.NDArray[np.int64], cases: pa.Table,
                  kinds: Mapping[str, str]) -> dict[str, pa.Table]:
    """The results of the columns as `national.RESULT_SCHEMAS` tables, without a dict per
    case: what `ResultColumns.to_dicts` renders, read from its arrays (the codes of a case's
    status, flags and last stage; the open clocks' rule version, limit and days), for the
    cases the arrays followed. `cases`: case_id, procedure and holder, in `ids` order. The
    cases evaluated one by one (`fallback_results`) are rendered by the row path's
    `national.result_rows` and appended."""
    from .national import CODED_SCHEMAS, result_rows

    n = len(ids)
    vector = np.flatnonzero(~result.fallback)
    status = result.status[vector].astype(np.int64)
    # each distinct value made once, then taken per case (no Python object per case)
    stages, stage_of = small_unique(result.last_stage[vector])
    waiting = [awaiting_reason(EVENT_CODES[code] if code >= 0 else None) for code in stages.tolist()]
    reason = coded([*waiting, None], np.where(status == AWAITING, stage_of.reshape(-1), len(waiting)))
    bits, bits_of = small_unique(result.flags[vector])
    flag_lists = pa.array([[name for bit, name in enumerate(FLAG_NAMES) if b >> bit & 1]
                           for b in bits.tolist()], pa.list_(pa.string()))
    opened = result.open
    counts = np.bincount(opened["case"], minlength=n)[vector]
    head = cases if len(vector) == n else cases.take(vector)  # (all of them, normally)
    as_of = np.full(len(vector), (result.as_of - EPOCH).days, dtype=np.int64)
    case_table = pa.Table.from_arrays([
        head["case_id"], _coded_column(head["procedure"]), _coded_column(head["holder"]),
        coded(STATUS_CODES, status), reason, _kinds(head["holder"], kinds),
        pc.take(flag_lists, indices(bits_of.reshape(-1))),
        pa.array(counts.astype(np.int32)), empty_lists(len(vector), pa.string()),
        _dates(as_of)], schema=CODED_SCHEMAS["cases"])
    return _with_fallbacks({"cases": case_table, "obligations": _open_table(result, ids)},
                           result, ids, cases, kinds, result_rows)


def coded_schema(schema: pa.Schema) -> pa.Schema:
    """`schema` with its string fields as dictionaries (`coded`): the tables the columnar
    path builds. Written with `national.write_parquet`, their files read back as `schema`."""
    return pa.schema([f.with_type(_CODE) if pa.types.is_string(f.type) else f for f in schema])


_CODE = pa.dictionary(pa.int32(), pa.string())


def _coded_column(column: Any) -> Any:
    """A string or dictionary column as one dictionary array (`_CODE`)."""
    codes, values = value_codes(column)
    return coded([*values, None], np.where(codes < 0, len(values), codes))


def _kinds(holders: Any, kinds: Mapping[str, str]) -> pa.Array[Any]:
    """Each holder's kind, looked up once per distinct holder (a null one: none)."""
    codes, values = value_codes(holders)
    return coded([*(kinds.get(h or "") for h in values), None], np.where(codes < 0, len(values), codes))


def _dates(days: npt.NDArray[np.int64], valid: npt.NDArray[np.bool_] | None = None) -> Any:
    array = pa.array((days + _UNIX).astype(np.int32), pa.int32(),
                     mask=None if valid is None else ~valid)
    return array.view(pa.date32())


def _open_table(result: ResultColumns, ids: Sequence[int] | npt.NDArray[np.int64]) -> pa.Table:
    """The open clocks (`ResultColumns.open`, the arrays' cases only) as result rows."""
    from .national import CODED_SCHEMAS

    opened = result.open
    key = opened["slot"].astype(np.int64) * 65536 + opened["ver"].astype(np.int64) * 256 + opened["lim"]
    distinct, inverse = small_unique(key)
    facts = []  # per distinct (slot, version, limit): rule id, kind, holder, window, tiers
    for k in distinct.tolist():
        rule = result.compiled.versions[k >> 16][(k >> 8) & 255]
        facts.append((rule.id, rule.kind, rule.holder, bool(rule.window),
                      len(rule.limits[k & 255].extensions)))
    pick = [list(column) for column in zip(*facts, strict=True)] if facts else [[]] * 5
    due, nex = opened["due"].astype(np.int64), opened["nex"].astype(np.int64)
    dated = due >= 0
    tiers = np.array(pick[4], dtype=np.int64)[inverse.reshape(-1)]
    m = len(due)
    return pa.Table.from_arrays([
        pa.array(np.asarray(ids, dtype=np.int64)[opened["case"]] if m else np.zeros(0, np.int64)),
        coded(pick[0], inverse.reshape(-1)), coded(pick[1], inverse.reshape(-1)),
        coded(pick[2], inverse.reshape(-1)), pa.nulls(m, _CODE),
        _dates(opened["start"].astype(np.int64)), _dates(due, dated),
        _dates(opened["max_due"].astype(np.int64), dated),
        coded(STATUS_CODES, opened["status"]),
        pc.take(pa.array(pick[3], pa.bool_()), indices(inverse.reshape(-1))),
        pa.array(np.maximum(nex, 0).astype(np.int16)),
        pa.array(np.maximum(tiers - nex, 0).astype(np.int16))], schema=CODED_SCHEMAS["obligations"])


def indices(codes: npt.NDArray[Any]) -> Any:
    """Codes as Arrow take indices (Any: the stubs type `pa.array` of an integer ndarray as
    a boolean array)."""
    return pa.array(codes.astype(np.int32), pa.int32())


def labels(values: Sequence[Any], codes: npt.NDArray[Any]) -> pa.Array[Any]:
    """`values[code]` for every code, as Arrow strings (None: null)."""
    return pc.take(pa.array(list(values), pa.string()), indices(codes))


def coded(values: Sequence[Any], codes: npt.NDArray[Any]) -> pa.Array[Any]:
    """`values[code]` for every code as a dictionary array (`_CODE`; a None value: null):
    no string made per row, and Parquet writes its dictionary as it is. Each distinct value
    is once in the dictionary (equal strings are one group, one code)."""
    number: dict[Any, int] = {}
    remap = np.array([number.setdefault(v, len(number)) if v is not None else -1 for v in values] or [-1],
                     dtype=np.int32)[codes]
    dictionary = pa.array(list(number), pa.string())
    null = remap < 0
    array: pa.Array[Any] = pa.DictionaryArray.from_arrays(
        pa.array(np.where(null, 0, remap), pa.int32(), mask=null if null.any() else None), dictionary)
    return array


def empty_lists(n: int, value_type: pa.DataType) -> pa.Array[Any]:
    empty: pa.Array[Any] = pa.ListArray.from_arrays(indices(np.zeros(n + 1)), pa.array([], value_type))
    return empty


def _with_fallbacks(tables: dict[str, pa.Table], result: ResultColumns, ids: Sequence[int] | npt.NDArray[np.int64],
                    cases: pa.Table, kinds: Mapping[str, str], result_rows: Any) -> dict[str, pa.Table]:
    if not result.fallback_results:
        return tables
    indices = sorted(result.fallback_results)
    latest = {row["case_id"]: row for row in cases.take(indices).to_pylist()}
    rows = result_rows([result.fallback_results[i] for i in indices], latest, result.as_of, kinds)
    return {name: pa.concat_tables([table, coded_table(rows[name], name)]) for name, table in tables.items()}


def coded_table(rows: Sequence[Mapping[str, Any]], name: str) -> pa.Table:
    """Result rows (`national.result_rows`) as a table of `national.CODED_SCHEMAS`."""
    from .national import CODED_SCHEMAS, RESULT_SCHEMAS

    return pa.Table.from_pylist(list(rows), schema=RESULT_SCHEMAS[name]).cast(CODED_SCHEMAS[name])
