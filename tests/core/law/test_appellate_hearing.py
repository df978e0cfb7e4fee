"""Appellate hearing-opening clocks (issue #9): BLTTDS 2015 Đ.286 k2 «Trong thời hạn 01 tháng,
kể từ ngày có quyết định đưa vụ án ra xét xử, Tòa án phải mở phiên tòa phúc thẩm; trường hợp
có lý do chính đáng thì thời hạn này là 02 tháng» (BLTTDS-286-HEARING) and Luật TTHC 2015
Đ.221 k3, the same in 30 / 60 days (LTTHC-221-HEARING). They start on the decision taken
after the appellate court received the file; the first-instance decision starts the
first-instance clocks (BLTTDS-203-HEARING, LTTHC-130-HEARING) only. The criminal one,
BLTTHS 2015 Đ.346 k3 (BLTTHS-346-HEARING), is 15 days with no longer limit; and the decision
to bring a case to trial is lawful after the first-instance acceptance or the receipt of the
file on appeal, in every procedure.

Dates by hand, BLDS 2015 Đ.147 k2 (the decision day is not counted), Đ.148 k3 (no
corresponding day: the month's last day), k5 (a day off moves to the next working day):
decision Fri 30/01/2026 + 1 month = 28/02 (no 30th; Sat) -> Mon 02/03; + 2 months = Mon
30/03; + 30 days = Sun 01/03 -> Mon 02/03; + 60 days = Tue 31/03.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from congminh.core.law import evaluate_cases
from congminh.core.law.evaluate import Engine
from congminh.core.law.explain import explain_case
from congminh.core.law.lawful import refusals

ENGINE = Engine.default()
AS_OF = date(2026, 2, 25)
# procedure -> (case kind, appellate clock, first-instance clock, extension within the cap,
# its unit, the cap in that unit)
PROCEDURES = {
    "civil": ("civil_family", "BLTTDS-286-HEARING", "BLTTDS-203-HEARING", 1, "months", 1),
    "administrative": ("ordinary", "LTTHC-221-HEARING", "LTTHC-130-HEARING", 30, "days", 30),
}


def _appeal(procedure: str, *later: tuple[str, str, dict[str, Any]]) -> dict[str, Any]:
    """A case judged at first instance (hearing opened Mon 10/11/2025), received on appeal
    on 15/12/2025 and brought to the appellate trial on Fri 30/01/2026, then `later`."""
    events = [("accepted", "2025-09-01", {}), ("brought_to_trial", "2025-10-20", {}),
              ("hearing_opened", "2025-11-10", {}), ("judgment_pronounced", "2025-11-10", {}),
              ("appeal_received", "2025-12-15", {"court": "provincial"}),
              ("brought_to_trial", "2026-01-30", {}), *later]
    return {"id": f"{procedure}-appeal", "procedure": procedure,
            "case_kind": PROCEDURES[procedure][0],
            "events": [{"type": t, "date": d, **f} for t, d, f in events]}


def _obligations(case: dict[str, Any], as_of: date = AS_OF) -> dict[str, list[dict[str, Any]]]:
    result = next(evaluate_cases([case], as_of, engine=ENGINE))
    assert result["errors"] == []
    found: dict[str, list[dict[str, Any]]] = {}
    for ob in result["open_obligations"] + result["closed_obligations"]:
        found.setdefault(ob["rule"], []).append(ob)
    return found


@pytest.mark.parametrize(("procedure", "due", "max_due"), [
    ("civil", "2026-03-02", "2026-03-30"),  # 1 month (28/02 Sat -> 02/03); 2 months 30/03
    ("administrative", "2026-03-02", "2026-03-31"),  # 30 days (01/03 Sun -> 02/03); 60 days
])
def test_the_appellate_decision_starts_the_appellate_clock_only(
        procedure: str, due: str, max_due: str) -> None:
    _, appellate, first, *_ = PROCEDURES[procedure]
    found = _obligations(_appeal(procedure))
    assert [(o["due"], o["max_due"]) for o in found[appellate]] == [(due, max_due)]
    # The first-instance clock ran once, from 20/10/2025, ended by the opening of 10/11/2025.
    assert [(o["start"], o["done"], o["done_event"]) for o in found[first]] == [
        ("2025-10-20", "2025-11-10", "hearing_opened")]


@pytest.mark.parametrize(("procedure", "due"), [
    ("civil", "2026-03-30"),  # «thời hạn này là 02 tháng»: 30/01 + 2 months, Mon 30/03
    ("administrative", "2026-03-31"),  # «thời hạn này là 60 ngày»: 30/01 + 60 days, Tue 31/03
])
def test_good_reason_gives_the_longer_limit_from_the_decision(procedure: str, due: str) -> None:
    _, appellate, _, length, unit, _ = PROCEDURES[procedure]
    case = _appeal(procedure, ("hearing_extended", "2026-02-20", {unit: length}))
    assert [o["due"] for o in _obligations(case)[appellate]] == [due]


@pytest.mark.parametrize("procedure", PROCEDURES)
def test_the_clock_ends_when_the_appellate_hearing_opens(procedure: str) -> None:
    # Opened Mon 23/02/2026, before the due date 02/03/2026: done on time.
    _, appellate, *_ = PROCEDURES[procedure]
    found = _obligations(_appeal(procedure, ("hearing_opened", "2026-02-23", {})))
    [clock] = found[appellate]
    assert (clock["done"], clock["done_event"], clock["done_status"]) == (
        "2026-02-23", "hearing_opened", "done_on_time")


@pytest.mark.parametrize("procedure", PROCEDURES)
def test_a_first_instance_decision_starts_no_appellate_clock(procedure: str) -> None:
    _, appellate, first, *_ = PROCEDURES[procedure]
    case = {"id": "first", "procedure": procedure, "case_kind": PROCEDURES[procedure][0],
            "events": [{"type": "accepted", "date": "2025-12-01"},
                       {"type": "brought_to_trial", "date": "2026-01-30"}]}
    found = _obligations(case)
    assert appellate not in found and len(found[first]) == 1


@pytest.mark.parametrize("procedure", PROCEDURES)
def test_a_delay_over_the_longer_limit_is_refused_citing_the_appellate_clause(procedure: str) -> None:
    # Twice the cap (2 months over 1; 60 days over 30) makes 3 months / 90 days in all.
    _, appellate, _, _, unit, cap = PROCEDURES[procedure]
    event = {"type": "hearing_extended", "date": "2026-02-20", "details": {unit: 2 * cap}}
    found = refusals(_appeal(procedure), event)
    citation = {"civil": "BLTTDS 2015 Điều 286 khoản 2",
                "administrative": "Luật TTHC 2015 Điều 221 khoản 3"}[procedure]
    assert [(r.code, r.rule, r.citation) for r in found] == [("over_cap", appellate, citation)]
    assert found[0].message.startswith("Thời hạn mở phiên tòa phúc thẩm không quá ")
    within = {"type": "hearing_extended", "date": "2026-02-20", "details": {unit: cap}}
    assert refusals(_appeal(procedure), within) == []


def test_the_explanation_says_the_two_months_run_from_the_decision() -> None:
    case = _appeal("civil", ("hearing_extended", "2026-02-20", {"months": 1}))
    found = explain_case(case, AS_OF, engine=ENGINE)
    clock = next(c for c in found.clocks if c.rule_id == "BLTTDS-286-HEARING")
    steps = {step.kind: step.text for step in clock.steps}
    assert ("thời hạn kéo dài là 2 tháng tính từ ngày bắt đầu 30/01/2026, không cộng nối vào "
            "ngày hết hạn trước đó) → hết ngày 30/03/2026") in steps["extension"]


# -- BLTTHS 2015 Đ.346 k3 (BLTTHS-346-HEARING) --------------------------------------------
# «Trong thời hạn 15 ngày kể từ ngày ra quyết định đưa vụ án ra xét xử, Tòa án phải mở phiên
# tòa phúc thẩm»: no longer limit. Dates by hand, BLTTHS Đ.134 k1 (a limit in days ends at
# 24:00 on its last day, even a day off; the decision day is not counted): decision Fri
# 30/01/2026 + 15 days = Sat 14/02/2026, kept. File received Wed 17/12/2025: Đ.346 k1 60 days
# = Sun 15/02/2026 (14 days of December, 31 of January, 15 of February), kept; Đ.346 k2 45
# days = Sat 31/01/2026, kept.

Step = tuple[str, str, dict[str, Any]]
RECEIVED: Step = ("appeal_received", "2025-12-17", {"court": "provincial"})
DECISION: Step = ("brought_to_trial", "2026-01-30", {})
# The first-instance court's steps before the appeal (its hearing clock ran 20/10-10/11/2025).
FIRST_INSTANCE: list[Step] = [
    ("accepted", "2025-09-01", {}), ("brought_to_trial", "2025-10-20", {}),
    ("hearing_opened", "2025-11-10", {}), ("judgment_pronounced", "2025-11-10", {})]


def _record(events: list[Step], procedure: str = "criminal") -> dict[str, Any]:
    kind = ({"category": "serious"} if procedure == "criminal"
            else {"case_kind": PROCEDURES[procedure][0]})
    return {"id": f"{procedure}-record", "procedure": procedure, **kind,
            "events": [{"type": t, "date": d, **f} for t, d, f in events]}


@pytest.mark.parametrize("before", [[], FIRST_INSTANCE], ids=["appellate record", "whole case"])
def test_the_appellate_decision_starts_the_15_day_appellate_clock(before: list[Step]) -> None:
    found = _obligations(_record([*before, RECEIVED, DECISION]))
    # 30/01 + 15 days = Sat 14/02/2026, kept (Đ.134 k1).
    assert [(o["start"], o["due"]) for o in found["BLTTHS-346-HEARING"]] == [
        ("2026-01-30", "2026-02-14")]
    # Đ.346 k1 still runs from the receipt of the file; k2 was met by the decision.
    assert [o["due"] for o in found["BLTTHS-346"]] == ["2026-02-15"]
    assert [(o["due"], o["done"]) for o in found["BLTTHS-346-DECISION"]] == [
        ("2026-01-31", "2026-01-30")]
    # Đ.277 k3 ran once, for the first-instance decision only.
    first = [(o["start"], o["done_event"]) for o in found.get("BLTTHS-277-HEARING", [])]
    assert first == ([("2025-10-20", "hearing_opened")] if before else [])


def test_a_first_instance_criminal_decision_starts_no_appellate_clock() -> None:
    found = _obligations(_record([("accepted", "2025-12-01", {}), DECISION]))
    assert "BLTTHS-346-HEARING" not in found
    # Đ.277 k3: 30/01 + 15 days = Sat 14/02/2026.
    assert [o["due"] for o in found["BLTTHS-277-HEARING"]] == ["2026-02-14"]


def test_the_criminal_clock_ends_when_the_appellate_hearing_opens() -> None:
    found = _obligations(_record([RECEIVED, DECISION, ("hearing_opened", "2026-02-12", {})]))
    [clock] = found["BLTTHS-346-HEARING"]
    assert (clock["done"], clock["done_event"], clock["done_status"]) == (
        "2026-02-12", "hearing_opened", "done_on_time")


def test_after_a_suspension_the_15_days_run_again_from_the_resumption() -> None:
    # [M] as Đ.346's other clocks: resumed Fri 20/02/2026 + 15 days = Sat 07/03/2026, kept.
    case = _record([RECEIVED, DECISION, ("suspended", "2026-02-05", {}),
                    ("resumed", "2026-02-20", {})])
    assert [o["due"] for o in _obligations(case)["BLTTHS-346-HEARING"]] == ["2026-03-07"]


def test_the_15_days_cannot_be_put_back() -> None:
    # Đ.346 k3 has no longer limit (Đ.277 k3's 30 days for force majeure is first instance).
    event = {"type": "hearing_extended", "date": "2026-02-05", "details": {"days": 15}}
    assert [r.code for r in refusals(_record([RECEIVED, DECISION]), event)] == ["wrong_stage"]


# -- the decision to bring the case to trial: after acceptance or the file on appeal ------

@pytest.mark.parametrize("procedure", ["criminal", "civil", "administrative"])
def test_bringing_to_trial_needs_an_acceptance_or_the_file_on_appeal(procedure: str) -> None:
    decision = {"type": "brought_to_trial", "date": "2026-01-30"}
    found = refusals(_record([], procedure), decision)
    assert [r.code for r in found] == ["missing_prerequisite"]
    assert ("chưa có «Tòa án thụ lý (sơ thẩm)» hoặc «Tòa phúc thẩm nhận hồ sơ kháng cáo, "
            "kháng nghị»") in found[0].message
    # Either one is enough: the first-instance court's record, or the appellate court's own
    # record, which starts with the receipt of the file.
    assert refusals(_record([("accepted", "2025-12-01", {})], procedure), decision) == []
    assert refusals(_record([RECEIVED], procedure), decision) == []
