"""The case timeline names a judgment by its instance: «Tuyên án sơ thẩm» before the appeal
court has the file, «Tuyên án» (the catalogue's neutral label) for the one given on appeal."""

from __future__ import annotations

from datetime import date, datetime
from types import SimpleNamespace
from typing import Any

import pytest

from congminh.apps.web.presenters import timeline


def _event(pk: int, type: str, day: date, withdrawn_at: datetime | None = None) -> Any:
    return SimpleNamespace(pk=pk, type=type, date=day, data={}, supersedes_id=None,
                           supersedes=None, withdrawn_at=withdrawn_at)


def test_a_judgment_after_the_appeal_is_received_is_not_called_first_instance() -> None:
    rows = timeline([
        _event(1, "judgment_pronounced", date(2026, 3, 2)),
        _event(2, "appeal_received", date(2026, 4, 1)),
        _event(3, "judgment_pronounced", date(2026, 6, 15)),
    ])
    assert [r.label for r in rows] == ["Tuyên án sơ thẩm", "Tòa phúc thẩm nhận hồ sơ kháng cáo, "
                                       "kháng nghị", "Tuyên án"]


def test_a_withdrawn_appeal_receipt_leaves_the_first_instance_name() -> None:
    rows = timeline([
        _event(1, "appeal_received", date(2026, 4, 1), withdrawn_at=datetime(2026, 4, 2)),
        _event(2, "judgment_pronounced", date(2026, 6, 15)),
    ])
    assert rows[1].label == "Tuyên án sơ thẩm"


@pytest.mark.django_db
def test_the_event_form_names_the_judgment_as_the_timeline_does(make_case: Any) -> None:
    from congminh.apps.cases import services
    from congminh.apps.cases.forms import EventAppendForm

    case = make_case()  # accepted at first instance
    labels = dict(EventAppendForm(case=case).event_choices)
    assert labels["judgment_pronounced"] == "Tuyên án sơ thẩm"
    services.case_event_append(actor=None, case=case, type="judgment_pronounced", date=date(2026, 3, 2))
    appeal = services.case_event_append(actor=None, case=case, type="appeal_received",
                                        date=date(2026, 4, 1), data={"court": "provincial"})
    labels = dict(EventAppendForm(case=case).event_choices)
    assert labels["judgment_pronounced"] == "Tuyên án"
    assert labels["appeal_received"] == "Tòa phúc thẩm nhận hồ sơ kháng cáo, kháng nghị"
    services.case_event_withdraw(actor=None, event=appeal, reason="nhầm")
    assert dict(EventAppendForm(case=case).event_choices)["judgment_pronounced"] == "Tuyên án sơ thẩm"
