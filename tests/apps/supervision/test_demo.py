"""The demo's two supervision plans: deterministic, idempotent, every obligation state, the
demo accounts as actors, and cases flagged for the supervisors to follow."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

import pytest

from congminh.apps.demo.services import demo_cases_load, demo_users_ensure
from congminh.apps.demo.supervision import supervision_demo_ensure
from congminh.apps.organisations.services import organisations_load
from congminh.apps.supervision.models import Recommendation, SupervisionPlan
from congminh.apps.supervision.selectors import with_status

AS_OF = dt.date(2026, 11, 26)


@pytest.mark.django_db
def test_demo_supervision(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    organisations_load()
    demo_users_ensure()
    demo_cases_load(size="XS", seed=5, as_of=AS_OF, count=120)
    first = supervision_demo_ensure(as_of=AS_OF)
    assert (first.plans, first.recommendations, first.responses, first.flagged) == (2, 10, 6, 5)
    assert sorted(SupervisionPlan.objects.values_list("supervisor__code", "created_by__username")) == [
        ("GL-HDND", "hdnd"), ("GL-MTTQ", "mttq")]
    statuses = Counter(with_status(Recommendation.objects.all(), AS_OF).values_list("status", flat=True))
    # worked by hand from the offsets in apps/demo/supervision.py
    assert statuses == {"done_on_time": 2, "done_late": 1, "overdue": 4, "on_time": 3}
    soon = Recommendation.objects.filter(done_on__isnull=True, due__gte=AS_OF,
                                         due__lte=AS_OF + dt.timedelta(days=10))
    assert soon.count() == 1
    # numbered in each plan as in its register, so the register import finds them again
    numbers = sorted(Recommendation.objects.values_list("plan__number", "number"))
    assert numbers == [("08/KH-MTTQ-BTT", f"KN-0{n}") for n in range(1, 6)] + [
        ("15/KH-HĐND", f"KN-0{n}") for n in range(1, 6)]
    vks = Recommendation.objects.get(addressee__code="GL-VKS")
    assert [r.author.username for r in vks.responses.all()] == ["vks", "vks"]
    before = list(Recommendation.objects.values_list("addressee__code", "issued_on", "due", "done_on").order_by("pk"))
    again = supervision_demo_ensure(as_of=AS_OF)
    assert (again.plans, again.recommendations, again.flagged) == (0, 0, 0)
    assert list(Recommendation.objects.values_list("addressee__code", "issued_on", "due", "done_on").order_by("pk")) == before
