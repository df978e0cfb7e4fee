"""After a first-instance judgment: written judgment, appeal and protest windows, effect.

Dates by hand (legal-facts §1.7-1.8, §2.5, §3.1): judgment pronounced Friday 10/4/2026.
- BLTTHS Đ.262 k1: written judgment within 10 days -> Mon 20/4.
- BLTTHS Đ.333 k1 appeal and Đ.337 same-level protest [M], 15 days -> Sat 25/4, kept: Đ.134 k1
  "Khi tính thời hạn theo ngày thì thời hạn sẽ hết vào lúc 24 giờ ngày cuối cùng của thời hạn"
  (only limits in months move to the next working day; `criminal_day_limits_roll: false` [M]).
- BLTTHS Đ.337 higher-level protest [M], 30 days -> Sun 10/5, kept.
So, with no appeal or protest, the judgment takes effect on 11/5/2026 [M].
"""

from datetime import date
from typing import Any

import pytest

from congminh.core.law import evaluate_case
from congminh.core.law.explain import explain_case

D = date
TRIAL = [{"type": "accepted", "date": "2026-03-02"},
         {"type": "brought_to_trial", "date": "2026-04-01"}]


def crim(*events: dict[str, Any]) -> dict[str, Any]:
    return {"id": "HS-7", "procedure": "criminal", "category": "serious",
            "events": [*TRIAL, {"type": "judgment_pronounced", "date": "2026-04-10"}, *events]}


def dues(result: dict[str, Any]) -> dict[str, tuple[str | None, str]]:
    return {o["rule"] + (":" + o["subject"] if "subject" in o else ""): (o["due"], o["status"])
            for o in result["open_obligations"]}


def test_pronouncement_opens_windows_and_the_written_judgment() -> None:
    result = evaluate_case(crim(), D(2026, 4, 13))
    assert dues(result) == {
        "BLTTHS-262": ("2026-04-20", "due_soon"),
        "BLTTHS-333": ("2026-04-25", "on_time"),
        "BLTTHS-337": ("2026-04-25", "on_time"),
        "BLTTHS-337-HIGHER": ("2026-05-10", "on_time"),
    }
    windows = [o for o in result["open_obligations"] if o.get("window")]
    assert {o["holder"] for o in windows} == {"parties", "procuracy", "higher_procuracy"}
    # The written judgment (7 days left) is due soon; the windows (on time) count too now.
    assert result["status"] == "due_soon"
    assert result["judgment"] == {"pronounced": "2026-04-10", "state": "pending",
                                  "windows_close": "2026-05-10", "effective_from": None,
                                  "appeals": []}


def test_written_judgment_late_is_overdue_then_done_late() -> None:
    # BLTTHS Đ.262 k1: due 20/4; on 21/4 it is overdue; issued 22/4 it is done late.
    assert dues(evaluate_case(crim(), D(2026, 4, 21)))["BLTTHS-262"] == ("2026-04-20", "overdue")
    result = evaluate_case(crim({"type": "judgment_issued", "date": "2026-04-22"}), D(2026, 4, 23))
    assert "BLTTHS-262" not in dues(result)
    done = [o for o in result["closed_obligations"] if o["rule"] == "BLTTHS-262"]
    assert [(o["done"], o["done_status"], o["done_event"]) for o in done] == [
        ("2026-04-22", "done_late", "judgment_issued")]


@pytest.mark.parametrize(
    ("as_of", "extra", "state", "effective"),
    [
        (D(2026, 5, 10), [], "pending", None),  # last day of the higher-level protest window
        (D(2026, 5, 11), [], "effective", "2026-05-11"),
        # Đ.333: an appeal on the last day of the window (Sat 25/4) is in time
        (D(2026, 5, 12), [{"type": "appeal_lodged", "date": "2026-04-25"}], "appealed", None),
        # ... one day later it is late (Đ.335): shown, does not stop the effect [M]
        (D(2026, 5, 12), [{"type": "appeal_lodged", "date": "2026-04-26"}], "effective",
         "2026-05-11"),
        # Đ.337: the higher-level procuracy protests within its 30 days (Sun 10/5)
        (D(2026, 5, 12), [{"type": "protest_lodged", "date": "2026-05-10", "level": "higher"}],
         "appealed", None),
        # ... but the same-level procuracy's 15 days ended on 25/4
        (D(2026, 5, 12), [{"type": "protest_lodged", "date": "2026-05-04", "level": "same"}],
         "effective", "2026-05-11"),
    ],
)
def test_judgment_takes_effect_when_all_windows_close(as_of: date, extra: list[dict[str, Any]],
                                                      state: str, effective: str | None) -> None:
    judgment = evaluate_case(crim(*extra), as_of)["judgment"]
    assert (judgment["state"], judgment["effective_from"]) == (state, effective)


