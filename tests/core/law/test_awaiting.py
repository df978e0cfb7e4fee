"""Every case status means one thing (CONTRACTS.md §1, issue 8 item 3).

An open appeal or protest window drives the status (a judgment not yet in force is never
`closed`); `awaiting` is a case not ended with no clock running, with its reason; `closed`
is a case that ended. Dates by hand:

Criminal judgment pronounced Friday 20/11/2026, written judgment issued 24/11 (BLTTHS
Đ.262 met). Đ.333 k1 appeal and Đ.337 same-level protest, 15 days -> Sat 5/12 -> Mon 7/12;
Đ.337 higher-level protest, 30 days -> Sun 20/12 -> Mon 21/12. No holiday in between.
"""

from datetime import date
from typing import Any

import pytest

from congminh.core.law import evaluate_case
from congminh.core.law.awaiting import NO_EVENT_VI, awaiting_reason, last_stage_event
from congminh.core.law.evaluate import STATUS_ORDER
from congminh.core.law.reduce import Event

D = date
Events = list[tuple[str, str, dict[str, Any]]]
JUDGED: Events = [("accepted", "2026-09-01", {}), ("brought_to_trial", "2026-10-20", {}),
                  ("judgment_pronounced", "2026-11-20", {}), ("judgment_issued", "2026-11-24", {})]
INDICTED: Events = [("case_instituted", "2026-01-05", {}),
                    ("investigation_concluded", "2026-03-02", {}), ("indicted", "2026-03-10", {})]


def crim(*events: tuple[str, str, dict[str, Any]]) -> dict[str, Any]:
    return {"id": "HS-8", "procedure": "criminal", "category": "serious",
            "events": [{"type": t, "date": d, **f} for t, d, f in events]}


def enforcement(*events: tuple[str, str, dict[str, Any]]) -> dict[str, Any]:
    return {"id": "THA-8", "procedure": "enforcement",
            "events": [{"type": t, "date": d, **f} for t, d, f in events]}


def head(result: dict[str, Any]) -> tuple[str, str | None]:
    return result["status"], result.get("awaiting_reason")


def windows(result: dict[str, Any]) -> dict[str, tuple[str, str]]:
    return {o["rule"]: (o["due"], o["status"]) for o in result["open_obligations"]}


def test_status_order_worst_first() -> None:
    assert STATUS_ORDER == ("overdue", "due_soon", "suspended", "on_time", "awaiting", "closed")


@pytest.mark.parametrize(("as_of", "status"), [
    # BLTTHS Đ.134 k1: windows in days end on their last day even if off: Sat 5/12, Sun 20/12
    (D(2026, 11, 24), "on_time"),  # 11 days left to 5/12 (was "closed")
    (D(2026, 11, 25), "due_soon"),  # 10 days left to 5/12
    (D(2026, 12, 20), "due_soon"),  # the higher-level protest window's last day
])
def test_open_appeal_or_protest_window_drives_the_status(as_of: date, status: str) -> None:
    result = evaluate_case(crim(*JUDGED), as_of)
    assert head(result) == (status, None)
    assert result["judgment"]["state"] == "pending"


def test_windows_are_listed_with_their_status() -> None:
    assert windows(evaluate_case(crim(*JUDGED), D(2026, 11, 28))) == {
        # BLTTHS Đ.134 k1: 5/12 (Sat) and 20/12 (Sun) are kept, not moved
        "BLTTHS-333": ("2026-12-05", "due_soon"), "BLTTHS-337": ("2026-12-05", "due_soon"),
        "BLTTHS-337-HIGHER": ("2026-12-20", "on_time")}


def test_judgment_in_force_without_closed_event_is_awaiting() -> None:
    result = evaluate_case(crim(*JUDGED), D(2026, 12, 22))
    assert result["open_obligations"] == []
    assert result["judgment"]["state"] == "effective"
    assert head(result) == ("awaiting", "Chờ bản án có hiệu lực / quyết định tiếp theo")


def test_timely_appeal_after_the_windows_awaits_the_appellate_court() -> None:
    result = evaluate_case(crim(*JUDGED, ("appeal_lodged", "2026-12-01", {})), D(2026, 12, 22))
    assert result["judgment"]["state"] == "appealed"
    assert head(result) == ("awaiting", "Chờ Tòa án cấp phúc thẩm nhận hồ sơ kháng cáo, kháng nghị")


