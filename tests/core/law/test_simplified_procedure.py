"""The simplified procedure at first instance (thủ tục rút gọn): a case accepted under it
(`accepted` with `simplified_procedure: true`) has the chapter's own limits instead of the
ordinary preparation and hearing limits — BLTTDS Đ.318 k1 (01 month, hearing within 10
days; Đ.316 k2), Luật TTHC Đ.247 k1 (30 days, 10 days; Đ.245 k2), BLTTHS Đ.462 (10 days,
07 days; Đ.455). Dates computed by hand: civil and administrative by BLDS Đ.147-148 (a
last day off moves to the next working day), criminal by BLTTHS Đ.134 k1 (days do not move)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from congminh.core.law import evaluate_cases
from congminh.core.law.bulk import evaluate_columns
from congminh.core.law.bulk.columns import from_cases
from congminh.core.law.evaluate import Engine, evaluate_traced

HEAD = {"civil": {"case_kind": "civil_family"}, "administrative": {"case_kind": "ordinary"},
        "criminal": {"category": "less_serious"}}
FIRST_INSTANCE = {
    "civil": ("BLTTDS-203", "BLTTDS-203-HEARING", "BLTTDS-318", "BLTTDS-318-HEARING"),
    "administrative": ("LTTHC-130", "LTTHC-130-HEARING", "LTTHC-247", "LTTHC-247-HEARING"),
    "criminal": ("BLTTHS-277", "BLTTHS-277-HEARING", "BLTTHS-462", "BLTTHS-462-HEARING"),
}


def _case(procedure: str, accepted: dict[str, Any], decided: str | None) -> dict[str, Any]:
    events = [{"type": "accepted", "date": "2026-03-02", **accepted}]
    if decided:
        events.append({"type": "brought_to_trial", "date": decided})
    return {"id": f"{procedure}-{sorted(accepted.items())}-{decided}", "procedure": procedure,
            **HEAD[procedure], "events": events}


def _clocks(case: dict[str, Any], as_of: date = date(2026, 3, 20)) -> dict[str, tuple[date, date | None]]:
    ev = evaluate_traced(case, as_of, trace=False)
    assert not ev.reduction.errors, ev.reduction.errors
    ids = FIRST_INSTANCE[case["procedure"]]
    return {i.rule.id: (i.clock.start, i.dates.due if i.dates else None) for i in ev.items
            if i.rule.id in ids}


SIMPLIFIED = {
    # Accepted Mon 02/3/2026. Civil: + 01 month = Thu 02/4; decision Thu 12/3 + 10 days =
    # Sun 22/3 -> Mon 23/3. Administrative: + 30 days = Wed 01/4; 22/3 -> Mon 23/3 likewise.
    # Criminal: + 10 days = Thu 12/3; decision Thu 12/3 + 07 days = Thu 19/3.
    "civil": {"BLTTDS-318": (date(2026, 3, 2), date(2026, 4, 2)),
              "BLTTDS-318-HEARING": (date(2026, 3, 12), date(2026, 3, 23))},
    "administrative": {"LTTHC-247": (date(2026, 3, 2), date(2026, 4, 1)),
                       "LTTHC-247-HEARING": (date(2026, 3, 12), date(2026, 3, 23))},
    "criminal": {"BLTTHS-462": (date(2026, 3, 2), date(2026, 3, 12)),
                 "BLTTHS-462-HEARING": (date(2026, 3, 12), date(2026, 3, 19))},
}


@pytest.mark.parametrize("procedure", ["civil", "administrative", "criminal"])
def test_a_case_accepted_under_the_simplified_procedure_has_its_own_limits(procedure: str) -> None:
    got = _clocks(_case(procedure, {"simplified_procedure": True}, "2026-03-12"))
    assert got == SIMPLIFIED[procedure]
    first, *_rest = SIMPLIFIED[procedure].items()
    assert _clocks(_case(procedure, {"simplified_procedure": True}, None)) == dict([first])


@pytest.mark.parametrize("procedure", ["civil", "administrative", "criminal"])
@pytest.mark.parametrize("accepted", [{}, {"simplified_procedure": False}])
def test_an_ordinary_case_keeps_the_ordinary_limits(procedure: str, accepted: dict[str, Any]) -> None:
    ordinary, hearing, *_simplified = FIRST_INSTANCE[procedure]
    assert set(_clocks(_case(procedure, accepted, "2026-03-12"))) == {ordinary, hearing}


def test_a_new_acceptance_without_the_detail_is_ordinary_again() -> None:
    # The first-instance judgment was annulled and the case accepted again, not under the
    # simplified procedure: BLTTDS Đ.203 (4 months for a civil-family case) from 01/6/2026.
    case = _case("civil", {"simplified_procedure": True}, "2026-03-12")
    case["events"] += [{"type": "judgment_pronounced", "date": "2026-03-20"},
                       {"type": "accepted", "date": "2026-06-01"}]
    got = _clocks(case, date(2026, 6, 5))
    assert got["BLTTDS-203"] == (date(2026, 6, 1), date(2026, 10, 1))
    assert "BLTTDS-318" in got  # the first acceptance's, met on 12/3


def test_the_bulk_path_gives_the_same_answers() -> None:
    engine = Engine.default()
    cases = [_case(p, a, d) for p in HEAD for d in (None, "2026-03-12")
             for a in ({}, {"simplified_procedure": True}, {"simplified_procedure": False})]
    columns = from_cases(cases)
    got = evaluate_columns(columns, date(2026, 3, 20), engine=engine)
    assert got.to_dicts(columns.ids) == list(evaluate_cases(cases, date(2026, 3, 20), engine=engine))
