"""At the appellate court the case's stage is «Xét xử phúc thẩm» once the case is brought
to trial there: on the case, in the list's stage filter and in the dashboard's counts; and
the appeal's exceptions (BLTTDS Đ.286 k4) are recorded as details and reach the engine."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from congminh.apps.cases import services
from congminh.apps.cases.forms import EventAppendForm
from congminh.apps.cases.models import Stage
from congminh.apps.cases.selectors import CaseFilters, case_list, case_summary
from congminh.apps.obligations.services import case_clocks_refresh
from congminh.apps.web.presenters import stage_table

D = dt.date
FIRST = [("accepted", D(2026, 1, 5), {}), ("brought_to_trial", D(2026, 2, 2), {}),
         ("judgment_pronounced", D(2026, 3, 2), {})]


def _appeal(received: dict[str, Any]) -> list[tuple[str, dt.date, dict[str, Any]]]:
    return [*FIRST, ("appeal_received", D(2026, 4, 1), {"court": "provincial", **received}),
            ("brought_to_trial", D(2026, 5, 4), {})]


@pytest.mark.django_db
def test_the_appellate_trial_is_its_own_stage(make_case: Any, users: dict[str, Any]) -> None:
    first = make_case(events=FIRST, number="01/2026/DS")
    appeal = make_case(events=_appeal({}), number="02/2026/DS")
    first.refresh_from_db()
    appeal.refresh_from_db()
    assert (first.stage, appeal.stage) == ("trial", "appellate_trial")
    assert str(Stage(appeal.stage).label) == "Xét xử phúc thẩm"
    case_clocks_refresh(case_ids=[appeal.pk], as_of=D(2026, 5, 10))
    assert appeal.obligations.filter(rule="BLTTDS-286-HEARING").exists()
    listed = case_list(user=users["admin"], filters=CaseFilters(stage="appellate_trial"))
    assert [c.pk for c in listed] == [appeal.pk]
    table = stage_table(case_summary(user=users["admin"]).by_stage)
    rows = {r["stage"]: (r["label"], r["total"]) for r in table.rows}
    assert rows["appellate_trial"] == ("Xét xử phúc thẩm", 1)
    assert rows["trial"] == ("Xét xử sơ thẩm", 1)


@pytest.mark.django_db
def test_a_foreign_element_is_recorded_and_leaves_no_appellate_limit(
        make_case: Any, users: dict[str, Any]) -> None:
    case = make_case(events=_appeal({"foreign_element": True}), number="03/2026/DS")
    received = services.law_input(case)["events"][3]
    assert received["foreign_element"] is True
    case_clocks_refresh(case_ids=[case.pk], as_of=D(2026, 5, 10))
    case.refresh_from_db()
    assert case.stage == "appellate_trial"
    assert case.obligations.exists()  # the first instance's (the judgment's issuance)
    assert not case.obligations.filter(rule__startswith="BLTTDS-286").exists()



@pytest.mark.django_db
def test_the_event_form_records_the_exceptions_on_the_receipt_only(make_case: Any) -> None:
    case = make_case(events=FIRST, number="04/2026/DS")
    form = EventAppendForm(case=case, data={"type": "appeal_received", "date": "01/04/2026",
                                            "court": "provincial", "foreign_element": "yes",
                                            "simplified_procedure": "no"})
    assert form.is_valid(), form.errors
    assert form.details() == {"court": "provincial", "foreign_element": True,
                              "simplified_procedure": False}
    assert "foreign_element" in form.fields_by_type()["appeal_received"]
    wrong = EventAppendForm(case=case, data={"type": "brought_to_trial", "date": "04/05/2026",
                                             "foreign_element": "yes"})
    assert not wrong.is_valid() and "foreign_element" in wrong.errors
