"""Who records the simplified procedure's decisions (`scope.EVENT_RECORDERS`): BLTTHS
Đ.457 k1 and Đ.458 name the investigation body, the Procuracy and the court; the move of a
civil or administrative case to the ordinary procedure is the court's (BLTTDS Đ.317 k3,
Luật TTHC Đ.246 k2)."""

from __future__ import annotations

from congminh.apps.accounts.scope import events_decided_by

CRIMINAL = {"simplified_procedure_applied", "simplified_procedure_cancelled"}


def test_the_three_criminal_bodies_decide_the_simplified_procedure() -> None:
    for kind in ("police", "investigation_agency", "procuracy", "court"):
        assert events_decided_by(kind) >= CRIMINAL, kind
    assert not CRIMINAL & events_decided_by("enforcement_office")


def test_only_the_court_moves_a_case_to_the_ordinary_procedure() -> None:
    assert "converted_to_ordinary" in events_decided_by("court")
    for kind in ("police", "investigation_agency", "procuracy", "enforcement_office"):
        assert "converted_to_ordinary" not in events_decided_by(kind), kind
