"""The Internal Affairs Committee's annual report as an editable DOCX draft in the Party
document layout (Hướng dẫn 36-HD/VPTW, legal-facts.md §8.1): the issuing body top left
(«TỈNH ỦY …» over «BAN NỘI CHÍNH», an asterisk, «Số …-BC/BNCTU»), «ĐẢNG CỘNG SẢN VIỆT
NAM» top right over the place and date, the kind of document and its summary, the body,
«Nơi nhận» bottom left and the signer's block. The number, the assessment and the
signature are left for the official to finish in Word. The heading and the signer's
block are the Party layout's shared parts (`party_docx`).

The document is in Vietnamese: it is the report itself, as the Party sends it."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from decimal import Decimal
from functools import partial
from typing import Any

from django.utils import timezone
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm

from congminh.apps.reports import charts
from congminh.apps.reports.annual import CLOCK_LABELS, CLOCK_ROWS, AnnualReport, ClockLine
from congminh.apps.reports.docx_export import _para, _table, new_document
from congminh.apps.reports.party_docx import party_header, party_signature
from congminh.core import statuses
from congminh.core.periods import label_vi

CENTER = WD_ALIGN_PARAGRAPH.CENTER
LEFT = WD_ALIGN_PARAGRAPH.LEFT
# Rows of a long list printed in the report; the rest are counted («và … khác»).
MAX_ROWS = 30


def number(n: int) -> str:
    """1234 -> «1.234» (the Vietnamese thousands separator).

    >>> number(1234), number(-5)
    ('1.234', '-5')
    """
    return f"{n:,}".replace(",", ".")


def signed(n: int) -> str:
    """The change from last year: «+3», «-2», «0».

    >>> signed(3), signed(-2), signed(0)
    ('+3', '-2', '0')
    """
    return f"+{number(n)}" if n > 0 else number(n)


def percent(value: Decimal | float | None) -> str:
    """25.0 -> «25,00%»; None -> «—».

    >>> percent(Decimal("1.5")), percent(None)
    ('1,50%', '—')
    """
    return "—" if value is None else f"{Decimal(str(value)):.2f}%".replace(".", ",")


def _header(doc: Any, report: AnnualReport) -> None:
    party_header(doc, province=report.province, number="Số      -BC/BNCTU",
                 day=timezone.localtime(report.instant).date())


def _picture(doc: Any, png: bytes, caption: str) -> None:
    paragraph = doc.add_paragraph()
    paragraph.alignment = CENTER
    paragraph.add_run().add_picture(io.BytesIO(png), width=Mm(150))
    _para(doc, caption, align=CENTER, italic=True, size=12)


def _with_change(line: ClockLine, key: str) -> str:
    return f"{number(line.current[key])} ({signed(line.change(key))})"


def _clock_table(doc: Any, first: str, lines: Sequence[ClockLine]) -> None:
    _table(doc, [first, *[CLOCK_LABELS[key] for _code, key in CLOCK_ROWS]],
           [[line.label, *[_with_change(line, key) for _code, key in CLOCK_ROWS]] for line in lines],
           [61, 26, 26, 26, 26])


def _more(doc: Any, total: int) -> None:
    if total > MAX_ROWS:
        _para(doc, f"(còn {number(total - MAX_ROWS)} trường hợp khác; danh sách đầy đủ trên hệ "
                   "thống Công Minh)", italic=True, size=12)


def _tasks(doc: Any, report: AnnualReport) -> None:
    _para(doc, "I. KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ THEO CHỈ THỊ", bold=True)
    _tasks_due(doc, report)
    _standing(doc, report)


def _standing(doc: Any, report: AnnualReport) -> None:
    """Standing duties (no deadline in their text): followed here, by their last report."""
    found = report.tasks.standing
    if not found:
        return
    _para(doc, f"Các nhiệm vụ thường xuyên (không có thời hạn, {number(len(found))}):", bold=True)
    rows = []
    for n, t in enumerate(found[:MAX_ROWS], start=1):
        text = t.text if len(t.text) <= 160 else t.text[:157].rstrip() + "…"
        last = (f"{t.percent}% (báo cáo ngày {t.last_report:%d/%m/%Y})" if t.last_report
                else "Chưa báo cáo")
        rows.append([n, t.body, f"{t.ref + '. ' if t.ref else ''}{text}", last])
    _table(doc, ["STT", "Cơ quan", "Nhiệm vụ", "Tiến độ"], rows, [10, 40, 90, 30])
    _more(doc, len(found))


def _tasks_due(doc: Any, report: AnnualReport) -> None:
    tasks = report.tasks
    if not tasks.total:
        _para(doc, "Trong năm không có nhiệm vụ nào đến hạn.")
        return
    counts = "; ".join(f"{statuses.TASK_LABELS[s].lower()}: {number(tasks.totals[s])}"
                       for s in statuses.TASK_STATUSES)
    _para(doc, f"Trong năm {report.year}, các cơ quan được giao {number(tasks.total)} nhiệm vụ "
               f"đến hạn (tính theo từng kỳ báo cáo), trong đó {counts}.")
    _picture(doc, charts.horizontal_bars(
        f"Nhiệm vụ theo chỉ thị, năm {report.year}",
        [statuses.TASK_LABELS[s] for s in statuses.TASK_STATUSES],
        [tasks.totals[s] for s in statuses.TASK_STATUSES]),
        f"Biểu đồ 1. Tình trạng thực hiện nhiệm vụ năm {report.year}")
    _table(doc, ["Cơ quan", *[statuses.TASK_LABELS[s] for s in statuses.TASK_STATUSES], "Tổng"],
           [[org.name, *[c[s] for s in statuses.TASK_STATUSES], sum(c.values())]
            for org, c in tasks.by_body], [57, 26, 26, 28, 28, 14])
    _para(doc, f"Các nhiệm vụ chậm, quá hạn ({number(len(tasks.late))}):", bold=True)
    if not tasks.late:
        _para(doc, "Không có nhiệm vụ chậm, quá hạn.", italic=True)
        return
    rows = []
    for n, t in enumerate(tasks.late[:MAX_ROWS], start=1):
        text = t.text if len(t.text) <= 160 else t.text[:157].rstrip() + "…"
        late = (f"Hoàn thành ngày {t.done_on:%d/%m/%Y}, chậm {number(t.days_late)} ngày" if t.done_on
                else f"Chưa hoàn thành, quá hạn {number(t.days_late)} ngày")
        rows.append([n, t.body, f"{t.ref + '. ' if t.ref else ''}{text}",
                     label_vi(t.period_label) or "—", f"{t.due:%d/%m/%Y}", late])
    _table(doc, ["STT", "Cơ quan", "Nhiệm vụ", "Kỳ", "Hạn", "Tình trạng"], rows,
           [10, 34, 50, 16, 24, 36])
    _more(doc, len(tasks.late))


def _clocks(doc: Any, report: AnnualReport) -> None:
    previous = report.year - 1
    _para(doc, "II. TÌNH HÌNH GIẢI QUYẾT CÁC VỤ, VIỆC THEO THỜI HẠN TỐ TỤNG", bold=True)
    total = report.by_procedure[-1]
    parts = [f"{CLOCK_LABELS[key].lower()} {_with_change(total, key)}" for _code, key in CLOCK_ROWS]
    _para(doc, f"Tính đến ngày {report.day:%d/%m/%Y}, trong các vụ, việc hình sự, dân sự, hành chính "
               f"và thi hành án dân sự còn lại cuối kỳ có: {'; '.join(parts)} (số trong ngoặc là "
               f"mức tăng (+), giảm (-) so với năm {previous}).")
    _picture(doc, charts.grouped_bars(
        f"Vụ, việc cuối năm {previous} và năm {report.year}",
        [CLOCK_LABELS[key] for _code, key in CLOCK_ROWS],
        [(f"Năm {previous}", [total.previous[key] for _code, key in CLOCK_ROWS]),
         (f"Năm {report.year}", [total.current[key] for _code, key in CLOCK_ROWS])],
        ylabel="Số vụ, việc"),
        f"Biểu đồ 2. Vụ, việc quá hạn, tạm đình chỉ, tồn đọng, kéo dài năm {previous} và năm {report.year}")
    _para(doc, "1. Theo lĩnh vực", bold=True)
    _clock_table(doc, "Lĩnh vực", report.by_procedure)
    _para(doc, "2. Theo cơ quan thụ lý", bold=True)
    if report.by_body:
        _clock_table(doc, "Cơ quan thụ lý", report.by_body)
    else:
        _para(doc, "Không có vụ, việc.", italic=True)


def _quality(doc: Any, report: AnnualReport) -> None:
    q = report.quality
    _para(doc, "III. CHẤT LƯỢNG ĐIỀU TRA, TRUY TỐ, XÉT XỬ", bold=True)
    _para(doc, f"1. Trả hồ sơ để điều tra bổ sung: {number(q.returns_total)} lượt.", bold=True)
    if q.returns:
        _table(doc, ["Cơ quan trả hồ sơ", "Số lượt"], [[body, n] for body, n in q.returns], [120, 40])
    _para(doc, "2. Bản án, quyết định sơ thẩm bị hủy, bị sửa do lỗi chủ quan", bold=True)
    target = q.target
    if target is not None:
        mark = " [chưa xác nhận]" if target.confidence != "V" else ""
        _para(doc, f"Chỉ tiêu năm {target.year}: bị hủy do lỗi chủ quan không quá "
                   f"{percent(target.annulled_max_pct)}, bị sửa do lỗi chủ quan không quá "
                   f"{percent(target.amended_max_pct)}{mark}.", italic=True, size=12)
    if q.courts:
        _table(doc, ["Tòa án", "Bản án sơ thẩm", "Bị hủy (lỗi chủ quan)", "Tỷ lệ hủy",
                     "Bị sửa (lỗi chủ quan)", "Tỷ lệ sửa"],
               [[c.court, c.judgments, c.annulled_subjective, percent(c.annulled_rate),
                 c.amended_subjective, percent(c.amended_rate)] for c in q.courts],
               [50, 22, 24, 20, 24, 20])
        if target is not None:
            over = [c.court for c in q.courts
                    if (c.annulled_rate is not None and c.annulled_rate > target.annulled_max_pct)
                    or (c.amended_rate is not None and c.amended_rate > target.amended_max_pct)]
            _para(doc, "Vượt chỉ tiêu: " + ("; ".join(over) if over else "không có") + ".")
    else:
        _para(doc, "Không có bản án sơ thẩm hoặc kết quả phúc thẩm trong năm.", italic=True)
    _flagged(doc, "3. Vụ án có dấu hiệu oan, sai", q.wrongful)
    _flagged(doc, "4. Vụ án có dấu hiệu bỏ lọt tội phạm", q.missed)


def _flagged(doc: Any, title: str, cases: list[Any]) -> None:
    """The cases flagged with signs of wrongful conviction (or of a crime let slip) as of
    the report's instant: their number, how many are still open, and their list."""
    _para(doc, f"{title}: {number(len(cases))} vụ "
               f"({number(sum(1 for w in cases if w.open))} vụ chưa kết thúc).", bold=True)
    if cases:
        _table(doc, ["STT", "Vụ án", "Cơ quan thụ lý", "Tình trạng"],
               [[n, w.title, w.holder, "Đang giải quyết" if w.open else "Đã kết thúc"]
                for n, w in enumerate(cases[:MAX_ROWS], start=1)],
               [10, 85, 45, 30])
        _more(doc, len(cases))


def _oversight(doc: Any, report: AnnualReport) -> None:
    _para(doc, "IV. KẾT QUẢ GIÁM SÁT, PHỐI HỢP TRONG HOẠT ĐỘNG TƯ PHÁP", bold=True)
    absences = report.attendance
    held = sum(a.held for a in absences)
    recorded = sum(a.recorded for a in absences)
    absent = sum(a.absent for a in absences)
    rate = percent(Decimal(100 * absent) / recorded if recorded else None)
    _para(doc, f"1. Ủy ban nhân dân tham gia đối thoại, phiên tòa hành chính: {number(held)} lượt "
               f"được triệu tập, {number(recorded)} lượt đã ghi nhận, vắng mặt {number(absent)} "
               f"lượt (tỷ lệ vắng mặt {rate}).", bold=True)
    listed = [a for a in absences if a.recorded]
    if listed:
        _table(doc, ["Ủy ban nhân dân", "Được triệu tập", "Đã ghi nhận", "Vắng mặt",
                     "Tỷ lệ vắng mặt", "Không đúng người đại diện hoặc vắng"],
               [[a.committee, a.held, a.recorded, a.absent, percent(a.absence_rate),
                 percent(a.unlawful_rate)] for a in listed[:MAX_ROWS]],
               [50, 22, 22, 20, 22, 24])
        _more(doc, len(listed))
    until = f"tính đến ngày {report.day:%d/%m/%Y}"
    for index, (title, figures, words) in enumerate((
            ("Giám định tư pháp", report.expertise, _expertise_words),
            ("Cung cấp thông tin, tài liệu, chứng cứ theo yêu cầu", report.evidence, _evidence_words),
            ("Giải quyết khiếu nại, tố cáo", report.complaints, _complaint_words),
            ("Kiến nghị sau giám sát của Hội đồng nhân dân, Mặt trận Tổ quốc", report.supervision,
             _recommendation_words)), start=2):
        if figures is None:
            _para(doc, f"{index}. {title}: chưa có số liệu trên hệ thống.", bold=True)
        else:
            _para(doc, f"{index}. {title} ({until}): {words(partial(_figure, figures))}", bold=True)


