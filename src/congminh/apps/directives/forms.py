"""Forms: registering a received document and reviewing what the parser read."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from congminh.apps.directives.labels import STATUS_LABELS, relative_label
from congminh.apps.directives.models import DuePrecision, Recurrence
from congminh.apps.directives.resolve import (
    COLLECTIVE,
    EXACT,
    Resolution,
    assignee_resolve,
    bodies_in_existence,
)
from congminh.apps.imports.uploads import LimitedFileField
from congminh.apps.web.bodies import natural_key
from congminh.core.documents.dates import due_from_document, relative_from_schema
from congminh.core.files import DOCUMENT_SUFFIXES, SUFFIXES
from congminh.core.text import fold

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
    received_on.initial = timezone.localdate  # most documents are registered the day they come
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
    """One task. For the j-th name as written, `pick_<j>` holds the body chosen for it:
    one list pre-filled with the exact match or the best suggestion; for a collective
    name, the bodies it stands for today, taken only once `accept_<j>` is ticked."""

    selected = forms.BooleanField(label=_("Select this task"), required=False)
    ref = forms.CharField(label=_("Point"), max_length=16, required=False)
    text = forms.CharField(label=_("Task"), widget=forms.Textarea(attrs={"rows": 3}))
    assignees = forms.CharField(
        label=_("Assignees as written (one per line)"), required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    add_body = forms.TypedChoiceField(label=_("Assign to"), required=False, coerce=int,
                                      empty_value=None)
    due = _date_field(_("Due date"))
    # What the document's due date stands for (a month target...): kept for the row
    # unless the clerk changes the date (see `due_precision_kept`).
    due_precision = forms.ChoiceField(choices=DuePrecision.choices, required=False,
                                      widget=forms.HiddenInput())
    # A limit the document counts from an event (CONTRACTS.md §2 `due_relative`), carried
    # between rounds as JSON; ticking `due_relative_accept` counts the due date from the
    # document's date (`due_from_document`, the parser's own counting).
    due_relative = forms.CharField(required=False, widget=forms.HiddenInput())
    due_relative_accept = forms.BooleanField(label=_("Count the due date from the document date"),
                                             required=False)
    recurrence = forms.ChoiceField(label=_("Recurrence"), choices=Recurrence.choices, required=False)
    report_to = forms.CharField(label=_("Report to"), max_length=255, required=False)
    # The fields shown inside the task's collapsed details (the rest sit on its row).
    DETAIL_FIELDS = ("text", "ref", "assignees", "recurrence", "report_to")

    def __init__(self, *args: Any, province_code: str = "",
                 bodies: list[tuple[int, str]] | None = None,
                 document_date: dt.date | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.document_date = document_date
        self.relative = self._relative()
        # Today's bodies of the province, read once per page by the formset.
        self.bodies = bodies if bodies is not None else body_choices(province_code)
        everyone = [(str(pk), name) for pk, name in self.bodies]
        _set_choices(self.fields["add_body"], [("", _("— choose a body —")), *everyone])
        ref = self["ref"].value() or ""
        self.fields["selected"].widget.attrs["aria-label"] = _("Select task %(ref)s") % {"ref": ref}
        raw = self.data.get(self.add_prefix("assignees")) if self.is_bound else None
        if raw is None:
            raw = self.initial.get("assignees", "")
        self.names = [n.strip() for n in str(raw).splitlines() if n.strip()]
        picks = self.initial.get("picks") or {}
        accepted = set(self.initial.get("accepted") or [])
        self.resolutions: list[Resolution] = []
        for j, name in enumerate(self.names):
            resolution = assignee_resolve(name, province_code=province_code)
            self.resolutions.append(resolution)
            self.fields[f"pick_{j}"] = self._pick_field(resolution, everyone)
            if resolution.kind == COLLECTIVE:
                # The page's script ticks the same name in the other tasks along with it.
                self.fields[f"accept_{j}"] = forms.BooleanField(
                    required=False, label=_("Assign to all %(n)s bodies “%(name)s” stands for")
                    % {"n": len(resolution.candidates), "name": name},
                    widget=forms.CheckboxInput(attrs={"data-collective": fold(name)}))
                self.initial[f"accept_{j}"] = name in accepted
                self.initial[f"pick_{j}"] = picks.get(name, resolution.chosen)
            else:
                # Pre-filled with the exact match, else the best suggestion.
                best = resolution.chosen or [c.organisation_id for c in resolution.candidates[:1]]
                self.initial[f"pick_{j}"] = next(iter(picks.get(name) or best), None)

    def _relative(self) -> dict[str, Any] | None:
        """The row's `due_relative`, well-formed, or None."""
        raw = self.data.get(self.add_prefix("due_relative")) if self.is_bound else None
        if raw is None:
            raw = self.initial.get("due_relative") or ""
        try:
            value = json.loads(raw) if isinstance(raw, str) and raw else raw
        except ValueError:
            return None
        return value if relative_from_schema(value) else None

    def relative_text(self) -> str:
        return relative_label(self.relative)

    def counted_due(self) -> dt.date | None:
        """The due date of the row's relative limit counted from the document's date."""
        rel = relative_from_schema(self.relative)
        return due_from_document(rel, self.document_date) if rel else None

    @staticmethod
    def _pick_field(resolution: Resolution, everyone: list[tuple[str, str]]) -> forms.Field:
        label = resolution.name
        if resolution.kind == COLLECTIVE:
            members = [(str(c.organisation_id), c.name) for c in resolution.candidates]
            return forms.MultipleChoiceField(label=label, choices=members, required=False,
                                             widget=forms.CheckboxSelectMultiple())
        suggested = [(str(c.organisation_id), f"{c.name} ({c.score}%)") for c in resolution.candidates]
        choices: list[tuple[Any, Any]] = [("", _("— choose a body —"))]
        if suggested:
            choices.append((_("Suggested"), suggested))
        choices.append((_("All bodies"), everyone))
        return forms.ChoiceField(label=label, choices=choices, required=False)

    def pick_fields(self) -> list[tuple[Resolution, forms.BoundField, forms.BoundField | None]]:
        """(resolution, its pick, its acceptance for a collective name) per name."""
        return [(r, self[f"pick_{j}"], self[f"accept_{j}"] if f"accept_{j}" in self.fields else None)
                for j, r in enumerate(self.resolutions)]

    def due_precision_kept(self, due: str | None) -> str:
        """The row's precision while its due date (ISO `due`) is the one it was shown
        with; a date the clerk typed or changed is a day."""
        shown = self.initial.get("due")
        precision = str(self.data.get(self.add_prefix("due_precision")) or DuePrecision.DAY)
        if not due or due != (shown.isoformat() if isinstance(shown, dt.date) else shown):
            return DuePrecision.DAY
        return precision if precision in DuePrecision.values else DuePrecision.DAY

    def detail_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.DETAIL_FIELDS]

    def detail_has_errors(self) -> bool:
        return self.is_bound and any(self.errors.get(name) for name in self.DETAIL_FIELDS)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.cleaned_data.get("DELETE"):
            return data
        self._clean_counted_due(data)
        chosen: set[int] = set()
        picks: dict[str, list[int]] = {}
        names = list(self.names)
        for j, resolution in enumerate(self.resolutions):
            value = data.get(f"pick_{j}") or []
            ids = [int(v) for v in ([value] if isinstance(value, str) else value) if str(v).isdigit()]
            if not ids and resolution.kind == EXACT:
                ids = list(resolution.chosen)  # an exact name or alias match is not a guess
            if resolution.kind == COLLECTIVE and not data.get(f"accept_{j}"):
                self.add_error(f"accept_{j}", _("Confirm the bodies “%(name)s” stands for.")
                               % {"name": resolution.name})
            elif not ids:
                self.add_error(f"pick_{j}", _("Choose the organisation meant by “%(name)s”.")
                               % {"name": resolution.name})
            picks[resolution.name] = ids
            chosen.update(ids)
        added = data.get("add_body")
        if added is not None:
            name = dict(self.bodies)[added]
            names.append(name)
            picks[name] = [added]
            chosen.add(added)
        if not names:
            self.add_error("add_body", _("Enter at least one assignee."))
        data["organisation_ids"] = sorted(chosen)
        data["picks"] = picks
        data["names"] = names
        return data


    def _clean_counted_due(self, data: dict[str, Any]) -> None:
        """An accepted relative limit gives the due date when the clerk typed none; it is
        the document's (not typed by hand) while the date stays the counted one."""
        counted = self.counted_due() if data.get("due_relative_accept") else None
        if data.get("due_relative_accept") and self.relative and counted is None and data.get("due") is None:
            self.add_error("due_relative_accept", _("Enter the document date to count the due date from it."))
        if data.get("due") is None and counted is not None:
            data["due"] = counted
        data["due_counted"] = counted is not None and data.get("due") == counted


