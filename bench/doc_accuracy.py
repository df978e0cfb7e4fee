"""Accuracy of `congminh doc parse` over the labelled corpus.

    .venv/bin/python bench/doc_accuracy.py

Prints, per header field, how many documents the parser gets exactly right; citation
and task precision/recall; and, for tasks matched to the golden (same ref, same bodies
allowing OCR noise), how often each task field is right. Counting is shared with the
golden tests (congminh.core.documents.evaluation).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from congminh.core.documents import parse_text
from congminh.core.documents.evaluation import (
    HEADER_FIELDS,
    TASK_FIELDS,
    citation_key,
    match_tasks,
    not_found_warnings,
    task_field_equal,
)

ROOT = Path(__file__).resolve().parents[1] / "tests" / "core" / "documents"


def _subset(value: object, like: object) -> object:
    if isinstance(value, dict) and isinstance(like, dict):
        return {k: value.get(k) for k in like}
    return value


def main() -> int:
    names = sorted(p.stem for p in (ROOT / "golden").glob("*.json"))
    field_right = dict.fromkeys([*HEADER_FIELDS, "warnings"], 0)
    wrong: dict[str, list[str]] = {f: [] for f in field_right}
    cit = {"gold": 0, "got": 0, "hit": 0}
    tasks = {"gold": 0, "got": 0, "hit": 0}
    task_fields = {f: [0, 0] for f in TASK_FIELDS}
    for name in names:
        gold = json.loads((ROOT / "golden" / f"{name}.json").read_text("utf-8"))
        out = parse_text((ROOT / "corpus" / f"{name}.txt").read_text("utf-8"))
        for field in HEADER_FIELDS:
            ok = _subset(out.get(field), gold[field]) == gold[field]
            field_right[field] += ok
            if not ok:
                wrong[field].append(name[:24])
        ok = not_found_warnings(gold) == not_found_warnings(out)
        field_right["warnings"] += ok
        gk, ok_ = {citation_key(c) for c in gold["citations"]}, {citation_key(c) for c in out["citations"]}
        cit["gold"] += len(gk)
        cit["got"] += len(ok_)
        cit["hit"] += len(gk & ok_)
        pairs = match_tasks(gold["tasks"], out["tasks"])
        tasks["gold"] += len(gold["tasks"])
        tasks["got"] += len(out["tasks"])
        tasks["hit"] += len(pairs)
        for gi, oi in pairs:
            for field in TASK_FIELDS:
                task_fields[field][0] += task_field_equal(field, gold["tasks"][gi], out["tasks"][oi])
                task_fields[field][1] += 1

    n = len(names)
    print(f"Documents: {n} ({', '.join(x[:2] for x in names)})\n")
    print(f"{'header field':16} right   accuracy  wrong on")
    for field, right in field_right.items():
        print(f"{field:16} {right:2}/{n:<2}  {right / n:8.1%}  {', '.join(wrong[field])}")
    print(f"\nCitations   precision {cit['hit'] / max(cit['got'], 1):.1%}  recall {cit['hit'] / max(cit['gold'], 1):.1%}"
          f"  ({cit['hit']} of {cit['gold']} labelled, {cit['got']} found)")
    print(f"Tasks       precision {tasks['hit'] / max(tasks['got'], 1):.1%}  recall {tasks['hit'] / max(tasks['gold'], 1):.1%}"
          f"  ({tasks['hit']} of {tasks['gold']} labelled, {tasks['got']} found)")
    print("Matched task fields: " + "  ".join(f"{f} {r / max(t, 1):.1%}" for f, (r, t) in task_fields.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
