"""BLTTDS 2015 Đ.286 k4: «Thời hạn quy định tại Điều này không áp dụng đối với vụ án xét xử
phúc thẩm theo thủ tục rút gọn, vụ án có yếu tố nước ngoài.» Luật TTHC 2015 Đ.221: «Trừ vụ
án xét xử phúc thẩm theo thủ tục rút gọn hoặc vụ án có yếu tố nước ngoài, thời hạn chuẩn bị
xét xử phúc thẩm được quy định như sau:». The appellate court's receipt of the file says so
(`simplified_procedure`, `foreign_element`); the decision to bring the case to trial that
follows reads it too. The simplified appeal has its own limits instead (BLTTDS Đ.323 k1,
Đ.324 k1; Luật TTHC Đ.252 k1, Đ.253 k1; BLTTHS Đ.464 k2, k3 in place of Đ.346 k2, k3, by
Đ.455); a criminal appeal has no foreign-element exception. And the stage of a case at the appellate court's trial is «Xét xử
phúc thẩm», not «Xét xử sơ thẩm». Dates computed by hand (BLDS 2015 Đ.147, Đ.148)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from congminh.core.law import evaluate_cases
from congminh.core.law.bulk import evaluate_columns
from congminh.core.law.bulk.columns import from_cases
from congminh.core.law.evaluate import Engine, evaluate_traced
from congminh.core.law.events import STAGES, data_problems, parse_details, stage_after
from congminh.core.law.lawful import refusals

AS_OF = date(2026, 5, 10)
HEAD = {"civil": {"case_kind": "civil_family"}, "administrative": {"case_kind": "ordinary"}}
APPELLATE = {"civil": ("BLTTDS-286", "BLTTDS-286-HEARING"),
             "administrative": ("LTTHC-221", "LTTHC-221-HEARING")}
# The simplified appeal's own limits: BLTTDS Đ.323 k1, Đ.324 k1; Luật TTHC Đ.252 k1, Đ.253 k1.
SIMPLIFIED = {"civil": ("BLTTDS-323", "BLTTDS-324"), "administrative": ("LTTHC-252", "LTTHC-253")}


def _case(procedure: str, received: dict[str, Any], *, tried: bool = True) -> dict[str, Any]:
    events = [{"type": "accepted", "date": "2026-01-05"},
              {"type": "judgment_pronounced", "date": "2026-03-02"},
              {"type": "appeal_received", "date": "2026-04-01", "court": "provincial", **received}]
    if tried:
        events.append({"type": "brought_to_trial", "date": "2026-05-04"})
    return {"id": f"{procedure}-{sorted(received.items())}-{tried}", "procedure": procedure,
            **HEAD[procedure], "events": events}


def _clocks(case: dict[str, Any]) -> dict[str, tuple[date, date | None]]:
    ev = evaluate_traced(case, AS_OF, trace=False)
    assert not ev.reduction.errors, ev.reduction.errors
    return {i.rule.id: (i.clock.start, i.dates.due if i.dates else None) for i in ev.items
            if i.rule.stage == "appeal" and i.rule.id in {*APPELLATE["civil"], *APPELLATE["administrative"],
                                                          *SIMPLIFIED["civil"], *SIMPLIFIED["administrative"]}}


@pytest.mark.parametrize("received", [{}, {"simplified_procedure": False, "foreign_element": False}])
def test_an_ordinary_civil_appeal_has_both_limits(received: dict[str, Any]) -> None:
    # Received Wed 01/4/2026 + 2 months = Mon 01/6 (Đ.286 k1); decision Mon 04/5 + 1 month
    # = Thu 04/6 (k2).
    assert _clocks(_case("civil", received, tried=False)) == {
        "BLTTDS-286": (date(2026, 4, 1), date(2026, 6, 1))}
    assert _clocks(_case("civil", received)) == {
        "BLTTDS-286": (date(2026, 4, 1), date(2026, 6, 1)),
        "BLTTDS-286-HEARING": (date(2026, 5, 4), date(2026, 6, 4))}


def test_an_ordinary_administrative_appeal_has_both_limits() -> None:
    # Received 01/4/2026 + 60 days = Sun 31/5 -> Mon 01/6 (Đ.221 k1); decision Mon 04/5
    # + 30 days = Wed 03/6 (k3).
    assert _clocks(_case("administrative", {})) == {
        "LTTHC-221": (date(2026, 4, 1), date(2026, 6, 1)),
        "LTTHC-221-HEARING": (date(2026, 5, 4), date(2026, 6, 3))}


@pytest.mark.parametrize("procedure", ["civil", "administrative"])
@pytest.mark.parametrize("received", [{"foreign_element": True},
                                      {"foreign_element": True, "simplified_procedure": False}])
def test_no_appellate_limit_with_a_foreign_element(
        procedure: str, received: dict[str, Any]) -> None:
    for tried in (False, True):
        ordinary = evaluate_traced(_case(procedure, {}, tried=tried), AS_OF, trace=False)
        ev = evaluate_traced(_case(procedure, received, tried=tried), AS_OF, trace=False)
        # No error (the events are in their place), the clocks of the first instance only:
        # neither the appeal's nor the first-instance hearing limit instead.
        assert not ev.reduction.errors, ev.reduction.errors
        assert [i.rule.id for i in ev.items] == [i.rule.id for i in ordinary.items
                                                 if i.rule.id not in APPELLATE[procedure]]
        assert len(ev.items) == len(ordinary.items) - (2 if tried else 1)


@pytest.mark.parametrize("received", [{"simplified_procedure": True},
                                      {"simplified_procedure": True, "foreign_element": False}])
def test_a_simplified_civil_appeal_has_its_own_limits(received: dict[str, Any]) -> None:
    # BLTTDS Đ.323 k1: received Wed 01/4/2026 + 01 month = Fri 01/5, a holiday, then the
    # weekend -> Mon 04/5 (BLDS Đ.148 k5). Đ.324 k1: decision Mon 04/5 + 15 days = Tue 19/5.
    # Not Đ.286's 2 months and 1 month (k4).
    assert _clocks(_case("civil", received, tried=False)) == {
        "BLTTDS-323": (date(2026, 4, 1), date(2026, 5, 4))}
    assert _clocks(_case("civil", received)) == {
        "BLTTDS-323": (date(2026, 4, 1), date(2026, 5, 4)),
        "BLTTDS-324": (date(2026, 5, 4), date(2026, 5, 19))}


def test_a_simplified_administrative_appeal_has_its_own_limits() -> None:
    # Luật TTHC Đ.252 k1: received 01/4/2026 + 30 days = Fri 01/5, a holiday -> Mon 04/5.
    # Đ.253 k1: decision Mon 04/5 + 15 days = Tue 19/5. Not Đ.221's 60 and 30 days.
    assert _clocks(_case("administrative", {"simplified_procedure": True})) == {
        "LTTHC-252": (date(2026, 4, 1), date(2026, 5, 4)),
        "LTTHC-253": (date(2026, 5, 4), date(2026, 5, 19))}


def test_a_later_appeal_without_the_exception_has_its_limits_again() -> None:
    case = _case("civil", {"foreign_element": True})
    case["events"] += [{"type": "accepted", "date": "2026-06-01"},
                       {"type": "judgment_pronounced", "date": "2026-08-03"},
                       {"type": "appeal_received", "date": "2026-09-01", "court": "provincial"}]
    ev = evaluate_traced(case, date(2026, 9, 10), trace=False)
    assert not ev.reduction.errors, ev.reduction.errors
    # Tue 01/9/2026 + 2 months = Sun 01/11 -> Mon 02/11.
    assert [(i.clock.start, i.dates.due if i.dates else None) for i in ev.items
            if i.rule.id == "BLTTDS-286"] == [(date(2026, 9, 1), date(2026, 11, 2))]


def test_the_bulk_path_gives_the_same_answers() -> None:
    engine = Engine.default()
    cases = [_case(p, r, tried=t) for p in ("civil", "administrative") for t in (False, True)
             for r in ({}, {"simplified_procedure": True}, {"foreign_element": True},
                       {"foreign_element": False})]
    columns = from_cases(cases)
    got = evaluate_columns(columns, AS_OF, engine=engine)
    assert got.to_dicts(columns.ids) == list(evaluate_cases(cases, AS_OF, engine=engine))


# -- the stage («Xét xử phúc thẩm» at the appellate court) --

CRIMINAL = ["case_instituted", "investigation_concluded", "indicted", "accepted", "brought_to_trial",
            "judgment_pronounced", "appeal_received", "brought_to_trial", "judgment_pronounced",
            "closed"]
CRIMINAL_STAGES = ["investigation", "prosecution", "trial_preparation", "trial_preparation", "trial",
                   "trial", "appeal", "appellate_trial", "appellate_trial", "closed"]
CIVIL = ["accepted", "brought_to_trial", "judgment_pronounced", "appeal_received", "suspended",
         "resumed", "brought_to_trial", "hearing_postponed", "judgment_pronounced"]
CIVIL_STAGES = ["trial_preparation", "trial", "trial", "appeal", "suspended", "appeal",
                "appellate_trial", "appellate_trial", "appellate_trial"]
# The appellate court's own record starts with the file; a retrial at first instance after
# the judgment was annulled is a first-instance trial again.
ADMINISTRATIVE = ["appeal_received", "brought_to_trial", "suspended", "resumed", "judgment_pronounced",
                  "accepted", "brought_to_trial"]
ADMINISTRATIVE_STAGES = ["appeal", "appellate_trial", "suspended", "appellate_trial",
                         "appellate_trial", "trial_preparation", "trial"]


@pytest.mark.parametrize(("types", "stages"), [(CRIMINAL, CRIMINAL_STAGES), (CIVIL, CIVIL_STAGES),
                                              (ADMINISTRATIVE, ADMINISTRATIVE_STAGES)])
def test_the_stage_after_each_event(types: list[str], stages: list[str]) -> None:
    assert [stage_after(types[:n + 1]) for n in range(len(types))] == stages


def test_the_appellate_trial_has_its_own_name() -> None:
    assert STAGES["appellate_trial"] == "Xét xử phúc thẩm"
    assert STAGES["trial"] == "Xét xử sơ thẩm"


@pytest.mark.parametrize("procedure", ["civil", "administrative"])
def test_the_appellate_courts_own_record_is_not_refused(procedure: str) -> None:
    # The appellate court's record starts with the file (`opens_record`): under the
    # simplified procedure only its own clocks start, and the events are in their place.
    history = [{"type": "appeal_received", "date": "2026-04-01", "court": "provincial",
                "simplified_procedure": True}]
    case = {"id": "PT-1", "procedure": procedure, **HEAD[procedure], "events": history}
    assert refusals({**case, "events": []}, history[0]) == []
    assert refusals(case, {"type": "brought_to_trial", "date": "2026-05-04"}) == []
    ev = evaluate_traced({**case, "events": [*history, {"type": "brought_to_trial",
                                                        "date": "2026-05-04"}]},
                         AS_OF, trace=False)
    assert not ev.reduction.errors
    assert [i.rule.id for i in ev.items] == list(SIMPLIFIED[procedure])


def test_the_exceptions_are_typed_as_people_write_them_on_the_receipt_only() -> None:
    # The import's «Chi tiết khác» and the case page's «Chi tiết khác» read details here.
    assert parse_details("appeal_received", "foreign_element=có; simplified_procedure=không") == (
        {"foreign_element": True, "simplified_procedure": False}, [])
    assert data_problems("appeal_received", {"court": "provincial", "foreign_element": True}) == []
    assert data_problems("brought_to_trial", {"foreign_element": True}) == [
        "trường không dùng cho sự kiện này: foreign_element"]


# -- a criminal appeal: the simplified procedure has its own limits, no foreign element --

def _criminal(received: dict[str, Any], *, tried: bool = True) -> dict[str, Any]:
    events = [{"type": "case_instituted", "date": "2025-10-01"},
              {"type": "investigation_concluded", "date": "2025-11-03"},
              {"type": "indicted", "date": "2025-12-01"},
              {"type": "accepted", "date": "2026-01-05"},
              {"type": "brought_to_trial", "date": "2026-02-02"},
              {"type": "judgment_pronounced", "date": "2026-03-02"},
              {"type": "appeal_received", "date": "2026-04-01", "court": "provincial", **received}]
    if tried:
        events.append({"type": "brought_to_trial", "date": "2026-04-10"})
    return {"id": f"criminal-{sorted(received.items())}-{tried}", "procedure": "criminal",
            "category": "less_serious", "events": events}


CRIMINAL_APPELLATE = {"BLTTHS-346", "BLTTHS-346-DECISION", "BLTTHS-346-HEARING", "BLTTHS-464",
                      "BLTTHS-464-HEARING"}


def _criminal_clocks(case: dict[str, Any], as_of: date = date(2026, 4, 12)
                     ) -> dict[str, tuple[date, date | None]]:
    ev = evaluate_traced(case, as_of, trace=False)
    assert not ev.reduction.errors, ev.reduction.errors
    return {i.rule.id: (i.clock.start, i.dates.due if i.dates else None) for i in ev.items
            if i.rule.id in CRIMINAL_APPELLATE}


@pytest.mark.parametrize("received", [{}, {"simplified_procedure": False}])
def test_an_ordinary_criminal_appeal_keeps_the_limits_of_article_346(received: dict[str, Any]) -> None:
    # Received Wed 01/4/2026: + 60 days = Sun 31/5 (Đ.346 k1; days do not move, Đ.134 k1),
    # + 45 days = Sat 16/5 (k2). Decision Fri 10/4 + 15 days = Sat 25/4 (k3).
    assert _criminal_clocks(_criminal(received, tried=False)) == {
        "BLTTHS-346": (date(2026, 4, 1), date(2026, 5, 31)),
        "BLTTHS-346-DECISION": (date(2026, 4, 1), date(2026, 5, 16))}
    assert _criminal_clocks(_criminal(received)) == {
        "BLTTHS-346": (date(2026, 4, 1), date(2026, 5, 31)),
        "BLTTHS-346-DECISION": (date(2026, 4, 1), date(2026, 5, 16)),  # met on 10/4
        "BLTTHS-346-HEARING": (date(2026, 4, 10), date(2026, 4, 25))}


def test_a_criminal_appeal_under_the_simplified_procedure_follows_article_464() -> None:
    # BLTTHS Đ.456 k2, Đ.464: received Wed 01/4/2026 + 15 days = Thu 16/4 (k2) instead of
    # 45 days; decision Fri 10/4 + 07 days = Fri 17/4 (k3) instead of 15 days. The 60 days of
    # Đ.346 k1 from the receipt still run (nothing in Đ.455-465 contradicts them).
    case = _criminal({"simplified_procedure": True}, tried=False)
    assert _criminal_clocks(case) == {
        "BLTTHS-346": (date(2026, 4, 1), date(2026, 5, 31)),
        "BLTTHS-464": (date(2026, 4, 1), date(2026, 4, 16))}
    assert _criminal_clocks(_criminal({"simplified_procedure": True})) == {
        "BLTTHS-346": (date(2026, 4, 1), date(2026, 5, 31)),
        "BLTTHS-464": (date(2026, 4, 1), date(2026, 4, 16)),  # met on 10/4
        "BLTTHS-464-HEARING": (date(2026, 4, 10), date(2026, 4, 17))}


def test_the_bulk_path_agrees_on_criminal_appeals() -> None:
    engine = Engine.default()
    cases = [_criminal(r, tried=t) for t in (False, True)
             for r in ({}, {"simplified_procedure": True}, {"simplified_procedure": False})]
    columns = from_cases(cases)
    got = evaluate_columns(columns, date(2026, 4, 12), engine=engine)
    assert got.to_dicts(columns.ids) == list(evaluate_cases(cases, date(2026, 4, 12), engine=engine))


def test_a_foreign_element_is_refused_for_a_criminal_appeal_naming_the_field() -> None:
    case = _criminal({}, tried=False)
    history = case["events"][:-1]
    event = {"type": "appeal_received", "date": "2026-04-01", "court": "provincial",
             "foreign_element": True}
    found = refusals({**case, "events": history}, event)
    assert [r.code for r in found] == ["bad_details"]
    assert "foreign_element" in found[0].message and "hình sự" in found[0].message
    assert "Điều 286 khoản 4" in found[0].message
    # The simplified procedure is the criminal code's too (Đ.456 k2): accepted.
    assert refusals({**case, "events": history}, {**event, "foreign_element": None,
                                                  "simplified_procedure": True}) != []
    del event["foreign_element"]
    assert refusals({**case, "events": history}, {**event, "simplified_procedure": True}) == []
    # Civil and administrative appeals keep both.
    assert data_problems("appeal_received", {"court": "provincial", "foreign_element": True},
                         "civil") == []
    assert data_problems("appeal_received", {"court": "provincial", "foreign_element": False},
                         "criminal") != []
