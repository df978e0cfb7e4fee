"""Review -> confirm: assignees resolved (never guessed), tasks and per-period obligations."""

from __future__ import annotations

import datetime as dt
from typing import Any

import time_machine
from django.urls import reverse

from congminh.apps.audit.models import AuditEntry
from congminh.apps.directives import services
from congminh.apps.directives.models import Directive, IncomingDocument, Obligation
from congminh.apps.directives.resolve import COLLECTIVE, EXACT, FUZZY, UNKNOWN, assignee_resolve

D = dt.date
TODAY = dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.UTC)


def test_resolution_kinds(registry: dict[str, Any]) -> None:
    exact = assignee_resolve("Vien Kiem sat nhan dan tinh", province_code="52")
    assert (exact.kind, exact.chosen) == (EXACT, [registry["procuracy"].pk])
    departments = assignee_resolve("Các sở, ban, ngành", province_code="52")
    assert departments.kind == COLLECTIVE
    assert set(departments.chosen) == {registry["justice_dept"].pk, registry["finance_dept"].pk}
    fuzzy = assignee_resolve("Ban cán sự đảng Ủy ban nhân dân tỉnh", province_code="52")
    assert fuzzy.kind == FUZZY and fuzzy.chosen == []
    assert fuzzy.candidates[0].organisation_id == registry["peoples_committee"].pk
    assert 60 <= fuzzy.candidates[0].score < 100
    assert assignee_resolve("Hiệp hội nuôi ong", province_code="52").kind == UNKNOWN


def test_two_courts_make_a_name_ambiguous(registry: dict[str, Any]) -> None:
    found = assignee_resolve("Tòa án nhân dân khu vực", province_code="52")
    assert found.kind == FUZZY and found.chosen == []
    ids = {c.organisation_id for c in found.candidates[:2]}
    assert ids == {registry["court_a"].pk, registry["court_b"].pk}


def _register(clerk: Any, parsed: dict[str, Any]) -> IncomingDocument:
    return services.incoming_register(actor=clerk, received_on=D(2026, 11, 26), parsed=parsed)


@time_machine.travel(TODAY, tick=False)
def test_review_blocks_until_ambiguous_names_are_chosen(
    client: Any, clerk: Any, registry: dict[str, Any], seed_parsed: dict[str, Any],
    review_post: Any,
) -> None:
    doc = _register(clerk, seed_parsed)
    client.force_login(clerk)
    url = reverse("directives:review", args=[doc.pk])
    page = client.get(url).content.decode()
    assert "Ủy ban nhân dân tỉnh Gia Lai (" in page  # a candidate with its score

    response = client.post(url, review_post(doc.draft))
    assert response.status_code == 200
    assert "Ban cán sự đảng Ủy ban nhân dân tỉnh" in response.content.decode()
    assert not Directive.objects.exists()

    picks = {
        "Ban cán sự đảng Ủy ban nhân dân tỉnh": [registry["peoples_committee"].pk],
        "Đảng đoàn Hội đồng nhân dân": [registry["council"].pk],
        "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh": [registry["front"].pk],
    }
    response = client.post(url, review_post(doc.draft, picks))
    directive = Directive.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("directives:detail", args=[directive.pk])
    assert directive.tasks.count() == 8
    point3 = directive.tasks.get(ref="3")
    assert list(point3.assignees.all()) == [registry["peoples_committee"]]
    point5 = directive.tasks.get(ref="5")
    assert set(point5.assignees.all()) == {registry["council"], registry["front"]}
    doc.refresh_from_db()
    assert doc.state == IncomingDocument.State.CONFIRMED


@time_machine.travel(TODAY, tick=False)
def test_clerk_corrects_fields_removes_and_adds_tasks(
    client: Any, clerk: Any, registry: dict[str, Any], seed_parsed: dict[str, Any],
    review_post: Any,
) -> None:
    seed_parsed["tasks"] = seed_parsed["tasks"][2:3]  # only the Procuracy's quarterly review
    doc = _register(clerk, seed_parsed)
    client.force_login(clerk)
    data = review_post(doc.draft, extra={
        "h-number_symbol": "25-CT/TU", "h-date": "30/05/2022",
        "t-TOTAL_FORMS": "2", "t-0-DELETE": "on",
        "t-1-text": "Sở Tư pháp báo cáo kết quả giám định", "t-1-assignees": "Sở Tư pháp tỉnh Gia Lai",
        "t-1-due": "15/01/2027", "t-1-recurrence": "",
    })
    response = client.post(reverse("directives:review", args=[doc.pk]), data)
    assert response.status_code == 302
    directive = Directive.objects.get()
    assert (directive.number_symbol, directive.date) == ("25-CT/TU", D(2022, 5, 30))
    task = directive.tasks.get()
    assert task.text == "Sở Tư pháp báo cáo kết quả giám định"
    obligation = Obligation.objects.get()
    assert (obligation.organisation, obligation.due) == (registry["justice_dept"], D(2027, 1, 15))


