from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from congminh.apps.cases.signals import case_events_changed
from congminh.apps.obligations.services import case_clocks_refresh


@receiver(case_events_changed)
def _refresh_clocks(sender: Any, case_ids: list[int], **kwargs: Any) -> None:
    # Incremental: only the cases whose events changed, never the whole province.
    case_clocks_refresh(case_ids=case_ids)
