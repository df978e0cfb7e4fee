"""The scope table, proved cell by cell: for every user of a province-sized cast and every
case, what each action must answer (issue 8, item 1).

The expectations (`TABLE`) are written by hand from the law's supervision lines as
`congminh.apps.accounts.scope` documents them; they are never computed by calling it.

- The provincial Procuracy reads every case of the province; an area Procuracy reads the
  cases held or numbered by a body of its area (codes ending in the same "-KV<n>").
- The provincial court reads the cases of the area courts below it; the provincial
  enforcement office reads the province's enforcement cases.
- Internal Affairs, the People's Council and the Fatherland Front read the whole province,
  with the parties' personal data masked unless granted `accounts.view_personal_data`.
- Everyone else reads what it holds or has a confirmed number for.
- Only officers of the holding body change a case, and record only the events their kind
  decides; supervisors set the supervision flags (with a reason); viewers read; admins do
  anything.

Cell answers: an action the user may take succeeds (web 302, API 200/201); an action on a
case the user reads but may not take is refused (403); a case the user does not read does
not exist for it (404).

The cast is built once per module inside a transaction that is rolled back at the end;
each test runs in its own savepoint (pytest-django's `db`), so writes do not leak between
cells.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

# --- the cast ---------------------------------------------------------------------------

PROVINCE = "52"

# key -> (code, name, kind, level, province)
ORGS: dict[str, tuple[str, str, str, str, str]] = {
    "vks_tinh": ("VKS-TINH", "Viện kiểm sát nhân dân tỉnh Gia Lai", "procuracy", "province", PROVINCE),
    "vks_kv1": ("VKS-KV1", "Viện kiểm sát nhân dân khu vực 1 - Gia Lai", "procuracy", "region", PROVINCE),
    "vks_kv2": ("VKS-KV2", "Viện kiểm sát nhân dân khu vực 2 - Gia Lai", "procuracy", "region", PROVINCE),
    "tand_tinh": ("TAND-TINH", "Tòa án nhân dân tỉnh Gia Lai", "court", "province", PROVINCE),
    "tand_kv1": ("TAND-KV1", "Tòa án nhân dân khu vực 1 - Gia Lai", "court", "region", PROVINCE),
    "tand_kv2": ("TAND-KV2", "Tòa án nhân dân khu vực 2 - Gia Lai", "court", "region", PROVINCE),
    "csdt": ("CSDT-TINH", "Cơ quan Cảnh sát điều tra Công an tỉnh Gia Lai",
             "investigation_agency", "province", PROVINCE),
    "thads_tinh": ("THADS-TINH", "Thi hành án dân sự tỉnh Gia Lai",
                   "enforcement_office", "province", PROVINCE),
    "thads_kv1": ("THADS-KV1", "Phòng Thi hành án dân sự khu vực 1 - Gia Lai",
                  "enforcement_office", "region", PROVINCE),
    "noi_chinh": ("BNC-TU", "Ban Nội chính Tỉnh ủy Gia Lai", "internal_affairs", "province", PROVINCE),
    "hdnd": ("HDND-TINH", "Hội đồng nhân dân tỉnh Gia Lai", "peoples_council", "province", PROVINCE),
    "mttq": ("MTTQ-TINH", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Gia Lai",
             "fatherland_front", "province", PROVINCE),
    "tand_dn": ("TAND-DN", "Tòa án nhân dân thành phố Đà Nẵng", "court", "province", "48"),
}

# user -> (organisation key, role); "granted" also holds accounts.view_personal_data.
USERS: dict[str, tuple[str, str]] = {
    "officer_vks_tinh": ("vks_tinh", "officer"),
    "officer_vks_kv1": ("vks_kv1", "officer"),
    "officer_vks_kv2": ("vks_kv2", "officer"),
    "officer_tand_tinh": ("tand_tinh", "officer"),
    "officer_tand_kv1": ("tand_kv1", "officer"),
    "officer_tand_kv2": ("tand_kv2", "officer"),
    "officer_csdt": ("csdt", "officer"),
    "officer_thads_tinh": ("thads_tinh", "officer"),
    "officer_thads_kv1": ("thads_kv1", "officer"),
    "officer_tand_dn": ("tand_dn", "officer"),
    "viewer_tand_kv1": ("tand_kv1", "viewer"),
    "supervisor_noi_chinh": ("noi_chinh", "supervisor"),
    "supervisor_hdnd": ("hdnd", "supervisor"),
    "supervisor_mttq": ("mttq", "supervisor"),
    "supervisor_granted": ("noi_chinh", "supervisor"),
    "admin": ("noi_chinh", "admin"),
}
GRANTED = {"supervisor_granted"}

Events = list[tuple[str, dt.date, dict[str, Any]]]


@dataclass(frozen=True)
class CaseSpec:
    title: str
    procedure: str
    holder: str
    number: str
    events: Events
    # Numbers at other bodies the case passed through: (organisation key, number).
    other_numbers: tuple[tuple[str, str], ...] = ()
    category: str = ""
    case_kind: str = ""
    stage: str = ""  # the stage the events lead to (checked, not assumed)


D = dt.date
CASES: dict[str, CaseSpec] = {
    # Held by the provincial police, under investigation.
    "police": CaseSpec(
        "Vụ Trương Văn Sơn cố ý gây thương tích", "criminal", "csdt", "11/KT-CSĐT",
        [("case_instituted", D(2026, 9, 1), {})], category="serious", stage="investigation",
    ),
    # Investigated by the provincial police, now with the provincial Procuracy.
    "vks": CaseSpec(
        "Vụ Phạm Thị Hoa lừa đảo chiếm đoạt tài sản", "criminal", "vks_tinh", "21/VKS-P2",
        [("case_instituted", D(2026, 3, 2), {}),
         ("investigation_concluded", D(2026, 10, 15), {})],
        other_numbers=(("csdt", "07/KT-CSĐT"),), category="very_serious", stage="prosecution",
    ),
    # Indicted by area Procuracy 1, accepted by area court 1: trial preparation.
    "kv1": CaseSpec(
        "Vụ Lê Văn Bình trộm cắp tài sản", "criminal", "tand_kv1", "15/2026/TLST-HS",
        [("case_instituted", D(2026, 2, 2), {}),
         ("investigation_concluded", D(2026, 6, 1), {}),
         ("indicted", D(2026, 8, 3), {}),
         ("accepted", D(2026, 8, 20), {})],
        other_numbers=(("vks_kv1", "15/CT-VKSKV1"),), category="less_serious",
        stage="trial_preparation",
    ),
    "civil2": CaseSpec(
        "Tranh chấp hợp đồng vay giữa Đỗ Minh Quân và Vũ Thị Lan", "civil", "tand_kv2",
        "40/2026/TLST-DS", [("accepted", D(2026, 9, 15), {})], case_kind="civil_family",
        stage="trial_preparation",
    ),
    # Tried at first instance by area court 1 (its number stays), on appeal at the province.
    "appeal": CaseSpec(
        "Vụ Hoàng Văn Tùng vận chuyển trái phép chất ma túy", "criminal", "tand_tinh",
        "05/2026/TLPT-HS",
        [("case_instituted", D(2025, 10, 1), {}),
         ("investigation_concluded", D(2026, 1, 10), {}),
         ("indicted", D(2026, 2, 20), {}),
         ("accepted", D(2026, 3, 2), {}),
         ("brought_to_trial", D(2026, 4, 20), {}),
         ("judgment_pronounced", D(2026, 5, 15), {}),
         ("appeal_received", D(2026, 10, 1), {"court": "provincial"})],
        other_numbers=(("tand_kv1", "03/2026/HSST"),), category="very_serious", stage="appeal",
    ),
    "thads": CaseSpec(
        "Thi hành án buộc Ngô Văn Hải trả nợ", "enforcement", "thads_kv1", "88/QĐ-THADS",
        [("enforcement_decision_received", D(2026, 10, 1), {})], stage="enforcement",
    ),
    "far": CaseSpec(
        "Tranh chấp đất đai giữa Phan Văn Đức và Mai Thị Hương", "civil", "tand_dn",
        "09/2026/TLST-DS", [("accepted", D(2026, 9, 1), {})], case_kind="civil_family",
        stage="trial_preparation",
    ),
}

# The party whose personal data the overseers must not see (on the "kv1" case).
PARTY = {"name": "Lê Văn Bình", "role": "accused", "birth_year": 1990,
         "id_number": "052090001234", "address": "Số 12 đường Lê Lợi, phường Quy Nhơn"}

# A lawful event of each case's stage, decided by its holder's kind (the law engine
# refuses it otherwise: a criminal appeal's preparation, for one, cannot be extended, so
# the provincial court decides to bring the appeal to a hearing).
EVENT_ON = D(2026, 11, 20)
API_EVENT: dict[str, dict[str, Any]] = {
    "police": {"type": "investigation_extended", "months": 2},
    "vks": {"type": "prosecution_extended", "days": 15},
    "kv1": {"type": "preparation_extended", "days": 15},
    "civil2": {"type": "preparation_extended", "months": 1},
    "appeal": {"type": "brought_to_trial"},
    "thads": {"type": "conditions_verified", "able": True},
    "far": {"type": "preparation_extended", "months": 1},
}


def web_event(key: str) -> dict[str, Any]:
    data = {**API_EVENT[key], "date": EVENT_ON.strftime("%d/%m/%Y")}
    if "able" in data:
        data["able"] = "yes" if data["able"] else "no"
    return data


# --- the table ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    read: frozenset[str]
    write: frozenset[str] = frozenset()   # edit, record its kind's events, withdraw them
    flag: frozenset[str] = frozenset()    # set the supervision flags with a reason


def row(read: set[str], write: set[str] | None = None, flag: set[str] | None = None) -> Row:
    return Row(frozenset(read), frozenset(write or ()), frozenset(flag or ()))


TABLE: dict[str, Row] = {
    # Provincial Procuracy: every case of the province (not Đà Nẵng); changes its own.
    "officer_vks_tinh": row(
        read={"police", "vks", "kv1", "civil2", "appeal", "thads"},
        write={"vks"}, flag={"vks"}),
    # Area Procuracy 1: cases held or numbered by area-1 bodies — its own indictment
    # (kv1), area court 1's first instance of the appeal, area enforcement 1's case.
    "officer_vks_kv1": row(read={"kv1", "appeal", "thads"}),
    # Area Procuracy 2: area court 2's civil case.
    "officer_vks_kv2": row(read={"civil2"}),
    # Provincial court: its own case and the area courts' cases.
    "officer_tand_tinh": row(read={"kv1", "civil2", "appeal"},
                             write={"appeal"}, flag={"appeal"}),
    # Area court 1: its case, and the appeal of its judgment (its number is on it).
    "officer_tand_kv1": row(read={"kv1", "appeal"}, write={"kv1"}, flag={"kv1"}),
    "officer_tand_kv2": row(read={"civil2"}, write={"civil2"}, flag={"civil2"}),
    # Police: its case, and the case it investigated before the Procuracy took it.
    "officer_csdt": row(read={"police", "vks"}, write={"police"}, flag={"police"}),
    # Provincial enforcement office: the province's enforcement cases, holds none.
    "officer_thads_tinh": row(read={"thads"}),
    "officer_thads_kv1": row(read={"thads"}, write={"thads"}, flag={"thads"}),
    # The court of another province: its own case only.
    "officer_tand_dn": row(read={"far"}, write={"far"}, flag={"far"}),
    # A viewer reads what its body reads, and nothing more.
    "viewer_tand_kv1": row(read={"kv1", "appeal"}),
    # Overseers read the whole province and may flag what they read.
    "supervisor_noi_chinh": row(
        read={"police", "vks", "kv1", "civil2", "appeal", "thads"},
        flag={"police", "vks", "kv1", "civil2", "appeal", "thads"}),
    "supervisor_hdnd": row(
        read={"police", "vks", "kv1", "civil2", "appeal", "thads"},
        flag={"police", "vks", "kv1", "civil2", "appeal", "thads"}),
    "supervisor_mttq": row(
        read={"police", "vks", "kv1", "civil2", "appeal", "thads"},
        flag={"police", "vks", "kv1", "civil2", "appeal", "thads"}),
    "supervisor_granted": row(
        read={"police", "vks", "kv1", "civil2", "appeal", "thads"},
        flag={"police", "vks", "kv1", "civil2", "appeal", "thads"}),
    "admin": row(
        read={"police", "vks", "kv1", "civil2", "appeal", "thads", "far"},
        write={"police", "vks", "kv1", "civil2", "appeal", "thads", "far"},
        flag={"police", "vks", "kv1", "civil2", "appeal", "thads", "far"}),
}

assert set(TABLE) == set(USERS)
assert all(r.write <= r.read and r.flag <= r.read for r in TABLE.values())

CELLS = [(who, key) for who in TABLE for key in CASES]

# Cells whose failure is a known bug of the app (see the report), not a wrong table.
KNOWN_BUGS: dict[tuple[str, str], str] = {}


def cell_params() -> list[Any]:
    return [
        pytest.param(who, key, id=f"{who}-{key}", marks=[pytest.mark.xfail(
            strict=True, reason=KNOWN_BUGS[(who, key)])] if (who, key) in KNOWN_BUGS else [])
        for who, key in CELLS
    ]


def want(who: str, key: str, action: str, ok: int) -> int:
    """The status the table expects: `ok` when allowed, 403 when only read, else 404."""
    r = TABLE[who]
    allowed = key in (r.flag if action == "flag" else r.write)
    if allowed:
        return ok
    return 403 if key in r.read else 404


# --- building the cast once per module ---------------------------------------------------


@dataclass
class Cast:
    orgs: dict[str, Any] = field(default_factory=dict)
    users: dict[str, Any] = field(default_factory=dict)
    cases: dict[str, Any] = field(default_factory=dict)
    # The case's last event at creation (its holder's kind decides it): what withdraw tries.
    last_event: dict[str, Any] = field(default_factory=dict)


def _build() -> Cast:
    from django.contrib.auth.models import Permission

    from congminh.apps.accounts.models import User
    from congminh.apps.cases import services
    from congminh.apps.organisations.models import Organisation

    cast = Cast()
    for key, (code, name, kind, level, province) in ORGS.items():
        cast.orgs[key] = Organisation.objects.create(
            code=code, name=name, kind=kind, level=level, province_code=province,
            valid_from=D(2025, 7, 1),
        )
    see = Permission.objects.get(content_type__app_label="accounts", codename="view_personal_data")
    for username, (org, role) in USERS.items():
        user = User.objects.create(username=username, organisation=cast.orgs[org], role=role)
        if username in GRANTED:
            user.user_permissions.add(see)
        cast.users[username] = user
    for key, spec in CASES.items():
        fields = {"category": spec.category} if spec.category else {}
        if spec.case_kind:
            fields["case_kind"] = spec.case_kind
        case = services.case_create(
            actor=None, procedure=spec.procedure, title=spec.title,
            holder=cast.orgs[spec.holder], agency_number=spec.number, **fields,
        )
        for org, number in spec.other_numbers:
            services.agency_number_add(actor=None, case=case, organisation=cast.orgs[org],
                                       number=number)
        for type_, date, data in spec.events:
            event = services.case_event_append(actor=None, case=case, type=type_, date=date,
                                               data=data)
        cast.last_event[key] = event
        cast.cases[key] = case
    services.party_add(actor=None, case=cast.cases["kv1"], **PARTY)
    return cast


@pytest.fixture(scope="module")
def cast(django_db_setup: Any, django_db_blocker: Any) -> Iterator[Cast]:
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield _build()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def the_cast(cast: Cast, db: Any) -> Cast:
    """The module's cast, inside this test's own savepoint."""
    return cast


def web(cast: Cast, who: str) -> Client:
    client = Client()
    client.force_login(cast.users[who])
    return client


def api(cast: Cast, who: str) -> APIClient:
    client = APIClient()
    client.force_authenticate(user=cast.users[who])
    return client


def fresh(case: Any) -> Any:
    from congminh.apps.cases.models import Case

    return Case.objects.get(pk=case.pk)


def titles_in(text: str) -> set[str]:
    return {k for k, spec in CASES.items() if spec.title in text}


# --- the cast is what the table assumes ----------------------------------------------------


def test_the_cast_is_at_the_intended_stages(the_cast: Cast) -> None:
    assert {k: fresh(c).stage for k, c in the_cast.cases.items()} == {
        k: spec.stage for k, spec in CASES.items()}


# --- list, export ---------------------------------------------------------------------------


@pytest.mark.parametrize("who", list(TABLE))
def test_web_list_and_export_show_exactly_what_the_user_reads(who: str, the_cast: Cast) -> None:
    client = web(the_cast, who)
    listed = client.get(reverse("web:case_list"))
    assert listed.status_code == 200
    exported = client.get(reverse("web:case_export"))
    assert exported.status_code == 200
    assert {
        "list": titles_in(listed.content.decode()),
        "export": titles_in(exported.content.decode("utf-8-sig")),
    } == {"list": set(TABLE[who].read), "export": set(TABLE[who].read)}


@pytest.mark.parametrize("who", list(TABLE))
def test_api_list_shows_exactly_what_the_user_reads(who: str, the_cast: Cast) -> None:
    response = api(the_cast, who).get(reverse("cases-api:list"), {"page_size": 100})
    assert response.status_code == 200
    ids = {r["id"] for r in response.json()["results"]}
    by_id = {c.pk: k for k, c in the_cast.cases.items()}
    assert {by_id[i] for i in ids if i in by_id} == set(TABLE[who].read)


# --- every cell: open, record, edit, flag, withdraw ----------------------------------------


def _excerpt(response: Any) -> str:
    return response.content.decode(errors="replace")[:300]


@pytest.mark.parametrize(("who", "key"), cell_params())
def test_web_cell(who: str, key: str, the_cast: Cast) -> None:
    case, client = the_cast.cases[key], web(the_cast, who)
    spec = CASES[key]
    got: dict[str, int] = {}
    expected: dict[str, int] = {}
    details: dict[str, str] = {}

    def check(action: str, response: Any, ok: int, kind: str = "write") -> None:
        got[action] = response.status_code
        expected[action] = want(who, key, kind, ok) if kind != "read" else (
            ok if key in TABLE[who].read else 404)
        if got[action] != expected[action]:
            details[action] = _excerpt(response)

    check("open", client.get(reverse("web:case_detail", args=[case.pk])), 200, "read")

    before = case.events.count()
    check("record", client.post(reverse("web:case_event_add", args=[case.pk]), web_event(key)), 302)
    recorded = case.events.count() - before

    form: dict[str, Any] = {"title": f"{spec.title} (sửa trên màn hình)", "summary": ""}
    if spec.category:
        form["category"] = spec.category
    if spec.case_kind:
        form["case_kind"] = spec.case_kind
    check("edit", client.post(reverse("web:case_edit", args=[case.pk]), form), 302)
    edited = fresh(case).title == form["title"]

    check("flag", client.post(reverse("web:case_flags", args=[case.pk]),
                              {"public_concern": "on", "reason": "Dư luận quan tâm"}), 302, "flag")
    flagged = fresh(case).public_concern

    event = the_cast.last_event[key]
    check("withdraw", client.post(reverse("web:case_event_withdraw", args=[case.pk, event.pk]),
                                  {"reason": "Nhập nhầm"}), 302)
    event.refresh_from_db()
    withdrawn = event.withdrawn_at is not None

    r = TABLE[who]
    assert (got, details) == (expected, {}), (who, key)
    assert {"recorded": recorded, "edited": edited, "flagged": flagged, "withdrawn": withdrawn} == {
        "recorded": int(key in r.write), "edited": key in r.write, "flagged": key in r.flag,
        "withdrawn": key in r.write}, (who, key)


@pytest.mark.parametrize(("who", "key"), cell_params())
def test_api_cell(who: str, key: str, the_cast: Cast) -> None:
    case, client = the_cast.cases[key], api(the_cast, who)
    spec = CASES[key]
    reads = key in TABLE[who].read
    got: dict[str, int] = {}
    expected: dict[str, int] = {}
    details: dict[str, str] = {}

    def check(action: str, response: Any, want_status: int) -> None:
        got[action] = response.status_code
        expected[action] = want_status
        if response.status_code != want_status:
            details[action] = _excerpt(response)

    check("detail", client.get(reverse("cases-api:detail", args=[case.pk])), 200 if reads else 404)
    check("events", client.get(reverse("cases-api:events", args=[case.pk])), 200 if reads else 404)

    before = case.events.count()
    check("record", client.post(reverse("cases-api:events", args=[case.pk]),
                                {**API_EVENT[key], "date": EVENT_ON.isoformat()}, format="json"),
          want(who, key, "write", 201))
    recorded = case.events.count() - before

    title = f"{spec.title} (sửa qua API)"
    check("edit", client.patch(reverse("cases-api:detail", args=[case.pk]), {"title": title},
                               format="json"), want(who, key, "write", 200))
    edited = fresh(case).title == title

    check("flag", client.patch(reverse("cases-api:detail", args=[case.pk]),
                               {"public_concern": True, "reason": "Dư luận quan tâm"},
                               format="json"), want(who, key, "flag", 200))
    flagged = fresh(case).public_concern

    event = the_cast.last_event[key]
    check("withdraw", client.post(reverse("cases-api:event_withdraw", args=[case.pk, event.pk]),
                                  {"reason": "Nhập nhầm"}, format="json"),
          want(who, key, "write", 200))
    event.refresh_from_db()
    withdrawn = event.withdrawn_at is not None

    r = TABLE[who]
    assert (got, details) == (expected, {}), (who, key)
    assert {"recorded": recorded, "edited": edited, "flagged": flagged, "withdrawn": withdrawn} == {
        "recorded": int(key in r.write), "edited": key in r.write, "flagged": key in r.flag,
        "withdrawn": key in r.write}, (who, key)


# --- personal data ----------------------------------------------------------------------------

_YEAR = re.compile(r"(?<![0-9A-Za-z])1990(?![0-9A-Za-z])")


def _shows_personal_data(text: str) -> dict[str, bool]:
    return {
        "id_number": PARTY["id_number"] in text,
        "address": PARTY["address"] in text,
        "birth_year": bool(_YEAR.search(text)),
    }


SHOWN = {"id_number": True, "address": True, "birth_year": True}
HIDDEN = {"id_number": False, "address": False, "birth_year": False}


def test_web_page_masks_personal_data_for_the_internal_affairs_supervisor(the_cast: Cast) -> None:
    page = web(the_cast, "supervisor_noi_chinh").get(
        reverse("web:case_detail", args=[the_cast.cases["kv1"].pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert PARTY["name"] in text  # the party is listed, its personal data is not
    assert _shows_personal_data(text) == HIDDEN


def test_api_detail_masks_personal_data_for_the_internal_affairs_supervisor(the_cast: Cast) -> None:
    body = api(the_cast, "supervisor_noi_chinh").get(
        reverse("cases-api:detail", args=[the_cast.cases["kv1"].pk])).json()
    [party] = body["parties"]
    assert party["name"] == PARTY["name"]
    assert (party["id_number"], party["address"], party["birth_year"]) == ("", "", None)
    assert _shows_personal_data(str(body)) == HIDDEN


@pytest.mark.parametrize("who", ["supervisor_granted", "officer_vks_tinh"])
def test_personal_data_is_shown_to_the_granted_and_to_the_procuracy(
    who: str, the_cast: Cast
) -> None:
    case = the_cast.cases["kv1"]
    page = web(the_cast, who).get(reverse("web:case_detail", args=[case.pk]))
    assert page.status_code == 200
    assert _shows_personal_data(page.content.decode()) == SHOWN
    body = api(the_cast, who).get(reverse("cases-api:detail", args=[case.pk])).json()
    [party] = body["parties"]
    assert (party["id_number"], party["address"], party["birth_year"]) == (
        PARTY["id_number"], PARTY["address"], PARTY["birth_year"])


# --- what a court may not record, and the provincial court's case ----------------------------

_VIETNAMESE = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.I)


def test_court_cannot_record_an_investigation_event_on_its_case_api(the_cast: Cast) -> None:
    case = the_cast.cases["kv1"]
    before = case.events.count()
    response = api(the_cast, "officer_tand_kv1").post(
        reverse("cases-api:events", args=[case.pk]),
        {"type": "investigation_extended", "months": 2, "date": EVENT_ON.isoformat()},
        format="json")
    assert response.status_code == 403, _excerpt(response)
    assert case.events.count() == before
    detail = response.json()["detail"]
    assert "Gia hạn điều tra" in detail and "không thuộc thẩm quyền" in detail, detail


def test_court_cannot_record_an_investigation_event_on_its_case_web(the_cast: Cast) -> None:
    case = the_cast.cases["kv1"]
    before = case.events.count()
    response = web(the_cast, "officer_tand_kv1").post(
        reverse("web:case_event_add", args=[case.pk]),
        {"type": "investigation_extended", "months": 2, "date": EVENT_ON.strftime("%d/%m/%Y")})
    assert case.events.count() == before
    assert response.status_code in (400, 403), _excerpt(response)


def test_court_refusal_of_an_investigation_event_is_a_403_with_a_vietnamese_reason_web(
    the_cast: Cast,
) -> None:
    case = the_cast.cases["kv1"]
    response = web(the_cast, "officer_tand_kv1").post(
        reverse("web:case_event_add", args=[case.pk]),
        {"type": "investigation_extended", "months": 2, "date": EVENT_ON.strftime("%d/%m/%Y")})
    assert response.status_code == 403, _excerpt(response)
    assert "không thuộc thẩm quyền" in response.content.decode(), _excerpt(response)


def test_area_court_cannot_touch_the_provincial_courts_case(the_cast: Cast) -> None:
    case = the_cast.cases["appeal"]
    title = CASES["appeal"].title
    before = case.events.count()
    w, a = web(the_cast, "officer_tand_kv1"), api(the_cast, "officer_tand_kv1")
    statuses = {
        "web_record": w.post(reverse("web:case_event_add", args=[case.pk]),
                             web_event("appeal")).status_code,
        "web_edit_get": w.get(reverse("web:case_edit", args=[case.pk])).status_code,
        "web_edit": w.post(reverse("web:case_edit", args=[case.pk]),
                           {"title": "Đổi tên", "category": "serious"}).status_code,
        "api_record": a.post(reverse("cases-api:events", args=[case.pk]),
                             {**API_EVENT["appeal"], "date": EVENT_ON.isoformat()},
                             format="json").status_code,
        "api_edit": a.patch(reverse("cases-api:detail", args=[case.pk]), {"title": "Đổi tên"},
                            format="json").status_code,
    }
    assert statuses == dict.fromkeys(statuses, 403)
    assert case.events.count() == before
    assert fresh(case).title == title
    refusal = a.patch(reverse("cases-api:detail", args=[case.pk]), {"title": "Đổi tên"},
                      format="json").json()["detail"]
    assert refusal == "Chỉ cơ quan đang thụ lý vụ án được sửa hồ sơ này."


# --- navigation -------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["supervisor_noi_chinh", "supervisor_granted", "viewer_tand_kv1"])
def test_readers_pages_do_not_offer_the_import(who: str, the_cast: Cast) -> None:
    client = web(the_cast, who)
    pages = {
        "dashboard": client.get(reverse("web:dashboard")),
        "list": client.get(reverse("web:case_list")),
        "case": client.get(reverse("web:case_detail", args=[the_cast.cases["kv1"].pk])),
    }
    assert {k: r.status_code for k, r in pages.items()} == dict.fromkeys(pages, 200)
    assert {k: 'href="/imports/"' in r.content.decode() for k, r in pages.items()} == dict.fromkeys(
        pages, False)


def test_an_officers_pages_offer_the_import(the_cast: Cast) -> None:
    """The control for the test above: the link exists, and is called «Nhập dữ liệu»."""
    html = web(the_cast, "officer_tand_kv1").get(reverse("web:dashboard")).content.decode()
    assert 'href="/imports/"' in html
    assert "Nhập dữ liệu" in html


def test_import_page_refuses_a_supervisor(the_cast: Cast) -> None:
    response = web(the_cast, "supervisor_noi_chinh").get("/imports/")
    assert response.status_code == 403


def test_import_refusal_is_in_vietnamese(the_cast: Cast) -> None:
    response = web(the_cast, "supervisor_noi_chinh").get("/imports/")
    body = response.content.decode()
    assert response.status_code == 403
    assert "Forbidden" not in body, body[:300]
    assert _VIETNAMESE.search(body), body[:300]
