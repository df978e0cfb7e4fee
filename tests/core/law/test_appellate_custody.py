"""Detention at the appellate level and the simplified procedure cancelled there (BLTTHS).

Đ.347 k2: «Thời hạn tạm giam để chuẩn bị xét xử không được quá thời hạn chuẩn bị xét xử
phúc thẩm quy định tại Điều 346», i.e. 60 days (provincial court) or 90 days (the appellate
court of the Supreme People's Court) from the receipt of the file (Đ.346 k1): an order made
once the appellate court has the file runs that long from its date (day 1, never moved:
Đ.134 k1 [M]) and not past the Đ.346 k1 due date (BLTTHS-346). A first-instance order still
running is used by the appellate court (k2 đoạn 2): it keeps its Đ.329 limit. Đ.347 k3: an
order after the appellate judgment, «45 ngày kể từ ngày tuyên án».

Đ.458: cancelled at the appellate level, the ordinary appellate limits (Đ.346 k1, k2) run
again from the cancellation [M: the whole limit, as at the other stages] for the court that
received the file, and the simplified ones (Đ.464 k2, k3) end.

Dates by hand: criminal day limits end at 24:00 of their last day even when it is a day off
(Đ.134 k1), so none below moves."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from congminh.core.law import evaluate_cases
from congminh.core.law.bulk import evaluate_columns
from congminh.core.law.bulk.columns import from_cases
from congminh.core.law.evaluate import Engine, evaluate_traced
from congminh.core.law.lawful import refusals

AS_OF = date(2026, 6, 10)
APPELLATE = {"BLTTHS-329", "BLTTHS-346", "BLTTHS-346-DECISION", "BLTTHS-346-HEARING", "BLTTHS-347",
             "BLTTHS-347-JUDGMENT", "BLTTHS-459", "BLTTHS-464", "BLTTHS-464-HEARING", "BLTTHS-173"}
Row = tuple[str, date, date, str | None]  # rule, start, due, the event that ended it
Event = tuple[str, str, dict[str, Any]]


def _case(name: str, *events: Event) -> dict[str, Any]:
    return {"id": name, "procedure": "criminal", "category": "less_serious",
            "events": [{"type": t, "date": d, **f} for t, d, f in events]}


def _rows(case: dict[str, Any]) -> list[Row]:
    ev = evaluate_traced(case, AS_OF, trace=False)
    assert not ev.reduction.errors, ev.reduction.errors
    return sorted((i.rule.id, i.clock.start, i.dates.due, i.clock.end_event) for i in ev.items
                  if i.dates is not None and i.rule.id in APPELLATE)


A, B = {"person": "A"}, {"person": "B"}
# Judgment Friday 10/4/2026; A detained on it: Đ.329 k3 45 days, 10/4 + 44 = Sunday 24/5.
TRIED: tuple[Event, ...] = (("accepted", "2026-03-02", {}), ("brought_to_trial", "2026-03-20", {}),
                            ("judgment_pronounced", "2026-04-10", {}),
                            ("detention_ordered", "2026-04-10", A))
PROVINCIAL = ("appeal_received", "2026-04-15", {"court": "provincial"})
SUPREME = ("appeal_received", "2026-04-15", {"court": "supreme_appellate"})
FIRST_ORDER = ("BLTTHS-329", date(2026, 4, 10), date(2026, 5, 24))
# Đ.346 k1 from the receipt 15/4: 60 days -> Sunday 14/6; 90 days -> Tuesday 14/7.
K1_PROVINCIAL = ("BLTTHS-346", date(2026, 4, 15), date(2026, 6, 14))
K1_SUPREME = ("BLTTHS-346", date(2026, 4, 15), date(2026, 7, 14))

CASES: dict[str, tuple[dict[str, Any], list[Row]]] = {
    # The appellate court uses the first-instance order (Đ.347 k2 đoạn 2): Đ.329 runs on.
    "first_order_used": (
        _case("first", *TRIED, PROVINCIAL),
        [(*FIRST_ORDER, None), ("BLTTHS-346", date(2026, 4, 15), date(2026, 6, 14), None),
         ("BLTTHS-346-DECISION", date(2026, 4, 15), date(2026, 5, 30), None)]),
    # A new order on Monday 20/4: 60 days, 20/4 + 59 = Thursday 18/6, capped at the Đ.346 k1
    # due date 14/6.
    "provincial": (
        _case("provincial", *TRIED, PROVINCIAL, ("detention_ordered", "2026-04-20", A)),
        [(*FIRST_ORDER, "detention_ordered"), (*K1_PROVINCIAL, None),
         ("BLTTHS-346-DECISION", date(2026, 4, 15), date(2026, 5, 30), None),
         ("BLTTHS-347", date(2026, 4, 20), date(2026, 6, 14), None)]),
    # Ordered on the receipt day 15/4: 15/4 + 59 = Saturday 13/6, within the cap 14/6.
    "on_receipt": (
        _case("receipt", *TRIED, PROVINCIAL, ("detention_ordered", "2026-04-15", B)),
        [(*FIRST_ORDER, None), (*K1_PROVINCIAL, None),
         ("BLTTHS-346-DECISION", date(2026, 4, 15), date(2026, 5, 30), None),
         ("BLTTHS-347", date(2026, 4, 15), date(2026, 6, 13), None)]),
    # The Supreme People's Court's appellate court: 90 days, 20/4 + 89 = Saturday 18/7,
    # capped at 14/7; Đ.346 k2 75 days -> Monday 29/6.
    "supreme_appellate": (
        _case("supreme", *TRIED, SUPREME, ("detention_ordered", "2026-04-20", A)),
        [(*FIRST_ORDER, "detention_ordered"), (*K1_SUPREME, None),
         ("BLTTHS-346-DECISION", date(2026, 4, 15), date(2026, 6, 29), None),
         ("BLTTHS-347", date(2026, 4, 20), date(2026, 7, 14), None)]),
    # Appellate judgment Friday 05/6, A detained that day: Đ.347 k3 45 days, 05/6 + 44 =
    # Sunday 19/7 (not Đ.329, not capped: the appellate limits ended with the judgment).
    "after_appellate_judgment": (
        _case("judged", *TRIED, PROVINCIAL, ("brought_to_trial", "2026-05-20", {}),
              ("judgment_pronounced", "2026-06-05", {}), ("detention_ordered", "2026-06-05", A)),
        [(*FIRST_ORDER, "detention_ordered"), (*K1_PROVINCIAL, "judgment_pronounced"),
         ("BLTTHS-346-DECISION", date(2026, 4, 15), date(2026, 5, 30), "brought_to_trial"),
         ("BLTTHS-346-HEARING", date(2026, 5, 20), date(2026, 6, 4), "judgment_pronounced"),
         ("BLTTHS-347-JUDGMENT", date(2026, 6, 5), date(2026, 7, 19), None)]),
    # Received 15/4 under the simplified procedure (Đ.464 k2 15 days -> 30/4), cancelled
    # Friday 24/4: Đ.346 k1 60 days -> Tuesday 23/6 and k2 45 days -> Monday 08/6, both
    # from 24/4; the decision to bring the case to trial 01/6 then has the ordinary 15 days
    # (Đ.346 k3 -> Tuesday 16/6, not Đ.464 k3's 07), and A's order of 02/6 the ordinary
    # detention (Đ.347 k2: 02/6 + 59 = 31/7, capped at 23/6), not Đ.459 k3's 22 days.
    "cancelled_on_appeal": (
        _case("cancelled", *TRIED, ("appeal_received", "2026-04-15",
                                    {"court": "provincial", "simplified_procedure": True}),
              ("simplified_procedure_cancelled", "2026-04-24", {}), ("brought_to_trial", "2026-06-01", {}),
              ("detention_ordered", "2026-06-02", A)),
        [(*FIRST_ORDER, "detention_ordered"), (*K1_PROVINCIAL, "simplified_procedure_cancelled"),
         ("BLTTHS-346", date(2026, 4, 24), date(2026, 6, 23), None),
         ("BLTTHS-346-DECISION", date(2026, 4, 24), date(2026, 6, 8), "brought_to_trial"),
         ("BLTTHS-346-HEARING", date(2026, 6, 1), date(2026, 6, 16), None),
         ("BLTTHS-347", date(2026, 6, 2), date(2026, 6, 23), None),
         ("BLTTHS-464", date(2026, 4, 15), date(2026, 4, 30), "simplified_procedure_cancelled")]),
    # Cancelled after the decision to bring the case to trial under it (20/4: Đ.464 k3 07 days
    # -> 27/4), at the Supreme People's Court's appellate court: Đ.346 k1 90 days from 24/4
    # -> Thursday 23/7, k2 75 days -> Wednesday 08/7.
    "cancelled_after_the_decision": (
        _case("decided", *TRIED, ("appeal_received", "2026-04-15",
                                  {"court": "supreme_appellate", "simplified_procedure": True}),
              ("brought_to_trial", "2026-04-20", {}), ("simplified_procedure_cancelled", "2026-04-24", {})),
        [(*FIRST_ORDER, None), (*K1_SUPREME, "simplified_procedure_cancelled"),
         ("BLTTHS-346", date(2026, 4, 24), date(2026, 7, 23), None),
         ("BLTTHS-346-DECISION", date(2026, 4, 24), date(2026, 7, 8), None),
         ("BLTTHS-464", date(2026, 4, 15), date(2026, 4, 30), "brought_to_trial"),
         ("BLTTHS-464-HEARING", date(2026, 4, 20), date(2026, 4, 27), "simplified_procedure_cancelled")]),
}


@pytest.mark.parametrize("name", list(CASES))
def test_hand_computed_clocks(name: str) -> None:
    case, rows = CASES[name]
    assert _rows(case) == rows


def test_the_bulk_path_gives_the_same_answers() -> None:
    engine = Engine.default()
    cases = [case for case, _rows in CASES.values()]
    plain = _case("plain", *TRIED[:3], PROVINCIAL, ("brought_to_trial", "2026-05-20", {}))
    cases.append(plain)
    columns = from_cases(cases)
    got = evaluate_columns(columns, AS_OF, engine=engine)
    assert got.to_dicts(columns.ids) == list(evaluate_cases(cases, AS_OF, engine=engine))
    # Detention orders name a person and the cancellation is not in the columns: per case;
    # the receipt alone (its court now kept for later clocks) stays on the arrays.
    assert got.fallback.tolist() == [True] * len(CASES) + [False]


def _codes(case: dict[str, Any], event: dict[str, Any]) -> list[str]:
    return [r.code for r in refusals(case, event)]


def test_the_appellate_court_may_cancel_in_its_own_record() -> None:
    """The appellate court's record starts at its receipt of the file (Đ.456 k2): the
    simplified procedure it hears the appeal under may be cancelled there (Đ.458), and
    nothing else may be."""
    event = {"type": "simplified_procedure_cancelled", "date": "2026-04-24"}
    simplified = _case("own", ("appeal_received", "2026-04-15",
                               {"court": "provincial", "simplified_procedure": True}))
    assert _codes(simplified, event) == []
    ordinary = _case("own", PROVINCIAL)
    assert _codes(ordinary, event) == ["wrong_stage"]
