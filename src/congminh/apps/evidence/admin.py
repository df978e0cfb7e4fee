from django.contrib import admin

from congminh.apps.evidence.models import EvidenceReply, EvidenceRequest


class ReplyInline(admin.TabularInline):  # type: ignore[type-arg]
    model = EvidenceReply
    extra = 0
    can_delete = False
    readonly_fields = ("date", "kind", "document_number", "note", "recorded_by")


@admin.register(EvidenceRequest)
class EvidenceRequestAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Read-only: requests change through their steps (services), which record case events."""

    list_display = ("ref", "case", "requested_by", "organisation", "holder_name", "state", "due")
    list_filter = ("state",)
    inlines = [ReplyInline]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False
