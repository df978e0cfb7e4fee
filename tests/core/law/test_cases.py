"""Whole-case evaluation: event order, suspensions, returns, statuses and flags."""

from datetime import date
from typing import Any

from congminh.core.law import evaluate_case, evaluate_cases
from congminh.core.law.explain import explain_case

D = date


def crim(category: str, *events: tuple[str, str, dict[str, Any]]) -> dict[str, Any]:
    return {"id": "HS-1", "procedure": "criminal", "category": category,
            "events": [{"type": t, "date": d, **f} for t, d, f in events]}


def only(result: dict[str, Any], rule: str) -> dict[str, Any]:
    matches = [o for o in result["open_obligations"] if o["rule"] == rule]
    assert len(matches) == 1, result
    return matches[0]


def test_contract_example_investigation() -> None:
    # BLTTHS Đ.172 k1b + k2b: NT 3 months from 10/3/2026, +3 -> 10/9; max +2 -> 10/11.
    case = crim("serious", ("case_instituted", "2026-03-10", {}),
                ("investigation_extended", "2026-06-01", {"months": 3}))
    result = evaluate_case(case, D(2026, 11, 26))
    ob = only(result, "BLTTHS-172")
    assert (ob["due"], ob["max_due"], ob["days_left"]) == ("2026-09-10", "2026-11-10", -77)
    assert ob["basis"] == "BLTTHS 2015 Điều 172 khoản 1"
    assert result["status"] == "overdue"


def test_resumed_investigation_gets_the_shorter_limit() -> None:
    # BLTTHS Đ.174 k1: NT resumed 1/9/2026 -> 2 months -> 1/11 (Sunday) -> 2/11.
    case = crim("serious", ("case_instituted", "2026-03-10", {}),
                ("investigation_suspended", "2026-06-10", {"ground": "expertise"}),
                ("investigation_resumed", "2026-09-01", {}))
    suspended = evaluate_case(case, D(2026, 7, 1))
    assert suspended["status"] == "suspended"
    assert suspended["open_obligations"][0]["due"] is None
    ob = only(evaluate_case(case, D(2026, 9, 2)), "BLTTHS-174-1")
    assert ob["due"] == "2026-11-02"


def test_resumed_crime_report_gets_one_month() -> None:
    # BLTTHS Đ.149 k1: "Thời hạn giải quyết tố giác, tin báo về tội phạm, kiến nghị khởi tố
    # tiếp không quá 01 tháng kể từ ngày ra quyết định phục hồi." Complex report received
    # 10/1/2026 (Đ.147 k2: 2 months -> 10/3), suspended 11/3, resumed 1/6 -> 1/7/2026 (Wed),
    # not a fresh 2 months (1/8) nor the remaining time.
    case = crim("serious", ("report_received", "2026-01-10", {}),
                ("report_marked_complex", "2026-01-20", {}),
                ("report_suspended", "2026-03-11", {"ground": "expertise"}),
                ("report_resumed", "2026-06-01", {}))
    ob = only(evaluate_case(case, D(2026, 6, 2)), "BLTTHS-149")
    assert ob["due"] == "2026-07-01"
    assert ob["basis"] == "BLTTHS 2015 Điều 149 khoản 1"


def test_civil_suspension_recounts_in_full() -> None:
    # BLTTDS Đ.203 k1: 4 months recounted from the decision to continue (15/6 -> 15/10).
    case = {"id": "DS-1", "procedure": "civil", "case_kind": "civil_family", "events": [
        {"type": "accepted", "date": "2026-01-05"},
        {"type": "suspended", "date": "2026-03-01", "ground": "evidence"},
        {"type": "resumed", "date": "2026-06-15"}]}
    assert only(evaluate_case(case, D(2026, 7, 1)), "BLTTDS-203")["due"] == "2026-10-15"


def test_returns_counted_and_capped() -> None:
    # BLTTHS Đ.174 k2: the procuracy may return the file twice; a third return is an error.
    events = [("case_instituted", "2026-01-05", {}), ("investigation_concluded", "2026-03-01", {})]
    for n in range(3):
        events += [("returned_for_investigation", f"2026-0{4 + 2 * n}-01", {"by": "procuracy"}),
                   ("supplementary_investigation_concluded", f"2026-0{4 + 2 * n}-20", {})]
    result = evaluate_case(crim("serious", *events), D(2026, 12, 1))
    assert result["status"] == "error"
    assert "lần thứ 3 vượt quá số lần cho phép (2)" in result["errors"][0]


def test_supplementary_then_prosecution_restarts() -> None:
    # Đ.174 k2: VKS return received 1/6/2026 -> 2 months -> 1/8 (Sat) -> 3/8.
    # Đ.240 after supplementary investigation: NT 20 days from 20/7 -> 9/8 (Sun), kept:
    # Đ.134 k1 "Khi tính thời hạn theo ngày thì thời hạn sẽ hết vào lúc 24 giờ ngày cuối cùng".
    case = crim("serious", ("case_instituted", "2026-01-05", {}),
                ("investigation_concluded", "2026-04-01", {}),
                ("returned_for_investigation", "2026-06-01", {"by": "procuracy"}))
    assert only(evaluate_case(case, D(2026, 6, 2)), "BLTTHS-174-2")["due"] == "2026-08-03"
    case["events"].append({"type": "supplementary_investigation_concluded", "date": "2026-07-20"})
    assert only(evaluate_case(case, D(2026, 7, 21)), "BLTTHS-240")["due"] == "2026-08-09"


