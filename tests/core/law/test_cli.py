"""`congminh law evaluate|explain` (CONTRACTS.md §1), checked against the shipped schemas."""

import io
import json
import subprocess
import sys
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from congminh.core.law.cli import main

SCHEMAS = resources.files("congminh.core.law").joinpath("schemas")
CASES: list[dict[str, Any]] = [
    {"id": "HS-2026-0012", "procedure": "criminal", "category": "serious",
     "national_security": False,
     "events": [{"type": "case_instituted", "date": "2026-03-10"},
                {"type": "investigation_extended", "date": "2026-06-01", "months": 3}]},
    {"id": "DS-1", "procedure": "civil", "case_kind": "civil_family",
     "events": [{"type": "accepted", "date": "2026-01-05"},
                {"type": "suspended", "date": "2026-03-01", "ground": "evidence"}]},
    {"id": "BAD", "procedure": "criminal", "category": "serious",
     "events": [{"type": "indicted"}]},
    {"id": "THA-1", "procedure": "enforcement",
     "events": [{"type": "enforcement_decision_received", "date": "2026-06-20"}]},
    {"id": "THA-2", "procedure": "enforcement",
     "events": [{"type": "enforcement_decision_received", "date": "2026-07-02"}]},
    # Added event types: judgment windows, a closed obligation, requalification, custody.
    {"id": "HS-2026-0040", "procedure": "criminal", "category": "serious",
     "events": [{"type": "case_instituted", "date": "2026-01-05"},
                {"type": "detention_ordered", "date": "2026-01-05", "person": "A"},
                {"type": "charges_requalified", "date": "2026-02-01", "category": "very_serious",
                 "national_security": False},
                {"type": "investigation_concluded", "date": "2026-03-20"},
                {"type": "detention_ordered", "date": "2026-03-25", "person": "A",
                 "custody_stage": "prosecution"},
                {"type": "indicted", "date": "2026-04-10"},
                {"type": "accepted", "date": "2026-04-15"},
                {"type": "brought_to_trial", "date": "2026-06-01"},
                {"type": "judgment_pronounced", "date": "2026-06-10", "absent": ["B"]},
                {"type": "judgment_delivered", "date": "2026-06-20", "person": "B"},
                {"type": "judgment_issued", "date": "2026-06-19"},
                {"type": "appeal_lodged", "date": "2026-06-22", "person": "B"},
                {"type": "protest_lodged", "date": "2026-06-24", "level": "same"}]},
]


