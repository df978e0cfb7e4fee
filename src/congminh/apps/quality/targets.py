"""The yearly quality targets (`targets.yaml`), with their source, as data a lawyer edits."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

import yaml

TARGETS_FILE = Path(__file__).with_name("targets.yaml")


@dataclass(frozen=True)
class Target:
    year: int
    annulled_max_pct: Decimal
    amended_max_pct: Decimal
    source: str
    confidence: str
    note: str = ""


@cache
def all_targets() -> tuple[Target, ...]:
    raw = yaml.safe_load(TARGETS_FILE.read_text(encoding="utf-8"))
    return tuple(sorted((Target(int(t["year"]), Decimal(str(t["annulled_subjective_max_pct"])),
                                Decimal(str(t["amended_subjective_max_pct"])), t["source"].strip(),
                                t.get("confidence", "M"), t.get("note", ""))
                         for t in raw["targets"]), key=lambda t: t.year))


def target_for(year: int) -> Target | None:
    """The row of `year`, or the latest earlier one; None before the first."""
    found = [t for t in all_targets() if t.year <= year]
    return found[-1] if found else None
