from __future__ import annotations

from django.db.models import QuerySet

from congminh.apps.audit.models import AuditEntry


def audit_for_case(*, case_id: int) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(case_id=case_id).select_related("actor")
