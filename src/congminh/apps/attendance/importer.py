"""Import of summonses and attendance records from XLSX or CSV (one row: one session of
one case), as courts keep them in spreadsheets today.

Each row names its case by the holding court's case number. A bad row is rejected with
its row number and the column at fault; good rows are kept. Importing the same file
twice changes nothing: a session is found again by (case, session, date, committee) and
an attendance record is only rewritten when a value differs.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook

from congminh.apps.accounts import scope
from congminh.apps.attendance import services
from congminh.apps.attendance.models import Attendance, Presence, SessionKind, Summons
from congminh.apps.cases.models import AgencyNumber, Case
from congminh.apps.imports.parse import parse_date
from congminh.apps.imports.reader import read_rows
from congminh.apps.organisations.models import Organisation
from congminh.core.text import fold, fold_key

# Column key -> Vietnamese heading (the heading row of the file).
COURT, NUMBER, KIND, DATE, COMMITTEE, DUE = "court", "number", "kind", "date", "committee", "due"
PRESENCE, ATTENDEE, AUTH_NO, AUTH_DATE, REASON, FILED = (
    "presence", "attendee", "auth_no", "auth_date", "reason", "filed")
COLUMNS: dict[str, Any] = {
    COURT: gettext_lazy("Holding court (code)"),
    NUMBER: gettext_lazy("Case number at the court"),
    KIND: gettext_lazy("Session"),
    DATE: gettext_lazy("Session date"),
    COMMITTEE: gettext_lazy("People's Committee summoned (code or name)"),
    DUE: gettext_lazy("Written opinion due"),
    PRESENCE: gettext_lazy("Who attended"),
    ATTENDEE: gettext_lazy("Attendee (name, office)"),
    AUTH_NO: gettext_lazy("Authorisation number"),
    AUTH_DATE: gettext_lazy("Authorisation date"),
    REASON: gettext_lazy("Reason for absence"),
    FILED: gettext_lazy("Written opinion received on"),
}
REQUIRED = (NUMBER, KIND, DATE, COMMITTEE)

# Words people write in the "session" and "who attended" cells (folded), beside the codes.
KIND_WORDS = {
    "doi thoai": SessionKind.DIALOGUE, "phien doi thoai": SessionKind.DIALOGUE,
    "phien toa": SessionKind.HEARING, "xet xu": SessionKind.HEARING,
    "phien hop": SessionKind.EVIDENCE_MEETING, "kiem tra chung cu": SessionKind.EVIDENCE_MEETING,
    "phien hop kiem tra viec giao nop, tiep can, cong khai chung cu": SessionKind.EVIDENCE_MEETING,
}
PRESENCE_WORDS = {
    "chu tich": Presence.CHAIR, "chu tich truc tiep": Presence.CHAIR,
    "pho chu tich": Presence.VICE_CHAIR, "pho chu tich duoc uy quyen": Presence.VICE_CHAIR,
    "nguoi khac": Presence.OTHER, "vang co ly do": Presence.ABSENT_WITH_REASON,
    "vang khong ly do": Presence.ABSENT_WITHOUT_REASON,
    "vang mat co ly do": Presence.ABSENT_WITH_REASON,
    "vang mat khong ly do": Presence.ABSENT_WITHOUT_REASON,
}


@dataclass(frozen=True)
class RowError:
    row: int         # 1-based row number in the file (the heading is row 1)
    column: str      # the Vietnamese heading of the column at fault ("" for the whole row)
    message: str

    def __str__(self) -> str:
        where = _("row %(row)d, column «%(column)s»") % {"row": self.row, "column": self.column} \
            if self.column else _("row %d") % self.row
        return f"{where}: {self.message}"


@dataclass
class ImportResult:
    summonses_created: int = 0
    summonses_updated: int = 0
    records_written: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def rows_rejected(self) -> int:
        return len({e.row for e in self.errors})


def _labels() -> dict[str, str]:
    return {key: str(label) for key, label in COLUMNS.items()}


def _heading_map(heading: tuple[Any, ...]) -> dict[str, int]:
    wanted = {fold(label): key for key, label in _labels().items()}
    wanted.update({key: key for key in COLUMNS})  # the English keys work too
    found: dict[str, int] = {}
    for index, cell in enumerate(heading):
        key = wanted.get(fold(str(cell or "")).strip())
        if key and key not in found:
            found[key] = index
    return found


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return parse_date(_text(value)) if _text(value) else None


class _Row:
    def __init__(self, number: int, cells: tuple[Any, ...], index: dict[str, int]) -> None:
        self.number, self.cells, self.index = number, cells, index
        self.errors: list[RowError] = []

    def raw(self, key: str) -> Any:
        i = self.index.get(key)
        return self.cells[i] if i is not None and i < len(self.cells) else None

    def text(self, key: str) -> str:
        return _text(self.raw(key))

    def error(self, key: str, message: str) -> None:
        self.errors.append(RowError(self.number, str(COLUMNS[key]) if key else "", message))

    def date(self, key: str, required: bool = False) -> dt.date | None:
        raw = self.raw(key)
        if not _text(raw) and not isinstance(raw, dt.date):
            if required:
                self.error(key, _("This column is required."))
            return None
        value = _date(raw)
        if value is None:
            self.error(key, _("«%s» is not a date (dd/mm/yyyy).") % _text(raw))
        return value

    def choice(self, key: str, words: dict[str, Any], values: list[str]) -> str:
        text = self.text(key)
        if not text:
            return ""
        folded = fold(text)
        if text in values:
            return text
        if folded in words:
            return str(words[folded])
        self.error(key, _("«%s» is not one of the expected values.") % text)
        return ""


def _committee(text: str) -> Organisation | None:
    qs = Organisation.objects.filter(kind="peoples_committee")
    return (qs.filter(code=text).first()
            or qs.filter(name_folded=fold(text), valid_to__isnull=True).first()
            or qs.filter(name_folded=fold(text)).first())


def _case(row: _Row, actor: Any) -> Case | None:
    number = row.text(NUMBER)
    if not number:
        row.error(NUMBER, _("This column is required."))
        return None
    court_code = row.text(COURT)
    court: Organisation | None
    if court_code:
        court = Organisation.objects.filter(code=court_code, kind="court").first()
        if court is None:
            row.error(COURT, _("«%s» is not a known court.") % court_code)
            return None
    else:
        court = getattr(actor, "organisation", None)
        if court is None or court.kind != "court":
            row.error(COURT, _("Give the holding court's code."))
            return None
    numbers = AgencyNumber.objects.filter(organisation=court, number_key=fold_key(number))
    case = scope.readable_cases(actor, Case.objects.filter(pk__in=numbers.values("case_id"))).first() \
        if actor is not None else Case.objects.filter(pk__in=numbers.values("case_id")).first()
    if case is None:
        row.error(NUMBER, _("No case of %(court)s has the number «%(number)s».")
                  % {"court": court.name, "number": number})
    return case


def _apply(row: _Row, actor: Any, today: dt.date, result: ImportResult) -> None:
    case = _case(row, actor)
    kind = row.choice(KIND, KIND_WORDS, SessionKind.values)
    if not row.text(KIND):
        row.error(KIND, _("This column is required."))
    day = row.date(DATE, required=True)
    committee = None
    committee_text = row.text(COMMITTEE)
    if not committee_text:
        row.error(COMMITTEE, _("This column is required."))
    else:
        committee = _committee(committee_text)
        if committee is None:
            row.error(COMMITTEE, _("«%s» is not a known People's Committee.") % committee_text)
    due = row.date(DUE)
    presence = row.choice(PRESENCE, PRESENCE_WORDS, Presence.values)
    auth_date, filed = row.date(AUTH_DATE), row.date(FILED)
    if row.errors or case is None or committee is None or day is None:
        return
    created = updated = written = unchanged = 0
    try:
        with transaction.atomic():  # a row is all or nothing: no summons without its record
            summons = Summons.objects.filter(case=case, kind=kind, date=day, committee=committee).first()
            if summons is None:
                summons = services.summons_create(actor=actor, case=case, kind=kind, date=day,
                                                  committee=committee, opinion_due=due)
                created = 1
            elif summons.opinion_due != due and due is not None:
                services.summons_update(actor=actor, summons=summons, opinion_due=due)
                updated = 1
            else:
                unchanged = 1
            if presence:
                before = Attendance.objects.filter(summons=summons).values_list("updated_at", flat=True).first()
                record = services.attendance_record(
                    actor=actor, summons=summons, presence=presence, attendee_name=row.text(ATTENDEE),
                    authorisation_number=row.text(AUTH_NO), authorisation_date=auth_date,
                    absence_reason=row.text(REASON), opinion_filed_on=filed, today=today)
                written = int(record.updated_at != before)
        result.summonses_created += created
        result.summonses_updated += updated
        result.records_written += written
        result.unchanged += unchanged
    except PermissionDenied as exc:
        row.error(NUMBER, str(exc))
    except ValidationError as exc:
        columns = {"presence": PRESENCE, "authorisation_number": AUTH_NO,
                   "authorisation_date": AUTH_DATE, "absence_reason": REASON,
                   "opinion_filed_on": FILED, "committee": COMMITTEE, "case": NUMBER,
                   "opinion_due": DUE, "date": DATE, "kind": KIND}
        if hasattr(exc, "error_dict"):
            for name, messages in exc.message_dict.items():
                for message in messages:
                    row.error(columns.get(name, ""), message)
        else:
            for message in exc.messages:
                row.error("", message)


def import_attendance(*, actor: Any, data: bytes, file_name: str, today: dt.date) -> ImportResult:
    """Import every row; a rejected row leaves the others (and the database) as they were."""
    result = ImportResult()
    rows = read_rows(data, file_name)
    heading = next(rows, None)
    index = _heading_map(heading or ())
    missing = [k for k in REQUIRED if k not in index]
    if missing:
        for key in missing:
            result.errors.append(RowError(1, str(COLUMNS[key]), _("This column is missing.")))
        return result
    for number, cells in enumerate(rows, start=2):
        if not any(_text(c) for c in cells):
            continue
        row = _Row(number, cells, index)
        _apply(row, actor, today, result)
        result.errors.extend(row.errors)
    return result


def template_bytes() -> bytes:
    """The blank workbook: the heading row and one example row."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Tham du"
    sheet.append([str(label) for label in COLUMNS.values()])
    sheet.append(["GL-TAND-KV1", "01/2026/TLST-HC", "Phiên đối thoại", "16/03/2026",
                  "GL-UBND-X21583", "10/03/2026", "Phó Chủ tịch được ủy quyền",
                  "Nguyễn Văn B, Phó Chủ tịch UBND", "12/GUQ-UBND", "09/03/2026", "", "09/03/2026"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
