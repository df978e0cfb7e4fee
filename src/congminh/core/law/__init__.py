"""Law engine core: statutory clocks of a case, from its event history.

Pipeline (each step is a separate, pure function):

1. `reduce.reduce_case(case, rules, calendar, as_of)` -> `Reduction`: validates the input
   and reduces the event history to `Clock` values (rule id + chosen limit row, start,
   extensions, pauses, end). This is the seam for the bulk path: a vectorised NumPy
   implementation consumes the same clocks as columns.
2. `clocks.compute_due(clock, rule, calendar)` -> `DueDates`: base end, + each extension
   (capped per tier), + paused days, then the roll-forward to a working day using the
   precomputed `WorkingCalendar` tables (`next_working`, `working_rank`).
3. `evaluate.evaluate_case(case, as_of, period_end=...)` -> the contract result dict
   (statuses, flags). `explain.explain_case` puts into Vietnamese the trace evaluation
   records of steps 1-2 (`evaluate.evaluate_traced`, `clocks.TraceStep`).

Every fact about an event type (label, stage entered, fields, prerequisites, effects on
the case) is in the one catalogue, `events.py`; the bulk path (`bulk/`) reads the same
catalogue and rule files as columns.

Beyond compute_due, `evaluate` caps custody tied to a stage (`Rule.capped_by`, BLTTHS
Đ.241, Đ.278, Đ.174 k4) at the stage clock's due date (`clocks.apply_cap`), lists the
clocks already met (`closed_obligations`, on time or late) and derives when a
first-instance judgment takes effect from its appeal/protest windows (`judgment.py`).
A requalification (`charges_requalified`) moves running clocks to the new category's
limit row inside the reducer (`Clock.requalifications`), so `compute_due` is unchanged.

Rules are YAML data in `rules/` (validated by `schemas/rule.schema.json`), the calendar's
swaps in `calendar_data/swaps.yaml`, thresholds in `config.yaml`. When a law changes, a rule
gets a new version file `rules/<id>@<valid_from>.yaml` and a clock keeps the version in
force when the event that started it happened (see `rules.py`; e.g. Luật THADS 2008 ->
106/2025/QH15 on 01/7/2026). Texts shown to people use the Vietnamese names of `labels.py`.
"""

from __future__ import annotations

from .clocks import Clock, DueDates, LawError, compute_due
from .evaluate import Engine, evaluate_case, evaluate_cases
from .reduce import Reduction, reduce_case

__all__ = [
    "Clock",
    "DueDates",
    "Engine",
    "LawError",
    "Reduction",
    "compute_due",
    "evaluate_case",
    "evaluate_cases",
    "reduce_case",
]
