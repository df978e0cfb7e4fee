"""The published roster of judicial expertise as an XLSX file: the blank template, and
its import (idempotent: the same file twice changes nothing; rejected rows go to an error
workbook naming the row and column, as the case import does).

One row is one expert or one listed organisation:

| column | meaning |
|---|---|
| Loại | giám định viên tư pháp · người giám định theo vụ việc · tổ chức giám định công lập · tổ chức giám định theo vụ việc · văn phòng giám định |
| Họ tên / Tên tổ chức | the expert's name, or the organisation's name as the registry knows it |
| Lĩnh vực | one or more fields, separated by commas (names or codes) |
| Cơ quan, đơn vị (mã hoặc tên) | the expert's body (experts); the organisation (when the name above is not enough) |
| Số quyết định | number of the appointment or listing decision |
| Ngày bổ nhiệm / công bố | dd/mm/yyyy |
| Ngày miễn nhiệm / hết công bố | dd/mm/yyyy, empty while listed |
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.utils.datetime import from_excel

from congminh.apps.expertise import services
from congminh.apps.expertise.models import ExpertiseField, ExpertKind, RosterEntry, RosterKind
from congminh.apps.imports.parse import Problem
from congminh.apps.organisations.models import Organisation
from congminh.apps.web.sheet_rows import SheetImport, import_rows
from congminh.core.documents.dates import parse_date
from congminh.core.text import fold, nfc

# The name the error workbooks are kept under (`web.sheet_import`), screen and API alike.
IMPORT_ERRORS = "loi-danh-sach-giam-dinh-"

KIND = "Loại"
NAME = "Họ tên / Tên tổ chức"
FIELDS = "Lĩnh vực"
BODY = "Cơ quan, đơn vị (mã hoặc tên)"
DECISION = "Số quyết định"
FROM = "Ngày bổ nhiệm / công bố"
TO = "Ngày miễn nhiệm / hết công bố"
HEADINGS = (KIND, NAME, FIELDS, BODY, DECISION, FROM, TO)

# Kind cell (folded) -> ("expert" | "organisation", kind value)
KINDS: dict[str, tuple[str, str]] = {
    fold("Giám định viên tư pháp"): ("expert", ExpertKind.JUDICIAL_EXPERT),
    fold("Người giám định tư pháp theo vụ việc"): ("expert", ExpertKind.AD_HOC),
    fold("Người giám định theo vụ việc"): ("expert", ExpertKind.AD_HOC),
    fold("Tổ chức giám định tư pháp công lập"): ("organisation", RosterKind.PUBLIC),
    fold("Tổ chức giám định công lập"): ("organisation", RosterKind.PUBLIC),
    fold("Tổ chức giám định tư pháp theo vụ việc"): ("organisation", RosterKind.AD_HOC),
    fold("Tổ chức giám định theo vụ việc"): ("organisation", RosterKind.AD_HOC),
    fold("Văn phòng giám định tư pháp"): ("organisation", RosterKind.OFFICE),
    fold("Văn phòng giám định"): ("organisation", RosterKind.OFFICE),
}

EXAMPLES = (
    ("Giám định viên tư pháp", "Nguyễn Văn Minh", "Pháp y", "GL-PY", "123/QĐ-UBND",
     "15/03/2024", ""),
    ("Người giám định tư pháp theo vụ việc", "Trần Thị Hoa", "Tài chính, Kế toán", "GL-SO-TC",
     "45/QĐ-STP", "02/08/2025", ""),
    ("Tổ chức giám định tư pháp công lập", "Trung tâm Pháp y tỉnh Gia Lai", "Pháp y", "GL-PY",
     "", "01/07/2025", ""),
    ("Tổ chức giám định tư pháp theo vụ việc", "Sở Xây dựng tỉnh Gia Lai", "Xây dựng",
     "GL-SO-XD", "789/QĐ-UBND", "01/07/2025", ""),
)


def template_bytes() -> bytes:
    """The blank roster template with a few example rows and a sheet of fields."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Danh sách giám định"
    sheet.append(list(HEADINGS))
    for row in EXAMPLES:
        sheet.append(list(row))
    for col, width in zip("ABCDEFG", (34, 32, 26, 30, 18, 20, 22), strict=True):
        sheet.column_dimensions[col].width = width
    fields = book.create_sheet("Lĩnh vực")
    fields.append(["Mã", "Lĩnh vực"])
    for code, name in ExpertiseField.objects.filter(active=True).values_list("code", "name"):
        fields.append([code, name])
    kinds = book.create_sheet("Loại")
    kinds.append(["Loại"])
    for label in ("Giám định viên tư pháp", "Người giám định tư pháp theo vụ việc",
                  "Tổ chức giám định tư pháp công lập", "Tổ chức giám định tư pháp theo vụ việc",
                  "Văn phòng giám định tư pháp"):
        kinds.append([label])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# The result of the roster import (and of the request imports that reuse it).
RosterImport = SheetImport


def _text(value: Any) -> str:
    if value is None:
        return ""
    return nfc(str(value)).strip()


