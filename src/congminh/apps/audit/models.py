"""The audit trail: who changed what, when, from which value to which.

The trail is append-only and tamper-evident. Rows are only ever added, through
`audit.services.audit_append`, which chains them: each row carries the hash of the row
before it (`prev_hash`) and its own `hash` over that and its fields, so a row changed or
removed behind the application's back breaks the chain (`congminh audit verify`). The
model and its queryset refuse changes and deletions; database triggers (migration 0002)
refuse them to any SQL client as well.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class AppendOnlyError(Exception):
    """An attempt to change or delete an audit entry."""


class AuditQuerySet(models.QuerySet["AuditEntry"]):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("The audit trail is append-only: entries are never updated.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("The audit trail is append-only: entries are never deleted.")

    def bulk_update(self, objs: Iterable[AuditEntry], fields: Any, batch_size: int | None = None) -> int:
        raise AppendOnlyError("The audit trail is append-only: entries are never updated.")

    def bulk_create(self, objs: Iterable[AuditEntry], *args: Any, **kwargs: Any) -> list[AuditEntry]:
        """Chained like every other write (`audit_append`); options of Django's own
        bulk_create (conflicts, batch size) do not apply to an append-only chain."""
        from congminh.apps.audit.services import audit_append_entries

        return audit_append_entries(list(objs))


class AuditEntry(models.Model):
    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    # No database constraint and nothing done on delete: deleting a user leaves its id
    # (and `actor_name`) on the rows it wrote; the trail never changes.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.DO_NOTHING,
        db_constraint=False, related_name="+", verbose_name=_("actor"),
    )
    actor_name = models.CharField(
        _("actor name"), max_length=255, blank=True, default="",
        help_text=_("The actor's login and full name when the entry was written."),
    )
    action = models.CharField(_("action"), max_length=32)
    object_type = models.CharField(_("object type"), max_length=64)
    object_id = models.CharField(_("object id"), max_length=64)
    # The case a change belongs to, when it belongs to one, so a case page lists them.
    case_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    field = models.CharField(_("field"), max_length=64, blank=True)
    old_value = models.JSONField(_("old value"), null=True, blank=True)
    new_value = models.JSONField(_("new value"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)
    prev_hash = models.CharField(
        _("previous hash"), max_length=64, blank=True, default="",
        help_text=_("The hash of the entry before this one (empty for the first)."),
    )
    hash = models.CharField(
        pgettext_lazy("digest", "hash"), max_length=64, blank=True, default="",
        help_text=_("SHA-256 over the previous hash and this entry's fields."),
    )

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type}#{self.object_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """A new entry is appended to the chain; an existing one is never saved again."""
        if self.pk is not None:
            raise AppendOnlyError("The audit trail is append-only: entries are never updated.")
        from congminh.apps.audit.services import audit_append_entries

        audit_append_entries([self])

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("The audit trail is append-only: entries are never deleted.")

    @property
    def actor_shown(self) -> str:
        """The actor as a person reads it: the full name kept on the row, else the login."""
        return self.actor_name.split(" — ", 1)[-1]
