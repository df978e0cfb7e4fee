"""The row loop of the registers kept in spreadsheets (the oversight imports: complaint
registers, supervision recommendations, the expertise roster's result): the heading row
checked for the required columns, each non-empty data row handed to the import's
function as a `SheetRow` (its cells by heading, typed readers that record a `Problem`
naming the row and the column in Vietnamese), the rejected rows kept for the error
workbook, the good ones counted.

The screens around it (template download, upload page, error workbook) are
`web.sheet_import`."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import from_excel

from congminh.apps.imports.columns import ERROR_HEADING
from congminh.apps.imports.parse import Problem, parse_date
from congminh.apps.imports.reader import read_rows
from congminh.apps.organisations.models import Organisation
from congminh.apps.organisations.selectors import organisation_by_name
from congminh.core.spreadsheets import xlsx_row
from congminh.core.text import fold, nfc


@dataclass
class SheetImport:
    """What an import did, counted in rows; the rejected rows as they were read."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[Problem] = field(default_factory=list)
    headings: list[str] = field(default_factory=list)
    rejected: dict[int, tuple[Any, ...]] = field(default_factory=dict)

    @property
    def rows(self) -> int:
        return self.created + self.updated + self.unchanged + len(self.rejected)

    def count(self, outcome: str) -> None:
        """One more row `created`, `updated` or `unchanged`."""
        setattr(self, outcome, getattr(self, outcome) + 1)

    def error_workbook(self) -> bytes:
        """The rejected rows as they were, with a «Lỗi» column giving the reasons."""
        reasons: dict[int, list[str]] = {}
        for p in self.problems:
            reasons.setdefault(p.row, []).append(str(p))
        book = Workbook(write_only=True)
        sheet = book.create_sheet("Dòng bị từ chối")
        sheet.append(["Dòng", *self.headings, ERROR_HEADING])
        for row, texts in sorted(reasons.items()):
            raw = list(self.rejected.get(row, ()))
            raw += [None] * (len(self.headings) - len(raw))
            sheet.append(xlsx_row(sheet, [row, *raw, "\n".join(texts)]))
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()


def register_template(title: str, headings: Sequence[str], examples: Iterable[Sequence[Any]],
                      lists: dict[str, Sequence[str]] | None = None) -> bytes:
    """A blank register to download: the heading row and example rows on the sheet
    `title` (columns as wide as their headings), and a sheet for each list of the values
    a column accepts (`lists`: sheet name -> values)."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title
    for row in (headings, *examples):
        sheet.append(list(row))
    for i, heading in enumerate(headings, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = max(14, min(50, len(heading) + 4))
    for name, values in (lists or {}).items():
        extra = book.create_sheet(name)
        for value in (name, *values):
            extra.append([value])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def cell_text(value: Any) -> str:
    """A cell as text (NFC, trimmed); a date cell as dd/mm/yyyy."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return nfc(str(value)).strip()


def find_body(text: str) -> Organisation | None:
    """The body of the registry with this code, or else the one body (today's, when a
    predecessor shares the name) whose name or alias folds to `text`."""
    found = Organisation.objects.filter(code__iexact=text.strip()).first()
    if found is not None:
        return found
    named = organisation_by_name(text)
    if len(named) > 1:
        named = [o for o in named if o.valid_to is None]
    return named[0] if len(named) == 1 else None


class SheetRow:
    """One data row: `number` (the heading is row 1), its cells by heading, `problems`."""

    def __init__(self, number: int, raw: tuple[Any, ...], index: dict[str, int]) -> None:
        self.number, self.raw, self.index = number, raw, index
        self.problems: list[Problem] = []

    def value(self, column: str) -> Any:
        i = self.index.get(fold(column))
        return self.raw[i] if i is not None and i < len(self.raw) else None

    def text(self, column: str) -> str:
        return cell_text(self.value(column))

    def problem(self, column: str, message: str) -> None:
        self.problems.append(Problem(self.number, column, message))

    def required(self, column: str) -> str:
        text = self.text(column)
        if not text:
            self.problem(column, _("this cell is empty"))
        return text

    def date(self, column: str, *, needed: bool = False) -> dt.date | None:
        """A date cell, an Excel day number or dd/mm/yyyy (ISO too) text."""
        value = self.value(column)
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        day = None
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            with contextlib.suppress(ValueError, OverflowError, AttributeError):
                day = from_excel(value).date()
        text = self.text(column)
        day = day or (parse_date(text) if text else None)
        if text and day is None:
            self.problem(column, _("«%s» is not a valid date (dd/mm/yyyy)") % text)
        elif needed and day is None:
            self.problem(column, _("this cell is empty"))
        return day

    def coded(self, column: str, table: dict[str, str], message: str) -> str:
        """The value `table` gives the folded cell (`table[""]` for an empty one); else a
        problem `message % cell` and ""."""
        text = self.text(column)
        if not text:
            return table.get("", "")
        value = table.get(fold(text))
        if value is None:
            self.problem(column, message % text)
            return ""
        return value

    def body(self, column: str, *, needed: bool = False) -> Organisation | None:
        """The body named by code or name (`find_body`); a problem if none is."""
        text = self.required(column) if needed else self.text(column)
        found = find_body(text) if text else None
        if text and found is None:
            self.problem(column, _("no body of the registry has the code or name «%s»") % text)
        return found


def import_rows(data: bytes, file_name: str, *, required: Iterable[str], result: SheetImport,
                handle: Callable[[SheetRow], None]) -> SheetImport:
    """Read the file (`imports.reader.read_rows`), check that the heading row has the
    `required` columns, and hand each non-empty row to `handle`, which records its
    problems on the row (a row with problems is rejected and kept for the error workbook)
    or counts its outcome on `result`. One transaction for the file: a problem with the
    file itself found past the first rows (`FileRejected`: the row limit, a control
    character, a damaged part) refuses the whole file, so the rows read before it are not
    kept either, as in the case import (each row's own `atomic` is then a savepoint)."""
    with transaction.atomic():
        return _import_rows(data, file_name, required=required, result=result, handle=handle)


def _import_rows(data: bytes, file_name: str, *, required: Iterable[str], result: SheetImport,
                 handle: Callable[[SheetRow], None]) -> SheetImport:
    rows = iter(read_rows(data, file_name))
    result.headings = [cell_text(h) for h in next(rows, ())]
    index = {fold(h): i for i, h in enumerate(result.headings) if h}
    missing = [h for h in required if fold(h) not in index]
    if missing:
        result.problems.append(Problem(1, "", _("The heading row lacks the columns: %s")
                                       % ", ".join(f"«{m}»" for m in missing)))
        return result
    for number, raw in enumerate(rows, start=2):
        if not any(cell_text(c) for c in raw):
            continue
        row = SheetRow(number, tuple(raw), index)
        handle(row)
        if row.problems:
            result.problems += row.problems
            result.rejected[number] = tuple(raw)
    return result

