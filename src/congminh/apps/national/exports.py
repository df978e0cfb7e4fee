"""What the results do not carry, read from the provinces' exports themselves
(`CONGMINH_NATIONAL_DATA`, the directories `national evaluate` read; contract §3,
docs/exchange.md): each body's name, and for the cases of one page of a list their numbers
and stage as exchanged. Optional: without it the screens show the bodies' codes.

The exports are opened once per version of their files (`results.version`); a page's
records are read from its province's partitions only, filtered by the page's case ids.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import pyarrow.dataset as ds

from congminh.apps.national.results import Version, version
from congminh.core.exchange.read import export_dirs, open_table


@dataclass(frozen=True)
class Record:
    """A case as exchanged: its numbers at each body («number (body code)») and its stage."""

    numbers: tuple[str, ...]
    stage: str | None


def _versions(roots: Sequence[Path]) -> tuple[Version, ...]:
    return tuple(version(r) for r in roots)


@lru_cache(maxsize=2)
def _body_names(roots: tuple[Path, ...], _versions: tuple[Version, ...]) -> dict[str, str]:
    table = open_table(export_dirs(list(roots)), "organisations").to_table(columns=["code", "name"])
    return {row["code"]: row["name"] for row in table.to_pylist()}


def body_names(roots: Sequence[Path]) -> dict[str, str]:
    """Every exchanged body's name by code ({} without exports)."""
    return _body_names(tuple(roots), _versions(roots)) if roots else {}


@lru_cache(maxsize=2)
def _cases(roots: tuple[Path, ...], _versions: tuple[Version, ...]) -> ds.Dataset:
    return open_table(export_dirs(list(roots)), "cases")


def records(roots: Sequence[Path], province: str, case_ids: Sequence[int]) -> dict[int, Record]:
    """The exchanged record of each of a province's `case_ids` (its latest one, when
    several exports hold it), {} without exports."""
    if not roots or not case_ids:
        return {}
    where = (ds.field("province") == province) & ds.field("case_id").isin(list(case_ids))
    rows: list[dict[str, Any]] = _cases(tuple(roots), _versions(roots)).to_table(
        filter=where, columns=["case_id", "stage", "numbers", "updated_at"]).to_pylist()
    latest: dict[int, dict[str, Any]] = {}
    for row in sorted(rows, key=lambda r: r["updated_at"]):
        latest[row["case_id"]] = row
    return {case_id: Record(tuple(f"{n['number']} ({n['organisation']})" for n in row["numbers"]),
                            row["stage"])
            for case_id, row in latest.items()}
