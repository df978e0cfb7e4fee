"""Small valid sample files: the template's examples for any holder, and a filled-in
file for the demo province (Gia Lai) with the real codes of its registry."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from congminh.apps.imports.export import write_xlsx
from congminh.apps.imports.template import write_template
from congminh.core.records import CaseRecord, EventRecord, PartyRecord

SAMPLE = Path(__file__).with_name("mau-nhap-vu-an.xlsx")
GIA_LAI_SAMPLE = Path(__file__).with_name("mau-nhap-vu-an-gia-lai.xlsx")


def write_sample(path: str | Path, holder_code: str) -> Path:
    """Write the template's example rows (three events of two cases) held by `holder_code`."""
    write_template(path, holder=holder_code)
    return Path(path)


def gia_lai_records() -> list[CaseRecord]:
    """Three cases of the demo province: the provincial police's investigation agency
    (GL-CSDT, with the provincial procuracy's number), the provincial police (GL-CA)
    and the regional court no. 1 (GL-TAND-KV1), all after the 2025 merger."""
    d = dt.date
    return [
        CaseRecord(
            procedure="criminal", category="serious", holder_code="GL-CSDT",
            title="Rơ Mah Hlơi - Trộm cắp tài sản (Điều 173 BLHS)",
            numbers=[("GL-CSDT", "15/2026/HS"), ("GL-VKS", "15/2026/VKS-P2")],
            parties=[PartyRecord("Rơ Mah Hlơi", "suspect"), PartyRecord("Nguyễn Thị Hoa", "victim")],
            events=[
                EventRecord("report_received", d(2026, 3, 2), document="Biên bản tiếp nhận 88/BB"),
                EventRecord("case_instituted", d(2026, 3, 20), document="QĐ 15/QĐ-CSĐT"),
                EventRecord("investigation_extended", d(2026, 7, 18), {"months": 2},
                            document="QĐ 41/QĐ-VKS-P2"),
            ],
        ),
        CaseRecord(
            procedure="criminal", category="less_serious", holder_code="GL-CA",
            title="Tin báo về tội phạm: đánh bạc tại phường Pleiku",
            numbers=[("GL-CA", "102/2026/TB")],
            events=[EventRecord("report_received", d(2026, 10, 12), document="Phiếu tiếp nhận 102/TB")],
        ),
        CaseRecord(
            procedure="civil", case_kind="civil_family", holder_code="GL-TAND-KV1",
            title="Tranh chấp quyền sử dụng đất giữa Ksor H'Bia và Lê Văn Tám",
            numbers=[("GL-TAND-KV1", "52/2026/TLST-DS")],
            parties=[PartyRecord("Ksor H'Bia", "plaintiff"), PartyRecord("Lê Văn Tám", "respondent")],
            events=[
                EventRecord("accepted", d(2026, 4, 14), document="TB thụ lý 52/TB-TLVA"),
                EventRecord("preparation_extended", d(2026, 8, 14), {"months": 2},
                            document="QĐ 17/QĐ-GH"),
            ],
        ),
    ]


def write_gia_lai_sample(path: str | Path = GIA_LAI_SAMPLE) -> Path:
    """(Re)write the demo province's sample workbook."""
    write_xlsx(gia_lai_records(), path)
    return Path(path)
