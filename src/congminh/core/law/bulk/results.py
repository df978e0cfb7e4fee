"""What the bulk path returns: per-case columns and flat obligation tables, and the
contract dicts rendered from them (the same as `evaluate_cases`).

Each chunk's tables are compacted (fallback cases dropped, sorted by case, start, rule id,
small dtypes) by `compact`, then the chunks' parts are concatenated in case order
(`assemble`). `ResultColumns.to_dicts` renders the contract result dicts.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt

from ..awaiting import awaiting_reason
from ..evaluate import STATUS_ORDER
from ..rules import Rule
from .columns import EVENT_CODES
from .dates import Days, Ints, to_date
from .rules import CompiledRules

Bools = npt.NDArray[np.bool_]

STATUS_CODES = STATUS_ORDER  # overdue, due_soon, suspended, on_time, awaiting, closed
CLOSED = STATUS_CODES.index("closed")
AWAITING = STATUS_CODES.index("awaiting")
NO_STATUS = len(STATUS_CODES)  # no open clock drives the status: awaiting or closed
FLAG_NAMES = ("backlog", "prolonged", "suspended_ground_ended", "extension_request_due",
              "custody_expiring_before_renewal")  # custody clocks are per person: per-case only

_COMPACT = {"case": np.int32, "slot": np.int16, "ver": np.int8, "lim": np.int8,
            "start": np.int32, "due": np.int32, "max_due": np.int32, "status": np.int8,
            "nex": np.int8, "since": np.int32, "done": np.int32, "event": np.int16,
            "type": np.int16, "day": np.int32, "timely": np.bool_}
OPEN_COLUMNS = ("case", "slot", "ver", "lim", "start", "due", "max_due", "status", "nex", "since")
DONE_COLUMNS = ("case", "slot", "ver", "lim", "start", "due", "max_due", "done", "event", "nex")
APPEAL_COLUMNS = ("case", "type", "day", "timely")
JUDGMENT_STATES = ("pending", "appealed", "effective")


def compact_dtype(name: str) -> Any:
    """The dtype of a result table's column `name`."""
    return _COMPACT[name]


@dataclass
class ResultColumns:
    """Per-case status and flags, flat obligation tables, and the per-case fallbacks.

    `open` (OPEN_COLUMNS) and `done` (DONE_COLUMNS) are ordered by case, start, rule id:
    day numbers since 2000-01-01 (-1 for the dates of a suspended clock), `slot`/`ver`/`lim`
    index `compiled.versions[slot][ver].limits[lim]`, `event` indexes EVENT_CODES.
    First-instance judgments (`judgment.py`): `judged` is the day of the latest one (-1:
    none), `judgment_state` indexes JUDGMENT_STATES, `windows_close` is the last window's
    due date (-1: no window), `appeals` (APPEAL_COLUMNS) lists appeals and protests in
    event order. `last_stage` is the type (EVENT_CODES) of each case's last stage event up
    to as_of (-1: none), which an `awaiting` case's reason is read from (`awaiting.py`).
    """

    as_of: date
    status: npt.NDArray[np.int8]  # index into STATUS_CODES; -1 for fallback cases
    flags: npt.NDArray[np.uint8]  # bit i = FLAG_NAMES[i]
    fallback: Bools
    open: dict[str, npt.NDArray[Any]]
    done: dict[str, npt.NDArray[Any]]
    compiled: CompiledRules = field(repr=False)
    fallback_results: dict[int, dict[str, Any]] = field(default_factory=dict)
    judged: Days = field(default_factory=lambda: np.zeros(0, dtype=np.int32))
    judgment_state: npt.NDArray[np.int8] = field(default_factory=lambda: np.zeros(0, dtype=np.int8))
    windows_close: Days = field(default_factory=lambda: np.zeros(0, dtype=np.int32))
    appeals: dict[str, npt.NDArray[Any]] = field(default_factory=dict)
    last_stage: npt.NDArray[np.int16] = field(default_factory=lambda: np.zeros(0, dtype=np.int16))

    @property
    def fallback_count(self) -> int:
        return int(self.fallback.sum())

    @property
    def bulk_share(self) -> float:
        return 1.0 - self.fallback_count / max(len(self.status), 1)

    def to_dicts(self, ids: list[Any] | None = None,
                 indices: Iterable[int] | None = None) -> list[dict[str, Any]]:
        """Contract result dicts, same as `evaluate_cases` (ids default to case indexes);
        `indices` renders only those cases."""
        return _Renderer(self, ids).render(indices)

    def cases(self, lo: int, hi: int) -> ResultColumns:
        """The results of cases `lo` to `hi` alone, numbered from 0 (as if those cases had
        been evaluated by themselves: `columns.concat_columns` undone)."""
        def rows(table: dict[str, npt.NDArray[Any]]) -> dict[str, npt.NDArray[Any]]:
            if "case" not in table:
                return dict(table)
            first, last = np.searchsorted(table["case"], [lo, hi]).tolist()
            out = {name: column[first:last] for name, column in table.items()}
            out["case"] = out["case"] - np.asarray(lo, dtype=out["case"].dtype)
            return out

        def part(column: npt.NDArray[Any]) -> npt.NDArray[Any]:
            return column[lo:hi] if len(column) else column

        return ResultColumns(
            as_of=self.as_of, status=self.status[lo:hi], flags=self.flags[lo:hi],
            fallback=self.fallback[lo:hi], open=rows(self.open), done=rows(self.done),
            compiled=self.compiled,
            fallback_results={i - lo: r for i, r in self.fallback_results.items() if lo <= i < hi},
            judged=part(self.judged), judgment_state=part(self.judgment_state),
            windows_close=part(self.windows_close), appeals=rows(self.appeals),
            last_stage=part(self.last_stage))



