"""The quarterly review as an XLSX workbook: the totals in the form's shape (row codes,
the printed check formulas as Excel formulas), the totals by body, then one sheet per
list with real dates and numbers."""

from __future__ import annotations

import io
from collections.abc import Sequence
from copy import copy
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from congminh.apps.reports import presenters
from congminh.apps.reports.review import CHECKS, FORM_ROWS, PROCEDURES, TOTAL
from congminh.apps.reports.selectors import ReviewResult
from congminh.core.spreadsheets import xlsx_row

DATE_FORMAT = "DD/MM/YYYY"
WRAP_TOP = Alignment(wrap_text=True, vertical="top")
BOLD = Font(bold=True)
# Rows whose printed formula computes them from other rows: written as Excel formulas.
_FORMULA_ROWS = {c.left: c for c in CHECKS if c.op == "="}


def _heading(sheet: Worksheet, result: ReviewResult, title: str) -> None:
    period = result.review.period
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([_("Period: %(name)s, from %(start)s to %(end)s") % {
        "name": period.label_vi, "start": period.start.strftime("%d/%m/%Y"),
        "end": period.end.strftime("%d/%m/%Y")}])
    sheet.append([_("Scope: %(scope)s") % {"scope": result.scope_label}])
    sheet.append([_("Events recorded up to %(instant)s; clocks as of %(day)s") % {
        "instant": timezone.localtime(result.instant).strftime("%H:%M %d/%m/%Y"),
        "day": result.review.day.strftime("%d/%m/%Y")}])
    sheet.append([_("Inputs digest (SHA-256): %(digest)s") % {"digest": result.digest}])
    sheet.append([])


def _bold_row(sheet: Worksheet) -> None:
    for cell in sheet[sheet.max_row]:
        cell.font = BOLD
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def _totals_sheet(sheet: Worksheet, result: ReviewResult) -> None:
    _heading(sheet, result, _("QUARTERLY REVIEW OF CASES: TOTALS"))
    columns = (*PROCEDURES, TOTAL)
    sheet.append([_("Criterion"), _("Row code"), *[presenters.procedure_label(c) for c in columns],
                  _("Check")])
    _bold_row(sheet)
    first = sheet.max_row + 1
    row_of = {r.code: first + i for i, r in enumerate(FORM_ROWS)}
    letters = [get_column_letter(3 + i) for i in range(len(columns))]  # C..G
    total_letter = letters[-1]
    table = result.review.figures()
    for r in FORM_ROWS:
        line: list[Any] = [r.label, r.code]
        for column, letter in zip(columns, letters, strict=True):
            if column == TOTAL:
                line.append(f"=SUM({letters[0]}{row_of[r.code]}:{letters[-2]}{row_of[r.code]})")
            elif r.code in _FORMULA_ROWS:
                cells = {code: f"{letter}{row}" for code, row in row_of.items()}
                line.append(_FORMULA_ROWS[r.code].formula(cells))
            else:
                line.append(table[column][r.code])
        check = next((c for c in CHECKS if c.left == r.code), None)
        line.append(check.excel({code: f"{total_letter}{row}" for code, row in row_of.items()})
                    if check else None)
        sheet.append(line)
    sheet.append([])
    sheet.append([_("Check formulas of the form (column Check: TRUE when it holds)")])
    for c in CHECKS:
        sheet.append([c.text])
    sheet.column_dimensions["A"].width = 52
    for letter in (*letters, "H"):
        sheet.column_dimensions[letter].width = 14


def _bodies_sheet(sheet: Worksheet, result: ReviewResult) -> None:
    _heading(sheet, result, _("TOTALS BY HOLDING BODY"))
    sheet.append([_("Holding body"), *[f"{r.code}. {r.label}" for r in FORM_ROWS]])
    _bold_row(sheet)
    sheet.append([_("Row code"), *[r.code for r in FORM_ROWS]])
    first = sheet.max_row + 1
    col_of = {r.code: get_column_letter(2 + i) for i, r in enumerate(FORM_ROWS)}
    for line in presenters.body_table(result):
        row = sheet.max_row + 1
        cells = {code: f"{letter}{row}" for code, letter in col_of.items()}
        values: list[Any] = [line.name]
        for r, (_key, n) in zip(FORM_ROWS, line.cells, strict=True):
            check = _FORMULA_ROWS.get(r.code)
            values.append(check.formula(cells) if check else n)
        sheet.append(values)  # the form's own formulas: a body's name is not text a user typed
    last = sheet.max_row
    sheet.append([_("Total"), *[f"=SUM({letter}{first}:{letter}{last})" if last >= first else 0
                                for letter in col_of.values()]])
    _bold_row(sheet)
    sheet.column_dimensions["A"].width = 48
    for letter in col_of.values():
        sheet.column_dimensions[letter].width = 16


