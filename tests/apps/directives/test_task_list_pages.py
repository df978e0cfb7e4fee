"""The task list and the board are paginated like the case list; the board's workbook holds
real dates shown dd/mm/yyyy (issue #11, part 5)."""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from congminh.apps.directives import status as st
from congminh.apps.directives import views
from congminh.apps.directives.models import Obligation
from congminh.core.periods import label_vi

JAN_2027 = dt.datetime(2027, 1, 5, 9, tzinfo=dt.UTC)


@time_machine.travel(JAN_2027, tick=False)
def test_task_list_pages_keep_the_filters(client: Any, confirmed_seed: Any, registry: dict[str, Any],
                                          users: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    client.force_login(users["supervisor"])
    procuracy = registry["procuracy"].pk
    owed = Obligation.objects.filter(organisation_id=procuracy).count()
    assert owed > 4  # the quarterly review laid out per period
    url = reverse("directives:obligations")
    first = client.get(url, {"body": procuracy})
    html = first.content.decode()
    assert first.context["page"].paginator.count == owed
    assert len(first.context["rows"]) == 2
    pages = -(-owed // 2)
    assert f"Trang 1 / {pages}" in html
    assert f"?body={procuracy}&amp;page=2" in html
    seen = []
    for number in range(1, pages + 1):
        page = client.get(url, {"body": procuracy, "page": str(number)})
        seen += [r["ob"].pk for r in page.context["rows"]]
        assert {r["ob"].organisation_id for r in page.context["rows"]} == {procuracy}
    assert sorted(seen) == sorted(Obligation.objects.filter(organisation_id=procuracy)
                                  .values_list("pk", flat=True))
    assert f"{owed} nhiệm vụ" in html


@time_machine.travel(JAN_2027, tick=False)
def test_board_rows_are_paginated(client: Any, confirmed_seed: Any, users: dict[str, Any],
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(views, "PAGE_SIZE", 1)
    client.force_login(users["supervisor"])
    response = client.get(reverse("directives:board"))
    assert response.status_code == 200
    assert len(response.context["matrix"]) == 1
    assert response.context["page"].paginator.count == 1  # one directive: one page, no links
    assert 'class="pagination"' not in response.content.decode()


@time_machine.travel(JAN_2027, tick=False)
def test_board_workbook_holds_real_dates(client: Any, confirmed_seed: Any, registry: dict[str, Any],
                                         users: dict[str, Any]) -> None:
    quarterly = Obligation.objects.get(organisation=registry["procuracy"], task__recurrence="quarterly",
                                       due=dt.date(2026, 12, 10))  # the fourth quarter of 2026
    Obligation.objects.filter(pk=quarterly.pk).update(
        done_on=dt.date(2026, 12, 12), percent=100,
        done_at=dt.datetime(2026, 12, 12, 9, tzinfo=dt.UTC))
    client.force_login(users["supervisor"])
    response = client.get(reverse("directives:board_xlsx"), {"body": registry["procuracy"].pk})
    tasks = load_workbook(io.BytesIO(response.content)).worksheets[1]
    header = [c.value for c in tasks[1]]
    due_col, done_col = header.index("Hạn") + 1, header.index("Ngày hoàn thành") + 1
    rows = list(tasks.iter_rows(min_row=2))
    assert rows
    for row in rows:
        due = row[due_col - 1]
        if row[-1].value == "Nhiệm vụ thường xuyên (không có thời hạn)":
            assert due.value is None  # a standing duty has no due date
            continue
        assert isinstance(due.value, (dt.date, dt.datetime)), due.value
        assert due.number_format == "DD/MM/YYYY"
    by_period = {r[4].value: r for r in rows}
    done = by_period[label_vi(quarterly.period_label)][done_col - 1]
    assert isinstance(done.value, (dt.date, dt.datetime))
    assert done.value.date() == dt.date(2026, 12, 12) and done.number_format == "DD/MM/YYYY"
    assert by_period[label_vi(quarterly.period_label)][due_col - 1].value.date() == dt.date(2026, 12, 10)
    later = Obligation.objects.filter(organisation=registry["procuracy"], task__recurrence="quarterly",
                                      due__gt=quarterly.due).order_by("due").first()
    assert later is not None
    assert by_period[label_vi(later.period_label)][done_col - 1].value is None  # not done: an empty cell


@time_machine.travel(JAN_2027, tick=False)
def test_the_annual_reports_task_numbers_open_lists_of_as_many_tasks(
        client: Any, confirmed_seed: Any, users: dict[str, Any]) -> None:
    """The annual report counts the tasks due in its year; its numbers used to open every
    task of the body with that status, whatever its year (a 0 opened a list of 4). They now
    open, on the report's page, the tasks behind them: as many, all due in the year."""
    client.force_login(users["supervisor"])
    html = client.get("/reports/annual/", {"year": "2026"}).content.decode()
    links = re.findall(r'<a href="\?([^"]*task_status=\w+)#tasks">(\d+)</a>', html)
    assert links
    for query, shown in links:
        assert "year=2026" in query
        listed = client.get("/reports/annual/?" + query.replace("&amp;", "&")).content.decode()
        table = listed.split('id="tasks"')[1].split("</table>")[0]
        assert len(re.findall(r"<tr><td>", table)) == int(shown), query
        assert all(due.endswith("/2026") for due in re.findall(r"<td>(\d\d/\d\d/\d{4})</td>", table))
    # The seed's recurring tasks run past 2026: the year is what keeps them out.
    assert Obligation.objects.filter(due__year=2026).count() < Obligation.objects.exclude(due=None).count()
    every_year = client.get(reverse("directives:obligations"))
    in_2026 = client.get(reverse("directives:obligations"), {"year": "2026"})
    assert in_2026.context["page"].paginator.count == Obligation.objects.filter(due__year=2026).count()
    assert in_2026.context["page"].paginator.count < every_year.context["page"].paginator.count


@time_machine.travel(JAN_2027, tick=False)
def test_the_boards_totals_open_lists_of_as_many_tasks(
        client: Any, confirmed_seed: Any, registry: dict[str, Any], users: dict[str, Any]) -> None:
    client.force_login(users["supervisor"])
    procuracy = registry["procuracy"].pk
    html = client.get(reverse("directives:board"), {"body": procuracy, "status": "overdue"}).content.decode()
    html += client.get(reverse("directives:board")).content.decode()
    totals = re.findall(r'<a class="badge \w+" href="(/directives/tasks/\?[^"]*)">[^<:]+: (\d+)</a>', html)
    assert len(totals) >= 2
    for link, shown in totals:
        listed = client.get(link.replace("&amp;", "&"))
        assert listed.context["page"].paginator.count == int(shown), link


@time_machine.travel(JAN_2027, tick=False)
def test_the_task_list_sorts_by_its_headings(client: Any, confirmed_seed: Any, users: dict[str, Any]) -> None:
    client.force_login(users["supervisor"])
    url = reverse("directives:obligations")
    dated = Obligation.objects.exclude(due=None)
    latest = dated.order_by("-due", "-id").first()
    assert latest is not None
    first = client.get(url, {"sort": "-due"}).context["rows"][0]["ob"]
    assert first.due == latest.due
    by_body = [r["ob"].organisation.name for r in client.get(url, {"sort": "body"}).context["rows"]]
    assert by_body == sorted(by_body)
    html = client.get(url, {"sort": "due", "status": "on_time"}).content.decode()
    assert 'href="?status=on_time&amp;sort=-due" class="sort">Hạn ▲</a>' in html
    assert "sort=due" in html.split('class="pagination"')[-1] or 'class="pagination"' not in html


@time_machine.travel(dt.datetime(2027, 7, 1, 9, tzinfo=dt.UTC), tick=False)
def test_the_task_list_sorts_by_status_worst_first(client: Any, confirmed_seed: Any, users: dict[str, Any]) -> None:
    client.force_login(users["supervisor"])
    dated = Obligation.objects.exclude(due=None).order_by("due", "id")
    done, late = dated[0], dated[1]  # due 10/12/2026 and 11/01/2027: one done on time, one late
    Obligation.objects.filter(pk=done.pk).update(done_on=done.due, percent=100)
    Obligation.objects.filter(pk=late.pk).update(done_on=dt.date(2027, 2, 1), percent=100)
    url = reverse("directives:obligations")
    response = client.get(url, {"sort": "status"})
    listed = list(response.context["page"].paginator.object_list.values_list("status", flat=True))
    # Worst first: overdue, then still open (on time or standing), then done (on time or late).
    rank = {st.OVERDUE: 0, st.ON_TIME: 1, st.STANDING: 1, st.DONE_ON_TIME: 2, st.DONE_LATE: 2}
    ranks = [rank[s] for s in listed]
    assert ranks == sorted(ranks)
    assert {0, 1, 2} <= set(ranks)
    # Among the open ones the dated tasks first (soonest due), the standing duties after.
    still_open = [due for s, due in response.context["page"].paginator.object_list.values_list("status", "due")
                  if rank[s] == 1]
    dated = [due for due in still_open if due is not None]
    assert dated and still_open == [*sorted(dated), *[None] * (len(still_open) - len(dated))]
    # Within the overdue ones the longest overdue first (due 10/03/2027 before 10/06/2027).
    assert response.context["rows"][0]["ob"].due == dt.date(2027, 3, 10)
    assert response.context["rows"][0]["ob"].status == st.OVERDUE
    assert 'href="?sort=-status" class="sort">Trạng thái ▲</a>' in response.content.decode()
    reverse_ranks = [rank[s] for s in client.get(url, {"sort": "-status"}).context[
        "page"].paginator.object_list.values_list("status", flat=True)]
    assert reverse_ranks == sorted(reverse_ranks, reverse=True)
