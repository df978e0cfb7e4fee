"""The register of supervision recommendations imported from a spreadsheet: every row
through `supervision.services` (scope, audit), idempotent by plan and number, a later file
adds the response; a rejected row named by row and column in Vietnamese, the good rows
kept, the error workbook; the upload page for the supervising bodies only."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from congminh.apps.audit.models import AuditEntry
from congminh.apps.supervision.models import Recommendation, SupervisionPlan
from congminh.apps.supervision.recommendation_import import (
    HEADINGS,
    recommendation_import,
    template_bytes,
)

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 6, 15)
NOW = dt.datetime(2026, 6, 15, 9, tzinfo=dt.UTC)
TOPIC = "Giám sát án hình sự có dấu hiệu oan, sai"


def book(*rows: Sequence[Any], headings: Sequence[str] = HEADINGS) -> bytes:
    """The register as a workbook: `headings`, then `rows`."""
    wb = Workbook(write_only=True)
    sheet = wb.create_sheet("Kiến nghị")
    for row in (headings, *rows):
        sheet.append(list(row))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def run(actor: Any, data: bytes) -> Any:
    with time_machine.travel(NOW, tick=False):
        return recommendation_import(actor=actor, data=data, file_name="so-kien-nghi.xlsx", today=TODAY)


# Plan (number or topic), number, addressee, content, issued, due, responded, response, status.
KN1 = [TOPIC, "KN-01", "TAND-KV1", "Tổ chức rút kinh nghiệm các bản án bị hủy", "01/06/2026", "",
       "", "", "Đang thực hiện, trong hạn"]
KN1_DONE = [*KN1[:6], "10/06/2026", "Đã tổ chức hội nghị rút kinh nghiệm ngày 10/6", "Hoàn thành đúng hạn"]
KN2 = [TOPIC, "KN-02", "Viện kiểm sát nhân dân tỉnh Gia Lai", "Kiểm sát chặt việc trả hồ sơ",
       dt.datetime(2026, 5, 1), "31/05/2026", "05/06/2026", "Đã ban hành hướng dẫn nghiệp vụ",
       "Hoàn thành quá hạn"]


def test_import_is_idempotent_and_a_later_file_adds_the_response(
        cast: dict[str, Any], plans: dict[str, Any], sup_orgs: dict[str, Any]) -> None:
    first = run(cast["hdnd"], book(KN1, KN2))
    assert (first.created, first.updated, first.unchanged, first.rejected, first.problems) == (2, 0, 0, {}, [])
    kn1 = Recommendation.objects.get(plan=plans["hd"], number="KN-01")
    # No deadline in the file: the default of supervision/defaults.yaml, «response_days: 30»
    # calendar days from the issue date (Luật MTTQ 2015 Đ.27; NQLT 403/2017): 01/06 + 30 = 01/07/2026.
    assert (kn1.addressee, kn1.issued_on, kn1.due, kn1.done_on) == (
        sup_orgs["court_a"], dt.date(2026, 6, 1), dt.date(2026, 7, 1), None)
    kn2 = Recommendation.objects.get(plan=plans["hd"], number="KN-02")
    # Answered and carried out on 05/06/2026, after the deadline of 31/05/2026: closed late.
    assert (kn2.addressee, kn2.due, kn2.done_on) == (sup_orgs["procuracy"], dt.date(2026, 5, 31),
                                                     dt.date(2026, 6, 5))
    assert list(kn2.responses.values_list("text", "done")) == [("Đã ban hành hướng dẫn nghiệp vụ", True)]

    again = run(cast["hdnd"], book(KN1, KN2))
    assert (again.created, again.updated, again.unchanged, again.rejected) == (0, 0, 2, {})
    assert Recommendation.objects.filter(plan=plans["hd"]).count() == 2 + 2

    later = run(cast["hdnd"], book(KN1_DONE, KN2))
    assert (later.created, later.updated, later.unchanged, later.rejected) == (0, 1, 1, {})
    kn1.refresh_from_db()
    assert kn1.done_on == dt.date(2026, 6, 10) and kn1.responses.count() == 1
    entry = AuditEntry.objects.filter(object_type="supervision.recommendation", object_id=str(kn1.pk),
                                      action="response_received", field="done_on").get()
    assert (entry.actor, entry.new_value) == (cast["hdnd"], "2026-06-10")
    assert run(cast["hdnd"], book(KN1_DONE, KN2)).unchanged == 2


def test_plan_by_number_and_a_moved_deadline(cast: dict[str, Any], plans: dict[str, Any]) -> None:
    SupervisionPlan.objects.filter(pk=plans["hd"].pk).update(number="15/KH-HĐND")
    run(cast["hdnd"], book(["15/KH-HDND", *KN1[1:]]))
    moved = run(cast["hdnd"], book(["15/KH-HĐND", *KN1[1:5], "20/07/2026", *KN1[6:]]))
    assert (moved.created, moved.updated) == (0, 1)
    rec = Recommendation.objects.get(number="KN-01")
    assert rec.due == dt.date(2026, 7, 20)
    assert AuditEntry.objects.filter(object_id=str(rec.pk), action="set_due",
                                     note="Hạn theo sổ kiến nghị được nhập").exists()


def test_each_kind_of_bad_cell_is_named_and_the_good_rows_kept(
        cast: dict[str, Any], plans: dict[str, Any]) -> None:
    rows: list[list[Any]] = [
        ["Kế hoạch không có", *KN1[1:]],                                      # 2
        [TOPIC, "", *KN1[2:]],                                                # 3
        [TOPIC, "KN-04", "XYZ", *KN1[3:]],                                    # 4
        [TOPIC, "KN-05", *KN1[2:4], "31/02/2026", *KN1[5:]],                  # 5
        [TOPIC, "KN-06", *KN1[2:5], "15/05/2026", *KN1[6:]],                  # 6
        [*KN1[:1], "KN-07", *KN1[2:8], "xong rồi"],                           # 7
        [*KN1[:1], "KN-08", *KN1[2:8], "Hoàn thành đúng hạn"],                # 8
        [*KN2[:1], "KN-09", *KN2[2:8], "Hoàn thành đúng hạn"],                # 9
        [*KN1[:1], "KN-10", *KN1[2:6], "20/06/2026", "Sẽ trả lời sau", ""],   # 10
        [*KN1[:1], "KN-11", *KN1[2:7], "Đã trả lời", ""],                     # 11
        KN1,                                                                  # 12: good
        [*KN1[:1], "KN-01", "TAND-KV2", *KN1[3:]],                            # 13
    ]
    result = run(cast["hdnd"], book(*rows))
    assert (result.created, sorted(result.rejected)) == (1, [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13])
    assert [str(p) for p in result.problems] == [
        "Dòng 2, cột «Kế hoạch giám sát (số hoặc chủ đề)»: không có kế hoạch giám sát nào bạn xem "
        "được có số hoặc chủ đề «Kế hoạch không có»",
        "Dòng 3, cột «Số kiến nghị»: ô này đang trống",
        "Dòng 4, cột «Cơ quan nhận kiến nghị (mã hoặc tên)»: không có cơ quan nào trong danh mục có "
        "mã hoặc tên «XYZ»",
        "Dòng 5, cột «Ngày kiến nghị»: «31/02/2026» không phải ngày hợp lệ (dd/mm/yyyy)",
        "Dòng 6, cột «Hạn trả lời»: hạn trả lời trước ngày kiến nghị",
        "Dòng 7, cột «Tình trạng»: «xong rồi» không phải một trong bốn tình trạng (xem trang "
        "«Tình trạng» của tệp mẫu)",
        "Dòng 8, cột «Ngày trả lời»: «Hoàn thành đúng hạn» cần ngày của văn bản trả lời cho biết đã "
        "thực hiện xong",
        "Dòng 9, cột «Tình trạng»: văn bản trả lời ngày 05/06/2026 sau hạn 31/05/2026: tình trạng là "
        "«Hoàn thành quá hạn»",
        "Dòng 10, cột «Ngày trả lời»: Ngày trả lời ở tương lai.",
        "Dòng 11, cột «Ngày trả lời»: văn bản trả lời cần có ngày",
        "Dòng 13, cột «Cơ quan nhận kiến nghị (mã hoặc tên)»: kiến nghị KN-01 của kế hoạch này gửi "
        "Tòa án nhân dân khu vực 1 - Gia Lai",
    ]
    assert list(Recommendation.objects.filter(number__startswith="KN").values_list("number", flat=True)) == ["KN-01"]
    errors = load_workbook(io.BytesIO(result.error_workbook())).active
    assert errors is not None
    table = list(errors.iter_rows(values_only=True))
    assert table[0] == ("Dòng", *HEADINGS, "Lỗi")
    assert [r[0] for r in table[1:]] == [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13]
    assert table[3][3] == "XYZ" and "«XYZ»" in str(table[3][-1])


def test_a_file_without_the_required_columns_is_refused(cast: dict[str, Any], plans: dict[str, Any]) -> None:
    result = run(cast["hdnd"], book(KN1, headings=HEADINGS[:2]))
    assert [str(p) for p in result.problems] == [
        "Dòng 1: Dòng tiêu đề thiếu các cột: «Cơ quan nhận kiến nghị (mã hoặc tên)», "
        "«Nội dung kiến nghị», «Ngày kiến nghị»"]
    assert result.created == 0


@pytest.mark.parametrize("who", ["mttq", "noichinh", "hdnd_viewer", "addressee"])
def test_a_body_that_may_not_issue_for_the_plan_gets_its_rows_rejected(
        cast: dict[str, Any], plans: dict[str, Any], who: str) -> None:
    result = run(cast[who], book(KN1))
    assert (result.created, sorted(result.rejected)) == (0, [2])
    [problem] = result.problems
    assert problem.column == "Kế hoạch giám sát (số hoặc chủ đề)"
    if who in ("mttq", "addressee"):  # the plan is not theirs to read
        assert "không có kế hoạch giám sát nào bạn xem được" in problem.message
    else:                             # read, not theirs to change
        assert problem.message.startswith("Chỉ cơ quan giám sát")
    assert not Recommendation.objects.filter(number="KN-01").exists()


def test_upload_page_template_and_error_workbook(client: Any, cast: dict[str, Any],
                                                 plans: dict[str, Any]) -> None:
    client.force_login(cast["hdnd"])
    listing = client.get(reverse("supervision:recommendations"))
    assert reverse("supervision:import") in listing.content.decode()
    template = client.get(reverse("supervision:import_template"))
    assert template.status_code == 200 and template["Content-Type"].startswith("application/vnd.openxml")
    sheet = load_workbook(io.BytesIO(template.content)).active
    assert sheet is not None and next(sheet.iter_rows(values_only=True)) == HEADINGS
    with time_machine.travel(NOW, tick=False):
        got = client.post(reverse("supervision:import"), {
            "file": SimpleUploadedFile("so.xlsx", book(KN1, ["Kế hoạch không có", *KN1[1:]]))})
    page = got.content.decode()
    assert got.status_code == 200
    assert "Thêm mới 1, cập nhật 0, không đổi 0, từ chối 1 dòng." in page
    assert "Dòng 3, cột «Kế hoạch giám sát (số hoặc chủ đề)»" in page
    name = got.context["error_name"]
    errors = client.get(reverse("supervision:import_errors", args=[name]))
    assert errors.status_code == 200
    for who, status in (("noichinh", 403), ("addressee", 403), ("hdnd_viewer", 403)):
        client.force_login(cast[who])
        assert client.get(reverse("supervision:import")).status_code == status, who
        assert client.get(reverse("supervision:import_errors", args=[name])).status_code == 404, who


def test_the_template_reads_back_as_a_register(cast: dict[str, Any], plans: dict[str, Any]) -> None:
    sheet = load_workbook(io.BytesIO(template_bytes())).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == HEADINGS and len(rows) == 3
    assert rows[1][-1] == "Hoàn thành đúng hạn" and rows[2][-1] == "Đang thực hiện, trong hạn"


def test_a_damaged_file_or_a_control_character_is_named(client: Any, cast: dict[str, Any],
                                                        plans: dict[str, Any]) -> None:
    """As on the other oversight import pages (tests/apps/imports/test_bad_files.py)."""
    import csv

    client.force_login(cast["hdnd"])
    page = client.post(reverse("supervision:import"), {
        "file": SimpleUploadedFile("so.xlsx", b"PK\x03\x04 not a workbook")})
    assert page.status_code == 200 and "Tệp «so.xlsx»" in page.content.decode()
    assert Recommendation.objects.filter(number="KN-01").count() == 0
    out = io.StringIO()
    csv.writer(out).writerows([HEADINGS, ["ô có \x07 chuông", *KN1[1:]]])
    page = client.post(reverse("supervision:import"), {
        "file": SimpleUploadedFile("so.csv", out.getvalue().encode())})
    assert "Tệp «so.csv», dòng 2, cột 1: ô chứa ký tự điều khiển U+0007" in page.content.decode()


def test_a_number_is_unique_in_its_plan(cast: dict[str, Any], plans: dict[str, Any],
                                        sup_orgs: dict[str, Any]) -> None:
    from django.core.exceptions import ValidationError

    from congminh.apps.supervision import services

    issue = {"actor": cast["hdnd"], "addressee": sup_orgs["court_a"], "content": "x",
             "issued_on": dt.date(2026, 6, 1), "number": "KN-01"}
    services.recommendation_issue(plan=plans["hd"], **issue)
    with pytest.raises(ValidationError) as refused:
        services.recommendation_issue(plan=plans["hd"], **issue)
    assert refused.value.message_dict == {"number": ["Kế hoạch đã có kiến nghị mang số này."]}
    other = services.recommendation_issue(plan=plans["mt"], **{**issue, "actor": cast["mttq"]})
    assert other.number == "KN-01"  # another plan's register may use the same number


def _upload(client: Any, name: str, data: bytes) -> str:
    with time_machine.travel(NOW, tick=False):
        got = client.post(reverse("supervision:import"), {"file": SimpleUploadedFile(name, data)})
    assert got.status_code == 200
    return str(got.content.decode())


def test_bad_files_are_refused_naming_the_file_and_nothing_is_kept(
        client: Any, cast: dict[str, Any], plans: dict[str, Any], settings: Any) -> None:
    client.force_login(cast["hdnd"])
    whole = book(KN1, KN2)
    before = Recommendation.objects.count()
    # a workbook cut short in transfer (its zip directory lost)
    page = _upload(client, "cut.xlsx", whole[: len(whole) // 2])
    assert "Tệp «cut.xlsx»" in page
    # not a spreadsheet at all: a PDF renamed
    page = _upload(client, "so.xlsx", b"%PDF-1.7\n1 0 obj << >> endobj\n")
    assert "Tệp «so.xlsx»: nội dung là một tệp PDF, không phải một tệp Excel (.xlsx)." in page
    # more rows than the limit (CONGMINH_UPLOAD_MAX_ROWS): the file is refused as a whole,
    # the rows read before the limit was reached are not kept either
    settings.UPLOAD_LIMITS = {"max_rows": 3}
    many = [[TOPIC, f"KN-2{i}", *KN1[2:]] for i in range(4)]
    page = _upload(client, "dai.xlsx", book(*many))
    assert "Tệp «dai.xlsx», dòng 4: tệp có hơn 3 dòng, quá giới hạn" in page
    assert Recommendation.objects.count() == before


def test_a_row_with_a_bad_date_is_rejected_and_the_good_rows_kept(
        client: Any, cast: dict[str, Any], plans: dict[str, Any]) -> None:
    client.force_login(cast["hdnd"])
    bad = [*KN2[:1], "KN-02", *KN2[2:4], "1/13/2026", *KN2[5:]]
    page = _upload(client, "so.xlsx", book(KN1, bad))
    assert "Thêm mới 1, cập nhật 0, không đổi 0, từ chối 1 dòng." in page
    assert "Dòng 3, cột «Ngày kiến nghị»: «1/13/2026» không phải ngày hợp lệ (dd/mm/yyyy)" in page
    assert list(Recommendation.objects.filter(number__in=("KN-01", "KN-02"), plan=plans["hd"])
                .values_list("number", flat=True)) == ["KN-01"]


def test_the_register_import_through_the_api(cast: dict[str, Any], plans: dict[str, Any]) -> None:
    from io import StringIO

    from django.core.management import call_command
    from rest_framework.test import APIClient

    def client(name: str) -> APIClient:
        out = StringIO()
        call_command("token", "create", cast[name].username, stdout=out)
        api = APIClient()
        api.credentials(HTTP_AUTHORIZATION=f"Token {out.getvalue().strip()}")
        return api

    api = client("hdnd")
    with time_machine.travel(NOW, tick=False):
        got = api.post(reverse("supervision-api:import"), {"file": SimpleUploadedFile(
            "so.xlsx", book(KN1, ["Kế hoạch không có", *KN1[1:]]))}, format="multipart")
    assert got.status_code == 200
    body = got.json()
    assert (body["created"], [r["row"] for r in body["rejected"]]) == (1, [3])
    assert body["rejected"][0]["problems"] == [
        "Dòng 3, cột «Kế hoạch giám sát (số hoặc chủ đề)»: không có kế hoạch giám sát nào bạn xem "
        "được có số hoặc chủ đề «Kế hoạch không có»"]
    assert api.get(body["errors_url"]).status_code == 200
    for who in ("noichinh", "addressee"):
        assert client(who).post(reverse("supervision-api:import"), {"file": SimpleUploadedFile(
            "so.xlsx", book(KN1))}, format="multipart").status_code == 403
        assert client(who).get(body["errors_url"]).status_code == 404
    assert Recommendation.objects.filter(number="KN-01").count() == 1
