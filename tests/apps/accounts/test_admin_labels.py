"""The admin pages name the project and its sections in Vietnamese."""

from __future__ import annotations

import re
from typing import Any

import pytest

pytestmark = pytest.mark.django_db


def test_the_admin_index_names_our_sections_in_vietnamese(client: Any, users: Any) -> None:
    client.force_login(users["admin"])
    users["admin"].is_staff = users["admin"].is_superuser = True
    users["admin"].save()
    page = client.get("/admin/").content.decode()
    sections = re.findall(r'<a href="/admin/\w+/" class="section"[^>]*>([^<]+)</a>', page)
    assert {"Tài khoản người dùng", "Nhật ký thay đổi", "Văn bản chỉ đạo và nhiệm vụ"} <= set(sections)
    assert not {"Accounts", "Audit", "Directives"} & set(sections)
    assert "Trang quản trị cho Django" not in page and "Công Minh" in page


def test_every_section_and_list_of_the_admin_index_is_named_in_vietnamese(client: Any, users: Any) -> None:
    """The libraries' sections too (django-axes, django-otp, DRF tokens ship English names)."""
    users["admin"].is_staff = users["admin"].is_superuser = True
    users["admin"].save()
    client.force_login(users["admin"])
    page = client.get("/admin/").content.decode()
    sections = re.findall(r'<a href="/admin/\w+/" class="section"[^>]*>([^<]+)</a>', page)
    lists = re.findall(r'<a href="/admin/\w+/\w+/"(?: aria-current="page")?>([^<]+)</a>', page)
    assert len(sections) >= 15 and len(lists) >= 25
    english = [name for name in sections + lists if name.isascii()]
    assert english == []
