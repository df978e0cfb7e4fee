"""`CaseRecord`s -> rows of the import template (the reverse of `parse`).

Used to write the benchmark's P-size file from the demo generator, the demo province's
sample workbook, and any export meant to be re-imported. One row per event, the case's
columns repeated on every row, labels in Vietnamese as a clerk would type them.

Every event detail is written: months, days, ground or reason, `by`, `able`, `court`,
`person` and `ref` in their columns, any other field in «Chi tiết khác» as
`key=value; key=value`, so an event's type, date, details and document read back the
same; the supervision flags and their reason too. The template has no column for the
event's acting body, summary, birth years or custody: those are not written.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from congminh.apps.imports import columns as C
from congminh.core.case_events import EVENT_TYPES
from congminh.core.records import CaseRecord, EventRecord
from congminh.core.spreadsheets import csv_row, xlsx_row
from congminh.core.statuses import FLAG_LABELS, SUPERVISION_FLAGS

PROCEDURE_LABELS = {
    "criminal": "hình sự", "civil": "dân sự", "administrative": "hành chính",
    "enforcement": "thi hành án",
}
CATEGORY_LABELS = {
    "less_serious": "ít nghiêm trọng", "serious": "nghiêm trọng",
    "very_serious": "rất nghiêm trọng", "especially_serious": "đặc biệt nghiêm trọng",
}
CASE_KIND_LABELS = {
    "civil_family": "dân sự", "business_labour": "kinh doanh thương mại",
    "ordinary": "thông thường", "short": "thời hạn 2 tháng",
}
ROLE_LABELS = {
    "suspect": "bị can", "accused": "bị cáo", "defendant": "người bị kiện", "victim": "bị hại",
    "plaintiff": "nguyên đơn", "respondent": "bị đơn",
    "related": "người có quyền lợi, nghĩa vụ liên quan",
    "creditor": "người được thi hành án", "debtor": "người phải thi hành án",
}
RETURNED_BY_LABELS = {"procuracy": "Viện kiểm sát", "court": "Tòa án"}
COURT_LABELS = {"provincial": "tỉnh", "supreme_appellate": "Tòa Phúc thẩm TANDTC"}
ABLE_LABELS = {True: "có", False: "không"}
# Fields with a column of their own; the others go to «Chi tiết khác».
_OWN_COLUMN = frozenset({"months", "days", "by", "able", "court", "person", "ref"})

_COLUMN = {heading: i for i, heading in enumerate(C.HEADINGS)}


def _case_cells(rec: CaseRecord) -> list[Any]:
    row: list[Any] = [None] * len(C.HEADINGS)
    holder_number = rec.numbers[0][1] if rec.numbers else ""
    row[_COLUMN[C.HOLDER]] = rec.holder_code
    row[_COLUMN[C.NUMBER]] = holder_number
    row[_COLUMN[C.PROCEDURE]] = PROCEDURE_LABELS.get(rec.procedure, rec.procedure)
    kind = CATEGORY_LABELS.get(rec.category) if rec.category else CASE_KIND_LABELS.get(rec.case_kind)
    row[_COLUMN[C.CATEGORY]] = kind
    row[_COLUMN[C.TITLE]] = rec.title
    row[_COLUMN[C.PARTIES]] = "; ".join(
        f"{p.name} ({ROLE_LABELS.get(p.role, p.role)})" for p in rec.parties
    ) or None
    row[_COLUMN[C.OTHER_NUMBERS]] = "; ".join(f"{code}: {number}" for code, number in rec.numbers[1:]) or None
    flags = [FLAG_LABELS[name] for name in SUPERVISION_FLAGS if getattr(rec, name)]
    if flags:
        row[_COLUMN[C.FLAGS]] = "; ".join(flags)
        row[_COLUMN[C.FLAG_REASON]] = rec.flag_reason or None
    return row


def _event_cells(row: list[Any], ev: EventRecord) -> None:
    et = EVENT_TYPES.get(ev.type)
    row[_COLUMN[C.EVENT]] = et.label_vi if et else ev.type
    row[_COLUMN[C.DATE]] = ev.date
    row[_COLUMN[C.MONTHS]] = ev.data.get("months")
    row[_COLUMN[C.DAYS]] = ev.data.get("days")
    by = ev.data.get("by")
    row[_COLUMN[C.RETURNED_BY]] = RETURNED_BY_LABELS.get(by, by) if by else None
    row[_COLUMN[C.DOCUMENT]] = ev.document or None
    if not ev.data:
        return
    able = ev.data.get("able")
    row[_COLUMN[C.ABLE]] = ABLE_LABELS.get(able) if isinstance(able, bool) else None
    court = ev.data.get("court")
    row[_COLUMN[C.COURT]] = COURT_LABELS.get(court, court) if court else None
    row[_COLUMN[C.PERSON]] = ev.data.get("person") or None
    row[_COLUMN[C.REF]] = ev.data.get("ref") or None
    # The ground column holds `ground` or `reason`, whichever the event takes.
    takes = et.optional_fields if et else ()
    in_ground = next((n for n in ("ground", "reason") if n in takes and ev.data.get(n)), None)
    if in_ground is not None:
        row[_COLUMN[C.GROUND]] = ev.data[in_ground]
    row[_COLUMN[C.DETAILS]] = "; ".join(
        f"{key}={_detail_text(value)}" for key, value in ev.data.items()
        if key not in _OWN_COLUMN and key != in_ground
    ) or None


def _detail_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return str(value)


def record_rows(rec: CaseRecord) -> Iterator[list[Any]]:
    """The template rows of one record (cells in `columns.HEADINGS` order; dates as
    `datetime.date`, empty cells None)."""
    case = _case_cells(rec)
    for ev in rec.events:
        row = list(case)
        _event_cells(row, ev)
        yield row


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def write_csv(records: Iterable[CaseRecord], out: IO[str]) -> int:
    """The template as CSV (UTF-8 is the caller's choice of `out`). Returns the rows written."""
    writer = csv.writer(out)
    writer.writerow(C.HEADINGS)
    n = 0
    for rec in records:
        for row in record_rows(rec):
            writer.writerow(csv_row(_csv_cell(v) for v in row))
            n += 1
    return n


def write_xlsx(records: Iterable[CaseRecord], path: str | Path | IO[bytes]) -> int:
    """The template's «Dữ liệu» sheet as XLSX (write-only, so memory stays flat)."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Dữ liệu")
    sheet.append(list(C.HEADINGS))
    date_column = _COLUMN[C.DATE]
    n = 0
    for rec in records:
        for row in record_rows(rec):
            cell = WriteOnlyCell(sheet, value=row[date_column])
            cell.number_format = "DD/MM/YYYY"
            row[date_column] = cell
            sheet.append(xlsx_row(sheet, row))
            n += 1
    book.save(path)
    return n
