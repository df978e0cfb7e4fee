"""Review comments and report runs in the admin, read-only: comments are written (and
audited) through `services.review_comment_add`, runs by generating a report."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from congminh.apps.reports.models import ReportRun, ReviewComment


class _ReadOnly(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ReviewComment)
class ReviewCommentAdmin(_ReadOnly):
    list_display = ("created_at", "period_code", "case", "kind", "organisation", "author")
    list_filter = ("period_code", "kind")
    list_select_related = ("case", "organisation", "author")


@admin.register(ReportRun)
class ReportRunAdmin(_ReadOnly):
    list_display = ("created_at", "kind", "period_code", "scope", "as_of", "digest", "requested_by")
    list_filter = ("kind", "period_code")
    list_select_related = ("requested_by",)
