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


def _codes(column: Any) -> tuple[npt.NDArray[np.int64], list[Any]]:
    """Dictionary codes of a column (null: -1) and its distinct values."""
    if isinstance(column, pa.ChunkedArray):
        column = column.combine_chunks()
    encoded = pc.dictionary_encode(column)
    indices = pc.fill_null(encoded.indices, -1).to_numpy(zero_copy_only=False).astype(np.int64)
    return indices, encoded.dictionary.to_pylist()


def _distinct(*codes: npt.NDArray[np.int64]) -> tuple[list[int], npt.NDArray[np.int64]]:
    """For rows keyed by several code columns: a row of each distinct key, and each row's
    distinct key number."""
    key = np.zeros(len(codes[0]), dtype=np.int64)
    for column in codes:
        key = key * (int(column.max(initial=0)) + 2) + column + 1
    _, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    return first.tolist(), inverse.reshape(-1)


def _unique(column: Any) -> bool:
    return bool(pc.count_distinct(column).as_py() == len(column))


def _heads(cases: pa.Table) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.bool_]]:
    """Each case's (procedure, category, security, kind) codes, checked once per distinct
    head as `from_cases` checks a case (the payload as `national.case_payloads` makes it)."""
    names = ("procedure", "category", "case_kind", "national_security")
    coded = [_codes(cases[n]) for n in names]
    first, inverse = _distinct(*(c for c, _ in coded))
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


def _event_rows(events: pa.Table, procedure: tuple[npt.NDArray[np.int64], list[Any]]
                ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.bool_], list[str]]:
    """Each event's `event_row` (type, day, length, unit, fields, ground, level; the day
    left 0), computed once per distinct (its case's procedure, type, details); whether it
    fits; the grounds named."""
    coded = [procedure, _codes(events["type"]), _codes(events["details"])]
    first, inverse = _distinct(*(c for c, _ in coded))
    grounds: dict[str, int] = {}
    table, unfit = [], []
    width = 6 + len(FIELD_VALUES)
    for row in first:
        procedure_name, kind, details = (values[codes[row]] for codes, values in coded)
        try:
            raw = {**json.loads(details), "type": kind, "date": EPOCH.isoformat()}
            table.append(event_row(raw, procedure_name, grounds))
            unfit.append(False)
        except (Unfit, TypeError):  # TypeError: details not a JSON object
            table.append((0,) * width)
            unfit.append(True)
    return (np.array(table, dtype=np.int64).reshape(-1, width)[inverse],
            np.array(unfit, dtype=np.bool_)[inverse], sorted(grounds, key=grounds.__getitem__))


def fast_columns(cases: pa.Table, events: pa.Table, rows_of: RowsOf) -> CaseColumns | None:
    """The columns of a partition (`cases` and `events` with `national.READ_COLUMNS`), in
    case id order; `rows_of(case_ids)` gives the contract dicts of the cases that do not fit."""
    if events.num_rows and not pc.all(pc.equal(events["kind"], pa.scalar("recorded"))).as_py():
        return None
    if not _unique(cases["case_id"]) or not _unique(events["event_id"]):
        return None
    cases = cases.sort_by("case_id")
    ids = cases["case_id"].to_numpy()
    events = events.filter(pc.is_in(events["case_id"], pa.array(ids)))
    events = events.sort_by([("case_id", "ascending"), ("date", "ascending"),
                             ("event_id", "ascending")])
    case_of = np.searchsorted(ids, events["case_id"].to_numpy())
    heads, unfit = _heads(cases)
    procedures, names = _codes(cases["procedure"])
    rows, bad, grounds = _event_rows(events, (procedures[case_of], names))
    unfit[case_of[bad]] = True
    keep = ~unfit[case_of]
    rows, case_of = rows[keep], case_of[keep]
    day = events["date"].filter(pa.array(keep)).cast(pa.int32()).to_numpy() - _UNIX
    extras: dict[int, Mapping[str, Any]] = {}
    if unfit.any():
        extras = dict(zip(np.flatnonzero(unfit).tolist(), rows_of(ids[unfit].tolist()), strict=True))
        heads[unfit] = _UNFIT_HEAD
    offsets = np.zeros(len(ids) + 1, dtype=np.int64)
    np.cumsum(np.bincount(case_of, minlength=len(ids)), out=offsets[1:])
    fields = {name: rows[:, 4 + i].astype(np.int8) for i, name in enumerate(FIELD_VALUES)}
    return CaseColumns(
        procedure=heads[:, 0].astype(np.int8), category=heads[:, 1].astype(np.int8),
        national_security=heads[:, 2].astype(np.bool_), case_kind=heads[:, 3].astype(np.int8),
        ev_offsets=offsets, ev_type=rows[:, 0].astype(np.int16), ev_day=day.astype(np.int32),
        ev_len=rows[:, 2].astype(np.int16), ev_unit=rows[:, 3].astype(np.int8),
        ev_by=fields["by"], ev_court=fields["court"], ev_able=fields["able"], ev_at=fields["at"],
        ev_ground=rows[:, -2].astype(np.int16), grounds=grounds, ids=ids.tolist(),
        extras=extras, ev_level=rows[:, -1].astype(np.int8))