def body_choices(province_code: str) -> list[tuple[int, str]]:
    """(id, name) of the bodies that exist today (of the province, if given), by name
    («khu vực 2» before «khu vực 10»)."""
    return sorted(bodies_in_existence(province_code).values_list("pk", "name"), key=lambda b: natural_key(b[1]))


def _set_choices(field: forms.Field, choices: list[tuple[Any, Any]]) -> None:
    assert isinstance(field, forms.ChoiceField)
    field.choices = choices


class BaseTaskFormSet(forms.BaseFormSet):  # type: ignore[type-arg]
    def __init__(self, *args: Any, province_code: str = "", document_date: dt.date | None = None,
                 **kwargs: Any) -> None:
        self.province_code = province_code
        self.document_date = document_date
        self.bodies = body_choices(province_code)
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        return {**super().get_form_kwargs(index), "province_code": self.province_code,
                "bodies": self.bodies, "document_date": self.document_date}


TaskFormSet = forms.formset_factory(TaskForm, formset=BaseTaskFormSet, extra=1, can_delete=True)


def task_formset(data: Any, *, province_code: str, initial: list[dict[str, Any]],
                 document_date: dt.date | None = None) -> Any:
    # formset_factory's return type forgets BaseTaskFormSet's extra keywords.
    return TaskFormSet(data, prefix="t", province_code=province_code,  # type: ignore[call-arg]
                       initial=initial, document_date=document_date)


