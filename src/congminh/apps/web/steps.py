"""The step forms of an oversight object's page (expertise and evidence requests,
complaints): one form per step the user may take, posted to `<app>:action`, run through a
service; a refusal of the service shows on the form it came from."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _

# step name -> (its form, what it runs: (actor, object, cleaned data) -> the service's result)
Steps = Mapping[str, tuple[type[Any], Callable[[Any, Any, dict[str, Any]], Any]]]


def add_errors(form: Any, exc: ValidationError) -> None:
    """A service's refusal on the form: on the field it names, else on the whole form."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def step_post(request: HttpRequest, obj: models.Model, step: str, steps: Steps, *,
              page: Callable[..., HttpResponse],
              done: Callable[[Any, Any], HttpResponse]) -> HttpResponse:
    """Run `step` on `obj` from the posted form: `done(obj, result)` (a redirect) when the
    service accepts it, else the object's `page` again with the form and its errors (400)."""
    if step not in steps:
        raise Http404("No such action")
    form_class, run = steps[step]
    form = form_class(request.POST, prefix=step)
    if form.is_valid():
        try:
            result = run(request.user, obj, form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return done(obj, result)
    obj.refresh_from_db()
    return page(request, obj, {step: form}, status=400)


def save_form(request: HttpRequest, form: Any, save: Callable[[dict[str, Any]], Any]) -> Any:
    """What `save` (a write service) makes of a posted, valid `form`'s data; None when
    nothing was posted or the form or the service refused it (the errors are on the form)."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        return save(form.cleaned_data)
    except ValidationError as exc:
        add_errors(form, exc)
        return None
