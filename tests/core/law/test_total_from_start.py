"""Extension tiers that restate the whole limit from the start (`total_from_start`, issue #9):
BLTTDS 2015 Đ.203 k4 «trường hợp có lý do chính đáng thì thời hạn này là 02 tháng» is 2
months from the decision, not 1 month added to the first due date. Dates by hand: BLDS 2015
Đ.147 k2 (start day not counted), Đ.148 k3 (no corresponding day: last day of the month), k5
(a day off moves to the next working day)."""

from __future__ import annotations

from datetime import date

import pytest
import yaml

from congminh.core.law.clocks import LawError
from congminh.core.law.evaluate import Engine
from congminh.core.law.explain import explain_case
from congminh.core.law.obligations import compute_obligation
from congminh.core.law.rules import Rule, RuleFileError, load_rule_text

# A rule of one row: 24 hours, then the tier under test (given as YAML flow text).
_RULE = {
    "id": "TEST-WHOLE", "title": "Thời hạn thử nghiệm", "procedures": ["civil"],
    "stage": "hearing", "kind": "hearing", "holder": "court",
    "citation": {"law": "BLTTDS 2015", "article": 203, "clause": 4},
    "starts": [{"event": "brought_to_trial"}], "ends": ["closed"],
    "counting": {"first_day_counted": False, "roll": "next_working_day"},
    "suspension": {"effect": "none"}, "valid_from": "2016-07-01", "confidence": "M",
}


def _rule(tier: str) -> Rule:
    limit = {"duration": {"length": 24, "unit": "hours"}, "extensions": [yaml.safe_load(tier)]}
    return load_rule_text(yaml.safe_dump({**_RULE, "limits": [limit]}, allow_unicode=True),
                          "rules/TEST-WHOLE.yaml")


def test_the_tier_max_is_the_total_less_what_comes_before() -> None:
    # 24 hours count as 1 day (date-only data), so «không quá 03 ngày» leaves 2 days.
    tier = _rule("{total_from_start: {length: 3, unit: days}, approver: Tòa án}").limits[0].extensions[0]
    assert (tier.max.length, tier.max.unit) == (2, "days")
    assert tier.total_from_start is not None and tier.total_from_start.length == 3


@pytest.mark.parametrize(("tier", "message"), [
    ("{total_from_start: {length: 2, unit: months}, approver: Tòa án}", "không cùng đơn vị"),
    ("{total_from_start: {length: 1, unit: days}, approver: Tòa án}", "không dài hơn"),
    ("{max: {length: 1, unit: days}, total_from_start: {length: 3, unit: days}, approver: Tòa án}",
     "extensions/0"),
    ("{approver: Tòa án}", "extensions/0"),
])
def test_a_total_that_cannot_be_a_tier_is_refused(tier: str, message: str) -> None:
    with pytest.raises(RuleFileError, match=message):
        _rule(tier)


def test_max_due_counts_the_longer_limit_from_the_decision() -> None:
    # Decision 31/01/2026: 1 month -> 28/02 (Sat) -> Mon 02/03; 2 months -> 31/03 (Tue).
    result = compute_obligation("BLTTDS-203-HEARING", start=date(2026, 1, 31), as_of=date(2026, 2, 1))
    assert result.dates is not None
    assert (result.dates.due, result.dates.max_due) == (date(2026, 3, 2), date(2026, 3, 31))


def test_a_longer_total_than_the_law_allows_is_refused() -> None:
    # An extension of 2 months would make 3 months from the decision: over «02 tháng».
    with pytest.raises(LawError, match="không quá 2 tháng kể cả gia hạn"):
        compute_obligation("BLTTDS-203-HEARING", start=date(2026, 1, 31), as_of=date(2026, 2, 1),
                           extensions=[(date(2026, 2, 20), 2, "months")])


def _hearing_steps(events: list[dict[str, object]]) -> dict[str, str]:
    case = {"id": 1, "procedure": "civil", "case_kind": "civil_family",
            "events": [{"type": "accepted", "date": "2025-12-01"},
                       {"type": "brought_to_trial", "date": "2026-01-31"}, *events]}
    found = explain_case(case, date(2026, 2, 25), engine=Engine.default())
    clock = next(c for c in found.clocks if c.rule_id == "BLTTDS-203-HEARING")
    return {step.kind: step.text for step in clock.steps}


def test_the_explanation_says_the_longer_limit_runs_from_the_start() -> None:
    steps = _hearing_steps([{"type": "hearing_extended", "date": "2026-02-20", "months": 1}])
    assert ("thời hạn kéo dài là 2 tháng tính từ ngày bắt đầu 31/01/2026, không cộng nối vào "
            "ngày hết hạn trước đó) → hết ngày 31/03/2026") in steps["extension"]
    before = _hearing_steps([])
    assert "hạn tối đa nếu gia hạn hết mức 31/03/2026" in before["headroom"]
    assert "2 tháng tính từ ngày bắt đầu 31/01/2026" in before["headroom"]


def test_an_ordinary_tier_still_adds_to_the_end() -> None:
    # BLTTDS Đ.203 k1 b (preparation, «gia hạn ... không quá 01 tháng»: a true extension):
    # accepted 31/12/2025 + 2 months = 28/02/2026 (no 31st) + 1 month = 28/03 (Sat) -> Mon
    # 30/03/2026; 3 months from the acceptance would have been 31/03.
    result = compute_obligation("BLTTDS-203", start=date(2025, 12, 31), as_of=date(2026, 1, 2),
                                case_kind="business_labour",
                                extensions=[(date(2026, 2, 1), 1, "months")])
    assert result.dates is not None and result.dates.due == date(2026, 3, 30)
