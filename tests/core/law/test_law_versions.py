"""Rules that change with the law: Luật THADS 2008 -> Luật THADS 106/2025/QH15 on 01/7/2026.

A clock uses the rule version in force on the day of the event that starts it. The
106/2025 versions quote the new law's text (`texts/luat-thads-2025.yaml`): voluntary period
Đ.36 k1 (10 days, unchanged), verification Đ.37 k1 (09 days, was 10), re-verification Đ.38 k3
(6 months / 1 year, but no longer stopping after two verifications), complaints Đ.102 (the
same limits as 2008 Đ.146), denunciations Đ.110 k2 (30 days, was 60; at most 60 or 90).
Dates by hand: BLDS 2015 Đ.147 k2 (start day not counted), Đ.148 k5 (a day off moves the
end to the next working day).
"""

from datetime import date
from typing import Any

from congminh.core.law import evaluate_case
from congminh.core.law.explain import explain_case
from congminh.core.law.rules import default_rules

D = date
AS_OF = D(2026, 11, 26)
NEW_LAW = "Luật THADS 2025"


def tha(*events: tuple[str, str, dict[str, Any]]) -> dict[str, Any]:
    return {"id": "THA-9", "procedure": "enforcement",
            "events": [{"type": t, "date": d, **f} for t, d, f in events]}


def by_rule(result: dict[str, Any]) -> dict[str, dict[str, Any]]:
    assert result["errors"] == [], result["errors"]
    return {o["rule"]: o for o in result["open_obligations"] + result["closed_obligations"]}


def all_of(result: dict[str, Any], rule: str) -> list[dict[str, Any]]:
    assert result["errors"] == [], result["errors"]
    return sorted((o for o in result["open_obligations"] + result["closed_obligations"]
                   if o["rule"] == rule), key=lambda o: o["start"])


def test_case_received_after_the_change_uses_the_new_law() -> None:
    # Đ.36 k1: 10 days from Fri 20/11/2026 -> Mon 30/11; Đ.37 k1: verification within 09 days
    # of the end of the voluntary period -> Wed 9/12 (10/12 under the 2008 law's 10 days).
    obs = by_rule(evaluate_case(tha(("enforcement_decision_received", "2026-11-20", {})), AS_OF))
    assert (obs["THADS-45"]["due"], obs["THADS-44"]["start"], obs["THADS-44"]["due"]) == (
        "2026-11-30", "2026-11-30", "2026-12-09")
    assert obs["THADS-45"]["basis"] == "Luật THADS 2025 Điều 36 khoản 1"
    assert obs["THADS-44"]["basis"] == "Luật THADS 2025 Điều 37 khoản 1"


def test_case_received_before_the_change_keeps_the_2008_law() -> None:
    # 10 days from 20/6/2026 -> 30/6; the verification clock starts on 30/6 and runs into
    # July, still under the 2008 version (chosen by the day of the decision's receipt): 10 days.
    obs = by_rule(evaluate_case(tha(("enforcement_decision_received", "2026-06-20", {})), AS_OF))
    assert (obs["THADS-44"]["start"], obs["THADS-44"]["due"]) == ("2026-06-30", "2026-07-10")
    assert obs["THADS-44"]["basis"] == "Luật THADS 2008 Điều 44 khoản 1"


def test_versions_meet_on_the_day_the_new_law_takes_effect() -> None:
    rules = default_rules()
    for rule_id in ("THADS-44", "THADS-44-REVERIFY", "THADS-45", "THADS-142", "THADS-157"):
        old, new = rules.versions_of(rule_id)
        assert (old.valid_to, new.valid_from, new.valid_to) == (D(2026, 6, 30), D(2026, 7, 1), None)
        assert new.citation.law == NEW_LAW and new.citation.law_number == "106/2025/QH15"
        assert new.confidence == "V"
        assert new.citation.quote or all(lim.citation.quote for lim in new.limits)
    # Same limits where the text kept them, renumbered ...
    for rule_id in ("THADS-45", "THADS-44-REVERIFY", "THADS-142"):
        old, new = rules.versions_of(rule_id)
        assert [(lim.when, lim.duration) for lim in old.limits] == [
            (lim.when, lim.duration) for lim in new.limits]
    # ... shorter where it changed them.
    old, new = rules.versions_of("THADS-44")
    assert (old.limits[0].duration.length, new.limits[0].duration.length) == (10, 9)
    old, new = rules.versions_of("THADS-157")
    assert (old.limits[0].duration.length, new.limits[0].duration.length) == (60, 30)
    assert [t.total_from_start.length for t in new.limits[0].extensions
            if t.total_from_start] == [60, 90]


