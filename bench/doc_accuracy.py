"""Accuracy of `congminh doc parse` over the labelled corpus.

    .venv/bin/python bench/doc_accuracy.py [--details] [--dev]

Prints the figures twice: on the whole corpus, then on the documents held out from
development (listed in tests/core/documents/heldout.txt, chosen before any tuning on them).
Per header field: how many documents the parser gets exactly right. Tasks: precision/recall
of tasks matched to the golden (same ref, same bodies allowing OCR noise), the share of
documents whose task count is met exactly, and precision/recall of deadlines (a deadline is
a (ref, due date) pair; one-to-one). `--details` names the development documents a field is wrong on
(never the held-out ones, so that nobody tunes on them); `--dev` leaves the held-out
documents out altogether, for use while changing the parser.
Counting is shared with the golden tests (congminh.core.documents.evaluation).
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from congminh.core.documents import parse_text
from congminh.core.documents.evaluation import (
    HEADER_FIELDS,
    TASK_FIELDS,
    citation_key,
    deadline_keys,
    header_field_equal,
    match_tasks,
    not_found_warnings,
    task_field_equal,
)

ROOT = Path(__file__).resolve().parents[1] / "tests" / "core" / "documents"


def heldout_names() -> list[str]:
    lines = (ROOT / "heldout.txt").read_text("utf-8").splitlines()
    return [x.strip() for x in lines if x.strip() and not x.startswith("#")]


def _ratio(hit: int, total: int) -> str:
    return f"{hit / total:6.1%}" if total else "   n/a"


class Tally:
    def __init__(self) -> None:
        self.docs = 0
        self.fields: Counter[str] = Counter()
        self.wrong: dict[str, list[str]] = {}
        self.counts: Counter[str] = Counter()
        self.task_fields: dict[str, list[int]] = {f: [0, 0] for f in TASK_FIELDS}

    def add(self, name: str, gold: dict[str, Any], out: dict[str, Any], show_name: bool = False) -> None:
        self.docs += 1
        for field in [*HEADER_FIELDS, "warnings"]:
            ok = (not_found_warnings(gold) == not_found_warnings(out) if field == "warnings"
                  else header_field_equal(field, gold, out))
            self.fields[field] += ok
            if not ok and show_name:
                self.wrong.setdefault(field, []).append(name[:2])
        if gold["citations"] is not None:  # null: citations not labelled for this document
            gk, ok_ = {citation_key(c) for c in gold["citations"]}, {citation_key(c) for c in out["citations"]}
            self.counts.update(cit_gold=len(gk), cit_got=len(ok_), cit_hit=len(gk & ok_))
        pairs = match_tasks(gold["tasks"], out["tasks"])
        self.counts.update(task_gold=len(gold["tasks"]), task_got=len(out["tasks"]), task_hit=len(pairs),
                           count_met=len(gold["tasks"]) == len(out["tasks"]))
        want, got = deadline_keys(gold["tasks"]), deadline_keys(out["tasks"])
        self.counts.update(due_gold=sum(want.values()), due_got=sum(got.values()),
                           due_hit=sum((want & got).values()))
        for gi, oi in pairs:
            for field in TASK_FIELDS:
                self.task_fields[field][0] += task_field_equal(field, gold["tasks"][gi], out["tasks"][oi])
                self.task_fields[field][1] += 1

    def show(self, title: str, details: bool) -> None:
        c, n = self.counts, self.docs
        print(f"== {title}: {n} documents\n")
        print(f"{'header field':16} right  accuracy" + ("  wrong on" if details else ""))
        for field in [*HEADER_FIELDS, "warnings"]:
            extra = "  " + ", ".join(self.wrong.get(field, [])) if details else ""
            print(f"{field:16} {self.fields[field]:2}/{n:<2}  {_ratio(self.fields[field], n)}{extra}")
        header_total = sum(self.fields[f] for f in HEADER_FIELDS)
        print(f"{'all header fields':16} {_ratio(header_total, n * len(HEADER_FIELDS))}")
        print(f"\nTask count met  {c['count_met']}/{n} documents  {_ratio(c['count_met'], n)}")
        print(f"Tasks           precision {_ratio(c['task_hit'], c['task_got'])}  recall "
              f"{_ratio(c['task_hit'], c['task_gold'])}  ({c['task_hit']} of {c['task_gold']} labelled, "
              f"{c['task_got']} found)")
        print(f"Deadlines       precision {_ratio(c['due_hit'], c['due_got'])}  recall "
              f"{_ratio(c['due_hit'], c['due_gold'])}  ({c['due_hit']} of {c['due_gold']} labelled, "
              f"{c['due_got']} found)")
        print(f"Citations       precision {_ratio(c['cit_hit'], c['cit_got'])}  recall "
              f"{_ratio(c['cit_hit'], c['cit_gold'])}  (documents with labelled citations only)")
        print("Matched task fields: " + "  ".join(f"{f} {_ratio(r, t)}" for f, (r, t) in self.task_fields.items()))
        print()


def main(argv: list[str]) -> int:
    details, dev_only = "--details" in argv, "--dev" in argv
    heldout = set(heldout_names())
    whole, held = Tally(), Tally()
    for path in sorted((ROOT / "golden").glob("*.json")):
        name = path.stem
        if dev_only and name in heldout:
            continue
        gold = json.loads(path.read_text("utf-8"))
        out = parse_text((ROOT / "corpus" / f"{name}.txt").read_text("utf-8"))
        whole.add(name, gold, out, show_name=name not in heldout)
        if name in heldout:
            held.add(name, gold, out)
    if dev_only:
        whole.show("Development documents only (--dev: held-out documents not parsed)", details)
        return 0
    whole.show("Whole corpus (development and held-out documents)", details)
    held.show("Held out from development (heldout.txt)", details=False)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
