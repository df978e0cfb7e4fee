"""The seed directive end to end: upload the file, review what the parser read, choose
the bodies it could not match exactly, confirm, and find the periodic obligations."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from congminh.apps.directives.models import Directive, IncomingDocument, Obligation

SEED = Path(__file__).parent / "data" / "chi-thi-hoat-dong-tu-phap.txt"


@time_machine.travel(dt.datetime(2026, 11, 26, 9, tzinfo=dt.UTC), tick=False)
def test_seed_directive_from_upload_to_obligations(
    client: Any, clerk: Any, registry: dict[str, Any], review_post: Any
) -> None:
    client.force_login(clerk)
    upload = SimpleUploadedFile(SEED.name, SEED.read_bytes(), content_type="text/plain")
    response = client.post(reverse("directives:register"), {
        "file": upload, "received_on": "26/11/2026", "file_code": "01-HS/VPTU"})
    doc = IncomingDocument.objects.get()
    assert response["Location"] == reverse("directives:review", args=[doc.pk])
    assert doc.draft["issuer"] == "BAN THƯỜNG VỤ TỈNH ỦY"
    assert doc.draft["number_symbol"] == ""
    assert [t["recurrence"] for t in doc.draft["tasks"]].count("quarterly") == 1
    page = client.get(response["Location"]).content.decode()
    assert "Viện Kiểm sát nhân dân tỉnh" in page
    assert "không tìm thấy số và ký hiệu" in page  # the parser's warning, in Vietnamese

    picks = {
        "Ban cán sự đảng Ủy ban nhân dân tỉnh": [registry["peoples_committee"].pk],
        "Đảng đoàn Hội đồng nhân dân": [registry["council"].pk],
        "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh": [registry["front"].pk],
    }
    response = client.post(response["Location"], review_post(doc.draft, picks))
    directive = Directive.objects.get()
    assert response["Location"] == reverse("directives:detail", args=[directive.pk])
    quarterly = Obligation.objects.filter(organisation=registry["procuracy"],
                                          task__recurrence="quarterly")
    assert [o.period_label for o in quarterly] == ["Q4/2026", "Q1/2027", "Q2/2027", "Q3/2027",
                                                   "Q4/2027"]
    yearly = Obligation.objects.filter(organisation=registry["internal_affairs"])
    assert [o.period_label for o in yearly] == ["2026", "2027"]

    # Registering the same scan again is caught, with a link to the directive.
    again = client.post(reverse("directives:register"), {
        "file": SimpleUploadedFile(SEED.name, SEED.read_bytes()), "received_on": "27/11/2026"})
    assert reverse("directives:detail", args=[directive.pk]) in again.content.decode()
    assert IncomingDocument.objects.count() == 1
