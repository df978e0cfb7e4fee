"""The review form's selects show the review the page shows: the default period (the
Procuracy's last ended quarter) is the selected option, not the first one offered."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.http import QueryDict

from congminh.apps.reports.forms import ReviewForm
from congminh.apps.reports.selectors import ScopeChoice

TODAY = dt.date(2026, 12, 5)  # the Procuracy's year 2027 began on 01/12/2026
SCOPES = [ScopeChoice("province", "Toàn tỉnh", ""), ScopeChoice("org:1", "Tòa án nhân dân khu vực 1", "body")]


def _selected(form: ReviewForm, name: str) -> list[str]:
    return re.findall(r'<option value="([^"]*)" selected>', str(form[name]))


def test_unbound_form_selects_the_default_quarter() -> None:
    form = ReviewForm(None, scopes=SCOPES, today=TODAY)
    assert form.default_period.code == "2026-Q4"
    assert _selected(form, "period") == ["2026-Q4"]
    assert _selected(form, "calendar") == ["procuracy"]
    assert _selected(form, "scope") == ["province"]


def test_a_form_without_a_period_selects_and_runs_the_default() -> None:
    form = ReviewForm(QueryDict("scope=org:1"), scopes=SCOPES, today=TODAY)
    assert form.is_valid(), form.errors
    assert _selected(form, "period") == ["2026-Q4"]
    assert form.chosen_period().code == "2026-Q4"
    assert _selected(form, "scope") == ["org:1"]


def test_an_asked_period_stays_selected() -> None:
    form = ReviewForm(QueryDict("period=2026-Q3"), scopes=SCOPES, today=TODAY)
    assert form.is_valid(), form.errors
    assert _selected(form, "period") == ["2026-Q3"]


def test_scope_bodies_are_grouped_with_a_dissolved_court_under_its_successor(
        orgs: dict[str, Any], users: dict[str, Any], make_case: Any) -> None:
    """As every body filter: by kind and level, a dissolved body folded under its successor
    and dated (the review listed a province's dissolved district courts first, flat)."""
    from congminh.apps.organisations.models import Organisation
    from congminh.apps.reports import selectors

    old = Organisation.objects.create(code="TAND-H1", name="Tòa án nhân dân huyện An Lão", kind="court",
                                      level="district", province_code="52", valid_from=dt.date(2010, 1, 1),
                                      valid_to=dt.date(2025, 6, 30))
    orgs["court_a"].predecessors.add(old)
    make_case(holder="court_b", number="02/2026/TLST-DS")
    make_case(holder="court_a", number="01/2026/TLST-DS")
    case = make_case(holder="court_a", number="03/2025/TLST-DS")
    case.holder = old
    case.save(update_fields=["holder"])
    form = ReviewForm(None, scopes=selectors.scope_choices(users["supervisor"]), today=TODAY)
    field = form.fields["scope"]
    assert field.choices[0][0] == "province"  # type: ignore[attr-defined]
    groups = {label: [text for _v, text in options] for label, options in field.choices[1:]  # type: ignore[attr-defined]
              if isinstance(options, list)}
    courts = next(options for label, options in groups.items() if label.startswith("Tòa án"))
    assert courts == [orgs["court_a"].name, "\u00a0\u00a0\u00a0↳ Tòa án nhân dân huyện An Lão — hoạt động đến 30/06/2025",
                      orgs["court_b"].name]