def test_events_out_of_order_are_an_error_and_batch_continues() -> None:
    bad = crim("serious", ("investigation_extended", "2026-01-05", {"months": 1}))
    unknown = crim("serious", ("case_instituted", "2026-01-05", {}), ("teleported", "2026-02-01", {}))
    good = crim("serious", ("case_instituted", "2026-01-05", {}))
    results = list(evaluate_cases([bad, unknown, good], D(2026, 2, 1)))
    assert [r["status"] for r in results] == ["error", "error", "on_time"]
    assert "không có thời hạn nào đang chạy" in results[0]["errors"][0]
    assert "loại sự kiện không xác định 'teleported'" in results[1]["errors"][0]


def test_extension_beyond_cap_is_a_case_error() -> None:
    # BLTTHS Đ.240: NT prosecution may be extended by at most 10 days.
    case = crim("serious", ("case_instituted", "2026-01-05", {}),
                ("investigation_concluded", "2026-03-02", {}),
                ("prosecution_extended", "2026-03-15", {"days": 15}))
    result = evaluate_case(case, D(2026, 3, 20))
    assert result["status"] == "error"
    assert "vượt quá mức tối đa 10 ngày" in result["errors"][0]


def test_detention_per_accused_never_rolls() -> None:
    # BLTTHS Đ.173: ÍNT 2 custody months from 1/3/2026, first day counted -> 29/4; +1 -> 29/5.
    case = crim("less_serious", ("case_instituted", "2026-03-01", {}),
                ("detention_ordered", "2026-03-01", {"person": "A"}),
                ("detention_ordered", "2026-03-10", {"person": "B"}),
                ("detention_extended", "2026-04-15", {"person": "A", "months": 1}))
    result = evaluate_case(case, D(2026, 4, 20))
    custody = {o["subject"]: o["due"] for o in result["open_obligations"] if o["kind"] == "detention"}
    assert custody == {"A": "2026-05-29", "B": "2026-05-08"}


def test_enforcement_chain() -> None:
    # THADS Đ.45: 10 days from 5/1/2026 -> 15/1; Đ.44: verify within 10 days -> 25/1 (Sun) -> 26/1.
    case = {"id": "THA-1", "procedure": "enforcement", "events": [
        {"type": "enforcement_decision_received", "date": "2026-01-05"}]}
    ob = only(evaluate_case(case, D(2026, 1, 20)), "THADS-44")
    assert (ob["start"], ob["due"], ob["status"]) == ("2026-01-15", "2026-01-26", "due_soon")
    case["events"].append({"type": "conditions_verified", "date": "2026-01-20", "able": False})
    assert only(evaluate_case(case, D(2026, 1, 21)), "THADS-44-REVERIFY")["due"] == "2026-07-20"


def test_no_periodic_reverification_after_two_unable_verifications() -> None:
    # THADS Đ.44 k2: unable on 20/1/2026 -> re-verify within 6 months (20/7); unable again on
    # 15/6 (the second verification): the creditor is told, and re-verification follows
    # only new information, so the clock ends on time and no new one opens.
    case = {"id": "THA-2", "procedure": "enforcement", "events": [
        {"type": "enforcement_decision_received", "date": "2026-01-05"},
        {"type": "conditions_verified", "date": "2026-01-20", "able": False},
        {"type": "conditions_verified", "date": "2026-06-15", "able": False}]}
    result = evaluate_case(case, D(2026, 12, 1))
    assert result["errors"] == []
    reverify = [o for o in result["open_obligations"] + result["closed_obligations"]
                if o["rule"] == "THADS-44-REVERIFY"]
    assert [(o["start"], o["due"]) for o in reverify] == [("2026-01-20", "2026-07-20")]
    assert not [o for o in result["open_obligations"] if o["rule"] == "THADS-44-REVERIFY"]


def test_flag_suspended_ground_ended() -> None:
    case = {"id": "DS-2", "procedure": "civil", "case_kind": "business_labour", "events": [
        {"type": "accepted", "date": "2026-01-05"},
        {"type": "evidence_requested", "date": "2026-01-10", "ref": "YC-1"},
        {"type": "suspended", "date": "2026-03-01", "ground": "evidence", "ground_ref": "YC-1"},
        {"type": "evidence_received", "date": "2026-04-01", "ref": "YC-1"}]}
    assert "suspended_ground_ended" not in evaluate_case(case, D(2026, 3, 15))["flags"]
    assert "suspended_ground_ended" in evaluate_case(case, D(2026, 4, 2))["flags"]


def test_flag_extension_request_due() -> None:
    # BLTTHS Đ.172 k2: the request must reach the VKS 10 days before 10/6/2026.
    case = crim("serious", ("case_instituted", "2026-03-10", {}))
    assert "extension_request_due" not in evaluate_case(case, D(2026, 5, 1))["flags"]
    assert "extension_request_due" in evaluate_case(case, D(2026, 5, 30))["flags"]


