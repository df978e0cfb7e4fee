"""Only lawful events are recorded (issue 8, item 2): `core.law.lawful`.

Each case is hand-computed from the article it cites; limits are read from the rule files
(and checked against the hand-computed figure) so that a corrected rule file moves the
test with it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from congminh.core.law.evaluate import Engine, evaluate_case
from congminh.core.law.events import EVENT_TYPES
from congminh.core.law.lawful import Refusal, history_problems, refusals
from congminh.core.law.rules import Duration, Limit

ENGINE = Engine.default()


def _limit(rule_id: str, on: date, **context: Any) -> tuple[str, Limit]:
    """(rule title, the limit row for `context`) as the rule file says on `on`."""
    rule = ENGINE.rules.get(rule_id, on)
    index = rule.select(context)
    assert index is not None
    return rule.title, rule.limits[index]


def _case(procedure: str, events: list[tuple[str, str, dict[str, Any]]], **fields: Any) -> dict[str, Any]:
    return {"id": "T-1", "procedure": procedure, **fields,
            "events": [{"type": t, "date": d, **data} for t, d, data in events]}


def _event(type_: str, day: str, **details: Any) -> dict[str, Any]:
    return {"type": type_, "date": day, "details": details}


# A criminal case of a serious crime brought to trial on 01/04/2026.
CRIMINAL_AT_TRIAL = _case("criminal", [
    ("case_instituted", "2026-01-05", {}),
    ("investigation_concluded", "2026-03-02", {}),
    ("indicted", "2026-03-12", {}),
    ("accepted", "2026-03-16", {}),
    ("brought_to_trial", "2026-04-01", {}),
], category="serious")
# A civil (family) case brought to trial on 01/04/2026.
CIVIL_AT_TRIAL = _case("civil", [
    ("accepted", "2026-01-05", {}),
    ("brought_to_trial", "2026-04-01", {}),
], case_kind="civil_family")


# -- extensions over the cap (the engine, with the rule files' limits) --------------------

def test_criminal_hearing_delay_of_nine_months_is_refused_with_the_30_day_limit() -> None:
    # BLTTHS 2015 Đ.277 k3 (rule BLTTHS-277-HEARING): the hearing opens within 15 days of
    # the decision to bring the case to trial, 30 days for force majeure, i.e. one
    # extension of at most 15 days. 15 + 15 = 30 days; 9 months is far over it.
    title, limit = _limit("BLTTHS-277-HEARING", date(2026, 4, 1))
    assert (limit.duration, [t.max for t in limit.extensions]) == (
        Duration(15, "days"), [Duration(15, "days")])
    total = limit.duration.length + limit.extensions[0].max.length
    assert total == 30
    citation = limit.extensions[0].citation.text()
    assert citation == "BLTTHS 2015 Điều 277 khoản 3"

    found = refusals(CRIMINAL_AT_TRIAL, _event("hearing_extended", "2026-04-10", months=9))

    assert len(found) == 1
    refusal = found[0]
    assert (refusal.code, refusal.rule, refusal.citation) == (
        "over_cap", "BLTTHS-277-HEARING", citation)
    assert refusal.message.startswith(
        f"Thời hạn mở phiên tòa sơ thẩm không quá {total} ngày kể cả gia hạn ({citation}): ")
    assert "gia hạn lần thứ 1 ngày 10/04/2026 là 9 tháng, vượt quá mức tối đa 15 ngày" in refusal.message
    assert title == "Thời hạn mở phiên tòa sơ thẩm (hình sự)"


def test_criminal_hearing_delay_is_capped_at_the_extension_tier() -> None:
    # Same article: the one extension is at most 15 days, so 16 days is refused and 15 days
    # (the hearing then opens by 01/05/2026, 30 days after 01/04/2026) is lawful.
    _, limit = _limit("BLTTHS-277-HEARING", date(2026, 4, 1))
    cap = limit.extensions[0].max.length
    assert cap == 15
    over = refusals(CRIMINAL_AT_TRIAL, _event("hearing_extended", "2026-04-10", days=cap + 1))
    assert [r.code for r in over] == ["over_cap"]
    assert refusals(CRIMINAL_AT_TRIAL, _event("hearing_extended", "2026-04-10", days=cap)) == []


def test_civil_hearing_delay_of_two_months_is_refused_and_twenty_days_accepted() -> None:
    # BLTTDS 2015 Đ.203 k4 (rule BLTTDS-203-HEARING): the hearing opens within 1 month of the
    # decision, 2 months for a good reason: one extension of at most 1 month. 2 months is
    # over it; 20 days (from 01/05/2026 to 21/05/2026) is within it.
    _, limit = _limit("BLTTDS-203-HEARING", date(2026, 4, 1))
    assert (limit.duration, limit.extensions[0].max) == (Duration(1, "months"), Duration(1, "months"))
    citation = limit.extensions[0].citation.text()
    assert citation == "BLTTDS 2015 Điều 203 khoản 4"

    found = refusals(CIVIL_AT_TRIAL, _event("hearing_extended", "2026-04-20", months=2))
    assert [(r.code, r.rule, r.citation) for r in found] == [
        ("over_cap", "BLTTDS-203-HEARING", citation)]
    assert found[0].message.startswith(
        f"Thời hạn mở phiên tòa sơ thẩm không quá 2 tháng kể cả gia hạn ({citation}): ")

    assert refusals(CIVIL_AT_TRIAL, _event("hearing_extended", "2026-04-20", days=20)) == []


def test_investigation_extension_over_its_tier_names_the_limit_and_the_clause() -> None:
    # BLTTHS 2015 Đ.172 k1 b, k2 b: serious crime, 3 months, extended twice, by at most
    # 3 then 2 months: 8 months in all. A second extension of 3 months is over the cap.
    _, limit = _limit("BLTTHS-172", date(2026, 1, 5), category="serious", national_security=False)
    assert [t.max for t in limit.extensions] == [Duration(3, "months"), Duration(2, "months")]
    citation = limit.extensions[1].citation.text()
    assert citation == "BLTTHS 2015 Điều 172 khoản 2 điểm b"
    case = _case("criminal", [
        ("case_instituted", "2026-01-05", {}),
        ("investigation_extended", "2026-03-25", {"months": 3}),
    ], category="serious")

    found = refusals(case, _event("investigation_extended", "2026-06-25", months=3))

    assert [(r.code, r.rule, r.citation) for r in found] == [("over_cap", "BLTTHS-172", citation)]
    assert found[0].message == (
        f"Thời hạn điều tra không quá 8 tháng kể cả gia hạn ({citation}): gia hạn lần thứ 2 "
        "ngày 25/06/2026 là 3 tháng, vượt quá mức tối đa 2 tháng của lần gia hạn này.")
    assert refusals(case, _event("investigation_extended", "2026-06-25", months=2)) == []


def test_one_extension_too_many_is_refused() -> None:
    # BLTTHS 2015 Đ.172 k2 a: a less serious crime's investigation is extended once only
    # (2 + 2 = 4 months).
    case = _case("criminal", [
        ("case_instituted", "2026-01-05", {}),
        ("investigation_extended", "2026-02-25", {"months": 2}),
    ], category="less_serious")
    found = refusals(case, _event("investigation_extended", "2026-04-25", months=1))
    assert [(r.code, r.rule, r.citation) for r in found] == [
        ("over_cap", "BLTTHS-172", "BLTTHS 2015 Điều 172 khoản 2 điểm a")]
    assert "không quá 4 tháng kể cả gia hạn" in found[0].message
    assert "là lần thứ 2, vượt quá giới hạn: chỉ được gia hạn 1 lần" in found[0].message


# -- prerequisites and stage ---------------------------------------------------------------

@pytest.mark.parametrize("case", [CRIMINAL_AT_TRIAL, CIVIL_AT_TRIAL], ids=["criminal", "civil"])
def test_appellate_extension_on_a_first_instance_case_is_refused(case: dict[str, Any]) -> None:
    # BLTTDS 2015 Đ.286 k1 (and the criminal appellate limits, BLTTHS Đ.346): appellate
    # preparation runs from the appellate court's receipt of the file; there is none.
    found = refusals(case, _event("appeal_extended", "2026-04-10", months=1))
    assert [r.code for r in found] == ["missing_prerequisite"]
    message = found[0].message
    assert message.startswith("Không thể ghi «Gia hạn chuẩn bị xét xử phúc thẩm» ngày 10/04/2026")
    assert "«Tòa phúc thẩm nhận hồ sơ kháng cáo, kháng nghị»" in message


def test_appellate_extension_after_the_appeal_is_received_is_lawful() -> None:
    # BLTTDS 2015 Đ.286 k1: 2 months from the receipt of the file, extended by at most 1 month.
    case = _case("civil", [
        ("accepted", "2026-01-05", {}),
        ("brought_to_trial", "2026-04-01", {}),
        ("judgment_pronounced", "2026-04-20", {}),
        ("appeal_received", "2026-05-25", {"court": "provincial"}),
    ], case_kind="civil_family")
    assert refusals(case, _event("appeal_extended", "2026-07-10", months=1)) == []


def test_detention_before_any_institution_is_refused() -> None:
    # BLTTHS 2015 Đ.119: tạm giam applies to a bị can or bị cáo only, so the case must have
    # been instituted (here only a crime report was received).
    case = _case("criminal", [("report_received", "2026-01-05", {})], category="serious")
    found = refusals(case, _event("detention_ordered", "2026-01-06", person="Nguyễn Văn A"))
    assert [(r.code, r.citation) for r in found] == [("missing_prerequisite", "BLTTHS 2015 Điều 119")]
    assert "«Khởi tố vụ án»" in found[0].message
    assert found[0].message.endswith("(BLTTHS 2015 Điều 119).")


def test_detention_in_a_case_the_court_recorded_from_its_acceptance_is_lawful() -> None:
    # Đ.119 again: a case the court accepted was instituted; the court's record starts there.
    case = _case("criminal", [("accepted", "2026-03-02", {})], category="serious")
    assert refusals(case, _event("detention_ordered", "2026-03-05", person="A",
                                 custody_stage="trial")) == []


def test_indictment_before_the_investigation_is_concluded_is_refused() -> None:
    # BLTTHS 2015 Đ.240: the procuracy decides on prosecution after receiving the file and
    # the investigation's conclusion (rule BLTTHS-240 starts on investigation_concluded).
    case = _case("criminal", [("case_instituted", "2026-01-05", {})], category="serious")
    found = refusals(case, _event("indicted", "2026-02-01"))
    assert [(r.code, r.rule, r.citation) for r in found] == [
        ("missing_prerequisite", "BLTTHS-240", "BLTTHS 2015 Điều 240")]
    assert "«Kết thúc điều tra, hồ sơ chuyển Viện kiểm sát»" in found[0].message


def test_hearing_opened_before_the_case_is_brought_to_trial_is_refused() -> None:
    # BLTTHS 2015 Đ.277 k3: the court opens the hearing within 15 days of the decision to
    # bring the case to trial (rule BLTTHS-277-HEARING starts on brought_to_trial); a case
    # only accepted has no such decision, so no hearing can open.
    case = _case("criminal", [
        ("case_instituted", "2026-01-05", {}),
        ("investigation_concluded", "2026-03-02", {}),
        ("indicted", "2026-03-12", {}),
        ("accepted", "2026-03-16", {}),
    ], category="serious")
    found = refusals(case, _event("hearing_opened", "2026-03-20"))
    assert [(r.code, r.rule) for r in found] == [("missing_prerequisite", "BLTTHS-277-HEARING")]
    assert found[0].message.startswith("Không thể ghi «Mở phiên tòa» ngày 20/03/2026")
    assert "«Quyết định đưa vụ án ra xét xử»" in found[0].message
    # After the decision (01/04/2026) the opening is lawful, and so is a reopening after a
    # postponement (BLTTHS Đ.297 k2).
    assert refusals(CRIMINAL_AT_TRIAL, _event("hearing_opened", "2026-04-10")) == []
    postponed = {**CRIMINAL_AT_TRIAL, "events": [
        *CRIMINAL_AT_TRIAL["events"], {"type": "hearing_postponed", "date": "2026-04-10"}]}
    assert refusals(postponed, _event("hearing_opened", "2026-05-04")) == []


def test_a_prerequisite_dated_after_the_event_does_not_count() -> None:
    # The investigation concluded on 01/03/2026: an indictment dated 20/02/2026 precedes it.
    case = _case("criminal", [
        ("case_instituted", "2026-01-05", {}),
        ("investigation_concluded", "2026-03-01", {}),
    ], category="serious")
    assert [r.code for r in refusals(case, _event("indicted", "2026-02-20"))] == [
        "missing_prerequisite"]
    assert refusals(case, _event("indicted", "2026-03-10")) == []


def test_a_resumption_needs_a_suspension_not_yet_resumed() -> None:
    case = _case("civil", [
        ("accepted", "2026-01-05", {}),
        ("suspended", "2026-02-01", {"ground": "expertise"}),
    ], case_kind="civil_family")
    assert refusals(case, _event("resumed", "2026-03-01")) == []
    resumed = {**case, "events": [*case["events"], {"type": "resumed", "date": "2026-03-01"}]}
    assert [r.code for r in refusals(resumed, _event("resumed", "2026-03-05"))] == [
        "missing_prerequisite"]


def test_an_answer_needs_the_request_with_the_same_ref() -> None:
    case = _case("civil", [
        ("accepted", "2026-01-05", {}),
        ("expertise_ordered", "2026-01-20", {"ref": "GD-1"}),
    ], case_kind="civil_family")
    assert refusals(case, _event("expertise_result_received", "2026-02-20", ref="GD-1")) == []
    found = refusals(case, _event("expertise_result_received", "2026-02-20", ref="GD-2"))
    assert [r.code for r in found] == ["missing_prerequisite"]
    assert "'ref' = GD-2" in found[0].message


def test_an_event_fitting_no_running_clock_is_the_wrong_stage() -> None:
    # BLTTHS 2015 Đ.240: after the indictment no prosecution clock runs any more, so a
    # prosecution extension has nothing to extend (its prerequisite is there).
    case = _case("criminal", [
        ("case_instituted", "2026-01-05", {}),
        ("investigation_concluded", "2026-03-02", {}),
        ("indicted", "2026-03-12", {}),
    ], category="serious")
    found = refusals(case, _event("prosecution_extended", "2026-03-20", days=5))
    assert [r.code for r in found] == ["wrong_stage"]
    assert "không phù hợp với giai đoạn hiện tại" in found[0].message


# -- the event alone -----------------------------------------------------------------------

def test_an_event_of_another_procedure_is_refused() -> None:
    # `conditions_verified` belongs to civil judgment enforcement (Luật THADS Đ.44).
    found = refusals(CRIMINAL_AT_TRIAL, _event("conditions_verified", "2026-04-10", able=True))
    assert found == [Refusal(
        "wrong_procedure",
        "Sự kiện «Xác minh điều kiện thi hành án» không dùng cho vụ việc hình sự; sự kiện này "
        "chỉ thuộc thủ tục thi hành án dân sự.")]


def test_unknown_type_bad_date_and_bad_details_are_refused() -> None:
    assert [r.code for r in refusals(CIVIL_AT_TRIAL, _event("teleported", "2026-04-10"))] == [
        "unknown_event"]
    assert [r.code for r in refusals(CIVIL_AT_TRIAL, _event("judgment_pronounced", "10/04/2026"))] == [
        "bad_details"]
    found = refusals(CIVIL_AT_TRIAL, _event("appeal_received", "2026-05-10", court="district"))
    assert [r.code for r in found] == ["bad_details"]
    assert "trường 'court' phải là một trong: provincial, supreme_appellate" in found[0].message


def test_dates_and_flat_details_are_accepted_too() -> None:
    flat = {"type": "hearing_extended", "date": date(2026, 4, 10), "days": 20}
    assert refusals(CIVIL_AT_TRIAL, flat) == []


def test_every_requirement_names_known_events_of_a_shared_procedure() -> None:
    for code, spec in EVENT_TYPES.items():
        if spec.requires is None:
            continue
        assert spec.requires.any_of and spec.requires.why, code
        for needed in spec.requires.any_of:
            assert needed in EVENT_TYPES, (code, needed)
            assert spec.procedures & EVENT_TYPES[needed].procedures, (code, needed)


# -- a whole lawful case -------------------------------------------------------------------

NORMAL_CRIMINAL: list[tuple[str, str, dict[str, Any]]] = [
    # BLTTHS 2015, a serious crime (category "serious"), from report to appeal.
    ("report_received", "2026-01-02", {}),                   # Đ.147 k1: 20 days
    ("case_instituted", "2026-01-12", {}),                   # Đ.172 k1 b: 3 months
    ("detention_ordered", "2026-01-13", {"person": "A"}),    # Đ.173 k2 b: 3 months
    ("investigation_extended", "2026-03-30", {"months": 3}),  # Đ.172 k2 b: 1st tier ≤ 3 months
    ("detention_extended", "2026-04-01", {"person": "A", "months": 2}),  # Đ.173 k3 b: ≤ 2 months
    ("investigation_concluded", "2026-06-01", {}),           # Đ.240: 20 days
    ("detention_ordered", "2026-06-01", {"person": "A"}),    # Đ.241: no longer than Đ.240
    ("prosecution_extended", "2026-06-18", {"days": 10}),    # Đ.240: ≤ 10 days
    ("indicted", "2026-06-30", {}),
    ("accepted", "2026-07-06", {}),                          # Đ.277 k1 b: 45 days
    ("detention_ordered", "2026-07-06", {"person": "A"}),    # Đ.278: no longer than Đ.277
    ("preparation_extended", "2026-08-14", {"days": 15}),    # Đ.277 k1: ≤ 15 days
    ("brought_to_trial", "2026-08-28", {}),                  # Đ.277 k3: 15 days
    ("hearing_extended", "2026-09-10", {"days": 10}),        # Đ.277 k3: ≤ 15 days
    ("judgment_pronounced", "2026-09-20", {}),
    ("appeal_lodged", "2026-09-25", {}),
    ("appeal_received", "2026-10-20", {"court": "provincial"}),  # Đ.346 k1 a: 60 days
    ("judgment_pronounced", "2026-12-01", {}),
    ("closed", "2026-12-01", {}),
]


def test_a_normal_criminal_case_is_accepted_step_by_step() -> None:
    history: list[dict[str, Any]] = []
    case = {"id": "HS-1", "procedure": "criminal", "category": "serious",
            "national_security": False, "events": history}
    for type_, day, details in NORMAL_CRIMINAL:
        assert refusals(case, {"type": type_, "date": day, "details": details}) == [], (type_, day)
        history.append({"type": type_, "date": day, **details})
    assert evaluate_case(case, date(2026, 12, 31))["status"] == "closed"
    assert history_problems(case) == []


# -- history_problems ----------------------------------------------------------------------

def test_history_problems_finds_the_bad_events() -> None:
    events = [{"type": t, "date": d, **data} for t, d, data in [
        ("accepted", "2026-01-05", {}),
        ("brought_to_trial", "2026-04-01", {}),
        ("hearing_extended", "2026-04-10", {"months": 9}),   # BLTTDS Đ.203 k4: ≤ 1 month
        ("judgment_pronounced", "2026-05-10", {}),
        ("appeal_extended", "2026-05-20", {"months": 1}),   # no appeal received
    ]]
    case: dict[str, Any] = {"id": "DS-9", "procedure": "civil", "case_kind": "civil_family",
                            "events": events}
    assert evaluate_case(case, date(2026, 6, 1))["status"] == "error"

    problems = history_problems(case)

    assert [(i, r.code) for i, r in problems] == [(2, "over_cap"), (4, "missing_prerequisite")]
    assert problems[0][1].citation == "BLTTDS 2015 Điều 203 khoản 4"
    # Without them the case evaluates again.
    kept = {**case, "events": [e for i, e in enumerate(events) if i not in (2, 4)]}
    assert evaluate_case(kept, date(2026, 6, 1))["status"] != "error"


def test_history_problems_uses_the_engine_order_not_the_list_order() -> None:
    # Listed last but dated first: the indictment precedes the investigation's conclusion.
    case = _case("criminal", [
        ("case_instituted", "2026-01-05", {}),
        ("investigation_concluded", "2026-03-01", {}),
        ("indicted", "2026-02-20", {}),
    ], category="serious")
    assert [(i, r.code) for i, r in history_problems(case)] == [(2, "missing_prerequisite")]


def test_history_problems_of_a_clean_history_is_empty() -> None:
    assert history_problems(CRIMINAL_AT_TRIAL) == []
    assert history_problems(CIVIL_AT_TRIAL) == []


def test_an_appellate_record_may_start_with_the_file_received() -> None:
    """An appellate court's own record starts when it receives the file (BLTTHS Đ.344,
    BLTTDS Đ.285): lawful as the first event; after an investigation with no judgment it is
    still refused."""
    from congminh.core.law.lawful import refusals

    civil = {"procedure": "civil", "case_kind": "civil_family", "events": []}
    event = {"type": "appeal_received", "date": "2026-03-04", "court": "provincial"}
    assert refusals(civil, event) == []
    civil["events"] = [{"type": "accepted", "date": "2026-01-05"}]
    assert [r.code for r in refusals(civil, event)] == ["missing_prerequisite"]


def test_bringing_to_trial_again_after_the_judgment_needs_an_appeal_or_a_new_acceptance() -> None:
    # The decision to bring a case to trial closes a preparation: the first instance's, from
    # the acceptance (BLTTDS 2015 Đ.203), or the appellate one, from the receipt of the file
    # (Đ.286). After the judgment that ended the first trial there is none to close.
    judged = _case("civil", [
        ("accepted", "2026-01-05", {}),
        ("brought_to_trial", "2026-04-01", {}),
        ("judgment_pronounced", "2026-04-20", {}),
    ], case_kind="civil_family")
    found = refusals(judged, _event("brought_to_trial", "2026-05-04"))
    assert [r.code for r in found] == ["missing_prerequisite"]
    assert found[0].message.startswith(
        "Không thể ghi «Quyết định đưa vụ án ra xét xử» ngày 04/05/2026: sau «Tuyên án» "
        "ngày 20/04/2026 hồ sơ chưa có «Tòa án thụ lý (sơ thẩm)» hoặc «Tòa phúc thẩm nhận hồ sơ "
        "kháng cáo, kháng nghị» mới.")
    appealed = {**judged, "events": [*judged["events"],
                                     {"type": "appeal_received", "date": "2026-05-25", "court": "provincial"}]}
    assert refusals(appealed, _event("brought_to_trial", "2026-06-10")) == []
    # a retrial after the judgment was set aside starts with a new acceptance
    retried = {**judged, "events": [*judged["events"], {"type": "accepted", "date": "2026-09-01"}]}
    assert refusals(retried, _event("brought_to_trial", "2026-10-01")) == []
    # and a second decision before any judgment (after a postponement) stays lawful
    assert refusals(CIVIL_AT_TRIAL, _event("brought_to_trial", "2026-04-15")) == []
