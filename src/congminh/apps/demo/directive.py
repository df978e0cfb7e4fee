"""The demo province's directive: the provincial directive on judicial activities,
registered by the Internal Affairs Committee's clerk, reviewed and confirmed into tasks,
with some progress reported, so the monitoring board has something to show.

It goes through the same services a clerk's clicks do (register, resolve, confirm,
report), so the demo exercises the real path rather than writing rows directly.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

from congminh.apps.accounts.models import Role, User
from congminh.apps.directives import services
from congminh.apps.directives.models import Directive, Obligation
from congminh.apps.directives.parsing import document_parse
from congminh.apps.directives.resolve import assignee_resolve

SEED = Path(__file__).resolve().parent / "samples" / "chi-thi-hoat-dong-tu-phap.txt"
CLERK = "vanthu"
# Confirmed this many days before the demo's date, so the first periodic reports are
# already due and the board shows every status (tasks whose text gives no date are
# standing duties: never overdue).
CONFIRMED_DAYS_AGO = 45


def _organisation_ids(names: list[str], province_code: str, on: dt.date) -> list[int]:
    """What a clerk would tick: the proposed bodies, else the best candidate."""
    ids: list[int] = []
    for name in names:
        res = assignee_resolve(name, province_code=province_code, on=on)
        ids += res.chosen or [c.organisation_id for c in res.candidates[:1]]
    return list(dict.fromkeys(ids))


def _report_some_progress(directive: Directive, as_of: dt.date) -> None:
    """Officers of bodies with a demo account report on their tasks: one in three done
    (on time if not yet due, late otherwise), one in three under way, one untouched."""
    officers = {u.organisation_id: u for u in User.objects.filter(role=Role.OFFICER)}
    obligations = Obligation.objects.filter(task__directive=directive).order_by("due", "id")
    for i, obligation in enumerate(obligations):
        officer = officers.get(obligation.organisation_id)
        # Nobody reports on a quarter or a year that is still far ahead (a standing duty,
        # with no due date, is reported on as it goes).
        far = obligation.due is not None and obligation.due > as_of + dt.timedelta(days=60)
        if officer is None or i % 3 == 2 or far:
            continue
        done = i % 3 == 0
        services.obligation_report_progress(
            actor=officer, obligation=obligation, percent=100 if done else 60, done=done,
            text="Đã triển khai, báo cáo kết quả." if done else "Đang triển khai thực hiện.",
        )


def demo_directive_ensure(*, as_of: dt.date) -> Directive | None:
    """Register and confirm the seed directive once; later calls change nothing."""
    if Directive.objects.exists():
        return None
    clerk = User.objects.get(username=CLERK)
    body = clerk.organisation
    assert body is not None
    confirmed_on = as_of - dt.timedelta(days=CONFIRMED_DAYS_AGO)
    parsed = document_parse(SEED)
    upload = SimpleUploadedFile(SEED.name, SEED.read_bytes(), content_type="text/plain")
    document = services.incoming_register(
        actor=clerk, received_on=confirmed_on, upload=upload, parsed=parsed,
        forwarded_to="Ban Nội chính Tỉnh ủy", file_code="CT-TP/01",
    )
    draft = document.draft
    tasks = []
    for task in draft["tasks"]:
        ids = _organisation_ids(task["assignees"], body.province_code, confirmed_on)
        if not ids:
            continue
        tasks.append(services.TaskInput(
            text=task["text"], organisation_ids=ids, ref=task.get("ref") or "",
            assignee_names=task["assignees"],
            due=dt.date.fromisoformat(task["due"]) if task.get("due") else None,
            due_precision=task.get("due_precision") or "day",
            recurrence=task.get("recurrence") or "", report_to=task.get("report_to") or "",
        ))
    fields = {k: draft[k] for k in ("issuer", "type", "number_symbol", "date", "subject",
                                    "signer", "recipients")}
    directive = services.directive_confirm(
        actor=clerk, document=document, fields=fields, tasks=tasks, today=confirmed_on,
    )
    _report_some_progress(directive, as_of)
    return directive