def _date(value: Any) -> tuple[dt.date | None, bool]:
    """(date, readable)."""
    if value in (None, ""):
        return None, True
    if isinstance(value, dt.datetime):
        return value.date(), True
    if isinstance(value, dt.date):
        return value, True
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            return from_excel(value).date(), True
        except (ValueError, OverflowError, AttributeError):
            return None, False
    day = parse_date(str(value))
    return day, day is not None


class _Lookup:
    def __init__(self) -> None:
        self.fields = {}
        for f in ExpertiseField.objects.all():
            self.fields[fold(f.name)] = f
            self.fields[fold(f.code)] = f
        self.orgs: dict[str, Organisation | None] = {}

    def organisation(self, text: str) -> Organisation | None:
        key = fold(text)
        if key not in self.orgs:
            found = Organisation.objects.filter(code=text.strip()).first()
            if found is None:
                matches = list(Organisation.objects.filter(
                    Q(name_folded=key) | Q(aliases__alias_folded=key)).filter(
                    valid_to__isnull=True).distinct()[:2])
                found = matches[0] if len(matches) == 1 else None
            self.orgs[key] = found
        return self.orgs[key]


def roster_import(*, actor: Any, data: bytes, file_name: str) -> RosterImport:
    """Import the roster rows; good rows are kept, bad ones reported (row and column)."""
    result = RosterImport()
    lookup = _Lookup()
    return import_rows(data, file_name, required=(KIND, NAME, FIELDS), result=result,
                       handle=lambda row: row.problems.extend(
                           _row(actor, lookup, row.index, row.number, row.raw, result)))


def _row(actor: Any, lookup: _Lookup, index: dict[str, int], number: int, raw: tuple[Any, ...],
         result: RosterImport) -> list[Problem]:
    def cell(column: str) -> Any:
        i = index.get(fold(column))
        return raw[i] if i is not None and i < len(raw) else None

    problems: list[Problem] = []

    def problem(column: str, message: str) -> None:
        problems.append(Problem(number, column, message))

    kind_text = _text(cell(KIND))
    kind = KINDS.get(fold(kind_text))
    if kind is None:
        problem(KIND, _("«%s» is not a kind of the roster") % kind_text if kind_text
                else _("this cell is empty"))
    name = _text(cell(NAME))
    if not name:
        problem(NAME, _("this cell is empty"))
    fields = []
    for part in filter(None, (p.strip() for p in _text(cell(FIELDS)).split(","))):
        f = lookup.fields.get(fold(part))
        if f is None:
            problem(FIELDS, _("«%s» is not a field of expertise") % part)
        else:
            fields.append(f)
    if not fields and not any(p.column == FIELDS for p in problems):
        problem(FIELDS, _("this cell is empty"))
    body_text = _text(cell(BODY))
    body = lookup.organisation(body_text) if body_text else None
    if body_text and body is None:
        problem(BODY, _("no body of the registry has the code or name «%s»") % body_text)
    dates = []
    for column in (FROM, TO):
        day, ok = _date(cell(column))
        if not ok:
            problem(column, _("«%s» is not a valid date (dd/mm/yyyy)") % _text(cell(column)))
        dates.append(day)
    if dates[0] and dates[1] and dates[1] < dates[0]:
        problem(TO, _("the end date is before the start date"))
    if kind is not None and kind[0] == "organisation" and body is None and name:
        body = lookup.organisation(name)
        if body is None:
            problem(NAME, _("no body of the registry has the code or name «%s»") % name)
    if problems or kind is None:
        return problems
    decision = _text(cell(DECISION))
    try:
        with transaction.atomic():
            if kind[0] == "expert":
                _expert(actor, name, kind[1], fields, body, dates, decision, result)
            else:
                assert body is not None
                for f in fields:
                    existed = RosterEntry.objects.filter(
                        organisation=body, field=f, kind=kind[1]).exists()
                    _entry, changed = services.roster_entry_save(
                        actor=actor, organisation=body, field=f, kind=kind[1],
                        listed_on=dates[0], delisted_on=dates[1], decision_number=decision)
                    _entry._created = not existed  # type: ignore[attr-defined]
                    _count(result, changed, _entry)
    except Exception as exc:  # a refusal of the service names the row, the rest go on
        from django.core.exceptions import PermissionDenied, ValidationError

        if isinstance(exc, ValidationError):
            return [Problem(number, "", "; ".join(exc.messages))]
        if isinstance(exc, PermissionDenied):
            return [Problem(number, BODY, str(exc))]
        raise
    return []


def _count(result: RosterImport, changed: bool, obj: Any) -> None:
    if not changed:
        result.unchanged += 1
    elif getattr(obj, "_created", False):
        result.created += 1
    else:
        result.updated += 1


def _expert(actor: Any, name: str, kind: str, fields: list[ExpertiseField],
            body: Organisation | None, dates: list[dt.date | None], decision: str,
            result: RosterImport) -> None:
    from congminh.apps.expertise.models import Expert

    existing = Expert.objects.filter(name=name, decision_number=decision).first()
    expert, changed = services.expert_save(
        actor=actor, name=name, kind=kind, fields=fields, organisation=body,
        appointed_on=dates[0], dismissed_on=dates[1], decision_number=decision, expert=existing)
    expert._created = existing is None  # type: ignore[attr-defined]
    _count(result, changed, expert)
