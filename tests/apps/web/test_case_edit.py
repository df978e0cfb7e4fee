"""Officers correct a case's own fields from the web UI; outsiders cannot; all audited."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from congminh.apps.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_officer_raises_a_flag_and_it_is_audited(
    client: Any, users: dict[str, Any], make_case: Any
) -> None:
    case = make_case()
    client.force_login(users["officer_a"])
    url = reverse("web:case_edit", args=[case.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {
        "title": case.title, "summary": "Dư luận địa phương quan tâm", "case_kind": "civil_family",
        "public_concern": "on",
    })
    assert response.status_code == 400  # a supervision flag changes only with a reason
    response = client.post(url, {
        "title": case.title, "summary": "Dư luận địa phương quan tâm", "case_kind": "civil_family",
        "public_concern": "on", "reason": "Báo địa phương phản ánh",
    })
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.public_concern is True
    entry = AuditEntry.objects.get(case_id=case.pk, field="public_concern", action="update")
    assert (entry.old_value, entry.new_value, entry.actor_id) == (False, True, users["officer_a"].pk)
    page = client.get(reverse("web:case_detail", args=[case.pk])).content.decode()
    assert '<span class="badge flag">Dư luận xã hội đặc biệt quan tâm</span>' in page


@pytest.mark.parametrize(("who", "status"), [("officer_b", 404), ("viewer_a", 403), ("supervisor", 403)])
def test_others_cannot_edit(
    client: Any, users: dict[str, Any], make_case: Any, who: str, status: int
) -> None:
    case = make_case()
    client.force_login(users[who])
    url = reverse("web:case_edit", args=[case.pk])
    assert client.post(url, {"title": "Đổi tên", "case_kind": "civil_family"}).status_code == status
    case.refresh_from_db()
    assert case.title != "Đổi tên"


def test_empty_title_is_named(client: Any, users: dict[str, Any], make_case: Any) -> None:
    case = make_case()
    client.force_login(users["officer_a"])
    response = client.post(reverse("web:case_edit", args=[case.pk]), {"title": ""})
    assert response.status_code == 400
    assert 'class="errorlist"' in response.content.decode()
    case.refresh_from_db()
    assert case.title
