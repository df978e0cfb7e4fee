"""The pure generator: deterministic, plausible mixes, lawful orders, caps respected."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from congminh.apps.demo.generator import generate
from congminh.apps.demo.registry import MERGER, POLICE_REFORM, load_registry
from congminh.apps.demo.timeline import (
    COURT_PREPARATION,
    CRIMINAL_PREPARATION,
    INVESTIGATION,
    PROSECUTION,
)
from congminh.core.case_events import allowed_for
from congminh.core.records import CaseRecord

AS_OF = dt.date(2026, 11, 26)


@pytest.fixture(scope="module")
def records() -> list[CaseRecord]:
    return list(generate("S", 7, AS_OF, count=1500))


def test_same_seed_same_records() -> None:
    assert list(generate("XS", 3, AS_OF, count=50)) == list(generate("XS", 3, AS_OF, count=50))
    assert list(generate("XS", 3, AS_OF, count=50)) != list(generate("XS", 4, AS_OF, count=50))


def test_procedure_mix_is_roughly_as_specified(records: list[CaseRecord]) -> None:
    share = {p: n / len(records) for p, n in Counter(r.procedure for r in records).items()}
    assert 0.35 < share["criminal"] < 0.45
    assert 0.30 < share["civil"] < 0.40
    assert 0.03 < share["administrative"] < 0.08
    assert 0.16 < share["enforcement"] < 0.24
    categories = Counter(r.category for r in records if r.procedure == "criminal")
    assert set(categories) == set(INVESTIGATION)


def test_no_event_after_as_of_and_dates_in_order(records: list[CaseRecord]) -> None:
    for r in records:
        dates = [e.date for e in r.events]
        assert dates == sorted(dates) and dates[-1] <= AS_OF
        assert all(allowed_for(e.type, r.procedure) for e in r.events)
        assert all(e.type != "closed" for e in r.events[:-1])


def test_numbers_are_unique_per_body_and_holder_first(records: list[CaseRecord]) -> None:
    seen: set[tuple[str, str]] = set()
    for r in records:
        assert r.numbers[0][0] == r.holder_code
        for pair in r.numbers:
            assert pair not in seen
            seen.add(pair)
    criminal = [r for r in records if any(e.type == "accepted" for e in r.events) and r.procedure == "criminal"]
    assert criminal
    for r in criminal:
        formats = {n.split("/", 2)[2] for _b, n in r.numbers}
        assert {"QĐ-CSĐT", "QĐ-VKS-HS", "TLST-HS"} <= formats


def _months_between(a: dt.date, b: dt.date) -> float:
    return (b - a).days / 30.44


def test_extensions_never_exceed_the_legal_caps(records: list[CaseRecord]) -> None:
    for r in records:
        types = [e.type for e in r.events]
        inv = [e.data["months"] for e in r.events if e.type == "investigation_extended"]
        if r.procedure == "criminal":
            tiers = INVESTIGATION[r.category][1]
            assert len(inv) <= len(tiers) and all(m <= cap for m, cap in zip(inv, tiers, strict=False))
            pro = [e.data["days"] for e in r.events if e.type == "prosecution_extended"]
            assert all(d <= PROSECUTION[r.category][1] for d in pro)
            prep = [e.data["days"] for e in r.events if e.type == "preparation_extended"]
            assert len(prep) <= 1 and all(d <= CRIMINAL_PREPARATION[r.category][2] for d in prep)
            assert types.count("report_extended") <= 1
            assert sum(1 for e in r.events if e.type == "returned_for_investigation"
                       and e.data["by"] == "procuracy") <= 2
        elif r.procedure in ("civil", "administrative"):
            prep = [e.data["months"] for e in r.events if e.type == "preparation_extended"]
            assert len(prep) <= 1 and all(m <= COURT_PREPARATION[r.case_kind][1] for m in prep)


def test_criminal_steps_follow_the_lawful_order(records: list[CaseRecord]) -> None:
    order = ["report_received", "case_instituted", "investigation_concluded", "indicted",
             "accepted", "brought_to_trial", "judgment_pronounced"]
    for r in (r for r in records if r.procedure == "criminal"):
        types = [e.type for e in r.events]
        present = [t for t in order if t in types]
        assert present == order[: len(present)], types
        assert [types.index(t) for t in present] == sorted(types.index(t) for t in present)


def test_bodies_follow_the_reform_dates(records: list[CaseRecord]) -> None:
    codes = load_registry().codes
    for r in records:
        for e in r.events:
            assert e.organisation_code in codes
            if "-H" in e.organisation_code:  # a district body
                assert e.date < MERGER
                if "-CA-H" in e.organisation_code:
                    assert e.date < POLICE_REFORM
            if e.organisation_code.startswith("GL-"):
                assert e.date >= MERGER


def test_a_realistic_share_is_open_suspended_or_returned(records: list[CaseRecord]) -> None:
    open_ = [r for r in records if r.events[-1].type != "closed"]
    assert 0.2 < len(open_) / len(records) < 0.5
    assert any(e.type == "investigation_suspended" and e.data.get("ground") for r in records for e in r.events)
    assert any(e.type == "returned_for_investigation" for r in records for e in r.events)
    assert any(r.public_concern for r in records)


def test_overdue_share_by_the_law_engine(records: list[CaseRecord]) -> None:
    law = pytest.importorskip("congminh.core.law")
    cases = [{
        "id": str(i), "procedure": r.procedure,
        **({"category": r.category} if r.category else {}),
        **({"case_kind": r.case_kind} if r.case_kind else {}),
        "events": [{"type": e.type, "date": e.date.isoformat(), **e.data} for e in r.events],
    } for i, r in enumerate(records) if r.procedure in ("criminal", "civil")]
    statuses = Counter(x["status"] for x in law.evaluate_cases(cases, AS_OF))
    open_ = sum(n for s, n in statuses.items() if s not in ("closed", "error"))
    assert statuses["error"] == 0, statuses
    assert 0.03 < statuses["overdue"] / open_ < 0.15, statuses
