"""The review's XLSX writer, read back by openpyxl: real numbers and dates, intended
formulas, texts that stay texts, styles and widths."""

from __future__ import annotations

import datetime as dt
import doctest
import io
from decimal import Decimal

import openpyxl

from congminh.apps.reports import xlsx_writer
from congminh.apps.reports.xlsx_writer import Formula, Sheet, Style, workbook


def test_doctests() -> None:
    assert doctest.testmod(xlsx_writer).failed == 0


def test_read_back_by_openpyxl() -> None:
    first = Sheet("Tổng hợp & <kiểm tra>", widths={"A": 40, "C": 12})
    first.append(["BÁO CÁO"], Style.TITLE)
    first.append(["Tiêu chí", "Mã số", "Hình sự"], Style.BOLD)
    first.append(["Số cũ", 1, 7])
    first.append(["Số mới", 2, 5])
    first.append(["Tổng", 3, Formula("=C3+C4"), True, Decimal("1.5"), None, ""])
    second = Sheet("Danh sách")
    second.append([1, "=HYPERLINK(\"http://x\")", "dòng 1\ndòng 2 <b>&amp;</b>", dt.date(2026, 3, 2),
                   dt.datetime(2026, 7, 2, 15, 30), "ký tự\x07 lạ"], Style.WRAP)
    book = openpyxl.load_workbook(io.BytesIO(workbook([first, second])))

    assert book.sheetnames == ["Tổng hợp & <kiểm tra>", "Danh sách"]
    totals = book["Tổng hợp & <kiểm tra>"]
    assert totals["A1"].value == "BÁO CÁO" and totals["A1"].font.b and totals["A1"].font.sz == 13
    assert totals["B2"].font.b and totals["B2"].alignment.wrap_text
    assert [c.value for c in totals[3]][:3] == ["Số cũ", 1, 7]
    assert totals["C5"].value == "=C3+C4"  # an intended formula
    assert totals["D5"].value is True and totals["E5"].value == 1.5 and totals["F5"].value is None
    assert totals.column_dimensions["A"].width == 40 and totals.column_dimensions["C"].width == 12

    row = [c for c in book["Danh sách"][1]]
    assert row[0].value == 1
    assert row[1].value == "=HYPERLINK(\"http://x\")" and row[1].data_type == "s"  # text stays text
    assert row[2].value == "dòng 1\ndòng 2 <b>&amp;</b>" and row[2].alignment.wrap_text
    assert row[3].value == dt.datetime(2026, 3, 2) and row[3].number_format == "DD/MM/YYYY"
    assert row[3].alignment.wrap_text and row[3].alignment.vertical == "top"
    assert row[4].value == dt.datetime(2026, 7, 2)  # a date: the day only
    assert row[5].value == "ký tự lạ"  # a control character XML cannot hold is dropped


def test_long_sheet_names_are_cut_to_excel_limit() -> None:
    sheet = Sheet("Tồn đọng (còn lại cuối kỳ) của toàn tỉnh năm 2026")
    assert len(sheet.name) == 31
    assert openpyxl.load_workbook(io.BytesIO(workbook([sheet]))).sheetnames == [sheet.name]


def test_rows_packed_ahead_read_back_as_rows_written_now() -> None:
    """Rows compressed ahead (`pack`) and joined to the rest of their sheet: the package is
    a valid ZIP (each part's CRC-32 checked) and reads back as the same rows written
    whole."""
    import zipfile

    from congminh.apps.reports.xlsx_writer import cell, pack

    values = [[n, f"Vụ án số {n} <&>", dt.date(2026, 1, 1) + dt.timedelta(days=n)] for n in range(1, 2001)]
    whole, split = Sheet("Danh sách"), Sheet("Danh sách")
    for sheet in (whole, split):
        sheet.append(["DANH SÁCH"], Style.TITLE)
    for line in values:
        whole.append(line, Style.WRAP)
    rows = ["<row>" + "".join(cell(v, Style.WRAP) for v in line) + "</row>" for line in values]
    split.packed += [pack(rows[start:start + 700]) for start in range(0, len(rows), 700)]
    assert split.max_row == whole.max_row == 2001 and split.xml() == whole.xml()

    packages = [workbook([whole]), workbook([split])]
    for data in packages:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            assert package.testzip() is None
    read = [[list(r) for r in openpyxl.load_workbook(io.BytesIO(data))["Danh sách"].iter_rows(values_only=True)]
            for data in packages]
    assert read[0] == read[1] and read[1][2000] == [2000, "Vụ án số 2000 <&>", dt.datetime(2031, 6, 24)]
