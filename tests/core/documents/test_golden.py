"""Parser output against the hand-labelled goldens, one check per document and field.

A golden is the truth as read from the document, not the parser's output. Where the
parser falls short, the check is listed in KNOWN_FAILURES with the reason and runs as
a strict xfail, so a fix shows up as XPASS.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from known_failures_corpus import KNOWN_FAILURES_CORPUS

from conftest import DEV_NAMES, golden, parsed
from congminh.core.documents.evaluation import (
    HEADER_FIELDS,
    TASK_FIELDS,
    citation_key,
    match_tasks,
    not_found_warnings,
    task_field_equal,
)

KNOWN_FAILURES: dict[tuple[str, str], str] = {
    **KNOWN_FAILURES_CORPUS,
    ("03_nq-34-btv-tinhuy-laocai-kcn-ccn-ocr", "tasks.assignees"): (
        "IV.2.2: OCR garbled the body's name ('Mặt trận T, ô quốc Việt Nam tính ... tô chức'); "
        "the parser returns the name as scanned"
    ),
}

CHECKS = [*HEADER_FIELDS, "warnings", "citations", "citations.type", "citations.issuer",
          "tasks.found", "tasks.extra", *(f"tasks.{f}" for f in TASK_FIELDS), "tasks.extras"]


def _cases() -> list[Any]:
    cases = []
    for name in DEV_NAMES:
        for check in CHECKS:
            reason = KNOWN_FAILURES.get((name, check))
            marks = [pytest.mark.xfail(reason=reason, strict=True)] if reason else []
            cases.append(pytest.param(name, check, marks=marks, id=f"{name[:24]}-{check}"))
    return cases


def _show(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=1)


def _assert_same(check: str, want: Any, got: Any) -> None:
    assert want == got, f"{check} differs\n--- golden\n{_show(want)}\n--- parsed\n{_show(got)}"


def _check_citations(check: str, gold: dict[str, Any], out: dict[str, Any]) -> None:
    if gold["citations"] is None:
        pytest.skip("citations not labelled for this document")
    want = {citation_key(c): c for c in gold["citations"]}
    got = {citation_key(c): c for c in out["citations"]}
    if check == "citations":
        _assert_same(check, sorted(want, key=str), sorted(got, key=str))
        return
    key = check.split(".")[1]
    pairs = sorted(want.keys() & got.keys(), key=str)
    _assert_same(check, {str(k): want[k][key] for k in pairs}, {str(k): got[k][key] for k in pairs})


def _check_tasks(check: str, gold: dict[str, Any], out: dict[str, Any]) -> None:
    want, got = gold["tasks"], out["tasks"]
    pairs = match_tasks(want, got)
    if check == "tasks.found":
        found = {gi for gi, _ in pairs}
        missing = [f"{t['ref']} {t['assignees']}" for i, t in enumerate(want) if i not in found]
        assert not missing, "golden tasks not found:\n" + "\n".join(missing)
        return
    if check == "tasks.extra":
        matched = {oi for _, oi in pairs}
        extra = [f"{t['ref']} {t['assignees']} {t['text'][:60]}" for i, t in enumerate(got) if i not in matched]
        assert not extra, "tasks not in the golden:\n" + "\n".join(extra)
        return
    field = check.split(".")[1]
    diffs = []
    for gi, oi in pairs:
        fields = [k for k in want[gi] if k not in TASK_FIELDS] if field == "extras" else [field]
        for f in fields:
            if not task_field_equal(f, want[gi], got[oi]):
                diffs.append(f"{want[gi]['ref']} {f}: golden {_show(want[gi].get(f))} parsed {_show(got[oi].get(f))}")
    assert not diffs, "\n".join(diffs)


@pytest.mark.parametrize(("name", "check"), _cases())
def test_golden(name: str, check: str) -> None:
    gold, out = golden(name), parsed(name)
    if check == "warnings":
        _assert_same(check, not_found_warnings(gold), not_found_warnings(out))
    elif check.startswith("citations"):
        _check_citations(check, gold, out)
    elif check.startswith("tasks"):
        _check_tasks(check, gold, out)
    elif check == "received":
        _check_received(gold, out)
    else:
        _assert_same(check, gold.get(check), out.get(check))


def _check_received(gold: dict[str, Any], out: dict[str, Any]) -> None:
    want, got = gold["received"], out["received"]
    if want is None or got is None:
        _assert_same("received", want, got)
        return
    _assert_same("received", want, {k: got.get(k) for k in want})
