"""The hand-computed due dates of `examples.yaml`, and what the engine computes for them.

Each example is a row a person computed by hand from the sentence of law its title cites;
the suite requires the engine to agree (tests/core/law/test_rule_table.py) and the law page
shows both side by side (`apps.law`), so one file is the lawyer's test table and the
engine's.

    >>> first = examples()[0]
    >>> first.rule, first.due
    ('BLTTHS-172', datetime.date(2026, 6, 10))
    >>> check(first).agrees
    True
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from .clocks import LawError
from .obligations import compute_obligation
from .rules import Duration

EXAMPLES_FILE = Path(__file__).with_name("examples.yaml")


@dataclass(frozen=True)
class Example:
    rule: str
    title: str
    start: date
    when: dict[str, Any] = field(default_factory=dict)
    extensions: tuple[tuple[date, Duration], ...] = ()
    pauses: tuple[tuple[date, date], ...] = ()
    due: date | None = None  # the expected last day, or
    rejected: str | None = None  # a pattern of the engine's refusal
    note: str = ""


@dataclass(frozen=True)
class Outcome:
    """What the engine computes for an example: a due date, or the refusal's message."""

    example: Example
    due: date | None
    error: str | None

    @property
    def agrees(self) -> bool:
        if self.example.rejected is not None:
            return self.error is not None and re.search(self.example.rejected, self.error) is not None
        return self.error is None and self.due == self.example.due


def _example(raw: dict[str, Any]) -> Example:
    return Example(
        rule=raw["rule"], title=raw["title"], start=raw["start"], when=dict(raw.get("when") or {}),
        extensions=tuple((e["granted"], Duration(int(e["length"]), e["unit"]))
                         for e in raw.get("extensions") or ()),
        pauses=tuple((p["from"], p["to"]) for p in raw.get("pauses") or ()),
        due=raw.get("due"), rejected=raw.get("rejected"), note=raw.get("note", ""))


@cache
def examples() -> tuple[Example, ...]:
    """Every example, in the file's order."""
    with EXAMPLES_FILE.open(encoding="utf-8") as handle:
        raw = yaml.safe_load(handle)
    return tuple(_example(item) for item in raw["examples"])


def examples_by_rule() -> dict[str, list[Example]]:
    grouped: dict[str, list[Example]] = {}
    for example in examples():
        grouped.setdefault(example.rule, []).append(example)
    return grouped


def check(example: Example) -> Outcome:
    """The engine's answer for `example`, computed as of its start day."""
    try:
        result = compute_obligation(
            example.rule, start=example.start, as_of=example.start,
            extensions=[(granted, length.length, length.unit)
                        for granted, length in example.extensions],
            pauses=list(example.pauses), **example.when)
    except LawError as exc:
        return Outcome(example, None, str(exc))
    return Outcome(example, result.dates.due if result.dates else None, None)
