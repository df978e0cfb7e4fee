"""The case page's audit trail and parties speak Vietnamese: no code, id, ISO date or raw
dict reaches the page, and a party's role is named by the stage the case is at."""

from __future__ import annotations

import datetime as dt
import html as html_lib
import re
from typing import Any

import pytest
from django.urls import reverse

from congminh.apps.audit.models import AuditEntry
from congminh.apps.cases import services
from congminh.apps.cases.bulk import case_records_save
from congminh.apps.cases.models import Case
from congminh.apps.obligations.services import case_clocks_refresh
from congminh.apps.web import presenters
from congminh.core.records import CaseRecord, EventRecord, PartyRecord

pytestmark = pytest.mark.django_db

# What must never show: codes (snake_case or machine words), ISO dates and moments, raw
# dicts and lists, Python's literals, the engine's note, a rule's key.
FORBIDDEN = [
    re.compile(r"\b[a-z]+_[a-z_]+\b"),
    re.compile(r"\d{4}-\d{2}-\d{2}"),
    re.compile(r"[{}\[\]]"),
    re.compile(r"\b(?:True|False|None|law engine|due|recompute|create|update)\b"),
    re.compile(r"\b(?:criminal|serious|overdue|investigation|accused|import|manual|holder)\b"),
]


def _text(section: str) -> str:
    return html_lib.unescape(re.sub(r"<[^>]+>", " ", section))


def _section(client: Any, user: Any, case: Case, anchor: str) -> str:
    client.force_login(user)
    page = client.get(reverse("web:case_detail", args=[case.pk])).content.decode()
    part = page[page.index(f'id="{anchor}"'):]
    return part[:part.index("</section>")]


