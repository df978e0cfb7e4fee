"""Forms: registering a received document and reviewing what the parser read."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from congminh.apps.directives.labels import STATUS_LABELS
from congminh.apps.directives.models import Recurrence
from congminh.apps.directives.resolve import (
    EXACT,
    UNKNOWN,
    Resolution,
    assignee_resolve,
    bodies_in_existence,
)
from congminh.apps.imports.uploads import LimitedFileField
from congminh.core.files import DOCUMENT_SUFFIXES, SUFFIXES

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"]


def _date_field(label: Any, required: bool = False) -> forms.DateField:
    return forms.DateField(
        label=label, required=required, input_formats=DATE_FORMATS,
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}),
        error_messages={"invalid": _("Enter a date as dd/mm/yyyy.")},
    )


def iso_to_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


class RegisterForm(forms.Form):
    file = LimitedFileField(label=_("Document file (.txt, .docx, .pdf, .png, .jpg)"), required=False,
                            accept=DOCUMENT_SUFFIXES)
    received_on = _date_field(_("Date received"), required=True)
    forwarded_to = forms.CharField(label=_("Forwarded to"), max_length=255, required=False)
    file_code = forms.CharField(label=_("File number and code"), max_length=255, required=False)


class HeaderForm(forms.Form):
    issuer = forms.CharField(label=_("Issuer"), max_length=255)
    type = forms.CharField(label=_("Type"), max_length=100, required=False)
    number_symbol = forms.CharField(label=_("Number and symbol"), max_length=100, required=False)
    date = _date_field(_("Document date"))
    subject = forms.CharField(label=_("Subject"), widget=forms.Textarea(attrs={"rows": 2}))
    signer = forms.CharField(label=_("Signer"), max_length=255, required=False)


class TaskForm(forms.Form):
    """One task; `pick_<j>` fields hold the organisations chosen for the j-th name."""

    ref = forms.CharField(label=_("Point"), max_length=16, required=False)
    text = forms.CharField(label=_("Task"), widget=forms.Textarea(attrs={"rows": 3}))
    assignees = forms.CharField(
        label=_("Assignees as written (one per line)"), required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    due = _date_field(_("Due date"))
    recurrence = forms.ChoiceField(label=_("Recurrence"), choices=Recurrence.choices, required=False)
    report_to = forms.CharField(label=_("Report to"), max_length=255, required=False)

    def __init__(self, *args: Any, province_code: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        raw = self.data.get(self.add_prefix("assignees")) if self.is_bound else None
        if raw is None:
            raw = self.initial.get("assignees", "")
        self.names = [n.strip() for n in str(raw).splitlines() if n.strip()]
        picks = self.initial.get("picks") or {}
        self.resolutions: list[Resolution] = []
        for j, name in enumerate(self.names):
            resolution = assignee_resolve(name, province_code=province_code)
            self.resolutions.append(resolution)
            self.fields[f"pick_{j}"] = self._pick_field(resolution, province_code)
            self.initial[f"pick_{j}"] = picks.get(name, resolution.chosen)

    @staticmethod
    def _pick_field(resolution: Resolution, province_code: str) -> forms.Field:
        if resolution.kind == UNKNOWN:
            # Only bodies that exist today can be given a task.
            orgs = bodies_in_existence(province_code)
            choices = [(str(o.pk), o.name) for o in orgs.order_by("name")]
            widget: forms.Widget = forms.SelectMultiple(attrs={"size": 6})
        else:
            choices = [(str(c.organisation_id), f"{c.name} ({c.score}%)")
                       for c in resolution.candidates]
            widget = forms.CheckboxSelectMultiple()
        return forms.MultipleChoiceField(label=resolution.name, choices=choices, required=False,
                                         widget=widget)

    def pick_fields(self) -> list[tuple[Resolution, forms.BoundField]]:
        return [(r, self[f"pick_{j}"]) for j, r in enumerate(self.resolutions)]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.cleaned_data.get("DELETE"):
            return data
        chosen: set[int] = set()
        picks: dict[str, list[int]] = {}
        for j, resolution in enumerate(self.resolutions):
            ids = [int(v) for v in data.get(f"pick_{j}") or []]
            if not ids and resolution.kind == EXACT:
                ids = list(resolution.chosen)  # an exact name or alias match is not a guess
            if not ids:
                self.add_error(f"pick_{j}", _("Choose the organisation meant by “%(name)s”.")
                               % {"name": resolution.name})
            picks[resolution.name] = ids
            chosen.update(ids)
        if not self.names:
            self.add_error("assignees", _("Enter at least one assignee."))
        data["organisation_ids"] = sorted(chosen)
        data["picks"] = picks
        data["names"] = self.names
        return data


class BaseTaskFormSet(forms.BaseFormSet):  # type: ignore[type-arg]
    def __init__(self, *args: Any, province_code: str = "", **kwargs: Any) -> None:
        self.province_code = province_code
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        return {**super().get_form_kwargs(index), "province_code": self.province_code}


TaskFormSet = forms.formset_factory(TaskForm, formset=BaseTaskFormSet, extra=1, can_delete=True)


def task_formset(data: Any, *, province_code: str, initial: list[dict[str, Any]]) -> Any:
    # formset_factory's return type forgets BaseTaskFormSet's extra keyword.
    return TaskFormSet(data, prefix="t", province_code=province_code,  # type: ignore[call-arg]
                       initial=initial)


class ProgressForm(forms.Form):
    text = forms.CharField(label=_("Progress"), widget=forms.Textarea(attrs={"rows": 3}))
    # Shown filled with the last percentage; left empty, the last percentage stays.
    percent = forms.IntegerField(label=_("Percent done"), min_value=0, max_value=100, required=False,
                                 help_text=_("Leave it as it is to keep the last percentage reported."))
    done = forms.BooleanField(label=_("Done"), required=False)
    attachment = LimitedFileField(label=_("Attachment"), required=False, accept=tuple(SUFFIXES))


class BoardFilterForm(forms.Form):
    directive = forms.TypedChoiceField(label=_("Directive"), required=False, coerce=int,
                                       empty_value=None)
    body = forms.TypedChoiceField(label=_("Body"), required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(label=_("Status"), required=False)

    def __init__(self, *args: Any, directives: Any = (), bodies: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        everything = [("", _("All"))]
        self._choices("directive", everything + [(str(d.pk), str(d)) for d in directives])
        self._choices("body", everything + [(str(o.pk), o.name) for o in bodies])
        self._choices("status", everything + list(STATUS_LABELS.items()))

    def _choices(self, name: str, choices: list[tuple[str, Any]]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices
