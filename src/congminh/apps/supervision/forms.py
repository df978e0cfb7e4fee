"""Forms of the supervision screens: they parse input and hand it to selectors/services."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from congminh.apps.cases.forms import DATE_INPUTS, state_on_day_field
from congminh.apps.directives.labels import DUE_SOON_LABEL, STATUS_LABELS
from congminh.apps.imports.uploads import LimitedFileField
from congminh.apps.organisations.models import Organisation
from congminh.apps.supervision import defaults
from congminh.apps.supervision.models import PlanStatus
from congminh.apps.supervision.selectors import (
    FILTER_STATUSES,
    PlanFilters,
    RecommendationFilters,
)
from congminh.core import statuses
from congminh.core.files import SPREADSHEET_SUFFIXES


def _date_field(label: Any, required: bool = True, help_text: Any = "") -> forms.DateField:
    return forms.DateField(
        label=label, required=required, input_formats=DATE_INPUTS, help_text=help_text,
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}),
    )


def status_labels() -> dict[str, str]:
    """The label of each of FILTER_STATUSES: «Đang thực hiện» (not done yet), the four
    official task statuses and the due-soon hint, labelled as everywhere."""
    return {statuses.OPEN: statuses.IN_PROGRESS_LABEL, **STATUS_LABELS, statuses.DUE_SOON: DUE_SOON_LABEL}


def status_choices() -> list[tuple[str, str]]:
    labels = status_labels()
    return [("", str(_("All statuses")))] + [(s, labels[s]) for s in FILTER_STATUSES]


def _body_field(label: Any, empty: Any, required: bool = False) -> forms.ModelChoiceField[Organisation]:
    return forms.ModelChoiceField(label=label, queryset=Organisation.objects.none(),
                                  required=required, empty_label=empty)


class PlanFilterForm(forms.Form):
    supervisor = _body_field(_("Supervising body"), _("All supervising bodies"))
    status = forms.ChoiceField(label=_("Status"), required=False)
    body = _body_field(_("Body supervised"), _("All bodies"))
    sort = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, supervisors: QuerySet[Organisation],
                 bodies: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["supervisor"].queryset = supervisors  # type: ignore[attr-defined]
        self.fields["body"].queryset = bodies  # type: ignore[attr-defined]
        self.fields["status"].choices = [("", _("All statuses")), *PlanStatus.choices]  # type: ignore[attr-defined]

    def to_filters(self) -> PlanFilters:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        sup, body = data.get("supervisor"), data.get("body")
        return PlanFilters(supervisor_id=sup.pk if sup else None, status=data.get("status") or "",
                           body_id=body.pk if body else None, sort=data.get("sort") or "-start")


class RecommendationFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    supervisor = _body_field(_("Supervising body"), _("All supervising bodies"))
    addressee = _body_field(_("Addressed to"), _("All bodies"))
    status = forms.ChoiceField(label=_("Status"), required=False)
    plan = forms.IntegerField(required=False, widget=forms.HiddenInput)
    sort = forms.CharField(required=False, widget=forms.HiddenInput)
    as_of = state_on_day_field(_("Each recommendation as it stood that day, from its own dates."))

    def __init__(self, *args: Any, supervisors: QuerySet[Organisation],
                 addressees: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["supervisor"].queryset = supervisors  # type: ignore[attr-defined]
        self.fields["addressee"].queryset = addressees  # type: ignore[attr-defined]
        self.fields["status"].choices = status_choices()  # type: ignore[attr-defined]

    def to_filters(self) -> RecommendationFilters:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        sup, adr = data.get("supervisor"), data.get("addressee")
        return RecommendationFilters(
            plan_id=data.get("plan"), supervisor_id=sup.pk if sup else None,
            addressee_id=adr.pk if adr else None, status=data.get("status") or "",
            query=data.get("q") or "", sort=data.get("sort") or "status", as_of=data.get("as_of"))


class PlanForm(forms.Form):
    supervisor = _body_field(_("Supervising body"), None, required=True)
    number = forms.CharField(label=_("Plan number"), max_length=64, required=False)
    topic = forms.CharField(label=_("Topic"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
    bodies = forms.ModelMultipleChoiceField(label=_("Bodies supervised"),
                                            queryset=Organisation.objects.none(),
                                            widget=forms.SelectMultiple(attrs={"size": 8}))
    period_start = _date_field(_("Period start"))
    period_end = _date_field(_("Period end"))

    def __init__(self, *args: Any, supervisors: QuerySet[Organisation],
                 bodies: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["supervisor"].queryset = supervisors  # type: ignore[attr-defined]
        self.fields["bodies"].queryset = bodies  # type: ignore[attr-defined]


class PlanStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=PlanStatus.choices)


class VisitForm(forms.Form):
    date = _date_field(_("Date of the visit"))
    body = _body_field(_("Body visited"), None, required=True)
    findings = forms.CharField(label=_("Findings"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, bodies: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies  # type: ignore[attr-defined]


class RecommendationForm(forms.Form):
    number = forms.CharField(label=_("Recommendation number"), max_length=64, required=False)
    addressee = _body_field(_("Addressed to"), None, required=True)
    content = forms.CharField(label=_("Recommendation"), widget=forms.Textarea(attrs={"rows": 3}))
    issued_on = _date_field(_("Issued on"))
    due = _date_field(_("Response due"), required=False)
    visit = forms.ModelChoiceField(label=_("After the visit"), queryset=Organisation.objects.none(),
                                   required=False, empty_label="—")

    def __init__(self, *args: Any, bodies: QuerySet[Organisation], visits: QuerySet[Any],
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["addressee"].queryset = bodies  # type: ignore[attr-defined]
        self.fields["visit"].queryset = visits  # type: ignore[attr-defined]
        self.fields["due"].help_text = _(
            "Empty: %(n)s days after the issue date (the default in the supervision settings).") % {
            "n": defaults.response_days()}


class ResponseForm(forms.Form):
    date = _date_field(_("Date of the response"))
    text = forms.CharField(label=_("Response"), widget=forms.Textarea(attrs={"rows": 3}))
    done = forms.BooleanField(label=_("The recommendation is fully carried out"), required=False)

    def __init__(self, *args: Any, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = today


class ReasonForm(forms.Form):
    note = forms.CharField(label=_("Reason"), max_length=255)


class DueForm(forms.Form):
    due = _date_field(_("New response deadline"))
    note = forms.CharField(label=_("Reason"), max_length=255)


class RecommendationImportForm(forms.Form):
    file = LimitedFileField(label=_("Register of recommendations (XLSX or CSV)"),
                            accept=SPREADSHEET_SUFFIXES)


FLAG_CHOICES = [(name, statuses.flag_label(name)) for name in statuses.SUPERVISION_FLAGS]


class FlagForm(forms.Form):
    """Set or clear one supervision flag of a case (by id, or by its number at any body)."""

    case = forms.IntegerField(required=False, widget=forms.HiddenInput)
    number = forms.CharField(label=_("Case number"), required=False, max_length=100)
    flag = forms.ChoiceField(label=_("Flag"), choices=FLAG_CHOICES)
    value = forms.ChoiceField(label=_("Action"), choices=[
        ("1", _("Set the flag")), ("0", _("Clear the flag"))])
    reason = forms.CharField(label=_("Reason"), max_length=255)
    back = forms.CharField(required=False, widget=forms.HiddenInput)  # the list's filters and sort

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("case") and not (data.get("number") or "").strip():
            raise forms.ValidationError(_("Give the case number."))
        return data
