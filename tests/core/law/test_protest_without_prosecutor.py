"""BLTTDS 2015 Đ.280 k1: "Thời hạn kháng nghị đối với bản án của Tòa án cấp sơ thẩm của Viện
kiểm sát cùng cấp là 15 ngày, của Viện kiểm sát cấp trên trực tiếp là 01 tháng, kể từ ngày
tuyên án. Trường hợp Kiểm sát viên không tham gia phiên tòa thì thời hạn kháng nghị tính từ
ngày Viện kiểm sát cùng cấp nhận được bản án." Dates computed by hand."""

from __future__ import annotations

from datetime import date

import pytest

from congminh.core.law.evaluate import evaluate_traced
from congminh.core.law.lawful import refusals


def _windows(*events: dict[str, object]) -> dict[str, tuple[date, date]]:
    case = {"id": "DS-1", "procedure": "civil", "case_kind": "civil_family",
            "events": [{"type": "accepted", "date": "2026-01-05"}, *events]}
    ev = evaluate_traced(case, date(2026, 3, 11), trace=False)
    assert not ev.reduction.errors, ev.reduction.errors
    return {i.rule.id: (i.clock.start, i.dates.due) for i in ev.items
            if i.rule.id.startswith("BLTTDS-280") and i.dates}


@pytest.mark.parametrize("attended", [None, False])
def test_with_a_prosecutor_the_windows_run_from_the_pronouncement(attended: bool | None) -> None:
    # Mon 2/3/2026 + 15 days = Tue 17/3; + 1 month = Thu 2/4.
    judgment: dict[str, object] = {"type": "judgment_pronounced", "date": "2026-03-02"}
    if attended is not None:
        judgment["prosecutor_absent"] = attended
    assert _windows(judgment) == {"BLTTDS-280": (date(2026, 3, 2), date(2026, 3, 17)),
                                  "BLTTDS-280-HIGHER": (date(2026, 3, 2), date(2026, 4, 2))}


def test_without_a_prosecutor_they_run_from_the_procuracys_receipt() -> None:
    # Received Tue 10/3/2026: + 15 days = Wed 25/3; + 1 month = Fri 10/4.
    assert _windows({"type": "judgment_pronounced", "date": "2026-03-02", "prosecutor_absent": True},
                    {"type": "judgment_received_by_procuracy", "date": "2026-03-10"}) == {
        "BLTTDS-280": (date(2026, 3, 10), date(2026, 3, 25)),
        "BLTTDS-280-HIGHER": (date(2026, 3, 10), date(2026, 4, 10))}


def test_no_window_is_shown_before_the_receipt_when_no_prosecutor_attended() -> None:
    assert _windows({"type": "judgment_pronounced", "date": "2026-03-02", "prosecutor_absent": True}) == {}


def test_the_receipt_needs_a_judgment_first() -> None:
    history = [{"type": "accepted", "date": "2026-01-05"}]
    problems = refusals({"id": "DS-1", "procedure": "civil", "case_kind": "civil_family",
                        "events": history},
                        {"type": "judgment_received_by_procuracy", "date": "2026-03-10"})
    assert problems
