"""Users read Vietnamese: event, holder, category and procedure codes never reach the text."""

import re
from datetime import date
from typing import Any

import pytest

from congminh.core.law import evaluate_case
from congminh.core.law.events import EVENT_TYPES
from congminh.core.law.explain import explain_case
from congminh.core.law.labels import HOLDER_VI, event_vi, holder_vi, with_labels
from congminh.core.law.rules import default_rules

D = date
CODE = re.compile(r"\b[a-z]+(?:_[a-z]+)+\b")  # a snake_case code such as brought_to_trial


def test_every_holder_of_every_rule_has_a_vietnamese_name() -> None:
    holders = {rule.holder for rule in default_rules().all()}
    assert holders <= set(HOLDER_VI), holders - set(HOLDER_VI)
    assert holder_vi("investigation_agency") == "Cơ quan điều tra"
    assert holder_vi("court") == "Tòa án"
    assert holder_vi("procuracy") == "Viện kiểm sát"
    assert holder_vi("enforcement_office") == "Cơ quan thi hành án dân sự"
    assert holder_vi("debtor") == "Người phải thi hành án"


@pytest.mark.parametrize("code", list(EVENT_TYPES))
def test_every_event_has_a_plain_vietnamese_name(code: str) -> None:
    name = event_vi(code)
    assert name and "(added)" not in name and not CODE.search(name) and "'" not in name


def test_event_names() -> None:
    assert event_vi("brought_to_trial") == "quyết định đưa vụ án ra xét xử"
    assert event_vi("judgment_pronounced") == "tuyên án"
    assert event_vi("detention_ordered") == "lệnh tạm giam"


CASES: list[dict[str, Any]] = [
    {"id": "HS-1", "procedure": "criminal", "category": "less_serious", "events": [
        {"type": "accepted", "date": "2025-03-01"},
        {"type": "brought_to_trial", "date": "2025-04-26"},
        {"type": "judgment_pronounced", "date": "2025-05-10"}]},
    {"id": "HS-2", "procedure": "criminal", "category": "serious", "events": [
        {"type": "case_instituted", "date": "2026-01-05"},
        {"type": "detention_ordered", "date": "2026-01-05", "person": "A"},
        {"type": "charges_requalified", "date": "2026-02-01", "category": "very_serious"},
        {"type": "investigation_suspended", "date": "2026-03-01"},
        {"type": "investigation_resumed", "date": "2026-03-20"},
        {"type": "detention_ended", "date": "2026-03-25", "person": "A"}]},
    {"id": "DS-1", "procedure": "civil", "case_kind": "civil_family", "events": [
        {"type": "accepted", "date": "2026-01-05"},
        {"type": "expertise_ordered", "date": "2026-01-10", "ref": "GD-1"},
        {"type": "expertise_documents_requested", "date": "2026-02-01", "ref": "GD-1"},
        {"type": "suspended", "date": "2026-03-01", "ground": "expertise"}]},
    {"id": "THA-1", "procedure": "enforcement", "events": [
        {"type": "enforcement_decision_received", "date": "2026-06-20"},
        {"type": "postponed", "date": "2026-07-02"}, {"type": "resumed", "date": "2026-07-20"},
        {"type": "conditions_verified", "date": "2026-07-22", "able": False}]},
]


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_explanation_text_has_no_codes(case: dict[str, Any]) -> None:
    explanation = explain_case(case, D(2026, 11, 26))
    assert explanation.errors == ()
    texts = [step.text for clock in explanation.clocks for step in clock.steps]
    assert texts
    for text in [*texts, explanation.text_vi()]:
        assert not CODE.search(text), CODE.search(text)


def test_end_and_pause_steps_name_the_event_in_vietnamese() -> None:
    steps = [s for c in explain_case(CASES[0], D(2025, 6, 1)).clocks for s in c.steps]
    ends = {s.text for s in steps if s.kind == "end"}
    assert "Kết thúc ngày 26/04/2025 (quyết định đưa vụ án ra xét xử)" in ends
    assert "Kết thúc ngày 10/05/2025 (tuyên án)" in ends
    # the code is still in the structured data
    assert {s.data["event"] for s in steps if s.kind == "end"} == {"brought_to_trial",
                                                                   "judgment_pronounced"}
    pauses = [s.text for c in explain_case(CASES[2], D(2026, 3, 5)).clocks for s in c.steps
              if s.kind == "pause"]
    assert "Tạm dừng từ ngày 01/03/2026 (tạm đình chỉ giải quyết / thi hành), chưa tiếp tục: " \
           "thời hạn đang dừng" in pauses


def test_errors_name_events_and_categories_in_vietnamese() -> None:
    case = {"id": "HS-3", "procedure": "criminal", "category": "serious",
            "events": [{"type": "report_resumed", "date": "2026-03-01"}]}
    error = evaluate_case(case, D(2026, 3, 2))["errors"][0]
    assert error.startswith("sự kiện «phục hồi giải quyết nguồn tin» ('report_resumed') ngày 01/03/2026 "
                            "không phù hợp")
    wrong = {"id": "THA-3", "procedure": "enforcement",
             "events": [{"type": "brought_to_trial", "date": "2026-03-01"}]}
    error = evaluate_case(wrong, D(2026, 3, 2))["errors"][0]
    assert "không thuộc thủ tục thi hành án dân sự ('enforcement')" in error


def test_with_labels_adds_holder_vi_and_keeps_holder() -> None:
    result = evaluate_case(CASES[0], D(2025, 5, 20))
    labelled = with_labels(result)
    assert "holder_vi" not in str(result)  # evaluate_case itself is unchanged (bulk agreement)
    obligations = labelled["open_obligations"] + labelled["closed_obligations"]
    assert obligations
    for ob in obligations:
        assert ob["holder_vi"] == HOLDER_VI[ob["holder"]]
        assert list(ob)[list(ob).index("holder") + 1] == "holder_vi"
    holders = {ob["holder"]: ob["holder_vi"] for ob in obligations}
    assert holders["court"] == "Tòa án" and holders["parties"] == "Người có quyền kháng cáo"
    assert {k: v for k, v in labelled.items() if not k.endswith("obligations")} == {
        k: v for k, v in result.items() if not k.endswith("obligations")}