def result_tables(result: ResultColumns, ids: list[int], cases: pa.Table,
                  kinds: Mapping[str, str]) -> dict[str, pa.Table]:
    """The results of the columns as `national.RESULT_SCHEMAS` tables, without a dict per
    case: what `ResultColumns.to_dicts` renders, read from its arrays (the codes of a case's
    status, flags and last stage; the open clocks' rule version, limit and days), for the
    cases the arrays followed. `cases`: case_id, procedure and holder, in `ids` order. The
    cases evaluated one by one (`fallback_results`) are rendered by the row path's
    `national.result_rows` and appended."""
    from .national import RESULT_SCHEMAS, result_rows

    n = len(ids)
    vector = np.flatnonzero(~result.fallback)
    status = result.status[vector].astype(np.int64)
    waiting = {code: awaiting_reason(EVENT_CODES[code] if code >= 0 else None)
               for code in np.unique(result.last_stage[vector]).tolist()}
    reason = [waiting[int(stage)] if code == AWAITING else None
              for code, stage in zip(status.tolist(), result.last_stage[vector].tolist(), strict=True)]
    flag_lists = {bits: [name for bit, name in enumerate(FLAG_NAMES) if bits >> bit & 1]
                  for bits in np.unique(result.flags[vector]).tolist()}
    opened = result.open
    counts = np.bincount(opened["case"], minlength=n)[vector]
    head = cases.take(vector)
    kind = [kinds.get(h or "") for h in head["holder"].to_pylist()]
    as_of = np.full(len(vector), (result.as_of - EPOCH).days, dtype=np.int64)
    case_table = pa.Table.from_arrays([
        head["case_id"], head["procedure"], head["holder"],
        pa.array([STATUS_CODES[c] for c in status.tolist()], pa.string()),
        pa.array(reason, pa.string()), pa.array(kind, pa.string()),
        pa.array([flag_lists[b] for b in result.flags[vector].tolist()], pa.list_(pa.string())),
        pa.array(counts.astype(np.int32)), pa.array([[]] * len(vector), pa.list_(pa.string())),
        _dates(as_of)], schema=RESULT_SCHEMAS["cases"])
    return _with_fallbacks({"cases": case_table, "obligations": _open_table(result, ids)},
                           result, ids, cases, kinds, result_rows, RESULT_SCHEMAS)


def _dates(days: npt.NDArray[np.int64], valid: npt.NDArray[np.bool_] | None = None) -> Any:
    array = pa.array((days + _UNIX).astype(np.int32), pa.int32(),
                     mask=None if valid is None else ~valid)
    return array.view(pa.date32())


def _open_table(result: ResultColumns, ids: list[int]) -> pa.Table:
    """The open clocks (`ResultColumns.open`, the arrays' cases only) as result rows."""
    from .national import RESULT_SCHEMAS

    opened = result.open
    key = opened["slot"].astype(np.int64) * 65536 + opened["ver"].astype(np.int64) * 256 + opened["lim"]
    distinct, inverse = np.unique(key, return_inverse=True)
    facts = []  # per distinct (slot, version, limit): rule id, kind, holder, window, tiers
    for k in distinct.tolist():
        rule = result.compiled.versions[k >> 16][(k >> 8) & 255]
        facts.append((rule.id, rule.kind, rule.holder, bool(rule.window),
                      len(rule.limits[k & 255].extensions)))
    pick = [list(column) for column in zip(*facts, strict=True)] if facts else [[]] * 5
    take = _indices(inverse.reshape(-1))
    due, nex = opened["due"].astype(np.int64), opened["nex"].astype(np.int64)
    dated = due >= 0
    tiers = np.array(pick[4], dtype=np.int64)[inverse.reshape(-1)]
    m = len(due)
    return pa.Table.from_arrays([
        pa.array(np.array(ids, dtype=np.int64)[opened["case"]] if m else np.zeros(0, np.int64)),
        pc.take(pa.array(pick[0], pa.string()), take), pc.take(pa.array(pick[1], pa.string()), take),
        pc.take(pa.array(pick[2], pa.string()), take), pa.nulls(m, pa.string()),
        _dates(opened["start"].astype(np.int64)), _dates(due, dated),
        _dates(opened["max_due"].astype(np.int64), dated),
        pa.array([STATUS_CODES[c] for c in opened["status"].tolist()], pa.string()),
        pc.take(pa.array(pick[3], pa.bool_()), take),
        pa.array(np.maximum(nex, 0).astype(np.int16)),
        pa.array(np.maximum(tiers - nex, 0).astype(np.int16))], schema=RESULT_SCHEMAS["obligations"])


def _indices(codes: npt.NDArray[Any]) -> Any:
    return pa.array(codes.astype(np.int32), pa.int32())


def _with_fallbacks(tables: dict[str, pa.Table], result: ResultColumns, ids: list[int],
                    cases: pa.Table, kinds: Mapping[str, str], result_rows: Any,
                    schemas: Mapping[str, pa.Schema]) -> dict[str, pa.Table]:
    if not result.fallback_results:
        return tables
    indices = sorted(result.fallback_results)
    latest = {row["case_id"]: row for row in cases.take(indices).to_pylist()}
    rows = result_rows([result.fallback_results[i] for i in indices], latest, result.as_of, kinds)
    return {name: pa.concat_tables([table, pa.Table.from_pylist(rows[name], schema=schemas[name])])
            for name, table in tables.items()}
