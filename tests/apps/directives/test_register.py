"""The incoming register: numbering per body and year, uploads, duplicate detection."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from congminh.apps.audit.models import AuditEntry
from congminh.apps.directives import services
from congminh.apps.directives.models import IncomingDocument

D = dt.date


def _doc(**fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {"issuer": "BAN THƯỜNG VỤ TỈNH ỦY", "type": "KẾ HOẠCH", "number_symbol": None,
            "date": None, "subject": "về cải cách tư pháp", "tasks": []}
    return {**base, **fields}


def test_numbers_run_per_body_and_year(clerk: Any, users: dict[str, Any]) -> None:
    first = services.incoming_register(actor=clerk, received_on=D(2026, 3, 1),
                                       parsed=_doc(number_symbol="1-KH/TU"))
    second = services.incoming_register(actor=clerk, received_on=D(2026, 3, 2),
                                        parsed=_doc(number_symbol="2-KH/TU"))
    next_year = services.incoming_register(actor=clerk, received_on=D(2027, 1, 2),
                                           parsed=_doc(number_symbol="3-KH/TU"))
    other_body = services.incoming_register(actor=users["officer_a"], received_on=D(2026, 3, 3),
                                            parsed=_doc(number_symbol="4-KH/TU"))
    assert [first.incoming_number, second.incoming_number] == [1, 2]
    assert (next_year.year, next_year.incoming_number) == (2027, 1)
    assert other_body.incoming_number == 1
    assert AuditEntry.objects.filter(action="register", object_id=str(first.pk)).exists()


def test_viewers_and_supervisors_cannot_register(users: dict[str, Any]) -> None:
    from django.core.exceptions import PermissionDenied

    for name in ("viewer_a", "supervisor"):
        with pytest.raises(PermissionDenied):
            services.incoming_register(actor=users[name], received_on=D(2026, 3, 1), parsed=_doc())


def test_duplicate_number_symbol_compared_folded(clerk: Any) -> None:
    services.incoming_register(actor=clerk, received_on=D(2026, 3, 1),
                               parsed=_doc(number_symbol="14-KH/TU"))
    with pytest.raises(services.DuplicateDocument) as caught:
        services.incoming_register(actor=clerk, received_on=D(2026, 3, 5), parsed=_doc(
            issuer="Ban Thường vụ Tỉnh ủy", number_symbol="14-kh/tu", subject="khác"))
    assert isinstance(caught.value.existing, IncomingDocument)
    assert IncomingDocument.objects.count() == 1


def test_documents_without_number_compare_subject_and_date(clerk: Any) -> None:
    services.incoming_register(actor=clerk, received_on=D(2026, 3, 1), parsed=_doc())
    # Another unnumbered document of the same issuer is not a duplicate for lacking a number.
    services.incoming_register(actor=clerk, received_on=D(2026, 3, 1),
                               parsed=_doc(subject="về công tác giám định tư pháp"))
    with pytest.raises(services.DuplicateDocument):
        services.incoming_register(actor=clerk, received_on=D(2026, 3, 9),
                                   parsed=_doc(subject="Về cải cách tư pháp"))


def test_confirmed_directive_is_found_as_duplicate(confirmed_seed: Any, clerk: Any,
                                                   seed_parsed: dict[str, Any]) -> None:
    with pytest.raises(services.DuplicateDocument) as caught:
        services.incoming_register(actor=clerk, received_on=D(2026, 11, 27), parsed=seed_parsed)
    assert caught.value.existing == confirmed_seed


def test_upload_registers_and_opens_review(client: Any, clerk: Any) -> None:
    client.force_login(clerk)
    upload = SimpleUploadedFile("chi-thi.txt", "CHỈ THỊ\nvề tăng cường".encode())
    response = client.post(reverse("directives:register"), {
        "file": upload, "received_on": "26/11/2026", "forwarded_to": "Đ/c Phó Chánh Văn phòng",
        "file_code": "HS-01"})
    doc = IncomingDocument.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("directives:review", args=[doc.pk])
    assert (doc.received_on, doc.incoming_number, doc.file_code) == (D(2026, 11, 26), 1, "HS-01")
    assert doc.file.name.endswith(".txt")
    assert client.get(response["Location"]).status_code == 200


def test_bad_input_names_the_field(client: Any, clerk: Any) -> None:
    client.force_login(clerk)
    response = client.post(reverse("directives:register"), {
        "file": SimpleUploadedFile("virus.exe", b"MZ"), "received_on": "31/02/2026"})
    assert response.status_code == 200
    with translation.override("vi"):
        assert gettext("Enter a date as dd/mm/yyyy.") in response.content.decode()
    response = client.post(reverse("directives:register"), {
        "file": SimpleUploadedFile("virus.exe", b"MZ"), "received_on": "26/11/2026"})
    assert ".docx" in response.content.decode()
    assert not IncomingDocument.objects.exists()


def test_duplicate_upload_links_to_existing(client: Any, clerk: Any, confirmed_seed: Any,
                                            monkeypatch: Any, seed_parsed: dict[str, Any]) -> None:
    monkeypatch.setattr(services, "_parse_upload", lambda upload: seed_parsed)
    client.force_login(clerk)
    response = client.post(reverse("directives:register"), {
        "file": SimpleUploadedFile("ban-sao.txt", b"..."), "received_on": "27/11/2026"})
    body = response.content.decode()
    assert response.status_code == 200
    assert reverse("directives:detail", args=[confirmed_seed.pk]) in body
    assert IncomingDocument.objects.count() == 1
