"""The audit of accounts: logins, failed logins, logouts, lockouts, API tokens, and every
change of a user's role, body, status flags, groups and permissions — through the
screens, the admin or the command line alike, hence signals rather than services.

The actor is the signed-in user of the current request (`audit.context`); changes made
outside a request (commands, the shell) are recorded without one ("system").
API token keys never reach the trail: a token is recorded as its user's.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from rest_framework.authtoken.models import Token

from congminh.apps.accounts.models import User
from congminh.apps.audit.context import client_ip, current_actor, current_request
from congminh.apps.audit.services import actor_label, audit_record

# The fields of a user that decide what the user may do.
WATCHED = ("username", "role", "organisation_id", "is_active", "is_staff", "is_superuser")


def _ip_note(request: Any) -> str:
    ip = client_ip(request)
    return f"IP {ip}" if ip else ""


def on_logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    audit_record(actor=user, action="account:login", obj=user, note=_ip_note(request))


def on_logged_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None and user.pk:
        audit_record(actor=user, action="account:logout", obj=user, note=_ip_note(request))


def on_login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    tried = str(credentials.get("username", ""))[:150]
    known = User.objects.filter(username=tried).first()
    audit_record(actor=None, action="account:login_failed", obj=known or User(pk=None),
                 changes={"username": (None, tried)}, note=_ip_note(request))


def on_locked_out(sender: Any, request: Any = None, username: str = "", ip_address: str = "",
                  **kwargs: Any) -> None:
    known = User.objects.filter(username=username).first()
    audit_record(actor=None, action="account:locked_out", obj=known or User(pk=None),
                 changes={"username": (None, str(username)[:150])},
                 note=f"IP {ip_address}" if ip_address else "")


def _watched(user: Any) -> dict[str, Any]:
    return {name: getattr(user, name) for name in WATCHED}


def before_user_save(sender: Any, instance: User, update_fields: Any = None, **kwargs: Any) -> None:
    """Remember the stored values of the watched fields (a login saves only last_login:
    nothing to compare then)."""
    instance._audit_before = None  # type: ignore[attr-defined]
    if instance.pk is None or kwargs.get("raw"):
        return
    if update_fields is not None and not {f.replace("organisation", "organisation_id")
                                          for f in update_fields} & set(WATCHED):
        return
    stored = User.objects.filter(pk=instance.pk).values(*WATCHED).first()
    instance._audit_before = stored  # type: ignore[attr-defined]


def after_user_save(sender: Any, instance: User, created: bool, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    now = _watched(instance)
    if created:
        audit_record(actor=current_actor(), action="account:create", obj=instance,
                     changes={k: (None, v) for k, v in now.items()})
        return
    before = getattr(instance, "_audit_before", None)
    if before is None:
        return
    changes = {k: (before[k], now[k]) for k in WATCHED if before[k] != now[k]}
    if changes:
        audit_record(actor=current_actor(), action="account:change", obj=instance, changes=changes)


def after_user_delete(sender: Any, instance: User, **kwargs: Any) -> None:
    audit_record(actor=current_actor(), action="account:delete", obj=instance,
                 changes={"user": (actor_label(instance), None)})


def _m2m_names(model: Any, pks: Any) -> list[str]:
    if model is Group:
        return sorted(Group.objects.filter(pk__in=pks).values_list("name", flat=True))
    if model is User:
        return sorted(User.objects.filter(pk__in=pks).values_list("username", flat=True))
    return sorted(f"{app}.{code}" for app, code in model.objects.filter(pk__in=pks).values_list(
        "content_type__app_label", "codename"))


def _on_m2m(field: str, action_name: str) -> Any:
    """A handler for one many-to-many relation: who gained or lost which members, from
    either side (`user.groups.add(g)` or `g.user_set.add(user)`)."""

    def handler(sender: Any, instance: Any, action: str, reverse: bool, model: Any, pk_set: Any,
                **kwargs: Any) -> None:
        if action == "pre_clear":
            # Clearing gives no pk_set afterwards: remember the members now.
            manager = getattr(instance, field if not reverse else _reverse_name(field, instance))
            instance._audit_cleared = list(manager.values_list("pk", flat=True))
            return
        if action not in ("post_add", "post_remove", "post_clear"):
            return
        pks = set(getattr(instance, "_audit_cleared", [])) if action == "post_clear" else set(pk_set or ())
        if not pks:
            return
        names = _m2m_names(model, pks)
        old, new = (names, None) if action != "post_add" else (None, names)
        side = _reverse_name(field, instance) if reverse else field
        audit_record(actor=current_actor(), action=action_name, obj=instance,
                     changes={side: (old, new)})

    return handler


def _reverse_name(field: str, instance: Any) -> str:
    # The other side of User.groups / User.user_permissions / Group.permissions.
    return {"groups": "user_set", "user_permissions": "user_set", "permissions": "group_set"}[field]


def on_token_saved(sender: Any, instance: Token, created: bool, **kwargs: Any) -> None:
    if created:
        audit_record(actor=current_actor(), action="token:create", obj=instance.user,
                     note=_ip_note(current_request()))


def on_token_deleted(sender: Any, instance: Token, **kwargs: Any) -> None:
    user = User.objects.filter(pk=instance.user_id).first()
    audit_record(actor=current_actor(), action="token:delete", obj=user or User(pk=instance.user_id),
                 note=_ip_note(current_request()))


def connect() -> None:
    from axes.signals import user_locked_out

    user_logged_in.connect(on_logged_in, dispatch_uid="audit-login")
    user_logged_out.connect(on_logged_out, dispatch_uid="audit-logout")
    user_login_failed.connect(on_login_failed, dispatch_uid="audit-login-failed")
    user_locked_out.connect(on_locked_out, dispatch_uid="audit-locked-out")
    pre_save.connect(before_user_save, sender=User, dispatch_uid="audit-user-before")
    post_save.connect(after_user_save, sender=User, dispatch_uid="audit-user-after")
    post_delete.connect(after_user_delete, sender=User, dispatch_uid="audit-user-delete")
    m2m_changed.connect(_on_m2m("groups", "account:groups"), sender=User.groups.through,
                        dispatch_uid="audit-user-groups", weak=False)
    m2m_changed.connect(_on_m2m("user_permissions", "account:permissions"),
                        sender=User.user_permissions.through, dispatch_uid="audit-user-perms", weak=False)
    m2m_changed.connect(_on_m2m("permissions", "account:group_perms"), sender=Group.permissions.through,
                        dispatch_uid="audit-group-perms", weak=False)
    post_save.connect(on_token_saved, sender=Token, dispatch_uid="audit-token-create")
    post_delete.connect(on_token_deleted, sender=Token, dispatch_uid="audit-token-delete")
