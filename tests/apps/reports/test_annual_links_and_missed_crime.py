"""The annual report (issue #11 part 3) on `conftest.province`:

- Section I: every number of the tasks' table opens, on the page, the tasks behind it with
  their statuses as of the report's instant, as many as the number (no link to today's
  task list stands for a number);
- Section III counts the cases with signs of a crime let slip (bỏ lọt tội phạm) beside those
  with signs of wrongful conviction, as flagged at the report's instant, in the page (the
  number opens the list of as many) and in the DOCX (the number and the table)."""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

import time_machine
from django.test import Client
from docx import Document

from congminh.apps.cases import services as case_services
from congminh.apps.reports import annual, annual_docx

HCM = dt.timezone(dt.timedelta(hours=7))
AS_OF = dt.datetime(2027, 1, 10, 10, 0, tzinfo=HCM)
MISSED = "Vụ án trộm cắp tài sản tại xã Bình An"


def _section(html: str, start: str, end: str) -> str:
    return html.split(f"<h2>{start}")[1].split(f"<h2>{end}")[0]


def _listed_tasks(html: str) -> int:
    listed = html.split('id="tasks"')[1].split("</table>")[0]
    return len(re.findall(r"<tr><td>", listed))


def test_every_task_number_opens_its_tasks_as_of_the_instant(province: dict[str, Any],
                                                            users: dict[str, Any]) -> None:
    client = Client()
    # As of 01/7/2026: the Procuracy done on time (20/6), court A and the police overdue
    # (court A finished on 15/7, after the instant), court B's task not yet due (on time).
    with time_machine.travel(AS_OF, tick=False):
        client.force_login(users["supervisor"])
        html = client.get("/reports/annual/", {"year": "2026", "as_of": "01/07/2026 09:00"}).content.decode()
        section = _section(html, "I.", "II.")
        links = re.findall(r'<td class="n"><a href="\?([^"]*task_status=(\w+))#tasks">(\d+)</a></td>', section)
        # 4 bodies and the total, each with the four statuses
        assert len(links) == 5 * 4
        assert "/directives/obligations/?" not in "".join(re.findall(r'<td class="n">.*?</td>', section))
        totals = {status: int(n) for query, status, n in links if "task_body" not in query}
        assert totals == {"on_time": 1, "overdue": 2, "done_on_time": 1, "done_late": 0}
        for query, status, n in links:
            listed = client.get("/reports/annual/?" + query.replace("&amp;", "&")).content.decode()
            assert _listed_tasks(listed) == int(n), (query, status)
        overdue = next(q for q, s, _n in links if s == "overdue" and "task_body" not in q)
        listed = client.get("/reports/annual/?" + overdue.replace("&amp;", "&")).content.decode()
        rows = re.findall(r"<tr><td>([^<]+)</td><td>1\. [^<]*</td><td>[^<]*</td><td>30/06/2026</td><td>—</td>"
                          r'<td class="n">(\d+)</td></tr>', listed)
        # court A's task, done on 15/7, was not done on 01/7: overdue by a day, as the police's
        assert sorted(rows) == [("Cơ quan Cảnh sát điều tra Công an tỉnh Gia Lai", "1"),
                                ("Tòa án nhân dân khu vực 1 - Gia Lai", "1")]


def _docx_lines(data: bytes) -> list[str]:
    doc = Document(io.BytesIO(data))
    lines = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        lines += [" | ".join(c.text for c in row.cells) for row in table.rows]
    return lines


def test_cases_with_signs_of_a_crime_let_slip(province: dict[str, Any], users: dict[str, Any],
                                              make_case: Any) -> None:
    supervisor = users["supervisor"]
    with time_machine.travel(dt.datetime(2026, 8, 1, 9, 0, tzinfo=HCM), tick=False):
        case_services.case_flags_set(actor=supervisor, case=province["criminal"],
                                     reason="Đơn tố giác còn đồng phạm chưa bị xử lý",
                                     missed_crime_signs=True)
    with time_machine.travel(dt.datetime(2027, 1, 20, 9, 0, tzinfo=HCM), tick=False):
        later = make_case(holder="procuracy", procedure="criminal", category="serious",
                          number="09/2026/HS", title="Vụ án đánh bạc tại xã Bình An",
                          events=[("case_instituted", dt.date(2026, 11, 5), {})])
        case_services.case_flags_set(actor=supervisor, case=later, reason="Báo chí phản ánh",
                                     missed_crime_signs=True)
        case_services.case_flags_set(actor=supervisor, case=province["criminal"],
                                     reason="Đã khởi tố đồng phạm", missed_crime_signs=False)
    now = dt.datetime(2027, 1, 25, 9, 0, tzinfo=HCM)
    with time_machine.travel(now, tick=False):
        # As of 10/1/2027: the criminal case was flagged (cleared on 20/1), the other not yet.
        report = annual.annual_report(user=supervisor, year=2026, instant=AS_OF)
        assert [(w.title, w.open) for w in report.quality.missed] == [(MISSED, True)]
        assert report.figures["quality"]["missed"] == [[MISSED, "Viện kiểm sát nhân dân tỉnh Gia Lai", True]]
        lines = _docx_lines(annual_docx.annual_docx(report))
        assert "4. Vụ án có dấu hiệu bỏ lọt tội phạm: 1 vụ (1 vụ chưa kết thúc)." in lines
        assert f"1 | {MISSED} | Viện kiểm sát nhân dân tỉnh Gia Lai | Đang giải quyết" in lines
        # As of now: the other case only.
        current = annual.annual_report(user=supervisor, year=2026, instant=now)
        assert [w.title for w in current.quality.missed] == ["Vụ án đánh bạc tại xã Bình An"]
        assert ("4. Vụ án có dấu hiệu bỏ lọt tội phạm: 1 vụ (1 vụ chưa kết thúc)."
                in _docx_lines(annual_docx.annual_docx(current)))

        client = Client()
        client.force_login(supervisor)
        html = client.get("/reports/annual/", {"year": "2026", "as_of": "10/01/2027 10:00"}).content.decode()
        section = _section(html, "III.", "IV.")
        assert re.search(r'Vụ án có dấu hiệu bỏ lọt tội phạm: <a href="#missed">1</a>', section)
        listed = section.split('id="missed"')[1].split("</table>")[0]
        rows = re.findall(r'<tr><td><a href="/cases/(\d+)/">([^<]+)</a></td>', listed)
        assert rows == [(str(province["criminal"].pk), MISSED)]
        # No number stands outside a link (the section's headings are numbered in words).
        assert not re.findall(r"\d+", re.sub(r"<a [^>]*>[^<]*</a>|<[^>]+>|\bIII\.", "", section))
