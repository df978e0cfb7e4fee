"""Read-only admin: every change goes through `supervision.services` (permissions,
validation, audit), which the admin would bypass."""

from __future__ import annotations

from django.contrib import admin

from congminh.apps.cases.admin import ReadOnlyAdmin
from congminh.apps.supervision.models import Recommendation, SupervisionPlan


@admin.register(SupervisionPlan)
class SupervisionPlanAdmin(ReadOnlyAdmin):
    list_display = ("topic", "supervisor", "period_start", "period_end", "status")


@admin.register(Recommendation)
class RecommendationAdmin(ReadOnlyAdmin):
    list_display = ("content", "addressee", "issued_on", "due", "done_on")
