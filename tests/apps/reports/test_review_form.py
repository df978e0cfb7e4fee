"""The review form's selects show the review the page shows: the default period (the
Procuracy's last ended quarter) is the selected option, not the first one offered."""

from __future__ import annotations

import datetime as dt
import re

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
