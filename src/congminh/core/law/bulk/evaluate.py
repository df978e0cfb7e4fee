"""The bulk path's entry points: columns or case dicts in, per-case answers out.

    evaluate_columns(columns, as_of, period_end=None) -> ResultColumns
    evaluate_bulk(cases, as_of, period_end=None) -> list[dict]   # == list(evaluate_cases(...))

The cases are cut into chunks (independent: the same answers whatever the chunking or
the number of worker processes), each run through `chunk.Chunk`, then read by
`status.py` and `judgment.py` into a compact part (`results.compact`). Cases the arrays
could not follow are then evaluated one by one by `evaluate_case`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt

from ..config import Thresholds
from ..evaluate import Engine, evaluate_case
from .chunk import Chunk
from .columns import EPOCH, CaseColumns, from_cases
from .judgment import judgment_facts
from .pool import map_forked
from .results import (
    APPEAL_COLUMNS,
    DONE_COLUMNS,
    OPEN_COLUMNS,
    KeyLayout,
    Part,
    ResultColumns,
    assemble,
    compact,
)
from .state import ClockState
from .status import case_results, done_tables
from .tables import Compiled, compiled

# Cases per chunk, a tuning choice: large enough that NumPy's per-call overhead is paid
# rarely, small enough that a chunk's clock arrays stay in the caches' reach.
CHUNK = 1 << 18


def evaluate_columns(columns: CaseColumns, as_of: date, *, period_end: date | None = None,
                     engine: Engine | None = None, chunk: int = CHUNK, workers: int = 1,
                     originals: list[Mapping[str, Any]] | None = None) -> ResultColumns:
    """Evaluate every case of `columns`; fallback cases go through `evaluate_case`.

    `workers` > 1 evaluates the chunks in that many forked processes (`pool.py`): chunks
    are independent, so the answers are the same whatever the number of workers."""
    engine = engine or Engine.default()
    comp = compiled(engine)
    layout = KeyLayout.fit(comp.days.size, len(comp.rules.slot_ids))
    chunk = min(chunk, layout.max_cases)
    task = _ChunkTask(comp, columns, (as_of - EPOCH).days,
                      None if period_end is None else (period_end - EPOCH).days, engine.thresholds,
                      layout)
    bounds = [(lo, min(lo + chunk, columns.n_cases)) for lo in range(0, columns.n_cases, chunk)]
    if workers > 1 and len(bounds) > 1:
        parts = map_forked(task, bounds, workers)
    else:
        parts = [task(bound) for bound in bounds]
    result = assemble(parts, as_of, comp.rules)
    for index in columns.extras:
        result.fallback[index] = True
    for index in np.flatnonzero(result.fallback).tolist():
        case = originals[index] if originals is not None else columns.to_case(index)
        result.fallback_results[index] = evaluate_case(case, as_of, period_end=period_end,
                                                       engine=engine)
    return result


@dataclass
class _ChunkTask:
    """Evaluates one chunk `(lo, hi)` of the columns into its compact part. The clock
    arrays are kept between calls (one set per process: a forked worker has its own)."""

    comp: Compiled
    columns: CaseColumns
    as_of: int
    period_end: int | None
    thresholds: Thresholds
    layout: KeyLayout
    clocks: ClockState | None = None

    def __call__(self, bound: tuple[int, int]) -> Part:
        lo, hi = bound
        state = Chunk(self.comp, self.columns, lo, hi, self.as_of, self.period_end, self.clocks)
        self.clocks = state.state
        state.run()
        status, flags, open_obs = case_results(state, self.thresholds)
        done = done_tables(state)
        judged, jstate, close, appeals = judgment_facts(state)
        perm = state.perm

        def back(values: npt.NDArray[Any]) -> npt.NDArray[Any]:
            out = np.empty_like(values)
            out[perm] = values
            return out

        fallback = back(state.fallback)
        layout = self.layout
        return (back(status), back(flags), fallback,
                compact(open_obs, lo, fallback, OPEN_COLUMNS, perm, layout),
                compact(done, lo, fallback, DONE_COLUMNS, perm, layout),
                (back(np.where(state.fallback, -1, judged).astype(np.int32)), back(jstate),
                 back(close), compact([appeals], lo, fallback, APPEAL_COLUMNS, perm, layout)),
                back(state.last_stage))


def evaluate_bulk(cases: Iterable[Mapping[str, Any]], as_of: date, *,
                  period_end: date | None = None, engine: Engine | None = None,
                  chunk: int = CHUNK, workers: int = 1) -> list[dict[str, Any]]:
    """Same output as `list(evaluate_cases(cases, as_of, ...))`, computed column-wise."""
    originals = list(cases)
    columns = from_cases(originals)
    result = evaluate_columns(columns, as_of, period_end=period_end, engine=engine, chunk=chunk,
                              workers=workers, originals=originals)
    return result.to_dicts(columns.ids)
