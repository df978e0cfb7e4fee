"""Admin: bodies' directive settings (default due days, report delay, year start).

Directives, tasks and obligations are changed only through the services (they audit),
so they are read-only here."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from congminh.apps.directives.models import (
    BodySettings,
    Directive,
    IncomingDocument,
    Obligation,
    UrgingLetter,
)


@admin.register(BodySettings)
class BodySettingsAdmin(admin.ModelAdmin):  # type: ignore[type-arg]  # not subscriptable at runtime
    list_display = ("organisation", "report_due_days", "year_start_month")
    raw_id_fields = ("organisation",)


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]  # not subscriptable at runtime
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(IncomingDocument)
class IncomingDocumentAdmin(ReadOnlyAdmin):
    list_display = ("incoming_number", "year", "receiving_body", "received_on", "state")
    list_filter = ("state", "year")


@admin.register(Directive)
class DirectiveAdmin(ReadOnlyAdmin):
    list_display = ("issuer", "type", "number_symbol", "date", "confirmed_on")


@admin.register(Obligation)
class ObligationAdmin(ReadOnlyAdmin):
    list_display = ("task", "organisation", "period_label", "due", "percent", "done_on")


@admin.register(UrgingLetter)
class UrgingLetterAdmin(ReadOnlyAdmin):
    """The outgoing register of urging letters (issued from the board, audited)."""

    list_display = ("number_symbol", "date", "issuer", "subject", "mode")
    list_filter = ("year", "mode")
