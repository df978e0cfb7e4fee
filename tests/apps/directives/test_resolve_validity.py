"""Tasks go to bodies that exist when they are assigned (the 2025 merger)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from congminh.apps.directives.resolve import COLLECTIVE, EXACT, assignee_resolve
from congminh.apps.organisations.models import Organisation, OrganisationAlias

pytestmark = pytest.mark.django_db


def _org(code: str, name: str, kind: str, valid_from: str | None, valid_to: str | None) -> Any:
    return Organisation.objects.create(
        code=code, name=name, kind=kind, level="province", province_code="52",
        valid_from=dt.date.fromisoformat(valid_from) if valid_from else None,
        valid_to=dt.date.fromisoformat(valid_to) if valid_to else None,
    )


def test_expired_alias_resolves_to_the_successor() -> None:
    old = _org("BD-VKS", "Viện kiểm sát nhân dân tỉnh Bình Định", "procuracy", None, "2025-06-30")
    new = _org("GL-VKS", "Viện kiểm sát nhân dân tỉnh Gia Lai", "procuracy", "2025-07-01", None)
    new.predecessors.add(old)
    OrganisationAlias.objects.create(organisation=old, alias="VKSND tỉnh Bình Định")
    res = assignee_resolve("VKSND tỉnh Bình Định", province_code="52", on=dt.date(2026, 11, 26))
    assert res.kind == EXACT
    assert res.chosen == [new.pk]
    # On a date the old body still existed, the name means the old body.
    then = assignee_resolve("VKSND tỉnh Bình Định", province_code="52", on=dt.date(2024, 5, 1))
    assert then.chosen == [old.pk]


def test_collective_proposes_only_bodies_in_existence() -> None:
    _org("BD-STP", "Sở Tư pháp tỉnh Bình Định", "department", None, "2025-06-30")
    current = _org("GL-STP", "Sở Tư pháp tỉnh Gia Lai", "department", "2025-07-01", None)
    res = assignee_resolve("Thủ trưởng các sở, ban, ngành", province_code="52", on=dt.date(2026, 11, 26))
    assert res.kind == COLLECTIVE
    assert res.chosen == [current.pk]
