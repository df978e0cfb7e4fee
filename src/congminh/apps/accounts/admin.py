from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from congminh.apps.accounts.models import User

# The admin pages say whose they are (Django's «Trang quản trị cho Django» otherwise).
admin.site.site_header = admin.site.site_title = "Công Minh"


@admin.register(User)
class UserAdmin(BaseUserAdmin):  # type: ignore[type-arg]
    """Django's user admin plus the organisation and role that decide a user's scope."""

    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        (_("Scope"), {"fields": ("organisation", "role")}),
    )
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        (_("Scope"), {"fields": ("organisation", "role")}),
    )
    list_display = ("username", "get_full_name", "organisation", "role", "is_active")
    list_filter = ("role", "is_active", "organisation__kind")
    list_select_related = ("organisation",)
