"""Evaluation records how it reached each due date; the explanation reads that record
(issue 8 item 4; OpenFisca's tracer). Dates by hand:

Civil case (BLTTDS Đ.203 k1a: 4 months, one extension of up to 2 months) accepted Sat
31/1/2026 -> 31/5; extended 2 months on 20/5 -> 31/7; suspended 1/6, resumed 15/7: 44
days not counted -> 13/9/2026, a Sunday -> due Monday 14/9/2026. The resumption restarts
the limit (a second clock from 15/7); the first one, ended by the restart, keeps its record.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from congminh.core.law import evaluate_case
from congminh.core.law.evaluate import evaluate_traced
from congminh.core.law.explain import STATUS_VI, explain_case

D = date


def civil(*events: tuple[str, str, dict[str, Any]]) -> dict[str, Any]:
    return {"id": "DS-1", "procedure": "civil", "case_kind": "civil_family",
            "events": [{"type": t, "date": d, **f} for t, d, f in events]}


PREPARED = civil(("accepted", "2026-01-31", {}),
                 ("preparation_extended", "2026-05-20", {"months": 2}),
                 ("suspended", "2026-06-01", {}), ("resumed", "2026-07-15", {}))


def test_evaluation_records_each_step_with_its_basis() -> None:
    done = evaluate_traced(PREPARED, D(2026, 8, 1))
    assert done.result == evaluate_case(PREPARED, D(2026, 8, 1))
    item, restarted = done.items
    kinds = [t.kind for t in item.trace]
    assert kinds == ["limit", "start", "base", "extension", "pause", "roll", "due"]
    steps = {t.kind: t for t in item.trace}
    assert steps["limit"].data["rule"] == item.rule.id
    assert steps["limit"].citation == steps["base"].citation  # the limit row's basis
    assert "Điều 203" in str(steps["limit"].citation)
    assert steps["base"].data["end"] == "2026-05-31"
    assert steps["extension"].data["end"] == "2026-07-31"
    assert steps["extension"].citation  # the tier's own basis
    assert steps["pause"].data == {"from": "2026-06-01", "to": "2026-07-15", "days": 44,
                                   "event": "suspended", "ground": None}
    assert steps["roll"].data["legal_end"] == "2026-09-13"
    assert steps["roll"].data["skipped"] == ["2026-09-13"]
    assert steps["due"].data["due"] == "2026-09-14"
    assert [t.kind for t in restarted.trace] == ["limit", "start", "base", "roll", "due"]
    assert restarted.trace[-1].data["due"] == done.result["open_obligations"][0]["due"]


def test_no_trace_unless_asked() -> None:
    done = evaluate_traced(PREPARED, D(2026, 8, 1), trace=False)
    assert all(item.trace == () for item in done.items)


def test_the_explanation_is_the_trace_in_words() -> None:
    explanation = explain_case(PREPARED, D(2026, 8, 1))
    clock, restarted = explanation.clocks
    assert [s.kind for s in clock.steps] == ["rule", "start", "base", "extension", "pause", "roll",
                                            "headroom", "end"]
    texts = [s.text for s in clock.steps]
    assert texts[2].endswith("→ hết ngày 31/05/2026")
    assert texts[3].startswith("Gia hạn lần 1 ngày 20/05/2026: thêm 2 tháng")
    assert texts[4] == "Tạm dừng từ 01/06/2026 đến 15/07/2026: 44 ngày không tính vào thời hạn"
    assert "13/9 là ngày nghỉ cuối tuần" in texts[5] and texts[5].endswith("14/09/2026")
    assert texts[7] == "Kết thúc ngày 15/07/2026 (khởi động lại thời hạn)"
    assert restarted.steps[-1].text == "Còn 107 ngày tính đến 01/08/2026"


def test_a_stopped_clock_is_traced_up_to_its_pause() -> None:
    case = civil(("accepted", "2026-01-31", {}), ("suspended", "2026-03-02", {}))
    (item,) = evaluate_traced(case, D(2026, 4, 1)).items
    assert item.dates is None
    assert [t.kind for t in item.trace] == ["limit", "start", "base", "pause"]
    steps = explain_case(case, D(2026, 4, 1)).clocks[0].steps
    assert steps[-1].text.startswith("Tạm dừng từ ngày 02/03/2026 (tạm đình chỉ giải quyết")


def test_awaiting_is_explained_with_its_reason() -> None:
    assert STATUS_VI["awaiting"] == "chờ bước tiếp theo"
    case = {"id": "HS-8", "procedure": "criminal", "category": "serious", "events": [
        {"type": "case_instituted", "date": "2026-01-05"},
        {"type": "investigation_concluded", "date": "2026-03-02"},
        {"type": "indicted", "date": "2026-03-10"}]}
    explanation = explain_case(case, D(2026, 4, 1))
    assert (explanation.status, explanation.awaiting_reason) == ("awaiting", "Chờ Tòa án thụ lý")
    lines = explanation.text_vi().splitlines()
    assert lines[:2] == ["Vụ việc HS-8 - tính đến ngày 01/04/2026: chờ bước tiếp theo",
                         "Lý do: Chờ Tòa án thụ lý"]
    assert "Lý do" not in explain_case(PREPARED, D(2026, 8, 1)).text_vi()


def test_the_cap_is_recorded_where_it_is_applied() -> None:
    # BLTTHS Đ.241: detention to prosecute 25/3 (day 1) + 20 days = 13/4, held to the Đ.240 due 9/4.
    case = {"id": "HS-5", "procedure": "criminal", "category": "serious", "events": [
        {"type": "case_instituted", "date": "2026-01-05"},
        {"type": "investigation_concluded", "date": "2026-03-20"},
        {"type": "detention_ordered", "date": "2026-03-25", "person": "A"}]}
    done = evaluate_traced(case, D(2026, 3, 26))
    item = next(i for i in done.items if i.rule.id == "BLTTHS-241")
    roll, cap, due = item.trace[-3:]
    assert (roll.kind, roll.data["rolls"], roll.data["due"]) == ("roll", False, "2026-04-13")
    assert (cap.kind, cap.data["cap_rule"], cap.citation) == ("cap", "BLTTHS-240", "BLTTHS 2015 Điều 241")
    assert (cap.data["uncapped_due"], cap.data["due"]) == ("2026-04-13", "2026-04-09")
    assert (due.kind, due.data["due"]) == ("due", "2026-04-09")