def _figure(figures: dict[str, int], key: str) -> str:
    return number(figures.get(key, 0))


# Each oversight workflow's figures in words; `n(key)`: the figure `key`, written out.
def _expertise_words(n: Callable[[str], str]) -> str:
    return (f"{n('total')} yêu cầu trưng cầu, đã có kết luận {n('concluded')}, đang thực hiện "
            f"{n('open')} (quá hạn {n('overdue')}), từ chối {n('refused')}.")


def _evidence_words(n: Callable[[str], str]) -> str:
    return (f"{n('total')} yêu cầu, đã cung cấp đầy đủ {n('answered')} (quá hạn {n('late')}), chưa "
            f"cung cấp đầy đủ {n('open')} (quá hạn {n('overdue')}; từ chối bằng văn bản {n('refused')}).")


def _complaint_words(n: Callable[[str], str]) -> str:
    return (f"{n('total')} đơn, đã giải quyết {n('resolved')} (quá hạn {n('resolved_late')}), đang "
            f"giải quyết {n('open')} (quá hạn {n('overdue')}).")


def _recommendation_words(n: Callable[[str], str]) -> str:
    counts = "; ".join(f"{statuses.TASK_LABELS[s].lower()}: {n(s)}" for s in statuses.TASK_STATUSES)
    return f"{n('total')} kiến nghị, trong đó {counts}."


