"""A deadline the document counts from an event («trong 30 ngày kể từ ngày nhận được văn
bản», the parser's `due_relative`) reaches the review screen: shown in Vietnamese next to
the task, and the clerk either counts it from the document's date or types a date."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from congminh.apps.directives import services
from congminh.apps.directives.labels import relative_label
from congminh.apps.directives.models import IncomingDocument, Task
from congminh.apps.directives.parsing import normalise

D = dt.date
TODAY = dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.UTC)
PROCURACY = "Viện Kiểm sát nhân dân tỉnh"  # an alias of the registry's procuracy: an exact match
ON_RECEIPT = {"length": 30, "unit": "days", "from": "event", "event": "nhận được văn bản"}
ON_SIGNING = {"length": 3, "unit": "months", "from": "document", "event": "ký"}


def _task(ref: str, text: str, due: str | None, rel: dict[str, Any] | None) -> dict[str, Any]:
    return {"ref": ref, "text": text, "assignees": [PROCURACY], "due": due, "recurrence": None,
            "report_to": None, "due_relative": rel}


PLAN: dict[str, Any] = {
    "issuer": "BAN THƯỜNG VỤ TỈNH ỦY", "type": "KẾ HOẠCH", "number_symbol": "25-KH/TU",
    "date": "2026-11-20", "subject": "về công tác tư pháp năm 2027", "signer": None, "tasks": [
        _task("1", "Viện Kiểm sát nhân dân tỉnh báo cáo trong 30 ngày kể từ ngày nhận được văn bản",
              None, ON_RECEIPT),
        # Counted by the parser from the document's date (20/11/2026 + 3 months = 20/02/2027).
        _task("2", "Viện Kiểm sát nhân dân tỉnh rà soát trong 3 tháng kể từ ngày ký", "2027-02-20", ON_SIGNING),
    ],
}


@pytest.fixture
def doc(client: Any, clerk: Any, registry: dict[str, Any]) -> IncomingDocument:
    """The plan registered by the clerk, who is logged in."""
    client.force_login(clerk)
    return services.incoming_register(actor=clerk, received_on=D(2026, 11, 26), parsed=PLAN)


def test_normalise_keeps_a_well_formed_relative_deadline_only() -> None:
    parsed = normalise({"tasks": [
        {"ref": "1", "text": "a", "due_relative": ON_RECEIPT},
        {"ref": "2", "text": "b", "due_relative": {"length": "ba mươi", "unit": "days"}},
        {"ref": "3", "text": "c"},
    ]})
    assert [t["due_relative"] for t in parsed["tasks"]] == [ON_RECEIPT, None, None]


def test_relative_deadline_reads_in_vietnamese() -> None:
    assert relative_label(ON_RECEIPT) == "trong 30 ngày kể từ ngày nhận được văn bản"
    assert relative_label(ON_SIGNING) == "trong 3 tháng kể từ ngày ký"
    working = {"length": 10, "unit": "working_days", "from": "event", "event": "nhận được hồ sơ"}
    assert relative_label(working) == "trong 10 ngày làm việc kể từ ngày nhận được hồ sơ"
    assert relative_label(None) == ""


@time_machine.travel(TODAY, tick=False)
def test_review_shows_the_relative_deadline_next_to_its_task(client: Any, doc: IncomingDocument) -> None:
    page = client.get(reverse("directives:review", args=[doc.pk])).content.decode()
    rows = page.split('class="task-row')[1:]
    assert "«trong 30 ngày kể từ ngày nhận được văn bản»" in rows[0]
    # No date yet: the clerk may count it from the document's date, shown dd/mm/yyyy.
    assert 'name="t-0-due_relative_accept"' in rows[0]
    assert "tính từ ngày của văn bản (20/11/2026)" in rows[0]
    # Already dated by the parser: the wording is shown, nothing to accept.
    assert "«trong 3 tháng kể từ ngày ký»" in rows[1]
    assert 'name="t-1-due_relative_accept"' not in rows[1]
    assert 'value="20/02/2027"' in rows[1]


@time_machine.travel(TODAY, tick=False)
def test_accepted_deadline_is_counted_from_the_document_date(
    client: Any, doc: IncomingDocument, review_post: Any,
) -> None:
    url = reverse("directives:review", args=[doc.pk])
    # A round of saving keeps the limit and the counted date in the draft.
    response = client.post(url, review_post(doc.draft, action="save", extra={"t-0-due_relative_accept": "on"}))
    assert response.status_code == 302
    doc.refresh_from_db()
    first = doc.draft["tasks"][0]
    # 20/11/2026 + 30 days: 10 days to 30/11, 20 more to 20/12/2026.
    assert (first["due"], first["due_relative"], first["due_counted"]) == ("2026-12-20", ON_RECEIPT, True)
    page = client.get(url).content.decode()
    assert 'name="t-0-due" value="20/12/2026"' in page

    response = client.post(url, review_post(doc.draft, extra={"t-0-due_relative_accept": "on"}))
    assert response.status_code == 302
    task = Task.objects.get(ref="1")
    # Read from the document, not typed: not "set by hand".
    assert (task.due, task.due_by_hand) == (D(2026, 12, 20), False)
    assert Task.objects.get(ref="2").due == D(2027, 2, 20)


@time_machine.travel(TODAY, tick=False)
def test_confirm_counts_the_date_without_a_round_of_saving(
    client: Any, doc: IncomingDocument, review_post: Any,
) -> None:
    # The document date corrected on the same page (18/11/2026) is the one counted from:
    # 18/11/2026 + 30 days = 18/12/2026.
    post = review_post(doc.draft, extra={"t-0-due_relative_accept": "on", "h-date": "18/11/2026"})
    assert client.post(reverse("directives:review", args=[doc.pk]), post).status_code == 302
    assert Task.objects.get(ref="1").due == D(2026, 12, 18)


@time_machine.travel(TODAY, tick=False)
def test_a_typed_date_wins_and_is_by_hand(client: Any, doc: IncomingDocument, review_post: Any) -> None:
    post = review_post(doc.draft, extra={"t-0-due_relative_accept": "on", "t-0-due": "05/01/2027"})
    assert client.post(reverse("directives:review", args=[doc.pk]), post).status_code == 302
    task = Task.objects.get(ref="1")
    assert (task.due, task.due_by_hand) == (D(2027, 1, 5), True)


@time_machine.travel(TODAY, tick=False)
def test_accepting_without_a_document_date_asks_for_it(
    client: Any, doc: IncomingDocument, review_post: Any,
) -> None:
    post = review_post(doc.draft, extra={"t-0-due_relative_accept": "on", "h-date": ""})
    response = client.post(reverse("directives:review", args=[doc.pk]), post)
    assert response.status_code == 200
    assert "Nhập ngày của văn bản để tính hạn từ ngày đó." in response.content.decode()
    assert not Task.objects.exists()


@time_machine.travel(TODAY, tick=False)
def test_a_typed_date_needs_no_document_date(client: Any, doc: IncomingDocument, review_post: Any) -> None:
    post = review_post(doc.draft, extra={"t-0-due_relative_accept": "on", "t-0-due": "05/01/2027", "h-date": ""})
    response = client.post(reverse("directives:review", args=[doc.pk]), post)
    assert "Nhập ngày của văn bản để tính hạn từ ngày đó." not in response.content.decode()
