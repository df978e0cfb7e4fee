"""Cells for spreadsheet programs that stay data (formula injection, OWASP "CSV injection").

Case titles, party names and task texts come from users and imported files; a text such
as ``=HYPERLINK(...)`` or ``@SUM(...)`` must reach a clerk's Excel as text, never as a
live formula. In CSV a leading ``= + - @`` (or tab, carriage return) is neutralised by an
apostrophe, as spreadsheet programs expect; in XLSX such a text is stored as a string
cell (openpyxl would otherwise store a leading ``=`` as a formula), so nothing visible
changes. Intended formulas (the report's totals) are written by their own code, not
through these functions.

    >>> csv_cell("=1+1"), csv_cell("-5 ngày"), csv_cell("Nguyễn Văn A"), csv_cell(7)
    ("'=1+1", "'-5 ngày", 'Nguyễn Văn A', 7)
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    """`value` for a CSV cell: a text that a spreadsheet would read as a formula gets an
    apostrophe in front; anything else is returned as it is."""
    if isinstance(value, str) and value.startswith(DANGEROUS):
        return "'" + value
    return value


def csv_row(values: Iterable[Any]) -> list[Any]:
    return [csv_cell(v) for v in values]


def xlsx_row(sheet: Any, values: Iterable[Any]) -> list[Any]:
    """`values` for `sheet.append` (normal or write-only sheets): a text starting with
    ``=`` becomes a string cell instead of a formula."""
    from openpyxl.cell import WriteOnlyCell

    out: list[Any] = []
    for value in values:
        if isinstance(value, str) and value.startswith("="):
            cell = WriteOnlyCell(sheet, value=value)
            cell.data_type = "s"
            out.append(cell)
        else:
            out.append(value)
    return out
