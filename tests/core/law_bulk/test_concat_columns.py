"""Several sets of columns evaluated as one (`concat_columns`, the national path's
partitions of a province in one engine call) and the result cut back per set
(`ResultColumns.cases`) give each set's own answers: grounds renumbered, extras (cases
the columns cannot hold) and ids kept, the open and done clocks and appeals cut by case."""

from __future__ import annotations

from datetime import date
from typing import Any

import numpy as np

from congminh.core.exchange.synthetic import generate
from congminh.core.law.bulk import evaluate_columns
from congminh.core.law.bulk.columns import CaseColumns, concat_columns, from_cases

AS_OF = date(2026, 11, 26)


def _case(case_id: str, procedure: str, events: list[tuple[str, str, dict[str, Any]]],
          **head: Any) -> dict[str, Any]:
    return {"id": case_id, "procedure": procedure, **head,
            "events": [{"type": t, "date": d, **f} for t, d, f in events]}


FIRST = [
    _case("a-1", "criminal", [
        ("accepted", "2025-12-01", {}), ("brought_to_trial", "2026-01-05", {}),
        ("hearing_postponed", "2026-01-15", {"ground": "witness"})], category="very_serious"),
    _case("a-2", "criminal", [
        ("report_received", "2025-01-06", {}), ("report_suspended", "2025-03-01", {"ground": "expertise"})],
        category="serious"),
    # names a person: outside the columns (an extra, evaluated case by case)
    _case("a-3", "criminal", [
        ("case_instituted", "2026-09-01", {}), ("holding_ordered", "2026-09-02", {"person": "A"})],
        category="serious"),
    _case("a-4", "criminal", [
        ("accepted", "2025-09-01", {}), ("brought_to_trial", "2025-10-20", {}),
        ("judgment_pronounced", "2025-12-30", {}), ("judgment_issued", "2026-01-05", {}),
        ("appeal_lodged", "2026-01-14", {})], category="serious"),
]
SECOND = [  # the grounds in another order than FIRST's, and one FIRST lacks
    _case("b-1", "enforcement", [
        ("enforcement_decision_received", "2025-12-30", {}),
        ("postponed", "2026-02-02", {"ground": "evidence"})]),
    _case("b-2", "criminal", [
        ("report_received", "2025-02-03", {}), ("report_suspended", "2025-03-04", {"ground": "expertise"})],
        category="serious"),
    _case("b-3", "criminal", [
        ("accepted", "2025-12-01", {}), ("brought_to_trial", "2026-01-05", {}),
        ("hearing_postponed", "2026-01-15", {"ground": "witness"})], category="less_serious"),
    _case("b-4", "criminal", [("case_instituted", "2026-10-01", {}),
                              ("detention_ordered", "2026-10-02", {"person": "B"})], category="serious"),
]


def _ground_names(columns: CaseColumns) -> list[str | None]:
    return [columns.grounds[g - 1] if g else None for g in columns.ev_ground.tolist()]


def _ids(columns: CaseColumns) -> list[Any]:
    return list(range(columns.n_cases)) if columns.ids is None else columns.ids


def test_columns_evaluated_together_answer_as_each_alone() -> None:
    parts = [from_cases(FIRST), generate(400, 7), from_cases(SECOND), generate(300, 8)]
    assert parts[0].grounds != parts[2].grounds and parts[0].extras and parts[2].extras
    together = concat_columns(parts)
    assert together.n_cases == sum(p.n_cases for p in parts)
    assert sorted(together.extras) == [0 + 2, parts[0].n_cases + 400 + 3]
    # each event keeps its ground's name (the codes renumbered into the merged list)
    assert _ground_names(together) == [g for p in parts for g in _ground_names(p)]
    assert "evidence" in _ground_names(together)
    result = evaluate_columns(together, AS_OF)
    lo = 0
    for part in parts:
        hi = lo + part.n_cases
        alone, cut = evaluate_columns(part, AS_OF), result.cases(lo, hi)
        assert cut.to_dicts(_ids(part)) == alone.to_dicts(_ids(part))
        for name in ("open", "done", "appeals"):
            table, expected = getattr(cut, name), getattr(alone, name)
            assert {k: v.tolist() for k, v in table.items()} == {
                k: v.tolist() for k, v in expected.items() if k in table}, name
        assert np.array_equal(cut.last_stage, alone.last_stage)
        assert sorted(cut.fallback_results) == sorted(alone.fallback_results)
        lo = hi
    assert lo == together.n_cases
    # the first part's cases as the whole: its ids, then the numbers of the id-less parts
    assert together.ids is not None and together.ids[:4] == ["a-1", "a-2", "a-3", "a-4"]
    assert together.ids[4:6] == [0, 1]


def test_one_set_of_columns_is_itself() -> None:
    columns = generate(50, 3)
    assert concat_columns([columns]) is columns
