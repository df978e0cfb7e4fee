"""Forms of the attendance screens: they parse input and hand it to selectors/services."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from congminh.apps.attendance.models import OpinionStatus, Presence, SessionKind
from congminh.apps.attendance.selectors import (
    DEFAULT_SORT,
    NOT_LAWFUL,
    NOT_RECORDED,
    RATE_SORTS,
    SORTS,
    RateFilters,
    SummonsFilters,
)
from congminh.apps.cases.forms import DATE_INPUTS
from congminh.apps.organisations.models import Organisation
from congminh.core.periods import period_containing, periods_between


def _date_field(label: Any, required: bool = False) -> forms.DateField:
    return forms.DateField(
        label=label, required=required, input_formats=DATE_INPUTS,
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}),
    )


def quarter_choices(today: dt.date, count: int = 8) -> list[tuple[str, str]]:
    """The last `count` calendar quarters, newest first, as "start:end" values."""
    first = period_containing("quarterly", today).start
    for _i in range(count - 1):
        first = period_containing("quarterly", first - dt.timedelta(days=1)).start
    quarters = periods_between("quarterly", first, period_containing("quarterly", today).end)
    return [(f"{p.start.isoformat()}:{p.end.isoformat()}", p.label) for p in reversed(quarters)]


def _dates(data: dict[str, Any]) -> tuple[dt.date | None, dt.date | None]:
    """The date range of the filters: from/to, narrowed by the chosen quarter."""
    start, end = data.get("date_from"), data.get("date_to")
    quarter = data.get("quarter") or ""
    if quarter:
        q_start, q_end = (dt.date.fromisoformat(v) for v in quarter.split(":"))
        start = max(start, q_start) if start else q_start
        end = min(end, q_end) if end else q_end
    return start, end


class _FilterForm(forms.Form):
    """The filters both lists share; the summons list adds attendance and opinion."""

    committee = forms.ModelChoiceField(label=_("People's Committee"), queryset=Organisation.objects.none(),
                                       required=False, empty_label=_("All committees"))
    court = forms.ModelChoiceField(label=_("Court"), queryset=Organisation.objects.none(),
                                   required=False, empty_label=_("All courts"))
    kind = forms.ChoiceField(label=_("Session"), required=False,
                             choices=[("", _("All sessions")), *SessionKind.choices])
    quarter = forms.ChoiceField(label=_("Quarter"), required=False)
    date_from = _date_field(_("From"))
    date_to = _date_field(_("To"))
    sort = forms.ChoiceField(required=False, widget=forms.HiddenInput,
                             choices=[(s, s) for s in RATE_SORTS])
    default_sort = "-absence_rate"

    def __init__(self, *args: Any, committees: QuerySet[Organisation],
                 courts: QuerySet[Organisation], today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, queryset in (("committee", committees), ("court", courts)):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = queryset
        quarter = self.fields["quarter"]
        assert isinstance(quarter, forms.ChoiceField)
        quarter.choices = [("", _("Any quarter")), *quarter_choices(today)]

    def _data(self) -> dict[str, Any]:
        """The valid filters; an invalid one is dropped (and reported by the form)."""
        return self.cleaned_data if self.is_bound and hasattr(self, "cleaned_data") else {}

    def _common(self) -> dict[str, Any]:
        data = self._data()
        start, end = _dates(data)
        committee, court = data.get("committee"), data.get("court")
        return {"committee_id": committee.pk if committee else None,
                "court_id": court.pk if court else None, "kind": data.get("kind") or "",
                "date_from": start, "date_to": end, "sort": data.get("sort") or self.default_sort}


class RateFilterForm(_FilterForm):
    def to_filters(self) -> RateFilters:
        return RateFilters(**self._common())


class SummonsFilterForm(_FilterForm):
    presence = forms.ChoiceField(label=_("Attendance"), required=False, choices=[
        ("", _("Any attendance")), ("absent", _("Absent (with or without a reason)")),
        (NOT_LAWFUL, _("Not lawful (absent, or someone else)")),
        *Presence.choices, (NOT_RECORDED, _("Held, not yet recorded")),
    ])
    opinion = forms.ChoiceField(label=_("Written opinion"), required=False,
                                choices=[("", _("Any")), *OpinionStatus.choices])
    sort = forms.ChoiceField(required=False, widget=forms.HiddenInput,
                             choices=[(s, s) for s in SORTS])
    default_sort = DEFAULT_SORT
    field_order = ["committee", "court", "kind", "presence", "opinion", "quarter", "date_from", "date_to"]

    def to_filters(self) -> SummonsFilters:
        data = self._data()
        return SummonsFilters(**self._common(), presence=data.get("presence") or "",
                              opinion=data.get("opinion") or "")


class CommitteeChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class SummonsForm(forms.Form):
    kind = forms.ChoiceField(label=_("Session"), choices=SessionKind.choices)
    date = _date_field(_("Session date"), required=True)
    committee = CommitteeChoiceField(label=_("People's Committee summoned"),
                                     queryset=Organisation.objects.none())
    opinion_due = _date_field(_("Written opinion due"))
    note = forms.CharField(label=_("Note"), required=False, max_length=255)

    def __init__(self, *args: Any, committees: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["committee"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = committees


class AttendanceForm(forms.Form):
    presence = forms.ChoiceField(label=_("Who attended for the committee"), choices=Presence.choices,
                                 widget=forms.RadioSelect)
    attendee_name = forms.CharField(label=_("Attendee (name, office)"), required=False, max_length=200)
    authorisation_number = forms.CharField(label=_("Authorisation number"), required=False,
                                           max_length=100)
    authorisation_date = _date_field(_("Authorisation date"))
    absence_reason = forms.CharField(label=_("Reason for absence"), required=False, max_length=255)
    opinion_filed_on = _date_field(_("Written opinion received on"))