@dataclass(frozen=True)
class KeyLayout:
    """One int64 sort key per table row: case, start, slot, then closing or event order.

    Each part gets the bits its values need: the case within a chunk (the chunk size), the
    start day (the calendar's day numbers), the slot (the rule ids); the order takes what
    is left, up to `ORDER_BITS` (it is clipped: equal keys are then sorted stably, in the
    order the rows were made, which is the same order)."""

    case_bits: int
    start_bits: int
    slot_bits: int
    order_bits: int

    ORDER_BITS = 16  # closing or event order: calls per chunk, clipped beyond

    @classmethod
    def fit(cls, n_days: int, n_slots: int) -> KeyLayout:
        start_bits = max(1, (n_days - 1).bit_length())
        slot_bits = max(1, (n_slots - 1).bit_length())
        case_bits = 63 - start_bits - slot_bits - cls.ORDER_BITS
        if case_bits < 8:
            raise ValueError("the calendar and the rules leave no room for cases in the sort key")
        return cls(case_bits, start_bits, slot_bits, cls.ORDER_BITS)

    @property
    def max_cases(self) -> int:
        """The largest chunk whose case numbers fit the key."""
        return 1 << self.case_bits

    def key(self, cols: dict[str, npt.NDArray[Any]]) -> Ints:
        order_shift = 0
        slot_shift = self.order_bits
        start_shift = slot_shift + self.slot_bits
        case_shift = start_shift + self.start_bits
        key: Ints = cols["case"].astype(np.int64) << case_shift
        if "start" in cols:
            key |= (np.clip(cols["start"], 0, (1 << self.start_bits) - 1).astype(np.int64)
                    << start_shift | cols["slot"].astype(np.int64) << slot_shift)
        if "seq" in cols:
            key |= np.minimum(cols["seq"], (1 << self.order_bits) - 1).astype(np.int64) << order_shift
        return key


