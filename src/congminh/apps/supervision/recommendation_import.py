"""The registers of supervision recommendations (sổ theo dõi kiến nghị giám sát) the
People's Council and the Fatherland Front keep in spreadsheets, as XLSX (or CSV): one row
per recommendation with the addressee's latest response. Idempotent by the plan and the
recommendation's number: importing the same file twice changes nothing; a later file
with the response (or a moved deadline) adds it. Every row goes through
`supervision.services` (the importing user's scope, the audit trail); a rejected row is
reported with its row and column in Vietnamese and kept for the error workbook, the other
rows are kept (the row loop and cell readers are `web.sheet_rows`).

| column | meaning |
|---|---|
| Kế hoạch giám sát (số hoặc chủ đề) | the plan, by its number (12/KH-HĐND) or its topic, among the plans the importer reads |
| Số kiến nghị | the recommendation's number in the register: the key, unique in the plan |
| Cơ quan nhận kiến nghị (mã hoặc tên) | the body addressed, which must respond |
| Nội dung kiến nghị | what is recommended |
| Ngày kiến nghị | dd/mm/yyyy |
| Hạn trả lời | dd/mm/yyyy; empty: the default of `defaults.yaml` (30 days) |
| Ngày trả lời, Nội dung trả lời | the addressee's written response, as received |
| Tình trạng | one of the four official statuses: «Đang thực hiện, trong hạn», «Đang thực hiện, quá hạn» (the response, if any, does not close it), «Hoàn thành đúng hạn», «Hoàn thành quá hạn» (the response carried it out: it closes it, and must be dated on or before, or after, the deadline) |
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congminh.apps.accounts import scope
from congminh.apps.imports.parse import Problem
from congminh.apps.supervision import selectors, services
from congminh.apps.supervision.models import Recommendation, SupervisionPlan
from congminh.apps.web.sheet_rows import SheetImport, SheetRow, import_rows, register_template
from congminh.core import statuses
from congminh.core.text import fold, fold_key, nfc

PLAN = "Kế hoạch giám sát (số hoặc chủ đề)"
NUMBER = "Số kiến nghị"
ADDRESSEE = "Cơ quan nhận kiến nghị (mã hoặc tên)"
CONTENT = "Nội dung kiến nghị"
ISSUED = "Ngày kiến nghị"
DUE = "Hạn trả lời"
RESPONDED = "Ngày trả lời"
RESPONSE = "Nội dung trả lời"
STATUS = "Tình trạng"
HEADINGS = (PLAN, NUMBER, ADDRESSEE, CONTENT, ISSUED, DUE, RESPONDED, RESPONSE, STATUS)
REQUIRED = (PLAN, NUMBER, ADDRESSEE, CONTENT, ISSUED)

# The name the error workbooks are kept under (`web.sheet_import`), screen and API alike.
IMPORT_ERRORS = "loi-kien-nghi-giam-sat-"


def may_import(user: Any) -> bool:
    """Who opens plans and issues their recommendations: the supervising bodies' writers."""
    return scope.supervising_bodies(user).exists()


# The status cell (letters and digits only, folded) -> one of the four official statuses:
# their labels on the screens, the bare ones, with «Đã» and the codes.
DONE = (statuses.DONE_ON_TIME, statuses.DONE_LATE)
STATUSES: dict[str, str] = {}
for _code in statuses.TASK_STATUSES:
    for _label in (statuses.TASK_LABELS[_code], statuses.LABELS[_code], _code):
        STATUSES[fold_key(_label)] = _code
        STATUSES[fold_key("Đã " + _label)] = _code
        STATUSES[fold_key("Đang thực hiện " + _label)] = _code

# A service's refusal of a field -> the column it came from.
FIELD_COLUMNS = {"number": NUMBER, "addressee": ADDRESSEE, "content": CONTENT,
                 "issued_on": ISSUED, "due": DUE, "date": RESPONDED, "text": RESPONSE,
                 "status": STATUS}

EXAMPLES = (
    ("15/KH-HĐND", "KN-01", "GL-CSDT", "Báo cáo Viện kiểm sát việc gia hạn giải quyết tin báo "
     "đúng thời hạn.", "05/03/2026", "04/04/2026", "30/03/2026",
     "Đã chấn chỉnh, báo cáo gia hạn trong ngày.", "Hoàn thành đúng hạn"),
    ("15/KH-HĐND", "KN-02", "Tòa án nhân dân tỉnh Gia Lai", "Rút kinh nghiệm các bản án bị hủy do "
     "lỗi chủ quan.", "05/03/2026", "", "", "", "Đang thực hiện, trong hạn"),
)


def template_bytes() -> bytes:
    """The blank register with two example rows and a sheet of the statuses."""
    return register_template("Kiến nghị giám sát", HEADINGS, EXAMPLES, lists={
        STATUS: [statuses.TASK_LABELS[code] for code in statuses.TASK_STATUSES]})


