"""The audit trail is append-only (model, queryset, database triggers) and tamper-evident
(a hash chain that `congminh audit verify` walks)."""

from __future__ import annotations

import datetime as dt
import importlib
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from congminh.apps.audit import services
from congminh.apps.audit.models import AppendOnlyError, AuditEntry
from congminh.apps.audit.selectors import chain_first_break
from congminh.apps.audit.triggers import drop_triggers
from congminh.apps.cases import services as case_services

pytestmark = pytest.mark.django_db


def _verify() -> tuple[int, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command("audit", "verify", "--chunk-size", "3", stdout=out, stderr=err)
    except SystemExit as exit_:
        return int(exit_.code or 0), out.getvalue() + err.getvalue()
    return 0, out.getvalue() + err.getvalue()


def test_chain_verifies_after_normal_activity(make_case: Any, users: dict[str, Any]) -> None:
    case = make_case()
    case_services.case_event_append(actor=users["admin"], case=case, type="preparation_extended",
                                    date=dt.date(2026, 5, 2), data={"months": 1})
    AuditEntry.objects.bulk_create([
        AuditEntry(action="bulk", object_type="x.y", object_id=str(n), new_value={"n": n, "k": [1, 2]})
        for n in range(5)
    ])
    services.audit_append([(timezone.now(), users["officer_a"].pk, "add_event", "cases.caseevent",
                            "9", case.pk, "event", None, {"b": 1, "a": "Đ"}, "import #1: a.xlsx")])
    rows = list(AuditEntry.objects.order_by("id"))
    assert len(rows) > 8
    assert rows[0].prev_hash == ""
    assert all(b.prev_hash == a.hash and len(b.hash) == 64 for a, b in zip(rows, rows[1:], strict=False))
    assert rows[-1].actor_name == "officer_a"
    assert _verify() == (0, "OK\n")


def test_a_changed_row_is_found(make_case: Any) -> None:
    make_case()
    rows = list(AuditEntry.objects.order_by("id").values_list("id", flat=True))
    target = rows[len(rows) // 2]
    # Someone with SQL access lifts the triggers and edits a row (rolled back with the test).
    drop_triggers(connection)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditentry SET note = %s WHERE id = %s", ["sửa lén", target])
    assert chain_first_break() == target
    code, output = _verify()
    assert code == 1 and f"id={target}" in output


def test_a_removed_row_is_found(make_case: Any) -> None:
    make_case()
    rows = list(AuditEntry.objects.order_by("id").values_list("id", flat=True))
    drop_triggers(connection)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditentry WHERE id = %s", [rows[1]])
    assert chain_first_break() == rows[2]


@pytest.mark.parametrize("sql", ["UPDATE audit_auditentry SET note = 'x'", "DELETE FROM audit_auditentry"])
def test_the_database_refuses_changes(make_case: Any, sql: str) -> None:
    make_case()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as c:
        c.execute(sql)
    assert AuditEntry.objects.exclude(note="x").count() == AuditEntry.objects.count() > 0


def test_the_model_refuses_changes(make_case: Any) -> None:
    make_case()
    entry = AuditEntry.objects.order_by("id").first()
    assert entry is not None
    entry.note = "khác"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).update(note="khác")
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).delete()
    assert _verify()[0] == 0


def test_the_migration_hashes_like_the_service() -> None:
    """Migration 0002 chains the rows stored before it with a frozen copy of the hash."""
    migration = importlib.import_module("congminh.apps.audit.migrations.0002_append_only_chain")
    at = dt.datetime(2026, 3, 1, 8, 30, 5, 123, tzinfo=dt.UTC)
    fields = [at, 3, "vks — Lê Văn C", "create", "cases.case", "7", 7, "case", None,
              {"title": "Vụ án", "numbers": ["1:01/2026"]}, "ghi chú"]
    assert migration._entry_hash("ab" * 32, fields) == services.entry_hash("ab" * 32, fields)


def test_the_admin_is_read_only(client: Any, make_case: Any, django_user_model: Any) -> None:
    make_case()
    client.force_login(django_user_model.objects.create_superuser("root", password="x-Mat-khau-9"))
    entry = AuditEntry.objects.order_by("id").first()
    assert entry is not None
    change = client.post(f"/admin/audit/auditentry/{entry.pk}/change/", {"note": "x"})
    delete = client.post(f"/admin/audit/auditentry/{entry.pk}/delete/", {"post": "yes"})
    assert change.status_code in (403, 200) and delete.status_code == 403
    assert AuditEntry.objects.get(pk=entry.pk).note == entry.note


@pytest.mark.django_db(transaction=True)
def test_concurrent_appenders_keep_one_linear_chain() -> None:
    """Writers in parallel transactions: each batch chains onto the one committed before."""
    import threading

    from django.db import connections

    errors: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            for i in range(10):
                with transaction.atomic():
                    services.audit_append([(timezone.now(), None, "t", "x.y", f"{n}-{i}", None, "", None,
                                            {"i": i}, "") for _ in range(3)])
        except BaseException as exc:  # reported below, not lost in the thread
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert AuditEntry.objects.count() == 4 * 10 * 3
    assert chain_first_break() is None