def compact(tables: list[dict[str, Any]], lo: int, fallback: Bools,
            names: tuple[str, ...], perm: Ints, layout: KeyLayout) -> dict[str, npt.NDArray[Any]]:
    """One chunk's table without fallback cases, ordered by case, start, rule id (then
    closing order, as `finish` sorts; appeals: by case, then event order), case numbers
    mapped back from the chunk's rows (`perm`) and shifted, in small dtypes."""
    if not tables:
        return {name: np.zeros(0, dtype=_COMPACT[name]) for name in names}
    cols = {name: np.concatenate([t[name] for t in tables]) for name in tables[0]}
    cols["case"] = perm[cols["case"]]
    keep = ~fallback[cols["case"]]
    if not keep.all():
        cols = {name: col[keep] for name, col in cols.items()}
    key = layout.key(cols)
    # Keys are unique but for clipped orders: the (SIMD) default sort, checked; the
    # stable one (concatenation order breaks ties) only if two keys are equal.
    order = np.argsort(key)
    if len(key) > 1 and not (np.diff(key[order]) > 0).all():
        order = np.argsort(key, kind="stable")
    out: dict[str, npt.NDArray[Any]] = {
        name: cols[name][order].astype(_COMPACT[name], copy=False) for name in names}
    out["case"] += lo
    return out


def _merge(tables: list[dict[str, npt.NDArray[Any]]],
           names: tuple[str, ...]) -> dict[str, npt.NDArray[Any]]:
    """Chunks come in case order, each already sorted: concatenating keeps the order.
    Each chunk's column is dropped once copied, so the peak holds one column twice, not
    every table."""
    return {name: (np.concatenate([t.pop(name) for t in tables]) if tables
                   else np.zeros(0, dtype=_COMPACT[name])) for name in names}


# One chunk's compact part: status, flags, fallback, open and done tables, (judged,
# judgment state, windows close, appeals), last stage event.
Part = tuple[npt.NDArray[np.int8], npt.NDArray[np.uint8], Bools,
             dict[str, npt.NDArray[Any]], dict[str, npt.NDArray[Any]],
             tuple[Days, npt.NDArray[np.int8], Days, dict[str, npt.NDArray[Any]]],
             npt.NDArray[np.int16]]


def assemble(parts: list[Part], as_of: date, compiled: CompiledRules) -> ResultColumns:
    def cat(arrays: list[npt.NDArray[Any]], dtype: Any) -> npt.NDArray[Any]:
        return np.concatenate(arrays) if arrays else np.zeros(0, dtype=dtype)

    open_, done = _merge([p[3] for p in parts], OPEN_COLUMNS), _merge([p[4] for p in parts],
                                                                      DONE_COLUMNS)
    return ResultColumns(
        as_of=as_of, status=cat([p[0] for p in parts], np.int8),
        flags=cat([p[1] for p in parts], np.uint8), fallback=cat([p[2] for p in parts], np.bool_),
        open=open_, done=done, compiled=compiled,
        judged=cat([p[5][0] for p in parts], np.int32),
        judgment_state=cat([p[5][1] for p in parts], np.int8),
        windows_close=cat([p[5][2] for p in parts], np.int32),
        appeals=_merge([p[5][3] for p in parts], APPEAL_COLUMNS),
        last_stage=cat([p[6] for p in parts], np.int16),
    )


