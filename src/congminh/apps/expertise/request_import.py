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
| Loại việc có thời hạn giám định riêng | optional: within the field, a kind of matter a ministry gave its own limit (Luật GĐTP Đ.26a k3 đoạn 2), by its Vietnamese name or code (`matters.py`); one of another field rejects the row; on a request already sent it must be the one it was sent with (empty: say nothing) |
| Cơ quan được trưng cầu (mã hoặc tên) | the body asked |
| Nội dung yêu cầu giám định | the questions |
| Loại giám định | empty: «khác»; or thương tích, tuổi, nguyên nhân chết, tâm thần, ô nhiễm môi trường, ma túy/vũ khí |
| Phức tạp | có / không |
| Ngày nhận đủ hồ sơ | the clock starts |
| Ngày có kết luận, Số kết luận | the conclusion delivered |
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from congminh.apps.cases.models import AgencyNumber, EventSource
from congminh.apps.expertise import matters, services
from congminh.apps.expertise.models import ExpertiseKind, ExpertiseRequest, RequestState
from congminh.apps.expertise.roster_import import RosterImport, _date, _Lookup, _text
from congminh.apps.imports.parse import Problem
from congminh.apps.web.sheet_rows import import_rows, register_template
from congminh.core.text import fold, fold_key

# The name the error workbooks are kept under (`web.sheet_import`), screen and API alike.
IMPORT_ERRORS = "loi-trung-cau-giam-dinh-"

ASKING = "Cơ quan trưng cầu (mã)"
NUMBER = "Số vụ án/vụ việc"
REF = "Số quyết định trưng cầu"
DECIDED = "Ngày quyết định"
FIELD = "Lĩnh vực"
MATTER = "Loại việc có thời hạn giám định riêng"
ASKED = "Cơ quan được trưng cầu (mã hoặc tên)"
QUESTIONS = "Nội dung yêu cầu giám định"
KIND = "Loại giám định"
COMPLEX = "Phức tạp"
RECEIVED = "Ngày nhận đủ hồ sơ"
CONCLUDED = "Ngày có kết luận"
CONCLUSION = "Số kết luận"
HEADINGS = (ASKING, NUMBER, REF, DECIDED, FIELD, MATTER, ASKED, QUESTIONS, KIND, COMPLEX, RECEIVED,
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
# The service's complaint about a model field, put in the column holding it.
COLUMN_OF = {"expertise_matter": MATTER, "ref": REF, "decided_on": DECIDED}
YES_NO = {"": False, fold("không"): False, "0": False, fold("có"): True, "1": True, "x": True}


def template_bytes() -> bytes:
    """The heading row, an example, and the sheet of the kinds of matter the optional
    column accepts (their names as `matters.py` gives them)."""
    with translation.override("vi"):
        kinds = [label for _code, label in matters.matter_choices()]
    return register_template("Trưng cầu giám định", HEADINGS, [[
        "GL-CSDT", "15/2026/CSĐT", "21/QĐ-TCGĐ", "05/03/2026", "Tài chính", "", "GL-SO-TC",
        "Xác định số tiền thiệt hại.", "", "không", "10/03/2026", "", ""]],
        lists={"Loại việc": kinds})


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
    matter = _matter(field, _text(cell(MATTER)), decided, lambda m: problem(MATTER, m))
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
    assert case is not None and field is not None and kind is not None and matter is not None
    try:
        with transaction.atomic():
            changed = _apply(actor, case, ref, decided, field, matter, asked, questions, kind,
                             bool(complex_), received, concluded, _text(cell(CONCLUSION)))
    except ValidationError as exc:
        return _problems(number, exc)
    except PermissionDenied as exc:
        return [Problem(number, ASKING, str(exc))]
    if changed == "created":
        result.created += 1
    elif changed == "updated":
        result.updated += 1
    else:
        result.unchanged += 1
    return []


def _matter(field: Any, text: str, day: Any, problem: Callable[[str], None]) -> str | None:
    """The row's kind of matter (`matters.matter_from_text`), checked against its field as
    the services check it (`matters.matter_check`); None after reporting a problem."""
    matter = matters.matter_from_text(text)
    if matter is None:
        problem(_("«%s» is not a kind of matter with its own time limit") % text)
    elif matter and field is not None:
        try:
            matters.matter_check(field_code=field.code, field_name=field.name, matter=matter,
                                 day=day)
        except ValidationError as exc:
            problem("; ".join(exc.messages))
            return None
    return matter


def _problems(number: int, exc: ValidationError) -> list[Problem]:
    """A service's refusal as problems of the row, in the column of the field it names."""
    if not hasattr(exc, "error_dict"):
        return [Problem(number, "", "; ".join(exc.messages))]
    return [Problem(number, COLUMN_OF.get(name, ""), "; ".join(ValidationError(errors).messages))
            for name, errors in exc.error_dict.items()]


def _apply(actor: Any, case: Any, ref: str, decided: Any, field: Any, matter: str, asked: Any,
           questions: str, kind: str, complex_: bool, received: Any, concluded: Any,
           conclusion: str) -> str:
    req = ExpertiseRequest.objects.filter(case=case, ref=ref).first()
    outcome = "unchanged"
    if req is None:
        req = services.expertise_request_create(
            actor=actor, case=case, ref=ref, field=field, questions=questions, decided_on=decided,
            organisation=asked, expertise_kind=kind, complex=complex_, expertise_matter=matter)
        outcome = "created"
    elif matter and req.state != RequestState.DRAFT and matter != req.expertise_matter:
        # The clock runs from the event that sent it; a kind changed afterwards is a
        # correction of that event on the case page, not a spreadsheet edit.
        raise ValidationError({"expertise_matter": (_(
            "the request was sent with the kind of matter «%(sent)s», not «%(row)s»")
            if req.expertise_matter else _(
            "the request was sent without a kind of matter, not with «%(row)s»")) % {
                "sent": req.matter_name, "row": matters.matter_label(matter)}})
    if received and req.state == RequestState.DRAFT:
        # A draft takes the row's kind when it is sent (the service checks it again).
        req = services.expertise_request_send(actor=actor, request=req, received_on=received,
                                              source=EventSource.IMPORT, expertise_matter=matter)
        outcome = outcome if outcome == "created" else "updated"
    if concluded and req.state == RequestState.IN_PROGRESS:
        services.expertise_request_conclude(actor=actor, request=req, date=concluded,
                                            conclusion_number=conclusion, source=EventSource.IMPORT)
        outcome = outcome if outcome == "created" else "updated"
    return outcome