def _cells(section: str) -> list[str]:
    return [_text(c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", section, re.S)]


def _assert_no_machine_text(section: str, orgs: dict[str, Any]) -> None:
    text = _text(section)
    for pattern in FORBIDDEN:
        assert not pattern.search(text), (pattern.pattern, pattern.search(text), text)
    ids = {str(o.pk) for o in orgs.values()}
    assert not [c for c in _cells(section) if c in ids or c.isdigit()], _cells(section)


def test_audit_trail_is_vietnamese(
    client: Any, users: dict[str, Any], orgs: dict[str, Any], make_case: Any
) -> None:
    admin = users["admin"]
    admin.first_name = "Trần Thị Lan"
    admin.save()
    case = make_case(
        holder="police", procedure="criminal", category="serious",
        title="Vụ trộm cắp tài sản tại phường Quy Nhơn", number="15/QĐ-CSĐT",
        events=[("case_instituted", dt.date(2026, 3, 10), {})],
    )
    services.party_add(actor=admin, case=case, name="Nguyễn Văn A", role="accused")
    case_clocks_refresh(case_ids=[case.pk], as_of=dt.date(2026, 6, 20))
    services.case_event_append(
        actor=admin, case=case, type="investigation_extended", date=dt.date(2026, 6, 1),
        data={"months": 3},
    )
    case_clocks_refresh(case_ids=[case.pk], as_of=dt.date(2026, 6, 20))
    case.refresh_from_db()
    services.case_update(actor=admin, case=case, category="very_serious", holder=orgs["procuracy"])
    # A field the engine's recompute names by a rule and a person, and a moment.
    AuditEntry.objects.create(
        action="recompute", object_type="cases.case", object_id=str(case.pk), case_id=case.pk,
        field="due:BLTTHS-173:Nguyễn Văn A", old_value="2026-06-10", new_value=None,
        note="law engine",
    )
    for field, value in [("withdrawn_at", "2026-12-02 04:20:29.509292+00:00"),
                         ("withdrawn_by", admin.pk)]:
        AuditEntry.objects.create(
            actor=admin, action="withdraw_event", object_type="cases.caseevent", object_id="1",
            case_id=case.pk, field=field, new_value=value, note="Ghi nhầm ngày",
        )
    assert set(AuditEntry.objects.filter(case_id=case.pk).values_list("action", flat=True)) >= {
        "create", "add_number", "add_party", "add_event", "recompute", "update", "withdraw_event"}

    audit = _section(client, admin, case, "audit")
    _assert_no_machine_text(audit, orgs)
    text = " ".join(_text(audit).split())
    for expected in [
        # actions, and who: a person by name, the engine as the system
        "Tạo vụ án", "Thêm số vụ án", "Thêm đương sự", "Ghi sự kiện", "Tính lại thời hạn",
        "Sửa thông tin vụ án", "Rút sự kiện", "Trần Thị Lan", "Hệ thống", "Lý do: Ghi nhầm ngày",
        # field names
        "Trạng thái", "Hạn gần nhất", "Hạn điều tra", "Hạn tạm giam để điều tra (Nguyễn Văn A)",
        "Cơ quan thụ lý", "Loại tội", "Loại án", "Sự kiện", "Họ tên",
        # values
        "Quá hạn", "Trong hạn", "Nghiêm trọng", "Rất nghiêm trọng", "Hình sự",
        "Cơ quan Cảnh sát điều tra Công an tỉnh Gia Lai", "Viện kiểm sát nhân dân tỉnh Gia Lai",
        "Khởi tố vụ án ngày 10/03/2026", "Gia hạn điều tra ngày 01/06/2026 (Số tháng: 3)",
        "10/06/2026", "10/09/2026", "Thời điểm rút", "02/12/2026 11:20", "Người rút", "Không", "Bị can",
    ]:
        assert expected in text, (expected, text.replace(" 02/12/2026 ", "\n"))


def test_imported_case_audit_is_vietnamese(
    client: Any, users: dict[str, Any], orgs: dict[str, Any]
) -> None:
    record = CaseRecord(
        procedure="criminal", title="Vụ cố ý gây thương tích", holder_code="TAND-KV1",
        numbers=[("TAND-KV1", "3/2026/HS")], category="serious",
        parties=[PartyRecord("Nguyễn Văn B", "accused")],
        events=[EventRecord("case_instituted", dt.date(2026, 1, 5)),
                EventRecord("investigation_concluded", dt.date(2026, 2, 10)),
                EventRecord("returned_for_investigation", dt.date(2026, 2, 20), {"by": "procuracy"})],
    )
    result = case_records_save([record], actor=users["admin"], source="import",
                               note="import #7: vu-an.xlsx")
    case = Case.objects.get(pk=next(iter(result.case_ids)))
    audit = _section(client, users["admin"], case, "audit")
    _assert_no_machine_text(audit, orgs)
    text = " ".join(_text(audit).split())
    assert "Tòa án nhân dân khu vực 1 - Gia Lai" in text
    assert "Nhập từ tệp «vu-an.xlsx»" in text
    assert "Trả hồ sơ điều tra bổ sung ngày 20/02/2026 (Cơ quan trả hồ sơ: Viện kiểm sát)" in text


def test_unknown_action_and_field_are_still_vietnamese(
    users: dict[str, Any], make_case: Any
) -> None:
    case = make_case()
    entry = AuditEntry.objects.create(
        action="something_new", object_type="cases.case", object_id=str(case.pk),
        case_id=case.pk, field="some_field", old_value={"a_b": [1, 2]}, new_value=True,
    )
    row = presenters.audit_rows([entry])[0]
    assert (row["who"], row["action"], row["field"], row["new"]) == (
        "Hệ thống", "Thay đổi khác", "Thông tin khác", "Có")
    assert "{" not in row["old"] and "a_b" not in row["old"]


@pytest.mark.parametrize(
    ("events", "role", "label"),
    [
        ([("report_received", dt.date(2026, 3, 1), {})], "suspect",
         "Người bị tố giác / người bị kiến nghị khởi tố"),
        ([("case_instituted", dt.date(2026, 3, 1), {}),
          ("investigation_concluded", dt.date(2026, 5, 1), {})], "accused", "Bị can"),
        ([("case_instituted", dt.date(2026, 3, 1), {}),
          ("investigation_concluded", dt.date(2026, 5, 1), {}),
          ("indicted", dt.date(2026, 6, 1), {})], "suspect", "Bị cáo"),
    ],
)
def test_parties_are_named_by_the_stage(
    client: Any, users: dict[str, Any], make_case: Any, events: list[Any], role: str, label: str
) -> None:
    case = make_case(holder="police", procedure="criminal", category="serious",
                     number="16/QĐ-CSĐT", events=events)
    services.party_add(actor=users["admin"], case=case, name="Lê Văn C", role=role)
    services.party_add(actor=users["admin"], case=case, name="Phạm Thị D", role="victim")
    client.force_login(users["admin"])
    page = client.get(reverse("web:case_detail", args=[case.pk])).content.decode()
    block = page[page.index("<table class=\"parties\">"):]
    block = block[:block.index("</table>")]
    cells = _cells(block)
    assert label in cells and "Bị hại" in cells, cells


def test_every_party_role_and_action_has_a_vietnamese_name() -> None:
    from congminh.apps.cases.models import PartyRole
    from congminh.core.party_roles import party_role_label

    for role in PartyRole.values:
        assert party_role_label(role, "civil", "") != role, role
    for action in ["create", "update", "add_number", "add_party", "add_event", "correct_event",
                   "withdraw_event", "recompute", "claim_number", "confirm_claim", "reject_claim",
                   "merge", "flag"]:
        assert action in presenters.ACTION_LABELS, action
