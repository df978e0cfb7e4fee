from django.contrib import admin

from congminh.apps.complaints.models import Complaint


@admin.register(Complaint)
class ComplaintAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("number", "kind", "case", "against", "resolver", "received_on", "status", "outcome")
    list_filter = ("kind", "status", "outcome", "against", "level")
    search_fields = ("number", "complainant_name", "decision_number")
    raw_id_fields = ("case", "escalated_from")
