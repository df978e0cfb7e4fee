"""Text from documents: plain text, Word (.docx), PDF with a text layer, and scans
(.pdf without text, .png, .jpg, .tif) through Tesseract's Vietnamese model.

Word and PDF tables are written out as lines whose columns are separated by a wide
gap, the same shape pdftotext gives, so the parser reads every input one way.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..files import (
    DEFAULT_LIMITS,
    HEAD,
    FileLimits,
    FileRejected,
    check_pages,
    check_pixels,
    check_size,
    check_zip,
    damaged,
    kind_of,
    number,
)
from .textutil import nfc

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".webp"}
TEXT_SUFFIXES = {".txt", ".md", ".text"}
COLUMN_GAP = " " * 8
# A PDF page with fewer visible characters than this is treated as a scan.
MIN_TEXT_PER_PAGE = 40
OCR_LANG = "vie"
OCR_DPI = 300


class ExtractionError(RuntimeError):
    """The file cannot be read (unknown type, missing OCR engine)."""


READABLE = (*TEXT_SUFFIXES, ".docx", ".pdf", *IMAGE_SUFFIXES)


def extract_text(path: str | Path, *, limits: FileLimits = DEFAULT_LIMITS, name: str = "") -> str:
    """Text of the document at `path`, NFC-normalised.

    The file is checked against `limits` before a library opens it (core.files: size,
    type by extension and content, a Word file's ZIP directory, a PDF's pages, an image's
    pixels) and OCR stops after `limits.ocr_timeout` seconds; a damaged, hostile or too
    big file raises `FileRejected` naming it (`name`, else the path's name)."""
    path = Path(path)
    name = name or path.name
    suffix = path.suffix.lower()
    if suffix not in READABLE:
        raise ExtractionError(f"unsupported file type: {path.suffix or path.name}")
    check_size(name, path.stat().st_size, limits)
    with path.open("rb") as f:
        head = f.read(HEAD)
    kind_of(name, head, accept=READABLE)
    if suffix in TEXT_SUFFIXES:
        encoding = "utf-16" if head.startswith((b"\xff\xfe", b"\xfe\xff")) else "utf-8-sig"
        return nfc(path.read_bytes().decode(encoding, errors="replace"))
    deadline = time.monotonic() + limits.ocr_timeout
    if suffix == ".docx":
        check_zip(name, str(path), limits, document=True)
        return nfc(_docx_text(path, name))
    if suffix == ".pdf":
        return nfc(_pdf_text(path, name, limits, deadline))
    with _open_image(path, name, limits) as image:
        return nfc(ocr_image(image, timeout=_left(deadline, name), name=name))


def _open_image(path: Path, name: str, limits: FileLimits, page: int | None = None) -> Any:
    """The image, its size checked from the header before its pixels are decoded."""
    from PIL import Image

    Image.MAX_IMAGE_PIXELS = limits.max_image_pixels  # PIL's own cap (it refuses twice that)
    try:
        image = Image.open(path)
    except Image.DecompressionBombError as exc:  # PIL's own cap, lower than ours or not
        pixels = re.search(r"\((\d+) pixels\)", str(exc))
        said = f"có {number(int(pixels.group(1)))} điểm ảnh, " if pixels else ""
        raise FileRejected(name, f"ảnh {said}quá giới hạn {number(limits.max_image_pixels)} điểm ảnh",
                           code="too_many_pixels") from exc
    except Exception as exc:  # PIL's UnidentifiedImageError, truncated headers
        raise damaged(name, exc) from exc
    try:
        check_pixels(name, image.width, image.height, limits, page=page)
        image.load()
    except FileRejected:
        image.close()
        raise
    except Exception as exc:  # "image file is truncated" and other decoding failures
        image.close()
        raise damaged(name, exc) from exc
    return image


def _left(deadline: float, name: str) -> float:
    """Seconds left for OCR; FileRejected when none are."""
    left = deadline - time.monotonic()
    if left <= 0:
        raise _timed_out(name)
    return left


def _timed_out(name: str) -> FileRejected:
    return FileRejected(name, "nhận dạng chữ (OCR) quá thời gian cho phép; hãy tải lên tệp có lớp "
                              "chữ hoặc ít trang hơn", code="timeout")


# --- Word -------------------------------------------------------------------------


def _docx_text(path: Path, name: str) -> str:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(str(path))
    except Exception as exc:  # a missing part, bad XML: python-docx raises many kinds
        raise damaged(name, exc) from exc
    out: list[str] = []
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            out.append(Paragraph(child, document).text)
        elif tag == "tbl":
            out += _table_lines(Table(child, document))
    return "\n".join(out)


def _table_lines(table: Any) -> list[str]:
    """Each row's cells side by side, paragraph by paragraph, like a two-column page."""
    lines: list[str] = []
    for row in table.rows:
        columns: list[list[str]] = []
        for cell in row.cells:
            paragraphs = [p.text.strip() for p in cell.paragraphs]
            if not columns or paragraphs != columns[-1]:  # merged cells repeat
                columns.append(paragraphs)
        height = max((len(c) for c in columns), default=0)
        width = [max((len(x) for x in c), default=0) for c in columns]
        for i in range(height):
            cells = [(c[i] if i < len(c) else "").ljust(w) for c, w in zip(columns, width, strict=True)]
            lines.append(COLUMN_GAP.join(cells).rstrip())
    return lines


# --- PDF --------------------------------------------------------------------------


def _pdf_text(path: Path, name: str, limits: FileLimits, deadline: float) -> str:
    from pypdf import PdfReader

    try:
        reader = PdfReader(str(path))
        count = len(reader.pages)
    except Exception as exc:  # pypdf's PdfReadError and the errors of a truncated file
        raise damaged(name, exc) from exc
    check_pages(name, count, limits)
    pages: list[str] = []
    for page in reader.pages:
        try:
            try:
                text = page.extract_text(extraction_mode="layout")
            except Exception:  # pypdf's layout mode fails on some fonts; plain mode still works
                text = page.extract_text()
        except Exception as exc:
            raise damaged(name, exc) from exc
        pages.append(text or "")
    if all(len("".join(p.split())) >= MIN_TEXT_PER_PAGE for p in pages) and pages:
        return "\f".join(pages)
    check_pages(name, count, limits, ocr=True)
    return "\f".join(ocr_image(image, timeout=_left(deadline, name), name=name)
                     for image in _pdf_page_images(path, reader, name, limits, deadline))


def _pdf_page_images(path: Path, reader: Any, name: str, limits: FileLimits,
                     deadline: float) -> Iterator[Any]:
    """Page images of a scanned PDF: rendered page by page by pdftoppm when
    poppler-utils is there (each run within the time left, so no renderer outlives the
    request by more than a page), else the scan images embedded in each page (pure
    Python, through pypdf). Pixels are counted before anything is decoded."""
    from PIL import Image

    if shutil.which("pdftoppm"):
        with tempfile.TemporaryDirectory() as tmp:
            for number, page in enumerate(reader.pages, start=1):
                box = page.mediabox
                scale = OCR_DPI / 72
                check_pixels(name, int(float(box.width) * scale), int(float(box.height) * scale),
                             limits, page=number)
                out = Path(tmp) / f"page-{number}"
                try:
                    subprocess.run(
                        ["pdftoppm", "-f", str(number), "-l", str(number), "-singlefile",
                         "-r", str(OCR_DPI), "-gray", "-png", str(path), str(out)],
                        check=True, capture_output=True, timeout=_left(deadline, name),
                    )
                except subprocess.TimeoutExpired as exc:  # run() has killed pdftoppm
                    raise _timed_out(name) from exc
                except subprocess.CalledProcessError as exc:
                    raise damaged(name, RuntimeError(exc.stderr.decode(errors="replace").strip()
                                                     or f"pdftoppm {exc.returncode}")) from exc
                png = out.with_suffix(".png")
                with _open_image(png, name, limits, page=number) as image:
                    yield image
                png.unlink()
        return
    for number, page in enumerate(reader.pages, start=1):
        xobjects = page.get("/Resources", {}).get("/XObject", {}) or {}
        for ref in xobjects.values():
            obj = ref.get_object()
            if obj.get("/Subtype") == "/Image":
                check_pixels(name, int(obj.get("/Width", 0)), int(obj.get("/Height", 0)), limits,
                             page=number)
        try:
            images = list(page.images)
        except Exception as exc:
            raise damaged(name, exc) from exc
        if not images:
            continue
        largest = max(images, key=lambda im: len(im.data))
        yield Image.open(io.BytesIO(largest.data))


# --- OCR --------------------------------------------------------------------------


def ocr_image(image: Any, *, timeout: float = 0, name: str = "") -> str:
    """Tesseract with the Vietnamese model; keeps wide gaps so columns stay apart.
    `timeout`: seconds before Tesseract is killed (0: none), then FileRejected naming
    the file `name`."""
    try:
        import pytesseract

        return str(
            pytesseract.image_to_string(
                image.convert("L"), lang=OCR_LANG, config="--psm 4 -c preserve_interword_spaces=1",
                timeout=timeout,
            )
        )
    except RuntimeError as exc:  # pytesseract's "Tesseract process timeout" (it killed it)
        if "timeout" not in str(exc):
            raise
        raise _timed_out(name) from exc
    except (ImportError, OSError) as exc:  # pytesseract raises subclasses of OSError
        raise ExtractionError(
            "OCR needs Tesseract with the Vietnamese model (Debian: tesseract-ocr tesseract-ocr-vie)"
        ) from exc
