"""The report pages offer their files made in the background (the job worker), with the
page's own parameters, so a province's workbook does not hold a request."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("page", "targets"), [
    ("reports:quarterly", ["reports:quarterly_export", "reports:quarterly_docx", "reports:quarterly_pdf"]),
    ("reports:annual", ["reports:annual_docx", "reports:annual_pdf"]),
])
def test_pages_offer_background_files(page: str, targets: list[str], cast: dict[str, Any],
                                      users: dict[str, Any]) -> None:
    client = Client()
    client.force_login(users["supervisor"])
    html = client.get(reverse(page), {"period": "2026-Q4"} if page == "reports:quarterly" else {}).content.decode()
    assert f'action="{reverse("jobs:export")}"' in html
    for target in targets:
        assert f'name="target" value="{target}"' in html
    assert 'name="query" value="' in html