def test_closed_event_closes_even_with_windows_open() -> None:
    result = evaluate_case(crim(*JUDGED, ("closed", "2026-11-26", {})), D(2026, 11, 27))
    assert head(result) == ("closed", None)
    assert result["open_obligations"] == []


def test_indicted_and_nothing_after_awaits_the_court() -> None:
    # Đ.240: 20 days from 2/3/2026 -> 22/3 (Sun) -> 23/3; indicted 10/3 ends the clock.
    result = evaluate_case(crim(*INDICTED), D(2026, 4, 1))
    assert head(result) == ("awaiting", "Chờ Tòa án thụ lý")
    assert [o["rule"] for o in result["closed_obligations"]] == ["BLTTHS-172", "BLTTHS-240"]


def test_side_events_do_not_change_the_reason() -> None:
    # A person's detention ended after the indictment: still waiting for the court.
    events = [INDICTED[0], ("detention_ordered", "2026-01-05", {"person": "A"}), *INDICTED[1:],
              ("detention_ended", "2026-03-12", {"person": "A"})]
    assert head(evaluate_case(crim(*events), D(2026, 4, 1))) == ("awaiting", "Chờ Tòa án thụ lý")


def test_indicted_then_closed_is_closed() -> None:
    case = crim(*INDICTED, ("closed", "2026-03-20", {"reason": "đình chỉ vụ án"}))
    assert head(evaluate_case(case, D(2026, 4, 1))) == ("closed", None)
    # ... but not before the closing event
    assert head(evaluate_case(case, D(2026, 3, 15))) == ("awaiting", "Chờ Tòa án thụ lý")


def test_report_dismissed_is_closed() -> None:
    case = crim(("report_received", "2026-01-05", {}), ("report_dismissed", "2026-01-15", {}))
    assert head(evaluate_case(case, D(2026, 2, 1))) == ("closed", None)


def test_verified_able_enforcement_awaits_the_enforcement() -> None:
    # THADS Đ.45: 10 days from 5/1/2026 -> 15/1; Đ.44: verified 20/1 (due 26/1), able.
    case = enforcement(("enforcement_decision_received", "2026-01-05", {}),
                       ("conditions_verified", "2026-01-20", {"able": True}))
    assert head(evaluate_case(case, D(2026, 2, 6))) == ("awaiting", "Chờ tổ chức thi hành án")
    case["events"].append({"type": "closed", "date": "2026-03-02", "reason": "thi hành xong"})
    assert head(evaluate_case(case, D(2026, 3, 3))) == ("closed", None)


def test_voluntary_window_does_not_drive_the_status() -> None:
    # On 6/1 the debtor's window (15/1) has 9 days left; the verification (26/1) has 20.
    case = enforcement(("enforcement_decision_received", "2026-01-05", {}))
    result = evaluate_case(case, D(2026, 1, 6))
    assert windows(result) == {"THADS-45": ("2026-01-15", "due_soon"),
                               "THADS-44": ("2026-01-26", "on_time")}
    assert head(result) == ("on_time", None)


def test_no_event_yet_is_awaiting() -> None:
    assert head(evaluate_case(crim(), D(2026, 1, 1))) == ("awaiting", NO_EVENT_VI)
    later = crim(("case_instituted", "2026-05-01", {}))
    assert head(evaluate_case(later, D(2026, 4, 1))) == ("awaiting", NO_EVENT_VI)


def test_reason_table_and_generic_fallback() -> None:
    assert awaiting_reason("investigation_concluded") == "Chờ Viện kiểm sát quyết định việc truy tố"
    assert awaiting_reason("judgment_pronounced") == awaiting_reason("judgment_issued")
    assert awaiting_reason("appeal_received") == (
        "Chờ bước tố tụng tiếp theo sau «tòa phúc thẩm nhận hồ sơ kháng cáo, kháng nghị»")
    assert awaiting_reason(None) == NO_EVENT_VI


def test_last_stage_event_skips_subject_events_but_not_appeals() -> None:
    def ev(kind: str, **fields: Any) -> Event:
        return Event(kind, D(2026, 1, 1), fields, 0)

    assert last_stage_event([ev("indicted"), ev("detention_ended", person="A"),
                             ev("closed", ref="GD-1")]) == "indicted"
    assert last_stage_event([ev("judgment_pronounced"), ev("judgment_delivered", person="B"),
                             ev("appeal_lodged", person="B")]) == "appeal_lodged"
    assert last_stage_event([ev("charges_requalified", category="serious")]) is None
