"""The list and step machinery of the oversight APIs (expertise, evidence, complaints,
attendance, supervision): a page of a list, a body or a coded row named by its code in a
query or a body, and a step run through a service (a refusal of the law is a 400 keyed
by field, as `cases.apis` answers)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from congminh.apps.cases.apis import _service_errors
from congminh.apps.organisations.models import Organisation

service_errors = _service_errors  # a service's ValidationError as a 400: one home, cases.apis

# step name -> what it runs: (actor, object, validated data) -> the service's result
Steps = Mapping[str, Callable[..., Any]]


_PAGES: dict[type[serializers.BaseSerializer[Any]], type[serializers.Serializer[Any]]] = {}


# The largest id a database column holds (a 64-bit integer on SQLite and PostgreSQL): a
# bigger number in a filter is refused as invalid input instead of overflowing the driver.
ID_MAX = 2**63 - 1


def id_filter(help_text: str) -> serializers.IntegerField:
    """An optional filter by a record's id."""
    return serializers.IntegerField(required=False, min_value=1, max_value=ID_MAX,
                                    help_text=help_text)


def page_of(item: type[serializers.BaseSerializer[Any]]) -> type[serializers.Serializer[Any]]:
    """The schema of a `page_response` body whose rows `item` draws (for `extend_schema`):
    the count, the links and the rows, as DRF's page-number pagination writes them."""
    if item not in _PAGES:
        _PAGES[item] = type(f"{item.__name__.removesuffix('Output')}Page", (serializers.Serializer,), {
            "count": serializers.IntegerField(),
            "next": serializers.URLField(allow_null=True),
            "previous": serializers.URLField(allow_null=True),
            "results": item(many=True),
        })
    return _PAGES[item]


def page_response(view: APIView, request: Request, items: Any,
                  render: Callable[[list[Any]], Any]) -> Response:
    """One page of `items` (`?page=`), each drawn by `render`, with the count and links."""
    paginator = PageNumberPagination()
    page = paginator.paginate_queryset(items, request, view=view)
    return paginator.get_paginated_response(render(page or []))


def by_code(model: type[models.Model], code: str, name: str) -> Any:
    """The row of `model` with `code`; a 400 on parameter `name` when there is none."""
    found = model._default_manager.filter(code=code).first()
    if found is None:
        raise serializers.ValidationError({name: [_("Unknown code “%s”.") % code]})
    return found


def body(code: str | None, name: str) -> Organisation | None:
    """The body with `code` (None when no code is given); a 400 on `name` when none has it."""
    if not code:
        return None
    found = Organisation.objects.filter(code=code).first()
    if found is None:
        raise serializers.ValidationError({name: [_("No body has the code “%s”.") % code]})
    return found


def body_id(code: str | None, name: str) -> int | None:
    found = body(code, name)
    return found.pk if found is not None else None


def call_service(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """`fn(*args, **kwargs)`, a write service: its refusal of the user a 403 with the
    reason, its refusal of the input a 400 keyed by field."""
    try:
        return fn(*args, **kwargs)
    except DjangoPermissionDenied as exc:
        raise PermissionDenied(str(exc)) from exc
    except DjangoValidationError as exc:
        raise service_errors(exc) from exc


def run_step(request: Request, obj: Any, step: str, steps: Steps,
             input_class: type[serializers.Serializer[Any]]) -> Any:
    """Validate the posted step and run it on `obj`: 404 for an unknown step, 400 for
    invalid input or a refusal of the service. The service's result."""
    if step not in steps:
        raise NotFound(_("Unknown step “%s”.") % step)
    data = input_class(data=request.data)
    data.is_valid(raise_exception=True)
    return call_service(steps[step], request.user, obj, data.validated_data)
