"""Rules that change with the law: Luật THADS 2008 -> Luật THADS 106/2025/QH15 on 01/7/2026.

A clock uses the rule version in force on the day of the event that starts it. The
106/2025 versions carry the 2008/2014 durations over until a lawyer checks the new text
[M], so the due dates are the same; only the basis (and the confidence) differ.
"""

from datetime import date
from typing import Any

from congminh.core.law import evaluate_case
from congminh.core.law.explain import explain_case
from congminh.core.law.rules import default_rules

D = date
AS_OF = D(2026, 11, 26)
NEW_BASIS = "Luật THADS 106/2025/QH15, chưa xác định số điều"


def tha(*events: tuple[str, str, dict[str, Any]]) -> dict[str, Any]:
    return {"id": "THA-9", "procedure": "enforcement",
            "events": [{"type": t, "date": d, **f} for t, d, f in events]}


def by_rule(result: dict[str, Any]) -> dict[str, dict[str, Any]]:
    assert result["errors"] == [], result["errors"]
    return {o["rule"]: o for o in result["open_obligations"] + result["closed_obligations"]}


def test_case_received_after_the_change_uses_the_new_law() -> None:
    # 10 days from 20/11/2026 -> 30/11 (Mon); verification 10 days from 30/11 -> 10/12 (Thu).
    obs = by_rule(evaluate_case(tha(("enforcement_decision_received", "2026-11-20", {})), AS_OF))
    assert (obs["THADS-45"]["due"], obs["THADS-44"]["start"], obs["THADS-44"]["due"]) == (
        "2026-11-30", "2026-11-30", "2026-12-10")
    assert obs["THADS-45"]["basis"] == obs["THADS-44"]["basis"] == NEW_BASIS


def test_case_received_before_the_change_keeps_the_2008_law() -> None:
    # 10 days from 20/6/2026 -> 30/6; the verification clock starts on 30/6 and runs into
    # July, still under the 2008 version (chosen by the day of the decision's receipt).
    obs = by_rule(evaluate_case(tha(("enforcement_decision_received", "2026-06-20", {})), AS_OF))
    assert (obs["THADS-44"]["start"], obs["THADS-44"]["due"]) == ("2026-06-30", "2026-07-10")
    assert obs["THADS-44"]["basis"] == "Luật THADS 2008 Điều 44 khoản 1"


def test_same_durations_on_both_sides_of_the_change() -> None:
    rules = default_rules()
    for rule_id in ("THADS-44", "THADS-44-REVERIFY", "THADS-45", "THADS-142"):
        old, new = rules.versions_of(rule_id)
        assert (old.valid_to, new.valid_from, new.valid_to) == (D(2026, 6, 30), D(2026, 7, 1), None)
        assert [(lim.when, lim.duration) for lim in old.limits] == [
            (lim.when, lim.duration) for lim in new.limits]
        assert new.confidence == "M" and new.citation.article is None
        assert "106/2025/QH15" in new.citation.text()


def test_a_later_event_of_an_old_case_starts_a_clock_under_the_new_law() -> None:
    # Decision in June (2008 law); found unable to pay on 15/7/2026: the re-verification
    # clock starts after the change, so it follows 106/2025 (6 months -> 15/1/2027).
    case = tha(("enforcement_decision_received", "2026-06-20", {}),
               ("conditions_verified", "2026-07-15", {"able": False}))
    obs = by_rule(evaluate_case(case, AS_OF))
    assert obs["THADS-44"]["basis"] == "Luật THADS 2008 Điều 44 khoản 1"
    assert obs["THADS-44-REVERIFY"]["due"] == "2027-01-15"
    assert obs["THADS-44-REVERIFY"]["basis"] == NEW_BASIS


def test_complaint_after_the_change() -> None:
    obs = by_rule(evaluate_case(tha(("complaint_received", "2026-11-02", {"ref": "KN-1"})), AS_OF))
    assert (obs["THADS-142"]["due"], obs["THADS-142"]["basis"]) == ("2026-11-17", NEW_BASIS)


