"""The demo generator's flagged cases carry the supervisor's reason, stored as the flag's
audit entry (the record `cases.services.case_flags_set` writes), so the followed list
shows it instead of «(chưa ghi lý do)»."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from congminh.apps.cases.models import Case
from congminh.apps.demo.generator import PUBLIC_CONCERN_REASONS, WRONGFUL_REASONS, generate
from congminh.apps.demo.services import demo_cases_load
from congminh.apps.organisations.services import organisations_load
from congminh.apps.supervision.selectors import flag_reasons

AS_OF = dt.date(2026, 11, 26)


def _from(reason: str, templates: tuple[str, ...]) -> bool:
    return any(reason.startswith(t.split("{")[0]) for t in templates)


def test_flagged_records_have_a_deterministic_reason() -> None:
    records = list(generate("S", 2026, AS_OF, count=1500))
    flagged = [r for r in records if r.public_concern or r.wrongful_conviction_signs]
    assert len(flagged) >= 5
    assert all(r.flag_reason and r.flag_reason[0].isupper() for r in flagged)
    assert not any(r.flag_reason for r in records if r not in flagged)
    wrongful = [r for r in flagged if r.wrongful_conviction_signs]
    assert wrongful and all(_from(r.flag_reason, WRONGFUL_REASONS) for r in wrongful)
    concern = [r for r in flagged if r.public_concern and not r.wrongful_conviction_signs]
    assert concern and all(_from(r.flag_reason, PUBLIC_CONCERN_REASONS) for r in concern)
    # the accused named in the title is the one the reason names
    assert all(r.title.split(" - ")[0].removesuffix(" và đồng phạm") in r.flag_reason
               for r in wrongful)
    again = [r.flag_reason for r in generate("S", 2026, AS_OF, count=1500) if r.flag_reason]
    assert again == [r.flag_reason for r in flagged]


@pytest.mark.django_db
def test_demo_flags_are_audited_with_their_reason(settings: Any) -> None:
    organisations_load()
    demo_cases_load(size="XS", seed=2026, as_of=AS_OF, count=40)
    expected = {r.title: r for r in generate("XS", 2026, AS_OF, count=40) if r.flag_reason}
    cases = list(Case.objects.filter(public_concern=True) | Case.objects.filter(wrongful_conviction_signs=True))
    assert cases and {c.title for c in cases} == set(expected)
    reasons = flag_reasons([c.pk for c in cases])
    for case in cases:
        for name in ("public_concern", "wrongful_conviction_signs"):
            if getattr(case, name):
                entry = reasons[(case.pk, name)]
                assert entry.note == expected[case.title].flag_reason and entry.action == "flag"
