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


CRIMINAL_FIRST = [("accepted", D(2026, 1, 5), {}), ("brought_to_trial", D(2026, 2, 2), {}),
                  ("judgment_pronounced", D(2026, 3, 2), {})]


def _criminal_case(make_case: Any, number: str) -> Any:
    return make_case(procedure="criminal", category="less_serious", title="Trộm cắp tài sản",
                     number=number, events=CRIMINAL_FIRST)


@pytest.mark.django_db
def test_a_criminal_appeal_refuses_a_foreign_element_through_the_service(
        make_case: Any, users: dict[str, Any]) -> None:
    from django.core.exceptions import ValidationError
    case = _criminal_case(make_case, "05/2026/HS")
    with pytest.raises(ValidationError) as refused:
        services.case_event_append(actor=users["admin"], case=case, type="appeal_received",
                                   date=D(2026, 4, 1),
                                   data={"court": "provincial", "foreign_element": True})
    message = " ".join(refused.value.message_dict["data"])
    assert "foreign_element" in message and "vụ việc hình sự" in message
    assert not case.events.filter(type="appeal_received").exists()
    # The simplified procedure is the criminal code's own (BLTTHS Đ.456 k2, Đ.464): kept,
    # and its 15-day decision limit replaces Đ.346 k2's 45 days.
    services.case_event_append(actor=users["admin"], case=case, type="appeal_received",
                               date=D(2026, 4, 1),
                               data={"court": "provincial", "simplified_procedure": True})
    assert services.law_input(case)["events"][3]["simplified_procedure"] is True
    case_clocks_refresh(case_ids=[case.pk], as_of=D(2026, 4, 5))
    rules = set(case.obligations.values_list("rule", flat=True))
    assert "BLTTHS-464" in rules and "BLTTHS-346-DECISION" not in rules


@pytest.mark.django_db
def test_the_event_form_offers_no_foreign_element_for_a_criminal_appeal(make_case: Any) -> None:
    case = _criminal_case(make_case, "06/2026/HS")
    form = EventAppendForm(case=case)
    assert form.fields_by_type()["appeal_received"] == ["court", "simplified_procedure"]
    civil = EventAppendForm(case=make_case(events=FIRST, number="07/2026/DS"))
    assert civil.fields_by_type()["appeal_received"] == ["court", "simplified_procedure",
                                                          "foreign_element"]
    sent = EventAppendForm(case=case, data={"type": "appeal_received", "date": "01/04/2026",
                                            "court": "provincial", "foreign_element": "no"})
    assert not sent.is_valid()
    assert "foreign_element" in sent.errors and "hình sự" in sent.errors["foreign_element"][0]
    typed = EventAppendForm(case=case, data={"type": "appeal_received", "date": "01/04/2026",
                                             "court": "provincial", "other": "foreign_element=có"})
    assert not typed.is_valid() and "foreign_element" in str(typed.errors)
    simplified = EventAppendForm(case=case, data={"type": "appeal_received", "date": "01/04/2026",
                                                  "court": "provincial",
                                                  "simplified_procedure": "yes"})
    assert simplified.is_valid(), simplified.errors
    assert simplified.details() == {"court": "provincial", "simplified_procedure": True}
