"""The review's parameters and the comment form."""

from __future__ import annotations

import contextlib
import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from congminh.apps.reports.models import CommentKind
from congminh.apps.reports.selectors import ScopeChoice
from congminh.core.periods import Period, last_ended, parse_period, reporting_years, review_periods

DEFAULT_YEAR = "procuracy"  # the quarterly review is the Procuracy's (directive point 2)


AS_OF_FORMATS = ["%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y", "%Y-%m-%dT%H:%M",
                 "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M:%S.%f", "%Y-%m-%d %H:%M", "%Y-%m-%d"]


class ReviewForm(forms.Form):
    calendar = forms.ChoiceField(label=_("Reporting year"), required=False)
    period = forms.ChoiceField(label=_("Reporting period"), required=False)
    scope = forms.ChoiceField(label=_("Scope"), required=False)
    as_of = forms.DateTimeField(
        label=_("Events recorded up to"), required=False,
        widget=forms.DateTimeInput(attrs={"placeholder": "dd/mm/yyyy hh:mm", "size": 16},
                                   format="%d/%m/%Y %H:%M"),
        input_formats=AS_OF_FORMATS,
        help_text=_("Empty: now. The review counts the events recorded up to this moment."))

    def __init__(self, data: Any, *, scopes: list[ScopeChoice], today: dt.date) -> None:
        super().__init__(data)
        years = reporting_years()
        self._choices("calendar", [
            (key, f"{y.name_vi}{' [' + y.confidence + ']' if y.confidence != 'V' else ''}")
            for key, y in years.items()])
        key = self.data.get("calendar") or DEFAULT_YEAR
        self.year_start_month = years.get(key, years[DEFAULT_YEAR]).starts_month
        self.default_period = last_ended("quarterly", today, year_start_month=self.year_start_month)
        offered = [(p.code, p.label_vi) for p in
                   review_periods(today, year_start_month=self.year_start_month)]
        asked = str(self.data.get("period") or "")
        if asked and asked not in dict(offered):  # any period may be asked for by its code
            # An unreadable code is left out: the field reports it and the default is shown.
            with contextlib.suppress(ValueError):
                offered.insert(0, (asked, parse_period(asked, year_start_month=self.year_start_month).label_vi))
        self._choices("period", offered)
        self._choices("scope", _grouped(scopes))
        # The choices shown are the review shown: without them the selects showed their first
        # option («Năm 2027») over the default quarter's figures, and «Rà soát» ran that.
        self.initial = {"calendar": key if key in years else DEFAULT_YEAR,
                        "period": self.default_period.code, "scope": "province"}
        if self.is_bound and not self.data.get("period"):
            self.data = {**{k: self.data.get(k) for k in self.data}, "period": self.default_period.code}

    def _choices(self, name: str, choices: list[tuple[str, str]]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices

    def chosen_period(self) -> Period:
        code = self.cleaned_data.get("period") if self.is_valid() else None
        return parse_period(code, year_start_month=self.year_start_month) if code else self.default_period

    def chosen_scope(self) -> str:
        return (self.cleaned_data.get("scope") if self.is_valid() else None) or "province"

    def chosen_instant(self) -> dt.datetime | None:
        """The instant asked for; None for now (the report computed as of now is cached
        until something is recorded, an explicit instant under that instant)."""
        value: dt.datetime | None = self.cleaned_data.get("as_of") if self.is_valid() else None
        return value


def _grouped(scopes: list[ScopeChoice]) -> list[Any]:
    """The scopes under one <optgroup> per group, in the order given (ungrouped ones first)."""
    choices: list[Any] = [(s.value, s.label) for s in scopes if not s.group]
    groups: dict[str, list[tuple[str, str]]] = {}
    for s in scopes:
        if s.group:
            groups.setdefault(s.group, []).append((s.value, s.label))
    return choices + list(groups.items())


class AnnualForm(forms.Form):
    """The annual report's year (the Party's calendar year) and instant."""

    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False)
    as_of = forms.DateTimeField(
        label=_("Records up to"), required=False, input_formats=AS_OF_FORMATS,
        widget=forms.DateTimeInput(attrs={"placeholder": "dd/mm/yyyy hh:mm", "size": 16},
                                   format="%d/%m/%Y %H:%M"),
        help_text=_("Empty: now. The report counts what was recorded up to this moment."))

    def __init__(self, data: Any, *, today: dt.date) -> None:
        super().__init__(data)
        self.default_year = today.year
        field = self.fields["year"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(str(y), str(y)) for y in range(today.year, today.year - 5, -1)]

    def chosen_year(self) -> int:
        year = self.cleaned_data.get("year") if self.is_valid() else None
        return int(year) if year else self.default_year

    def chosen_instant(self) -> dt.datetime | None:
        """The instant asked for; None for now (the report computed as of now is cached
        until something is recorded, an explicit instant under that instant)."""
        value: dt.datetime | None = self.cleaned_data.get("as_of") if self.is_valid() else None
        return value


class CommentForm(forms.Form):
    period = forms.CharField(widget=forms.HiddenInput)
    kind = forms.ChoiceField(label=_("Kind"), choices=CommentKind.choices)
    text = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}),
                           max_length=4000)
    next = forms.CharField(widget=forms.HiddenInput, required=False)