@time_machine.travel(TODAY, tick=False)
def test_update_keeps_typed_values_and_bad_date_is_named(
    client: Any, clerk: Any, registry: dict[str, Any], seed_parsed: dict[str, Any],
    review_post: Any,
) -> None:
    doc = _register(clerk, seed_parsed)
    client.force_login(clerk)
    url = reverse("directives:review", args=[doc.pk])
    data = review_post(doc.draft, action="save", extra={"h-subject": "về tư pháp (đã sửa)",
                                                        "t-0-due": "32/13/2026"})
    assert client.post(url, data).status_code == 302
    doc.refresh_from_db()
    assert doc.draft["subject"] == "về tư pháp (đã sửa)"
    response = client.post(url, review_post(doc.draft, extra={"t-0-due": "32/13/2026"}))
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    assert not Directive.objects.exists()


def test_seed_recurring_duties_become_one_obligation_per_period(
    confirmed_seed: Directive, registry: dict[str, Any]
) -> None:
    quarterly = Obligation.objects.filter(organisation=registry["procuracy"],
                                          task__recurrence="quarterly")
    # The Procuracy's statistical quarters (Dec-Feb, ...), reports due 10 days after each.
    assert [(o.period_label, o.period_end, o.due) for o in quarterly] == [
        ("Q4/2026", D(2026, 11, 30), D(2026, 12, 10)),
        ("Q1/2027", D(2027, 2, 28), D(2027, 3, 10)),
        ("Q2/2027", D(2027, 5, 31), D(2027, 6, 10)),
        ("Q3/2027", D(2027, 8, 31), D(2027, 9, 10)),
        ("Q4/2027", D(2027, 11, 30), D(2027, 12, 10)),
    ]
    yearly = Obligation.objects.filter(organisation=registry["internal_affairs"],
                                       task__recurrence="yearly")
    # 10 days after the year: 10/01/2027 is a Sunday, so Monday 11/01/2027; 10/01/2028 a Monday.
    assert [(o.period_label, o.due) for o in yearly] == [
        ("2026", D(2027, 1, 11)), ("2027", D(2028, 1, 10))]
    # A task whose text gives no date is a standing duty: no due date, never overdue.
    one_off = Obligation.objects.get(task__ref="3")
    assert (one_off.organisation, one_off.due, one_off.due_by_hand) == (
        registry["peoples_committee"], None, False)
    assigned = AuditEntry.objects.filter(action="assign", object_type="directives.obligation",
                                         field="due")
    assert sorted(int(e.object_id) for e in assigned) == sorted(
        Obligation.objects.values_list("pk", flat=True))


def test_extend_lays_out_more_periods_once(confirmed_seed: Directive, registry: dict[str, Any]) -> None:
    created = services.directive_extend(actor=None, directive=confirmed_seed, until=D(2028, 12, 31))
    again = services.directive_extend(actor=None, directive=confirmed_seed, until=D(2028, 12, 31))
    labels = sorted(o.period_label for o in created if o.organisation == registry["internal_affairs"])
    assert labels == ["2028"]
    assert again == []
    assert Obligation.objects.filter(organisation=registry["procuracy"],
                                     task__recurrence="quarterly").count() == 9


def test_extend_command(confirmed_seed: Directive) -> None:
    import io

    from django.core.management import call_command

    out = io.StringIO()
    call_command("extend_directives", "--until", "2028-12-31", stdout=out)
    confirmed_seed.refresh_from_db()
    assert confirmed_seed.horizon == D(2028, 12, 31)
    assert out.getvalue().startswith("5 obligations created")  # 4 quarters + 1 year


def test_a_title_names_its_body_and_only_exact_names_score_100(registry: dict[str, Any]) -> None:
    # «Giám đốc Sở Tư pháp» is Sở Tư pháp (issue 13, item 2): the title read as its body.
    director = assignee_resolve("Giám đốc Sở Tư pháp tỉnh Gia Lai", province_code="52")
    assert (director.kind, director.chosen) == (EXACT, [registry["justice_dept"].pk])
    # No «Văn phòng UBND tỉnh» in this registry: suggestions, none of them a sure match.
    office = assignee_resolve("Chánh Văn phòng UBND tỉnh", province_code="52")
    assert office.chosen == []
    assert office.candidates and all(c.score < 100 for c in office.candidates)
