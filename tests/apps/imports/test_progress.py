"""The web import's progress: the background job, the status endpoint the batch page
polls, and the page itself while running and when done."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.urls import reverse
from test_import import xlsx  # the same workbook builder (test basenames are unique)

from congminh.apps.imports.models import ImportBatch
from congminh.apps.imports.services import import_start


def good(number: str, date: str = "05/01/2026", holder: str = "CA-TINH") -> list[Any]:
    return [holder, number, "hình sự", "nghiêm trọng", "Vụ trộm cắp tài sản",
            "Nguyễn Văn A (bị can)", "Khởi tố vụ án", date, None, None, None, None, "", ""]


# Six rows: three good (two cases), three rejected (bad date, unknown body, other body).
MIXED = [good("1/2026/HS"), good("1/2026/HS", "06/01/2026"), good("2/2026/HS"),
         good("3/2026/HS", "31/02/2026"), good("4/2026/HS", holder="KHONG-CO"),
         good("5/2026/HS", holder="TAND-KV2")]


@pytest.mark.django_db(transaction=True)
def test_background_job_imports_and_records_progress(settings: Any, users: Any, tmp_path: Any) -> None:
    settings.CONGMINH_IMPORT_SYNC = False  # through the queue (immediate mode in tests)
    settings.MEDIA_ROOT = tmp_path / "media"
    batch, job = import_start(actor=users["investigator"], data=xlsx(MIXED), file_name="mixed.xlsx")
    job.refresh_from_db()
    assert (job.kind, job.status, job.result["batch_id"]) == ("import_cases", "done", batch.pk)
    batch.refresh_from_db()
    assert batch.status == "done" and batch.finished_at is not None
    assert (batch.rows_total, batch.rows_done, batch.rows_rejected, batch.cases_created) == (6, 6, 3, 2)
    # The error workbook has the cells of rows rejected while reading (5, 6) and of the
    # row the writer rejected (7: another body's case), read again from the file.
    from openpyxl import load_workbook

    sheet = load_workbook(batch.error_file.open("rb")).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))[1:]
    assert [(r[0], r[2]) for r in rows] == [(5, "3/2026/HS"), (6, "4/2026/HS"), (7, "5/2026/HS")]
    assert "TAND-KV2" in str(rows[2][-1])


@pytest.mark.django_db(transaction=True)
def test_background_job_failure_marks_the_batch_failed(
    settings: Any, users: Any, monkeypatch: Any
) -> None:
    from congminh.apps.jobs.services import job_run

    settings.CONGMINH_IMPORT_SYNC = False
    settings.JOB_MAX_ATTEMPTS = 2

    def broken(**kwargs: Any) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr("congminh.apps.imports.services.import_file", broken)
    batch, job = import_start(actor=users["investigator"], data=b"x", file_name="x.csv")
    job.refresh_from_db()
    batch.refresh_from_db()
    # The first attempt failed: queued again for a retry, the batch still running.
    assert (job.status, job.attempts, batch.status) == ("queued", 1, "running")
    job_run(job.pk)  # the retry (the queue would run it after a pause)
    job.refresh_from_db()
    batch.refresh_from_db()
    assert (job.status, job.attempts) == ("failed", 2)
    assert batch.status == "failed" and "disk full" in batch.errors[-1]["text"]


@pytest.mark.django_db
def test_status_endpoint_and_running_page(client: Any, users: Any) -> None:
    client.force_login(users["investigator"])
    running = ImportBatch.objects.create(created_by=users["investigator"], file_name="big.csv",
                                         rows_total=1000, rows_done=400)
    status = client.get(reverse("imports:status", args=[running.pk]))
    assert status.status_code == 200 and status["Cache-Control"] == "no-store"
    assert status.json() == {
        "id": running.pk, "status": "running", "status_display": "Đang chạy", "running": True,
        "phase": "store", "rows_total": 1000, "rows_done": 400, "rows_rejected": 0,
    }
    ImportBatch.objects.filter(pk=running.pk).update(rows_done=1000)
    assert client.get(reverse("imports:status", args=[running.pk])).json()["phase"] == "clocks"
    page = client.get(reverse("imports:batch", args=[running.pk])).content.decode()
    assert "<progress" in page and reverse("imports:status", args=[running.pk]) in page
    assert "/static/imports/progress.js" in page and "http" not in page.split("progress.js")[0][-80:]
    # Someone else's batch is not visible to an officer.
    client.force_login(users["officer_b"])
    assert client.get(reverse("imports:status", args=[running.pk])).status_code == 404


@pytest.mark.django_db
def test_upload_then_status_when_done(client: Any, users: Any, settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    client.force_login(users["investigator"])
    upload = io.BytesIO(xlsx(MIXED))
    upload.name = "mixed.xlsx"
    response = client.post(reverse("imports:upload"), {"file": upload})
    batch = ImportBatch.objects.get()
    body = client.get(reverse("imports:status", args=[batch.pk])).json()
    assert (body["running"], body["phase"], body["rows_done"], body["rows_rejected"]) == (False, "done", 6, 3)
    page = client.get(response["Location"]).content.decode()
    assert "<progress" not in page and "progress.js" not in page


@pytest.mark.django_db
def test_sample_download_for_the_demo_province(client: Any, users: Any) -> None:
    client.force_login(users["investigator"])
    page = client.get(reverse("imports:upload")).content.decode()
    assert reverse("imports:sample") in page
    response = client.get(reverse("imports:sample"))
    assert response.status_code == 200 and "mau-nhap-vu-an-gia-lai.xlsx" in response["Content-Disposition"]


@pytest.mark.django_db
def test_gia_lai_sample_imports_cleanly_with_the_registry(settings: Any, tmp_path: Any) -> None:
    from congminh.apps.cases.models import Case
    from congminh.apps.imports.samples import GIA_LAI_SAMPLE, gia_lai_records, write_gia_lai_sample
    from congminh.apps.imports.services import import_file
    from congminh.apps.organisations.services import organisations_load

    settings.MEDIA_ROOT = tmp_path / "media"
    organisations_load()
    batch = import_file(actor=None, data=GIA_LAI_SAMPLE.read_bytes(), file_name=GIA_LAI_SAMPLE.name)
    assert batch.errors == [] and batch.warnings == []
    assert (batch.cases_created, batch.events_added) == (3, 6)
    assert set(Case.objects.values_list("holder__code", flat=True)) == {"GL-CSDT", "GL-CA", "GL-TAND-KV1"}
    # The committed file is the one the records write (re-made by write_gia_lai_sample).
    again = tmp_path / "again.xlsx"
    write_gia_lai_sample(again)
    from openpyxl import load_workbook

    def cells(path: Any) -> list[Any]:
        return list(load_workbook(path, read_only=True).active.iter_rows(values_only=True))

    assert cells(again) == cells(GIA_LAI_SAMPLE) and len(gia_lai_records()) == 3
