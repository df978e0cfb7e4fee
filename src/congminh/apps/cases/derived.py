"""Values a case stores but never receives: they are derived from its log, its parties
and its numbers. One place computes them, so the services (one case at a time) and the
bulk writer (thousands at a time) cannot drift apart."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Protocol

from congminh.core.law.events import stage_after as law_stage_after
from congminh.core.text import fold, fold_key


class _Event(Protocol):
    type: str
    date: dt.date


def stage_after(events: Iterable[_Event]) -> str:
    """The stage after the last effective event (`core.law.events.stage_after`: `resumed`
    returns to the stage the suspension interrupted; at the appellate court, the decision
    to bring the case to trial is «Xét xử phúc thẩm»)."""
    return law_stage_after(ev.type for ev in events)


def dates_after(events: Sequence[_Event]) -> tuple[dt.date | None, dt.date | None, dt.date | None]:
    """(opened_on, last_event_on, closed_on) of an effective log in date order."""
    if not events:
        return None, None, None
    last = events[-1]
    return events[0].date, last.date, last.date if last.type == "closed" else None


def search_text_for(title: str, party_names: Iterable[str], numbers: Iterable[str]) -> str:
    """Folded title, parties and numbers, then the numbers' keys: what search looks in."""
    numbers = list(numbers)
    text = fold(" ".join([title, *party_names, *numbers]))
    keys = " ".join(fold_key(n) for n in numbers)
    return f"{text} {keys}".strip()

