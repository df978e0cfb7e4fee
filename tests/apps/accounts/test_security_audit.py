"""The audit of accounts: logins, failed logins, logouts, tokens, and every change of a
user's role, body, flags, groups and permissions (the admin included); deleting a user
keeps who did what."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.urls import reverse

from congminh.apps.accounts.models import User
from congminh.apps.audit.models import AuditEntry
from congminh.apps.cases import services as case_services

pytestmark = pytest.mark.django_db
RIGHT = "matkhau-an-toan-1"


def _trail(user: Any, action: str) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(object_type="accounts.user", object_id=str(user.pk),
                                          action=action).order_by("id"))


def test_logins_failures_and_logouts(client: Any, users: dict[str, Any]) -> None:
    officer = users["officer_a"]
    client.post(reverse("web:login"), {"username": "officer_a", "password": "sai"})
    client.post(reverse("web:login"), {"username": "khong-co-ai", "password": "sai"})
    client.post(reverse("web:login"), {"username": "officer_a", "password": RIGHT})
    client.post(reverse("web:logout"))
    failed = _trail(officer, "account:login_failed")
    assert [(e.actor_id, e.new_value, e.note) for e in failed] == [(None, "officer_a", "IP 127.0.0.1")]
    unknown = AuditEntry.objects.get(action="account:login_failed", object_id="")
    assert unknown.new_value == "khong-co-ai"
    assert [(e.actor_id, e.note) for e in _trail(officer, "account:login")] == [(officer.pk, "IP 127.0.0.1")]
    assert [e.actor_id for e in _trail(officer, "account:logout")] == [officer.pk]
    assert not AuditEntry.objects.filter(new_value=RIGHT).exists()


def _admin_form(user: User, **changes: Any) -> dict[str, Any]:
    data = {
        "username": user.username, "first_name": user.first_name, "last_name": user.last_name,
        "email": "", "is_active": "on", "last_login_0": "", "last_login_1": "",
        "date_joined_0": "2026-01-02", "date_joined_1": "08:00:00",
        "organisation": user.organisation_id, "role": user.role,
        "groups": [], "user_permissions": [],
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_admin_changes_of_role_body_flags_and_permissions(
    client: Any, users: dict[str, Any], orgs: dict[str, Any]
) -> None:
    root = User.objects.create_superuser("root", password="x-Mat-khau-9", first_name="Quản", last_name="Trị")
    client.force_login(root)
    target = users["viewer_a"]
    perm = Permission.objects.get(codename="view_personal_data")
    response = client.post(reverse("admin:accounts_user_change", args=[target.pk]), _admin_form(
        target, role="supervisor", organisation=orgs["internal_affairs"].pk, is_staff="on",
        user_permissions=[perm.pk]))
    assert response.status_code == 302, response.content.decode()[:2000]
    changes = {e.field: (e.old_value, e.new_value, e.actor_id, e.actor_name)
               for e in _trail(target, "account:change")}
    assert changes == {
        "role": ("viewer", "supervisor", root.pk, "root — Quản Trị"),
        "organisation_id": (orgs["court_a"].pk, orgs["internal_affairs"].pk, root.pk, "root — Quản Trị"),
        "is_staff": (False, True, root.pk, "root — Quản Trị"),
    }
    [granted] = _trail(target, "account:permissions")
    assert (granted.new_value, granted.actor_id) == (["accounts.view_personal_data"], root.pk)


def test_groups_and_group_permissions(users: dict[str, Any]) -> None:
    officer = users["officer_a"]
    group = Group.objects.create(name="Giám sát")
    officer.groups.add(group)
    group.user_set.remove(officer)
    officer.groups.add(group)
    officer.groups.clear()
    group.permissions.add(Permission.objects.get(codename="view_personal_data"))
    on_user = [(e.old_value, e.new_value) for e in _trail(officer, "account:groups")]
    assert on_user == [(None, ["Giám sát"]), (None, ["Giám sát"]), (["Giám sát"], None)]
    on_group = AuditEntry.objects.filter(object_type="auth.group", object_id=str(group.pk))
    assert [(e.action, e.field, e.old_value, e.new_value) for e in on_group.order_by("id")] == [
        ("account:groups", "user_set", ["officer_a"], None),
        ("account:group_perms", "permissions", None, ["accounts.view_personal_data"]),
    ]


def test_a_login_does_not_look_like_a_change(client: Any, users: dict[str, Any]) -> None:
    client.post(reverse("web:login"), {"username": "officer_a", "password": RIGHT})
    assert _trail(users["officer_a"], "account:change") == []


def test_tokens_created_and_revoked_without_their_key(users: dict[str, Any]) -> None:
    out = StringIO()
    call_command("token", "create", "officer_a", stdout=out)
    key = out.getvalue().strip()
    call_command("token", "create", "officer_a", "--rotate", stdout=StringIO())
    call_command("token", "revoke", "officer_a")
    actions = [e.action for e in AuditEntry.objects.filter(action__startswith="token:").order_by("id")]
    assert actions == ["token:create", "token:delete", "token:create", "token:delete"]
    entries = AuditEntry.objects.filter(action__startswith="token:")
    assert {e.object_id for e in entries} == {str(users["officer_a"].pk)}
    assert not [e for e in AuditEntry.objects.all() if key in f"{e.object_id}{e.note}{e.old_value}{e.new_value}"]


def test_a_deleted_user_keeps_its_name_on_the_case_trail(
    client: Any, users: dict[str, Any], orgs: dict[str, Any], make_case: Any
) -> None:
    leaver = User.objects.create_user("nghiviec", password=RIGHT, organisation=orgs["court_a"],
                                      role="officer", first_name="Phạm Thị", last_name="Nghỉ")
    case = make_case()
    case_services.case_event_append(actor=leaver, case=case, type="preparation_extended",
                                    date=dt.date(2026, 5, 4), data={"months": 1})
    leaver_pk = leaver.pk
    leaver.delete()
    entry = AuditEntry.objects.filter(case_id=case.pk, action="add_event").latest("id")
    assert (entry.actor_id, entry.actor_name) == (leaver_pk, "nghiviec — Phạm Thị Nghỉ")
    deleted = AuditEntry.objects.get(action="account:delete", object_id=str(leaver_pk))
    assert deleted.old_value == "nghiviec — Phạm Thị Nghỉ"
    client.force_login(users["admin"])
    page = client.get(reverse("web:case_detail", args=[case.pk]))
    assert page.status_code == 200 and "Phạm Thị Nghỉ" in page.content.decode()
    call_command("audit", "verify", stdout=StringIO())
