"""The import template workbook: an instruction sheet and example rows."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping, Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

from congminh.apps.imports import columns as C
from congminh.core.case_events import EVENT_TYPES
from congminh.core.law.events import EVENT_TYPES as LAW_EVENTS

INSTRUCTIONS = [
    "Mẫu nhập vụ án và sự kiện tố tụng vào Công Minh.",
    "Mỗi dòng là một sự kiện của một vụ án; các cột về vụ án được nhắc lại trên mỗi dòng.",
    "Các dòng có cùng «Cơ quan thụ lý (mã)» và «Số vụ án/vụ việc» thuộc cùng một vụ án.",
    "Cột bắt buộc: " + ", ".join(f"«{h}»" for h in C.REQUIRED) + ".",
    "«Cơ quan thụ lý (mã)»: mã cơ quan (ví dụ TAND-KV1) hoặc tên đầy đủ.",
    "«Loại án»: hình sự, dân sự, hành chính, thi hành án (có dấu hoặc không dấu).",
    "«Phân loại tội phạm / loại vụ việc»: án hình sự: ít nghiêm trọng, nghiêm trọng, rất nghiêm trọng, "
    "đặc biệt nghiêm trọng; án dân sự: dân sự, hôn nhân gia đình, kinh doanh thương mại, lao động; "
    "án hành chính: thông thường, thời hạn 2 tháng.",
    "«Đương sự, bị can»: Tên (vai trò); tên khác (vai trò), ví dụ: Nguyễn Văn A (bị can); Trần Thị B (bị hại).",
    "«Ngày»: dd/mm/yyyy (ví dụ 05/03/2026), hoặc ô kiểu ngày của Excel.",
    "«Số tháng», «Số ngày»: số nguyên, dùng cho gia hạn.",
    "«Căn cứ / lý do»: căn cứ tạm đình chỉ hoặc lý do kết thúc.",
    "«Cơ quan trả hồ sơ»: Viện kiểm sát hoặc Tòa án (chỉ cho sự kiện trả hồ sơ điều tra bổ sung).",
    "«Số vụ án tại cơ quan khác»: MÃ CƠ QUAN: số; ví dụ VKS-TINH: 12/VKS-P1.",
    "«Có điều kiện thi hành»: có hoặc không (bắt buộc cho «Xác minh điều kiện thi hành án»).",
    "«Cấp xét xử phúc thẩm»: tỉnh (Tòa án nhân dân tỉnh) hoặc Tòa Phúc thẩm TANDTC; "
    "hoặc mã provincial / supreme_appellate (bắt buộc cho «Tòa phúc thẩm nhận hồ sơ kháng cáo, kháng nghị»).",
    "«Người liên quan»: họ tên người bị tạm giữ, tạm giam (bắt buộc cho các sự kiện tạm giữ, tạm giam), "
    "người vắng mặt nhận bản án, người kháng cáo; ví dụ: Nguyễn Văn A.",
    "«Số yêu cầu / quyết định trưng cầu»: số quyết định trưng cầu giám định, yêu cầu cung cấp chứng cứ, "
    "số thụ lý khiếu nại, tố cáo (bắt buộc cho các sự kiện đó); ví dụ: 15/QĐ-TCGĐ.",
    "«Chi tiết khác»: các chi tiết khác mà cách tính thời hạn dùng, dạng mã=giá trị; mã=giá trị, "
    "ví dụ: custody_stage=trial (giai đoạn tạm giam); level=higher (kháng nghị của VKS cấp trên); "
    "category=very_serious (loại tội mới khi thay đổi quyết định khởi tố); national_security=true; "
    "ground_ref=15/QĐ-TCGĐ; với «Tòa án thụ lý sơ thẩm» và «Tòa phúc thẩm nhận hồ sơ kháng cáo, "
    "kháng nghị»: simplified_procedure=có (giải quyết theo thủ tục rút gọn: thời hạn chuẩn bị xét "
    "xử, mở phiên tòa của thủ tục rút gọn); với «Tòa phúc thẩm nhận hồ sơ kháng cáo, kháng nghị» "
    "của vụ án dân sự, hành chính: foreign_element=có (vụ án có yếu tố nước ngoài): khi đó không "
    "áp dụng thời hạn chuẩn bị xét xử, mở phiên tòa phúc thẩm (BLTTDS Điều 286 khoản 4, Luật TTHC "
    "Điều 221). Giá trị đúng/sai ghi true/false hoặc có/không.",
    "«Đánh dấu giám sát»: Dư luận xã hội đặc biệt quan tâm; Có dấu hiệu oan, sai; Có dấu hiệu bỏ lọt "
    "tội phạm (một hoặc nhiều, cách nhau bằng dấu ;). «Lý do đánh dấu» bắt buộc khi có đánh dấu (ai đề nghị, nội dung phản ánh; tối đa "
    "255 ký tự), được lưu trong nhật ký như khi đánh dấu trên trang vụ án. Nhập tệp chỉ đặt thêm đánh dấu, "
    "không bỏ đánh dấu đã có.",
    "Thiếu chi tiết bắt buộc, giá trị không hợp lệ hoặc chi tiết không dùng cho sự kiện: dòng bị từ chối "
    "với thông báo ghi rõ dòng và cột. Tệp theo mẫu cũ (không có các cột này) vẫn nhập được.",
    "Nhập lại cùng một tệp không tạo bản ghi trùng. Dòng lỗi được trả lại trong tệp lỗi kèm cột «Lỗi».",
    "Mỗi cơ quan chỉ nhập vụ án do mình thụ lý và các sự kiện thuộc thẩm quyền của mình (ví dụ Tòa án "
    "không nhập sự kiện điều tra); sự kiện trái quy định về thời hạn, giai đoạn tố tụng bị từ chối kèm "
    "căn cứ pháp lý, các dòng khác vẫn được nhập.",
    "Số vụ án tại cơ quan khác chỉ là đề nghị liên kết: cơ quan có số đó xác nhận trên trang «Liên kết "
    "số»; trước khi được xác nhận, đề nghị không cho phép xem hay sửa hồ sơ của cơ quan đó.",
    "",
    "Sự kiện (ghi tên tiếng Việt hoặc mã):",
]


def example_rows(holder: str, other: str = "", *, holders: Mapping[str, str] | None = None,
                 ) -> list[list[object]]:
    """Example rows (cells in `columns.HEADINGS` order), one of each kind of detail.
    `holders`: the code of the body holding the criminal, the civil and the enforcement
    example (keys "investigation", "court", "enforcement"), `holder` when not given."""
    other_number = f"{other}: 12/VKS-P1" if other else ""
    by_kind = holders or {}
    crime = [by_kind.get("investigation", holder), "01/2026/HS", "hình sự", "nghiêm trọng", "Vụ trộm cắp tài sản tại chợ Trung tâm",
             "Nguyễn Văn A (bị can); Trần Thị B (bị hại)"]
    land = [by_kind.get("court", holder), "02/2026/TLST-DS", "dân sự", "dân sự", "Tranh chấp quyền sử dụng đất",
            "Lê Văn C (nguyên đơn); Phạm Thị D (bị đơn)"]
    flag = ("Dư luận xã hội đặc biệt quan tâm",
            "Báo chí phản ánh nhiều lần; cử tri kiến nghị tại buổi tiếp xúc cử tri")
    debt = [by_kind.get("enforcement", holder), "03/2026/THA", "thi hành án", None, "Thi hành án trả nợ vay giữa Đỗ Văn E và Hồ Thị G",
            "Đỗ Văn E (người được thi hành án); Hồ Thị G (người phải thi hành án)"]
    return [
        _row(crime, "Khởi tố vụ án", dt.date(2026, 1, 5), document="QĐ 01/QĐ-CSĐT", other=other_number,
             flag=flag),
        _row(crime, "detention_ordered", dt.date(2026, 1, 6), document="LTG 03/LTG-CSĐT",
             other=other_number, person="Nguyễn Văn A", details="custody_stage=investigation", flag=flag),
        _row(crime, "Gia hạn điều tra", dt.date(2026, 4, 28), months=2, document="QĐ 05/QĐ-VKS",
             other=other_number, flag=flag),
        _row(land, "Tòa án thụ lý sơ thẩm", dt.date(2026, 2, 10), document="TB thụ lý 02/TB-TLVA"),
        _row(land, "expertise_ordered", dt.date(2026, 3, 16), document="QĐ 15/QĐ-TCGĐ",
             ref="15/QĐ-TCGĐ"),
        _row(debt, "Người phải thi hành nhận quyết định thi hành án", dt.date(2026, 2, 2),
             document="QĐ 40/QĐ-CTHADS"),
        _row(debt, "Xác minh điều kiện thi hành án", dt.date(2026, 3, 2), able="không",
             document="Biên bản xác minh 12/BB-XM"),
    ]


def _row(case: Sequence[object], event: str, day: dt.date, *, months: int | None = None,
         document: str = "", other: str = "", able: str = "", court: str = "", person: str = "",
         ref: str = "", details: str = "", flag: tuple[str, str] = ("", "")) -> list[object]:
    return [*case, event, day, months, None, None, None, document, other,
            able or None, court or None, person or None, ref or None, details or None,
            flag[0] or None, flag[1] or None]


def event_fields_help(code: str) -> str:
    """The details an event takes, by column: «bắt buộc: …; có thể: …»."""
    et = EVENT_TYPES[code]
    choices = dict(et.choices)

    def name(field: str) -> str:
        column = C.FIELD_COLUMNS.get(field)
        text = f"«{column}»" if column else f"«{C.DETAILS}» {field}"
        allowed = choices.get(field)
        if allowed and field not in ("able", "court", "by"):
            text += " (" + ", ".join(str(v).lower() if isinstance(v, bool) else str(v)
                                     for v in allowed) + ")"
        return text

    parts = []
    if et.required_fields:
        parts.append("bắt buộc: " + ", ".join(name(f) for f in et.required_fields))
    length = LAW_EVENTS[code].needs_length
    if length:
        parts.append(f"bắt buộc một trong: «{C.MONTHS}», «{C.DAYS}»")
    optional = [f for f in et.optional_fields
                if f not in et.required_fields and not (length and f in ("months", "days"))]
    if optional:
        parts.append("có thể: " + ", ".join(dict.fromkeys(name(f) for f in optional)))
    return "; ".join(parts)


def _examples_for(holder: str, events: frozenset[str] | None,
                  holders: Mapping[str, str] | None = None) -> list[list[object]]:
    """The example cases whose every event the body decides (whole cases only: a court's
    template has no investigation, so its criminal example would lack its start)."""
    rows = example_rows(holder, holders=holders)
    if events is None:
        return rows
    event_at, number_at = C.HEADINGS.index(C.EVENT), C.HEADINGS.index(C.NUMBER)
    by_label = {et.label_vi: code for code, et in EVENT_TYPES.items()}
    foreign = {row[number_at] for row in rows
               if by_label.get(str(row[event_at]), str(row[event_at])) not in events}
    return [row for row in rows if row[number_at] not in foreign]


def write_template(path: str | Path | io.BytesIO, *, holder: str = "TAND-KV1",
                   events: frozenset[str] | None = None,
                   holders: Mapping[str, str] | None = None) -> None:
    """The template with example rows for `holder` (or `holders`, see `example_rows`);
    `events`: the event types the user's body decides (`scope.decided_events`), so that
    its examples import as they are (None: every example, for an admin)."""
    book = Workbook()
    data = book.active
    assert data is not None
    data.title = "Dữ liệu"
    data.append(list(C.HEADINGS))
    for cell in data[1]:
        cell.font = Font(bold=True)
    for row in _examples_for(holder, events, holders):
        data.append(row)
    for row in data.iter_rows(min_row=2, min_col=8, max_col=8):
        for cell in row:
            cell.number_format = "DD/MM/YYYY"
    for i, heading in enumerate(C.HEADINGS):
        data.column_dimensions[data.cell(1, i + 1).column_letter].width = max(14, len(heading) + 2)
    help_sheet = book.create_sheet("Hướng dẫn")
    for line in INSTRUCTIONS:
        help_sheet.append([line])
    for code, et in EVENT_TYPES.items():
        help_sheet.append([et.label_vi, code, event_fields_help(code)])
    help_sheet.column_dimensions["A"].width = 100
    help_sheet.column_dimensions["C"].width = 80
    book.save(path)
