"""Officers record every event the law engine knows, with its details, from the case page."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _criminal(make_case: Any) -> Any:
    return make_case(
        holder="court_a", procedure="criminal", category="serious", number="07/2026/TLST-HS",
        title="Vụ cố ý gây thương tích", events=[("accepted", dt.date(2026, 3, 2), {})],
    )


def test_person_ref_and_other_details_are_stored(
    client: Client, users: dict[str, Any], make_case: Any
) -> None:
    case = _criminal(make_case)
    client.force_login(users["officer_a"])
    url = reverse("web:case_event_add", args=[case.pk])
    response = client.post(url, {
        "type": "detention_ordered", "date": "05/03/2026", "person": "Lê Văn Cường",
        "other": "custody_stage=trial",
    })
    assert response.status_code == 302
    event = case.events.latest("id")
    assert event.data == {"person": "Lê Văn Cường", "custody_stage": "trial"}
    response = client.post(url, {
        "type": "expertise_ordered", "date": "06/03/2026", "ref": "15/QĐ-TCGĐ",
        "other": "expertise_kind=injury; complex=không",
    })
    assert response.status_code == 302
    assert case.events.latest("id").data == {
        "ref": "15/QĐ-TCGĐ", "expertise_kind": "injury", "complex": False,
    }


def test_missing_or_bad_details_are_named_in_vietnamese(
    client: Client, users: dict[str, Any], make_case: Any
) -> None:
    case = _criminal(make_case)
    client.force_login(users["officer_a"])
    url = reverse("web:case_event_add", args=[case.pk])
    response = client.post(url, {"type": "detention_ordered", "date": "05/03/2026"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "thiếu trường «Người liên quan»" in page  # the form's label, not the key 'person'
    assert "&#x27;person&#x27;" not in page
    response = client.post(url, {
        "type": "expertise_ordered", "date": "06/03/2026", "ref": "1", "other": "complex",
    })
    assert response.status_code == 400
    assert "phải có dạng «trường=giá trị»" in response.content.decode()
    assert case.events.count() == 1


def test_a_missing_form_field_is_named_by_its_label_and_a_typed_key_as_typed(
    client: Client, users: dict[str, Any], make_case: Any
) -> None:
    """Found in Chromium: «Tòa phúc thẩm nhận hồ sơ» without its court answered
    «thiếu trường 'court'», an English key on a Vietnamese page."""
    case = _criminal(make_case)
    client.force_login(users["officer_a"])
    url = reverse("web:case_event_add", args=[case.pk])
    response = client.post(url, {"type": "appeal_received", "date": "05/03/2026"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "thiếu trường «Tòa phúc thẩm»" in page
    assert "&#x27;court&#x27;" not in page
    response = client.post(url, {"type": "appeal_received", "date": "05/03/2026",
                                 "other": "court=huyen"})
    assert response.status_code == 400  # typed in «Chi tiết khác»: named as typed
    assert "trường &#x27;court&#x27; phải là một trong" in response.content.decode()
