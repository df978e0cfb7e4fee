"""The simplified procedure decided and undone (thủ tục rút gọn).

Criminal (BLTTHS): the decision to apply it (`simplified_procedure_applied`, Đ.457 k1: by
the investigation body, the Procuracy or the court, after the case is instituted) replaces
the limit of the stage it is made in — investigation 20 days from the institution (Đ.460
k1) instead of Đ.172, prosecution decision 05 days from the receipt of the file (Đ.461 k1)
instead of Đ.240, trial preparation 10 days from the acceptance (Đ.462 k1) instead of
Đ.277; its cancellation (`simplified_procedure_cancelled`, Đ.458) restarts the ordinary
limit of the stage «kể từ khi có quyết định hủy bỏ» (the whole limit: [M]).
Civil, administrative: the move to the ordinary procedure (`converted_to_ordinary`,
BLTTDS Đ.317 k4, Luật TTHC Đ.246 k3) restarts the preparation limit from that decision.

Dates by hand: criminal day limits end at 24:00 of their last day even when it is a day
off, month limits move to the next working day (BLTTHS Đ.134 k1); civil and
administrative limits move (BLDS Đ.147-148)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from congminh.core.law import evaluate_cases
from congminh.core.law.bulk import evaluate_columns
from congminh.core.law.bulk.columns import from_cases
from congminh.core.law.evaluate import Engine, evaluate_traced
from congminh.core.law.lawful import refusals

AS_OF = date(2026, 6, 1)
Row = tuple[str, date, date, str | None]  # rule, start, due, the event that ended it


def _case(procedure: str, *events: tuple[str, str, dict[str, Any]], **head: Any) -> dict[str, Any]:
    return {"id": f"{procedure}-{len(events)}-{events[-1][1]}", "procedure": procedure, **head,
            "events": [{"type": t, "date": d, **f} for t, d, f in events]}


def _rows(case: dict[str, Any]) -> list[Row]:
    ev = evaluate_traced(case, AS_OF, trace=False)
    assert not ev.reduction.errors, ev.reduction.errors
    return sorted((i.rule.id, i.clock.start, i.dates.due, i.clock.end_event) for i in ev.items
                  if i.dates is not None)


ÍNT = {"category": "less_serious"}
INSTITUTED = ("case_instituted", "2026-03-02", {})  # Monday 02/3/2026
APPLIED = ("simplified_procedure_applied", "2026-03-05", {})
CONCLUDED = ("investigation_concluded", "2026-03-20", {})

CASES: dict[str, tuple[dict[str, Any], list[Row]]] = {
    # Investigation body, 05/3: Đ.460 k1 20 days from the institution 02/3 -> Sunday 22/3
    # (a day limit does not move); Đ.172 ends. Concluded 20/3: Đ.461 k1 05 days -> 25/3.
    "investigation": (
        _case("criminal", INSTITUTED, APPLIED, CONCLUDED, **ÍNT),
        [("BLTTHS-172", date(2026, 3, 2), date(2026, 5, 4), "simplified_procedure_applied"),
         ("BLTTHS-460", date(2026, 3, 2), date(2026, 3, 22), "investigation_concluded"),
         ("BLTTHS-461", date(2026, 3, 20), date(2026, 3, 25), None)]),
    # Cancelled 10/3 during the investigation: Đ.172 k1 (less serious, 02 months) again from
    # 10/3 -> Sunday 10/5 -> Monday 11/5 (a month limit moves); concluded 20/3 under the
    # ordinary procedure: Đ.240 20 days -> 09/4.
    "cancelled_in_investigation": (
        _case("criminal", INSTITUTED, APPLIED, ("simplified_procedure_cancelled", "2026-03-10", {}),
              CONCLUDED, **ÍNT),
        [("BLTTHS-172", date(2026, 3, 2), date(2026, 5, 4), "simplified_procedure_applied"),
         ("BLTTHS-172", date(2026, 3, 10), date(2026, 5, 11), "investigation_concluded"),
         ("BLTTHS-240", date(2026, 3, 20), date(2026, 4, 9), None),
         ("BLTTHS-460", date(2026, 3, 2), date(2026, 3, 22), "simplified_procedure_cancelled")]),
    # The Procuracy applies it on 21/3, the file received on 20/3: Đ.461 from 20/3 -> 25/3
    # instead of Đ.240 (20/3 + 20 days = 09/4); cancelled 23/3: Đ.240 from 23/3 -> Sunday
    # 12/4, not moved.
    "procuracy": (
        _case("criminal", INSTITUTED, CONCLUDED, ("simplified_procedure_applied", "2026-03-21", {}),
              ("simplified_procedure_cancelled", "2026-03-23", {}), **ÍNT),
        [("BLTTHS-172", date(2026, 3, 2), date(2026, 5, 4), "investigation_concluded"),
         ("BLTTHS-240", date(2026, 3, 20), date(2026, 4, 9), "simplified_procedure_applied"),
         ("BLTTHS-240", date(2026, 3, 23), date(2026, 4, 12), None),
         ("BLTTHS-461", date(2026, 3, 20), date(2026, 3, 25), "simplified_procedure_cancelled")]),
    # The court applies it on 04/3 after accepting on 02/3 (serious crime: Đ.277 k1 45
    # days -> 16/4): Đ.462 k1 10 days from the acceptance -> 12/3; brought to trial 10/3:
    # Đ.462 k2 07 days -> 17/3.
    "court": (
        _case("criminal", ("accepted", "2026-03-02", {}), ("simplified_procedure_applied", "2026-03-04", {}),
              ("brought_to_trial", "2026-03-10", {}), category="serious"),
        [("BLTTHS-277", date(2026, 3, 2), date(2026, 4, 16), "simplified_procedure_applied"),
         ("BLTTHS-462", date(2026, 3, 2), date(2026, 3, 12), "brought_to_trial"),
         ("BLTTHS-462-HEARING", date(2026, 3, 10), date(2026, 3, 17), None)]),
    # Accepted under it 02/3, cancelled 05/3: Đ.277 k1 (less serious, 30 days) from 05/3 ->
    # Saturday 04/4, not moved; brought to trial 10/4: the ordinary hearing limit, Đ.277 k3
    # 15 days -> 25/4 (not Đ.462 k2).
    "cancelled_at_trial": (
        _case("criminal", ("accepted", "2026-03-02", {"simplified_procedure": True}),
              ("simplified_procedure_cancelled", "2026-03-05", {}), ("brought_to_trial", "2026-04-10", {}),
              **ÍNT),
        [("BLTTHS-277", date(2026, 3, 5), date(2026, 4, 4), "brought_to_trial"),
         ("BLTTHS-277-HEARING", date(2026, 4, 10), date(2026, 4, 25), None),
         ("BLTTHS-462", date(2026, 3, 2), date(2026, 3, 12), "simplified_procedure_cancelled")]),
    # Civil-family case accepted under it 02/3 (Đ.318 k1 01 month -> 02/4), moved to the
    # ordinary procedure 10/3: Đ.203 k1 a 04 months from 10/3 -> Friday 10/7; brought to
    # trial 10/4: Đ.203 k4 01 month -> Sunday 10/5 -> Monday 11/5.
    "civil": (
        _case("civil", ("accepted", "2026-03-02", {"simplified_procedure": True}),
              ("converted_to_ordinary", "2026-03-10", {}), ("brought_to_trial", "2026-04-10", {}),
              case_kind="civil_family"),
        [("BLTTDS-203", date(2026, 3, 10), date(2026, 7, 10), "brought_to_trial"),
         ("BLTTDS-203-HEARING", date(2026, 4, 10), date(2026, 5, 11), None),
         ("BLTTDS-318", date(2026, 3, 2), date(2026, 4, 2), "converted_to_ordinary")]),
    # Administrative case accepted under it 02/3 (Đ.247 k1 30 days -> 01/4), moved 10/3:
    # Luật TTHC Đ.130 k1 a 04 months from 10/3 -> 10/7; decision 10/4: Đ.130 k3 20 days ->
    # Thursday 30/4, a holiday, -> Monday 04/5 (01/5 holiday, 02-03/5 weekend).
    "administrative": (
        _case("administrative", ("accepted", "2026-03-02", {"simplified_procedure": True}),
              ("converted_to_ordinary", "2026-03-10", {}), ("brought_to_trial", "2026-04-10", {}),
              case_kind="ordinary"),
        [("LTTHC-130", date(2026, 3, 10), date(2026, 7, 10), "brought_to_trial"),
         ("LTTHC-130-HEARING", date(2026, 4, 10), date(2026, 5, 4), None),
         ("LTTHC-247", date(2026, 3, 2), date(2026, 4, 1), "converted_to_ordinary")]),
}


# Detention under the simplified procedure (Đ.459 k3: 20 days to investigate, 05 to
# prosecute, 17 to try at first instance; the order day is day 1, never moved [M]) instead
# of Đ.173 (less serious: 2 custody months), Đ.241, Đ.278. Orders for A on 05/3 -> 24/3,
# 20/3 -> 24/3, 24/3 (accepted under it) -> 09/4.
_A = {"person": "A"}
CASES["detention"] = (
    _case("criminal", INSTITUTED, APPLIED, ("detention_ordered", "2026-03-05", _A), CONCLUDED,
          ("detention_ordered", "2026-03-20", _A), ("indicted", "2026-03-23", {}),
          ("accepted", "2026-03-24", {"simplified_procedure": True}),
          ("detention_ordered", "2026-03-24", _A), **ÍNT),
    [("BLTTHS-172", date(2026, 3, 2), date(2026, 5, 4), "simplified_procedure_applied"),
     ("BLTTHS-459", date(2026, 3, 5), date(2026, 3, 24), "detention_ordered"),
     ("BLTTHS-459", date(2026, 3, 20), date(2026, 3, 24), "detention_ordered"),
     ("BLTTHS-459", date(2026, 3, 24), date(2026, 4, 9), None),
     ("BLTTHS-460", date(2026, 3, 2), date(2026, 3, 22), "investigation_concluded"),
     ("BLTTHS-461", date(2026, 3, 20), date(2026, 3, 25), "indicted"),
     ("BLTTHS-462", date(2026, 3, 24), date(2026, 4, 3), None)])
# Without the decision: Đ.173 k1, 2 custody months = 60 days from 05/3 (day 1) -> 03/5.
CASES["ordinary_detention"] = (
    _case("criminal", INSTITUTED, ("detention_ordered", "2026-03-05", _A), **ÍNT),
    [("BLTTHS-172", date(2026, 3, 2), date(2026, 5, 4), None),
     ("BLTTHS-173", date(2026, 3, 5), date(2026, 5, 3), None)])

# Holding under the simplified procedure (Đ.459 k2: «không được quá 03 ngày kể từ ngày Cơ
# quan điều tra nhận người bị bắt», no extension; the order day is day 1, never moved [M])
# instead of Đ.118: C held on 03/3 before the decision keeps Đ.118 (03 days, from the day
# after: 06/3); B held on Thursday 05/3 after it: 05/3, 06/3, 07/3 -> Saturday 07/3.
CASES["holding"] = (
    _case("criminal", INSTITUTED, ("holding_ordered", "2026-03-03", {"person": "C"}), APPLIED,
          ("holding_ordered", "2026-03-05", {"person": "B"}), **ÍNT),
    [("BLTTHS-118", date(2026, 3, 3), date(2026, 3, 6), None),
     ("BLTTHS-172", date(2026, 3, 2), date(2026, 5, 4), "simplified_procedure_applied"),
     ("BLTTHS-459-HOLDING", date(2026, 3, 5), date(2026, 3, 7), None),
     ("BLTTHS-460", date(2026, 3, 2), date(2026, 3, 22), None)])
# Detention for the appellate trial (Đ.459 k3: «trong giai đoạn xét xử phúc thẩm không quá
# 22 ngày»): the appellate court receives the file on 15/4 under the simplified procedure
# (Đ.456 k2), A detained on Monday 20/4: day 1 20/4, day 22 Monday 11/5. Ordinarily the
# order takes Đ.347 k2 (tests/core/law/test_appellate_custody.py).
_TRIED = (("accepted", "2026-03-02", {}), ("brought_to_trial", "2026-03-20", {}),
          ("judgment_pronounced", "2026-04-10", {}))
_APPEAL_DETENTION = ("detention_ordered", "2026-04-20", _A)
CASES["appellate_detention"] = (
    _case("criminal", *_TRIED, ("appeal_received", "2026-04-15",
                                {"court": "provincial", "simplified_procedure": True}),
          _APPEAL_DETENTION, **ÍNT),
    [("BLTTHS-262", date(2026, 4, 10), date(2026, 4, 20), None),
     ("BLTTHS-277", date(2026, 3, 2), date(2026, 4, 1), "brought_to_trial"),
     ("BLTTHS-277-HEARING", date(2026, 3, 20), date(2026, 4, 4), "judgment_pronounced"),
     ("BLTTHS-333", date(2026, 4, 10), date(2026, 4, 25), None),
     ("BLTTHS-337", date(2026, 4, 10), date(2026, 4, 25), None),
     ("BLTTHS-337-HIGHER", date(2026, 4, 10), date(2026, 5, 10), None),
     ("BLTTHS-346", date(2026, 4, 15), date(2026, 6, 14), None),
     ("BLTTHS-459", date(2026, 4, 20), date(2026, 5, 11), None),
     ("BLTTHS-464", date(2026, 4, 15), date(2026, 4, 30), None)])


@pytest.mark.parametrize("name", list(CASES))
def test_hand_computed_clocks(name: str) -> None:
    case, rows = CASES[name]
    assert _rows(case) == rows


def test_without_the_decision_the_ordinary_limits_run() -> None:
    rows = _rows(_case("criminal", INSTITUTED, CONCLUDED, **ÍNT))
    assert [r[0] for r in rows] == ["BLTTHS-172", "BLTTHS-240"]


def test_the_bulk_path_gives_the_same_answers() -> None:
    engine = Engine.default()
    cases = [case for case, _rows in CASES.values()]
    cases.append(_case("criminal", INSTITUTED, CONCLUDED, **ÍNT))
    columns = from_cases(cases)
    got = evaluate_columns(columns, AS_OF, engine=engine)
    assert got.to_dicts(columns.ids) == list(evaluate_cases(cases, AS_OF, engine=engine))
    # The decisions set a fact the arrays do not derive: those cases are evaluated per case.
    assert int(got.fallback.sum()) == len(CASES)  # detentions name a person: per case too


def _codes(case: dict[str, Any], event: dict[str, Any]) -> list[str]:
    return [r.code for r in refusals(case, event)]


def test_the_decision_needs_an_instituted_case() -> None:
    bare = _case("criminal", ("report_received", "2026-03-01", {}), **ÍNT)
    assert _codes(bare, {"type": "simplified_procedure_applied", "date": "2026-03-05"}) == [
        "missing_prerequisite"]
    instituted = _case("criminal", INSTITUTED, **ÍNT)
    assert _codes(instituted, {"type": "simplified_procedure_applied", "date": "2026-03-05"}) == []


def test_only_a_decision_in_force_can_be_cancelled() -> None:
    instituted = _case("criminal", INSTITUTED, **ÍNT)
    event = {"type": "simplified_procedure_cancelled", "date": "2026-03-10"}
    assert _codes(instituted, event) == ["missing_prerequisite"]
    applied = _case("criminal", INSTITUTED, APPLIED, **ÍNT)
    assert _codes(applied, event) == []
    cancelled = _case("criminal", INSTITUTED, APPLIED, ("simplified_procedure_cancelled", "2026-03-08", {}),
                      **ÍNT)
    assert _codes(cancelled, event) == ["missing_prerequisite"]


def test_the_decisions_follow_whether_the_procedure_applies() -> None:
    """Applied once; cancelled or converted only while it applies (the engine's check of
    the derived fact, refused as out of stage with the article)."""
    applied = _case("criminal", INSTITUTED, APPLIED, **ÍNT)
    again = refusals(applied, {"type": "simplified_procedure_applied", "date": "2026-03-06"})
    assert [(r.code, r.citation) for r in again] == [("wrong_stage", "BLTTHS 2015 Điều 456")]
    assert "đang được giải quyết theo thủ tục rút gọn" in again[0].message
    ordinary = _case("criminal", ("accepted", "2026-03-02", {}), **ÍNT)
    assert _codes(ordinary, {"type": "simplified_procedure_cancelled", "date": "2026-03-04"}) == [
        "wrong_stage"]
    assert _codes(ordinary, {"type": "simplified_procedure_applied", "date": "2026-03-04"}) == []
    civil = _case("civil", ("accepted", "2026-03-02", {}), case_kind="civil_family")
    assert _codes(civil, {"type": "converted_to_ordinary", "date": "2026-03-10"}) == ["wrong_stage"]
    converted = _case("civil", ("accepted", "2026-03-02", {"simplified_procedure": True}),
                      ("converted_to_ordinary", "2026-03-10", {}), case_kind="civil_family")
    assert _codes(converted, {"type": "converted_to_ordinary", "date": "2026-03-12"}) == [
        "missing_prerequisite"]


def test_each_code_has_its_own_event() -> None:
    civil = _case("civil", ("accepted", "2026-03-02", {"simplified_procedure": True}), case_kind="civil_family")
    assert _codes(civil, {"type": "simplified_procedure_cancelled", "date": "2026-03-10"}) == [
        "wrong_procedure"]
    assert _codes(civil, {"type": "converted_to_ordinary", "date": "2026-03-10"}) == []
    criminal = _case("criminal", ("accepted", "2026-03-02", {"simplified_procedure": True}), **ÍNT)
    assert _codes(criminal, {"type": "converted_to_ordinary", "date": "2026-03-10"}) == [
        "wrong_procedure"]


# Appeal and protest windows of a first-instance judgment under the simplified procedure
# (BLTTDS Đ.322, Luật TTHC Đ.251): appeal 07 days from the pronouncement (an absent party:
# from the delivery), protests 07 / 10 days from the Procuracy's receipt of the judgment,
# instead of 15 days / 15 days / 01 month from the pronouncement (BLTTDS Đ.273, Đ.280;
# Luật TTHC Đ.206, Đ.213). Judgment Friday 20/3/2026 -> 27/3; received Monday 23/3 ->
# 30/3 and Thursday 02/4; B given it Wednesday 25/3 -> 01/4. The judgment takes effect the
# day after the last window, 03/4.
WINDOW_RULES = {"civil": ("BLTTDS-322", "BLTTDS-322-ABSENT", "BLTTDS-322-PROTEST",
                          "BLTTDS-322-PROTEST-HIGHER"),
                "administrative": ("LTTHC-251", "LTTHC-251-ABSENT", "LTTHC-251-PROTEST",
                                   "LTTHC-251-PROTEST-HIGHER")}
KIND = {"civil": "civil_family", "administrative": "ordinary"}


def _judged(procedure: str, simplified: bool, *later: tuple[str, str, dict[str, Any]]) -> dict[str, Any]:
    accepted = {"simplified_procedure": True} if simplified else {}
    return _case(procedure, ("accepted", "2026-03-02", accepted), ("brought_to_trial", "2026-03-12", {}),
                 ("judgment_pronounced", "2026-03-20", {}),
                 ("judgment_received_by_procuracy", "2026-03-23", {}),
                 ("judgment_delivered", "2026-03-25", {"person": "B"}), *later, case_kind=KIND[procedure])


@pytest.mark.parametrize("procedure", list(WINDOW_RULES))
def test_simplified_judgment_windows(procedure: str) -> None:
    ev = evaluate_traced(_judged(procedure, True), AS_OF, trace=False)
    assert not ev.reduction.errors
    got = {i.rule.id: (i.clock.start, i.dates.due) for i in ev.items
           if i.rule.kind in ("appeal_window", "protest_window") and i.dates}
    appeal, absent, same, higher = WINDOW_RULES[procedure]
    assert got == {appeal: (date(2026, 3, 20), date(2026, 3, 27)),
                   absent: (date(2026, 3, 25), date(2026, 4, 1)),
                   same: (date(2026, 3, 23), date(2026, 3, 30)),
                   higher: (date(2026, 3, 23), date(2026, 4, 2))}
    assert ev.judgment is not None and ev.judgment.effective_from == date(2026, 4, 3)


@pytest.mark.parametrize("procedure", list(WINDOW_RULES))
def test_an_appeal_on_the_eighth_day_is_late_only_under_the_simplified_procedure(procedure: str) -> None:
    late = ("appeal_lodged", "2026-03-28", {})  # 8th day after 20/3; within 15 days
    for simplified, timely in ((True, False), (False, True)):
        ev = evaluate_traced(_judged(procedure, simplified, late), AS_OF, trace=False)
        assert ev.judgment is not None
        assert [a.timely for a in ev.judgment.appeals] == [timely]


def test_the_windows_bulk_path_gives_the_same_answers() -> None:
    engine = Engine.default()
    cases = [_judged(p, s) for p in WINDOW_RULES for s in (True, False)]
    cases += [_case(p, ("accepted", "2026-03-02", {}), ("judgment_pronounced", "2026-03-20", {}),
                    ("judgment_received_by_procuracy", "2026-03-23", {}), case_kind=KIND[p])
              for p in WINDOW_RULES]
    columns = from_cases(cases)
    got = evaluate_columns(columns, AS_OF, engine=engine)
    assert got.to_dicts(columns.ids) == list(evaluate_cases(cases, AS_OF, engine=engine))
    # An ordinary administrative judgment received by the Procuracy (an event new to that
    # procedure) stays on the arrays; under the simplified procedure the case goes per case.
    assert not got.fallback[-1] and got.fallback[0]


def test_a_simplified_holding_cannot_be_extended() -> None:
    """Đ.459 k2 allows no extension: the engine refuses it, citing the clause."""
    case = _case("criminal", INSTITUTED, APPLIED, ("holding_ordered", "2026-03-05", {"person": "B"}),
                 ("holding_extended", "2026-03-07", {"person": "B", "days": 3}), **ÍNT)
    ev = evaluate_traced(case, AS_OF, trace=False)
    assert ev.result["status"] == "error"
    assert ev.result["errors"] == [
        "Thời hạn tạm giữ theo thủ tục rút gọn là 3 ngày và không được gia hạn (BLTTHS 2015 Điều "
        "459 khoản 2): không thể gia hạn ngày 07/03/2026 (3 ngày)."]
    ordinary = _case("criminal", INSTITUTED, ("holding_ordered", "2026-03-05", {"person": "B"}),
                     ("holding_extended", "2026-03-07", {"person": "B", "days": 3}), **ÍNT)
    assert ("BLTTHS-118", date(2026, 3, 5), date(2026, 3, 11), None) in _rows(ordinary)
    # Refused when recorded, too (the screens and the API); the ordinary holding is not.
    extension = {"type": "holding_extended", "date": "2026-03-07", "person": "B", "days": 3}
    held = _case("criminal", INSTITUTED, APPLIED, ("holding_ordered", "2026-03-05", {"person": "B"}), **ÍNT)
    assert _codes(held, extension) == ["over_cap"]
    assert _codes(_case("criminal", INSTITUTED, ("holding_ordered", "2026-03-05", {"person": "B"}), **ÍNT),
                  extension) == []


# Appeals and protests of a first-instance decision (tạm đình chỉ, đình chỉ) under the
# simplified procedure (BLTTDS Đ.322, Luật TTHC Đ.251: «bản án, quyết định ... theo thủ tục
# rút gọn»): appeal 07 days from the delivery to the party (the decision is not pronounced),
# protests 07 / 10 days from the Procuracy's receipt. Decision 10/3, A given it Wednesday
# 11/3 -> 18/3; the Procuracy receives it Thursday 12/3 -> 19/3 and Sunday 22/3 -> Monday
# 23/3. The numbers are those of the ordinary decision windows; the articles differ.
DECISION_RULES = {"civil": ("BLTTDS-322-DECISION", "BLTTDS-273-DECISION"),
                  "administrative": ("LTTHC-251-DECISION", "LTTHC-206-DECISION")}
ORDINARY_PROTESTS = {"civil": "BLTTDS-280-DECISION", "administrative": "LTTHC-213-DECISION"}


def _decided(procedure: str, simplified: bool) -> dict[str, Any]:
    accepted = {"simplified_procedure": True} if simplified else {}
    return _case(procedure, ("accepted", "2026-03-02", accepted),
                 ("decision_issued", "2026-03-10", {"decision": "termination"}), ("closed", "2026-03-10", {}),
                 ("decision_received", "2026-03-11", {"person": "A"}),
                 ("decision_received_by_procuracy", "2026-03-12", {}), case_kind=KIND[procedure])


@pytest.mark.parametrize("procedure", list(DECISION_RULES))
@pytest.mark.parametrize("simplified", [True, False])
def test_simplified_decision_windows(procedure: str, simplified: bool) -> None:
    ev = evaluate_traced(_decided(procedure, simplified), AS_OF, trace=False)
    assert not ev.reduction.errors
    got = {i.rule.id: (i.clock.start, i.dates.due) for i in ev.items
           if i.rule.kind.startswith("decision_") and i.dates}
    new, old = DECISION_RULES[procedure]
    appeal, same, higher = ((new, f"{new}-PROTEST", f"{new}-PROTEST-HIGHER") if simplified else
                            (old, ORDINARY_PROTESTS[procedure], f"{ORDINARY_PROTESTS[procedure]}-HIGHER"))
    assert got == {appeal: (date(2026, 3, 11), date(2026, 3, 18)),
                   same: (date(2026, 3, 12), date(2026, 3, 19)),
                   higher: (date(2026, 3, 12), date(2026, 3, 23))}


def test_the_new_clocks_bulk_path_gives_the_same_answers() -> None:
    engine = Engine.default()
    cases = [_decided(p, s) for p in DECISION_RULES for s in (True, False)]
    cases += [CASES[name][0] for name in ("holding", "appellate_detention")]
    columns = from_cases(cases)
    got = evaluate_columns(columns, AS_OF, engine=engine)
    assert got.to_dicts(columns.ids) == list(evaluate_cases(cases, AS_OF, engine=engine))


def test_a_due_date_resting_on_an_unconfirmed_start_is_unconfirmed() -> None:
    """The higher Procuracy's 10 days run from the same-level Procuracy's receipt of the
    simplified judgment, which BLTTDS Đ.322 k2 does not settle [M]: the case's explanation
    says the basis is unconfirmed, while the same-level window (settled) stays confirmed."""
    ev = evaluate_traced(_judged("civil", True), AS_OF, trace=True)
    confidence = {i.rule.id: next(s.data["confidence"] for s in i.trace if s.kind == "limit")
                  for i in ev.items}
    assert confidence["BLTTDS-322-PROTEST-HIGHER"] == "M"
    assert confidence["BLTTDS-322-PROTEST"] == "V"
