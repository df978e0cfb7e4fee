"""Complaint registers kept in spreadsheets (sổ thụ lý khiếu nại, tố cáo), as XLSX (or
CSV): one row per complaint or denunciation, with its resolution when there is one.
Idempotent by number: importing the same file twice changes nothing; a later file with
the resolution adds it. Every row goes through `services` (the law engine's checks, the
importing user's scope); a rejected row is reported with its row and column, in
Vietnamese, and the other rows are kept.

| column | meaning |
|---|---|
| Cơ quan thụ lý vụ án (mã) | the body holding the case (empty: the importer's body) |
| Số vụ án/vụ việc | the case's number at that body |
| Số đơn | the complaint's number (`ref`), the key |
| Loại đơn | khiếu nại / tố cáo |
| Người khiếu nại, tố cáo | name |
| Tư cách | đương sự, bị can/bị cáo, luật sư, khác |
| Khiếu nại đối với | one of the `against` labels or codes (e.g. «Thẩm phán», «court») |
| Cơ quan bị khiếu nại (mã) | the body complained of (empty: the case's holder) |
| Người, quyết định bị khiếu nại | the official or decision |
| Ngày nhận | dd/mm/yyyy: the clock starts |
| Ngày giải quyết, Kết quả, Số quyết định | the resolution: kết quả đúng / đúng một phần / sai |
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook

from congminh.apps.cases.models import AgencyNumber, EventSource
from congminh.apps.complaints import services
from congminh.apps.complaints.models import (
    Against,
    ComplainantRole,
    Complaint,
    ComplaintKind,
    ComplaintStatus,
    Outcome,
)
from congminh.apps.imports.parse import Problem, parse_date
from congminh.apps.imports.reader import read_rows
from congminh.apps.organisations.models import Organisation
from congminh.core.text import fold, fold_key

HOLDER = "Cơ quan thụ lý vụ án (mã)"
CASE_NUMBER = "Số vụ án/vụ việc"
NUMBER = "Số đơn"
KIND = "Loại đơn"
NAME = "Người khiếu nại, tố cáo"
ROLE = "Tư cách"
AGAINST = "Khiếu nại đối với"
BODY = "Cơ quan bị khiếu nại (mã)"
OFFICIAL = "Người, quyết định bị khiếu nại"
RECEIVED = "Ngày nhận"
RESOLVED = "Ngày giải quyết"
OUTCOME = "Kết quả"
DECISION = "Số quyết định"
HEADINGS = (HOLDER, CASE_NUMBER, NUMBER, KIND, NAME, ROLE, AGAINST, BODY, OFFICIAL, RECEIVED,
            RESOLVED, OUTCOME, DECISION)
REQUIRED = (CASE_NUMBER, NUMBER, KIND, NAME, AGAINST, RECEIVED)

KINDS = {fold("khiếu nại"): ComplaintKind.COMPLAINT, fold("tố cáo"): ComplaintKind.DENUNCIATION,
         **{v: v for v in ComplaintKind.values}}
ROLES = {"": ComplainantRole.PARTY, fold("đương sự"): ComplainantRole.PARTY,
         fold("bị can/bị cáo"): ComplainantRole.DEFENDANT, fold("bị can"): ComplainantRole.DEFENDANT,
         fold("bị cáo"): ComplainantRole.DEFENDANT, fold("luật sư"): ComplainantRole.LAWYER,
         fold("khác"): ComplainantRole.OTHER, **{v: v for v in ComplainantRole.values}}
AGAINSTS = {**{fold(str(label)): v for v, label in Against.choices},
            fold("Thẩm phán"): Against.COURT, fold("Chánh án"): Against.COURT_HEAD,
            fold("Kiểm sát viên"): Against.PROCURACY, fold("Viện trưởng"): Against.PROCURACY_HEAD,
            fold("Điều tra viên"): Against.INVESTIGATION,
            fold("Thủ trưởng Cơ quan điều tra"): Against.INVESTIGATION_HEAD,
            fold("tạm giữ, tạm giam"): Against.CUSTODY,
            fold("Chấp hành viên"): Against.ENFORCEMENT,
            **{v: v for v in Against.values}}
OUTCOMES = {fold("đúng"): Outcome.RIGHT, fold("đúng một phần"): Outcome.PARTLY_RIGHT,
            fold("sai"): Outcome.WRONG, **{v: v for v in Outcome.values}}


@dataclass
class RegisterImport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    problems: list[Problem] = field(default_factory=list)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if hasattr(value, "strftime"):
        return str(value.strftime("%d/%m/%Y"))
    return str(value).strip()


def template_bytes() -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Sổ khiếu nại, tố cáo"
    sheet.append(list(HEADINGS))
    sheet.append(["GL-TAND", "12/2026/HS-ST", "05/KN", "khiếu nại", "Nguyễn Văn A", "bị cáo",
                  "Thẩm phán", "GL-TAND", "Thẩm phán Trần Văn B", "02/03/2026", "06/03/2026",
                  "sai", "07/QĐ-GQKN"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def import_register(data: bytes, *, actor: Any, file_name: str = "register.xlsx") -> RegisterImport:
    """Create or resolve the complaints of the file's rows (counts are of rows)."""
    result = RegisterImport()
    rows = iter(read_rows(data, file_name))
    headings = [_text(h) for h in next(rows, ())]
    index = {fold(h): i for i, h in enumerate(headings) if h}
    missing = [h for h in REQUIRED if fold(h) not in index]
    if missing:
        result.problems.append(Problem(1, "", _("The heading row lacks the columns: %s")
                                       % ", ".join(f"«{m}»" for m in missing)))
        return result
    for number, raw in enumerate(rows, start=2):
        if any(_text(c) for c in raw):
            problems = _row(actor, index, number, tuple(raw), result)
            result.problems += problems
            result.rejected += bool(problems)
    return result


