"""The bulk path gives exactly the per-case answers (issue #3 item 6).

Histories are generated stage by stage from the rules themselves: at each step the
candidates are the events the running clocks react to (their ends, extension, suspension,
resumption and reclassification events) plus the events that start a clock of the
procedure; extensions stay within the next tier's cap. A step the per-case engine rejects
is dropped (or, for a few examples, kept on purpose so that error cases are compared too).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from congminh.core.law import evaluate_cases, reduce_case
from congminh.core.law.bulk import evaluate_bulk, evaluate_columns
from congminh.core.law.bulk.columns import from_cases
from congminh.core.law.bulk.dates import DayTables, to_date
from congminh.core.law.clocks import add_length
from congminh.core.law.dates import add_months
from congminh.core.law.evaluate import Engine
from congminh.core.law.rules import Duration

ENGINE = Engine.default()
RULES, CALENDAR = ENGINE.rules, ENGINE.calendar
PROCEDURES = ("criminal", "civil", "administrative", "enforcement")
CATEGORIES = ("less_serious", "serious", "very_serious", "especially_serious")
KINDS = {"civil": ("civil_family", "business_labour"), "administrative": ("ordinary", "short")}
# Events that name a person or a ref: valid, but outside the columns (per-case fallback).
SUBJECT_EVENTS = (
    {"type": "holding_ordered", "person": "A"},
    {"type": "detention_ordered", "person": "B"},
    {"type": "expertise_ordered", "ref": "GD-1", "expertise_kind": "injury"},
    {"type": "evidence_requested", "ref": "CC-1"},
)
FIELD_CHOICES: dict[str, tuple[Any, ...]] = {
    "by": ("procuracy", "court"), "court": ("provincial", "supreme_appellate"),
    "able": (False, True), "at": (None, "preparation", "hearing"),
}
steps = st.tuples(st.integers(0, 10_000), st.integers(0, 75), st.integers(0, 10_000),
                  st.integers(0, 99))


_SUBJECT_PREFIXES = ("holding", "detention", "expertise", "evidence", "complaint", "denunc")


def _candidates(case: dict[str, Any], as_of: date) -> tuple[list[str], list[str]]:
    """(events the running clocks react to, events starting a clock not running yet)."""
    red = reduce_case(case, RULES, CALENDAR, as_of)
    running = {red.rule_versions[i].id for i, c in enumerate(red.clocks) if c.ended is None}
    reactions: set[str] = set()
    for i, clock in enumerate(red.clocks):
        rule = red.rule_versions[i]
        if clock.ended is None:
            reactions |= set(rule.ends) | set(rule.suspend_events) | set(rule.resume_events)
            reactions |= set(rule.reclassify) | ({rule.extend_event} if rule.extend_event else set())
    starts = {spec.event for rule in RULES.versions_for(case["procedure"], as_of)
              for spec in rule.starts}
    # A stage does not start again while it runs (the slot model sends that to per-case).
    twice = {spec.event for rule in RULES.all() if rule.id in running for spec in rule.starts
             if spec.event not in rule.ends}

    def keep(names: set[str]) -> list[str]:
        return sorted(n for n in names - twice
                      if n != "closed" and not n.startswith(_SUBJECT_PREFIXES))

    if red.judgments:
        # After a first-instance judgment: appeals and protests (passive events that only
        # the judgment facts and the `end_when` of the protest windows look at).
        reactions |= {"appeal_lodged", "protest_lodged", "judgment_issued"}
    return keep(reactions), keep(starts)


def _length(case: dict[str, Any], kind: str, day: date, draw: int) -> dict[str, int]:
    """An extension within the cap of the next tier of the clock it extends."""
    red = reduce_case(case, RULES, CALENDAR, day)
    for i, clock in enumerate(red.clocks):
        rule = red.rule_versions[i]
        if clock.ended is None and rule.extend_event == kind:
            tiers = rule.limits[clock.limit_index].extensions
            if len(clock.extensions) < len(tiers):
                cap = tiers[len(clock.extensions)].max
                unit = "months" if cap.unit == "months" else "days"
                size = cap.length if cap.unit in ("months", "days") else 10
                return {unit: 1 + draw % size}
    return {"months" if draw % 2 else "days": 1 + draw % 3}


def _event(case: dict[str, Any], kind: str, day: date, draw: int) -> dict[str, Any]:
    event: dict[str, Any] = {"type": kind, "date": day.isoformat()}
    if kind.endswith("_extended"):
        event.update(_length(case, kind, day, draw))
    if kind == "returned_for_investigation":
        event["by"] = FIELD_CHOICES["by"][draw % 2]
        at = FIELD_CHOICES["at"][draw // 2 % 3]
        if at and event["by"] == "court":
            event["at"] = at
    if kind == "appeal_received":
        event["court"] = FIELD_CHOICES["court"][draw % 2]
    if kind == "protest_lodged" and draw % 3:
        event["level"] = ("same", "higher")[draw % 3 - 1]
    if kind == "conditions_verified":
        event["able"] = draw % 3 != 0 and FIELD_CHOICES["able"][0] or FIELD_CHOICES["able"][1]
    if kind.endswith(("suspended", "postponed")) and draw % 4 == 0:
        event["ground"] = ("expertise", "evidence", "force_majeure")[draw % 3]
    return event


def _lawful(case: dict[str, Any], as_of: date) -> bool:
    return not evaluate_cases([case], as_of, engine=ENGINE).__next__()["errors"]


@st.composite
def cases(draw: st.DrawFn, keep_unlawful: bool) -> dict[str, Any]:
    procedure = draw(st.sampled_from(("criminal", *PROCEDURES)))
    case: dict[str, Any] = {"id": draw(st.integers(0, 10**6)), "procedure": procedure, "events": []}
    if procedure == "criminal":
        case["category"] = draw(st.sampled_from(CATEGORIES))
        if draw(st.booleans()):
            case["national_security"] = draw(st.booleans())
    if procedure in KINDS:
        case["case_kind"] = draw(st.sampled_from(KINDS[procedure]))
    day = draw(st.dates(date(2017, 6, 1), date(2032, 12, 31)))
    for pick, gap, size, extra in draw(st.lists(steps, min_size=1, max_size=14)):
        day += timedelta(days=gap)
        reactions, starts = _candidates(case, day)
        extensions = [n for n in reactions if n.endswith("_extended")]
        names = (extensions if extensions and extra < 30
                 else reactions if reactions and extra < 75 else starts)
        if extra < 3:
            event = {**SUBJECT_EVENTS[extra % len(SUBJECT_EVENTS)], "date": day.isoformat()}
        elif extra < 8:
            event = {"type": "closed", "date": day.isoformat()}
        elif not names:
            continue
        else:
            event = _event(case, names[pick % len(names)], day, size)
        case["events"].append(event)
        if not _lawful(case, day) and not (keep_unlawful and extra > 95):
            case["events"].pop()
    return case


batches = st.lists(cases(keep_unlawful=False), min_size=1, max_size=6)
mixed = st.lists(cases(keep_unlawful=True), min_size=1, max_size=6)
# as_of: days after the batch's first event; period_end: days from as_of (or none).
moments = st.tuples(st.integers(-30, 1200), st.integers(-400, 60), st.booleans())


def _assert_same(batch: list[dict[str, Any]], moment: tuple[int, int, bool]) -> None:
    after, shift, with_period = moment
    first = min((e["date"] for c in batch for e in c["events"]), default="2024-01-01")
    as_of = date.fromisoformat(first) + timedelta(days=after)
    period_end = as_of + timedelta(days=shift) if with_period else None
    expected = list(evaluate_cases(batch, as_of, period_end=period_end, engine=ENGINE))
    got = evaluate_bulk(batch, as_of, period_end=period_end, engine=ENGINE, chunk=4)
    assert len(got) == len(expected)
    for mine, theirs in zip(got, expected, strict=True):
        assert mine == theirs


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(batch=batches, moment=moments)
@example(batch=[{"id": 0, "procedure": "criminal", "category": "less_serious", "events": [
    {"type": "report_received", "date": "2018-01-01"},
    {"type": "report_marked_complex", "date": "2018-01-01"}]}], moment=(0, 0, False))
def test_bulk_equals_per_case_on_lawful_histories(batch: list[dict[str, Any]],
                                                   moment: tuple[int, int, bool]) -> None:
    _assert_same(batch, moment)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(batch=mixed, moment=moments)
def test_bulk_equals_per_case_with_unlawful_steps(batch: list[dict[str, Any]],
                                                   moment: tuple[int, int, bool]) -> None:
    _assert_same(batch, moment)


def _case(procedure: str, events: list[tuple[str, str, dict[str, Any]]],
          **head: Any) -> dict[str, Any]:
    return {"id": f"{procedure}-{len(events)}", "procedure": procedure, **head,
            "events": [{"type": t, "date": d, **f} for t, d, f in events]}


# Judged at first instance, received on appeal, brought to the appellate trial on 30/01/2026.
_APPEALED: list[tuple[str, str, dict[str, Any]]] = [
    ("accepted", "2025-09-01", {}), ("brought_to_trial", "2025-10-20", {}),
    ("hearing_opened", "2025-11-10", {}), ("judgment_pronounced", "2025-11-10", {}),
    ("appeal_received", "2025-12-15", {"court": "provincial"}), ("brought_to_trial", "2026-01-30", {}),
]
FULL_PATHS = [
    _case("criminal", [
        ("report_received", "2025-01-06", {}), ("report_marked_complex", "2025-01-10", {}),
        ("report_extended", "2025-02-20", {"months": 2}),
        ("report_suspended", "2025-03-01", {"ground": "expertise"}),
        ("report_resumed", "2025-03-20", {}), ("case_instituted", "2025-04-01", {}),
        ("investigation_extended", "2025-07-20", {"months": 3}),
        ("investigation_suspended", "2025-08-01", {}), ("investigation_resumed", "2025-09-02", {}),
        ("investigation_extended", "2025-10-25", {"months": 1}),
        ("investigation_concluded", "2025-11-03", {}),
        ("prosecution_extended", "2025-11-20", {"days": 10}),
        ("returned_for_investigation", "2025-11-28", {"by": "procuracy"}),
        ("supplementary_investigation_concluded", "2026-01-09", {}),
    ], category="serious"),
    _case("criminal", [
        ("case_instituted", "2024-02-29", {}), ("investigation_concluded", "2024-06-03", {}),
        ("indicted", "2024-06-20", {}), ("accepted", "2024-07-01", {}),
        ("preparation_extended", "2024-08-10", {"days": 30}),
        ("returned_for_investigation", "2024-08-20", {"by": "court", "at": "preparation"}),
        ("supplementary_investigation_concluded", "2024-09-16", {}),
        ("brought_to_trial", "2024-09-25", {}), ("hearing_extended", "2024-10-05", {"days": 15}),
        ("suspended", "2024-10-08", {}), ("resumed", "2024-10-28", {}),
    ], category="especially_serious", national_security=True),
    _case("criminal", [
        ("appeal_received", "2026-01-30", {"court": "supreme_appellate"}),
    ], category="very_serious"),
    _case("civil", [
        ("accepted", "2026-01-31", {}), ("preparation_extended", "2026-05-20", {"months": 2}),
        ("suspended", "2026-06-01", {}), ("resumed", "2026-07-15", {}),
    ], case_kind="civil_family"),
    _case("administrative", [
        ("accepted", "2026-03-31", {}), ("brought_to_trial", "2026-06-30", {}),
        ("hearing_extended", "2026-07-10", {"days": 10}),
    ], case_kind="short"),
    # Judged cases: windows, issuance, a timely appeal, a late protest, an effective one.
    _case("criminal", [
        ("accepted", "2025-09-01", {}), ("brought_to_trial", "2025-10-20", {}),
        ("judgment_pronounced", "2025-12-30", {}), ("judgment_issued", "2026-01-05", {}),
        ("protest_lodged", "2026-01-10", {"level": "same"}),
        ("appeal_lodged", "2026-01-14", {}), ("protest_lodged", "2026-03-01", {}),
    ], category="serious"),
    _case("civil", [
        ("accepted", "2025-10-01", {}), ("brought_to_trial", "2026-01-10", {}),
        ("judgment_pronounced", "2026-01-31", {}),
        ("protest_lodged", "2026-03-10", {"level": "higher"}),
    ], case_kind="business_labour"),
    _case("administrative", [
        ("accepted", "2025-11-03", {}), ("brought_to_trial", "2026-02-02", {}),
        ("judgment_pronounced", "2026-03-02", {}), ("judgment_issued", "2026-03-20", {}),
    ], case_kind="ordinary"),
    _case("enforcement", [
        ("enforcement_decision_received", "2025-12-30", {}),
        ("conditions_verified", "2026-01-14", {"able": False}),
        ("postponed", "2026-02-02", {"ground": "evidence"}), ("resumed", "2026-03-02", {}),
        ("conditions_verified", "2026-06-10", {"able": False}),
    ]),
    # Statuses without a running clock (issue 8 item 3): waiting for the court's acceptance,
    # for the enforcement after a verification, ended by a dismissal; and a judgment whose
    # appeal/protest windows are open on 26/11/2026 (no event yet on the other days).
    _case("criminal", [
        ("case_instituted", "2025-01-06", {}), ("investigation_concluded", "2025-04-01", {}),
        ("indicted", "2025-04-15", {}),
    ], category="less_serious"),
    _case("enforcement", [
        ("enforcement_decision_received", "2025-11-03", {}),
        ("conditions_verified", "2025-11-20", {"able": True}),
    ]),
    _case("criminal", [
        ("report_received", "2025-06-02", {}), ("report_dismissed", "2025-06-20", {}),
    ], category="serious"),
    _case("criminal", [
        ("accepted", "2026-09-01", {}), ("brought_to_trial", "2026-10-20", {}),
        ("judgment_pronounced", "2026-11-20", {}), ("judgment_issued", "2026-11-24", {}),
    ], category="serious"),
    # Hearings opened and postponed (issue 9, item 2): BLTTHS Đ.297 k2, BLTTDS Đ.233 k1,
    # Luật TTHC Đ.163 k1 clocks from the postponement; the hearing clocks end at the opening.
    _case("criminal", [
        ("accepted", "2025-12-01", {}), ("brought_to_trial", "2026-01-05", {}),
        ("hearing_postponed", "2026-01-15", {"ground": "witness"}),
        ("hearing_opened", "2026-02-10", {}), ("hearing_postponed", "2026-02-10", {}),
    ], category="very_serious"),
    _case("civil", [
        ("accepted", "2026-02-02", {}), ("brought_to_trial", "2026-03-31", {}),
        ("hearing_postponed", "2026-04-15", {}), ("hearing_opened", "2026-05-12", {}),
    ], case_kind="civil_family"),
    _case("administrative", [
        ("accepted", "2026-02-02", {}), ("brought_to_trial", "2026-04-01", {}),
        ("hearing_opened", "2026-04-14", {}), ("hearing_postponed", "2026-04-14", {}),
    ], case_kind="ordinary"),
    # Appellate hearings (issue #9): the decision after the appeal was received starts
    # BLTTDS Đ.286 k2 / Luật TTHC Đ.221 k3, not the first-instance hearing clocks. Decision
    # 30/01/2026: civil, good reason, 2 months from it = Mon 30/03; administrative opened
    # 23/02, within 30 days (Sun 01/03 -> Mon 02/03).
    _case("civil", [*_APPEALED, ("hearing_extended", "2026-02-20", {"months": 1})],
          case_kind="business_labour"),
    _case("administrative", [*_APPEALED, ("hearing_opened", "2026-02-23", {})], case_kind="ordinary"),
    # BLTTHS Đ.346 k3: 15 days from the appellate decision, 30/01 -> Sat 14/02/2026 kept
    # (Đ.134 k1); suspended 05/02, resumed 20/02: 15 days again -> Sat 07/03/2026 [M]. The
    # appellate court's own record, from the receipt of the file, opened on 12/02/2026.
    _case("criminal", [*_APPEALED, ("suspended", "2026-02-05", {}), ("resumed", "2026-02-20", {})],
          category="serious"),
    _case("criminal", [("appeal_received", "2025-12-17", {"court": "supreme_appellate"}),
                       ("brought_to_trial", "2026-01-30", {}), ("hearing_opened", "2026-02-12", {})],
          category="very_serious"),
]
AWAITING_PATHS = {  # index in FULL_PATHS -> (status, awaiting_reason) by as_of
    9: ("awaiting", "Chờ Tòa án thụ lý"),
    10: ("awaiting", "Chờ tổ chức thi hành án"),
    11: ("closed", None),
}


@pytest.mark.parametrize("as_of", [date(2026, 1, 20), date(2026, 4, 28), date(2026, 11, 26)])
def test_full_stage_paths_are_vectorised_and_equal(as_of: date) -> None:
    """Guard against a silent fallback: these lawful paths never leave the arrays."""
    period_end = as_of - timedelta(days=90)
    columns = from_cases(FULL_PATHS)
    result = evaluate_columns(columns, as_of, period_end=period_end, engine=ENGINE)
    assert result.fallback_count == 0
    expected = list(evaluate_cases(FULL_PATHS, as_of, period_end=period_end, engine=ENGINE))
    assert result.to_dicts(columns.ids) == expected


@pytest.mark.parametrize(("as_of", "judged"), [
    (date(2026, 1, 20), ("awaiting", "Chưa ghi nhận bước tố tụng nào của vụ việc")),
    # BLTTHS Đ.134 k1: appeal window to Sat 5/12, protest to Sun 20/12 (days: not moved)
    (date(2026, 11, 24), ("on_time", None)),
    (date(2026, 12, 22), ("awaiting", "Chờ bản án có hiệu lực / quyết định tiếp theo")),
])
def test_awaiting_and_window_statuses_on_the_vectorised_path(
        as_of: date, judged: tuple[str, str | None]) -> None:
    columns = from_cases(FULL_PATHS)
    result = evaluate_columns(columns, as_of, engine=ENGINE)
    assert result.fallback_count == 0
    got = result.to_dicts(columns.ids)
    expected = {**AWAITING_PATHS, 12: judged}
    assert {i: (got[i]["status"], got[i].get("awaiting_reason")) for i in expected} == expected
    assert got == list(evaluate_cases(FULL_PATHS, as_of, engine=ENGINE))


# -- table tests: the array arithmetic against the per-case functions --

DAYS = DayTables(CALENDAR)


@pytest.mark.parametrize(("start", "months", "expected"), [
    (date(2026, 1, 31), 1, date(2026, 2, 28)),
    (date(2024, 1, 31), 1, date(2024, 2, 29)),
    (date(2024, 2, 29), 12, date(2025, 2, 28)),
    (date(2026, 3, 31), 3, date(2026, 6, 30)),
    (date(2026, 8, 31), 6, date(2027, 2, 28)),
    (date(2026, 12, 15), 2, date(2027, 2, 15)),
    (date(2027, 10, 30), 4, date(2028, 2, 29)),
])
def test_month_end_arithmetic(start: date, months: int, expected: date) -> None:
    day = np.array([(start - date(2000, 1, 1)).days], dtype=np.int64)
    assert to_date(DAYS.add_months(day, months)[0]) == expected == add_months(start, months)


@pytest.mark.parametrize("unit", ["days", "months", "custody_months", "working_days", "hours"])
@pytest.mark.parametrize("first_day_counted", [False, True])
def test_add_length_matches_per_case(unit: str, first_day_counted: bool) -> None:
    rng = np.random.default_rng(7)
    starts = rng.integers(0, 14_000, 400)
    lengths = rng.integers(1, 40, 400)
    got = DAYS.add_length(starts, lengths, unit, first_day_counted)
    for start, length, end in zip(starts, lengths, got, strict=True):
        assert to_date(end) == add_length(to_date(start), Duration(int(length), unit), CALENDAR,
                                          first_day_counted)


def test_roll_forward_matches_per_case_around_tet_and_swaps() -> None:
    first = (date(2024, 1, 1) - date(2000, 1, 1)).days
    days = np.arange(first, first + 3 * 366, dtype=np.int64)
    rolled = DAYS.roll(days)
    for day, due in zip(days, rolled, strict=True):
        assert to_date(due) == CALENDAR.roll_forward(to_date(day))


def test_columns_out_of_date_order_go_per_case() -> None:
    """Hand-built columns with a case's events out of date order: per-case sorts them."""
    columns = from_cases(FULL_PATHS[:2])
    lo, hi = int(columns.ev_offsets[0]), int(columns.ev_offsets[1])
    for name in ("ev_type", "ev_day", "ev_len", "ev_unit", "ev_by", "ev_court", "ev_able",
                 "ev_at", "ev_ground", "ev_level"):
        getattr(columns, name)[lo:hi] = getattr(columns, name)[lo:hi][::-1].copy()
    as_of = date(2026, 11, 26)
    result = evaluate_columns(columns, as_of, engine=ENGINE)
    assert result.fallback.tolist() == [True, False]
    assert result.to_dicts(columns.ids) == list(evaluate_cases(FULL_PATHS[:2], as_of, engine=ENGINE))


def test_worker_processes_give_the_same_answers() -> None:
    """Chunks evaluated in forked workers (`workers=2`) come back in case order with the
    single process's answers, fallback cases included."""
    subject = {"id": "subject", "procedure": "criminal", "category": "serious", "events": [
        {"type": "case_instituted", "date": "2026-02-02"},
        {"type": "detention_ordered", "date": "2026-02-03", "person": "A"}]}
    batch = [dict(c, id=f"{c['id']}-{i}") for i in range(3) for c in FULL_PATHS] + [subject]
    as_of = date(2026, 11, 26)
    columns = from_cases(batch)
    single = evaluate_columns(columns, as_of, engine=ENGINE, chunk=3)
    forked = evaluate_columns(columns, as_of, engine=ENGINE, chunk=3, workers=2)
    assert forked.fallback_count == single.fallback_count >= 1
    assert forked.status.tolist() == single.status.tolist()
    expected = list(evaluate_cases(batch, as_of, engine=ENGINE))
    assert forked.to_dicts(columns.ids) == single.to_dicts(columns.ids) == expected
