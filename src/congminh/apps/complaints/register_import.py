"""Complaint registers kept in spreadsheets (sổ thụ lý khiếu nại, tố cáo), as XLSX (or
CSV): one row per complaint or denunciation, with its resolution when there is one.
Idempotent by number: importing the same file twice changes nothing; a later file with
the resolution adds it. Every row goes through `services` (the law engine's checks, the
importing user's scope); a rejected row is reported with its row and column, in
Vietnamese, and the other rows are kept (the row loop and the cell readers are
`web.sheet_rows`).

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
| Số đơn lần đầu | for a second-level complaint: the number of the first-level complaint of the same case it contests (recorded and resolved); the row is then escalated from it (`services.complaint_escalate`, its own clock, the complainant and the act complained of taken from the first) |
| Ngày giải quyết, Kết quả, Số quyết định | the resolution: kết quả đúng / đúng một phần / sai |
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from congminh.apps.cases.models import AgencyNumber, EventSource
from congminh.apps.complaints import services
from congminh.apps.complaints.models import (
    Against,
    ComplainantRole,
    Complaint,
    ComplaintKind,
    ComplaintStatus,
    Level,
    Outcome,
)
from congminh.apps.imports.parse import Problem
from congminh.apps.organisations.models import Organisation
from congminh.apps.web.sheet_rows import SheetImport, SheetRow, import_rows, register_template
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
FIRST = "Số đơn lần đầu"
HEADINGS = (HOLDER, CASE_NUMBER, NUMBER, KIND, NAME, ROLE, AGAINST, BODY, OFFICIAL, RECEIVED,
            RESOLVED, OUTCOME, DECISION, FIRST)
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


# The name the error workbooks are kept under (`web.sheet_import`), screen and API alike.
IMPORT_ERRORS = "loi-so-khieu-nai-"

# What an import did, counted in rows (`rejected`: the rejected rows, by number).
RegisterImport = SheetImport


def template_bytes() -> bytes:
    return register_template("Sổ khiếu nại, tố cáo", HEADINGS, [
        ["GL-TAND", "12/2026/HS-ST", "05/KN", "khiếu nại", "Nguyễn Văn A", "bị cáo", "Thẩm phán",
         "GL-TAND", "Thẩm phán Trần Văn B", "02/03/2026", "06/03/2026", "sai", "07/QĐ-GQKN", ""],
        ["GL-TAND", "12/2026/HS-ST", "09/KN", "khiếu nại", "Nguyễn Văn A", "bị cáo", "Thẩm phán",
         "GL-TAND", "Thẩm phán Trần Văn B", "10/03/2026", "", "", "", "05/KN"]])


def import_register(data: bytes, *, actor: Any, file_name: str = "register.xlsx") -> RegisterImport:
    """Create, escalate or resolve the complaints of the file's rows (counts are of rows)."""
    result = RegisterImport()
    return import_rows(data, file_name, required=REQUIRED, result=result,
                       handle=lambda row: _row(actor, row, result))


def _row(actor: Any, row: SheetRow, result: RegisterImport) -> None:
    holder = row.body(HOLDER) if row.text(HOLDER) else getattr(actor, "organisation", None)
    if holder is None and not row.text(HOLDER):
        row.problem(HOLDER, _("this cell is empty"))
    case_number, number, name = row.required(CASE_NUMBER), row.required(NUMBER), row.required(NAME)
    row.required(KIND), row.required(AGAINST), row.required(RECEIVED)
    kind = row.coded(KIND, KINDS, _("«%s» is not «khiếu nại» or «tố cáo»"))
    role = row.coded(ROLE, ROLES, _("«%s» is not a complainant's role"))
    against = row.coded(AGAINST, AGAINSTS, _("«%s» is not what a complaint can be against"))
    received, resolved = row.date(RECEIVED), row.date(RESOLVED)
    outcome = row.coded(OUTCOME, OUTCOMES, _("«%s» is not «đúng», «đúng một phần» or «sai»"))
    if resolved and not outcome:
        row.problem(OUTCOME, _("a resolution needs its outcome"))
    if outcome and not resolved:
        row.problem(RESOLVED, _("an outcome needs the resolution date"))
    body = row.body(BODY)
    first_ref = row.text(FIRST)
    if first_ref and kind == ComplaintKind.DENUNCIATION:
        row.problem(FIRST, _("a denunciation has no second level: leave this cell empty"))
    case = None
    if holder is not None and case_number:
        found = AgencyNumber.objects.filter(organisation=holder, number_key=fold_key(case_number)).first()
        if found is None:
            row.problem(CASE_NUMBER, _("%(body)s has no case numbered «%(number)s»")
                        % {"body": holder.name, "number": case_number})
        else:
            case = found.case
    first = (_first_level(row, case, number, first_ref)
             if case is not None and first_ref and kind != ComplaintKind.DENUNCIATION else None)
    if row.problems:
        return
    assert case is not None
    try:
        with transaction.atomic():
            changed = _apply(actor, case, number=number, kind=kind, name=name, role=role,
                             against=against, body=body or case.holder, official=row.text(OFFICIAL),
                             received=received, resolved=resolved, outcome=outcome,
                             decision=row.text(DECISION), first=first)
    except ValidationError as exc:
        row.problems.append(Problem(row.number, "", "; ".join(exc.messages)))
    except PermissionDenied as exc:
        row.problems.append(Problem(row.number, "", str(exc)))
    else:
        result.count(changed)


def _first_level(row: SheetRow, case: Any, number: str, first_ref: str) -> Complaint | None:
    """The first-level complaint a second-level row contests: recorded on the same case,
    first-level, resolved, not escalated under another number; else a problem."""
    first = Complaint.objects.filter(case=case, number=first_ref).first()
    if first is None:
        row.problem(FIRST, _("this case has no complaint numbered «%s»: import the first-level "
                             "complaint first") % first_ref)
        return None
    if first.level != Level.FIRST:
        row.problem(FIRST, _("«%s» is itself a second-level complaint") % first_ref)
    elif first.status != ComplaintStatus.RESOLVED:
        row.problem(FIRST, _("the first-level complaint «%s» is not resolved yet: a second-level "
                             "complaint contests its resolution") % first_ref)
    second = Complaint.objects.filter(escalated_from=first).exclude(number=number).first()
    if second is not None:
        row.problem(FIRST, _("the complaint «%(first)s» was already escalated as «%(second)s»")
                    % {"first": first_ref, "second": second.number})
    recorded = Complaint.objects.filter(case=case, number=number).first()
    if recorded is not None and recorded.escalated_from_id != first.pk:
        row.problem(FIRST, _("the complaint «%s» is already recorded without this first-level "
                             "complaint") % number)
    return first


def _apply(actor: Any, case: Any, *, number: str, kind: str, name: str, role: str, against: str,
           body: Organisation, official: str, received: Any, resolved: Any, outcome: str,
           decision: str, first: Complaint | None) -> str:
    complaint = Complaint.objects.filter(case=case, number=number).first()
    changed = "unchanged"
    if complaint is None and first is not None:
        complaint = services.complaint_escalate(actor=actor, complaint=first, number=number,
                                                received_on=received, source=EventSource.IMPORT)
        changed = "created"
    elif complaint is None:
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