def test_a_later_event_of_an_old_case_starts_a_clock_under_the_new_law() -> None:
    # Decision in June (2008 law); found unable to pay on 15/7/2026: the re-verification
    # clock starts after the change, so it follows 106/2025 Đ.38 k3 (6 months -> Fri 15/1/2027).
    case = tha(("enforcement_decision_received", "2026-06-20", {}),
               ("conditions_verified", "2026-07-15", {"able": False}))
    obs = by_rule(evaluate_case(case, AS_OF))
    assert obs["THADS-44"]["basis"] == "Luật THADS 2008 Điều 44 khoản 1"
    assert obs["THADS-44-REVERIFY"]["due"] == "2027-01-15"
    assert obs["THADS-44-REVERIFY"]["basis"] == "Luật THADS 2025 Điều 38 khoản 3"


def test_reverification_goes_on_after_two_verifications_under_the_new_law() -> None:
    # 2008 Đ.44 k2: after two "unable" verifications, re-verify only on new information, so the
    # second opens no clock. 106/2025 Đ.38 k3 has no such sentence (k4 instead returns the
    # request after 02 years): the second opens one too, 14/1/2027 + 6 months = Wed 14/7/2027.
    old = tha(("enforcement_decision_received", "2025-06-02", {}),
              ("conditions_verified", "2025-06-20", {"able": False}),
              ("conditions_verified", "2025-12-19", {"able": False}))
    assert [o["start"] for o in all_of(evaluate_case(old, AS_OF), "THADS-44-REVERIFY")] == [
        "2025-06-20"]
    new = tha(("enforcement_decision_received", "2026-07-02", {}),
              ("conditions_verified", "2026-07-15", {"able": False}),
              ("conditions_verified", "2027-01-14", {"able": False}))
    found = all_of(evaluate_case(new, D(2027, 1, 20)), "THADS-44-REVERIFY")
    assert [(o["start"], o["due"]) for o in found] == [
        ("2026-07-15", "2027-01-15"), ("2027-01-14", "2027-07-14")]


def test_complaint_after_the_change() -> None:
    # Đ.102 k1: first complaint, 15 days from Mon 2/11/2026 -> Tue 17/11.
    obs = by_rule(evaluate_case(tha(("complaint_received", "2026-11-02", {"ref": "KN-1"})), AS_OF))
    assert (obs["THADS-142"]["due"], obs["THADS-142"]["basis"]) == (
        "2026-11-17", "Luật THADS 2025 Điều 102 khoản 1")


def test_denunciation_after_the_change_is_30_days() -> None:
    # Đ.110 k2: 30 days from Mon 2/11/2026 -> Wed 2/12 (60 days under the 2008 law -> 1/1/2027).
    obs = by_rule(evaluate_case(tha(("denunciation_received", "2026-11-02", {"ref": "TC-1"})), AS_OF))
    assert (obs["THADS-157"]["due"], obs["THADS-157"]["basis"]) == (
        "2026-12-02", "Luật THADS 2025 Điều 110 khoản 2")


def test_explain_names_the_law_applied_and_why() -> None:
    new = explain_case(tha(("enforcement_decision_received", "2026-11-20", {})), AS_OF)
    rule_step = new.clocks[0].steps[0]
    assert rule_step.kind == "rule"
    assert rule_step.text.startswith(
        "Quy tắc THADS-45: Thời hạn tự nguyện thi hành án, căn cứ Luật THADS 2025 Điều 36 khoản 1")
    assert ("Áp dụng Luật THADS 2025 (quy định có hiệu lực từ ngày 01/07/2026) vì sự kiện "
            "làm phát sinh thời hạn xảy ra trong khoảng đó; Luật THADS 2008 áp dụng đến ngày "
            "30/06/2026") in rule_step.text
    assert rule_step.data["law"] == NEW_LAW
    assert (rule_step.data["valid_from"], rule_step.data["valid_to"]) == ("2026-07-01", None)
    assert rule_step.data["confidence"] == "V"

    old = explain_case(tha(("enforcement_decision_received", "2026-06-20", {})), AS_OF)
    text = old.text_vi()
    assert ("Áp dụng Luật THADS 2008 (quy định có hiệu lực từ ngày 01/07/2015 đến ngày 30/06/2026)"
            in text)
    assert "Luật THADS 2025 áp dụng từ ngày 01/07/2026" in text


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
