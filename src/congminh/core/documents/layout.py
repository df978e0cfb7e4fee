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


def split_lines(text: str) -> list[Line]:
    """Split text into `Line`s, dropping page markers, separators and page numbers.

    Lone numbers are kept unless they are page numbers: right after a page marker or
    form feed, or pushed far right as pdftotext prints them. Table row numbers and
    e-signature fields stay.
    """
    text = nfc(text).replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")
    lines: list[Line] = []
    after_page_break = False
    for raw in text.split("\n"):
        page_break = "\f" in raw
        raw = raw.replace("\f", "")
        if PAGE_MARKER_RE.match(raw):
            after_page_break = True
            continue
        if TABLE_SEPARATOR_RE.match(raw) and "-" in raw:
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
