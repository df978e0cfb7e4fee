"""Progress reports on a task page, with the audit trail, and who may see or report."""

from __future__ import annotations

import datetime as dt
from typing import Any

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from congminh.apps.audit.models import AuditEntry
from congminh.apps.directives import services
from congminh.apps.directives.models import Obligation

D = dt.date


def _procuracy_q4(registry: dict[str, Any]) -> Obligation:
    return Obligation.objects.get(organisation=registry["procuracy"], period_label="Q4/2026")


def test_assignee_reports_progress_then_done_late(
    client: Any, users: dict[str, Any], confirmed_seed: Any, registry: dict[str, Any]
) -> None:
    ob = _procuracy_q4(registry)  # due 10/12/2026
    url = reverse("directives:obligation", args=[ob.pk])
    client.force_login(users["prosecutor"])
    with time_machine.travel(dt.datetime(2026, 12, 5, 10, tzinfo=dt.UTC), tick=False):
        response = client.post(url, {"text": "Đã rà soát 40 vụ quá hạn", "percent": "60",
                                     "attachment": SimpleUploadedFile("bc.pdf", b"%PDF-1.4")})
    assert response.status_code == 302
    ob.refresh_from_db()
    assert (ob.percent, ob.done_at) == (60, None)
    with time_machine.travel(dt.datetime(2026, 12, 11, 10, tzinfo=dt.UTC), tick=False):
        client.force_login(users["prosecutor"])  # sessions last two weeks of real time
        second = client.post(url, {"text": "Đã gửi báo cáo quý", "percent": "90", "done": "on"})
        assert second["Location"] == url
        page = client.get(url).content.decode()
    ob.refresh_from_db()
    assert (ob.percent, ob.done_on) == (100, D(2026, 12, 11))
    assert "Đã gửi báo cáo quý" in page
    trail = {(e.field, str(e.old_value), str(e.new_value))
             for e in AuditEntry.objects.filter(action="progress", object_id=str(ob.pk))}
    assert ("percent", "0", "60") in trail
    assert ("percent", "60", "100") in trail
    assert ("status", "overdue", "done_late") in trail
    assert all(e.actor == users["prosecutor"]
               for e in AuditEntry.objects.filter(action="progress", object_id=str(ob.pk)))
    latest, first = list(ob.reports.all())  # newest first; the first report had the file
    assert latest.attachment.name == ""
    assert first.attachment.name.endswith("bc.pdf")
    link = reverse("directives:report_attachment", args=[ob.pk, first.pk])
    assert link in page
    assert b"".join(client.get(link).streaming_content) == b"%PDF-1.4"
    client.force_login(users["officer_a"])
    assert client.get(link).status_code == 404


def test_a_note_added_to_a_finished_task_keeps_it_finished(
    client: Any, users: dict[str, Any], confirmed_seed: Any, registry: dict[str, Any]
) -> None:
    """The form's «Done» box starts ticked on a finished task: sent as shown with a note
    and a file, the task stays done (it came back unticked and reopened the task)."""
    import re

    ob = _procuracy_q4(registry)
    url = reverse("directives:obligation", args=[ob.pk])
    client.force_login(users["prosecutor"])
    client.post(url, {"text": "Đã gửi báo cáo quý", "percent": "100", "done": "on"})
    page = client.get(url).content.decode()
    done_box = re.search(r'<input type="checkbox" name="done"[^>]*>', page)
    assert done_box is not None and "checked" in done_box.group(0)
    client.post(url, {"text": "Bổ sung phụ lục", "percent": "100", "done": "on",
                      "attachment": SimpleUploadedFile("phu-luc.pdf", b"%PDF-1.4")})
    ob.refresh_from_db()
    assert ob.done_at is not None and ob.percent == 100


