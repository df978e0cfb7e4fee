"""The national screens (issue 14, item 4) over a tiny results directory written by hand
in the schema `national evaluate` writes (`RESULT_SCHEMAS`): every figure counted by hand,
every number a link to its list, the lists' days overdue, the national bodies' scopes,
and a province's user refused."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from django.test import Client
from django.urls import reverse


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _cells(html: str, label: str) -> list[str]:
    """The numbers of the table line headed `label` (a link or plain text)."""
    line = re.search(r"<tr><th scope=\"row\">(?:<a [^>]*>)?" + re.escape(label) + r".*?</tr>", html, re.S)
    assert line, label
    return re.findall(r'<td class="n"><a href="[^"]*">([\d.,]+)</a></td>', line.group(0))


def _links(html: str, label: str) -> list[str]:
    line = re.search(r"<tr><th scope=\"row\">(?:<a [^>]*>)?" + re.escape(label) + r".*?</tr>", html, re.S)
    assert line
    return [h.replace("&amp;", "&") for h in re.findall(r'<td class="n"><a href="([^"]*)">', line.group(0))]


def test_the_dashboard_counts_each_province_and_links_every_number(results_dir: Path,
                                                                     national: dict[str, Any]) -> None:
    response = _client(national["bnctw"]).get(reverse("national:dashboard"))
    assert response.status_code == 200
    html = response.content.decode()
    # columns: all, being resolved, then the statuses present (overdue, due soon,
    # suspended, on time, closed), prolonged (open ones)
    headers = re.findall(r'<th class="n">([^<]+)</th>', html)
    assert headers == ["Tổng số vụ việc", "Đang giải quyết (tồn đọng)", "Quá hạn", "Sắp hết hạn",
                       "Tạm đình chỉ", "Trong hạn", "Kết thúc", "Kéo dài"]
    assert _cells(html, "Thành phố Hà Nội") == ["5", "4", "2", "0", "1", "1", "1", "2"]
    assert _cells(html, "Cao Bằng") == ["2", "2", "1", "1", "0", "0", "0", "1"]
    assert _cells(html, "Tổng cộng") == ["7", "6", "3", "1", "1", "1", "1", "3"]
    cases_url = reverse("national:cases")
    assert _links(html, "Thành phố Hà Nội")[2] == f"{cases_url}?province=01&measure=overdue"
    assert _links(html, "Tổng cộng")[-1] == f"{cases_url}?measure=prolonged"
    assert f'href="{reverse("national:province", args=["01"])}"' in html
    assert "30/11/2026" in html
    assert "vẫn do hệ thống của từng tỉnh quản lý" in html


def test_a_province_shows_its_bodies_and_procedures(results_dir: Path, national: dict[str, Any]) -> None:
    html = _client(national["bnctw"]).get(reverse("national:province", args=["01"])).content.decode()
    assert _cells(html, "TA-01") == ["2", "2", "1", "0", "1", "0", "0", "0"]
    assert _cells(html, "VKS-01") == ["1", "1", "1", "0", "0", "0", "0", "1"]
    assert _links(html, "TA-01")[0] == f"{reverse('national:cases')}?province=01&holder=TA-01&measure=all"
    assert "Tòa án" in html  # the body's kind
    assert _cells(html, "Hình sự") == ["2", "2", "1", "0", "0", "1", "0", "2"]


def test_the_list_behind_a_number_holds_those_cases_with_their_days_overdue(
        results_dir: Path, national: dict[str, Any]) -> None:
    client = _client(national["bnctw"])
    response = client.get(reverse("national:cases"), {"measure": "overdue"})
    rows = response.context["rows"]
    # sorted by days overdue, most first: 04-2 (30 days), 01-2 (29), 01-1 (10)
    assert [(r["province"], r["case_id"], r["days_over"]) for r in rows] == [
        ("04", 2, 30), ("01", 2, 29), ("01", 1, 10)]
    html = response.content.decode()
    assert "01/11/2026" in html and "Cao Bằng" in html
    assert "/cases/" not in html.split("<table class=\"cases\">")[1].split("</table>")[0]  # no province case link
    body = client.get(reverse("national:cases"), {"province": "01", "holder": "TA-01", "sort": "case"})
    assert [r["case_id"] for r in body.context["rows"]] == [2, 3]
    assert body.context["rows"][1]["due"] is None


def test_the_quarterly_review_across_provinces(results_dir: Path, national: dict[str, Any]) -> None:
    client = _client(national["bnctw"])
    response = client.get(reverse("national:review"))
    assert response.context["period"].label_vi == "Quý IV/2026"
    html = response.content.decode()
    # being resolved, overdue, suspended, prolonged
    assert _cells(html, "Thành phố Hà Nội") == ["4", "2", "1", "2"]
    assert _cells(html, "Cao Bằng") == ["2", "1", "0", "1"]
    earlier = client.get(reverse("national:review"), {"period": "2026-Q3"}).content.decode()
    assert "--as-of 2026-08-31" in earlier and 'class="n"' not in earlier


def test_a_national_court_reads_only_the_courts_cases(results_dir: Path, national: dict[str, Any]) -> None:
    client = _client(national["tandtc"])
    html = client.get(reverse("national:dashboard")).content.decode()
    assert _cells(html, "Thành phố Hà Nội")[:3] == ["2", "2", "1"]
    listed = client.get(reverse("national:cases"), {"province": "01"}).context["rows"]
    assert {r["holder"] for r in listed} == {"TA-01"}


def test_a_province_user_is_refused_in_vietnamese(results_dir: Path, users: dict[str, Any]) -> None:
    for name in ("officer_a", "supervisor", "admin"):
        response = _client(users[name]).get(reverse("national:dashboard"))
        assert response.status_code == 403
        assert "Chỉ các cơ quan ở Trung ương" in response.content.decode()


def test_without_results_the_page_says_how_to_make_them(national: dict[str, Any], settings: Any,
                                                        tmp_path: Path) -> None:
    settings.NATIONAL_RESULTS = tmp_path
    response = _client(national["bnctw"]).get(reverse("national:dashboard"))
    assert response.status_code == 503
    assert "congminh national evaluate" in response.content.decode()


def _export_rows(table: str, rows: list[dict[str, Any]]) -> pa.Table:
    from congminh.core.exchange.tables import SCHEMAS

    return pa.Table.from_pylist(rows, schema=SCHEMAS[table])


def _case_record(case_id: int, stage: str, numbers: list[tuple[str, str]], updated: int) -> dict[str, Any]:
    when = dt.datetime(2026, 11, updated, tzinfo=dt.UTC)
    return {"case_id": case_id, "procedure": "civil", "category": None, "case_kind": "civil_family",
            "national_security": False, "holder": "TA-01", "stage": stage, "opened_on": None,
            "last_event_on": None, "closed_on": None, "public_concern": False,
            "wrongful_conviction_signs": False, "status": None, "status_reason": None,
            "next_due": None, "status_as_of": None, "flags": [], "parties": 0,
            "numbers": [{"organisation": o, "number": n} for o, n in numbers],
            "created_at": when, "updated_at": when}


def test_the_exports_name_the_bodies_and_give_the_numbers_and_stages(
        results_dir: Path, national: dict[str, Any], tmp_path_factory: pytest.TempPathFactory,
        settings: Any) -> None:
    """With `CONGMINH_NATIONAL_DATA`, what the results lack comes from the exports: a
    body's name, a listed case's numbers and stage (its latest record)."""
    data = tmp_path_factory.mktemp("exports")
    cases = data / "cases" / "province=01" / "year=2026" / "part-0.parquet"
    cases.parent.mkdir(parents=True)
    pq.write_table(_export_rows("cases", [
        _case_record(2, "trial_preparation", [("TA-01", "15/2026/TLST-DS")], 1),
        _case_record(2, "trial", [("TA-01", "15/2026/TLST-DS"), ("VKS-01", "7/VKS")], 20),
        _case_record(3, "trial", [("TA-01", "16/2026/TLST-DS")], 2)]), cases)
    bodies = data / "organisations" / "province=01" / "part-0.parquet"
    bodies.parent.mkdir(parents=True)
    pq.write_table(_export_rows("organisations", [{
        "code": "TA-01", "name": "Tòa án nhân dân Thành phố Hà Nội", "short_name": None,
        "kind": "court", "level": "province", "parent": None, "province_code": "01",
        "admin_unit_code": None, "valid_from": None, "valid_to": None, "predecessors": []}]), bodies)
    settings.NATIONAL_DATA = [data]
    client = _client(national["bnctw"])
    html = client.get(reverse("national:province", args=["01"])).content.decode()
    assert _cells(html, "TA-01 · Tòa án nhân dân Thành phố Hà Nội")[0] == "2"
    response = client.get(reverse("national:cases"), {"province": "01", "holder": "TA-01", "sort": "case"})
    rows = response.context["rows"]
    assert rows[0]["record"].numbers == ("15/2026/TLST-DS (TA-01)", "7/VKS (VKS-01)")
    assert rows[0]["record"].stage == "trial" and rows[1]["record"].stage == "trial"
    assert "15/2026/TLST-DS (TA-01); 7/VKS (VKS-01)" in response.content.decode()


def test_new_results_in_the_directory_show(results_dir: Path, national: dict[str, Any],
                                          monkeypatch: pytest.MonkeyPatch,
                                          add_overdue_case: Callable[[], None]) -> None:
    """The counts are kept per version of the directory: a new evaluation replacing a
    partition shows at the next request once the listing is read again."""
    from congminh.apps.national import results

    client = _client(national["bnctw"])
    assert _cells(client.get(reverse("national:dashboard")).content.decode(), "Cao Bằng")[0] == "2"
    add_overdue_case()
    monkeypatch.setattr(results, "VERSION_SECONDS", 0.0)
    assert _cells(client.get(reverse("national:dashboard")).content.decode(), "Cao Bằng")[:3] == ["3", "3", "2"]


def test_a_national_body_lands_on_the_nations_dashboard_and_finds_it_in_the_menu(
        results_dir: Path, national: dict[str, Any], users: dict[str, Any]) -> None:
    client = _client(national["bnctw"])
    response = client.get(reverse("web:dashboard"))
    assert response.status_code == 302
    assert response["Location"] == reverse("national:dashboard")
    # From any of the province app's pages the main menu leads back to the nation's.
    page = client.get(reverse("web:case_list")).content.decode()
    assert '<a href="/national/">Toàn quốc</a>' in page
    # A province's user keeps the province's dashboard and has no national entry.
    province = _client(users["officer_a"]).get(reverse("web:dashboard"))
    assert province.status_code == 200
    assert 'href="/national/"' not in province.content.decode()
