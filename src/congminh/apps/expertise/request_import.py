"""Expertise requests kept in spreadsheets by the asking bodies, as XLSX (or CSV): one row
per ordering decision with what happened to it so far. Importing the same file twice
changes nothing; a later file with more steps (a conclusion) adds them. Every step goes
through `services`, so through the law engine's checks and the importing user's scope;
rejected rows go to an error workbook naming the row and the column.

| column | meaning |
|---|---|
| Cơ quan trưng cầu (mã) | the asking body holding the case (empty: the importer's body) |
| Số vụ án/vụ việc | the case's number at that body |
| Số quyết định trưng cầu | the request's number (`ref`) |
| Ngày quyết định | dd/mm/yyyy |
| Lĩnh vực | field name or code |
| Cơ quan được trưng cầu (mã hoặc tên) | the body asked |
| Nội dung yêu cầu giám định | the questions |
| Loại giám định | empty: «khác»; or thương tích, tuổi, nguyên nhân chết, tâm thần, ô nhiễm môi trường, ma túy/vũ khí |
| Phức tạp | có / không |
| Ngày nhận đủ hồ sơ | the clock starts |
| Ngày có kết luận, Số kết luận | the conclusion delivered |
"""

from __future__ import annotations

import io
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook

from congminh.apps.cases.models import AgencyNumber, EventSource
from congminh.apps.expertise import services
from congminh.apps.expertise.models import ExpertiseKind, ExpertiseRequest, RequestState
from congminh.apps.expertise.roster_import import RosterImport, _date, _Lookup, _text
from congminh.apps.imports.parse import Problem
from congminh.apps.web.sheet_rows import import_rows
from congminh.core.text import fold, fold_key

# The name the error workbooks are kept under (`web.sheet_import`), screen and API alike.
IMPORT_ERRORS = "loi-trung-cau-giam-dinh-"

ASKING = "Cơ quan trưng cầu (mã)"
NUMBER = "Số vụ án/vụ việc"
REF = "Số quyết định trưng cầu"
DECIDED = "Ngày quyết định"
FIELD = "Lĩnh vực"
ASKED = "Cơ quan được trưng cầu (mã hoặc tên)"
QUESTIONS = "Nội dung yêu cầu giám định"
KIND = "Loại giám định"
COMPLEX = "Phức tạp"
RECEIVED = "Ngày nhận đủ hồ sơ"
CONCLUDED = "Ngày có kết luận"
CONCLUSION = "Số kết luận"
HEADINGS = (ASKING, NUMBER, REF, DECIDED, FIELD, ASKED, QUESTIONS, KIND, COMPLEX, RECEIVED,
            CONCLUDED, CONCLUSION)
REQUIRED = (NUMBER, REF, DECIDED, FIELD, ASKED, QUESTIONS)
KINDS = {
    "": ExpertiseKind.OTHER, fold("khác"): ExpertiseKind.OTHER,
    fold("thương tích"): ExpertiseKind.INJURY, fold("tuổi"): ExpertiseKind.AGE,
    fold("nguyên nhân chết"): ExpertiseKind.CAUSE_OF_DEATH,
    fold("tâm thần"): ExpertiseKind.MENTAL_STATE,
    fold("ô nhiễm môi trường"): ExpertiseKind.ENVIRONMENTAL_POLLUTION,
    fold("ma túy/vũ khí"): ExpertiseKind.CONTROLLED_ITEMS,
    **{fold(str(v)): v for v in ExpertiseKind.values},
}
YES_NO = {"": False, fold("không"): False, "0": False, fold("có"): True, "1": True, "x": True}


