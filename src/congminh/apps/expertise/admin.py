from django.contrib import admin

from congminh.apps.expertise.models import Expert, ExpertiseField, ExpertiseRequest, RosterEntry


@admin.register(ExpertiseField)
class ExpertiseFieldAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "code", "order", "active")


@admin.register(Expert)
class ExpertAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "kind", "organisation", "appointed_on", "dismissed_on")
    search_fields = ("name", "decision_number")


@admin.register(RosterEntry)
class RosterEntryAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("organisation", "field", "kind", "listed_on", "delisted_on")


@admin.register(ExpertiseRequest)
class ExpertiseRequestAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Read-only: requests change through their steps (services), which record case events."""

    list_display = ("ref", "case", "requested_by", "organisation", "state", "due")
    list_filter = ("state", "pushed_back")

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False