class BulkForm(forms.Form):
    """The same assignee or due date for every task the clerk selected."""

    body = forms.TypedChoiceField(label=_("Assign the selected tasks to"), required=False,
                                  coerce=int, empty_value=None)
    due = _date_field(_("Due date of the selected tasks"))

    def __init__(self, *args: Any, bodies: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.bodies = bodies
        _set_choices(self.fields["body"],
                     [("", _("— keep the assignees —")), *((str(pk), n) for pk, n in bodies)])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("body") is None and data.get("due") is None:
            raise forms.ValidationError(_("Choose a body or a due date to apply."))
        return data

    def apply(self, tasks: list[dict[str, Any]], selected: list[int]) -> None:
        """Set the chosen body (in place of the names read) and due date on `selected`."""
        body, due = self.cleaned_data.get("body"), self.cleaned_data.get("due")
        name = dict(self.bodies).get(body) if body is not None else None
        for i in selected:
            if name is not None:
                tasks[i].update(assignees=[name], picks={name: [body]}, accepted=[])
            if due is not None:  # a date the clerk set: a day, whatever the document said
                tasks[i].update(due=due.isoformat(), due_precision=DuePrecision.DAY)


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
    # The annual report's counts are of the tasks due in its year: its links carry the year.
    year = forms.IntegerField(label=_("Due in the year"), required=False, min_value=1900,
                              max_value=2999)

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
