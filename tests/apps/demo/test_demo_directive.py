"""The demo province comes with the provincial directive confirmed into tasks."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from congminh.apps.demo.directive import demo_directive_ensure
from congminh.apps.demo.services import demo_users_ensure
from congminh.apps.directives.models import Directive, Obligation
from congminh.apps.organisations.services import organisations_load

pytestmark = pytest.mark.django_db


def test_seed_directive_becomes_tracked_tasks(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    organisations_load()
    demo_users_ensure()
    as_of = dt.date(2026, 11, 26)
    directive = demo_directive_ensure(as_of=as_of)
    assert directive is not None
    assert "hoạt động tư pháp" in directive.subject
    quarterly = Obligation.objects.filter(
        task__directive=directive, task__recurrence="quarterly",
        organisation__code="GL-VKS",
    )
    assert quarterly.count() >= 4  # one per quarter over the horizon
    yearly = Obligation.objects.filter(
        task__directive=directive, task__recurrence="yearly", organisation__code="GL-BNC-TU",
    )
    assert yearly.count() >= 1
    # Some progress is reported, none on periods far ahead.
    reported = Obligation.objects.filter(task__directive=directive, percent__gt=0)
    assert reported.exists()
    assert not reported.filter(due__gt=as_of + dt.timedelta(days=60)).exists()
    # Running it again changes nothing.
    assert demo_directive_ensure(as_of=as_of) is None
    assert Directive.objects.count() == 1
