"""Scope, cell by cell, through the screens and the API: who reads which plan and
recommendation, who records a response, who issues a recommendation. Out of scope is a
404 (an outsider learns nothing); in scope without the right to write is a 403."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.urls import reverse
from rest_framework.test import APIClient

NOW = dt.datetime(2026, 6, 15, 9, tzinfo=dt.UTC)
WHO = ("hdnd", "mttq", "addressee", "other", "noichinh", "addressee_viewer")

# user -> the plans / recommendations it reads
PLANS = {"hdnd": {"hd"}, "mttq": {"mt"}, "addressee": set(), "other": set(),
         "noichinh": {"hd", "mt"}, "addressee_viewer": set()}
RECS = {"hdnd": {"rec_a", "rec_p"}, "mttq": {"rec_b"}, "addressee": {"rec_a"}, "other": {"rec_b"},
        "noichinh": {"rec_a", "rec_p", "rec_b"}, "addressee_viewer": {"rec_a"}}


@pytest.mark.parametrize("who", WHO)
def test_reads_through_screens(client: Any, cast: dict[str, Any], plans: dict[str, Any], who: str) -> None:
    client.force_login(cast[who])
    with time_machine.travel(NOW, tick=False):
        for key in ("hd", "mt"):
            status = client.get(reverse("supervision:plan", args=[plans[key].pk])).status_code
            assert status == (200 if key in PLANS[who] else 404), (who, key)
        for key in ("rec_a", "rec_p", "rec_b"):
            status = client.get(reverse("supervision:recommendation", args=[plans[key].pk])).status_code
            assert status == (200 if key in RECS[who] else 404), (who, key)
        listed = client.get(reverse("supervision:recommendations")).content.decode()
        plan_list = client.get(reverse("supervision:plans")).content.decode()
    for key, text in (("rec_a", "Rút kinh nghiệm bản án bị hủy"), ("rec_p", "Kiểm sát chặt việc trả hồ sơ"),
                      ("rec_b", "Tống đạt văn bản đúng hạn")):
        assert (text in listed) == (key in RECS[who]), (who, key)
    for key in ("hd", "mt"):
        assert (plans[key].topic in plan_list) == (key in PLANS[who]), (who, key)


@pytest.mark.parametrize("who", WHO)
def test_reads_through_api(cast: dict[str, Any], plans: dict[str, Any], who: str) -> None:
    api = APIClient()
    api.force_authenticate(cast[who])
    with time_machine.travel(NOW, tick=False):
        recs = api.get("/api/supervision/recommendations/").json()["results"]
        plan_rows = api.get("/api/supervision/plans/").json()["results"]
        for key in ("rec_a", "rec_p", "rec_b"):
            status = api.get(f"/api/supervision/recommendations/{plans[key].pk}/").status_code
            assert status == (200 if key in RECS[who] else 404), (who, key)
    assert {r["id"] for r in recs} == {plans[k].pk for k in RECS[who]}
    assert {p["id"] for p in plan_rows} == {plans[k].pk for k in PLANS[who]}


# user -> status of a response to rec_a (HĐND -> court A) through the screen and the API
RESPOND = {"hdnd": 403, "mttq": 404, "addressee": 302, "other": 404, "noichinh": 403,
           "addressee_viewer": 403}


@pytest.mark.parametrize("who", WHO)
def test_respond_cell(client: Any, cast: dict[str, Any], plans: dict[str, Any], who: str) -> None:
    rec = plans["rec_a"]
    client.force_login(cast[who])
    with time_machine.travel(NOW, tick=False):
        response = client.post(reverse("supervision:recommendation", args=[rec.pk]), {
            "action": "respond", "a-date": "14/06/2026", "a-text": "Đã rút kinh nghiệm", "a-done": "on"})
        assert response.status_code == RESPOND[who], who
        api = APIClient()
        api.force_authenticate(cast[who])
        via_api = api.post(f"/api/supervision/recommendations/{rec.pk}/responses/",
                           {"date": "2026-06-14", "text": "Báo cáo bổ sung"}, format="json")
    assert via_api.status_code == {302: 201}.get(RESPOND[who], RESPOND[who]), who
    rec.refresh_from_db()
    assert (rec.done_on is not None) == (RESPOND[who] == 302)
    if RESPOND[who] == 302:
        body = via_api.json()
        assert (body["status"], body["status_label"], body["addressee"]) == (
            "done_on_time", "Hoàn thành đúng hạn", "TAND-KV1")
        assert len(body["responses"]) == 2


# user -> status of issuing a recommendation in the HĐND plan
ISSUE = {"hdnd": 201, "mttq": 404, "addressee": 404, "other": 404, "noichinh": 403,
         "addressee_viewer": 404}


@pytest.mark.parametrize("who", WHO)
def test_issue_cell_api(cast: dict[str, Any], plans: dict[str, Any], who: str) -> None:
    api = APIClient()
    api.force_authenticate(cast[who])
    with time_machine.travel(NOW, tick=False):
        response = api.post("/api/supervision/recommendations/", {
            "plan": plans["hd"].pk, "addressee": "VKS-TINH", "content": "Kiến nghị mới",
            "issued_on": "2026-06-15"}, format="json")
    assert response.status_code == ISSUE[who], (who, response.content)
    if ISSUE[who] == 201:
        body = response.json()
        assert (body["due"], body["days_left"], body["status"], body["due_soon"]) == (
            "2026-07-15", 30, "on_time", False)


def test_viewer_of_the_supervising_body_reads_but_cannot_write(
        client: Any, cast: dict[str, Any], plans: dict[str, Any]) -> None:
    client.force_login(cast["hdnd_viewer"])
    url = reverse("supervision:plan", args=[plans["hd"].pk])
    with time_machine.travel(NOW, tick=False):
        assert client.get(url).status_code == 200
        assert client.post(url, {"action": "status", "s-status": "concluded"}).status_code == 403
    plans["hd"].refresh_from_db()
    assert plans["hd"].status == "planned"
