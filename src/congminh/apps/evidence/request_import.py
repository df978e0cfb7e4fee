"""Registers of evidence requests kept in spreadsheets by the asking bodies, as XLSX (or
CSV): one row per request with its latest reply. Idempotent by number: a request already
recorded on the case (same number) is not sent again; a reply already recorded (same kind
and date) is not recorded again; a later file with a complete reply adds it. Every step
goes through `services`, so through the law engine's checks and the importing user's
scope; rejected rows go to an error workbook naming the row and the column.

| column | meaning |
|---|---|
| Cơ quan yêu cầu (mã) | the asking body holding the case (empty: the importer's body) |
| Số vụ án/vụ việc | the case's number at that body |
| Số văn bản yêu cầu | the request's number (`ref`) |
| Ngày cơ quan nhận yêu cầu | dd/mm/yyyy; the clock starts the day after |
| Cơ quan được yêu cầu (mã hoặc tên) | a body of the registry |
| Người, tổ chức khác đang lưu giữ | the holder's name when it is not in the registry |
| Tài liệu, chứng cứ yêu cầu | what is asked |
| Ngày trả lời | dd/mm/yyyy |
| Kết quả trả lời | đầy đủ / một phần / từ chối |
| Số văn bản trả lời | |
| Nội dung trả lời / lý do từ chối | required for a refusal |
"""

from __future__ import annotations

import io
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook

from congminh.apps.cases.models import AgencyNumber, EventSource
from congminh.apps.evidence import services
from congminh.apps.evidence.models import EvidenceReply, EvidenceRequest, ReplyKind
from congminh.apps.expertise.roster_import import RosterImport, _date, _Lookup, _text
from congminh.apps.imports.parse import Problem
from congminh.apps.web.sheet_rows import import_rows
from congminh.core.text import fold, fold_key

ASKING = "Cơ quan yêu cầu (mã)"
NUMBER = "Số vụ án/vụ việc"
REF = "Số văn bản yêu cầu"
SENT = "Ngày cơ quan nhận yêu cầu"
ASKED = "Cơ quan được yêu cầu (mã hoặc tên)"
HOLDER = "Người, tổ chức khác đang lưu giữ"
DOCUMENTS = "Tài liệu, chứng cứ yêu cầu"
REPLIED = "Ngày trả lời"
KIND = "Kết quả trả lời"
REPLY_NUMBER = "Số văn bản trả lời"
NOTE = "Nội dung trả lời / lý do từ chối"
HEADINGS = (ASKING, NUMBER, REF, SENT, ASKED, HOLDER, DOCUMENTS, REPLIED, KIND, REPLY_NUMBER, NOTE)
REQUIRED = (NUMBER, REF, SENT, DOCUMENTS)
KINDS = {
    fold("đầy đủ"): ReplyKind.COMPLETE, fold("một phần"): ReplyKind.PARTIAL,
    fold("từ chối"): ReplyKind.REFUSAL, **{fold(str(v)): v for v in ReplyKind.values},
}

# One row's outcome tally: reuse the expertise import's result (counts, error workbook).
RequestImport = RosterImport


def template_bytes() -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Yêu cầu cung cấp chứng cứ"
    sheet.append(list(HEADINGS))
    sheet.append(["GL-TA", "12/2026/TLST-DS", "45/CV-TA", "05/03/2026", "UBND xã Đăk Song", "",
                  "Hồ sơ cấp giấy chứng nhận quyền sử dụng đất thửa số 120.", "18/03/2026", "đầy đủ",
                  "88/UBND", "Đã cung cấp bản sao hồ sơ."])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def request_import(*, actor: Any, data: bytes, file_name: str) -> RequestImport:
    """Send the requests of the file's rows and record their replies (counts are of rows)."""
    result = RequestImport()
    lookup = _Lookup()
    return import_rows(data, file_name, required=REQUIRED, result=result,
                       handle=lambda row: row.problems.extend(
                           _row(actor, lookup, row.index, row.number, row.raw, result)))


def _row(actor: Any, lookup: _Lookup, index: dict[str, int], number: int, raw: tuple[Any, ...],
         result: RequestImport) -> list[Problem]:
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
    case_number, ref, documents = required(NUMBER), required(REF), required(DOCUMENTS)
    sent, replied = day(SENT, needed=True), day(REPLIED)
    asked_text, holder = _text(cell(ASKED)), _text(cell(HOLDER))
    asked = lookup.organisation(asked_text) if asked_text else None
    if asked_text and asked is None:
        problem(ASKED, _("no body of the registry has the code or name «%s»; write a holder outside "
                         "the registry in the column «%s»") % (asked_text, HOLDER))
    if not asked_text and not holder:
        problem(ASKED, _("name the body asked, or the holder in the column «%s»") % HOLDER)
    kind_text = _text(cell(KIND))
    kind = KINDS.get(fold(kind_text)) if kind_text else None
    if kind_text and kind is None:
        problem(KIND, _("write «đầy đủ», «một phần» or «từ chối»"))
    if kind and not replied:
        problem(REPLIED, _("a reply needs its date"))
    if replied and not kind:
        problem(KIND, _("say what the reply was"))
    note = _text(cell(NOTE))
    if kind == ReplyKind.REFUSAL and not note:
        problem(NOTE, _("a refusal needs its reason"))
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
    assert case is not None
    try:
        with transaction.atomic():
            changed = _apply(actor, case, ref, sent, asked, holder, documents, replied, kind,
                             _text(cell(REPLY_NUMBER)), note)
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


def _apply(actor: Any, case: Any, ref: str, sent: Any, asked: Any, holder: str, documents: str,
           replied: Any, kind: str | None, reply_number: str, note: str) -> str:
    req = EvidenceRequest.objects.filter(case=case, ref=ref).first()
    outcome = "unchanged"
    if req is None:
        req = services.evidence_request_send(
            actor=actor, case=case, ref=ref, documents=documents, sent_on=sent, organisation=asked,
            holder_name=holder, source=EventSource.IMPORT)
        outcome = "created"
    if kind and replied and not EvidenceReply.objects.filter(request=req, kind=kind, date=replied).exists():
        services.evidence_reply_record(actor=actor, request=req, date=replied, kind=kind, note=note,
                                       document_number=reply_number, source=EventSource.IMPORT)
        outcome = outcome if outcome == "created" else "updated"
    return outcome
