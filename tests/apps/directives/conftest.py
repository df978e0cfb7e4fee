"""Fixtures for directives: the province registry the seed directive names, a clerk of
the Provincial Party Office who registers it, and the parser's output for the seed."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

DATA = Path(__file__).parent / "data"
PASSWORD = "matkhau-an-toan-1"


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # The cast's passwords need not resist attack here; PBKDF2 made each test seconds slower.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def seed_parsed() -> dict[str, Any]:
    parsed: dict[str, Any] = json.loads((DATA / "chi-thi-parsed.json").read_text(encoding="utf-8"))
    return parsed


@pytest.fixture
def registry(orgs: dict[str, Any]) -> dict[str, Any]:
    """The conftest cast plus the bodies the seed directive names, with aliases."""
    from congminh.apps.organisations.models import Organisation, OrganisationAlias

    def make(code: str, name: str, kind: str, level: str = "province", **extra: Any) -> Any:
        return Organisation.objects.create(code=code, name=name, kind=kind, level=level,
                                           province_code="52", valid_from=dt.date(2025, 7, 1),
                                           **extra)

    more = {
        "party_office": make("VP-TU", "Văn phòng Tỉnh ủy Gia Lai", "party_committee"),
        "peoples_committee": make("UBND-TINH", "Ủy ban nhân dân tỉnh Gia Lai", "peoples_committee"),
        "justice_dept": make("STP", "Sở Tư pháp tỉnh Gia Lai", "department", email="stp@gialai.gov.vn"),
        "finance_dept": make("STC", "Sở Tài chính tỉnh Gia Lai", "department"),
        "council": make("HDND", "Hội đồng nhân dân tỉnh Gia Lai", "peoples_council"),
        "front": make("MTTQ", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Gia Lai", "fatherland_front"),
        "commune_party": make("DU-ANNHON", "Đảng ủy phường An Nhơn", "party_committee", "commune"),
    }
    OrganisationAlias.objects.create(organisation=orgs["procuracy"], alias="Viện Kiểm sát nhân dân tỉnh")
    OrganisationAlias.objects.create(organisation=orgs["procuracy"], alias="VKSND tỉnh")
    OrganisationAlias.objects.create(organisation=orgs["internal_affairs"], alias="Ban Nội chính Tỉnh ủy")
    return {**orgs, **more}


@pytest.fixture
def clerk(registry: dict[str, Any], users: dict[str, Any]) -> Any:
    from congminh.apps.accounts.models import User

    return User.objects.create_user(username="clerk", password=PASSWORD, email="vanthu@gialai.vn",
                                    organisation=registry["party_office"], role="officer")


def _review_post(draft: dict[str, Any], picks: dict[str, list[int]] | None = None,
                action: str = "confirm", extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """The review form's POST for `draft`, choosing `picks` (name -> organisation ids)."""
    from congminh.apps.directives.resolve import COLLECTIVE, assignee_resolve

    picks = picks or {}
    data: dict[str, Any] = {
        "action": action, "h-issuer": draft["issuer"], "h-type": draft["type"],
        "h-number_symbol": draft["number_symbol"], "h-subject": draft["subject"],
        "h-signer": draft["signer"], "h-date": draft["date"] or "",
        "t-TOTAL_FORMS": str(len(draft["tasks"])), "t-INITIAL_FORMS": str(len(draft["tasks"])),
        "t-MIN_NUM_FORMS": "0", "t-MAX_NUM_FORMS": "1000",
    }
    for i, task in enumerate(draft["tasks"]):
        prefix = f"t-{i}-"
        data.update({
            prefix + "ref": task["ref"] or "", prefix + "text": task["text"],
            prefix + "assignees": "\n".join(task["assignees"]), prefix + "due": task["due"] or "",
            prefix + "recurrence": task["recurrence"] or "", prefix + "report_to": task["report_to"] or "",
            prefix + "due_precision": task.get("due_precision") or "day",  # the row's hidden field
        })
        for j, name in enumerate(task["assignees"]):
            resolution = assignee_resolve(name, province_code="52")
            chosen = picks.get(name)
            if chosen is None:  # what the screen pre-selects (exact and collective names)
                chosen = resolution.chosen
            data[f"{prefix}pick_{j}"] = [str(pk) for pk in chosen]
            if resolution.kind == COLLECTIVE:  # the clerk's one confirmation of the set
                data[f"{prefix}accept_{j}"] = "on"
    data.update(extra or {})
    return data


@pytest.fixture
def review_post() -> Any:
    return _review_post


@pytest.fixture
def confirmed_seed(clerk: Any, seed_parsed: dict[str, Any], registry: dict[str, Any]) -> Any:
    """The seed directive registered on 26/11/2026 and confirmed through the services,
    the clerk having chosen the bodies the screen could not match exactly."""
    from congminh.apps.directives import services
    from congminh.apps.directives.resolve import assignee_resolve

    choose = {
        "Ban cán sự đảng Ủy ban nhân dân tỉnh": [registry["peoples_committee"].pk],
        "Đảng đoàn Hội đồng nhân dân": [registry["council"].pk],
        "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh": [registry["front"].pk],
    }
    doc = services.incoming_register(actor=clerk, received_on=dt.date(2026, 11, 26),
                                     parsed=seed_parsed)
    tasks = []
    for task in doc.draft["tasks"]:
        ids: list[int] = []
        for name in task["assignees"]:
            ids += choose.get(name) or assignee_resolve(name, province_code="52").chosen
        tasks.append(services.TaskInput(
            ref=task["ref"], text=task["text"], assignee_names=task["assignees"],
            organisation_ids=ids, recurrence=task["recurrence"] or "",
            report_to=task["report_to"] or "",
        ))
    return services.directive_confirm(actor=clerk, document=doc, fields=doc.draft, tasks=tasks,
                                      today=dt.date(2026, 11, 26))
