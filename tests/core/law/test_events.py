"""One event catalogue (issue 8 item 4): every fact about an event type is written once in
`congminh.core.law.events` and read from there by the app, the reducer and the bulk path."""

from __future__ import annotations

from typing import Any

import pytest

from congminh.core import case_events
from congminh.core.law import events
from congminh.core.law.awaiting import FINAL_EVENTS, SIDE_EVENTS
from congminh.core.law.bulk.columns import EVENT_CODES, FIELD_VALUES
from congminh.core.law.bulk.derive import (
    EFFECTS,
    N_DCTX,
    decode_derived,
    encode_derived,
)
from congminh.core.law.bulk.rules import N_FCODE
from congminh.core.law.events import DERIVED, EVENT_TYPES, STAGES


def test_the_app_reads_the_same_catalogue() -> None:
    assert case_events.EVENT_TYPES is EVENT_TYPES
    assert case_events.STAGES is STAGES
    assert case_events.data_problems is events.data_problems
    assert case_events.PROCEDURES == ("criminal", "civil", "administrative", "enforcement")


@pytest.mark.parametrize("code", list(EVENT_TYPES))
def test_each_entry_is_complete(code: str) -> None:
    spec = EVENT_TYPES[code]
    assert spec.code == code
    assert spec.label_vi and spec.label_vi[0].isupper()
    assert spec.stage is None or spec.stage in STAGES
    assert spec.procedures and spec.procedures <= events.PROCEDURES
    # Every field an event may carry is listed once; the required ones first.
    assert len(set(spec.optional_fields)) == len(spec.optional_fields)
    assert spec.optional_fields[:len(spec.required_fields)] == spec.required_fields
    if spec.needs_length:
        assert {"months", "days"} <= set(spec.optional_fields)


@pytest.mark.parametrize("code", list(EVENT_TYPES))
def test_effects_name_known_facts_and_fields(code: str) -> None:
    spec = EVENT_TYPES[code]
    fx = spec.effects
    allowed = dict(spec.choices)
    for key, source in fx.copies.items():
        assert key in DERIVED and source in spec.optional_fields, (key, source)
        assert set(allowed[source]) <= set(DERIVED[key]), (key, source)
    for key, value in fx.sets.items():
        # A derived fact, or a detail another event keeps (the simplified procedure).
        kept = {k for other in EVENT_TYPES.values() for k in other.effects.keeps}
        assert value in DERIVED[key] if key in DERIVED else (key in kept and value in (True, False))
    for key, when in fx.advances.items():
        assert key in DERIVED and set(when) <= set(spec.optional_fields)
    for when, stage in fx.custody_stage:
        assert set(when) <= set(DERIVED) and stage in events.CUSTODY_STAGES
    assert fx.answers is None or fx.answers in events.GROUND_ANSWERS
    assert fx.after_judgment in (None, "delivery", "appeal", "protest")
    assert not (fx.suspends and fx.resumes)


def test_derived_sets_read_from_the_catalogue() -> None:
    assert {"closed", "judgment_pronounced", "appeal_lodged"} <= events.PASSIVE
    assert events.GROUND_ANSWERS == {"expertise": "expertise_result_received",
                                     "evidence": "evidence_received"}
    assert sorted(FINAL_EVENTS) == ["closed", "report_dismissed"]
    assert "charges_requalified" in SIDE_EVENTS and "holding_ordered" in SIDE_EVENTS


def test_case_level_events_are_all_modelled_on_the_arrays() -> None:
    """Guard against a silent fallback: every effect of an event the columns hold has an
    array version (a new effect must be added to `bulk/derive.py` too)."""
    unmodelled = [name for name, fx in zip(EVENT_CODES, EFFECTS, strict=True)
                  if fx is not None and fx.unmodelled]
    # A requalification names the new `category`, a field the columns do not carry: such
    # cases never reach the arrays (`columns.from_cases` keeps them as dicts).
    assert unmodelled == ["charges_requalified"]
    suspends = {name for name, fx in zip(EVENT_CODES, EFFECTS, strict=True) if fx and fx.suspends}
    assert suspends == {"report_suspended", "investigation_suspended", "suspended", "postponed"}


def test_code_sizes_come_from_the_codes() -> None:
    assert N_DCTX == 27  # returned_by (3) x verification (3) x appellate (3)
    assert N_FCODE == 81  # by, court, able, at: absent or one of two values each
    assert FIELD_VALUES["by"] == (None, "procuracy", "court")
    assert FIELD_VALUES["able"] == (None, True, False)


@pytest.mark.parametrize("derived", [
    {}, {"returned_by": "procuracy"}, {"verification": "repeated", "appellate": False},
    {"returned_by": "court", "verification": "first", "appellate": True},
])
def test_derived_codes_round_trip(derived: dict[str, Any]) -> None:
    assert decode_derived(encode_derived(derived)) == derived
    assert 0 <= encode_derived(derived) < N_DCTX


def test_the_reducer_applies_the_catalogue_effects() -> None:
    from datetime import date

    from congminh.core.law.evaluate import Engine
    from congminh.core.law.reduce import reduce_case

    engine = Engine.default()
    case = {"id": 1, "procedure": "enforcement", "events": [
        {"type": "enforcement_decision_received", "date": "2026-01-05"},
        {"type": "conditions_verified", "date": "2026-01-20", "able": False},
        {"type": "postponed", "date": "2026-02-02"}, {"type": "resumed", "date": "2026-02-20"},
        {"type": "conditions_verified", "date": "2026-03-02", "able": False},
        {"type": "conditions_verified", "date": "2026-04-02", "able": False}]}
    red = reduce_case(case, engine.rules, engine.calendar, date(2026, 5, 1))
    assert not red.errors
    assert [(p.event, p.end) for p in red.suspensions] == [("postponed", date(2026, 2, 20))]
    # The first unable verification is "first" (a 6-month re-verification clock starts);
    # the second and the third are "repeated", and THADS Đ.44 k2 starts no clock on those.
    reverify = [(c.start, c.context.get("verification")) for c in red.clocks
                if c.rule_id == "THADS-44-REVERIFY"]
    assert reverify == [(date(2026, 1, 20), "first")]
