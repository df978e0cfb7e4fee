"""Vectorised bulk evaluation: the per-case engine's answers over columns of many cases.

    evaluate_columns(columns, as_of, period_end=None) -> ResultColumns
    evaluate_bulk(cases, as_of, period_end=None) -> list[dict]   # == list(evaluate_cases(...))

What is vectorised (NumPy over every case of a chunk at once, iterating over the k-th event
of every case):

- every rule in `rules/*.yaml`, read from the RuleSet (`rules.CompiledRules`): clock
  starts (with `when`/`unless`, limit selection, rule versions by event date, `from_due_of`
  starts such as THADS-44, occurrence caps such as BLTTHS-174-2's returns), ends,
  extensions (tier count and cap checked), suspensions with `pause`, `restart_full` and
  `restart_rule` (BLTTHS-172 -> 174-1) effects, reclassification (BLTTHS-147 complex);
- every case-level effect of an event, read from the event catalogue (`events.Effects`,
  `derive.py`): the derived facts the rules read (`returned_by`, `verification`,
  `appellate`), the counters (returns, suspensions), closure and judgments;
- due dates (`dates.py`: day/month/custody-month/working-day/hour lengths, first day
  counted or not, extensions, paused days, roll-forward by the calendar's `next_working`
  table, `max_due` through the unused tiers), statuses (`awaiting` with the last stage
  event its reason is read from), windows, and the flags `backlog`, `prolonged` and
  `extension_request_due`.

What falls back to the per-case path (`evaluate_case`), case by case, with identical output:

- cases the columns cannot hold (`columns.py`): events naming a `person` (custody) or a
  `ref` (expertise, evidence, complaints), unknown fields or values, anything the parser
  rejects. `suspended_ground_ended` needs answers to a ref, so it never arises on the
  vectorised path;
- cases whose history the law rejects or that leave the model: an event no clock accepts,
  a suspension of a suspended clock, an extension while suspended, over the tier count or
  over the cap, no limit row for the context, an occurrence cap exceeded, two clocks of one
  rule running together, an event effect the arrays do not model, and dates near or
  outside the calendar (2000-2040).

`ResultColumns.fallback` marks those cases and `bulk_share`/`fallback_count` report them.

The modules, each doing one thing:

- `columns.py`: case dicts <-> NumPy columns (`CaseColumns`, `from_cases`);
- `dates.py`: day arithmetic on arrays (`DayTables`), same as `clocks.add_length`;
- `rules.py`: the rule set as lookup tables (actions per event, clock start descriptors);
- `tables.py`: per-rule dense duration tables and the compiled, cached whole (`compiled`);
- `derive.py`: the catalogue's case-level event effects on arrays (`CaseFacts`);
- `state.py`: the running clocks as [rule, case] arrays;
- `chunk.py`: the event loop over one chunk of cases (`Chunk`);
- `status.py`, `judgment.py`: statuses, flags, obligations, judgment facts of a chunk;
- `results.py`: compact result tables and the contract dicts (`ResultColumns`);
- `pool.py`: chunks in forked worker processes (`map_forked`);
- `evaluate.py`: the entry points above.
"""

from __future__ import annotations

from .columns import CaseColumns, from_cases
from .evaluate import CHUNK, evaluate_bulk, evaluate_columns
from .results import FLAG_NAMES, JUDGMENT_STATES, STATUS_CODES, ResultColumns

__all__ = [
    "CHUNK",
    "FLAG_NAMES",
    "JUDGMENT_STATES",
    "STATUS_CODES",
    "CaseColumns",
    "ResultColumns",
    "evaluate_bulk",
    "evaluate_columns",
    "from_cases",
]
