"""The monitoring board: counts per directive x body, drill-down, XLSX export."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from congminh.apps.directives.models import Obligation
from congminh.apps.directives.selectors import ObligationFilters, board_build

D = dt.date
JAN_2027 = dt.datetime(2027, 1, 5, 9, tzinfo=dt.UTC)


def _mark_done(ob: Obligation, on: dt.date) -> None:
    Obligation.objects.filter(pk=ob.pk).update(done_on=on, done_at=dt.datetime.combine(
        on, dt.time(9), tzinfo=dt.UTC), percent=100)


def _setup(registry: dict[str, Any]) -> None:
    procuracy = Obligation.objects.filter(organisation=registry["procuracy"],
                                          task__recurrence="quarterly")
    _mark_done(procuracy.get(period_label="Q4/2026"), D(2026, 12, 12))  # due 10/12: late
    _mark_done(Obligation.objects.get(task__ref="3"), D(2026, 12, 1))  # a standing duty, done


def test_board_counts(confirmed_seed: Any, registry: dict[str, Any], users: dict[str, Any]) -> None:
    _setup(registry)
    board = board_build(user=users["supervisor"], today=D(2027, 1, 5))
    d = confirmed_seed.pk
    # The Procuracy's one-off task gives no date: a standing duty, never overdue.
    assert board.cell(d, registry["procuracy"].pk) == {"done_late": 1, "on_time": 4, "standing": 1}
    assert board.cell(d, registry["peoples_committee"].pk) == {"done_on_time": 1}
    assert board.cell(d, registry["internal_affairs"].pk) == {"on_time": 2}
    assert board.cell(d, registry["justice_dept"].pk) == {"standing": 2}  # points 4 and 6
    assert sum(board.totals.values()) == Obligation.objects.count()
    only_late = board_build(user=users["supervisor"], today=D(2027, 1, 5),
                            filters=ObligationFilters(status="done_late"))
    assert only_late.totals == {"done_late": 1}
    assert [b.pk for b in only_late.bodies] == [registry["procuracy"].pk]


@time_machine.travel(JAN_2027, tick=False)
def test_board_page_and_drill_down(client: Any, confirmed_seed: Any, registry: dict[str, Any],
                                   users: dict[str, Any]) -> None:
    _setup(registry)
    client.force_login(users["supervisor"])
    page = client.get(reverse("directives:board")).content.decode()
    drill = (f"{reverse('directives:obligations')}?directive={confirmed_seed.pk}"
             f"&amp;body={registry['procuracy'].pk}&amp;status=standing")
    assert drill in page
    listing = client.get(drill.replace("&amp;", "&")).content.decode()
    assert listing.count('class="badge standing"') == 1
    assert "Quý I/2027" not in listing and "Quý IV/2026" not in listing  # only the standing one
    # An officer's board shows only their own body's tasks.
    client.force_login(users["prosecutor"])
    own = board_build(user=users["prosecutor"], today=D(2027, 1, 5))
    assert [b.pk for b in own.bodies] == [registry["procuracy"].pk]


@time_machine.travel(JAN_2027, tick=False)
def test_xlsx_export_of_filtered_view(client: Any, confirmed_seed: Any, registry: dict[str, Any],
                                      users: dict[str, Any]) -> None:
    _setup(registry)
    client.force_login(users["supervisor"])
    response = client.get(reverse("directives:board_xlsx"),
                          {"body": registry["procuracy"].pk})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    matrix, tasks = book.worksheets
    rows = list(matrix.iter_rows(values_only=True))
    assert len(rows) == 2
    assert rows[1][1] == registry["procuracy"].name
    assert rows[1][2:] == (4, 0, 0, 1, 1, 6)  # on time, overdue, done on time, done late, standing, total
    task_rows = list(tasks.iter_rows(values_only=True))[1:]
    # Real dates (dd/mm/yyyy is the cells' number format): test_task_list_pages.py; the
    # standing duty (the first task of the document) has none.
    assert [(r[4], r[5], r[8]) for r in task_rows[:2]] == [
        (None, None, "Nhiệm vụ thường xuyên (không có thời hạn)"),
        ("Quý IV/2026", dt.datetime(2026, 12, 10), "Hoàn thành quá hạn")]
    assert len(task_rows) == 6
