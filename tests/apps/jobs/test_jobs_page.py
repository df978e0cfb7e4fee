"""The jobs page: scoped (own jobs; an admin every job), Vietnamese, paginated,
sortable, dates dd/mm/yyyy, progress, a link to what the job produced; the menu link."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from congminh.apps.jobs.models import Job

pytestmark = pytest.mark.django_db


def _job(user: Any, label: str, **fields: Any) -> Job:
    return Job.objects.create(kind="law_refresh", label=label, created_by=user, **fields)


def test_a_user_sees_own_jobs_an_admin_all(client: Any, users: Any) -> None:
    mine = _job(users["officer_a"], "Việc của tòa 1", status="running", done=40, total=100)
    _job(users["officer_b"], "Việc của tòa 2", status="done")
    when = timezone.make_aware(dt.datetime(2026, 3, 9, 8, 15))
    Job.objects.filter(pk=mine.pk).update(created_at=when)
    client.force_login(users["officer_a"])
    page = client.get(reverse("jobs:list")).content.decode()
    assert "Việc của tòa 1" in page and "Việc của tòa 2" not in page
    assert "Công việc nền" in page and "Đang chạy" in page and "09/03/2026 08:15" in page
    assert '<progress max="100" value="40">' in page and "40/100" in page
    client.force_login(users["admin"])
    page = client.get(reverse("jobs:list")).content.decode()
    assert "Việc của tòa 1" in page and "Việc của tòa 2" in page
    only_done = client.get(reverse("jobs:list"), {"status": "done"}).content.decode()
    assert "Việc của tòa 2" in only_done and "Việc của tòa 1" not in only_done


def test_sorting_and_pages(client: Any, users: Any) -> None:
    for n in range(55):
        _job(users["admin"], f"Việc số {n:02d}")
    client.force_login(users["admin"])
    first = client.get(reverse("jobs:list")).content.decode()  # newest first
    assert "Việc số 54" in first and "Việc số 04" not in first and "Trang 1 / 2" in first
    second = client.get(reverse("jobs:list"), {"page": 2}).content.decode()
    assert "Việc số 04" in second and "Việc số 54" not in second
    by_label = client.get(reverse("jobs:list"), {"sort": "label"}).content.decode()
    assert by_label.index("Việc số 00") < by_label.index("Việc số 01") and "Việc số 54" not in by_label
    assert 'aria-sort="ascending"' in by_label and "sort=-label" in by_label


def test_an_upload_is_a_job_linked_to_its_batch_and_the_menu_shows_it(
    client: Any, users: Any, immediate: Any, settings: Any,
) -> None:
    from openpyxl import Workbook

    from congminh.apps.imports import columns as C
    from congminh.apps.imports.models import ImportBatch

    def xlsx(rows: list[list[Any]]) -> bytes:
        book = Workbook()
        sheet = book.active
        assert sheet is not None
        for row in [list(C.HEADINGS), *rows]:
            sheet.append(row)
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()

    client.force_login(users["investigator"])
    assert 'href="/jobs/"' not in client.get(reverse("imports:upload")).content.decode()
    upload = io.BytesIO(xlsx([["CA-TINH", "1/2026/HS", "hình sự", "nghiêm trọng", "Vụ trộm",
                               "Nguyễn Văn A (bị can)", "Khởi tố vụ án", "05/01/2026",
                               None, None, None, None, "", ""]]))
    upload.name = "mot-dong.xlsx"
    client.post(reverse("imports:upload"), {"file": upload})
    batch = ImportBatch.objects.get()
    job = Job.objects.get()
    assert (job.kind, job.status, job.created_by, job.params["batch_id"]) == (
        "import_cases", "done", users["investigator"], batch.pk)
    assert batch.status == "done" and batch.cases_created == 1
    page = client.get(reverse("jobs:list")).content.decode()
    assert "Nhập tệp mot-dong.xlsx" in page and reverse("imports:batch", args=[batch.pk]) in page
    assert "Hoàn thành" in page and 'href="/jobs/" class="active"' in page
    # The uploaded file was for the worker only: gone once the job ended.
    assert job.params["upload"] and not (settings.UPLOAD_DIR / job.params["upload"]).exists()


def test_the_menu_link_is_for_admins_and_users_with_jobs(client: Any, users: Any) -> None:
    client.force_login(users["admin"])
    assert 'href="/jobs/"' in client.get(reverse("web:dashboard")).content.decode()
    client.force_login(users["viewer_a"])
    assert 'href="/jobs/"' not in client.get(reverse("web:dashboard")).content.decode()
    _job(users["viewer_a"], "Việc cũ")
    client.logout()
    client.post(reverse("web:login"), {"username": "viewer_a", "password": "matkhau-an-toan-1"})
    assert 'href="/jobs/"' in client.get(reverse("web:dashboard")).content.decode()


def test_the_result_link_and_the_requester_read_as_on_the_jobs_page(client: Any, users: Any) -> None:
    """Other catalogues translate «Open» (an expertise request's state: «Đang thực hiện»)
    and «Requested by» (a body) differently: a finished job must not read «in progress»."""
    Job.objects.create(kind="import_cases", label="Nhập tệp a.xlsx", created_by=users["admin"],
                       status="done", params={"batch_id": 7})
    client.force_login(users["admin"])
    page = client.get(reverse("jobs:list")).content.decode()
    assert '<a href="/imports/7/">Xem</a>' in page and "Đang thực hiện" not in page
    assert "<th>Người yêu cầu</th>" in page and "Cơ quan đề nghị" not in page
