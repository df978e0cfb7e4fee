"""Imports as jobs: the API answers 202 while the job waits and lets the batch be
polled; a batch whose job's worker died for good is failed with the reason."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token

from congminh.apps.imports.models import ImportBatch
from congminh.apps.jobs.models import Job

pytestmark = pytest.mark.django_db

ROW = ("Cơ quan thụ lý (mã),Số vụ án/vụ việc,Loại án,Phân loại tội phạm / loại vụ việc,"
       "Tên vụ án / trích yếu,\"Đương sự, bị can\",Sự kiện,Ngày\n"
       "CA-TINH,5/2026/HS,hình sự,nghiêm trọng,Vụ trộm,Nguyễn Văn B (bị can),Khởi tố vụ án,05/01/2026\n")


def _post(client: Any, user: Any) -> Any:
    token = Token.objects.create(user=user)
    upload = io.BytesIO(ROW.encode())
    upload.name = "mot-dong.csv"
    return client.post("/api/imports/", {"file": upload}, HTTP_AUTHORIZATION=f"Token {token.key}")


def test_the_api_queues_the_import_and_the_batch_can_be_polled(client: Any, users: Any, real_queue: Any) -> None:
    response = _post(client, users["investigator"])
    assert response.status_code == 202, response.content
    batch = ImportBatch.objects.get(pk=response.json()["id"])
    job = Job.objects.get()
    assert (batch.status, job.status, job.params["batch_id"]) == ("running", "queued", batch.pk)
    token = Token.objects.get(user=users["investigator"])
    polled = client.get(f"/api/imports/{batch.pk}/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert polled.status_code == 200 and polled.json()["status"] == "running"
    other = Token.objects.create(user=users["prosecutor"])
    assert client.get(f"/api/imports/{batch.pk}/", HTTP_AUTHORIZATION=f"Token {other.key}").status_code == 404


def test_in_immediate_mode_the_api_answers_with_the_result(client: Any, users: Any, immediate: Any) -> None:
    response = _post(client, users["investigator"])
    assert response.status_code == 201, response.content
    assert (response.json()["status"], response.json()["cases_created"]) == ("done", 1)


def test_a_batch_whose_worker_died_for_good_is_failed_with_the_reason(
    client: Any, users: Any, settings: Any,
) -> None:
    batch = ImportBatch.objects.create(created_by=users["investigator"], file_name="lon.xlsx",
                                       rows_total=9000, rows_done=3000)
    Job.objects.create(kind="import_cases", label="x", created_by=users["investigator"],
                       params={"batch_id": batch.pk, "upload": "", "file_name": "lon.xlsx"},
                       status=Job.Status.RUNNING, worker="another-host:7", attempts=3, max_attempts=3,
                       heartbeat_at=timezone.now() - dt.timedelta(seconds=settings.JOB_STALE_SECONDS + 1))
    client.force_login(users["investigator"])
    page = client.get(reverse("imports:batch", args=[batch.pk])).content.decode()
    batch.refresh_from_db()
    assert batch.status == "failed" and "tiến trình xử lý đã dừng đột ngột" in batch.errors[-1]["text"]
    assert 'id="import-failed"' in page and "lần 3/3" in page
    assert Job.objects.get().status == "failed"


def test_an_import_job_completes_cases_left_without_clocks(
    client: Any, users: Any, immediate: Any, django_capture_on_commit_callbacks: Any,
) -> None:
    from congminh.apps.cases.models import Case
    from congminh.apps.imports.services import import_file
    from congminh.apps.obligations.models import CaseObligation

    # As a job killed after storing a batch, out of attempts, leaves its cases.
    with django_capture_on_commit_callbacks(execute=True):  # the clocks follow the commit
        import_file(actor=users["investigator"], data=ROW.replace("5/2026/HS", "9/2026/HS").encode(),
                    file_name="truoc.csv")
    orphan = Case.objects.get()
    expected = sorted(CaseObligation.objects.filter(case=orphan).values_list("rule", "due"))
    assert expected
    CaseObligation.objects.filter(case=orphan).delete()
    Case.objects.filter(pk=orphan.pk).update(status="", status_as_of=None, next_due=None)
    assert _post(client, users["investigator"]).status_code == 201  # another file, a new job
    orphan.refresh_from_db()
    assert orphan.status_as_of is not None and orphan.status
    assert sorted(CaseObligation.objects.filter(case=orphan).values_list("rule", "due")) == expected