class _Renderer:
    def __init__(self, result: ResultColumns, ids: list[Any] | None) -> None:
        self.result, self.ids = result, ids
        self.as_of = result.as_of.isoformat()
        self._rows: dict[tuple[int, int, int], tuple[Rule, str, int]] = {}
        self.open: dict[str, Any] = result.open
        self.done: dict[str, Any] = result.done

    def render(self, indices: Iterable[int] | None = None) -> list[dict[str, Any]]:
        res = self.result
        wanted = range(len(res.status)) if indices is None else list(indices)
        if indices is None:
            # Whole result: Python lists are faster to index than arrays.
            self.open = {k: v.tolist() for k, v in res.open.items()}
            self.done = {k: v.tolist() for k, v in res.done.items()}
        cases = np.array([*wanted, *(i + 1 for i in wanted)], dtype=np.int64)
        open_at = dict(zip(cases.tolist(), np.searchsorted(res.open["case"], cases).tolist(),
                           strict=True))
        done_at = dict(zip(cases.tolist(), np.searchsorted(res.done["case"], cases).tolist(),
                           strict=True))
        appeals_at = dict(zip(cases.tolist(), np.searchsorted(res.appeals["case"], cases).tolist(),
                              strict=True))
        out = []
        for index in wanted:
            if index in res.fallback_results:
                out.append(res.fallback_results[index])
                continue
            flags = [name for bit, name in enumerate(FLAG_NAMES) if int(res.flags[index]) >> bit & 1]
            out.append(self._head(index))
            out[-1].update({
                "flags": flags,
                "open_obligations": [self._open(i) for i in range(open_at[index], open_at[index + 1])],
                "closed_obligations": [self._done(i) for i in range(done_at[index],
                                                                    done_at[index + 1])],
                "errors": []})
            if res.judged[index] >= 0:
                out[-1]["judgment"] = self._judgment(index, range(appeals_at[index],
                                                                  appeals_at[index + 1]))
        return out

    def _head(self, index: int) -> dict[str, Any]:
        """id, as_of, status and, for an `awaiting` case, its reason (`evaluate_case`)."""
        res = self.result
        status = int(res.status[index])
        out: dict[str, Any] = {"id": index if self.ids is None else self.ids[index],
                               "as_of": self.as_of, "status": STATUS_CODES[status]}
        if status == AWAITING:
            last = int(res.last_stage[index])
            out["awaiting_reason"] = awaiting_reason(EVENT_CODES[last] if last >= 0 else None)
        return out

    def _judgment(self, index: int, appeals: range) -> dict[str, Any]:
        """Same as `judgment.JudgmentFacts.as_dict` (nobody awaiting delivery here)."""
        res = self.result
        state = JUDGMENT_STATES[int(res.judgment_state[index])]
        close = int(res.windows_close[index])
        table = res.appeals
        return {
            "pronounced": to_date(res.judged[index]).isoformat(), "state": state,
            "windows_close": to_date(close).isoformat() if close >= 0 else None,
            "effective_from": to_date(close + 1).isoformat() if state == "effective" else None,
            "appeals": [{"type": EVENT_CODES[int(table["type"][i])],
                         "date": to_date(table["day"][i]).isoformat(),
                         "timely": bool(table["timely"][i])} for i in appeals],
        }

    def _limit_row(self, s: int, v: int, lim: int) -> tuple[Rule, str, int]:
        """(rule version, basis text, number of extension tiers), cached."""
        key = (s, v, lim)
        if key not in self._rows:
            rule = self.result.compiled.versions[s][v]
            limit = rule.limits[lim]
            self._rows[key] = (rule, limit.citation.text(), len(limit.extensions))
        return self._rows[key]

    def _obligation(self, table: dict[str, Any], i: int, status: str,
                    running: bool) -> tuple[dict[str, Any], Rule]:
        """Same keys, in the same order, as `evaluate._obligation`."""
        rule, basis, tiers = self._limit_row(int(table["slot"][i]), int(table["ver"][i]),
                                             int(table["lim"][i]))
        due, max_due, nex = int(table["due"][i]), int(table["max_due"][i]), int(table["nex"][i])
        dated = due >= 0
        as_of = self.result.as_of
        out: dict[str, Any] = {
            "kind": rule.kind, "holder": rule.holder,
            "start": to_date(table["start"][i]).isoformat(),
            "due": to_date(due).isoformat() if dated else None,
            "max_due": to_date(max_due).isoformat() if dated else None,
            "days_left": (to_date(due) - as_of).days if dated and running else None,
            "days_to_max_due": (to_date(max_due) - as_of).days if dated and running else None,
            "rule": rule.id, "basis": basis, "status": status,
            "title": rule.title, "extensions_used": nex, "extensions_left": tiers - nex,
        }
        if rule.window:
            out["window"] = True
        return out, rule

    def _open(self, i: int) -> dict[str, Any]:
        table = self.open
        out, _ = self._obligation(table, i, STATUS_CODES[int(table["status"][i])], True)
        if table["due"][i] < 0:
            out["suspended_since"] = to_date(table["since"][i]).isoformat()
        return out

    def _done(self, i: int) -> dict[str, Any]:
        table = self.done
        out, _ = self._obligation(table, i, "closed", False)
        done = int(table["done"][i])
        out["done"] = to_date(done).isoformat()
        out["done_event"] = EVENT_CODES[int(table["event"][i])]
        out["done_status"] = "done_on_time" if done <= int(table["due"][i]) else "done_late"
        return out

