"""The screens render for a user in scope, in Vietnamese, with dd/mm/yyyy dates."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

PASSWORD = "matkhau-an-toan-1"


def login(client: Client, user: Any) -> Client:
    assert client.login(username=user.username, password=PASSWORD)
    return client


@pytest.mark.django_db
def test_login_page_is_vietnamese(client: Client) -> None:
    response = client.get(reverse("web:login"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Đăng nhập" in html
    assert "Tên đăng nhập" in html


@pytest.mark.django_db
def test_dashboard_requires_login(client: Client) -> None:
    response = client.get(reverse("web:dashboard"))
    assert response.status_code == 302
    assert reverse("web:login") in response["Location"]


def test_login_then_dashboard(client: Client, users: dict[str, Any], make_case: Any) -> None:
    make_case()
    response = client.post(
        reverse("web:login"), {"username": "officer_a", "password": PASSWORD}, follow=True
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Tổng quan" in html
    assert "Chuẩn bị xét xử" in html  # stage of the case after "accepted"
    assert "Dân sự" in html

