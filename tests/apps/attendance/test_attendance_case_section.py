"""The case page section (`{% attendance_section case %}`): the summonses of the case in
the reader's scope, the "new summons" link only for the holding court, nothing for a
case of another procedure."""

from __future__ import annotations

from typing import Any

from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

SECTION = Template("{% load attendance %}{% attendance_section case %}")


def render(user: Any, case: Any) -> str:
    request = RequestFactory().get("/")
    request.user = user
    return SECTION.render(Context({"request": request, "case": case}))


def test_section_lists_the_summonses_and_offers_the_form_to_the_court(
        cast: dict[str, Any], summons: Any) -> None:
    html = render(cast["officer_a"], summons.case)
    assert reverse("attendance:detail", args=[summons.pk]) in html
    assert "15/04/2026" in html and "Phiên đối thoại" in html
    assert reverse("attendance:create", args=[summons.case_id]) in html
    supervisor = render(cast["supervisor"], summons.case)
    assert reverse("attendance:detail", args=[summons.pk]) in supervisor
    assert reverse("attendance:create", args=[summons.case_id]) not in supervisor


def test_no_section_for_other_procedures(cast: dict[str, Any], make_case: Any) -> None:
    assert render(cast["officer_a"], make_case(number="03/2026/TLST-DS")).strip() == ""
