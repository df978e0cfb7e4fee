"""The board's filtered view as an XLSX workbook: the matrix, then the task list."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from congminh.apps.directives import status as st
from congminh.apps.directives.labels import STATUS_LABELS, due_label
from congminh.apps.directives.models import Obligation
from congminh.apps.directives.selectors import Board
from congminh.core.periods import label_vi
from congminh.core.spreadsheets import xlsx_row

# Dates are real date cells shown dd/mm/yyyy, so the workbook sorts and filters them.
DATE_FORMAT = "DD/MM/YYYY"
_DUE_COLUMN, _DONE_COLUMN = 6, 8  # "Due date", "Done on" (1-based) of the task sheet
# A month (year) target stays a date cell (its last day) shown as «tháng 11/2025»
# («năm 2025»), as `labels.due_label` names it; a quarter has no cell format: its name.
DUE_FORMATS = {"day": DATE_FORMAT, "month": '"tháng "MM/YYYY', "year": '"năm "YYYY'}


def board_workbook(board: Board, obligations: Iterable[Obligation]) -> bytes:
    book = Workbook()
    matrix = book.active
    assert matrix is not None
    matrix.title = _("Board")[:31]
    header = [_("Directive"), _("Body"), *[str(STATUS_LABELS[s]) for s in st.STATUSES], _("Total")]
    matrix.append(header)
    for directive in board.directives:
        for body in board.bodies:
            cell = board.cell(directive.pk, body.pk)
            if not cell:
                continue
            counts = [cell.get(s, 0) for s in st.STATUSES]
            matrix.append(xlsx_row(matrix, [str(directive), body.name, *counts, sum(counts)]))
    tasks = book.create_sheet(_("Tasks")[:31])
    tasks.append([_("Directive"), _("Point"), _("Task"), _("Assignee"), _("Period"),
                  _("Due date"), _("Percent done"), _("Done on"), _("Status")])
    for row, ob in enumerate(obligations, start=2):  # the row's number: no whole-sheet measure
        tasks.append(xlsx_row(tasks, [str(ob.task.directive), ob.task.ref, ob.task.text,
                                      ob.organisation.name, label_vi(ob.period_label), _due_cell(ob),
                                      ob.percent, ob.done_on,
                                      str(STATUS_LABELS[ob.status])]))  # type: ignore[attr-defined]
        tasks.cell(row=row, column=_DUE_COLUMN).number_format = DUE_FORMATS.get(
            ob.due_precision, DATE_FORMAT)
        tasks.cell(row=row, column=_DONE_COLUMN).number_format = DATE_FORMAT
    for sheet in (matrix, tasks):
        for cell in sheet[1]:
            cell.font = Font(bold=True)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _due_cell(ob: Obligation) -> dt.date | str | None:
    if ob.due is None or ob.due_precision in DUE_FORMATS:
        return ob.due
    return due_label(ob.due, ob.due_precision)
