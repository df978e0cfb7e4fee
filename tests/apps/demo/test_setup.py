"""Storing the demo province and `congminh demo setup` (small sizes only)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management import call_command
from django.utils import timezone

from congminh.apps.accounts.models import User
from congminh.apps.cases.models import AgencyNumber, Case, CaseEvent
from congminh.apps.demo.generator import generate
from congminh.apps.demo.services import DEMO_PASSWORD, DEMO_USERS, demo_cases_load, demo_setup
from congminh.apps.organisations.services import organisations_load

AS_OF = dt.date(2026, 11, 26)


def test_loader_stores_every_generated_case(db: Any) -> None:
    organisations_load()
    records = list(generate("XS", 5, AS_OF, count=40))
    result = demo_cases_load(size="XS", seed=5, as_of=AS_OF, count=40)
    assert result.rejections == []
    assert Case.objects.count() == result.cases_created == 40
    assert CaseEvent.objects.count() == sum(len(r.events) for r in records)
    assert AgencyNumber.objects.count() == sum(len(r.numbers) for r in records)
    again = demo_cases_load(size="XS", seed=5, as_of=AS_OF, count=40)
    assert again.cases_created == 0 and again.events_added == 0
    assert Case.objects.count() == 40


def test_setup_twice_is_idempotent(db: Any) -> None:
    first = demo_setup(as_of=AS_OF, count=30)
    assert first.cases is not None and first.cases.cases_created == 30
    counts = (Case.objects.count(), CaseEvent.objects.count(), User.objects.count())
    second = demo_setup(as_of=AS_OF, count=30)
    assert second.cases is None and second.organisations_created == 0
    assert not any(u.created for u in second.users)
    assert (Case.objects.count(), CaseEvent.objects.count(), User.objects.count()) == counts


def test_demo_users_can_log_in_with_their_roles(db: Any) -> None:
    demo_setup(as_of=AS_OF, count=5)
    for username, role, code, _label in DEMO_USERS:
        user = User.objects.get(username=username)
        assert user.check_password(DEMO_PASSWORD)
        assert user.role == role and user.organisation is not None
        assert user.organisation.code == code
    assert User.objects.get(username="toaankv1").organisation.name.startswith(
        "Tòa án nhân dân khu vực 1"
    )


def test_commands_print_the_logins(db: Any, capsys: Any) -> None:
    call_command("organisations", "load")
    call_command("demo", "generate", "--size", "XS", "--seed", "2", "--as-of", "2026-11-26",
                 "--count", "10")
    call_command("demo", "setup", "--as-of", "2026-11-26")
    out = capsys.readouterr().out
    assert Case.objects.count() == 10  # setup saw cases and loaded none
    assert "noichinh" in out and DEMO_PASSWORD in out


def test_clocks_are_refreshed_as_of_the_demo_date(db: Any, monkeypatch: Any) -> None:
    from types import SimpleNamespace

    from congminh.apps.demo import services

    calls: list[dt.date] = []
    fake = SimpleNamespace(cases_refresh_all=lambda *, as_of: calls.append(as_of))
    real_import = services.importlib.import_module

    def import_module(name: str) -> Any:
        return fake if name == "congminh.apps.obligations.services" else real_import(name)

    monkeypatch.setattr(services.importlib, "import_module", import_module)
    organisations_load()
    earlier = dt.date(2026, 6, 30)
    demo_cases_load(size="XS", seed=1, as_of=earlier, count=3)
    assert calls == [earlier]
    # As of today the obligations app has already refreshed on the bulk writer's signal.
    demo_cases_load(size="XS", seed=2, as_of=timezone.localdate(), count=3)
    assert calls == [earlier]


def test_demo_roles_see_what_they_oversee(db: Any) -> None:
    """The provincial Procuracy and the overseers read the whole demo province, the
    provincial enforcement office every enforcement case, and the area court 1 changes
    none of the provincial court's cases (issue: trust)."""
    from congminh.apps.accounts import scope

    demo_setup(as_of=AS_OF, count=400)
    users = {u.username: u for u in User.objects.select_related("organisation")}
    total = Case.objects.count()
    assert scope.readable_cases(users["vks"]).count() == total
    assert scope.readable_cases(users["noichinh"]).count() == total
    enforcement = Case.objects.filter(procedure="enforcement")
    assert enforcement.exists()
    assert set(scope.readable_cases(users["thads"]).values_list("id", flat=True)) >= set(
        enforcement.values_list("id", flat=True))
    provincial = Case.objects.filter(holder__code="GL-TAND")
    assert provincial.exists()
    assert not any(scope.can_change_case(users["toaankv1"], c) for c in provincial)
    assert all(scope.can_change_case(users["toaan"], c) for c in provincial)
