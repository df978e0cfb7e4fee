"""Days in temporary holding are deducted from detention (BLTTHS 2015 Đ.118 k4: "Thời gian
tạm giữ được trừ vào thời hạn tạm giam. Một ngày tạm giữ được tính bằng một ngày tạm giam.").

Dates computed by hand. A serious crime: detention for investigation 3 custody months = 90
days, the order day counted as day 1 (Đ.173 k1, Đ.134 k1), never moved.
"""

from __future__ import annotations

from datetime import date

from congminh.core.law import texts
from congminh.core.law.evaluate import evaluate_traced
from congminh.core.law.explain import explain_case
from congminh.core.law.rules import HOLDING_DEDUCTED


def _case(*events: dict[str, str]) -> dict[str, object]:
    return {"id": "TG-1", "procedure": "criminal", "category": "serious", "events": list(events)}


def _detention_due(case: dict[str, object], person: str = "A") -> date:
    ev = evaluate_traced(case, date(2026, 3, 20), trace=False)
    assert not ev.reduction.errors, ev.reduction.errors
    [item] = [i for i in ev.items if i.rule.id == "BLTTHS-173" and i.clock.subject == person]
    assert item.dates is not None
    return item.dates.due


HELD = {"type": "holding_ordered", "date": "2026-03-01", "person": "A"}
INSTITUTED = {"type": "case_instituted", "date": "2026-03-02"}


def test_without_holding_detention_runs_its_full_limit() -> None:
    # 4/3 is day 1: 28 days in March, 30 in April (58), 31 in May (89), 1/6 is day 90.
    case = _case(INSTITUTED, {"type": "detention_ordered", "date": "2026-03-04", "person": "A"})
    assert _detention_due(case) == date(2026, 6, 1)


def test_holding_days_up_to_the_detention_order_are_deducted() -> None:
    # Held 1/3, 2/3, 3/3 (3 days), detained 4/3: 1/6 - 3 days = Fri 29/5/2026, the same as
    # counting 90 days from 1/3 as day 1 (31 + 30 + 29).
    case = _case(HELD, INSTITUTED, {"type": "detention_ordered", "date": "2026-03-04", "person": "A"})
    assert _detention_due(case) == date(2026, 5, 29)


def test_holding_ended_before_a_later_detention_counts_its_last_day() -> None:
    # Held 1/3 to 3/3 (released on 3/3: 3 days), detained 10/3: 10/3 is day 1, 22 days in
    # March, 30 in April (52), 31 in May (83), 7/6 is day 90; minus 3 = 4/6/2026.
    case = _case(HELD, INSTITUTED, {"type": "holding_ended", "date": "2026-03-03", "person": "A"},
                 {"type": "detention_ordered", "date": "2026-03-10", "person": "A"})
    assert _detention_due(case) == date(2026, 6, 4)


def test_another_persons_holding_is_not_deducted() -> None:
    case = _case(HELD, INSTITUTED, {"type": "detention_ordered", "date": "2026-03-04", "person": "B"})
    assert _detention_due(case, "B") == date(2026, 6, 1)


def test_the_explanation_names_the_deduction_and_its_article() -> None:
    case = _case(HELD, INSTITUTED, {"type": "detention_ordered", "date": "2026-03-04", "person": "A"})
    [clock] = [c for c in explain_case(case, date(2026, 3, 20)).clocks if c.rule_id == "BLTTHS-173"]
    [step] = [s for s in clock.steps if s.kind == "credit"]
    assert "Trừ 3 ngày tạm giữ" in step.text and "01/06/2026 → 29/05/2026" in step.text
    assert "Điều 118 khoản 4" in step.text


def test_the_quoted_sentence_is_the_laws_own() -> None:
    stored = texts.clause_text(HOLDING_DEDUCTED["law"], HOLDING_DEDUCTED["article"],
                               HOLDING_DEDUCTED["clause"])
    assert HOLDING_DEDUCTED["quote"] in stored
