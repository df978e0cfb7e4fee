"""The quarterly review as an editable DOCX draft in the State document layout (Nghị định
30/2020/NĐ-CP, Phụ lục I and III: A4, margins 20-25 / 20-25 / 30-35 / 15-20 mm, Times New
Roman 13-14; the issuing body and the national motto side by side, number-symbol,
place-date, the kind of document and its subject, the body, «Nơi nhận», the signer's
block). The number and the signature are left for the clerk and the chief prosecutor."""

from __future__ import annotations

import io
import re
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt

from congminh.apps.organisations.models import Organisation
from congminh.apps.reports import presenters
from congminh.apps.reports.review import FORM_ROWS, PROCEDURES, TOTAL
from congminh.apps.reports.selectors import ReviewResult

FONT = "Times New Roman"
_PROVINCE = re.compile(r"(?:tỉnh|thành phố)\s+(.+)$", re.IGNORECASE)


def _run(paragraph: Any, text: str, *, bold: bool = False, italic: bool = False,
         size: float = 13, underline: bool = False) -> None:
    run = paragraph.add_run(text)
    run.bold, run.italic, run.underline = bold, italic, underline
    run.font.name = FONT
    run.font.size = Pt(size)


def _para(cell_or_doc: Any, text: str = "", *, align: Any = WD_ALIGN_PARAGRAPH.JUSTIFY,
          **style: Any) -> Any:
    paragraph = cell_or_doc.add_paragraph()
    paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(3)
    if text:
        _run(paragraph, text, **style)
    return paragraph


def _place(issuer: Organisation | None) -> str:
    match = _PROVINCE.search(issuer.name) if issuer is not None else None
    return match.group(1) if match else "……"


