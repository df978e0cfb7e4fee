"""Statuses, flags and obligations of a chunk's cases once its events are applied.

The same answers as `evaluate.evaluate_case`: each open clock's due dates and status on
`as_of`, the case's worst status among the clocks that drive it (`evaluate.sets_status`),
`awaiting` or `closed` when none runs (its last stage event, `awaiting.py`), and the flags
`backlog`, `prolonged` and `extension_request_due`; the clocks already met come out of
`done_tables` with their due dates.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from ..awaiting import FINAL_EVENTS, SIDE_EVENTS
from ..config import Thresholds
from .columns import EVENT_CODES, PROCEDURE_CODES
from .results import AWAITING, CLOSED, FLAG_NAMES, NO_STATUS, STATUS_CODES

if TYPE_CHECKING:
    from .chunk import Chunk

# `awaiting.last_stage_event` by event code (no event of the columns names a person or ref).
_STAGE = np.array([name not in SIDE_EVENTS for name in EVENT_CODES], dtype=np.bool_)
_FINAL = np.array([name in FINAL_EVENTS for name in EVENT_CODES], dtype=np.bool_)
_OVERDUE, _DUE_SOON, _SUSPENDED, _ON_TIME = (
    STATUS_CODES.index(s) for s in ("overdue", "due_soon", "suspended", "on_time"))
_BIT = {name: np.uint8(1 << i) for i, name in enumerate(FLAG_NAMES)}
_NEVER = 1 << 40  # an age no case reaches: no age threshold for the procedure


def case_results(chunk: Chunk, thresholds: Thresholds) -> tuple[
        npt.NDArray[np.int8], npt.NDArray[np.uint8], list[dict[str, Any]]]:
    """(status, flags, open obligation tables by slot) of every case; sets `last_stage`."""
    best = np.full(chunk.n, NO_STATUS, dtype=np.int8)
    request_due = np.zeros(chunk.n, dtype=np.bool_)
    obligations = []
    for s in sorted(chunk.slots):
        ob = _obligations(chunk, s, thresholds)
        if ob is None:
            continue
        rows, counted = ob["case"], ob.pop("sets_status")
        np.minimum.at(best, rows[counted], ob["status"][counted])
        request_due[rows[ob.pop("request")]] = True
        obligations.append(ob)
    status = np.where(chunk.facts.closed, CLOSED, best).astype(np.int8)
    chunk.last_stage = _last_stage(chunk)
    idle = status == NO_STATUS  # `evaluate.case_status`: ended, or awaiting the next step
    last = chunk.last_stage[idle]
    status[idle] = np.where((last >= 0) & _FINAL[last], CLOSED, AWAITING)
    flags = (chunk.open_at_pe.astype(np.uint8) * _BIT["backlog"]
             | _prolonged(chunk, thresholds) * _BIT["prolonged"]
             | request_due.astype(np.uint8) * _BIT["extension_request_due"]).astype(np.uint8)
    status[chunk.fallback] = -1
    return status, flags, obligations


def _last_stage(chunk: Chunk) -> npt.NDArray[np.int16]:
    """`awaiting.last_stage_event` of every case: the type of its last stage event up
    to as_of (-1: none)."""
    out = np.full(chunk.n, -1, dtype=np.int16)
    total = int(chunk.n_eff.sum())
    if not total:
        return out
    case_of = np.repeat(np.arange(chunk.n, dtype=np.int64), chunk.n_eff)
    first = np.cumsum(chunk.n_eff) - chunk.n_eff
    pos = chunk.offsets[:-1][case_of] + np.arange(total, dtype=np.int64) - first[case_of]
    stage = np.flatnonzero(_STAGE[chunk.ev_type[pos]])
    case = case_of[stage]
    last = np.r_[case[1:] != case[:-1], True] if case.size else case.astype(np.bool_)
    out[case[last]] = chunk.ev_type[pos[stage[last]]]
    return out


def done_tables(chunk: Chunk) -> list[dict[str, Any]]:
    """The clocks ended by an act, per slot, with their due dates."""
    out = []
    for s, parts in chunk.done.items():
        cols = {name: np.concatenate([p[name] for p in parts]) for name in parts[0]}
        cols["due"], cols["max_due"] = chunk.tables[s].due_dates(
            chunk.days, cols["ver"], cols["lim"], cols["nex"], cols["start"], cols["end"],
            cols["paused"])
        cols["slot"] = np.full(len(cols["case"]), s, dtype=np.int16)
        out.append(cols)
    return out


def _prolonged(chunk: Chunk, thresholds: Thresholds) -> npt.NDArray[np.uint8]:
    ages = np.array([thresholds.prolonged_age_days.get(p, _NEVER) for p in PROCEDURE_CODES],
                    dtype=np.int64)[chunk.procedure]
    has = chunk.n_eff > 0
    first = np.zeros(chunk.n, dtype=np.int64)
    first[has] = chunk.ev_day[chunk.offsets[:-1][has]]
    old = has & (chunk.as_of - first >= ages)
    facts = chunk.facts
    out = (old | (chunk.n_ext >= thresholds.prolonged_extensions)
           | (facts.returns >= thresholds.prolonged_returns)
           | (facts.suspensions >= thresholds.prolonged_suspensions))
    return out.astype(np.uint8)


def _obligations(chunk: Chunk, s: int, thresholds: Thresholds) -> dict[str, Any] | None:
    slot, tab = chunk.slots[s], chunk.tables[s]
    rows = np.flatnonzero(slot.run & ~chunk.fallback)
    if not rows.size:
        return None
    ver, lim, nex, pstart = slot.ver[rows], slot.lim[rows], slot.nex[rows], slot.pstart[rows]
    suspended = pstart >= 0
    end, paused = slot.end[rows], slot.paused[rows]
    chunk.fallback[rows[~suspended & (end + paused > chunk.comp.safe)]] = True
    due, max_due = tab.due_dates(chunk.days, ver, lim, nex, slot.start[rows], end, paused)
    chunk.fallback[rows[~suspended & (max_due >= chunk.days.size)]] = True
    lead = tab.lead[ver, lim, np.minimum(nex, tab.lead.shape[2] - 1)]
    lead = np.where(nex < tab.tiers[ver, lim], lead, -1)
    left = due - chunk.as_of
    window = tab.window[ver]
    keep = ~(window & ~suspended & (left < 0))  # a window simply lapses at its end
    status = np.where(suspended, _SUSPENDED, np.where(left < 0, _OVERDUE, np.where(
        left <= thresholds.due_soon_days, _DUE_SOON, _ON_TIME))).astype(np.int8)
    request = (~suspended & (lead >= 0) & (left >= 0)
               & (left <= lead + thresholds.extension_request_notice_days))
    out: dict[str, Any] = {
        "case": rows, "slot": np.full(len(rows), s, dtype=np.int16), "ver": ver, "lim": lim,
        "start": slot.start[rows], "due": np.where(suspended, -1, due),
        "max_due": np.where(suspended, -1, max_due), "status": status, "nex": nex,
        "since": pstart, "request": request,
        "sets_status": ~window | (tab.window_kind[ver] > 0)}  # `evaluate.sets_status`
    if keep.all():
        return out
    return {k: v[keep] for k, v in out.items()}
