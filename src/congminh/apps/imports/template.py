"""The import template workbook: an instruction sheet and example rows."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

from congminh.apps.imports import columns as C
from congminh.core.case_events import EVENT_TYPES

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
    "Nhập lại cùng một tệp không tạo bản ghi trùng. Dòng lỗi được trả lại trong tệp lỗi kèm cột «Lỗi».",
    "",
    "Sự kiện (ghi tên tiếng Việt hoặc mã):",
]


def example_rows(holder: str, other: str = "") -> list[list[object]]:
    other_number = f"{other}: 12/VKS-P1" if other else ""
    return [
        [holder, "01/2026/HS", "hình sự", "nghiêm trọng", "Vụ trộm cắp tài sản tại chợ Trung tâm",
         "Nguyễn Văn A (bị can); Trần Thị B (bị hại)", "Khởi tố vụ án", dt.date(2026, 1, 5),
         None, None, None, None, "QĐ 01/QĐ-CSĐT", other_number],
        [holder, "01/2026/HS", "hình sự", "nghiêm trọng", "Vụ trộm cắp tài sản tại chợ Trung tâm",
         "Nguyễn Văn A (bị can); Trần Thị B (bị hại)", "Gia hạn điều tra", dt.date(2026, 4, 28),
         2, None, None, None, "QĐ 05/QĐ-VKS", other_number],
        [holder, "02/2026/TLST-DS", "dân sự", "dân sự", "Tranh chấp quyền sử dụng đất",
         "Lê Văn C (nguyên đơn); Phạm Thị D (bị đơn)", "Tòa án thụ lý sơ thẩm", dt.date(2026, 2, 10),
         None, None, None, None, "TB thụ lý 02/TB-TLVA", ""],
    ]


def write_template(path: str | Path | io.BytesIO, *, holder: str = "TAND-KV1") -> None:
    book = Workbook()
    data = book.active
    assert data is not None
    data.title = "Dữ liệu"
    data.append(list(C.HEADINGS))
    for cell in data[1]:
        cell.font = Font(bold=True)
    for row in example_rows(holder):
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
        help_sheet.append([et.label_vi, code])
    help_sheet.column_dimensions["A"].width = 100
    book.save(path)
