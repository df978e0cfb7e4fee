"""The request's trail names the reply's date in lower case, as every other field of the
trail («ngày trả lời», not «Ngày» among «trạng thái», «hạn»)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from congminh.apps.evidence import services
from congminh.apps.evidence.presenters import TRAIL


def test_the_reply_date_in_the_trail(civil_case: Any, cast: dict[str, Any], eorgs: dict[str, Any]) -> None:
    request = services.evidence_request_send(
        actor=cast["officer_a"], case=civil_case, ref="12/2026/YC", documents="Hồ sơ địa chính",
        sent_on=dt.date(2026, 3, 5), organisation=eorgs["committee_a"])
    services.evidence_reply_record(actor=cast["committee_a"], request=request, date=dt.date(2026, 3, 9),
                                   kind="complete", document_number="45/UBND")
    fields = [row["field"] for row in TRAIL.history(request)]
    assert "ngày trả lời" in fields and "Ngày" not in fields