def test_flags_backlog_and_prolonged() -> None:
    case = crim("serious", ("case_instituted", "2025-01-05", {}),
                ("investigation_concluded", "2025-04-01", {}), ("indicted", "2025-04-15", {}),
                ("closed", "2026-02-01", {"reason": "judgment in force"}))
    result = evaluate_case(case, D(2026, 3, 1), period_end=D(2025, 3, 31))
    assert result["status"] == "closed"
    assert result["flags"] == ["backlog", "prolonged"]  # open on 31/3/2025; 420 days old
    assert evaluate_case(case, D(2026, 3, 1), period_end=D(2025, 4, 30))["flags"] == ["prolonged"]


def test_explain_names_the_counting_rule_for_days() -> None:
    # BLTTHS Đ.277 k1: ÍNT 30 days from 31/3/2026 ends on 30/4, + 10 days = Sun 10/5, kept
    # (Đ.134 k1: a limit in days ends on its last day even if that day is off).
    case = {"id": "HS-9", "procedure": "criminal", "category": "less_serious",
            "events": [{"type": "accepted", "date": "2026-03-31"},
                       {"type": "preparation_extended", "date": "2026-04-20", "days": 10}]}
    explanation = explain_case(case, D(2026, 4, 21))
    text = explanation.text_vi()
    assert "căn cứ BLTTHS 2015 Điều 277 khoản 1\n" in text  # k1 has no points
    assert "Gia hạn lần 1 ngày 20/04/2026: thêm 10 ngày" in text
    assert ("tính theo Điều 134 khoản 1 BLTTHS: hạn tính bằng ngày kết thúc vào 24 giờ ngày "
            "cuối cùng dù là ngày nghỉ") in text
    assert "Hạn hiện tại 10/05/2026" in text
    kinds = [s.kind for s in explanation.clocks[0].steps]
    assert kinds[:4] == ["rule", "start", "base", "extension"]


def test_explain_holidays_text() -> None:
    # BLTTHS Đ.174 k2: court return 1 month from 30/3/2026 -> 30/4; a limit in months moves
    # (Đ.134 k1: "nếu thời hạn hết vào ngày nghỉ thì ngày làm việc đầu tiên tiếp theo ...").
    case = {"id": "HS-9", "procedure": "criminal", "category": "serious",
            "events": [{"type": "case_instituted", "date": "2026-01-05"},
                       {"type": "investigation_concluded", "date": "2026-02-01"},
                       {"type": "indicted", "date": "2026-02-15"},
                       {"type": "returned_for_investigation", "date": "2026-03-30", "by": "court"}]}
    text = explain_case(case, D(2026, 4, 1)).text_vi()
    assert "hạn tính bằng tháng hết vào ngày nghỉ thì ngày làm việc đầu tiên tiếp theo" in text
    assert "30/4 và 1/5 là ngày lễ, 2-3/5 là ngày nghỉ cuối tuần" in text
    assert "04/05/2026" in text


def test_days_to_max_due_matches_the_contract_example() -> None:
    # CONTRACTS.md §1: due 10/9/2026, max_due 10/11/2026; on 26/11 -77 to due, -16 to max.
    case = crim("serious", ("case_instituted", "2026-03-10", {}),
                ("investigation_extended", "2026-06-01", {"months": 3}))
    ob = only(evaluate_case(case, D(2026, 11, 26)), "BLTTHS-172")
    assert (ob["days_left"], ob["days_to_max_due"]) == (-77, -16)


def test_closed_obligations_show_what_was_met_late() -> None:
    # BLTTHS Đ.172 k1b: NT 3 months from 10/3/2026 -> 10/6; concluded 15/6 is late.
    # Đ.240: 20 days from 15/6 -> 5/7 (Sun), kept (Đ.134 k1: days); indicted 1/7 is on time.
    case = crim("serious", ("case_instituted", "2026-03-10", {}),
                ("investigation_concluded", "2026-06-15", {}), ("indicted", "2026-07-01", {}))
    result = evaluate_case(case, D(2026, 7, 2))
    assert result["open_obligations"] == []
    done = {o["rule"]: (o["due"], o["done"], o["done_status"], o["status"])
            for o in result["closed_obligations"]}
    assert done == {"BLTTHS-172": ("2026-06-10", "2026-06-15", "done_late", "closed"),
                    "BLTTHS-240": ("2026-07-05", "2026-07-01", "done_on_time", "closed")}


def test_restarted_clock_is_not_a_closed_obligation() -> None:
    # BLTTDS Đ.203 k1: the suspended preparation restarts in full; the first run is not "done".
    case = {"id": "DS-1", "procedure": "civil", "case_kind": "civil_family", "events": [
        {"type": "accepted", "date": "2026-01-05"},
        {"type": "suspended", "date": "2026-03-01", "ground": "evidence"},
        {"type": "resumed", "date": "2026-06-15"}]}
    assert evaluate_case(case, D(2026, 7, 1))["closed_obligations"] == []
