"""Bad documents end cleanly on the directive register and on progress attachments: a
damaged, hostile or too big file is refused with the form's message naming the file and
the problem (HTTP 200), nothing is registered, never a 500."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape
from test_bad_files import CORPUS_DIR, corpus

from congminh.apps.directives import services
from congminh.apps.directives.models import IncomingDocument
from congminh.core.documents import extract_text
from congminh.core.files import FileRejected

pytestmark = pytest.mark.django_db

BIG = {"docx-bomb.docx": (corpus.docx_bomb, "zip_bomb")}
DOCUMENTS = [(name, code) for name, (_make, code) in {**corpus.DOCUMENTS, **BIG}.items()]


def document(name: str, tmp_path: Any) -> tuple[bytes, FileRejected]:
    """The file's bytes and what the extractor says of it."""
    data = bytes(BIG[name][0]()) if name in BIG else (CORPUS_DIR / "documents" / name).read_bytes()
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(FileRejected) as caught:
        extract_text(path)
    return data, caught.value


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.mark.parametrize(("name", "code"), DOCUMENTS)
def test_register_page_refuses_with_the_reason(client: Any, users: Any, tmp_path: Any,
                                               name: str, code: str) -> None:
    data, expected = document(name, tmp_path)
    assert expected.code == code
    client.force_login(users["admin"])
    page = client.post(reverse("directives:register"), {
        "file": SimpleUploadedFile(name, data), "received_on": "26/11/2026"})
    assert page.status_code == 200
    assert escape(str(expected)) in page.content.decode()
    assert not IncomingDocument.objects.exists()


@pytest.mark.parametrize(("name", "code"), DOCUMENTS)
def test_register_service_refuses_with_the_reason(users: Any, tmp_path: Any, name: str,
                                                  code: str) -> None:
    import datetime as dt

    from django.core.exceptions import ValidationError

    data, expected = document(name, tmp_path)
    with pytest.raises(ValidationError) as caught:
        services.incoming_register(actor=users["admin"], received_on=dt.date(2026, 11, 26),
                                   upload=SimpleUploadedFile(name, data))
    assert caught.value.message_dict == {"file": [str(expected)]}
    assert not IncomingDocument.objects.exists()


def test_ocr_page_limit_comes_from_the_settings(client: Any, users: Any, settings: Any) -> None:
    settings.UPLOAD_LIMITS = {"max_ocr_pages": 2}
    client.force_login(users["admin"])
    page = client.post(reverse("directives:register"), {
        "file": SimpleUploadedFile("quet.pdf", corpus.pdf(3)), "received_on": "26/11/2026"})
    assert page.status_code == 200
    assert ("Tệp «quet.pdf»: tệp có 3 trang, quá giới hạn 2 trang để nhận dạng chữ (tệp quét)."
            in page.content.decode())


def test_register_over_the_size_limit(client: Any, users: Any, settings: Any) -> None:
    settings.UPLOAD_LIMITS = {"max_bytes": 1024}
    client.force_login(users["admin"])
    page = client.post(reverse("directives:register"), {
        "file": SimpleUploadedFile("dai.txt", "CHỈ THỊ\n".encode() * 500), "received_on": "26/11/2026"})
    assert page.status_code == 200 and not IncomingDocument.objects.exists()
    assert "Tệp «dai.txt»: tệp nặng 6 KB, quá giới hạn 1 KB." in page.content.decode()


def test_progress_attachment_checked_like_any_upload(tmp_path: Any) -> None:
    from congminh.apps.directives.forms import ProgressForm

    data, expected = document("garbage.pdf", tmp_path)
    form = ProgressForm({"text": "Đã rà soát", "percent": "60"},
                        {"attachment": SimpleUploadedFile("bao-cao.pdf", data)})
    assert not form.is_valid()
    assert form.errors["attachment"] == [str(expected).replace("garbage.pdf", "bao-cao.pdf")]
    ok = ProgressForm({"text": "Đã rà soát", "percent": "60"},
                      {"attachment": SimpleUploadedFile("bao-cao.pdf", corpus.pdf(1))})
    assert ok.is_valid(), ok.errors
