"""The review screen of a long plan (issue #13 items 2 and 3), through the views: tasks
grouped by point, each choice pre-filled with the best suggestion, a collective name
confirmed once, several tasks given one body or due date in bulk."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from congminh.apps.directives import services
from congminh.apps.directives.models import Directive, IncomingDocument, Obligation
from congminh.apps.directives.resolve import COLLECTIVE, assignee_resolve
from congminh.apps.directives.views import _point
from congminh.apps.organisations.models import Organisation

TODAY = dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.UTC)


def _task(ref: str, text: str, *assignees: str, due: str | None = None) -> dict[str, Any]:
    return {"ref": ref, "text": text, "assignees": list(assignees), "due": due,
            "recurrence": None, "report_to": None}


PLAN: dict[str, Any] = {
    "issuer": "BAN THƯỜNG VỤ TỈNH ỦY", "type": "KẾ HOẠCH", "number_symbol": "25-KH/TU",
    "date": "2026-11-20", "subject": "về công tác tư pháp năm 2027", "tasks": [
        _task("II.1.a", "Viện kiểm sát nhân dân tỉnh Gia Lai kiểm sát việc giải quyết nguồn tin",
              "Viện kiểm sát nhân dân tỉnh Gia Lai", due="2027-06-30"),
        _task("II.1.b", "Tổ công tác liên ngành rà soát các việc thi hành án"),
        _task("II.1.c", "Tổ công tác liên ngành đôn đốc thu ngân sách"),
        _task("II.2.a", "Các sở, ban, ngành phối hợp cung cấp tài liệu", "Các sở, ban, ngành"),
        _task("III.1", "Ban cán sự đảng Ủy ban nhân dân tỉnh chỉ đạo xây dựng lực lượng",
              "Ban cán sự đảng Ủy ban nhân dân tỉnh"),
    ],
}


@pytest.mark.parametrize(("ref", "point"), [
    ("II.3.a", "II.3"),  # a lettered sub-point under its numbered point
    ("III.2", "III"),  # a numbered point under its Roman section
    ("2.b", "2"),
    ("3", "3"),  # a point of its own
    ("Phụ lục 1.a", "Phụ lục 1"),
    ("", ""),
])
def test_tasks_are_listed_under_their_point(ref: str, point: str) -> None:
    assert _point(ref) == point


@pytest.fixture
def plan(clerk: Any) -> IncomingDocument:
    return services.incoming_register(actor=clerk, received_on=dt.date(2026, 11, 26), parsed=PLAN)


@pytest.fixture
def url(client: Any, clerk: Any, plan: IncomingDocument) -> str:
    """The plan's review page, the clerk logged in."""
    client.force_login(clerk)
    return reverse("directives:review", args=[plan.pk])


def _selected_option(html: str, name: str) -> str:
    select = re.search(rf'<select name="{name}".*?</select>', html, re.S)
    assert select is not None, name
    chosen = re.search(r'<option value="(\d*)"[^>]*selected>', select.group(0))
    return chosen.group(1) if chosen else ""


@time_machine.travel(TODAY, tick=False)
def test_page_groups_by_point_and_prefills_the_best_suggestion(
    client: Any, registry: dict[str, Any], url: str,
) -> None:
    html = client.get(url).content.decode()
    assert [" ".join(h.split()) for h in re.findall(r'<h2 id="point-\d+">(.*?)</h2>', html, re.S)] == [
        '<label><input type="checkbox" class="select-point js-only" hidden> Điểm II.1</label> '
        '<span class="muted">(3 nhiệm vụ)</span>',
        '<label><input type="checkbox" class="select-point js-only" hidden> Điểm II.2</label> '
        '<span class="muted">(1 nhiệm vụ)</span>',
        '<label><input type="checkbox" class="select-point js-only" hidden> Mục III</label> '
        '<span class="muted">(1 nhiệm vụ)</span>',
    ]
    # An exact name, and a name the registry only comes near: its best candidate, chosen
    # for the clerk (who may change it); the score stays visible.
    assert _selected_option(html, "t-0-pick_0") == str(registry["procuracy"].pk)
    fuzzy = assignee_resolve("Ban cán sự đảng Ủy ban nhân dân tỉnh", province_code="52")
    assert fuzzy.candidates[0].organisation_id == registry["peoples_committee"].pk
    assert _selected_option(html, "t-4-pick_0") == str(registry["peoples_committee"].pk)
    assert f"Ủy ban nhân dân tỉnh Gia Lai ({fuzzy.candidates[0].score}%)" in html
    # A task with no name read: one list of today's bodies, nothing chosen.
    assert _selected_option(html, "t-1-add_body") == ""
    # The collective: one tick, not one choice per body; its bodies listed, collapsed.
    assert html.count('name="t-3-accept_0"') == 1
    assert "Giao cho cả 2 cơ quan thuộc “Các sở, ban, ngành”" in html
    assert "<summary>xem 2 cơ quan</summary>" in html
    # Long texts collapsed; the script comes from a static file (no inline script).
    assert html.count('<details class="task-text">') == 5
    assert "directives/review.js" in html and "<script>" not in html