def _organisation(text: str) -> Organisation | None:
    return (Organisation.objects.filter(code__iexact=text).first()
            or Organisation.objects.filter(name_folded=fold(text)).first())


def _row(actor: Any, index: dict[str, int], row: int, raw: tuple[Any, ...],
         result: RegisterImport) -> list[Problem]:
    problems: list[Problem] = []

    def cell(column: str) -> str:
        i = index.get(fold(column))
        return _text(raw[i]) if i is not None and i < len(raw) else ""

    def problem(column: str, message: str) -> None:
        problems.append(Problem(row, column, message))

    def required(column: str) -> str:
        text = cell(column)
        if not text:
            problem(column, _("this cell is empty"))
        return text

    def day(column: str) -> Any:
        text = cell(column)
        value = parse_date(text) if text else None
        if text and value is None:
            problem(column, _("«%s» is not a valid date (dd/mm/yyyy)") % text)
        return value

    def coded(column: str, table: dict[str, str], message: str) -> str:
        text = cell(column)
        if not text:
            return table.get("", "")
        value = table.get(fold(text))
        if value is None:
            problem(column, message % text)
            return ""
        return value

    holder_text = cell(HOLDER)
    holder = _organisation(holder_text) if holder_text else getattr(actor, "organisation", None)
    if holder is None:
        problem(HOLDER, _("no body of the registry has the code or name «%s»") % holder_text)
    case_number, number, name = required(CASE_NUMBER), required(NUMBER), required(NAME)
    required(KIND), required(AGAINST), required(RECEIVED)
    kind = coded(KIND, KINDS, _("«%s» is not «khiếu nại» or «tố cáo»"))
    role = coded(ROLE, ROLES, _("«%s» is not a complainant's role"))
    against = coded(AGAINST, AGAINSTS, _("«%s» is not what a complaint can be against"))
    received, resolved = day(RECEIVED), day(RESOLVED)
    outcome = coded(OUTCOME, OUTCOMES, _("«%s» is not «đúng», «đúng một phần» or «sai»"))
    if resolved and not outcome:
        problem(OUTCOME, _("a resolution needs its outcome"))
    if outcome and not resolved:
        problem(RESOLVED, _("an outcome needs the resolution date"))
    body_text = cell(BODY)
    body = _organisation(body_text) if body_text else None
    if body_text and body is None:
        problem(BODY, _("no body of the registry has the code or name «%s»") % body_text)
    case = None
    if holder is not None and case_number:
        found = AgencyNumber.objects.filter(organisation=holder, number_key=fold_key(case_number)).first()
        if found is None:
            problem(CASE_NUMBER, _("%(body)s has no case numbered «%(number)s»")
                    % {"body": holder.name, "number": case_number})
        else:
            case = found.case
    if problems:
        return problems
    assert case is not None
    try:
        with transaction.atomic():
            changed = _apply(actor, case, number=number, kind=kind, name=name, role=role,
                             against=against, body=body or case.holder, official=cell(OFFICIAL),
                             received=received, resolved=resolved, outcome=outcome,
                             decision=cell(DECISION))
    except ValidationError as exc:
        return [Problem(row, "", "; ".join(exc.messages))]
    except PermissionDenied as exc:
        return [Problem(row, "", str(exc))]
    setattr(result, changed, getattr(result, changed) + 1)
    return []


def _apply(actor: Any, case: Any, *, number: str, kind: str, name: str, role: str, against: str,
           body: Organisation, official: str, received: Any, resolved: Any, outcome: str,
           decision: str) -> str:
    complaint = Complaint.objects.filter(case=case, number=number).first()
    changed = "unchanged"
    if complaint is None:
        complaint = services.complaint_receive(
            actor=actor, case=case, kind=kind, number=number, complainant_name=name,
            complainant_role=role, against=against, complained_of=body, official=official,
            received_on=received, source=EventSource.IMPORT)
        changed = "created"
    if resolved and complaint.status == ComplaintStatus.OPEN:
        services.complaint_resolve(actor=actor, complaint=complaint, date=resolved, outcome=outcome,
                                   decision_number=decision, source=EventSource.IMPORT)
        changed = "created" if changed == "created" else "updated"
    return changed
