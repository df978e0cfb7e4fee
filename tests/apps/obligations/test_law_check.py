"""`congminh law_check`: the stored cases whose history the law refuses (data cleaning)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import pytest
from django.core.management import call_command

from congminh.apps.cases.models import Case, CaseEvent
from congminh.apps.obligations.services import case_payloads
from congminh.core.law.evaluate import Engine

pytestmark = pytest.mark.django_db


def _store_bad(case: Case, type_: str, date: dt.date, data: dict[str, Any]) -> None:
    # Stored as before the check existed: straight into the log, not through the services.
    CaseEvent.objects.create(case=case, type=type_, date=date, data=data)


def _cases(make_case: Any) -> tuple[Case, Case, Case]:
    civil = make_case(events=[("accepted", dt.date(2026, 1, 5), {}),
                              ("brought_to_trial", dt.date(2026, 4, 1), {})])
    # BLTTDS 2015 Đ.203 k4: the hearing may be put off by at most one month; 9 months.
    _store_bad(civil, "hearing_extended", dt.date(2026, 4, 10), {"months": 9})
    criminal = make_case(
        holder="police", procedure="criminal", category="serious", number="15/QĐ-CSĐT",
        title="Vụ trộm cắp tài sản", events=[("report_received", dt.date(2026, 1, 2), {})],
    )
    # BLTTHS 2015 Đ.119: detention of a bị can / bị cáo, but no case was instituted.
    _store_bad(criminal, "detention_ordered", dt.date(2026, 1, 6), {"person": "Nguyễn Văn A"})
    clean = make_case(number="02/2026/TLST-DS")
    return civil, criminal, clean


def test_lists_the_refused_events_with_case_holder_date_and_reason(make_case: Any) -> None:
    civil, criminal, clean = _cases(make_case)
    out = io.StringIO()
    call_command("law_check", stdout=out)
    lines = out.getvalue().splitlines()

    # BLTTDS-203-HEARING: 1 month + 1 month = 2 months (rule file).
    rule = Engine.default().rules.get("BLTTDS-203-HEARING", dt.date(2026, 4, 1))
    citation = rule.limits[0].extensions[0].citation.text()
    assert lines[0] == (
        f"Vụ {civil.pk} | Tòa án nhân dân khu vực 1 - Gia Lai | 10/04/2026 Lùi thời hạn mở "
        f"phiên tòa vì lý do chính đáng / bất khả kháng | Thời hạn mở phiên tòa sơ thẩm không "
        f"quá 2 tháng kể cả gia hạn ({citation}): gia hạn lần thứ 1 ngày 10/04/2026 là 9 tháng, "
        f"vượt quá mức tối đa 1 tháng của lần gia hạn này.")
    assert lines[1].startswith(
        f"Vụ {criminal.pk} | Cơ quan Cảnh sát điều tra Công an tỉnh Gia Lai | 06/01/2026 Lệnh tạm giam")
    assert lines[1].endswith("(BLTTHS 2015 Điều 119).")
    assert lines[2] == "Đã kiểm tra 3 vụ án, vụ việc; 2 vụ có sự kiện trái luật."
    assert len(lines) == 3 and all(f"Vụ {clean.pk} " not in line for line in lines)


def test_csv_and_limit(make_case: Any) -> None:
    civil, criminal, _ = _cases(make_case)
    out, err = io.StringIO(), io.StringIO()
    call_command("law_check", "--format", "csv", stdout=out, stderr=err)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert [(r["case_id"], r["holder_code"], r["event_index"], r["date"], r["event_type"], r["code"],
             r["citation"]) for r in rows] == [
        (str(civil.pk), "TAND-KV1", "2", "10/04/2026", "hearing_extended", "over_cap",
         "BLTTDS 2015 Điều 203 khoản 4"),
        (str(criminal.pk), "CA-TINH", "1", "06/01/2026", "detention_ordered",
         "missing_prerequisite", "BLTTHS 2015 Điều 119"),
    ]
    assert "2 vụ có sự kiện trái luật" in err.getvalue()

    out = io.StringIO()
    call_command("law_check", "--limit", "1", stdout=out)
    lines = out.getvalue().splitlines()
    assert len(lines) == 2 and lines[0].startswith(f"Vụ {civil.pk} ")
    assert lines[1] == "Đã kiểm tra 1 vụ án, vụ việc; 1 vụ có sự kiện trái luật."


def test_reads_cases_in_chunks(make_case: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from congminh.apps.obligations.management.commands import law_check

    civil, criminal, clean = _cases(make_case)
    seen: list[list[int]] = []

    def spy(ids: list[int]) -> list[dict[str, Any]]:
        seen.append(list(ids))
        return case_payloads(ids)

    monkeypatch.setattr(law_check, "CHUNK", 2)
    monkeypatch.setattr(law_check, "case_payloads", spy)
    out = io.StringIO()
    call_command("law_check", stdout=out)
    assert seen == [[civil.pk, criminal.pk], [clean.pk]]
    assert "Đã kiểm tra 3 vụ án, vụ việc; 2 vụ có sự kiện trái luật." in out.getvalue()