def _post(draft: dict[str, Any], **extra: Any) -> dict[str, Any]:
    """The screen's POST as the browser sends it: every list shows its pre-filled choice."""
    data: dict[str, Any] = {
        "h-issuer": draft["issuer"], "h-type": draft["type"], "h-number_symbol": draft["number_symbol"],
        "h-subject": draft["subject"], "h-signer": draft["signer"], "h-date": draft["date"],
        "t-TOTAL_FORMS": str(len(draft["tasks"])), "t-INITIAL_FORMS": str(len(draft["tasks"])),
        "t-MIN_NUM_FORMS": "0", "t-MAX_NUM_FORMS": "1000", "b-body": "", "b-due": "",
    }
    for i, task in enumerate(draft["tasks"]):
        data.update({f"t-{i}-ref": task["ref"], f"t-{i}-text": task["text"],
                     f"t-{i}-assignees": "\n".join(task["assignees"]), f"t-{i}-due": task["due"] or ""})
        for j, name in enumerate(task["assignees"]):
            resolution = assignee_resolve(name, province_code="52")
            best = resolution.chosen or [resolution.candidates[0].organisation_id]
            data[f"t-{i}-pick_{j}"] = [str(pk) for pk in best]
    data.update(extra)
    return data


@time_machine.travel(TODAY, tick=False)
def test_bulk_gives_the_selected_tasks_one_body_and_due_date(
    client: Any, registry: dict[str, Any], plan: IncomingDocument, url: str,
) -> None:
    body = registry["procuracy"]  # any body of the registry
    data = _post(plan.draft, action="bulk", **{"t-1-selected": "on", "t-2-selected": "on",
                                               "b-body": str(body.pk), "b-due": "15/01/2027"})
    response = client.post(url, data)
    assert response.status_code == 302
    plan.refresh_from_db()
    changed = plan.draft["tasks"][1:3]
    assert [(t["assignees"], t["picks"], t["due"]) for t in changed] == [
        ([body.name], {body.name: [body.pk]}, "2027-01-15")] * 2
    untouched = plan.draft["tasks"][0]
    assert (untouched["assignees"], untouched["due"]) == (["Viện kiểm sát nhân dân tỉnh Gia Lai"],
                                                          "2027-06-30")
    assert "Đã sửa 2 nhiệm vụ đã chọn." in client.get(url).content.decode()


@time_machine.travel(TODAY, tick=False)
def test_bulk_without_a_selection_or_a_value_changes_nothing(
    client: Any, registry: dict[str, Any], plan: IncomingDocument, url: str,
) -> None:
    before = [t["assignees"] for t in plan.draft["tasks"]]
    client.post(url, _post(plan.draft, action="bulk", **{"b-body": str(registry["procuracy"].pk)}))
    plan.refresh_from_db()
    assert [t["assignees"] for t in plan.draft["tasks"]] == before
    assert "Hãy chọn trước các nhiệm vụ cần sửa." in client.get(url).content.decode()
    client.post(url, _post(plan.draft, action="bulk", **{"t-0-selected": "on"}))  # nothing to apply
    plan.refresh_from_db()
    assert [t["assignees"] for t in plan.draft["tasks"]] == before
    assert "Hãy chọn cơ quan hoặc hạn để áp dụng." in client.get(url).content.decode()


