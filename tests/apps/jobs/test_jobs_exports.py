"""Big downloads as jobs: made by the worker through the download's own view as the
user who asked (same scope), kept for the jobs page, refused when the page would be."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from congminh.apps.jobs.models import Job

pytestmark = pytest.mark.django_db


def test_a_case_list_export_is_made_in_the_background(
    client: Any, users: Any, make_case: Any, immediate: Any,
) -> None:
    make_case(title="Tranh chấp đất đai ở xã Ia Grai")
    make_case(holder="court_b", number="02/2026/TLST-DS", title="Vụ của tòa khu vực 2")
    client.force_login(users["officer_a"])
    response = client.post(reverse("jobs:export"), {"target": "web:case_export", "query": ""})
    assert response.status_code == 302 and response["Location"] == reverse("jobs:list")
    job = Job.objects.get()
    assert (job.kind, job.status, job.created_by, job.label) == (
        "export", "done", users["officer_a"], "Danh sách vụ án (CSV)")
    page = client.get(reverse("jobs:list")).content.decode()
    assert reverse("jobs:file", args=[job.pk]) in page
    download = client.get(reverse("jobs:file", args=[job.pk]))
    body = b"".join(download.streaming_content).decode("utf-8-sig")
    assert "attachment" in download["Content-Disposition"]
    assert "Tranh chấp đất đai ở xã Ia Grai" in body and "Vụ của tòa khu vực 2" not in body
    # Another user cannot fetch it.
    client.force_login(users["officer_b"])
    assert client.get(reverse("jobs:file", args=[job.pk])).status_code == 404


def test_an_export_the_page_refuses_fails_with_the_reason(client: Any, users: Any, immediate: Any) -> None:
    from congminh.apps.accounts.models import User

    # Of no body: the quarterly review page refuses them, so does its job.
    nobody = User.objects.create_user(username="khong_co_quan", password="x-y-z-1234", role="viewer")
    client.force_login(nobody)
    client.post(reverse("jobs:export"), {"target": "reports:quarterly_export", "query": ""})
    job = Job.objects.get()
    assert (job.status, job.attempts, job.error) == ("failed", 1, "Bạn không có quyền tải tệp này.")
    assert client.post(reverse("jobs:export"), {"target": "admin:index"}).status_code == 404


def test_a_reviewer_gets_the_quarterly_workbook(client: Any, users: Any, immediate: Any) -> None:
    client.force_login(users["supervisor"])
    client.post(reverse("jobs:export"), {"target": "reports:quarterly_export", "query": "period=2026-Q1"})
    job = Job.objects.get()
    assert job.status == "done", job.error
    assert job.result["name"].endswith(".xlsx") and job.result["bytes"] > 0
    data = b"".join(client.get(reverse("jobs:file", args=[job.pk])).streaming_content)
    assert data[:2] == b"PK"  # a zip: the workbook
