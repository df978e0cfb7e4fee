from __future__ import annotations

from django.db.models import QuerySet

from congminh.apps.organisations.models import Organisation, OrganisationAlias
from congminh.core.text import fold


def organisation_list(*, province_code: str = "", kind: str = "") -> QuerySet[Organisation]:
    qs = Organisation.objects.all()
    if province_code:
        qs = qs.filter(province_code=province_code)
    if kind:
        qs = qs.filter(kind=kind)
    return qs


def organisation_by_name(name: str) -> list[Organisation]:
    """Bodies whose name or an alias folds to the same text as `name` (exact, not fuzzy)."""
    key = fold(name)
    ids = set(Organisation.objects.filter(name_folded=key).values_list("id", flat=True))
    ids |= set(
        OrganisationAlias.objects.filter(alias_folded=key).values_list("organisation_id", flat=True)
    )
    return list(Organisation.objects.filter(id__in=ids))
