from __future__ import annotations

from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from congminh.apps.cases.forms import DATE_INPUTS


class PeriodForm(forms.Form):
    """A period as people type it (dd/mm/yyyy); by default the current calendar year."""

    start = forms.DateField(label=_("From"), required=False, input_formats=DATE_INPUTS,
                            widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}))
    end = forms.DateField(label=_("To"), required=False, input_formats=DATE_INPUTS,
                          widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}))

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if isinstance(start, date) and isinstance(end, date) and start > end:
            raise forms.ValidationError(_("The start of the period is after its end."))
        return data

    def period(self) -> tuple[date, date]:
        today = timezone.localdate()
        data = self.cleaned_data if self.is_valid() else {}
        start = data.get("start") or date(today.year, 1, 1)
        end = data.get("end") or date(start.year, 12, 31)
        return start, end