def _style_cell(cell: Any, styles: dict[bool, Any], is_date: bool) -> None:
    """Wrapped, top-aligned (a date in dd/mm/yyyy): styled once through openpyxl, then the
    resulting style copied to the next cells (assigning styles one by one looks each up in
    the workbook's style table: most of the time of a province's list)."""
    if is_date not in styles:
        cell.alignment = WRAP_TOP
        if is_date:
            cell.number_format = DATE_FORMAT
        styles[is_date] = copy(cell._style)
    else:
        cell._style = copy(styles[is_date])


def _list_sheet(sheet: Worksheet, result: ReviewResult, key: str, title: str) -> None:
    row_key = presenters.LISTS[key][0]
    _heading(sheet, result, title.upper())
    extra: list[str] = []
    if key == "overdue":
        extra = [_("Due date"), _("Days over the limit"), _("Rule"), _("Legal basis"), _("Why")]
    elif key == "suspended":
        extra = [_("Suspended since"), _("Ground has ended")]
    elif key == "backlog":
        extra = [_("Days open")]
    elif key == "prolonged":
        extra = [_("Why prolonged")]
    sheet.append([_("No."), _("Case ID"), _("Case or matter"), _("Case numbers"), _("Procedure"),
                  _("Holding body"), _("Stage"), _("Status"), _("Date of the first event"), *extra,
                  _("Proposed solution / recommendation")])
    _bold_row(sheet)
    header_row = sheet.max_row
    styles: dict[bool, Any] = {}
    facts = presenters.selected(result, row_key)
    day = result.review.day
    for n, row in enumerate(presenters.rows(result, facts), start=1):
        f = row.facts
        values: list[Any] = [n, f.id, row.title, "; ".join(row.numbers), row.procedure, row.holder,
                             row.stage, row.status, f.first_event]
        if key == "overdue":
            worst = row.why[0] if row.why else None
            values += [worst.due if worst else None, f.days_over,
                       "; ".join(w.rule for w in row.why), "; ".join(w.basis for w in row.why),
                       "\n".join(s for w in row.why for s in w.steps)]
        elif key == "suspended":
            values += [f.suspended_since, _("Yes") if f.ground_ended else _("No")]
        elif key == "backlog":
            values += [(day - f.first_event).days if f.first_event else None]
        elif key == "prolonged":
            values += ["; ".join(row.reasons)]
        values.append("\n".join(f"{c.get_kind_display()}: {c.text}" for c in row.comments))
        sheet.append(xlsx_row(sheet, values))
        # The row just written, by its number: `sheet[sheet.max_row]` measures the whole
        # sheet each time, quadratic over a province's list.
        for column in range(1, len(values) + 1):
            cell = sheet.cell(row=header_row + n, column=column)
            _style_cell(cell, styles, hasattr(cell.value, "isoformat"))
    for letter, width in zip("ABCDEFGHIJKLMNO", (5, 8, 40, 22, 14, 30, 18, 14, 12, 14, 12, 14, 30, 60),
                             strict=False):
        sheet.column_dimensions[letter].width = width


def review_workbook(result: ReviewResult) -> bytes:
    book = Workbook()
    totals = book.active
    assert totals is not None
    totals.title = _("Totals")[:31]
    _totals_sheet(totals, result)
    _bodies_sheet(book.create_sheet(_("By body")[:31]), result)
    for key, (_row_key, label) in presenters.LISTS.items():
        _list_sheet(book.create_sheet(str(label)[:31]), result, key, str(label))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def sheet_names() -> Sequence[str]:
    return [_("Totals")[:31], _("By body")[:31], *[str(v[1])[:31] for v in presenters.LISTS.values()]]
