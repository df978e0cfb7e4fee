"""Appeals and protests of first-instance decisions (tạm đình chỉ, đình chỉ giải quyết vụ án):
which event opens which window, for whom. Dates computed by hand (see examples.yaml for
one row per rule with its quoted clause)."""

from __future__ import annotations

from datetime import date

import pytest

from congminh.core.law.evaluate import evaluate_traced
from congminh.core.law.lawful import refusals

FIELDS = {"criminal": {"category": "serious"}, "civil": {"case_kind": "civil_family"},
          "administrative": {"case_kind": "ordinary"}}


def _history(procedure: str) -> list[dict[str, object]]:
    events: list[dict[str, object]] = [
        {"type": "accepted", "date": "2026-01-05"},
        {"type": "decision_issued", "date": "2026-03-02", "decision": "suspension"},
        {"type": "suspended", "date": "2026-03-02"},
        {"type": "decision_received", "date": "2026-03-04", "person": "Nguyễn Văn A"},
        {"type": "decision_received", "date": "2026-03-06", "person": "Trần Thị B"}]
    if procedure != "criminal":
        events.append({"type": "decision_received_by_procuracy", "date": "2026-03-05"})
    return events


def _windows(procedure: str) -> set[tuple[str, str | None, date, date]]:
    case = {"id": "Q-1", "procedure": procedure, **FIELDS[procedure], "events": _history(procedure)}
    ev = evaluate_traced(case, date(2026, 3, 6), trace=False)
    assert not ev.reduction.errors, ev.reduction.errors
    return {(i.rule.id, i.clock.subject, i.clock.start, i.dates.due) for i in ev.items
            if i.rule.id.endswith(("DECISION", "DECISION-HIGHER")) and i.dates}


def test_criminal_protests_run_from_the_decision_and_appeals_from_each_receipt() -> None:
    # Đ.337 k2: 2/3 + 7 = Mon 9/3, + 15 = Tue 17/3; Đ.333 k2: 4/3 + 7 = 11/3, 6/3 + 7 = 13/3.
    assert _windows("criminal") == {
        ("BLTTHS-337-DECISION", None, date(2026, 3, 2), date(2026, 3, 9)),
        ("BLTTHS-337-DECISION-HIGHER", None, date(2026, 3, 2), date(2026, 3, 17)),
        ("BLTTHS-333-DECISION", "Nguyễn Văn A", date(2026, 3, 4), date(2026, 3, 11)),
        ("BLTTHS-333-DECISION", "Trần Thị B", date(2026, 3, 6), date(2026, 3, 13))}


@pytest.mark.parametrize(("procedure", "appeal", "protest"), [
    ("civil", "BLTTDS-273-DECISION", "BLTTDS-280-DECISION"),
    ("administrative", "LTTHC-206-DECISION", "LTTHC-213-DECISION")])
def test_civil_and_administrative_protests_run_from_the_procuracys_receipt(
        procedure: str, appeal: str, protest: str) -> None:
    # Receipt Thu 5/3: + 7 = Thu 12/3; + 10 = Sun 15/3 -> Mon 16/3 (BLDS Đ.148).
    assert _windows(procedure) == {
        (appeal, "Nguyễn Văn A", date(2026, 3, 4), date(2026, 3, 11)),
        (appeal, "Trần Thị B", date(2026, 3, 6), date(2026, 3, 13)),
        (protest, None, date(2026, 3, 5), date(2026, 3, 12)),
        (f"{protest}-HIGHER", None, date(2026, 3, 5), date(2026, 3, 16))}


def test_a_receipt_needs_the_decision_first() -> None:
    case = {"id": "Q-2", "procedure": "civil", "case_kind": "civil_family",
            "events": [{"type": "accepted", "date": "2026-01-05"}]}
    assert refusals(case, {"type": "decision_received", "date": "2026-03-04", "person": "A"})
    assert refusals(case, {"type": "decision_received_by_procuracy", "date": "2026-03-04"})
