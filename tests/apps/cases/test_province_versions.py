"""Data versions per province (`cases.dbobjects`, migration 0010; issue #12): a scope that
reads every body of a province is versioned by the province's row, so its version query
names the province and the few bodies outside it, not every body (a province-wide user
read some 400), and still moves with a write to any body's case in it. Runs on the suite's
database (SQLite here, PostgreSQL with DATABASE_URL)."""

from __future__ import annotations

import datetime as dt
import importlib
from types import SimpleNamespace
from typing import Any

import pytest
from django.apps import apps as django_apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from congminh.apps.accounts import scope
from congminh.apps.cases import dbobjects
from congminh.apps.cases.counts import ReadSet, current_version, read_set
from congminh.apps.cases.models import AgencyNumber, Case
from congminh.apps.organisations.models import Organisation
from congminh.apps.web.pagecache import read_bodies

MIGRATION = importlib.import_module("congminh.apps.cases.migrations.0010_province_versions")


def _more_bodies(count: int, province: str = "52") -> list[Any]:
    return [Organisation.objects.create(code=f"UBND-X{i}", name=f"Ủy ban nhân dân xã {i}", kind="other",
                                        level="commune", province_code=province, valid_from=dt.date(2025, 7, 1))
            for i in range(count)]


def _province(orgs: dict[str, Any]) -> list[int]:
    return [org.pk for name, org in orgs.items() if name != "other_province"]


@pytest.mark.django_db
def test_a_write_to_any_body_of_a_province_moves_its_version(orgs: dict[str, Any], make_case: Any) -> None:
    def gia_lai() -> tuple[int, int] | None:
        return dbobjects.versions(connection, [], ["52"])

    before = gia_lai()
    case = make_case(holder="court_a", number="11/2026/TLST-DS")
    assert gia_lai() != before
    before = gia_lai()
    elsewhere = make_case(holder="other_province", number="1/2026/DS-DN")  # Đà Nẵng: not Gia Lai
    assert gia_lai() == before
    Case.objects.filter(pk=case.pk).update(status="suspended")
    assert gia_lai() != before
    before = gia_lai()
    Case.objects.filter(pk=case.pk).update(holder=orgs["court_b"])
    assert gia_lai() != before
    before = gia_lai()
    Case.objects.filter(pk=elsewhere.pk).update(status="suspended")
    assert gia_lai() == before
    Case.objects.filter(pk=case.pk).delete()
    assert gia_lai() != before


@pytest.mark.django_db
def test_a_number_from_a_body_of_the_province_moves_it(orgs: dict[str, Any], make_case: Any) -> None:
    elsewhere = make_case(holder="other_province", number="1/2026/DS-DN")
    before = dbobjects.versions(connection, [], ["52"])
    AgencyNumber.objects.create(case=elsewhere, organisation=orgs["police"], number="5/2026/CSĐT")
    assert dbobjects.versions(connection, [], ["52"]) != before


@pytest.mark.django_db
def test_read_set_names_the_provinces_a_list_covers(orgs: dict[str, Any]) -> None:
    gia_lai = _province(orgs)
    assert read_set(gia_lai) == ReadSet((), ("52",))
    assert read_set([*gia_lai, orgs["other_province"].pk]) == ReadSet((), ("48", "52"))
    assert read_set(gia_lai[1:]) == ReadSet(tuple(sorted(gia_lai[1:])), ())
    assert read_set([]) == ReadSet(())
    assert read_set(None) is None
    # A new body of the province: the list that named every body no longer covers it.
    _more_bodies(1)
    assert read_set(gia_lai) == ReadSet(tuple(sorted(gia_lai)), ())


@pytest.mark.django_db(transaction=True)  # a scope's set is cached only outside a transaction
def test_a_province_wide_scope_sends_the_same_query_for_400_bodies(orgs: dict[str, Any], users: dict[str, Any],
                                                                    make_case: Any) -> None:
    """The supervisor (the provincial Internal Affairs Committee) reads every body of the
    province: its version query sends a handful of parameters, however many bodies there
    are, and moves with a write to the case of any of them, the new ones included."""
    supervisor = users["supervisor"]
    _more_bodies(400)
    bodies = scope.case_read_bodies(supervisor)
    assert bodies is not None and len(bodies) > 400
    chosen = read_bodies(supervisor)
    assert chosen == ReadSet((), ("52",))
    with CaptureQueriesContext(connection) as queries:
        before = current_version(chosen)
    # One query naming the shared row and the province (400 bodies' ids would be some 2,000 characters).
    (sql,) = [q["sql"] for q in queries]
    assert "IN (0)" in sql and "'52'" in sql and len(sql) < 400, sql

    commune = Organisation.objects.filter(code="UBND-X399").get()
    case = make_case(holder="court_a", number="12/2026/TLST-DS")
    assert current_version(read_bodies(supervisor)) != before
    before = current_version(read_bodies(supervisor))
    Case.objects.filter(pk=case.pk).update(holder=commune)
    assert current_version(read_bodies(supervisor)) != before
    before = current_version(read_bodies(supervisor))
    make_case(holder="other_province", number="2/2026/DS-DN")
    assert current_version(read_bodies(supervisor)) == before  # another province's case

    # A body that joins the province moves every scope, and the set then names it.
    newcomer = Organisation.objects.create(code="TAND-KV9", name="Tòa án nhân dân khu vực 9", kind="court",
                                           level="region", province_code="48", valid_from=dt.date(2025, 7, 1))
    Organisation.objects.filter(pk=newcomer.pk).update(province_code="52")
    assert read_bodies(supervisor) == ReadSet((), ("52",))
    before = current_version(read_bodies(supervisor))
    Case.objects.filter(pk=case.pk).update(holder=newcomer)
    assert current_version(read_bodies(supervisor)) != before


@pytest.mark.django_db
def test_migration_0010_backwards_and_forwards(orgs: dict[str, Any], make_case: Any) -> None:
    with connection.cursor() as cursor:
        editor = SimpleNamespace(connection=connection, execute=lambda sql, params=None: cursor.execute(sql))
        MIGRATION.backwards(django_apps, editor)
        assert dbobjects.PROVINCE_VERSIONS not in connection.introspection.table_names(cursor)
        make_case(holder="court_b")  # the body versions still count without the province's
        MIGRATION.forwards(django_apps, editor)
    before = dbobjects.versions(connection, [], ["52"])
    make_case(holder="court_b", number="3/2026/DS")
    assert dbobjects.versions(connection, [], ["52"]) != before
