"""Compare parser output with hand-labelled goldens: task matching and per-field scores.

Used by the golden tests and by bench/doc_accuracy.py, so both count the same way.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from rapidfuzz import fuzz

from .textutil import fold, squash

HEADER_FIELDS = [
    "family", "issuer", "issuer_parent", "type", "type_code", "number", "number_symbol",
    "place", "date", "subject", "signer", "received", "recipients", "addressees",
]
TASK_FIELDS = ["assignees", "due", "recurrence", "report_to", "text"]
ASSIGNEE_MATCH = 80  # fuzzy score (0-100) for "the same bodies" despite OCR errors


def _bodies(task: dict[str, Any]) -> str:
    return fold(" ".join(task.get("assignees") or []))


def match_tasks(gold: list[dict[str, Any]], got: list[dict[str, Any]]) -> list[tuple[int, int]]:
    """Pairs (gold index, parsed index): same ref and the same bodies (fuzzy), one-to-one."""
    pairs: list[tuple[int, int]] = []
    used: set[int] = set()
    for gi, g in enumerate(gold):
        for oi, o in enumerate(got):
            if oi in used or o.get("ref") != g.get("ref"):
                continue
            if fuzz.ratio(_bodies(o), _bodies(g)) >= ASSIGNEE_MATCH:
                pairs.append((gi, oi))
                used.add(oi)
                break
    return pairs


def task_field_equal(field: str, gold: dict[str, Any], got: dict[str, Any]) -> bool:
    """Golden task text is the opening words of the task: compare as a folded prefix."""
    if field == "text":
        return fold(squash(got.get("text") or "")).startswith(fold(squash(gold["text"])))
    return bool(got.get(field) == gold.get(field))


def citation_key(c: dict[str, Any]) -> tuple[str, str | None]:
    return c["number_symbol"], c["date"]


def not_found_warnings(result: dict[str, Any]) -> list[str]:
    return sorted(w for w in result.get("warnings", []) if w.endswith("not found"))


def header_field_equal(field: str, gold: dict[str, Any], got: dict[str, Any]) -> bool:
    """A header field as labelled; for a dict (the received stamp) only the labelled keys count."""
    want, value = gold.get(field), got.get(field)
    if isinstance(want, dict) and isinstance(value, dict):
        value = {k: value.get(k) for k in want}
    return bool(value == want)


def deadline_keys(tasks: list[dict[str, Any]]) -> Counter[tuple[str | None, str]]:
    """The one-off deadlines of a document as (ref, due) pairs, counted one-to-one."""
    return Counter((t.get("ref"), t["due"]) for t in tasks if t.get("due"))
