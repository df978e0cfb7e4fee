"""Shared helpers for the document parser tests: the corpus, its goldens, and a
task matcher used by the golden tests and by bench/doc_accuracy.py."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
CORPUS = HERE / "corpus"
GOLDEN = HERE / "golden"
FIXTURES = HERE / "fixtures"
NAMES = sorted(p.stem for p in GOLDEN.glob("*.json"))
# Documents held out from development (chosen before tuning): bench/doc_accuracy.py
# reports them apart; the per-field golden tests run on the development set only, so
# that nobody tunes the parser on the held-out documents' failures.
HELDOUT = {
    x.strip() for x in (HERE / "heldout.txt").read_text("utf-8").splitlines() if x.strip() and not x.startswith("#")
}
DEV_NAMES = [n for n in NAMES if n not in HELDOUT]


@cache
def golden(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((GOLDEN / f"{name}.json").read_text("utf-8"))
    return data


@cache
def parsed(name: str) -> dict[str, Any]:
    from congminh.core.documents import parse_text

    return parse_text((CORPUS / f"{name}.txt").read_text("utf-8"))
