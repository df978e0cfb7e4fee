"""The dashboard counts the oversight deadlines missed, each number the length of the
list it links to (the apps' own overdue filters)."""

from __future__ import annotations

import re
from typing import Any

from django.urls import reverse


def test_each_oversight_count_links_to_a_list_of_that_length(client: Any, users: dict[str, Any]) -> None:
    client.force_login(users["supervisor"])
    body = client.get(reverse("web:dashboard")).content.decode()
    cards = re.findall(r'<a class="card stat bad(?: zero)?" href="(/(?:expertise|evidence|complaints|supervision)'
                       r'/[^"]*)">\s*<span class="label">([^<]+)</span>\s*<span class="num">(\d+)</span>', body)
    assert [url.split("/")[1] for url, _label, _n in cards] == ["expertise", "evidence", "complaints",
                                                                "supervision"]
    assert [label for _url, label, _n in cards] == [
        "Giám định quá hạn", "Yêu cầu chứng cứ quá hạn", "Khiếu nại, tố cáo quá hạn", "Kiến nghị giám sát quá hạn"]
    for url, _label, number in cards:
        assert client.get(url.replace("&amp;", "&")).status_code == 200
        assert number == "0"  # the test cast has no request, complaint or recommendation
