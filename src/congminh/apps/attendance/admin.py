"""Read-only admin: every change goes through `attendance.services` (scope, validation,
audit), which the admin would bypass."""

from __future__ import annotations

from django.contrib import admin

from congminh.apps.attendance.models import Attendance, Summons
from congminh.apps.cases.admin import ReadOnlyAdmin


@admin.register(Summons)
class SummonsAdmin(ReadOnlyAdmin):
    list_display = ("date", "kind", "committee", "case", "opinion_due")
    list_filter = ("kind",)
    search_fields = ("committee__name", "case__title")
    raw_id_fields = ("case",)


@admin.register(Attendance)
class AttendanceAdmin(ReadOnlyAdmin):
    list_display = ("summons", "presence", "authorisation_number", "opinion_filed_on")
    list_filter = ("presence",)
    raw_id_fields = ("summons",)
