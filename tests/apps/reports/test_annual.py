"""The Internal Affairs Committee's annual report (issue #11 part 3): figures hand-computed
on the small province of `conftest.province`, the DOCX's text pinned by a golden file,
the same digest when regenerated as of the same instant, the page, the command line.

To regenerate the golden file after a deliberate change of the report, run the test with
UPDATE_GOLDEN=1 and review the diff."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import unicodedata
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from docx import Document

from congminh.apps.reports import annual, annual_docx, services
from congminh.apps.reports.models import ReportRun
from congminh.core import statuses

# Everything of `conftest.province` is recorded by then; the report is generated as of it.
ANNUAL_AS_OF = dt.datetime(2027, 1, 10, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))
GOLDEN = Path(__file__).parent / "golden" / "annual-2026.txt"
SAME = "Lập lại ngay bây giờ: cùng dữ liệu đầu vào và cùng số liệu."
_DIGEST = re.compile(r"\b[0-9a-f]{64}\b")


def docx_text(data: bytes) -> str:
    """Paragraphs and table cells in document order, one per line, whitespace collapsed,
    NFC, the digest (which depends on database ids) replaced by «<digest>»."""
    doc = Document(io.BytesIO(data))
    body = doc.element.body
    lines: list[str] = []
    ns = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    def add(text: str) -> None:
        text = " ".join(unicodedata.normalize("NFC", text).split())
        if text:
            lines.append(_DIGEST.sub("<digest>", text))

    for child in body.iterchildren():
        if child.tag == f"{ns}p":
            add(Paragraph(child, doc._body).text)
        elif child.tag == f"{ns}tbl":
            for row in Table(child, doc._body).rows:
                add(" | ".join(" / ".join(p.text for p in cell.paragraphs if p.text.strip())
                               for cell in row.cells))
    return "\n".join(lines) + "\n"


def _report(user: Any) -> annual.AnnualReport:
    with time_machine.travel(ANNUAL_AS_OF, tick=False):
        return annual.annual_report(user=user, year=2026, instant=ANNUAL_AS_OF)


def test_directive_tasks_with_the_four_statuses(province: dict[str, Any], users: dict[str, Any]) -> None:
    tasks = _report(users["supervisor"]).tasks
    assert tasks.totals == {statuses.ON_TIME: 1, statuses.OVERDUE: 1, statuses.DONE_ON_TIME: 1,
                            statuses.DONE_LATE: 1}
    # Court A finished on 15/7 (15 days after 30/6); the police not at all (30/6 -> 31/12: 184).
    assert [(t.body, t.status, t.days_late) for t in tasks.late] == [
        ("Cơ quan Cảnh sát điều tra Công an tỉnh Gia Lai", statuses.OVERDUE, 184),
        ("Tòa án nhân dân khu vực 1 - Gia Lai", statuses.DONE_LATE, 15)]


def test_a_task_done_after_the_instant_is_not_done_then(province: dict[str, Any],
                                                         users: dict[str, Any]) -> None:
    before = dt.datetime(2026, 7, 1, 9, 0, tzinfo=ANNUAL_AS_OF.tzinfo)  # court A not done yet
    with time_machine.travel(ANNUAL_AS_OF, tick=False):
        report = annual.annual_report(user=users["supervisor"], year=2026, instant=before)
    assert report.day == dt.date(2026, 7, 1)
    assert report.tasks.totals == {statuses.ON_TIME: 1, statuses.OVERDUE: 2,
                                   statuses.DONE_ON_TIME: 1, statuses.DONE_LATE: 0}


def test_case_clocks_and_the_change_from_last_year(province: dict[str, Any], users: dict[str, Any]) -> None:
    report = _report(users["supervisor"])
    civil = next(line for line in report.by_procedure if line.label == "Dân sự")
    # End of 2025: only «01/2025» open, overdue since 02/10/2025, 212 days old (not prolonged).
    assert civil.previous == {"overdue": 1, "suspended": 0, "remaining": 1, "prolonged": 0}
    # End of 2026: «01/2025» (577 days: prolonged), «02/2026», «03/2026» (suspended) and
    # «04/2026» (sent back for a new trial) open.
    assert civil.current["remaining"] == 4 and civil.current["suspended"] == 1
    assert civil.current["prolonged"] == 1 and civil.change("remaining") == 3
    # The year's figures are the quarterly review's, computed once.
    assert report.current.review.period.code == "2026" and report.previous.review.period.code == "2025"


def test_quality_and_oversight_figures(province: dict[str, Any], users: dict[str, Any]) -> None:
    report = _report(users["supervisor"])
    q = report.quality
    assert q.returns == [("Viện kiểm sát nhân dân tỉnh Gia Lai", 1)]
    assert [(c.court, c.judgments, c.annulled_subjective) for c in q.courts] == [
        ("Tòa án nhân dân khu vực 1 - Gia Lai", 1, 1)]
    assert [(w.title, w.holder, w.open) for w in q.wrongful] == [
        ("Vụ án trộm cắp tài sản tại xã Bình An", "Viện kiểm sát nhân dân tỉnh Gia Lai", True)]
    [absence] = report.attendance
    assert (absence.held, absence.recorded, absence.absent, absence.absence_rate) == (2, 2, 1, 50.0)
    assert report.expertise is not None and report.expertise["total"] == 0


def test_the_docx_text_matches_the_golden_file(province: dict[str, Any], users: dict[str, Any]) -> None:
    report = _report(users["supervisor"])
    data = annual_docx.annual_docx(report)
    text = docx_text(data)
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.write_text(text, encoding="utf-8")
    assert text == GOLDEN.read_text(encoding="utf-8")
    doc = Document(io.BytesIO(data))
    assert len(doc.inline_shapes) == 2  # the two charts, as PNG
    assert all(s._inline.graphic.graphicData.pic.blipFill.blip.embed for s in doc.inline_shapes)


def test_regenerating_as_of_the_same_instant_gives_the_same_digest(
        province: dict[str, Any], users: dict[str, Any]) -> None:
    from congminh.apps.cases import services as case_services

    first = _report(users["supervisor"])
    run = services.annual_run_record(actor=users["supervisor"], report=first, fmt="docx")
    assert (run.kind, run.period_code, run.digest) == ("annual", "2026", first.digest)
    run.refresh_from_db()  # the figures as the database gives them back
    # Five days later, a late entry dated inside the year: «02/2026» closed on 20/12/2026.
    with time_machine.travel(ANNUAL_AS_OF + dt.timedelta(days=5), tick=False):
        case_services.case_event_append(actor=users["admin"], case=province["new"], type="closed",
                                        date=dt.date(2026, 12, 20))
        again, same_digest, same_figures = services.annual_run_regenerate(run=run, user=users["supervisor"])
        now = annual.annual_report(user=users["supervisor"], year=2026)
    assert (same_digest, same_figures) == (True, True)
    assert again.by_procedure[-1].current["remaining"] == 6
    assert now.digest != first.digest and now.by_procedure[-1].current["remaining"] == 5


def test_the_page_and_its_downloads(province: dict[str, Any], users: dict[str, Any]) -> None:
    client = Client()
    client.force_login(users["supervisor"])
    query = {"year": "2026", "as_of": "10/01/2027 10:00"}
    html = client.get("/reports/annual/", query).content.decode()
    assert "Năm 2026" in html and "/reports/annual/report.pdf?" in html
    # A number of the clocks' table opens the review of the same year and instant, whose
    # list holds as many cases: the 4 civil cases open at the end of 2026.
    [link] = re.findall(r'href="(/reports/quarterly/\?[^"]*row=remaining&amp;procedure=civil)#list">4</a>', html)
    listed = client.get(link.replace("&amp;", "&")).content.decode()
    numbers = ("01/2025/TLST-DS", "02/2026/TLST-DS", "03/2026/TLST-DS", "04/2026/TLST-DS")
    assert all(n in listed for n in numbers)
    docx = client.get("/reports/annual/report.docx", query)
    assert docx["Content-Disposition"] == 'attachment; filename="bao-cao-nam-2026.docx"'
    assert "BAN NỘI CHÍNH" in docx_text(docx.content)
    pdf = client.get("/reports/annual/report.pdf", query)
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    runs = ReportRun.objects.filter(kind="annual", requested_by=users["supervisor"])
    assert runs.count() == 2
    # Each stored run regenerates as of its instant, to the same digest and figures.
    detail = client.get(f"/reports/runs/{runs[0].pk}/").content.decode()
    assert runs[0].digest in detail and SAME in detail


def test_who_may_open_the_page(province: dict[str, Any], django_user_model: Any) -> None:
    assert Client().get("/reports/annual/").status_code == 302
    nobody = django_user_model.objects.create_user(username="nobody", password="x-Y-z-123456",
                                                   role="viewer")
    client = Client()
    client.force_login(nobody)
    assert client.get("/reports/annual/").status_code == 403


@pytest.mark.parametrize("suffix", ["docx", "pdf"])
def test_command_line(province: dict[str, Any], tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"bao-cao.{suffix}"
    stdout = io.StringIO()
    with time_machine.travel(ANNUAL_AS_OF, tick=False):
        call_command("report", "annual", "--year", "2026", "--as-of", ANNUAL_AS_OF.isoformat(),
                     "-o", str(out), stdout=stdout)
    [run] = ReportRun.objects.filter(kind="annual")
    assert stdout.getvalue().strip().endswith(run.digest)
    assert run.params["format"] == suffix and run.requested_by is None
    data = out.read_bytes()
    if suffix == "docx":
        assert "ĐẢNG CỘNG SẢN VIỆT NAM" in docx_text(data)
    else:
        assert data.startswith(b"%PDF")


def test_doctests() -> None:
    import doctest

    result = doctest.testmod(annual_docx)
    assert result.failed == 0 and result.attempted == 3  # party_date moved to party_docx


def test_long_lists_are_cut_and_counted(province: dict[str, Any], users: dict[str, Any],
                                        monkeypatch: Any) -> None:
    monkeypatch.setattr(annual_docx, "MAX_ROWS", 1)
    text = docx_text(annual_docx.annual_docx(_report(users["supervisor"])))
    assert "1 | Cơ quan Cảnh sát điều tra Công an tỉnh Gia Lai | 1. Rà soát" in text
    assert "2 | Tòa án nhân dân khu vực 1 - Gia Lai | 1. Rà soát" not in text
    assert "(còn 1 trường hợp khác; danh sách đầy đủ trên hệ thống Công Minh)" in text


def test_the_page_links_as_of_its_instant(province: dict[str, Any], users: dict[str, Any],
                                          orgs: dict[str, Any]) -> None:
    """As of an earlier instant, a number opens its list as of that instant where the report
    has one (the clocks: the review; the late tasks and the wrongful-conviction cases: on
    the page; the evidence requests, complaints and recommendations: their lists as of the
    report's day), and every other link to another app's list says that list shows today's
    state."""
    client = Client()
    today_note = "(danh sách hiện nay)"
    # Court A finished task 1 on 15/7/2026: as of 01/7/2026 it was overdue, as the police's.
    before = {"year": "2026", "as_of": "01/07/2026 09:00"}
    with time_machine.travel(ANNUAL_AS_OF, tick=False):
        client.force_login(users["supervisor"])
        html = client.get("/reports/annual/", before).content.decode()
        assert today_note in html
        # The evidence, complaint and recommendation lists open as they stood on that day.
        for url in ("/evidence/", "/complaints/", "/supervision/recommendations/"):
            line = re.search(rf'<li>[^\n]*href="{url}\?as_of=01/07/2026"[^\n]*</li>', html)
            assert line is not None and today_note not in line.group(0), url
            assert f'href="{url}?{"status=overdue" if "recommend" in url else "overdue=1"}&amp;as_of=01/07/2026"' in line.group(0)
        overdue = re.findall(r'href="\?([^"]*task_body=(\d+)&amp;task_status=overdue)#tasks">(\d+)</a>', html)
        assert {(int(body), int(n)) for _q, body, n in overdue} >= {
            (orgs["court_a"].pk, 1), (orgs["police"].pk, 1)}
        query = next(q for q, body, _n in overdue if int(body) == orgs["court_a"].pk)
        listed = client.get("/reports/annual/?" + query.replace("&amp;", "&")).content.decode()
        late_rows = re.findall(r"<tr><td>([^<]+)</td><td>1\. ", listed)
        assert late_rows == ["Tòa án nhân dân khu vực 1 - Gia Lai"]  # only court A's, as of 01/7
        assert "Xem tất cả nhiệm vụ chậm" in listed
        # The wrongful-conviction number opens the cases listed on the page, as of the instant.
        assert re.search(r'href="#wrongful">1</a>', html)
        assert 'id="wrongful"' in html and "Vụ án trộm cắp tài sản tại xã Bình An" in html
        # As of now, nothing to warn about: every list shows what the report counts.
        assert today_note not in client.get("/reports/annual/", {"year": "2026"}).content.decode()


def test_every_quality_number_opens_its_list(province: dict[str, Any], users: dict[str, Any]) -> None:
    """Section III: each case with signs of wrongful conviction (oan, sai) opens its case's
    page, and every number opens a list of as many: the judgments of the year too."""
    from congminh.apps.cases.models import Case

    client = Client()
    with time_machine.travel(ANNUAL_AS_OF, tick=False):
        client.force_login(users["supervisor"])
        html = client.get("/reports/annual/", {"year": "2026"}).content.decode()
        section = html.split("<h2>III.")[1].split("<h2>IV.")[0]
        flagged = Case.objects.get(title="Vụ án trộm cắp tài sản tại xã Bình An")
        rows = re.findall(r'<tr><td><a href="/cases/(\d+)/">([^<]+)</a></td>', section)
        assert rows == [(str(flagged.pk), "Vụ án trộm cắp tài sản tại xã Bình An")]
        assert client.get(f"/cases/{flagged.pk}/").status_code == 200
        # No number stands outside a link (the section's headings are numbered in words).
        assert not re.findall(r"\d+", re.sub(r"<a [^>]*>[^<]*</a>|<[^>]+>|\bIII\.", "", section))
        judgments = re.search(r'href="(/quality/judgments/\?[^"]*)">(\d+)</a>', section)
        assert judgments is not None and judgments.group(2) == "1"
        listed = client.get(judgments.group(1).replace("&amp;", "&"))
        assert listed.context["page"].paginator.count == 1


def test_the_summonses_and_absences_open_lists_of_as_many(province: dict[str, Any],
                                                          users: dict[str, Any]) -> None:
    """The report counts the sessions held in its year (2 in 2026, one absent); its numbers
    open the summons list of that year, not every year's (a session of January 2027 here)."""
    from congminh.apps.attendance import services as attendance

    client = Client()
    with time_machine.travel(ANNUAL_AS_OF, tick=False):
        attendance.summons_create(actor=users["admin"], case=province["suit"], kind="hearing",
                                  date=dt.date(2027, 1, 8), committee=province["committee"])
        client.force_login(users["supervisor"])
        html = client.get("/reports/annual/", {"year": "2026"}).content.decode()
        links = re.findall(r'href="(/attendance/\?[^"]*)">(\d+)</a>', html)
        assert [n for _link, n in links] == ["2", "1"]
        for link, shown in links:
            listed = client.get(link.replace("&amp;", "&"))
            assert listed.context["page"].paginator.count == int(shown), link
