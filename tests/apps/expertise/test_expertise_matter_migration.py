"""Migration 0004: requests sent before 0003 get the kind of matter their sending event
(`expertise_ordered` with their `ref`) carries, where it belongs to their field; the event
in force counts (withdrawn and corrected ones do not); drafts and requests that already
have a kind are left alone; running it again changes nothing."""

from __future__ import annotations

import datetime as dt
import importlib
from typing import Any

import pytest
from django.apps import apps
from django.utils import timezone

from congminh.apps.expertise import services
from congminh.apps.expertise.models import ExpertiseField, ExpertiseRequest

pytestmark = pytest.mark.django_db
D = dt.date
migration = importlib.import_module(
    "congminh.apps.expertise.migrations.0004_expertiserequest_matter_from_event")


def _sent(case: Any, actor: Any, org: Any, ref: str, field: str, matter: str) -> ExpertiseRequest:
    req = services.expertise_request_create(
        actor=actor, case=case, ref=ref, field=ExpertiseField.objects.get(code=field),
        questions="Giám định.", decided_on=D(2026, 3, 5), organisation=org)
    return services.expertise_request_send(actor=actor, request=req, received_on=D(2026, 3, 10),
                                           expertise_matter=matter)


def _as_before_0003(*reqs: ExpertiseRequest) -> None:
    """Before 0003 the request had no column for the kind: only its event carried it."""
    ExpertiseRequest.objects.filter(pk__in=[r.pk for r in reqs]).update(expertise_matter="")


def _matter(req: ExpertiseRequest) -> str:
    req.refresh_from_db()
    return req.expertise_matter


def test_the_kind_on_the_sending_event_is_copied_onto_the_request(
        criminal_case: Any, users: dict[str, Any], xorgs: dict[str, Any]) -> None:
    police, forensic = users["investigator"], xorgs["forensic"]
    copied = _sent(criminal_case, police, forensic, "1/QĐ", "phap-y", "forensic_laboratory")
    none = _sent(criminal_case, police, forensic, "2/QĐ", "phap-y", "")
    other_field = _sent(criminal_case, police, forensic, "3/QĐ", "tai-chinh", "")
    kept = _sent(criminal_case, police, forensic, "4/QĐ", "phap-y", "forensic_sexual_abuse")
    withdrawn = _sent(criminal_case, police, forensic, "5/QĐ", "phap-y", "forensic_laboratory")
    draft = services.expertise_request_create(
        actor=police, case=criminal_case, ref="6/QĐ", field=ExpertiseField.objects.get(code="phap-y"),
        questions="Giám định.", decided_on=D(2026, 3, 5), organisation=forensic)
    _as_before_0003(copied, none, other_field, withdrawn)
    events = criminal_case.events.filter(type="expertise_ordered")
    # a kind of another field, written on the event before the services checked the pair:
    # the clock ignores it, so the request must not show it
    legacy = events.get(data__ref="3/QĐ")
    legacy.data = {**legacy.data, "expertise_matter": "cultural_product"}
    legacy.save(update_fields=["data"])
    events.filter(data__ref="5/QĐ").update(withdrawn_at=timezone.now())
    # the draft was never sent: no event carries its ref
    assert not events.filter(data__ref="6/QĐ").exists()

    migration.copy_matters(apps, None)
    assert [_matter(r) for r in (copied, none, other_field, kept, withdrawn, draft)] == [
        "forensic_laboratory", "", "", "forensic_sexual_abuse", "", ""]
    migration.copy_matters(apps, None)  # re-runnable: nothing changes
    assert _matter(copied) == "forensic_laboratory"


def test_the_event_in_force_decides() -> None:
    # (id, case id, data, supersedes id): event 2 corrects event 1 (which named a kind),
    # so request 7/QĐ has none; for 8/QĐ the later of two events counts; an event
    # without ref belongs to no request
    events = [
        (2, 10, {"ref": "7/QĐ"}, 1),
        (1, 10, {"ref": "7/QĐ", "expertise_matter": "forensic_laboratory"}, None),
        (3, 10, {"ref": "8/QĐ", "expertise_matter": "forensic_laboratory"}, None),
        (4, 10, {"ref": "8/QĐ", "expertise_matter": "forensic_sexual_abuse"}, None),
        (5, 11, {"expertise_matter": "cultural_product"}, None),
        (6, 11, None, None),
    ]
    assert migration.matters_in_force(events) == {
        (10, "7/QĐ"): "", (10, "8/QĐ"): "forensic_sexual_abuse"}


def test_the_frozen_pairs_are_the_rules_today() -> None:
    from congminh.apps.expertise.matters import matter_fields
    assert matter_fields(D(2026, 12, 3)) == migration.FIELD_OF_MATTER
