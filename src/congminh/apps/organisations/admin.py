from __future__ import annotations

from django.contrib import admin

from congminh.apps.organisations.models import Organisation, OrganisationAlias


class AliasInline(admin.TabularInline):  # type: ignore[type-arg]
    model = OrganisationAlias
    extra = 0
    fields = ("alias",)


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("code", "name", "kind", "level", "province_code", "valid_from", "valid_to")
    list_filter = ("kind", "level", "province_code")
    search_fields = ("code", "name", "name_folded", "aliases__alias")
    filter_horizontal = ("predecessors",)
    raw_id_fields = ("parent",)
    inlines = (AliasInline,)