class _Plans:
    """The plans `actor` reads, found by number or topic (folded)."""

    def __init__(self, actor: Any) -> None:
        self.by_key: dict[str, list[SupervisionPlan]] = {}
        for plan in selectors.plan_scope(actor).select_related("supervisor"):
            keys = {fold(plan.topic)} | ({fold_key(plan.number)} if fold_key(plan.number) else set())
            for key in keys:
                self.by_key.setdefault(key, []).append(plan)

    def find(self, row: SheetRow) -> SupervisionPlan | None:
        text = row.required(PLAN)
        if not text:
            return None
        found = self.by_key.get(fold_key(text)) or self.by_key.get(fold(text)) or []
        if len(found) == 1:
            return found[0]
        row.problem(PLAN, _("«%s» names several plans: write the plan's topic") % text if found
                    else _("no supervision plan you can read has the number or topic «%s»") % text)
        return None


def recommendation_import(*, actor: Any, data: bytes, file_name: str,
                          today: dt.date | None = None) -> SheetImport:
    """Issue the recommendations of the file's rows and record their responses (counts
    are of rows)."""
    result = SheetImport()
    plans = _Plans(actor)
    day = today or timezone.localdate()
    return import_rows(data, file_name, required=REQUIRED, result=result,
                       handle=lambda row: _row(actor, plans, row, result, day))


def _status(row: SheetRow) -> str:
    text = row.text(STATUS)
    code = STATUSES.get(fold_key(text), "") if text else ""
    if text and not code:
        row.problem(STATUS, _("«%s» is not one of the four statuses (see the sheet «Tình trạng» "
                              "of the template)") % text)
    return code


def _row(actor: Any, plans: _Plans, row: SheetRow, result: SheetImport, today: dt.date) -> None:
    plan = plans.find(row)
    if plan is not None and not (decision := scope.can_change_plan(actor, plan)):
        row.problem(PLAN, decision.reason)
    number, content = row.required(NUMBER), row.required(CONTENT)
    addressee = row.body(ADDRESSEE, needed=True)
    issued, due, responded = row.date(ISSUED, needed=True), row.date(DUE), row.date(RESPONDED)
    response, status = row.text(RESPONSE), _status(row)
    if issued and due and due < issued:
        row.problem(DUE, _("the response deadline is before the issue date"))
    if response and not responded:
        row.problem(RESPONDED, _("a response needs its date"))
    if responded and not response:
        row.problem(RESPONSE, _("write what the body answered"))
    if status in DONE and not responded:
        row.problem(RESPONDED, _("«%s» needs the date of the response that carried it out")
                    % statuses.label(status))
    rec = plan.recommendations.filter(number=nfc(number)).first() if plan and number else None
    if rec is not None and addressee is not None and rec.addressee_id != addressee.pk:
        row.problem(ADDRESSEE, _("the recommendation %(number)s of this plan is addressed to "
                                 "%(body)s") % {"number": number, "body": rec.addressee.name})
    if status in DONE and responded and issued:
        deadline = due or (rec.due if rec else services.default_due(issued))
        actual = statuses.DONE_ON_TIME if responded <= deadline else statuses.DONE_LATE
        if actual != status:
            row.problem(STATUS, _("the response of %(day)s is %(when)s the deadline %(due)s: the "
                                  "status is «%(status)s»") % {
                "day": responded.strftime("%d/%m/%Y"), "due": deadline.strftime("%d/%m/%Y"),
                "when": _("after") if actual == statuses.DONE_LATE else _("not after"),
                "status": statuses.label(actual)})
    if row.problems:
        return
    assert plan is not None and addressee is not None and issued is not None
    try:
        with transaction.atomic():
            changed = _apply(actor, plan, rec, number=number, addressee=addressee, content=content,
                             issued=issued, due=due, responded=responded, response=response,
                             done=status in DONE, today=today)
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            for name, messages in exc.message_dict.items():
                for message in messages:
                    row.problem(FIELD_COLUMNS.get(name, ""), message)
        else:
            row.problems.append(Problem(row.number, "", "; ".join(exc.messages)))
    except PermissionDenied as exc:
        row.problem(PLAN, str(exc))
    else:
        result.count(changed)


def _apply(actor: Any, plan: SupervisionPlan, rec: Recommendation | None, *, number: str,
           addressee: Any, content: str, issued: dt.date, due: dt.date | None,
           responded: dt.date | None, response: str, done: bool, today: dt.date) -> str:
    changed = "unchanged"
    if rec is None:
        rec = services.recommendation_issue(actor=actor, plan=plan, addressee=addressee,
                                            content=content, issued_on=issued, due=due, number=number)
        changed = "created"
    elif due is not None and due != rec.due:
        services.recommendation_set_due(actor=actor, recommendation=rec, due=due,
                                        note=_("Deadline from the imported register"))
        changed = "updated"
    if responded is not None and response:
        recorded = rec.responses.filter(date=responded, text=nfc(response)).first()
        if recorded is None:
            services.recommendation_response_received(
                actor=actor, recommendation=rec, date=responded, text=response,
                done=done and rec.done_on is None, today=today)
            changed = "created" if changed == "created" else "updated"
        elif done and rec.done_on is None:
            raise ValidationError({"status": _(
                "the response of %s is recorded as not carrying the recommendation out: close it "
                "on the recommendation's page") % responded.strftime("%d/%m/%Y")})
    return changed
