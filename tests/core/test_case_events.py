"""The app's event vocabulary follows the law engine's (CONTRACTS.md §1 plus additions)."""

from __future__ import annotations

import pytest

from congminh.core.case_events import EVENT_TYPES, allowed_for, data_problems
from congminh.core.law import events as law_events


def test_every_engine_event_is_accepted_by_the_app() -> None:
    assert set(EVENT_TYPES) == set(law_events.EVENT_TYPES)


@pytest.mark.parametrize(
    ("code", "data"),
    [
        ("returned_for_investigation", {"by": "court", "at": "hearing"}),
        ("expertise_ordered", {"ref": "15/QĐ-TCGĐ", "expertise_kind": "injury", "complex": True}),
        ("complaint_received", {"ref": "KN-1", "against": "custody", "level": "second"}),
        ("suspended", {"ground": "expertise", "ground_ref": "15/QĐ-TCGĐ"}),
        ("judgment_pronounced", {"absent": ["Nguyễn Văn A"]}),
        ("conditions_verified", {"able": False}),
        ("appeal_received", {"court": "supreme_appellate"}),
        ("detention_ordered", {"person": "Trần Văn B", "custody_stage": "trial"}),
    ],
)
def test_details_the_rules_read_are_allowed(code: str, data: dict[str, object]) -> None:
    assert data_problems(code, data) == []


@pytest.mark.parametrize(
    ("code", "data", "problem"),
    [
        ("conditions_verified", {}, "thiếu trường 'able'"),
        ("appeal_received", {"court": "district"}, "trường 'court' phải là một trong"),
        ("expertise_ordered", {"ref": "1", "complex": "có lẽ"}, "trường 'complex' phải là"),
        ("accepted", {"months": 2}, "trường không dùng cho sự kiện này: months"),
    ],
)
def test_bad_details_are_named(code: str, data: dict[str, object], problem: str) -> None:
    assert any(problem in p for p in data_problems(code, data))


def test_procedures() -> None:
    assert allowed_for("case_instituted", "criminal")
    assert not allowed_for("case_instituted", "civil")
    assert allowed_for("suspended", "enforcement")