@time_machine.travel(TODAY, tick=False)
def test_a_collective_is_confirmed_once_and_a_nameless_task_assigned_on_its_row(
    client: Any, registry: dict[str, Any], plan: IncomingDocument, url: str,
) -> None:
    body = registry["procuracy"]  # any body of the registry
    assigned = {"t-1-add_body": str(body.pk), "t-2-add_body": str(body.pk)}
    response = client.post(url, _post(plan.draft, action="confirm", **assigned))
    assert response.status_code == 200  # the set «Các sở, ban, ngành» stands for is not confirmed
    assert "Hãy xác nhận các cơ quan thuộc “Các sở, ban, ngành”." in response.content.decode()
    assert not Directive.objects.exists()

    # Ticked, and one body taken out of the list it unfolds.
    response = client.post(url, _post(plan.draft, action="confirm", **assigned, **{
        "t-3-accept_0": "on", "t-3-pick_0": [str(registry["justice_dept"].pk)]}))
    assert response.status_code == 302
    directive = Directive.objects.get()
    assignees = {t.ref: {o.pk for o in t.assignees.all()} for t in directive.tasks.all()}
    assert assignees == {
        "II.1.a": {registry["procuracy"].pk}, "II.1.b": {body.pk}, "II.1.c": {body.pk},
        "II.2.a": {registry["justice_dept"].pk}, "III.1": {registry["peoples_committee"].pk},
    }
    nameless = directive.tasks.get(ref="II.1.b")
    assert nameless.assignee_names == [body.name]
    assert Obligation.objects.filter(task__ref="II.2.a").count() == 1


@time_machine.travel(TODAY, tick=False)
def test_districts_people_committees_mean_todays_communes(registry: dict[str, Any]) -> None:
    def make(code: str, name: str, level: str, valid_to: dt.date | None = None) -> Organisation:
        return Organisation.objects.create(code=code, name=name, kind="peoples_committee",
                                           level=level, province_code="52",
                                           valid_from=dt.date(2020, 1, 1), valid_to=valid_to)

    make("UBND-H-CHUPAH", "Ủy ban nhân dân huyện Chư Păh", "district", dt.date(2025, 6, 30))
    communes = {make("UBND-X-IALY", "Ủy ban nhân dân xã Ia Ly", "commune").pk,
                make("UBND-P-PLEIKU", "Ủy ban nhân dân phường Pleiku", "commune").pk}
    found = assignee_resolve("UBND các huyện, thị xã, thành phố", province_code="52")
    assert found.kind == COLLECTIVE
    assert set(found.chosen) == communes


def test_the_date_received_is_today_unless_changed(client: Any, clerk: Any) -> None:
    client.force_login(clerk)
    with time_machine.travel(TODAY, tick=False):
        html = client.get(reverse("directives:register")).content.decode()
    assert 'name="received_on" value="26/11/2026"' in html


@time_machine.travel(TODAY, tick=False)
def test_a_due_date_set_in_bulk_is_marked_as_set_by_hand(
    client: Any, registry: dict[str, Any], plan: IncomingDocument, url: str,
) -> None:
    body = registry["procuracy"]
    # 30/06/2027 is the date the document gives II.1.a, not II.1.b and II.1.c.
    client.post(url, _post(plan.draft, action="bulk", **{
        "t-0-selected": "on", "t-1-selected": "on", "t-2-selected": "on", "b-due": "30/06/2027"}))
    plan.refresh_from_db()
    response = client.post(url, _post(plan.draft, action="confirm", **{
        "t-1-add_body": str(body.pk), "t-2-add_body": str(body.pk), "t-3-accept_0": "on"}))
    assert response.status_code == 302
    by_hand = {t.ref: (t.due, t.due_by_hand) for t in Directive.objects.get().tasks.all()}
    june = dt.date(2027, 6, 30)
    assert by_hand == {"II.1.a": (june, False), "II.1.b": (june, True), "II.1.c": (june, True),
                       "II.2.a": (None, False), "III.1": (None, False)}


@time_machine.travel(TODAY, tick=False)
def test_the_bodies_to_choose_from_read_in_number_order(
    client: Any, registry: dict[str, Any], url: str,
) -> None:
    """«khu vực 10» after «khu vực 2», not between 1 and 2 as by the letters."""
    Organisation.objects.create(code="TAND-KV10", name="Tòa án nhân dân khu vực 10 - Gia Lai",
                                kind="court", level="region", province_code="52",
                                valid_from=dt.date(2025, 7, 1))
    html = client.get(url).content.decode()
    bulk = re.search(r'<select name="b-body".*?</select>', html, re.S)
    assert bulk is not None
    courts = re.findall(r"Tòa án nhân dân khu vực (\d+) - Gia Lai<", bulk.group(0))
    assert courts == ["1", "2", "10"]
