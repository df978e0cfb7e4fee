"""The asking body corrects an expertise request until its conclusion (issue #10): who may,
cell by cell; every change audited with its old and new value; a new kind of matter on a
sent request corrects the order event and the clock follows. Due dates by hand."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from congminh.apps.audit.models import AuditEntry
from congminh.apps.cases.models import CaseEvent
from congminh.apps.expertise import services
from congminh.apps.expertise.models import ExpertiseField, ExpertiseRequest
from congminh.apps.expertise.presenters import TRAIL

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("april_first")]
D = dt.date


def _post(req: ExpertiseRequest, **changes: Any) -> dict[str, Any]:
    data = {"field": req.field_id, "expertise_matter": req.expertise_matter,
            "organisation": req.organisation_id or "", "expert": req.expert_id or "",
            "questions": req.questions}
    return {**data, **changes}


# who -> the answer to GET and POST of the edit screen of the police's request to the
# finance department: the asking body may; the body asked, the province's supervisor and
# the Procuracy supervising the case read the request but may not correct it (403); an
# unrelated court does not read it at all (404, as its page).
EDIT = {"investigator": 200, "finance": 403, "supervisor": 403, "prosecutor": 403,
        "police_viewer": 403, "officer_b": 404}


@pytest.mark.parametrize("name", sorted(EDIT))
def test_only_the_asking_body_corrects(name: str, cast: dict[str, Any], finance_request: Any,
                                       web: Any) -> None:
    client = web(cast[name])
    url = reverse("expertise:edit", args=[finance_request.pk])
    assert client.get(url).status_code == EDIT[name]
    posted = client.post(url, _post(finance_request, questions="Câu hỏi đã sửa."))
    assert posted.status_code == (302 if EDIT[name] == 200 else EDIT[name])
    finance_request.refresh_from_db()
    changed = finance_request.questions == "Câu hỏi đã sửa."
    assert changed is (EDIT[name] == 200)
    detail = client.get(reverse("expertise:detail", args=[finance_request.pk]))
    assert (url in detail.content.decode()) is (EDIT[name] == 200)


def test_a_draft_corrected_on_the_screen_is_audited_field_by_field(
        cast: dict[str, Any], xorgs: dict[str, Any], finance_request: Any, web: Any) -> None:
    client = web(cast["investigator"])
    posted = client.post(reverse("expertise:edit", args=[finance_request.pk]), _post(
        finance_request, organisation=xorgs["building"].pk,
        field=ExpertiseField.objects.get(code="xay-dung").pk, questions="Xác định chất lượng công trình."))
    assert posted.status_code == 302
    req = ExpertiseRequest.objects.get(pk=finance_request.pk)
    assert (req.organisation, req.field.code) == (xorgs["building"], "xay-dung")
    entries = AuditEntry.objects.filter(object_type="expertise.expertiserequest", object_id=str(req.pk),
                                        action="expertise_update")
    assert {e.field: (e.old_value, e.new_value) for e in entries} == {
        "organisation": ("Sở Tài chính tỉnh Gia Lai", "Sở Xây dựng tỉnh Gia Lai"),
        "field": ("tai-chinh", "xay-dung"),
        "questions": ("Xác định số tiền thiệt hại.", "Xác định chất lượng công trình.")}
    assert {e.actor_id for e in entries} == {cast["investigator"].pk}
    page = client.get(reverse("expertise:detail", args=[req.pk])).content.decode()
    assert "Cơ quan trưng cầu sửa yêu cầu" in page
    rows = [r for r in TRAIL.history(req) if r["field"] == "lĩnh vực"]
    assert (rows[0]["old"], rows[0]["new"]) == ("Tài chính", "Xây dựng")


def test_nothing_changed_writes_nothing(cast: dict[str, Any], finance_request: Any) -> None:
    before = AuditEntry.objects.count()
    _req, changed = services.expertise_request_update(
        actor=cast["investigator"], request=finance_request, questions=finance_request.questions,
        field=finance_request.field, organisation=finance_request.organisation)
    assert not changed and AuditEntry.objects.count() == before


def test_a_new_kind_of_matter_on_a_sent_request_corrects_the_order_and_the_clock(
        cast: dict[str, Any], xorgs: dict[str, Any], criminal_case: Any) -> None:
    police = cast["investigator"]
    req = services.expertise_request_create(
        actor=police, case=criminal_case, ref="23/QĐ-TCGĐ", field=ExpertiseField.objects.get(code="phap-y"),
        questions="Xác định dấu vết.", decided_on=D(2026, 3, 5), organisation=xorgs["forensic"])
    req = services.expertise_request_send(actor=police, request=req, received_on=D(2026, 3, 9))
    # Luật GĐTP Đ.26a k1: 3 months from the day after receipt, 09/03/2026 -> 09/06/2026.
    assert (req.rule, req.due) == ("GDTP-26A", D(2026, 6, 9))
    req, changed = services.expertise_request_update(
        actor=police, request=req, questions=req.questions, field=req.field,
        expertise_matter="forensic_sexual_abuse", organisation=req.organisation)
    assert changed
    # Thông tư 13/2022/TT-BYT Đ.2 k2a [M]: not over 9 days from the day after receipt:
    # Monday 09/03/2026 + 9 = Wednesday 18/03/2026.
    assert (req.rule, req.due) == ("GDTP-26A", D(2026, 3, 18))
    orders = CaseEvent.objects.filter(case=req.case, type="expertise_ordered", data__ref=req.ref)
    corrected = orders.get(supersedes__isnull=False)
    assert corrected.data["expertise_matter"] == "forensic_sexual_abuse"
    assert corrected.supersedes == orders.get(supersedes__isnull=True)
    assert (corrected.date, corrected.data["expertise_field"]) == (D(2026, 3, 9), "phap-y")
    due = AuditEntry.objects.get(object_id=str(req.pk), action="expertise_update", field="due")
    assert due.new_value == "2026-03-18"


def test_refusals_in_vietnamese(cast: dict[str, Any], finance_request: Any, forensic_request: Any,
                                web: Any) -> None:
    police = cast["investigator"]
    with pytest.raises(ValidationError) as wrong:  # a forensic kind under the finance field
        services.expertise_request_update(
            actor=police, request=finance_request, questions="x", field=finance_request.field,
            expertise_matter="forensic_sexual_abuse", organisation=finance_request.organisation)
    assert "Tài chính" in str(wrong.value)
    with pytest.raises(PermissionDenied):
        services.expertise_request_update(
            actor=cast["finance"], request=finance_request, questions="x",
            field=finance_request.field, organisation=finance_request.organisation)
    client = web(police)
    url = reverse("expertise:edit", args=[finance_request.pk])
    nobody = client.post(url, _post(finance_request, organisation=""))
    assert nobody.status_code == 400
    assert "Hãy ghi tổ chức hoặc người được trưng cầu giám định." in nobody.content.decode()
    sent = services.expertise_request_send(actor=police, request=forensic_request,
                                           received_on=D(2026, 3, 9))
    services.expertise_request_conclude(actor=police, request=sent, date=D(2026, 3, 20))
    closed = client.get(reverse("expertise:edit", args=[sent.pk]), follow=True)
    assert "Yêu cầu đã bị từ chối hoặc đã có kết luận thì không sửa được nữa." in closed.content.decode()
    assert reverse("expertise:edit", args=[sent.pk]) not in closed.content.decode()
