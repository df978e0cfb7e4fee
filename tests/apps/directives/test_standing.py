"""Standing duties and hand-set deadlines (issue 13, item 4): a task whose text gives no
deadline has no due date and is never overdue, on the board as in the reports; a date the
clerk types is marked as set by hand; a progress report in words keeps the percentage."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from congminh.apps.directives import selectors, services
from congminh.apps.directives.models import Obligation, Task
from congminh.apps.directives.status import STANDING, obligation_status
from congminh.core.statuses import TASK_LABELS

pytestmark = pytest.mark.django_db
D = dt.date


def test_a_standing_duty_is_never_overdue(confirmed_seed: Any, registry: dict[str, Any]) -> None:
    standing = Obligation.objects.get(task__ref="3")
    assert standing.due is None
    assert obligation_status(due=None, done_on=None, today=D(2040, 1, 1)) == STANDING
    years_later = selectors.with_status(Obligation.objects.filter(pk=standing.pk), D(2030, 1, 1))
    assert years_later.get().status == STANDING
    overdue = selectors.with_status(Obligation.objects.all(), D(2030, 1, 1)).filter(status="overdue")
    assert standing.pk not in set(overdue.values_list("pk", flat=True))


def test_the_task_page_says_standing(confirmed_seed: Any, clerk: Any, client: Any) -> None:
    standing = Obligation.objects.get(task__ref="3")
    client.force_login(clerk)
    page = client.get(reverse("directives:obligation", args=[standing.pk])).content.decode()
    assert "Nhiệm vụ thường xuyên" in page or TASK_LABELS[STANDING] in page


def test_a_date_the_clerk_sets_is_marked(confirmed_seed: Any, clerk: Any) -> None:
    standing = Obligation.objects.get(task__ref="3")
    services.obligation_set_due(actor=clerk, obligation=standing, due=D(2027, 3, 31), note="Thống nhất")
    standing.refresh_from_db()
    assert (standing.due, standing.due_by_hand) == (D(2027, 3, 31), True)
    from congminh.apps.audit.models import AuditEntry

    change = AuditEntry.objects.get(action="set_due", object_type="directives.obligation",
                                    object_id=str(standing.pk), field="due")
    assert (change.old_value, change.new_value) == (None, "2027-03-31")


def test_confirming_marks_dates_the_document_does_not_give(clerk: Any, seed_parsed: dict[str, Any],
                                                          registry: dict[str, Any], client: Any,
                                                          review_post: Any) -> None:
    doc = services.incoming_register(actor=clerk, received_on=D(2026, 11, 26), parsed=seed_parsed)
    draft = {**doc.draft, "tasks": [dict(t) for t in doc.draft["tasks"]]}
    read = [t["due"] for t in draft["tasks"]]
    untimed = next(i for i, due in enumerate(read) if not due)
    draft["tasks"][untimed]["due"] = "15/01/2027"
    client.force_login(clerk)
    picks = {  # the bodies the screen cannot match exactly (as in test_confirm.py)
        "Ban cán sự đảng Ủy ban nhân dân tỉnh": [registry["peoples_committee"].pk],
        "Đảng đoàn Hội đồng nhân dân": [registry["council"].pk],
        "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh": [registry["front"].pk],
    }
    response = client.post(reverse("directives:review", args=[doc.pk]), review_post(draft, picks))
    assert response.status_code == 302, response.content.decode()[-3000:]
    by_hand = {t.position: t.due_by_hand for t in Task.objects.all()}
    assert by_hand[untimed] is True
    assert not any(flag for position, flag in by_hand.items() if position != untimed)


def test_progress_in_words_keeps_the_percentage(confirmed_seed: Any, registry: dict[str, Any],
                                                users: dict[str, Any]) -> None:
    ob = Obligation.objects.filter(organisation=registry["procuracy"]).order_by("due").first()
    actor = users["prosecutor"]
    services.obligation_report_progress(actor=actor, obligation=ob, text="Đã rà soát", percent=60)
    services.obligation_report_progress(actor=actor, obligation=ob, text="Đang tổng hợp số liệu")
    ob.refresh_from_db()
    assert ob.percent == 60
    assert ob.reports.first().percent == 60  # the latest report records what stood


def test_the_progress_form_starts_at_the_last_percentage(confirmed_seed: Any, registry: dict[str, Any],
                                                        users: dict[str, Any], client: Any) -> None:
    ob = Obligation.objects.filter(organisation=registry["procuracy"]).order_by("due").first()
    services.obligation_report_progress(actor=users["prosecutor"], obligation=ob, text="x", percent=60)
    client.force_login(users["prosecutor"])
    page = client.get(reverse("directives:obligation", args=[ob.pk])).content.decode()
    assert 'name="percent"' in page and 'value="60"' in page
    client.post(reverse("directives:obligation", args=[ob.pk]), {"text": "Chỉ báo cáo bằng lời", "percent": ""})
    ob.refresh_from_db()
    assert ob.percent == 60