def annual_docx(report: AnnualReport) -> bytes:
    doc = new_document(size=14)
    _header(doc, report)
    period = report.period
    _para(doc, "BÁO CÁO", align=CENTER, bold=True, size=16)
    _para(doc, "Kết quả thực hiện Chỉ thị của Ban Thường vụ Tỉnh ủy về tăng cường lãnh đạo, chỉ "
               f"đạo đối với các hoạt động tư pháp năm {report.year}", align=CENTER, bold=True, size=14)
    _para(doc, "-----", align=CENTER)
    as_of = ("" if report.day >= period.end
             else f"; số liệu tính đến ngày {report.day:%d/%m/%Y}")
    _para(doc, "Thực hiện Chỉ thị của Ban Thường vụ Tỉnh ủy về tăng cường lãnh đạo, chỉ đạo đối "
               "với các hoạt động tư pháp và một số nhiệm vụ cải cách tư pháp, Ban Nội chính Tỉnh ủy "
               f"tổng hợp, báo cáo Ban Thường vụ Tỉnh ủy kết quả năm {report.year} (từ ngày "
               f"{period.start:%d/%m/%Y} đến ngày {period.end:%d/%m/%Y}{as_of}) như sau:")
    _tasks(doc, report)
    _clocks(doc, report)
    _quality(doc, report)
    _oversight(doc, report)
    _para(doc, "V. ĐÁNH GIÁ CHUNG, PHƯƠNG HƯỚNG VÀ KIẾN NGHỊ", bold=True)
    for heading in ("1. Ưu điểm", "2. Hạn chế, nguyên nhân", "3. Phương hướng, nhiệm vụ năm tới",
                    "4. Kiến nghị, đề xuất"):
        _para(doc, heading, bold=True)
        _para(doc, "……", italic=True)
    instant = timezone.localtime(report.instant)
    _para(doc, f"Số liệu tổng hợp từ hệ thống Công Minh, các sự kiện được ghi nhận đến "
               f"{instant:%H:%M ngày %d/%m/%Y}; mã kiểm tra dữ liệu (SHA-256) {report.digest}.",
          italic=True, size=10)
    _signature(doc)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _signature(doc: Any) -> None:
    party_signature(doc, recipients=(
        "- Thường trực Tỉnh ủy,", "- Ban Thường vụ Tỉnh ủy (để báo cáo),",
        "- Ban Nội chính Trung ương (để báo cáo),", "- Các cơ quan tư pháp tỉnh,",
        "- Lưu Văn phòng Ban."))
