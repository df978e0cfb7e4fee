"""Month targets («trong tháng 11/2026») keep their precision from the parser to the
screens: due on the month's last day, shown as the month, overdue only after it."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from congminh.apps.directives import services
from congminh.apps.directives.labels import due_label
from congminh.apps.directives.models import Directive, IncomingDocument, Obligation, Task
from congminh.apps.directives.parsing import normalise
from congminh.apps.directives.selectors import board_build

D = dt.date
TODAY = dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.UTC)
# The bodies the screen can only suggest for the seed's names: the clerk's choices.
PICKS = {
    "Ban cán sự đảng Ủy ban nhân dân tỉnh": "peoples_committee",
    "Đảng đoàn Hội đồng nhân dân": "council",
    "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh": "front",
}


def test_due_label_names_the_period_the_document_gave() -> None:
    assert due_label(D(2025, 11, 30), "month") == "tháng 11/2025"
    assert due_label(D(2025, 11, 30), "day") == "30/11/2025"
    assert due_label(D(2026, 6, 30), "quarter") == "quý II/2026"
    assert due_label(D(2026, 12, 31), "year") == "năm 2026"
    assert due_label(None, "month") == ""


def test_normalise_keeps_the_precision_absent_means_day() -> None:
    parsed = normalise({"tasks": [
        {"ref": "1", "text": "a", "due": "2025-11-30", "due_precision": "month"},
        {"ref": "2", "text": "b", "due": "2025-12-31"},  # a day: the key is optional
        {"ref": "3", "text": "c", "due": None, "due_precision": "month"},  # no date, no month
        {"ref": "4", "text": "d", "due": "2026-03-31", "due_precision": "fortnight"},
    ]})
    assert [t["due_precision"] for t in parsed["tasks"]] == ["month", "day", "day", "day"]


def _month_target(seed_parsed: dict[str, Any]) -> dict[str, Any]:
    """The seed with point 3 due «trong tháng 11/2026», as the parser gives it."""
    point3 = next(t for t in seed_parsed["tasks"] if t["ref"] == "3")
    point3.update(due="2026-11-30", due_precision="month", due_text="trong tháng 11/2026")
    return seed_parsed


def _register(clerk: Any, parsed: dict[str, Any]) -> IncomingDocument:
    return services.incoming_register(actor=clerk, received_on=D(2026, 11, 26), parsed=parsed)


@pytest.fixture
def month_doc(client: Any, clerk: Any, seed_parsed: dict[str, Any]) -> IncomingDocument:
    """The seed with a month target, registered by the clerk, who is logged in."""
    client.force_login(clerk)
    return _register(clerk, _month_target(seed_parsed))


def _post(client: Any, doc: IncomingDocument, registry: dict[str, Any], review_post: Any,
          action: str = "confirm", extra: dict[str, Any] | None = None) -> Any:
    picks = {name: [registry[key].pk] for name, key in PICKS.items()}
    return client.post(reverse("directives:review", args=[doc.pk]),
                       review_post(doc.draft, picks, action=action, extra=extra))


def _point3_index(doc: IncomingDocument) -> int:
    return next(i for i, t in enumerate(doc.draft["tasks"]) if t["ref"] == "3")


@time_machine.travel(TODAY, tick=False)
def test_confirmed_month_target_is_stored_and_shown_as_the_month(
    client: Any, clerk: Any, registry: dict[str, Any], seed_parsed: dict[str, Any],
    review_post: Any, users: dict[str, Any],
) -> None:
    doc = _register(clerk, _month_target(seed_parsed))
    assert doc.draft["tasks"][_point3_index(doc)]["due_precision"] == "month"
    client.force_login(clerk)
    page = client.get(reverse("directives:review", args=[doc.pk])).content.decode()
    i = _point3_index(doc)
    assert f'name="t-{i}-due_precision" value="month"' in page  # the row's hidden field
    assert "theo văn bản: tháng 11/2026" in page  # the clerk sees what the date stands for

    # A round of saving keeps it in the draft.
    assert _post(client, doc, registry, review_post, action="save").status_code == 302
    doc.refresh_from_db()
    assert doc.draft["tasks"][i]["due_precision"] == "month"

    assert _post(client, doc, registry, review_post).status_code == 302
    task = Task.objects.get(ref="3")
    assert (task.due, task.due_precision, task.due_by_hand) == (D(2026, 11, 30), "month", False)
    obligation = Obligation.objects.get(task=task)
    assert (obligation.due, obligation.due_precision) == (D(2026, 11, 30), "month")
    # The other one-off tasks give no date: standing duties, day precision by default.
    assert set(Task.objects.exclude(ref="3").values_list("due_precision", flat=True)) == {"day"}

    # The board's task list, the task page and the directive page show the month.
    client.force_login(users["supervisor"])
    listing = client.get(reverse("directives:obligations"),
                         {"body": registry["peoples_committee"].pk}).content.decode()
    assert "tháng 11/2026" in listing and "30/11/2026" not in listing
    task_page = client.get(reverse("directives:obligation", args=[obligation.pk])).content.decode()
    # (the audit trail below the facts records the stored day, 30/11/2026, as it was written)
    facts = task_page.split("Lịch sử thay đổi của nhiệm vụ")[0]
    assert "tháng 11/2026" in facts and "30/11/2026" not in facts
    directive = Directive.objects.get()
    detail = client.get(reverse("directives:detail", args=[directive.pk])).content.decode()
    assert "tháng 11/2026" in detail

    # Overdue only once the month is over: on time on 30/11, overdue on 01/12.
    cell = {"on": board_build(user=users["supervisor"], today=D(2026, 11, 30)),
            "after": board_build(user=users["supervisor"], today=D(2026, 12, 1))}
    body = registry["peoples_committee"].pk
    assert cell["on"].cell(directive.pk, body) == {"on_time": 1}
    assert cell["after"].cell(directive.pk, body) == {"overdue": 1}

    # The workbook keeps a date cell (30/11/2026) shown as the month.
    workbook = client.get(reverse("directives:board_xlsx"), {"body": body})
    sheet = load_workbook(io.BytesIO(workbook.content)).worksheets[1]
    due = sheet.cell(row=2, column=6)
    assert due.value.date() == D(2026, 11, 30)
    assert due.number_format == '"tháng "MM/YYYY'


@time_machine.travel(TODAY, tick=False)
def test_a_date_the_clerk_sets_by_hand_is_a_day(
    client: Any, clerk: Any, registry: dict[str, Any], month_doc: IncomingDocument, review_post: Any,
) -> None:
    doc, i = month_doc, _point3_index(month_doc)
    # The clerk moves the month target to a day; the hidden field still says "month".
    response = _post(client, doc, registry, review_post,
                     extra={f"t-{i}-due": "15/12/2026", f"t-{i}-due_precision": "month"})
    assert response.status_code == 302
    task = Task.objects.get(ref="3")
    assert (task.due, task.due_precision, task.due_by_hand) == (D(2026, 12, 15), "day", True)
    obligation = Obligation.objects.get(task=task)
    assert (obligation.due_precision, obligation.due_by_hand) == ("day", True)
    page = client.get(reverse("directives:obligation", args=[obligation.pk])).content.decode()
    assert "15/12/2026" in page and "tháng 12/2026" not in page


@time_machine.travel(TODAY, tick=False)
def test_bulk_due_date_and_a_moved_due_date_are_days(
    client: Any, clerk: Any, registry: dict[str, Any], month_doc: IncomingDocument, review_post: Any,
) -> None:
    doc, i = month_doc, _point3_index(month_doc)
    response = _post(client, doc, registry, review_post, action="bulk",
                     extra={f"t-{i}-selected": "on", "b-due": "20/12/2026"})
    assert response.status_code == 302
    doc.refresh_from_db()
    assert (doc.draft["tasks"][i]["due"], doc.draft["tasks"][i]["due_precision"]) == ("2026-12-20", "day")

    # Confirmed as a month target, then moved by the receiving body: a day.
    other = _register(clerk, dict(doc.parsed, number_symbol="99-CT/TU"))
    assert _post(client, other, registry, review_post).status_code == 302
    obligation = Obligation.objects.get(task__ref="3")
    assert obligation.due_precision == "month"
    services.obligation_set_due(actor=clerk, obligation=obligation, due=D(2026, 12, 10))
    obligation.refresh_from_db()
    assert (obligation.due, obligation.due_precision, obligation.due_by_hand) == (D(2026, 12, 10), "day", True)
