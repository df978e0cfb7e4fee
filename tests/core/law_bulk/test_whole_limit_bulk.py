"""Tiers restating the whole limit (`total_from_start`) on the bulk path: same answers as
the per-case engine, computed on the arrays where they can be (a first extension), per case
otherwise. Dates are worked out by hand in the comments (BLDS 2015 Đ.147 k2, Đ.148 k3, k5)."""

from __future__ import annotations

from datetime import date
from typing import Any

from congminh.core.law import evaluate_cases
from congminh.core.law.bulk import evaluate_columns
from congminh.core.law.bulk.columns import from_cases
from congminh.core.law.evaluate import Engine
from congminh.core.law.rules import RuleSet, load_rule_text

ENGINE = Engine.default()


def _case(case_id: str, procedure: str, events: list[tuple[str, str, dict[str, Any]]],
          **head: Any) -> dict[str, Any]:
    return {"id": case_id, "procedure": procedure, **head,
            "events": [{"type": t, "date": d, **f} for t, d, f in events]}


def _due(result: dict[str, Any], rule: str) -> str:
    return str(next(o["due"] for o in result["open_obligations"] if o["rule"] == rule))


def _same(cases: list[dict[str, Any]], as_of: date, engine: Engine) -> tuple[list[Any], int]:
    columns = from_cases(cases)
    got = evaluate_columns(columns, as_of, engine=engine)
    expected = list(evaluate_cases(cases, as_of, engine=engine))
    assert got.to_dicts(columns.ids) == expected
    return expected, got.fallback_count


def test_first_whole_limit_extension_is_vectorised_and_equal() -> None:
    cases = [
        # BLTTDS Đ.203 k4: decision 31/01/2026, good reason: 2 months from the decision =
        # 31/03/2026 (Tue), not 28/02 + 1 month = 28/03 (Sat) -> 30/03.
        _case("a", "civil", [("accepted", "2025-12-01", {}), ("brought_to_trial", "2026-01-31", {}),
                             ("hearing_extended", "2026-02-20", {"months": 1})],
              case_kind="civil_family"),
        # No extension: 31/01 + 1 month = 28/02 (Sat) -> Mon 02/03/2026.
        _case("b", "civil", [("accepted", "2025-12-01", {}), ("brought_to_trial", "2026-01-31", {})],
              case_kind="civil_family"),
        # An extension in days under the months tier is added to the first end:
        # 28/02 + 20 days = 20/03/2026 (Fri).
        _case("c", "civil", [("accepted", "2025-12-01", {}), ("brought_to_trial", "2026-01-31", {}),
                             ("hearing_extended", "2026-02-20", {"days": 20})],
              case_kind="civil_family"),
        # BLTTHS Đ.277 k3 (days, not moved): 15/04/2026 + 30 days = 15/05/2026 either way.
        _case("d", "criminal", [("accepted", "2026-03-02", {}), ("brought_to_trial", "2026-04-15", {}),
                                ("hearing_extended", "2026-04-25", {"days": 15})],
              category="serious"),
    ]
    results, fallback = _same(cases, date(2026, 4, 30), ENGINE)
    assert fallback == 0
    dues = [_due(r, rule) for r, rule in zip(results, ["BLTTDS-203-HEARING"] * 3
                                              + ["BLTTHS-277-HEARING"], strict=True)]
    assert dues == ["2026-03-31", "2026-03-02", "2026-03-20", "2026-05-15"]


_SECOND_TIER_WHOLE = """
id: TEST-WHOLE
title: Thời hạn thử nghiệm
procedures: [civil]
stage: hearing
kind: hearing
holder: court
citation: {law: BLTTDS 2015, article: 203, clause: 4}
starts:
  - event: brought_to_trial
ends: [hearing_opened, closed]
extend_event: preparation_extended
counting: {first_day_counted: true, roll: next_working_day}
suspension: {effect: none}
limits:
  - duration: {length: 1, unit: months}
    extensions:
      - {max: {length: 1, unit: months}, approver: Tòa án}
      - {total_from_start: {length: 3, unit: months}, approver: Tòa án}
valid_from: "2016-07-01"
confidence: M
"""


def test_later_whole_limit_tier_and_first_day_counted_agree() -> None:
    rule = load_rule_text(_SECOND_TIER_WHOLE, "rules/TEST-WHOLE.yaml")
    assert rule.limits[0].extensions[1].max.length == 1  # 3 months less 1 + 1
    engine = Engine(RuleSet([*ENGINE.rules.all(), rule]), ENGINE.calendar, ENGINE.thresholds)
    cases = [
        # First day counted: 31/01 + 1 month - 1 day = 27/02; + 1 month (added) = 27/03;
        # the second tier restates 3 months from 31/01: 30/04 - 1 day = 29/04/2026 (Wed).
        _case("e", "civil", [("brought_to_trial", "2026-01-31", {}),
                             ("preparation_extended", "2026-02-10", {"months": 1}),
                             ("preparation_extended", "2026-03-10", {"months": 1})],
              case_kind="civil_family"),
        # One extension: 27/02 + 1 month = 27/03/2026 (Fri); at most 29/04 with the second.
        _case("f", "civil", [("brought_to_trial", "2026-01-31", {}),
                             ("preparation_extended", "2026-02-10", {"months": 1})],
              case_kind="civil_family"),
    ]
    results, fallback = _same(cases, date(2026, 3, 20), engine)
    assert fallback == 1  # the second extension (under the whole-limit tier) goes per case
    test_rows = [next(o for o in r["open_obligations"] if o["rule"] == "TEST-WHOLE")
                 for r in results]
    assert [o["due"] for o in test_rows] == ["2026-04-29", "2026-03-27"]
    assert test_rows[1]["max_due"] == "2026-04-29"


def _appellate(case_id: str, procedure: str, extension: dict[str, int], **head: Any) -> dict[str, Any]:
    """Judged at first instance, received on appeal 15/12/2025, brought to the appellate
    trial on Fri 30/01/2026, the hearing put back for a good reason on 20/02/2026."""
    return _case(case_id, procedure, [
        ("accepted", "2025-09-01", {}), ("brought_to_trial", "2025-10-20", {}),
        ("hearing_opened", "2025-11-10", {}), ("judgment_pronounced", "2025-11-10", {}),
        ("appeal_received", "2025-12-15", {"court": "provincial"}),
        ("brought_to_trial", "2026-01-30", {}), ("hearing_extended", "2026-02-20", extension),
    ], **head)


def test_appellate_hearing_tiers_are_vectorised_and_equal() -> None:
    cases = [
        # BLTTDS Đ.286 k2 «thời hạn này là 02 tháng»: 30/01 + 2 months = Mon 30/03/2026.
        _appellate("g", "civil", {"months": 1}, case_kind="civil_family"),
        # Luật TTHC Đ.221 k3 «thời hạn này là 60 ngày»: 30/01 + 60 days = Tue 31/03/2026.
        _appellate("h", "administrative", {"days": 30}, case_kind="ordinary"),
    ]
    results, fallback = _same(cases, date(2026, 3, 5), ENGINE)
    assert fallback == 0
    assert [_due(results[0], "BLTTDS-286-HEARING"), _due(results[1], "LTTHC-221-HEARING")] == [
        "2026-03-30", "2026-03-31"]
