"""Bodies as the filters and the dashboard list them: grouped by kind and level, sorted by
name, a dissolved body folded under its successor, identical names told apart by code.

Pure formatting over the bodies a selector returned (`cases.selectors.case_filter_bodies`
or the holders of the dashboard's rows); no query of its own beyond their prefetched
successors. `cached_body_entries` keeps the layout until a body or a succession changes
(`cases.counts`; a write to a case leaves it): laying out a province's bodies costs tens
of ms per request.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from congminh.apps.cases.counts import cached_for
from congminh.apps.organisations.models import Kind, Level, Organisation
from congminh.core.text import fold

_KIND_ORDER = {k: i for i, k in enumerate(Kind.values)}
_LEVEL_ORDER = {lv: i for i, lv in enumerate(Level.values)}
_NUMBERS = re.compile(r"(\d+)")
_INDENT = "\u00a0\u00a0\u00a0"  # three no-break spaces per level, then "↳ "


@dataclass(frozen=True)
class BodyEntry:
    body: Organisation
    label: str  # name, told apart and dated when needed
    depth: int  # 0: listed at top level; 1, 2…: folded under its successor
    group: str  # «Tòa án cấp khu vực»


def group_label(kind: str, level: str) -> str:
    kind_label = str(Kind(kind).label) if kind in Kind.values else kind
    level_label = str(Level(level).label) if level in Level.values else level
    return _("%(kind)s, %(level)s level") % {"kind": kind_label, "level": level_label.lower()}


def natural_key(name: str) -> tuple[Any, ...]:
    """Folded name with its numbers compared as numbers: «khu vực 2» before «khu vực 10»."""
    return tuple(int(part) if part.isdigit() else part for part in _NUMBERS.split(fold(name)))


def _dissolved(body: Organisation, today: dt.date) -> bool:
    return body.valid_to is not None and body.valid_to < today


def body_entries(bodies: Iterable[Organisation], *, today: dt.date) -> list[BodyEntry]:
    """`bodies` in display order. A dissolved body whose successor is among `bodies` comes
    right after that successor (one level deeper) instead of at top level."""
    items = {b.pk: b for b in bodies}
    names = Counter(fold(b.name) for b in items.values())

    def successor(body: Organisation) -> Organisation | None:
        if not _dissolved(body, today):
            return None
        found = [s for s in body.successors.all() if s.pk in items and s.pk != body.pk]
        found.sort(key=lambda s: (_dissolved(s, today), natural_key(s.name), s.code))
        return found[0] if found else None

    parent_of: dict[int, int] = {}
    for body in items.values():
        found = successor(body)
        if found is not None:
            parent_of[body.pk] = found.pk
    # A loop of successors (bad data) must not hide its bodies: cut it.
    for pk in list(parent_of):
        seen, at = {pk}, parent_of.get(pk)
        while at is not None:
            if at in seen:
                parent_of.pop(pk, None)
                break
            seen.add(at)
            at = parent_of.get(at)
    children: dict[int, list[Organisation]] = {}
    for pk, up in parent_of.items():
        children.setdefault(up, []).append(items[pk])

    def label(body: Organisation) -> str:
        text = body.name
        if names[fold(body.name)] > 1:
            text = f"{text} ({body.code})"
        if body.valid_to is not None and _dissolved(body, today):
            text = f"{text} — " + _("until %(date)s") % {"date": body.valid_to.strftime("%d/%m/%Y")}
        return text

    def by_name(body: Organisation) -> tuple[Any, ...]:
        return (_dissolved(body, today), natural_key(body.name), body.code)

    out: list[BodyEntry] = []

    def emit(body: Organisation, depth: int, group: str) -> None:
        out.append(BodyEntry(body=body, label=label(body), depth=depth, group=group))
        for child in sorted(children.get(body.pk, []), key=by_name):
            emit(child, depth + 1, group)

    tops = [b for b in items.values() if b.pk not in parent_of]
    tops.sort(key=lambda b: (_KIND_ORDER.get(b.kind, 99), _LEVEL_ORDER.get(b.level, 99), *by_name(b)))
    for body in tops:
        emit(body, 0, group_label(body.kind, body.level))
    return out


def option_label(entry: BodyEntry) -> str:
    """The entry as an <option> shows it: folded under its successor by an indent and «↳»."""
    return (_INDENT * entry.depth + "\u21b3 " if entry.depth else "") + entry.label


def grouped_choices(entries: list[BodyEntry], empty_label: str) -> list[Any]:
    """Choices for a <select> with one <optgroup> per kind and level."""
    choices: list[Any] = [("", empty_label)]
    groups: dict[str, list[tuple[int, str]]] = {}
    for e in entries:
        groups.setdefault(e.group, []).append((e.body.pk, option_label(e)))
    choices.extend((group, options) for group, options in groups.items())
    return choices


def cached_body_entries(bodies: QuerySet[Organisation], *, today: dt.date) -> list[BodyEntry]:
    """`body_entries` of `bodies` (fetched with their successors), cached per day and
    language until a body or a succession changes (what every scope reads: the layout
    reads no case; which bodies is in the query's SQL)."""

    def compute() -> list[BodyEntry]:
        entries = body_entries(bodies.prefetch_related("successors"), today=today)
        for entry in entries:  # keep the cached entries small: the bodies without their querysets
            entry.body._prefetched_objects_cache = {}  # type: ignore[attr-defined]
        return entries

    return cached_for(bodies, f"body-entries:{today.isoformat()}:{get_language()}", compute, bodies=list)