def schema(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(SCHEMAS.joinpath(name).read_text("utf-8"))
    return loaded


def run(argv: list[str]) -> tuple[int, str]:
    out = io.StringIO()
    code = main(argv, out=out)
    return code, out.getvalue()


@pytest.fixture
def jsonl(tmp_path: Path) -> Path:
    path = tmp_path / "cases.jsonl"
    path.write_text("".join(json.dumps(c, ensure_ascii=False) + "\n" for c in CASES), "utf-8")
    return path


def test_input_examples_match_case_schema() -> None:
    for case in CASES[:2] + CASES[3:]:  # CASES[2] is invalid on purpose
        jsonschema.validate(case, schema("case.schema.json"))


def test_evaluate_output_matches_result_schema(jsonl: Path) -> None:
    code, text = run(["evaluate", "--as-of", "2026-11-26", "--period-end", "2026-09-30", str(jsonl)])
    assert code == 0
    results = [json.loads(line) for line in text.splitlines()]
    assert [r["id"] for r in results] == [c["id"] for c in CASES]
    validator = jsonschema.Draft202012Validator(
        schema("result.schema.json"), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    for result in results:
        validator.validate(result)
    assert [r["status"] for r in results] == ["overdue", "suspended", "error", "overdue", "overdue",
                                              "overdue"]
    assert all("closed_obligations" in r for r in results)
    assert results[0]["open_obligations"][0]["days_to_max_due"] == -16  # the contract example
    # THA-1: the voluntary window lapsed; the verification clock is open, nothing done yet
    assert results[3]["closed_obligations"] == []
    added = results[5]
    assert added["judgment"]["state"] == "appealed"
    assert {o["rule"]: o["done_status"] for o in added["closed_obligations"]} == {
        "BLTTHS-172": "done_on_time", "BLTTHS-173": "done_on_time", "BLTTHS-240": "done_on_time",
        "BLTTHS-277": "done_on_time", "BLTTHS-277-HEARING": "done_on_time",
        "BLTTHS-262": "done_on_time", "BLTTHS-337": "done_on_time"}
    # A is still recorded in detention to prosecute long after the order ran out (RNT after
    # requalification: 25/3 + 30 days = 24/4, capped at the Đ.240 due 20/4/2026).
    assert "custody_expiring_before_renewal" in added["flags"]
    assert "thiếu trường 'date'" in results[2]["errors"][0]
    # Received 20/6/2026: Luật THADS 2008; received 2/7/2026: Luật THADS 106/2025/QH15 (Đ.37).
    assert results[3]["open_obligations"][0]["basis"] == "Luật THADS 2008 Điều 44 khoản 1"
    assert results[4]["open_obligations"][0]["basis"] == "Luật THADS 2025 Điều 37 khoản 1"
    # Every obligation carries its holder's Vietnamese name next to the code.
    for result in results:
        for ob in result["open_obligations"] + result["closed_obligations"]:
            assert ob["holder_vi"] and ob["holder_vi"] != ob["holder"]
    assert results[3]["open_obligations"][0]["holder"] == "enforcement_office"
    assert results[3]["open_obligations"][0]["holder_vi"] == "Cơ quan thi hành án dân sự"


def test_not_json_exits_non_zero_but_keeps_other_lines(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_text(json.dumps(CASES[0]) + "\n{not json\n", "utf-8")
    code, text = run(["evaluate", "--as-of", "2026-11-26", str(path)])
    assert code != 0
    lines = [json.loads(line) for line in text.splitlines()]
    assert lines[0]["status"] == "overdue" and lines[1]["status"] == "error"


def test_console_command_reads_stdin() -> None:
    exe = Path(sys.executable).with_name("congminh")
    proc = subprocess.run([str(exe), "law", "evaluate", "--as-of", "2026-11-26", "-"],
                          input=json.dumps(CASES[0]) + "\n", capture_output=True, text=True,
                          check=False)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["open_obligations"][0]["due"] == "2026-09-10"


def test_explain_prints_vietnamese(tmp_path: Path) -> None:
    path = tmp_path / "case.json"
    path.write_text(json.dumps(CASES[0], ensure_ascii=False, indent=2), "utf-8")
    code, text = run(["explain", "--as-of", "2026-11-26", str(path)])
    assert code == 0
    assert "Gia hạn lần 1 ngày 01/06/2026: thêm 3 tháng" in text
    assert "hạn tối đa nếu gia hạn hết mức 10/11/2026" in text


def test_awaiting_and_closed_results_match_result_schema(tmp_path: Path) -> None:
    """Schema 1.1: `awaiting` with its `awaiting_reason`; the reason only when awaiting."""
    indicted = {"id": "HS-W", "procedure": "criminal", "category": "serious",
                "events": [{"type": "case_instituted", "date": "2026-01-05"},
                           {"type": "investigation_concluded", "date": "2026-03-02"},
                           {"type": "indicted", "date": "2026-03-10"}]}
    closed = {**indicted, "id": "HS-C",
              "events": [*indicted["events"], {"type": "closed", "date": "2026-04-01"}]}
    path = tmp_path / "more.jsonl"
    path.write_text("".join(json.dumps(c) + "\n" for c in (indicted, closed)), "utf-8")
    code, text = run(["evaluate", "--as-of", "2026-11-26", str(path)])
    assert code == 0
    results = [json.loads(line) for line in text.splitlines()]
    validator = jsonschema.Draft202012Validator(schema("result.schema.json"))
    for result in results:
        validator.validate(result)
    assert [(r["status"], r.get("awaiting_reason")) for r in results] == [
        ("awaiting", "Chờ Tòa án thụ lý"), ("closed", None)]
    assert not validator.is_valid({k: v for k, v in results[0].items() if k != "awaiting_reason"})
    assert not validator.is_valid({**results[1], "awaiting_reason": "Chờ Tòa án thụ lý"})
