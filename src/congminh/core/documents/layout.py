"""Turn raw extracted text into clean lines split into columns.

Inputs come in three layouts: pdftotext "layout" output (two columns separated by a
wide gap), markdown tables from web copies (one row per line, cells between "|"), and
plain OCR lines. Every line becomes a `Line` with its column cells, so the header and
the signature block can read the left and right columns separately.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .textutil import nfc

# "===== Trang 2 =====", "===== TRANG 10 ====="
PAGE_MARKER_RE = re.compile(r"^\s*=+\s*trang\s+\d+\s*=+\s*$", re.IGNORECASE)
# A number alone on a line: a page number, a table row number, or a stray e-signature field.
LONE_NUMBER_RE = re.compile(r"^\s*(\d{1,4})\s*$")
# Markdown table separator rows: "|---|---|", "| --- | --- |"
TABLE_SEPARATOR_RE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
# Decorative rules under the issuer and the national motto: "-------", "–––––"
RULE_RE = re.compile(r"[-–—_]{4,}")
# Column gap in pdftotext layout output.
COLUMN_GAP_RE = re.compile(r"\s{3,}")
# Markdown emphasis and headings around a cell: "*Hà Nội, ngày ... *", "_Nghệ An_", "## CHỈ THỊ"
EMPHASIS_RE = re.compile(r"^[#*_\s]+|[*_\s]+$")
# Star signs and bullets that scans put before a name: "★ Hồ Quốc Dũng"
# Markdown italics: "*Điều 2.* Giao …", "*Nghệ An, ngày 26 tháng 11 năm 2025*".
ITALIC_RE = re.compile(r"(?<![*\w])\*(?=\S)([^*]+?)(?<=\S)\*(?![*\w])")
ORNAMENT_RE = re.compile(r"^[★☆*•]+\s*|\s*[`´]+$")
# The running head of each page of the official gazette, as a PDF's text layer prints it:
# "CÔNG BÁO/Số 271/Ngày 12-05-2026", "CÔNG BÁO/Số 659 + 660/Ngày 10-8-2022". Its page number
# sits on the line before or after it.
GAZETTE_HEAD_RE = re.compile(r"^\s*CÔNG BÁO\s*/\s*Số\s*\d+(?:\s*\+\s*\d+)*\s*/\s*Ngày\s*\d{1,2}-\d{1,2}-\d{4}\s*$")
# The gazette's section a document is printed in, above its issuer: "VĂN BẢN QUY PHẠM PHÁP LUẬT".
GAZETTE_SECTION_RE = re.compile(
    r"^\s*(?:VĂN BẢN QUY PHẠM PHÁP LUẬT|VĂN BẢN PHÁP LUẬT KHÁC|VĂN BẢN HỢP NHẤT|ĐIỀU ƯỚC QUỐC TẾ)\s*$"
)
# The gazette's own digital-signature stamp printed into the text ("Ký bởi: CÔNG BÁO …",
# "Người ký: CỔNG THÔNG TIN ĐIỆN TỬ CHÍNH PHỦ", "Email: …", "Cơ quan: …", then the signing time
# "Ngày ký: 2026-05-08 16:42:06 +07:00"): the publisher's, not the document's; it often cuts an
# article in two.
STAMP_FIELD_RE = re.compile(r"^\s*(?:Ký bởi|Người ký|Email|Cơ quan)\s*:")
STAMP_TIME_RE = re.compile(r"^\s*(?:Ngày ký|Thời gian ký)\s*:.*\d{1,2}:\d{2}:\d{2}\s*[+-]\d{2}:?\d{2}\s*$")


@dataclass
class Line:
    index: int
    raw: str
    cells: list[str] = field(default_factory=list)
    indent: int = 0
    table: bool = False
    page_start: bool = False

    @property
    def text(self) -> str:
        return " ".join(self.cells)

    @property
    def blank(self) -> bool:
        return not self.cells


_DECORATION_CHARS = frozenset("#*_★☆•`´")


def _clean_cell(cell: str) -> str:
    # Markdown bold never carries content: "**1.** Sở Tư pháp", "**Điều 3.**".
    if "**" in cell:
        cell = cell.replace("**", "")
    if "*" in cell:
        cell = ITALIC_RE.sub(r"\1", cell)
    # Cheap membership tests first: most cells are plain words, and this runs per cell.
    if "---" in cell or "––" in cell or "——" in cell or "____" in cell:
        cell = RULE_RE.sub(" ", cell)
    cell = cell.strip()
    if cell and cell.strip("[] ") == "":
        return ""  # a bracket left alone where a PDF's signature image was
    if cell and (cell[0] in _DECORATION_CHARS or cell[-1] in _DECORATION_CHARS):
        cell = ORNAMENT_RE.sub("", EMPHASIS_RE.sub("", cell))
    return " ".join(cell.split())


def _split_cells(raw: str) -> tuple[list[str], bool]:
    stripped = raw.strip()
    if stripped.startswith("|"):
        parts = [_clean_cell(p) for p in stripped.strip("|").split("|")]
        return [p for p in parts if p], True
    parts = [_clean_cell(p) for p in COLUMN_GAP_RE.split(stripped)] if "   " in stripped else [_clean_cell(stripped)]
    return [p for p in parts if p], False


def _signature_stamp_lines(raws: list[str]) -> set[int]:
    """Indexes of the lines of a printed digital-signature stamp: its signing time and the
    field lines ("Ký bởi:", "Người ký:", "Email:", "Cơ quan:") just above it."""
    found: set[int] = set()
    for i, raw in enumerate(raws):
        if not STAMP_TIME_RE.match(raw):
            continue
        found.add(i)
        j = i - 1
        while j >= 0 and i - j <= 4 and STAMP_FIELD_RE.match(raws[j]):
            found.add(j)
            j -= 1
    return found


def _drop_page_number_before(lines: list[Line]) -> None:
    """A gazette head printed under its page number: drop that lone number."""
    if lines and LONE_NUMBER_RE.match(lines[-1].raw):
        lines.pop()


def split_lines(text: str) -> list[Line]:
    """Split text into `Line`s, dropping page markers, separators and page numbers.

    Lone numbers are kept unless they are page numbers: right after a page marker or
    form feed, or pushed far right as pdftotext prints them. Table row numbers and
    e-signature fields stay.
    """
    text = nfc(text).replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")
    lines: list[Line] = []
    after_page_break = False
    raws = text.split("\n")
    stamp = _signature_stamp_lines(raws) if "ký:" in text else set()
    for i, raw in enumerate(raws):
        page_break = "\f" in raw
        raw = raw.replace("\f", "")
        if i in stamp:
            continue
        if PAGE_MARKER_RE.match(raw) or GAZETTE_HEAD_RE.match(raw):
            if not PAGE_MARKER_RE.match(raw):
                _drop_page_number_before(lines)
            after_page_break = True
            continue
        if TABLE_SEPARATOR_RE.match(raw) and "-" in raw or GAZETTE_SECTION_RE.match(raw):
            continue
        number = LONE_NUMBER_RE.match(raw)
        indent = len(raw) - len(raw.lstrip(" "))
        if number and (after_page_break or page_break or indent >= 20):
            after_page_break = False
            continue
        cells, table = _split_cells(raw)
        if cells:
            is_page_start = after_page_break or page_break
            after_page_break = False
        else:
            is_page_start = False
        lines.append(Line(len(lines), raw, cells, indent, table, is_page_start))
    return lines
