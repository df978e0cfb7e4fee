"""The parts every Party document of the Internal Affairs Committee shares (Hướng dẫn
36-HD/VPTW, legal-facts.md §8.1): the heading — the issuing body top left («TỈNH ỦY …» over
«BAN NỘI CHÍNH», an asterisk, the number «Số …-XX/BNCTU» and, for a công văn, its summary
«V/v …»), «ĐẢNG CỘNG SẢN VIỆT NAM» top right over the place and date in italics — and the
closing block: «Nơi nhận» bottom left, the signer's authority and title bottom right.

Used by the annual report (`annual_docx`) and the urging letters (directives `urging`).
The text is Vietnamese: it is the document itself, as the Party sends it."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm

from congminh.apps.reports.docx_export import _para, _run

CENTER = WD_ALIGN_PARAGRAPH.CENTER
LEFT = WD_ALIGN_PARAGRAPH.LEFT
RIGHT = WD_ALIGN_PARAGRAPH.RIGHT
PARTY = "ĐẢNG CỘNG SẢN VIỆT NAM"


_PROVINCE_OF_COMMITTEE = re.compile(r"Tỉnh ủy\s+(.+)$", re.IGNORECASE)


def province_of_committee(name: str) -> str:
    """«Ban Nội chính Tỉnh ủy Gia Lai» -> «Gia Lai» ("" when the name gives none): the
    province a Party document's header names, read from its issuing committee."""
    match = _PROVINCE_OF_COMMITTEE.search(name)
    return match.group(1).strip() if match else ""


def party_date(day: dt.date) -> str:
    """«ngày 05 tháng 3 năm 2026»: days 1-9 and months 1-2 take a leading zero (36-HD/VPTW).

    >>> party_date(dt.date(2026, 3, 5)), party_date(dt.date(2027, 1, 15))
    ('ngày 05 tháng 3 năm 2026', 'ngày 15 tháng 01 năm 2027')
    """
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def party_header(doc: Any, *, province: str, number: str, day: dt.date,
                 body: str = "BAN NỘI CHÍNH", summary: str = "") -> None:
    """The two-column heading. `number` is the whole line («Số 12-CV/BNCTU»); `summary`
    the «V/v …» of a công văn, printed under it (none for a report)."""
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = table.rows[0].cells
    left.width, right.width = Mm(75), Mm(90)
    left.paragraphs[0].alignment = CENTER
    upper = province.upper()
    _run(left.paragraphs[0], f"TỈNH ỦY {upper}" if upper else "TỈNH ỦY ……", size=14)
    _para(left, body, align=CENTER, bold=True, size=14)
    _para(left, "*", align=CENTER, size=14)
    _para(left, number, align=CENTER, size=14)
    if summary:
        _para(left, summary, align=CENTER, italic=True, size=12)
    right.paragraphs[0].alignment = RIGHT
    _run(right.paragraphs[0], PARTY, bold=True, underline=True, size=15)
    _para(right, f"{province or '……'}, {party_date(day)}", align=RIGHT, italic=True, size=14)


def party_signature(doc: Any, *, recipients: Sequence[str], authority: str = "T/M BAN NỘI CHÍNH",
                    title: str = "TRƯỞNG BAN", note: str = "(Ký, ghi rõ họ tên)") -> None:
    """«Nơi nhận» and its lines on the left, the signer's block on the right."""
    sign = doc.add_table(rows=1, cols=2)
    left, right = sign.rows[0].cells
    left.width, right.width = Mm(85), Mm(80)
    _run(left.paragraphs[0], "Nơi nhận:", underline=True, size=14)
    for line in recipients:
        _para(left, line, align=LEFT, size=12)
    right.paragraphs[0].alignment = CENTER
    _run(right.paragraphs[0], authority, bold=True, size=14)
    _para(right, title, align=CENTER, bold=True, size=14)
    _para(right, note, align=CENTER, italic=True, size=12)
