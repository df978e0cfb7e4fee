"""PDF of a report, drawn from its DOCX (fpdf2): the same paragraphs, tables and charts in
the same order, so the PDF and the editable draft never disagree. The quarterly review and
the annual report both go through `docx_to_pdf`.

The text is set in DejaVu Serif, which covers Vietnamese: Debian's `fonts-dejavu-core`
(installed by `scripts/install-system-deps.sh`), else the copy matplotlib ships (a
dependency of the charts). DejaVu's licence (Bitstream Vera / public domain changes)
allows embedding and redistribution; the font is embedded as a subset.
"""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.table import Table
from docx.text.paragraph import Paragraph
from fpdf import FPDF
from fpdf.enums import TableBordersLayout, XPos, YPos

FAMILY = "DejaVuSerif"
_STYLES = {"": "DejaVuSerif.ttf", "B": "DejaVuSerif-Bold.ttf", "I": "DejaVuSerif-Italic.ttf",
           "BI": "DejaVuSerif-BoldItalic.ttf"}
SYSTEM_FONTS = Path("/usr/share/fonts/truetype/dejavu")
# Word's points shrink a little: DejaVu is wider than Times New Roman.
SCALE = 0.82
_ALIGN = {WD_ALIGN_PARAGRAPH.CENTER: "C", WD_ALIGN_PARAGRAPH.RIGHT: "R",
          WD_ALIGN_PARAGRAPH.JUSTIFY: "J", WD_ALIGN_PARAGRAPH.LEFT: "L"}
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_BLIP = ".//{http://schemas.openxmlformats.org/drawingml/2006/main}blip"
_EMBED = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}embed"


@cache
def font_dir() -> Path:
    """Where the DejaVu Serif files are: the system's, else matplotlib's copy."""
    if all((SYSTEM_FONTS / name).exists() for name in _STYLES.values()):
        return SYSTEM_FONTS
    import matplotlib

    bundled = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    if all((bundled / name).exists() for name in _STYLES.values()):
        return bundled
    raise FileNotFoundError("DejaVu Serif not found: install fonts-dejavu-core")


class _Pdf(FPDF):
    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FAMILY, "", 8)
        self.cell(0, 6, str(self.page_no()), align="C")


def _new_pdf(title: str) -> _Pdf:
    pdf = _Pdf(format="A4")
    pdf.set_margins(25, 18, 15)
    pdf.set_auto_page_break(True, margin=18)
    for style, name in _STYLES.items():
        pdf.add_font(FAMILY, style, str(font_dir() / name))
    pdf.set_title(title)
    pdf.set_creator("Công Minh")
    pdf.add_page()
    return pdf


def _style(paragraph: Paragraph) -> tuple[str, float]:
    """The paragraph's style letters (B, I, U) and size, from its first run with text."""
    run = next((r for r in paragraph.runs if r.text.strip()), None)
    if run is None:
        return "", 13.0
    style = ("B" if run.bold else "") + ("I" if run.italic else "") + ("U" if run.underline else "")
    size = run.font.size.pt if run.font.size is not None else 13.0
    return style, size


def _images(paragraph: Paragraph) -> list[bytes]:
    found = []
    for blip in paragraph._p.iterfind(_BLIP):
        rel = blip.get(_EMBED)
        if rel:
            found.append(paragraph.part.related_parts[rel].blob)
    return found


def _paragraph(pdf: _Pdf, paragraph: Paragraph) -> None:
    for png in _images(paragraph):
        width = min(150.0, pdf.epw)
        pdf.image(io.BytesIO(png), x=pdf.l_margin + (pdf.epw - width) / 2, w=width)
    text = paragraph.text
    if not text.strip():
        if not _images(paragraph):
            pdf.ln(2)
        return
    style, size = _style(paragraph)
    pdf.set_font(FAMILY, style, size * SCALE)
    align = _ALIGN.get(paragraph.alignment, "J") if paragraph.alignment is not None else "J"
    pdf.multi_cell(0, size * SCALE * 0.5, text, align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(1)


def _cell_text(cell: Any) -> str:
    return "\n".join(p.text for p in cell.paragraphs).strip()


def _table(pdf: _Pdf, table: Table) -> None:
    rows = [[_cell_text(c) for c in row.cells] for row in table.rows]
    if not rows:
        return
    grid = table.style is not None and table.style.name == "Table Grid"
    if not grid:  # a layout table (the header, the signature): columns side by side
        _layout(pdf, table)
        return
    widths = [max((c.width or 0) for c in column.cells) for column in table.columns]
    first = table.rows[0].cells[0].paragraphs[0]
    _style_letters, size = _style(first)
    pdf.set_font(FAMILY, "", size * SCALE)
    with pdf.table(col_widths=tuple(float(w or 1) for w in widths), width=pdf.epw,
                   line_height=size * SCALE * 0.5, first_row_as_headings=True,
                   headings_style=_heading_style(), text_align="LEFT",
                   borders_layout=TableBordersLayout.ALL, padding=1) as out:
        for values, row in zip(rows, table.rows, strict=True):
            line = out.row()
            for value, cell in zip(values, row.cells, strict=True):
                right = cell.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
                line.cell(value, align="RIGHT" if right else None)
    pdf.ln(2)


def _heading_style() -> Any:
    from fpdf.fonts import FontFace

    return FontFace(emphasis="BOLD", fill_color=(235, 235, 235))


def _layout(pdf: _Pdf, table: Table) -> None:
    """Cells side by side, no borders, each paragraph with its own style and alignment."""
    row = table.rows[0]
    widths = [float(c.width or 1) for c in row.cells]
    scale = pdf.epw / sum(widths)
    top = pdf.get_y()
    bottom = top
    x = pdf.l_margin
    for cell, width in zip(row.cells, widths, strict=True):
        pdf.set_xy(x, top)
        w = width * scale
        for paragraph in cell.paragraphs:
            style, size = _style(paragraph)
            pdf.set_font(FAMILY, style, size * SCALE)
            pdf.set_x(x)
            pdf.multi_cell(w, size * SCALE * 0.5, paragraph.text or " ",
                           align=_ALIGN.get(paragraph.alignment, "L") if paragraph.alignment else "L",
                           new_x=XPos.LEFT, new_y=YPos.NEXT)
        bottom = max(bottom, pdf.get_y())
        x += w
    pdf.set_xy(pdf.l_margin, bottom + 3)


def docx_to_pdf(data: bytes, *, title: str) -> bytes:
    """Render a report's DOCX (ours: paragraphs, grid and layout tables, inline PNG
    charts) as a PDF."""
    doc = Document(io.BytesIO(data))
    pdf = _new_pdf(title)
    for child in doc.element.body.iterchildren():
        if child.tag == f"{_W}p":
            _paragraph(pdf, Paragraph(child, doc._body))
        elif child.tag == f"{_W}tbl":
            _table(pdf, Table(child, doc._body))
    return bytes(pdf.output())
