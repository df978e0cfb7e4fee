"""The national side rebuilds each case's effective log from exchanged event rows as the
province does (`congminh.apps.obligations.services.case_payloads`): withdrawn events and
superseded ones out, rows repeated by overlapping exports counted once, the latest record
of a case kept."""

from __future__ import annotations

import datetime as dt
from typing import Any

from congminh.core.exchange.national import case_payloads

T1 = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
T2 = dt.datetime(2026, 11, 2, tzinfo=dt.UTC)


def _case(updated_at: dt.datetime, **fields: Any) -> dict[str, Any]:
    return {"case_id": 7, "procedure": "criminal", "category": "serious", "case_kind": None,
            "national_security": False, "updated_at": updated_at, **fields}


def _event(event_id: int, kind: str, type_: str, day: int, supersedes: int | None = None,
           details: str = "{}") -> dict[str, Any]:
    return {"event_id": event_id, "case_id": 7, "kind": kind, "type": type_,
            "date": dt.date(2026, 9, day), "details": details, "supersedes_id": supersedes}


def test_withdrawals_corrections_and_overlaps() -> None:
    events = [
        _event(1, "recorded", "case_instituted", 1),
        _event(2, "recorded", "investigation_extended", 20, details='{"months":2}'),
        _event(3, "correction", "investigation_extended", 21, supersedes=2, details='{"months":3}'),
        _event(4, "recorded", "holding_ordered", 2, details='{"person":"P00"}'),
        _event(4, "withdrawal", "holding_ordered", 2, details='{"person":"P00"}'),
        _event(1, "recorded", "case_instituted", 1),  # the same row from an overlapping export
    ]
    cases = [_case(T2, category="very_serious"), _case(T1)]
    assert case_payloads(cases, events) == [{
        "id": 7, "procedure": "criminal", "category": "very_serious", "national_security": False,
        "events": [{"type": "case_instituted", "date": "2026-09-01"},
                   {"months": 3, "type": "investigation_extended", "date": "2026-09-21"}]}]


def test_a_withdrawn_correction_brings_back_the_event_it_corrected() -> None:
    events = [_event(1, "recorded", "case_instituted", 1),
              _event(2, "correction", "case_instituted", 3, supersedes=1),
              _event(2, "withdrawal", "case_instituted", 3, supersedes=1)]
    [payload] = case_payloads([_case(T1)], events)
    assert payload["events"] == [{"type": "case_instituted", "date": "2026-09-01"}]
