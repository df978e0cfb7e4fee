"""Urging letters from the board: issue them, list them, download one (thin views over
`urging`)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from congminh.apps.directives import urging
from congminh.apps.directives.models import UrgingLetter


class UrgeForm(forms.Form):
    bodies = forms.MultipleChoiceField(
        label=gettext_lazy("Late bodies"), widget=forms.CheckboxSelectMultiple,
        error_messages={"required": gettext_lazy("Choose at least one late body.")})
    mode = forms.ChoiceField(label=gettext_lazy("Letters"), choices=UrgingLetter.Mode.choices,
                             initial=UrgingLetter.Mode.PER_BODY, widget=forms.RadioSelect)
    directive = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, late: list[tuple[Any, int]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bodies: Any = self.fields["bodies"]
        bodies.choices = [
            (str(org.pk), _("%(body)s (%(n)d overdue)") % {"body": org.name, "n": n})
            for org, n in late
        ]


def urge_form(user: Any, *, directive_id: int | None, data: Any = None) -> UrgeForm | None:
    """The board's form, or None when `user` may not urge or nobody is late."""
    if not urging.can_urge(user):
        return None
    late = urging.late_bodies(user=user, directive_id=directive_id)
    if not late:
        return None
    return UrgeForm(data, late=late, initial={"directive": directive_id})


@login_required
@require_POST
def urging_new(request: HttpRequest) -> HttpResponse:
    if not urging.can_urge(request.user):
        raise PermissionDenied
    directive = request.POST.get("directive") or ""
    form = urge_form(request.user, directive_id=int(directive) if directive.isdigit() else None,
                     data=request.POST)
    if form is None or not form.is_valid():
        errors = form.errors.get("bodies") if form is not None else None
        messages.error(request, str(errors[0]) if errors else _("The chosen bodies have no overdue tasks."))
        return redirect("directives:board")
    try:
        letters = urging.urging_issue(
            actor=request.user, organisation_ids=[int(pk) for pk in form.cleaned_data["bodies"]],
            mode=form.cleaned_data["mode"], directive_id=form.cleaned_data["directive"])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("directives:board")
    numbers = ", ".join(letter.number_symbol for letter in letters)
    messages.success(request, _("Urging letters issued: %(numbers)s.") % {"numbers": numbers})
    return redirect("directives:urging_list")


@login_required
def urging_list(request: HttpRequest) -> HttpResponse:
    letters = urging.letter_scope(request.user).prefetch_related("recipients")
    return render(request, "directives/urging_list.html", {"letters": letters})


@login_required
def urging_file(request: HttpRequest, pk: int) -> FileResponse:
    """The letter, to its issuer and its recipients only (never from /media/)."""
    letter = urging.letter_scope(request.user).filter(pk=pk).first()
    if letter is None or not letter.file:
        raise Http404("No letter")
    return FileResponse(letter.file.open("rb"), as_attachment=True,
                        filename=f"cong-van-{letter.number}-{letter.year}.docx")
