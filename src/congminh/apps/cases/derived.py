"""Values a case stores but never receives: they are derived from its log, its parties
and its numbers. One place computes them, so the services (one case at a time) and the
bulk writer (thousands at a time) cannot drift apart."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Protocol

from congminh.core.case_events import EVENT_TYPES
from congminh.core.text import fold, fold_key


class _Event(Protocol):
    type: str
    date: dt.date


def stage_after(events: Iterable[_Event]) -> str:
    """The stage after the last effective event; `resumed` returns to the stage that
    was interrupted by the suspension."""
    stage = ""
    before_suspension = ""
    for ev in events:
        et = EVENT_TYPES.get(ev.type)
        if et is None:
            continue
        if et.stage == "suspended":
            before_suspension = stage
        if ev.type == "resumed":
            stage = before_suspension or stage
        elif et.stage:
            stage = et.stage
    return stage


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

