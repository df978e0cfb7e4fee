"""Single-clock API for explicit obligations (expertise, evidence requests, complaints).

The oversight screens create these obligations directly; this computes their dates from
the same rules and calendar as the case path:

    compute_obligation("BLTTHS-208", start=date(2026, 3, 2), expertise_kind="injury",
                       pauses=[(date(2026, 3, 5), date(2026, 3, 9))], as_of=date(2026, 3, 10))
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from .clocks import Clock, DueDates, Extension, LawError, Pause, compute_due
from .evaluate import Engine, Evaluated, obligation_status
from .rules import Duration, Rule


@dataclass(frozen=True)
class ObligationResult:
    rule: Rule
    clock: Clock
    dates: DueDates | None  # None while a pause is still open
    status: str  # on_time | due_soon | overdue | suspended | done_on_time | done_late
    days_left: int | None

    @property
    def basis(self) -> str:
        return self.rule.limits[self.clock.limit_index].citation.text()


def _extension(raw: Extension | tuple[date, int, str]) -> Extension:
    if isinstance(raw, Extension):
        return raw
    granted, length, unit = raw
    return Extension(granted, Duration(length, unit))


def compute_obligation(
    rule_id: str,
    *,
    start: date,
    as_of: date,
    pauses: Sequence[tuple[date, date | None]] = (),
    extensions: Sequence[Extension | tuple[date, int, str]] = (),
    done: date | None = None,
    engine: Engine | None = None,
    **selectors: Any,
) -> ObligationResult:
    """Dates and status of one obligation under `rule_id` (version in force on `start`).

    `selectors` choose the limit row (category=, case_kind=, expertise_kind=, complex=,
    level=, court=, ...). Raises LawError for an unknown row or an extension over the cap.
    """
    engine = engine or Engine.default()
    rule = engine.rules.get(rule_id, start)
    index = rule.select(selectors)
    if index is None:
        keys = sorted({k for lim in rule.limits for k in lim.when})
        raise LawError(f"{rule.citation.text()}: không xác định được thời hạn, cần {keys}")
    clock = Clock(rule.id, index, start, "explicit", None,
                  tuple(_extension(e) for e in extensions),
                  tuple(Pause(a, b) for a, b in pauses), done, "done" if done else None,
                  dict(selectors))
    dates = None if clock.suspended and done is None else compute_due(clock, rule, engine.calendar)
    if done is not None and dates is not None:
        status = "done_on_time" if done <= dates.due else "done_late"
        return ObligationResult(rule, clock, dates, status, None)
    status = obligation_status(Evaluated(clock, rule, dates), as_of, engine.thresholds)
    left = (dates.due - as_of).days if dates else None
    return ObligationResult(rule, clock, dates, status, left)
