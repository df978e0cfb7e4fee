"""Case services: the log is append-only, corrections supersede, the stage follows the
effective events, every change is audited with old and new values, and search folds."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from congminh.apps.audit.models import AuditEntry
from congminh.apps.cases import services
from congminh.apps.cases.models import Case, CaseEvent
from congminh.apps.cases.selectors import CaseFilters, case_list

D = dt.date


def criminal(make_case: Any, **kw: Any) -> Any:
    kw.setdefault("events", [("case_instituted", D(2026, 1, 10), {})])
    kw.setdefault("holder", "police")
    return make_case(procedure="criminal", category="serious", title=kw.pop("title", "Cố ý gây thương tích"),
                     number=kw.pop("number", "7/2026/HS"), **kw)


def test_events_are_append_only(make_case: Any, users: dict[str, Any]) -> None:
    case = criminal(make_case)
    first = case.events.get()
    snapshot = (first.type, first.date, first.data, first.note)
    services.case_event_append(
        actor=users["investigator"], case=case, type="case_instituted", date=D(2026, 1, 12),
        supersedes=first, note="Sai ngày khởi tố",
    )
    first.refresh_from_db()
    assert (first.type, first.date, first.data, first.note) == snapshot
    assert case.events.count() == 2
    assert not hasattr(services, "case_event_update")
    assert not hasattr(services, "case_event_delete")


def test_a_correction_supersedes(make_case: Any, users: dict[str, Any]) -> None:
    case = criminal(make_case)
    wrong = services.case_event_append(
        actor=users["investigator"], case=case, type="investigation_extended",
        date=D(2026, 5, 1), data={"months": 2},
    )
    right = services.case_event_append(
        actor=users["investigator"], case=case, type="investigation_extended",
        date=D(2026, 5, 1), data={"months": 3}, supersedes=wrong,
    )
    assert [e.pk for e in services.effective_events(case)] == [case.events.first().pk, right.pk]
    assert services.law_input(case)["events"][-1] == {
        "type": "investigation_extended", "date": "2026-05-01", "months": 3,
    }


def test_a_correction_must_belong_to_the_case(make_case: Any, users: dict[str, Any]) -> None:
    one = criminal(make_case)
    other = criminal(make_case, number="8/2026/HS")
    with pytest.raises(ValidationError) as err:
        services.case_event_append(
            actor=users["investigator"], case=other, type="case_instituted", date=D(2026, 1, 11),
            supersedes=one.events.get(),
        )
    assert "supersedes" in err.value.error_dict


@pytest.mark.parametrize(
    ("events", "stage"),
    [
        ([("case_instituted", D(2026, 1, 10), {})], "investigation"),
        ([("case_instituted", D(2026, 1, 10), {}),
          ("investigation_suspended", D(2026, 3, 1), {"ground": "Chưa xác định bị can"})], "suspended"),
        ([("case_instituted", D(2026, 1, 10), {}),
          ("investigation_suspended", D(2026, 3, 1), {}),
          ("investigation_resumed", D(2026, 4, 1), {})], "investigation"),
        ([("case_instituted", D(2026, 1, 10), {}),
          ("investigation_concluded", D(2026, 4, 1), {}),
          ("returned_for_investigation", D(2026, 5, 1), {"by": "procuracy"})],
         "supplementary_investigation"),
        ([("case_instituted", D(2026, 1, 10), {}), ("investigation_concluded", D(2026, 4, 1), {}),
          ("indicted", D(2026, 5, 1), {}),
          ("accepted", D(2026, 5, 10), {}), ("suspended", D(2026, 6, 1), {}),
          ("resumed", D(2026, 7, 1), {})], "trial_preparation"),
        ([("case_instituted", D(2026, 1, 10), {}), ("closed", D(2026, 2, 1), {"reason": "x"})],
         "closed"),
    ],
)
def test_stage_follows_events(make_case: Any, events: list[Any], stage: str) -> None:
    case = criminal(make_case, events=events)
    case.refresh_from_db()
    assert case.stage == stage
    assert case.opened_on == D(2026, 1, 10)
    assert case.last_event_on == events[-1][1]


def test_stage_follows_the_correction_not_the_wrong_event(
    make_case: Any, users: dict[str, Any]
) -> None:
    case = criminal(make_case)
    wrong = services.case_event_append(
        actor=users["investigator"], case=case, type="investigation_suspended", date=D(2026, 3, 1)
    )
    case.refresh_from_db()
    assert case.stage == "suspended"
    services.case_event_append(
        actor=users["investigator"], case=case, type="investigation_extended", date=D(2026, 3, 1),
        data={"months": 2}, supersedes=wrong,
    )
    case.refresh_from_db()
    assert case.stage == "investigation"


def test_audit_has_old_and_new_values(make_case: Any, users: dict[str, Any]) -> None:
    case = criminal(make_case)
    services.case_update(actor=users["investigator"], case=case, title="Giết người", category="very_serious")
    entries = {e.field: e for e in AuditEntry.objects.filter(case_id=case.pk, action="update")}
    assert (entries["title"].old_value, entries["title"].new_value) == ("Cố ý gây thương tích", "Giết người")
    assert (entries["category"].old_value, entries["category"].new_value) == ("serious", "very_serious")
    assert entries["title"].actor == users["investigator"]

    first = case.events.get()
    services.case_event_append(
        actor=users["investigator"], case=case, type="case_instituted", date=D(2026, 1, 12),
        supersedes=first,
    )
    fix = AuditEntry.objects.get(case_id=case.pk, action="correct_event")
    assert fix.old_value == {"type": "case_instituted", "date": "2026-01-10"}
    assert fix.new_value == {"type": "case_instituted", "date": "2026-01-12"}


def test_nothing_is_audited_when_nothing_changes(make_case: Any, users: dict[str, Any]) -> None:
    case = criminal(make_case)
    before = AuditEntry.objects.count()
    services.case_update(actor=users["investigator"], case=case, title=case.title)
    assert AuditEntry.objects.count() == before


def test_read_only_roles_cannot_write(make_case: Any, users: dict[str, Any]) -> None:
    case = make_case()
    for name in ("viewer_a", "supervisor", "outsider_supervisor", "officer_b", "prosecutor"):
        with pytest.raises(PermissionDenied):
            services.case_event_append(actor=users[name], case=case, type="suspended", date=D(2026, 3, 5))
        with pytest.raises(PermissionDenied):
            services.case_update(actor=users[name], case=case, title="x")
    assert CaseEvent.objects.filter(case=case).count() == 1


def titles(user: Any, query: str) -> set[str]:
    return set(case_list(user=user, filters=CaseFilters(query=query)).values_list("title", flat=True))


@pytest.fixture
def searchable(make_case: Any, users: dict[str, Any], orgs: dict[str, Any]) -> dict[str, Case]:
    dao = make_case()  # "... giữa Nguyễn Văn A và Trần Thị Đào", 01/2026/TLST-DS
    binh = make_case(title="Đòi nợ giữa Nguyễn Văn Bình và Lê Thị Hoa", number="02/2026/TLST-KDTM",
                     case_kind="business_labour")
    vks = make_case(title="Viện Kiểm sát kháng nghị bản án của Đặng Đức Đạt",
                    number="15/QĐKNPT-VKS-DS")
    services.party_add(actor=users["admin"], case=binh, name="Phạm Thị Ánh", role="respondent")
    services.agency_number_add(actor=users["admin"], case=dao, organisation=orgs["procuracy"],
                               number="VKS 44/2026")
    return {"dao": dao, "binh": binh, "vks": vks}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("nguyen van a", {"dao"}),
        ("tran thi dao", {"dao"}),
        ("TRẦN THỊ ĐÀO", {"dao"}),
        ("nguyen van", {"dao", "binh"}),
        ("vien kiem sat", {"vks"}),
        ("dang duc dat", {"vks"}),  # đ folds to d
        ("pham thi anh", {"binh"}),  # a party's name
        ("01/2026/TLST-DS", {"dao"}),
        ("01-2026-tlst-ds", {"dao"}),
        ("01 2026 TLST DS", {"dao"}),
        ("012026tlstds", {"dao"}),
        ("vks-44-2026", {"dao"}),  # the procuracy's own number for the same case
        ("15/qđknpt-vks-ds", {"vks"}),
        ("khong co vu nao", set()),
    ],
)
def test_search_folds_and_finds_numbers(
    query: str, expected: set[str], searchable: dict[str, Case], users: dict[str, Any]
) -> None:
    want = {searchable[k].title for k in expected}
    assert titles(users["admin"], query) == want


def test_an_unlawful_event_is_refused_naming_the_rule(make_case: Any, users: dict[str, Any]) -> None:
    """BLTTHS 2015 Đ.240: the Procuracy decides on prosecution after receiving the file and
    the investigation conclusion, so an indictment straight after institution is refused;
    nothing is saved."""
    case = criminal(make_case)
    with pytest.raises(ValidationError) as exc:
        services.case_event_append(actor=users["admin"], case=case, type="indicted", date=D(2026, 5, 1))
    assert "Điều 240" in str(exc.value) and "Kết thúc điều tra" in str(exc.value)
    assert case.events.count() == 1


def test_an_extension_over_the_cap_is_refused(make_case: Any, users: dict[str, Any]) -> None:
    """BLTTHS 2015 Đ.172 k2: a serious crime's investigation is extended once, by at most
    3 months (a): 4 months is refused with the limit and the article."""
    case = criminal(make_case)
    with pytest.raises(ValidationError) as exc:
        services.case_event_append(actor=users["investigator"], case=case,
                                   type="investigation_extended", date=D(2026, 4, 20), data={"months": 4})
    assert "months" in exc.value.message_dict
    assert "Điều 172" in exc.value.message_dict["months"][0]
    services.case_event_append(actor=users["investigator"], case=case,
                               type="investigation_extended", date=D(2026, 4, 20), data={"months": 3})
    assert case.events.count() == 2


def test_a_withdrawn_event_stays_marked_and_leaves_the_clocks(
    make_case: Any, users: dict[str, Any]
) -> None:
    from congminh.apps.obligations.services import case_clocks_refresh

    case = criminal(make_case)
    wrong = services.case_event_append(actor=users["investigator"], case=case,
                                       type="investigation_suspended", date=D(2026, 3, 1))
    case_clocks_refresh(case_ids=[case.pk], as_of=D(2026, 3, 5))
    case.refresh_from_db()
    assert case.status == "suspended" and case.stage == "suspended"
    with pytest.raises(ValidationError):  # a reason is required
        services.case_event_withdraw(actor=users["investigator"], event=wrong, reason=" ")
    with pytest.raises(PermissionDenied):  # only the holder's officers
        services.case_event_withdraw(actor=users["officer_a"], event=wrong, reason="Nhầm vụ")
    services.case_event_withdraw(actor=users["investigator"], event=wrong, reason="Ghi nhầm vụ án")
    case_clocks_refresh(case_ids=[case.pk], as_of=D(2026, 3, 5))
    case.refresh_from_db()
    wrong.refresh_from_db()
    assert wrong.withdrawn_at is not None and wrong.withdrawal_reason == "Ghi nhầm vụ án"
    assert case.events.count() == 2 and case.stage == "investigation" and case.status != "suspended"
    entry = AuditEntry.objects.get(case_id=case.pk, action="withdraw_event")
    assert entry.actor == users["investigator"] and entry.note == "Ghi nhầm vụ án"
