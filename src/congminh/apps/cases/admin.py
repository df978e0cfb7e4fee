"""Read-only admin for cases: every change must go through `cases.services`, which
validates, recomputes the stage and writes the audit trail; the admin would bypass all
three, so it only looks."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from congminh.apps.cases.models import AgencyNumber, Case, CaseEvent, Party


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyInline(admin.TabularInline):  # type: ignore[type-arg]
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class AgencyNumberInline(ReadOnlyInline):
    model = AgencyNumber
    fields = ("organisation", "number")


class PartyInline(ReadOnlyInline):
    model = Party
    fields = ("name", "role", "birth_year", "in_custody")


class CaseEventInline(ReadOnlyInline):
    model = CaseEvent
    fields = ("date", "type", "data", "supersedes", "source", "recorded_by")


@admin.register(Case)
class CaseAdmin(ReadOnlyAdmin):
    list_display = ("id", "title", "procedure", "holder", "stage", "status", "next_due")
    list_filter = ("procedure", "stage", "status")
    search_fields = ("title", "search_text", "agency_numbers__number")
    list_select_related = ("holder",)
    inlines = (AgencyNumberInline, PartyInline, CaseEventInline)


@admin.register(CaseEvent)
class CaseEventAdmin(ReadOnlyAdmin):
    list_display = ("id", "case", "date", "type", "source", "recorded_by")
    list_filter = ("type", "source")
    list_select_related = ("case", "recorded_by")