def _header(doc: Any, result: ReviewResult, issuer: Organisation | None) -> None:
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = table.rows[0].cells
    left.width, right.width = Mm(70), Mm(95)
    left.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    if issuer is not None and issuer.parent is not None:
        _run(left.paragraphs[0], issuer.parent.name.upper(), size=12)
        _para(left, issuer.name.upper(), align=WD_ALIGN_PARAGRAPH.CENTER, bold=True, size=12)
    else:
        _run(left.paragraphs[0], (issuer.name if issuer else "……").upper(), bold=True, size=12)
    _para(left, "Số:       /BC-VKS", align=WD_ALIGN_PARAGRAPH.CENTER)
    right.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(right.paragraphs[0], "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, size=12)
    _para(right, "Độc lập - Tự do - Hạnh phúc", align=WD_ALIGN_PARAGRAPH.CENTER, bold=True,
          underline=True)
    today = timezone.localdate()
    _para(right, f"{_place(issuer)}, ngày {today.day:02d} tháng {today.month:02d} năm {today.year}",
          align=WD_ALIGN_PARAGRAPH.CENTER, italic=True, size=14)


def _table(doc: Any, header: list[str], rows: list[list[Any]], widths: list[int]) -> None:
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text, width in zip(table.rows[0].cells, header, widths, strict=True):
        cell.width = Mm(width)
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(cell.paragraphs[0], text, bold=True, size=11)
    for values in rows:
        cells = table.add_row().cells
        for cell, value, width in zip(cells, values, widths, strict=True):
            cell.width = Mm(width)
            numeric = isinstance(value, int)
            cell.paragraphs[0].alignment = (WD_ALIGN_PARAGRAPH.RIGHT if numeric
                                            else WD_ALIGN_PARAGRAPH.LEFT)
            _run(cell.paragraphs[0], f"{value:,}".replace(",", ".") if numeric else str(value), size=11)


def _case_section(doc: Any, result: ReviewResult, number: str, title: str, key: str) -> None:
    facts = presenters.selected(result, key, sort="-days" if key == "overdue" else "holder")
    _para(doc, f"{number}. {title} ({len(facts)})", bold=True)
    if not facts:
        _para(doc, _("None."), italic=True)
        return
    rows = []
    for n, row in enumerate(presenters.rows(result, facts), start=1):
        if key == "overdue":
            what = "; ".join(f"{w.basis}: hạn {w.due:%d/%m/%Y}, quá {w.days_over} ngày" for w in row.why if w.due)
        elif key == "suspended":
            since = row.facts.suspended_since
            what = (f"Tạm đình chỉ từ {since:%d/%m/%Y}" if since else "") + (
                "; đã hết lý do" if row.facts.ground_ended else "")
        else:
            what = "; ".join(row.reasons)
        opinions = "\n".join(f"{c.get_kind_display()}: {c.text}" for c in row.comments)
        rows.append([n, f"{row.title} ({'; '.join(row.numbers)})", row.holder, row.stage, what, opinions])
    _table(doc, [_("No."), _("Case or matter"), _("Holding body"), _("Stage"), _("Rule and why"),
                 _("Proposed solution / recommendation")], rows, [10, 50, 32, 20, 38, 30])


def new_document(*, size: float) -> Any:
    """An empty A4 document with the margins both the State and the Party layouts use
    (20 mm top and bottom, 30 mm left, 15 mm right) and Times New Roman of `size` points."""
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    doc.styles["Normal"].font.name = FONT
    doc.styles["Normal"].font.size = Pt(size)
    return doc


def review_docx(result: ReviewResult, *, issuer: Organisation | None) -> bytes:
    doc = new_document(size=13)
    _header(doc, result, issuer)

    period = result.review.period
    _para(doc, "BÁO CÁO", align=WD_ALIGN_PARAGRAPH.CENTER, bold=True, size=14)
    _para(doc, "Kết quả rà soát các vụ, việc hình sự, dân sự, hành chính và thi hành án quá hạn, "
               f"tạm đình chỉ, tồn đọng, kéo dài {period.label_vi}",
          align=WD_ALIGN_PARAGRAPH.CENTER, bold=True, size=14)
    _para(doc, f"(từ ngày {period.start:%d/%m/%Y} đến ngày {period.end:%d/%m/%Y}; {result.scope_label})",
          align=WD_ALIGN_PARAGRAPH.CENTER, italic=True)
    _para(doc, "Thực hiện nhiệm vụ định kỳ hằng quý rà soát, tổng hợp các vụ, việc hình sự, dân sự, "
               "hành chính và thi hành án quá hạn, tạm đình chỉ, tồn đọng, kéo dài theo Chỉ thị về "
               "hoạt động tư pháp, Viện kiểm sát báo cáo kết quả như sau:")

    _para(doc, "I. SỐ LIỆU TỔNG HỢP", bold=True)
    table = result.review.figures()
    columns = (*PROCEDURES, TOTAL)
    _table(doc, [_("Criterion"), _("Row code"), *[presenters.procedure_label(c) for c in columns]],
           [[r.label, r.code, *[table[c][r.code] for c in columns]] for r in FORM_ROWS],
           [62, 14, 20, 20, 20, 20, 20])
    checks = presenters.checks(result)
    _para(doc, "Kiểm tra số liệu: " + "; ".join(f"{text} {'đúng' if ok else 'KHÔNG đúng'}"
                                                 for text, ok in checks) + ".", italic=True, size=11)

    _para(doc, "II. DANH SÁCH CÁC VỤ, VIỆC", bold=True)
    _case_section(doc, result, "1", "Các vụ, việc quá hạn", "overdue")
    _case_section(doc, result, "2", "Các vụ, việc tạm đình chỉ", "suspended")
    _case_section(doc, result, "3", "Các vụ, việc kéo dài", "prolonged")
    backlog = result.review.figures()[TOTAL][5]
    _para(doc, f"4. Các vụ, việc tồn đọng (còn lại cuối kỳ): {backlog} vụ, việc, theo cơ quan thụ lý "
               "tại bảng dưới; danh sách chi tiết tại tệp Excel kèm theo.", bold=False)
    _table(doc, [_("Holding body"), *[str(r.code) for r in FORM_ROWS]],
           [[line.name, *[n for _key, n in line.cells]] for line in presenters.body_table(result)],
           [58, *[12] * len(FORM_ROWS)])

    _para(doc, "III. ĐỀ XUẤT, KIẾN NGHỊ", bold=True)
    opinions = [(facts_id, c) for facts_id, items in result.comments.items() for c in items]
    if opinions:
        for _id, comment in opinions:
            _para(doc, f"- {comment.get_kind_display()} (vụ việc {comment.case_id}): {comment.text}")
    else:
        _para(doc, "……", italic=True)
    instant = timezone.localtime(result.instant)
    _para(doc, f"Số liệu tính từ các sự kiện được ghi nhận đến {instant:%H:%M ngày %d/%m/%Y}; "
               f"thời hạn tính đến ngày {result.review.day:%d/%m/%Y}; mã kiểm tra dữ liệu "
               f"(SHA-256) {result.digest}.", italic=True, size=10)

    sign = doc.add_table(rows=1, cols=2)
    left, right = sign.rows[0].cells
    left.width, right.width = Mm(85), Mm(80)
    _run(left.paragraphs[0], "Nơi nhận:", bold=True, italic=True, size=12)
    for line in ("- Ban Nội chính Tỉnh ủy;", "- Thường trực HĐND tỉnh;", "- Lãnh đạo Viện;",
                 "- Lưu: VT, hồ sơ rà soát."):
        _para(left, line, align=WD_ALIGN_PARAGRAPH.LEFT, size=11)
    right.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(right.paragraphs[0], "VIỆN TRƯỞNG", bold=True, size=13)
    _para(right, "(Ký, ghi rõ họ tên, đóng dấu)", align=WD_ALIGN_PARAGRAPH.CENTER, italic=True, size=12)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def default_issuer(user: Any) -> Organisation | None:
    """The body in whose name the report is drafted: the user's own; on the command line,
    the provincial Procuracy still in existence."""
    org: Organisation | None = getattr(user, "organisation", None)
    if org is not None:
        return org
    return (Organisation.objects.filter(kind="procuracy", level="province", valid_to__isnull=True)
            .order_by("province_code", "id").first())
