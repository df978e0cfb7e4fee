"""Record-only event fields (`columns.RECORD_ONLY`) stay on the vectorised path: no rule,
derived fact or effect reads them, and a case carrying them gets the per-case answer."""

from __future__ import annotations

from datetime import date

from congminh.core.law.bulk import evaluate_columns, from_cases
from congminh.core.law.bulk.columns import FIELD_VALUES, RECORD_ONLY
from congminh.core.law.evaluate import evaluate_case
from congminh.core.law.events import DERIVED, EVENT_TYPES
from congminh.core.law.rules import default_rules


def test_no_rule_or_effect_reads_them() -> None:
    read: set[str] = set(FIELD_VALUES) | set(DERIVED)
    for rule in default_rules().all():
        read |= {k for lim in rule.limits for k in lim.when}
        read |= {k for st in rule.starts for k in st.condition_keys}
        read |= {k for when in (*rule.end_when.values(), *rule.reclassify.values()) for k in when}
    for spec in EVENT_TYPES.values():
        read |= set(spec.effects.copies.values()) | set(spec.details)
        read |= {k for cond in spec.effects.advances.values() for k in cond}
    assert not RECORD_ONLY & read


CASES = [
    {"id": 1, "procedure": "civil", "case_kind": "civil_family", "events": [
        {"type": "accepted", "date": "2026-01-05"},
        {"type": "brought_to_trial", "date": "2026-03-02"},
        {"type": "hearing_opened", "date": "2026-03-10"},
        {"type": "judgment_pronounced", "date": "2026-03-10", "presiding_judge": "Lê Văn Cường"},
        {"type": "appeal_received", "date": "2026-04-10", "court": "provincial"},
        {"type": "appellate_outcome", "date": "2026-05-20", "outcome": "annulled", "fault": "subjective",
         "reason": "thu thập chứng cứ chưa đầy đủ"},
        {"type": "closed", "date": "2026-05-21", "reason": "appeal_judgment"}]},
    {"id": 2, "procedure": "civil", "case_kind": "civil_family", "events": [
        {"type": "accepted", "date": "2026-01-05"},
        {"type": "closed", "date": "2026-02-01", "reason": "withdrawn"}]},
]


def test_cases_with_them_are_vectorised_with_the_per_case_answer() -> None:
    as_of = date(2026, 6, 1)
    result = evaluate_columns(from_cases(CASES), as_of)
    assert result.fallback_count == 0
    assert result.to_dicts([c["id"] for c in CASES]) == [evaluate_case(c, as_of) for c in CASES]


def test_a_bad_value_still_goes_to_the_per_case_path() -> None:
    bad = {"id": 3, "procedure": "civil", "case_kind": "civil_family", "events": [
        {"type": "accepted", "date": "2026-01-05"},
        {"type": "judgment_pronounced", "date": "2026-03-10"},
        {"type": "appellate_outcome", "date": "2026-05-20", "outcome": "upheld", "fault": "nobody"}]}
    assert evaluate_columns(from_cases([bad]), date(2026, 6, 1)).fallback_count == 1