def test_explain_names_the_law_applied_and_why() -> None:
    new = explain_case(tha(("enforcement_decision_received", "2026-11-20", {})), AS_OF)
    rule_step = new.clocks[0].steps[0]
    assert rule_step.kind == "rule"
    assert rule_step.text.startswith(f"Quy tắc THADS-45: Thời hạn tự nguyện thi hành án, căn cứ {NEW_BASIS}")
    assert ("Áp dụng Luật THADS 106/2025/QH15 (quy định có hiệu lực từ ngày 01/07/2026) vì sự kiện "
            "làm phát sinh thời hạn xảy ra trong khoảng đó; Luật THADS 2008 áp dụng đến ngày "
            "30/06/2026") in rule_step.text
    assert "chờ đối chiếu văn bản Luật THADS 106/2025/QH15 [M]" in rule_step.text
    assert rule_step.data["law"] == "Luật THADS 106/2025/QH15"
    assert (rule_step.data["valid_from"], rule_step.data["valid_to"]) == ("2026-07-01", None)
    assert rule_step.data["confidence"] == "M"

    old = explain_case(tha(("enforcement_decision_received", "2026-06-20", {})), AS_OF)
    text = old.text_vi()
    assert ("Áp dụng Luật THADS 2008 (quy định có hiệu lực từ ngày 01/07/2015 đến ngày 30/06/2026)"
            in text)
    assert "Luật THADS 106/2025/QH15 áp dụng từ ngày 01/07/2026" in text


def test_rules_with_one_version_say_nothing_about_versions() -> None:
    case = {"id": "HS-1", "procedure": "criminal", "category": "serious",
            "events": [{"type": "case_instituted", "date": "2026-03-10"}]}
    step = explain_case(case, AS_OF).clocks[0].steps[0]
    assert step.text == "Quy tắc BLTTHS-172: Thời hạn điều tra, căn cứ BLTTHS 2015 Điều 172 khoản 1"


def test_expertise_keeps_the_2020_law_until_105_2025_is_checked() -> None:
    # Luật GĐTP 105/2025/QH15: effective date and limits unconfirmed (only a draft) [M]; the
    # 2020 limits stay in force with no end date rather than invented ones.
    rules = default_rules()
    for rule_id in ("GDTP-26A", "GDTP-26A-REFUSAL"):
        (rule,) = rules.versions_of(rule_id)
        assert rule.valid_to is None
    case = {"id": "DS-5", "procedure": "civil", "case_kind": "civil_family", "events": [
        {"type": "accepted", "date": "2026-08-03"},
        {"type": "expertise_ordered", "date": "2026-08-10", "ref": "GD-1"}]}
    ob = by_rule(evaluate_case(case, AS_OF))["GDTP-26A"]
    assert (ob["due"], ob["basis"]) == ("2026-11-10", "Luật GĐTP 2012 (sửa đổi 2020) Điều 26a khoản 3")


def test_expertise_explanation_warns_from_the_believed_effective_date() -> None:
    def rule_step(ordered: str) -> str:
        case = {"id": "DS-6", "procedure": "civil", "case_kind": "civil_family", "events": [
            {"type": "accepted", "date": "2026-05-04"},
            {"type": "expertise_ordered", "date": ordered, "ref": "GD-1"}]}
        clocks = [c for c in explain_case(case, AS_OF).clocks if c.rule_id == "GDTP-26A"]
        return clocks[0].steps[0].text

    assert "105/2025" not in rule_step("2026-06-30")
    text = rule_step("2026-08-10")
    assert ("Lưu ý: Luật GĐTP 105/2025/QH15 (dự kiến có hiệu lực từ 01/7/2026) thay thế Luật GĐTP "
            "2012; thời hạn giám định theo luật mới chưa được xác nhận") in text
    assert text.endswith("hạn trên đây vẫn tính theo Luật GĐTP 2012 (sửa đổi 2020) [M].")