def test_other_body_cannot_see_or_report(
    client: Any, users: dict[str, Any], confirmed_seed: Any, registry: dict[str, Any]
) -> None:
    ob = _procuracy_q4(registry)
    url = reverse("directives:obligation", args=[ob.pk])
    client.force_login(users["officer_a"])  # a court officer: not the assignee
    assert client.get(url).status_code == 404
    assert client.post(url, {"text": "x", "percent": "100", "done": "on"}).status_code == 404
    assert client.get(reverse("directives:detail", args=[confirmed_seed.pk])).status_code == 404
    tasks = client.get(reverse("directives:obligations")).content.decode()
    assert ob.task.text[:30] not in tasks
    ob.refresh_from_db()
    assert ob.done_at is None


def test_outsider_supervisor_gets_404_and_supervisor_reads_only(
    client: Any, users: dict[str, Any], confirmed_seed: Any, registry: dict[str, Any]
) -> None:
    ob = _procuracy_q4(registry)
    url = reverse("directives:obligation", args=[ob.pk])
    client.force_login(users["outsider_supervisor"])
    assert client.get(url).status_code == 404
    assert client.get(reverse("directives:board")).content.decode().count("badge") <= 1
    client.force_login(users["supervisor"])
    assert client.get(url).status_code == 200
    assert client.post(url, {"text": "x", "percent": "100"}).status_code == 403


def test_viewer_of_assignee_sees_but_cannot_report(
    registry: dict[str, Any], confirmed_seed: Any, users: dict[str, Any]
) -> None:
    from django.core.exceptions import PermissionDenied

    from congminh.apps.accounts.models import User

    viewer = User.objects.create_user(username="vks_viewer", organisation=registry["procuracy"],
                                      role="viewer")
    ob = _procuracy_q4(registry)
    try:
        services.obligation_report_progress(actor=viewer, obligation=ob, text="x", percent=5)
    except PermissionDenied:
        pass
    else:
        raise AssertionError("a viewer reported progress")


def test_due_date_change_is_audited(clerk: Any, users: dict[str, Any], confirmed_seed: Any,
                                    registry: dict[str, Any]) -> None:
    from django.core.exceptions import PermissionDenied

    ob = _procuracy_q4(registry)
    services.obligation_set_due(actor=clerk, obligation=ob, due=D(2026, 12, 20), note="Gia hạn")
    entry = AuditEntry.objects.get(action="set_due", object_id=str(ob.pk), field="due")
    assert (entry.actor, entry.old_value, entry.new_value) == (clerk, "2026-12-10", "2026-12-20")
    try:
        services.obligation_set_due(actor=users["prosecutor"], obligation=ob, due=D(2027, 1, 1))
    except PermissionDenied:
        pass
    else:
        raise AssertionError("the assignee moved its own due date")


def test_the_task_page_history_reads_in_vietnamese(client: Any, clerk: Any, users: dict[str, Any],
                                                   confirmed_seed: Any, registry: dict[str, Any]) -> None:
    ob = _procuracy_q4(registry)  # due 10/12/2026
    services.obligation_set_due(actor=clerk, obligation=ob, due=D(2026, 12, 20), note="Gia hạn")
    client.force_login(users["prosecutor"])
    with time_machine.travel(dt.datetime(2026, 12, 5, 10, tzinfo=dt.UTC), tick=False):
        client.post(reverse("directives:obligation", args=[ob.pk]),
                    {"text": "Đã rà soát 40 vụ", "percent": "60"})
        page = client.get(reverse("directives:obligation", args=[ob.pk])).content.decode()
    history = page[page.index("<h2>Lịch sử thay đổi của nhiệm vụ</h2>"):]
    for step in ("Giao thực hiện", "Đổi thời hạn", "Báo cáo tiến độ"):
        assert step in history
    assert "10/12/2026" in history and "20/12/2026" in history and "60%" in history
    assert registry["procuracy"].name in history  # the assignee by name, not its id
    for raw in ("set_due", "assign", "progress", "due_by_hand", "2026-12-20", "percent"):
        assert raw not in history, raw
