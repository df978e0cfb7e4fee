"""core.files and the document extractor's limits: the type by extension and content,
ZIP containers judged from their directory, pages and pixels counted before anything is
decoded, OCR within its time. Pure Python, no database."""

from __future__ import annotations

import importlib.util
import io
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from congminh.core.documents import extract
from congminh.core.documents.extract import extract_text
from congminh.core.files import (
    FileLimits,
    FileRejected,
    check_size,
    check_zip,
    kind_of,
    looks_like_text,
)

TESTS = Path(__file__).parents[1]
SCAN = TESTS / "core/documents/fixtures/tb-831-scan.png"


def _corpus() -> Any:
    spec = importlib.util.spec_from_file_location("bad_files_corpus",
                                                  TESTS / "fixtures/bad-files/corpus.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


corpus = _corpus()


@pytest.mark.parametrize(("name", "head", "kind"), [
    ("so.xlsx", b"PK\x03\x04rest", "xlsx"),
    ("SO.XLSM", b"PK\x03\x04rest", "xlsx"),
    ("ct.docx", b"PK\x03\x04rest", "docx"),
    ("so.csv", "Cơ quan,Số\r\n".encode(), "text"),
    ("so.csv", "Cơ quan,Số\r\n".encode("utf-16"), "text"),
    ("so.csv", "Co quan,So\r\n".encode("utf-16-le"), "text"),  # no BOM: the NULs say it
    ("so.csv", b"a,b\r\n1,\x002\r\n" + b"x" * 500, "text"),  # one NUL: the reader names its row
    ("tb.pdf", b"%PDF-1.7\n", "pdf"),
    ("tb.pdf", b"\r\n%PDF-1.4\n", "pdf"),
    ("scan.png", b"\x89PNG\r\n\x1a\n....", "png"),
    ("scan.JPG", b"\xff\xd8\xff\xe0", "jpeg"),
    ("bm.csv", b"BMW,Mazda\r\n1,2\r\n", "text"),  # a text starting like a bitmap
])
def test_kind_by_extension_and_content(name: str, head: bytes, kind: str) -> None:
    assert kind_of(name, head) == kind


@pytest.mark.parametrize(("name", "head", "said"), [
    ("so.xls", b"\xd0\xcf\x11\xe0", "chỉ nhận các loại tệp .xlsx, .csv"),
    ("so", b"a,b", "chỉ nhận các loại tệp .xlsx, .csv"),
    ("so.xlsx", b"", "tệp rỗng (0 byte)"),
    ("so.xlsx", b"a,b\r\n", "nội dung không phải một tệp Excel (.xlsx)"),
    ("so.csv", b"PK\x03\x04", "nội dung là một tệp nén ZIP, không phải một tệp văn bản (CSV hoặc TXT)"),
    ("so.csv", bytes(range(256)) * 4, "nội dung là dữ liệu nhị phân"),
])
def test_kind_refused_with_the_reason(name: str, head: bytes, said: str) -> None:
    with pytest.raises(FileRejected) as caught:
        kind_of(name, head, accept=(".xlsx", ".csv"))
    assert str(caught.value).startswith(f"Tệp «{name}»: {said}")


def test_text_detection() -> None:
    assert looks_like_text("Tòa án nhân dân".encode())
    assert looks_like_text("Toa an".encode("utf-16-be"))
    assert not looks_like_text(bytes(range(256)))


def test_size_limit_message() -> None:
    with pytest.raises(FileRejected) as caught:
        check_size("lon.csv", 73 * 1024 * 1024, FileLimits(max_bytes=50 * 1024 * 1024))
    assert str(caught.value) == "Tệp «lon.csv»: tệp nặng 73,0 MB, quá giới hạn 50,0 MB."
    assert caught.value.code == "too_big"


def _zip(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return out.getvalue()


def test_zip_judged_from_its_directory() -> None:
    noise = corpus._noise(300_000)  # incompressible: ratio about 1
    with pytest.raises(FileRejected) as total:
        check_zip("a.xlsx", _zip({"a": noise, "b": noise}), FileLimits(max_unzipped_bytes=500_000))
    assert total.value.code == "zip_bomb" and "quá giới hạn" in str(total.value)
    with pytest.raises(FileRejected) as entries:
        check_zip("a.xlsx", _zip({f"p{i}": b"x" for i in range(20)}), FileLimits(max_zip_entries=10))
    assert "20 phần, quá giới hạn 10" in str(entries.value)
    with pytest.raises(FileRejected) as ratio:
        check_zip("a.xlsx", _zip({"xl/big.xml": b"<a/>" * (1 << 20)}))
    assert "phần «xl/big.xml» nén" in str(ratio.value)
    check_zip("a.xlsx", _zip({"a": noise}))  # an ordinary container passes
    # Parts held in memory have the lower limit: a Word file's, a spreadsheet's but its sheets.
    low = FileLimits(max_document_unzipped_bytes=1000)
    check_zip("a.xlsx", _zip({"xl/worksheets/sheet1.xml": noise}), low)
    for name, document in (("xl/sharedStrings.xml", False), ("word/document.xml", True)):
        with pytest.raises(FileRejected):
            check_zip("a.xlsx", _zip({name: noise}), low, document=document)


@pytest.mark.parametrize(("name", "code"), [(n, c) for n, (_m, c) in corpus.DOCUMENTS.items()])
def test_extract_refuses_the_document_corpus(name: str, code: str) -> None:
    path = TESTS / "fixtures/bad-files/documents" / name
    with pytest.raises(FileRejected) as caught:
        extract_text(path)
    assert caught.value.code == code
    assert str(caught.value).startswith(f"Tệp «{name}»")


def test_extract_names_the_upload_not_the_temporary_file(tmp_path: Path) -> None:
    path = tmp_path / "document.docx"
    path.write_bytes(corpus.docx_bomb())
    with pytest.raises(FileRejected) as caught:
        extract_text(path, name="Chỉ thị 12.docx")
    assert caught.value.code == "zip_bomb"
    assert str(caught.value).startswith("Tệp «Chỉ thị 12.docx»: phần «word/document.xml» nén")


def test_image_pixels_counted_from_the_header(tmp_path: Path) -> None:
    path = tmp_path / "scan.png"
    path.write_bytes(corpus.png(1200, 1000))
    limits = FileLimits(max_image_pixels=1_000_000)
    with pytest.raises(FileRejected) as caught, pytest.warns(Image.DecompressionBombWarning):
        extract_text(path, limits=limits)
    assert str(caught.value) == ("Tệp «scan.png»: ảnh có 1200 × 1000 điểm ảnh, quá giới hạn "
                                 "1.000.000 điểm ảnh.")
    path.write_bytes(corpus.png(2000, 1500))  # over twice the limit: PIL's own cap refuses
    with pytest.raises(FileRejected) as pil:
        extract_text(path, limits=limits)
    assert str(pil.value) == ("Tệp «scan.png»: ảnh có 3.000.000 điểm ảnh, quá giới hạn "
                              "1.000.000 điểm ảnh.")


def test_pdf_pages_limited(tmp_path: Path) -> None:
    path = tmp_path / "quet.pdf"
    path.write_bytes(corpus.pdf(5))
    with pytest.raises(FileRejected) as caught:
        extract_text(path, limits=FileLimits(max_pdf_pages=4))
    assert str(caught.value) == "Tệp «quet.pdf»: tệp có 5 trang, quá giới hạn 4 trang."
    with pytest.raises(FileRejected) as ocr:
        extract_text(path, limits=FileLimits(max_ocr_pages=3))
    assert "tệp có 5 trang, quá giới hạn 3 trang để nhận dạng chữ" in str(ocr.value)


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")
def test_pdf_page_pixels_counted_before_rendering(tmp_path: Path) -> None:
    path = tmp_path / "to.pdf"
    path.write_bytes(corpus.pdf(1, width=14_400, height=14_400))  # 200 inches square
    with pytest.raises(FileRejected) as caught:
        extract_text(path)
    assert caught.value.code == "too_many_pixels" and "ảnh trang 1 có 60000 × 60000" in str(caught.value)


def test_ocr_out_of_time(tmp_path: Path) -> None:
    with pytest.raises(FileRejected) as caught:
        extract_text(SCAN, limits=FileLimits(ocr_timeout=0))
    assert caught.value.code == "timeout"
    assert str(caught.value).startswith("Tệp «tb-831-scan.png»: nhận dạng chữ (OCR) quá thời gian")


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")
def test_pdftoppm_renders_one_page_at_a_time_within_the_time_left(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each run renders one page and is killed when the document's time is up, so no
    renderer outlives the request by more than a page."""
    calls: list[tuple[list[str], float]] = []

    def run(args: list[str], **kwargs: Any) -> None:
        calls.append((args, kwargs["timeout"]))
        raise subprocess.TimeoutExpired(args, kwargs["timeout"])

    monkeypatch.setattr(extract.subprocess, "run", run)
    path = tmp_path / "quet.pdf"
    path.write_bytes(corpus.pdf(3))
    with pytest.raises(FileRejected) as caught:
        extract_text(path, limits=FileLimits(ocr_timeout=60))
    assert caught.value.code == "timeout"
    ((args, timeout),) = calls
    assert args[:5] == ["pdftoppm", "-f", "1", "-l", "1"] and 0 < timeout <= 60


def test_text_document_in_utf16(tmp_path: Path) -> None:
    path = tmp_path / "ct.txt"
    path.write_bytes("CHỈ THỊ\nvề công tác tư pháp\n".encode("utf-16"))
    assert extract_text(path) == "CHỈ THỊ\nvề công tác tư pháp\n"
