"""Bad files end cleanly (issue 12, item 5): every file of the corpus in
tests/fixtures/bad-files gives a Vietnamese message naming the file and the problem (and
the row where it applies), through the service and through each upload page and API,
never a 500, and an import batch is never left "running"."""

from __future__ import annotations

import csv
import importlib.util
import io
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape
from openpyxl import load_workbook
from test_import import csv_bytes, good, xlsx  # the same builders (test basenames are unique)

from congminh.apps.cases.models import Case
from congminh.apps.imports.models import ImportBatch
from congminh.apps.imports.reader import read_rows
from congminh.apps.imports.services import import_file
from congminh.core.files import FileRejected

CORPUS_DIR = Path(__file__).parents[2] / "fixtures" / "bad-files"


def _corpus() -> Any:
    spec = importlib.util.spec_from_file_location("bad_files_corpus", CORPUS_DIR / "corpus.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


corpus = _corpus()
pytestmark = pytest.mark.django_db

# (file name, bytes maker, expected code): the small files as committed, the big ones
# made now (bombs and the long sheet are never committed).
BIG = {
    "zip-bomb.xlsx": (corpus.zip_bomb_xlsx, "zip_bomb"),
    "unclosed-quote.csv": (corpus.unclosed_quote_csv, "damaged"),
}
SHEETS = [(name, code) for name, (_make, code) in corpus.SHEETS.items()] + [
    (name, code) for name, (_make, code) in BIG.items()]


def sheet_bytes(name: str) -> bytes:
    if name in BIG:
        return bytes(BIG[name][0]())
    return (CORPUS_DIR / "sheets" / name).read_bytes()


def rejection(data: bytes, name: str) -> FileRejected:
    with pytest.raises(FileRejected) as caught:
        for _row in read_rows(data, name):
            pass
    return caught.value


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.mark.parametrize(("name", "code"), SHEETS)
def test_reader_names_the_file_and_the_problem(name: str, code: str) -> None:
    exc = rejection(sheet_bytes(name), name)
    assert exc.code == code
    assert str(exc).startswith(f"Tệp «{name}»")
    if code in ("control_character", "encoding", "too_many_columns"):
        assert exc.row == 2  # the heading row reads, the first data row does not


@pytest.mark.parametrize(("name", "code"), SHEETS)
def test_import_service_fails_the_batch_with_the_reason(users: Any, name: str, code: str) -> None:
    data = sheet_bytes(name)
    batch = import_file(actor=users["investigator"], data=data, file_name=name)
    expected = rejection(data, name)
    assert batch.status == ImportBatch.Status.FAILED and batch.finished_at is not None
    assert batch.errors == [{"row": expected.row or 1, "column": "", "message": str(expected),
                             "text": str(expected)}]
    assert not Case.objects.exists()


@pytest.mark.parametrize(("name", "code"), SHEETS)
def test_import_page_and_api_answer_without_a_500(client: Any, users: Any, name: str, code: str) -> None:
    data = sheet_bytes(name)
    message = escape(str(rejection(data, name)))
    client.force_login(users["admin"])
    page = client.post(reverse("imports:upload"), {"file": SimpleUploadedFile(name, data)})
    if page.status_code == 302:  # accepted by the form: the batch found the problem
        batch = ImportBatch.objects.get()
        assert batch.status == ImportBatch.Status.FAILED
        page = client.get(page["Location"])
    assert page.status_code == 200
    assert message in page.content.decode()
    api = client.post(reverse("api-imports"), {"file": SimpleUploadedFile(name, data)})
    assert api.status_code == 400
    body = api.json()
    said = body["file"] if "file" in body else [e["text"] for e in body["errors"]]
    assert said == [str(rejection(data, name))]
    assert not ImportBatch.objects.filter(status=ImportBatch.Status.RUNNING).exists()


def test_upload_over_the_size_limit_is_not_read(client: Any, users: Any, settings: Any) -> None:
    settings.UPLOAD_LIMITS = {"max_bytes": 4096}
    data = csv_bytes([good(number=f"{i}/2026/HS") for i in range(100)], "utf-8")
    assert len(data) > 4096
    client.force_login(users["admin"])
    page = client.post(reverse("imports:upload"), {"file": SimpleUploadedFile("lon.csv", data)})
    assert page.status_code == 200 and not ImportBatch.objects.exists()
    assert "Tệp «lon.csv»: tệp nặng" in page.content.decode()
    assert "quá giới hạn 4 KB" in page.content.decode()
    api = client.post(reverse("api-imports"), {"file": SimpleUploadedFile("lon.csv", data)})
    assert api.status_code == 400 and "tệp nặng" in api.json()["file"][0]


def test_upload_handler_keeps_nothing_past_the_limit(rf: Any, settings: Any) -> None:
    """The form sees the real size, but not the bytes past the limit."""
    settings.UPLOAD_LIMITS = {"max_bytes": 100_000}
    data = b"a,b\r\n" + b"x,y\r\n" * 100_000
    request = rf.post("/", {"file": SimpleUploadedFile("lon.csv", data)})
    upload = request.FILES["file"]
    assert upload.size == len(data) and upload.read() == b""


def test_row_limit_stops_reading(users: Any, settings: Any) -> None:
    settings.UPLOAD_LIMITS = {"max_rows": 50}
    rows = [good(number=f"{i}/2026/HS") for i in range(60)]
    batch = import_file(actor=users["investigator"], data=csv_bytes(rows, "utf-8"), file_name="dai.csv")
    assert batch.status == ImportBatch.Status.FAILED
    assert batch.errors[0]["text"] == ("Tệp «dai.csv», dòng 51: tệp có hơn 50 dòng, quá giới hạn; "
                                      "hãy chia thành nhiều tệp nhỏ hơn.")
    assert batch.errors[0]["row"] == 51 and not Case.objects.exists()


def test_far_row_of_a_sheet_is_not_reached(settings: Any) -> None:
    """One cell at row 8,000,000: openpyxl would yield every empty row before it."""
    settings.UPLOAD_LIMITS = {"max_rows": 1000}
    exc = rejection(corpus.far_row_xlsx(8_000_000), "xa.xlsx")
    assert (exc.code, exc.row) == ("too_many_rows", 1001)


def test_xlsx_rows_lose_trailing_padding() -> None:
    """A sheet declaring 16,384 columns gives rows of its real cells, not of its width."""
    data = corpus._zip_replace(xlsx([]), {"xl/worksheets/sheet1.xml": (
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<dimension ref="A1:XFD2"/><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>a</t>'
        b'</is></c></row></sheetData></worksheet>')})
    assert list(read_rows(data, "rong.xlsx")) == [("a",)]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be-bom", "utf-16-le", "utf-16-be"])
def test_utf16_csv_imports(users: Any, encoding: str) -> None:
    rows = [good(number="9/2026/HS", **{"Tên vụ án / trích yếu": "Vụ Đắk Đoa"})]
    if encoding == "utf-16-be-bom":
        data = b"\xfe\xff" + csv_bytes(rows, "utf-16-be")
    else:
        data = csv_bytes(rows, encoding)
    batch = import_file(actor=users["investigator"], data=data, file_name="utf16.csv")
    assert batch.status == ImportBatch.Status.DONE and batch.errors == []
    assert Case.objects.get().title == "Vụ Đắk Đoa"


def test_unexpected_failure_fails_the_batch(users: Any, monkeypatch: Any) -> None:
    from congminh.apps.imports import services

    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("ổ đĩa đầy")

    monkeypatch.setattr(services, "case_records_save", broken)
    with pytest.raises(RuntimeError):
        import_file(actor=users["investigator"], data=xlsx([good()]), file_name="a.xlsx")
    batch = ImportBatch.objects.get()
    assert batch.status == ImportBatch.Status.FAILED
    assert "ổ đĩa đầy" in batch.errors[0]["text"]


# --- the oversight registers: each import page, with its own headings ---------------------


def _headings(template: bytes) -> list[str]:
    sheet = load_workbook(io.BytesIO(template), read_only=True).worksheets[0]
    return [str(h) for h in next(sheet.iter_rows(values_only=True)) if h]


def _oversight_pages() -> list[tuple[str, str]]:
    return [
        ("attendance:import", "congminh.apps.attendance.importer"),
        ("complaints:import", "congminh.apps.complaints.register_import"),
        ("evidence:import", "congminh.apps.evidence.request_import"),
        ("expertise:requests_import", "congminh.apps.expertise.request_import"),
        ("expertise:roster_import", "congminh.apps.expertise.roster_import"),
    ]


# Found before the heading row is read (the others are found on row 2, after the page's
# own heading check: the test below makes them with each page's headings).
FILE_LEVEL = [(n, c) for n, c in SHEETS if c not in ("control_character", "encoding", "too_many_columns")
              and n != "unclosed-quote.csv"]


@pytest.mark.parametrize(("url", "module"), _oversight_pages())
@pytest.mark.parametrize(("name", "code"), FILE_LEVEL)
def test_oversight_import_pages_name_the_problem(client: Any, users: Any, url: str, module: str,
                                                 name: str, code: str) -> None:
    data = sheet_bytes(name)
    client.force_login(users["admin"])
    page = client.post(reverse(url), {"file": SimpleUploadedFile(name, data)})
    assert page.status_code == 200
    assert escape(str(rejection(data, name))) in page.content.decode()


@pytest.mark.parametrize(("url", "module"), _oversight_pages())
def test_oversight_import_pages_name_the_row_of_a_control_character(
        client: Any, users: Any, url: str, module: str) -> None:
    headings = _headings(importlib.import_module(module).template_bytes())
    cells = ["ô có \x07 chuông", *["x"] * (len(headings) - 1)]
    out = io.StringIO()
    csv.writer(out).writerows([headings, cells])  # headings hold commas: quoted
    data = out.getvalue().encode()
    client.force_login(users["admin"])
    page = client.post(reverse(url), {"file": SimpleUploadedFile("so.csv", data)})
    assert page.status_code == 200
    assert ("Tệp «so.csv», dòng 2, cột 1: ô chứa ký tự điều khiển U+0007"
            in page.content.decode())


@pytest.mark.parametrize("font", ["tcvn3", "vni"])
def test_csv_typed_in_a_legacy_font_imports(users: Any, font: str) -> None:
    """A whole file typed in a TCVN3 (ABC) or VNI font and saved by a Windows program:
    the bytes are the Windows-1252 characters the font draws as Vietnamese letters (read
    as Windows-1258, some of them would become other letters)."""
    from congminh.core.legacy_encodings import tcvn3_encode, vni_encode

    encode = tcvn3_encode if font == "tcvn3" else vni_encode
    row = good(number="8/2026/HS", **{"Tên vụ án / trích yếu": "Vụ trộm cắp tài sản ở phường Ia Kring",
                                      "Đương sự, bị can": "Nguyễn Thị Hường (bị can)"})
    text = csv_bytes([row], "utf-8").decode()
    data = encode(text).encode("cp1252")
    batch = import_file(actor=users["investigator"], data=data, file_name="abc.csv")
    assert batch.status == ImportBatch.Status.DONE and batch.errors == [], batch.errors
    case = Case.objects.get()
    assert case.title == "Vụ trộm cắp tài sản ở phường Ia Kring"
    assert case.parties.get().name == "Nguyễn Thị Hường"


def test_command_line_imports_give_the_message(users: Any, tmp_path: Any) -> None:
    from django.core.management import CommandError, call_command

    path = tmp_path / "hong.xlsx"
    path.write_bytes(sheet_bytes("truncated.xlsx"))
    expected = str(rejection(path.read_bytes(), path.name))
    for command in (["import", "cases"], ["attendance_import"]):
        with pytest.raises(CommandError) as caught:
            call_command(*command, str(path), stdout=io.StringIO(), stderr=io.StringIO())
        assert str(caught.value) == expected
    assert ImportBatch.objects.get().status == ImportBatch.Status.FAILED
