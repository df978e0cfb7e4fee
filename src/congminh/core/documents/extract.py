"""Text from documents: plain text, Word (.docx), PDF with a text layer, and scans
(.pdf without text, .png, .jpg, .tif) through Tesseract's Vietnamese model.

Word and PDF tables are written out as lines whose columns are separated by a wide
gap, the same shape pdftotext gives, so the parser reads every input one way.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .textutil import nfc

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".webp"}
TEXT_SUFFIXES = {".txt", ".md", ".text"}
COLUMN_GAP = " " * 8
# A PDF page with fewer visible characters than this is treated as a scan.
MIN_TEXT_PER_PAGE = 40
OCR_LANG = "vie"
OCR_DPI = 300


class ExtractionError(RuntimeError):
    """The file cannot be read (unknown type, missing OCR engine, damaged file)."""


def extract_text(path: str | Path) -> str:
    """Text of the document at `path`, NFC-normalised."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        return nfc(path.read_bytes().decode("utf-8-sig", errors="replace"))
    if suffix == ".docx":
        return nfc(_docx_text(path))
    if suffix == ".pdf":
        return nfc(_pdf_text(path))
    if suffix in IMAGE_SUFFIXES:
        from PIL import Image

        with Image.open(path) as image:
            return nfc(ocr_image(image))
    raise ExtractionError(f"unsupported file type: {path.suffix or path.name}")


# --- Word -------------------------------------------------------------------------


def _docx_text(path: Path) -> str:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(str(path))
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


def _pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    reader = PdfReader(str(path))
    pages: list[str] = []
    for page in reader.pages:
        try:
            text = page.extract_text(extraction_mode="layout")
        except Exception:  # pypdf's layout mode fails on some fonts; plain mode still works
            text = page.extract_text()
        pages.append(text or "")
    if all(len("".join(p.split())) >= MIN_TEXT_PER_PAGE for p in pages) and pages:
        return "\f".join(pages)
    return "\f".join(ocr_image(image) for image in _pdf_page_images(path, reader))


def _pdf_page_images(path: Path, reader: Any) -> Iterator[Any]:
    """Page images of a scanned PDF: rendered by pdftoppm when poppler-utils is there,
    else the scan images embedded in each page (pure Python, through pypdf)."""
    from PIL import Image

    if shutil.which("pdftoppm"):
        with tempfile.TemporaryDirectory() as tmp:
            subprocess.run(
                ["pdftoppm", "-r", str(OCR_DPI), "-gray", "-png", str(path), f"{tmp}/page"],
                check=True,
                capture_output=True,
            )
            for png in sorted(Path(tmp).glob("page*.png")):
                with Image.open(png) as image:
                    image.load()
                    yield image
        return
    for page in reader.pages:
        images = list(page.images)
        if not images:
            continue
        largest = max(images, key=lambda im: len(im.data))
        yield Image.open(io.BytesIO(largest.data))


# --- OCR --------------------------------------------------------------------------


def ocr_image(image: Any) -> str:
    """Tesseract with the Vietnamese model; keeps wide gaps so columns stay apart."""
    try:
        import pytesseract

        return str(
            pytesseract.image_to_string(
                image.convert("L"), lang=OCR_LANG, config="--psm 4 -c preserve_interword_spaces=1"
            )
        )
    except (ImportError, OSError) as exc:  # pytesseract raises subclasses of OSError
        raise ExtractionError(
            "OCR needs Tesseract with the Vietnamese model (Debian: tesseract-ocr tesseract-ocr-vie)"
        ) from exc