def template_bytes() -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Trưng cầu giám định"
    sheet.append(list(HEADINGS))
    sheet.append(["GL-CSDT", "15/2026/CSĐT", "21/QĐ-TCGĐ", "05/03/2026", "Tài chính", "GL-SO-TC",
                  "Xác định số tiền thiệt hại.", "", "không", "10/03/2026", "", ""])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def request_import(*, actor: Any, data: bytes, file_name: str) -> RosterImport:
    """Create or advance the requests of the file's rows (the counts are of rows)."""
    result = RosterImport()
    lookup = _Lookup()
    return import_rows(data, file_name, required=REQUIRED, result=result,
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

    def required(column: str) -> str:
        text = _text(cell(column))
        if not text:
            problem(column, _("this cell is empty"))
        return text

    def day(column: str, needed: bool = False) -> Any:
        value, ok = _date(cell(column))
        if not ok:
            problem(column, _("«%s» is not a valid date (dd/mm/yyyy)") % _text(cell(column)))
        elif needed and value is None:
            problem(column, _("this cell is empty"))
        return value

    asking_text = _text(cell(ASKING))
    asking = lookup.organisation(asking_text) if asking_text else getattr(actor, "organisation", None)
    if asking is None:
        problem(ASKING, _("no body of the registry has the code or name «%s»") % asking_text)
    case_number, ref, questions = required(NUMBER), required(REF), required(QUESTIONS)
    decided, received, concluded = day(DECIDED, needed=True), day(RECEIVED), day(CONCLUDED)
    field_text = required(FIELD)
    field = lookup.fields.get(fold(field_text)) if field_text else None
    if field_text and field is None:
        problem(FIELD, _("«%s» is not a field of expertise") % field_text)
    asked_text = required(ASKED)
    asked = lookup.organisation(asked_text) if asked_text else None
    if asked_text and asked is None:
        problem(ASKED, _("no body of the registry has the code or name «%s»") % asked_text)
    kind = KINDS.get(fold(_text(cell(KIND))))
    if kind is None:
        problem(KIND, _("«%s» is not a kind of expertise") % _text(cell(KIND)))
    complex_ = YES_NO.get(fold(_text(cell(COMPLEX))))
    if complex_ is None:
        problem(COMPLEX, _("write «có» or «không»"))
    if concluded and not received:
        problem(RECEIVED, _("a conclusion needs the date the full file was received"))
    case = None
    if asking is not None and case_number:
        found = AgencyNumber.objects.filter(organisation=asking, number_key=fold_key(case_number)).first()
        if found is None:
            problem(NUMBER, _("%(body)s has no case numbered «%(number)s»")
                    % {"body": asking.name, "number": case_number})
        else:
            case = found.case
    if problems:
        return problems
    assert case is not None and field is not None and kind is not None
    try:
        with transaction.atomic():
            changed = _apply(actor, case, ref, decided, field, asked, questions, kind,
                             bool(complex_), received, concluded, _text(cell(CONCLUSION)))
    except ValidationError as exc:
        return [Problem(number, "", "; ".join(exc.messages))]
    except PermissionDenied as exc:
        return [Problem(number, ASKING, str(exc))]
    if changed == "created":
        result.created += 1
    elif changed == "updated":
        result.updated += 1
    else:
        result.unchanged += 1
    return []


def _apply(actor: Any, case: Any, ref: str, decided: Any, field: Any, asked: Any, questions: str,
           kind: str, complex_: bool, received: Any, concluded: Any, conclusion: str) -> str:
    req = ExpertiseRequest.objects.filter(case=case, ref=ref).first()
    outcome = "unchanged"
    if req is None:
        req = services.expertise_request_create(
            actor=actor, case=case, ref=ref, field=field, questions=questions, decided_on=decided,
            organisation=asked, expertise_kind=kind, complex=complex_)
        outcome = "created"
    if received and req.state == RequestState.DRAFT:
        req = services.expertise_request_send(actor=actor, request=req, received_on=received,
                                              source=EventSource.IMPORT)
        outcome = outcome if outcome == "created" else "updated"
    if concluded and req.state == RequestState.IN_PROGRESS:
        services.expertise_request_conclude(actor=actor, request=req, date=concluded,
                                            conclusion_number=conclusion, source=EventSource.IMPORT)
        outcome = outcome if outcome == "created" else "updated"
    return outcome