def test_absent_accused_gets_own_window() -> None:
    # Đ.333 k1: B, absent, receives the judgment on Mon 4/5 -> 15 days -> Tue 19/5.
    pronounced = {"type": "judgment_pronounced", "date": "2026-04-10", "absent": ["B"]}
    case = {"id": "HS-8", "procedure": "criminal", "category": "serious",
            "events": [*TRIAL, pronounced]}
    assert evaluate_case(case, D(2026, 5, 12))["judgment"]["state"] == "pending"  # not delivered
    case["events"].append({"type": "judgment_delivered", "date": "2026-05-04", "person": "B"})
    result = evaluate_case(case, D(2026, 5, 12))
    assert dues(result)["BLTTHS-333-ABSENT:B"] == ("2026-05-19", "due_soon")
    assert result["judgment"]["windows_close"] == "2026-05-19"
    assert evaluate_case(case, D(2026, 5, 20))["judgment"]["effective_from"] == "2026-05-20"
    # B appeals on 19/5, the last day of B's own window: in time
    case["events"].append({"type": "appeal_lodged", "date": "2026-05-19", "person": "B"})
    assert evaluate_case(case, D(2026, 5, 20))["judgment"]["state"] == "appealed"


def test_protest_ends_that_procuracy_window() -> None:
    result = evaluate_case(crim({"type": "protest_lodged", "date": "2026-04-24", "level": "same"}),
                           D(2026, 4, 25))
    assert "BLTTHS-337" not in dues(result) and "BLTTHS-337-HIGHER" in dues(result)
    protest = [o for o in result["closed_obligations"] if o["rule"] == "BLTTHS-337"]
    assert protest[0]["done_status"] == "done_on_time" and protest[0]["window"] is True


def test_appellate_judgment_opens_no_window() -> None:
    case = crim({"type": "appeal_received", "date": "2026-05-15", "court": "provincial"},
                {"type": "judgment_pronounced", "date": "2026-06-15"})
    result = evaluate_case(case, D(2026, 6, 16))
    assert result["judgment"]["pronounced"] == "2026-04-10"  # still the first-instance one
    assert not [o for o in result["open_obligations"] if o["start"] == "2026-06-15"]


@pytest.mark.parametrize(
    ("procedure", "kind", "expected"),
    [
        # BLTTDS Đ.273 k1 15 days -> Tue 16/6; Đ.280: 15 days, 1 month -> Wed 1/7;
        # Đ.269 k2 written judgment 10 days -> Thu 11/6
        ("civil", "civil_family", {"BLTTDS-273": "2026-06-16", "BLTTDS-280": "2026-06-16",
                                   "BLTTDS-280-HIGHER": "2026-07-01",
                                   "BLTTDS-269": "2026-06-11"}),
        # Luật TTHC Đ.206 15 days; Đ.213 k1 15 / 30 days; Đ.196 k2 written judgment 7 days -> Mon 8/6
        ("administrative", "ordinary", {"LTTHC-206": "2026-06-16", "LTTHC-213": "2026-06-16",
                                        "LTTHC-213-HIGHER": "2026-07-01",
                                        "LTTHC-JUDGMENT": "2026-06-08"}),
    ],
)
def test_civil_and_administrative_windows(procedure: str, kind: str,
                                          expected: dict[str, str]) -> None:
    case = {"id": "X", "procedure": procedure, "case_kind": kind, "events": [
        {"type": "accepted", "date": "2026-01-05"}, {"type": "brought_to_trial", "date": "2026-05-04"},
        {"type": "judgment_pronounced", "date": "2026-06-01"}]}
    result = evaluate_case(case, D(2026, 6, 2))
    assert {k: v[0] for k, v in dues(result).items()} == expected
    assert evaluate_case(case, D(2026, 7, 2))["judgment"]["effective_from"] == "2026-07-02"


def test_bad_protest_level_is_an_error() -> None:
    result = evaluate_case(crim({"type": "protest_lodged", "date": "2026-04-20", "level": "top"}),
                           D(2026, 4, 21))
    assert result["status"] == "error"
    assert "trường 'level' phải là một trong ['same', 'higher']" in result["errors"][0]


def test_explanation_states_the_effect_in_vietnamese() -> None:
    text = explain_case(crim(), D(2026, 5, 12)).text_vi()
    assert ("Bản án sơ thẩm tuyên ngày 10/04/2026: có hiệu lực pháp luật từ ngày 11/05/2026 "
            "(hết thời hạn kháng cáo, kháng nghị ngày 10/05/2026") in text
    late = explain_case(crim({"type": "appeal_lodged", "date": "2026-04-29"}), D(2026, 4, 30))
    assert "Kháng cáo ngày 29/04/2026: quá hạn" in late.text_vi()
