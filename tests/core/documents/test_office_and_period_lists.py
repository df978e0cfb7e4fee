"""Issue #13, the parser's known failures on provincial plans (December 2026): a bare «Văn phòng»
charged by a plan is the issuer's own office, and a list of periods with one year at its end
(«trong quý I và quý II/2026») is read whole. Documents written for the test in the layout of
these bodies (see corpus/SOURCES.md: no whole public text of such a plan was found)."""

from __future__ import annotations

from typing import Any

import pytest

from congminh.core.documents import parse_text
from congminh.core.documents.assignees import issuer_office

UBND_HEAD = (
    "ỦY BAN NHÂN DÂN\nTỈNH GIA LAI\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
    "Số: 12/KH-UBND\nGia Lai, ngày 05 tháng 01 năm 2026\n\nKẾ HOẠCH\nThực hiện Chỉ thị số 45-CT/TU\n\n"
    "II. NHIỆM VỤ, GIẢI PHÁP\n"
)
PARTY_HEAD = (
    "ĐẢNG BỘ TỈNH GIA LAI\nBAN THƯỜNG VỤ TỈNH ỦY\nĐẢNG CỘNG SẢN VIỆT NAM\n*\nSố 15-KH/TU\n"
    "Gia Lai, ngày 12 tháng 01 năm 2026\n\nKẾ HOẠCH\nthực hiện Chỉ thị số 10-CT/TW\nII- NHIỆM VỤ, GIẢI PHÁP\n"
)
CLOSING = "\nNơi nhận:\n- Như trên;\n- Lưu: VT.\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\nNguyễn Văn An\n"


def _rows(out: dict[str, Any]) -> list[tuple[str | None, list[str], str | None]]:
    return [(t["ref"], t["assignees"], t["due"]) for t in out["tasks"]]


@pytest.mark.parametrize(("head", "point", "office"), [
    (UBND_HEAD, "1. Giao Văn phòng chủ trì, phối hợp với các sở, ngành theo dõi, đôn đốc thực hiện Kế hoạch.",
     "Văn phòng UBND tỉnh"),
    (UBND_HEAD, "1. Văn phòng theo dõi, tổng hợp kết quả thực hiện.", "Văn phòng UBND tỉnh"),
    (PARTY_HEAD, "1- Giao Văn phòng chủ trì theo dõi, đôn đốc việc thực hiện Kế hoạch này.", "Văn phòng Tỉnh ủy"),
])
def test_a_bare_office_is_the_issuers_office(head: str, point: str, office: str) -> None:
    out = parse_text(head + point + "\n2. Sở Tư pháp chủ trì tuyên truyền.\n" + CLOSING)
    assert out["tasks"][0]["assignees"] == [office]


def test_an_office_named_in_full_is_kept_as_written() -> None:
    out = parse_text(UBND_HEAD + "1. Giao Văn phòng Đoàn ĐBQH và HĐND tỉnh theo dõi.\n" + CLOSING)
    assert out["tasks"][0]["assignees"] == ["Văn phòng Đoàn ĐBQH và HĐND tỉnh"]


@pytest.mark.parametrize(("issuer", "parent", "office"), [
    ("ỦY BAN NHÂN DÂN TỈNH GIA LAI", None, "Văn phòng UBND tỉnh"),
    ("UBND THÀNH PHỐ HẢI PHÒNG", None, "Văn phòng UBND thành phố"),
    ("ỦY BAN NHÂN DÂN XÃ IA GRAI", None, "Văn phòng HĐND và UBND xã"),
    ("BAN THƯỜNG VỤ TỈNH ỦY", "TỈNH ỦY GIA LAI", "Văn phòng Tỉnh ủy"),
    ("THÀNH ỦY PLEIKU", None, "Văn phòng Thành ủy"),
    ("ĐẢNG ỦY ỦY BAN NHÂN DÂN TỈNH", None, "Văn phòng Đảng ủy"),
    ("THỦ TƯỚNG CHÍNH PHỦ", None, "Văn phòng Chính phủ"),
    ("BỘ TƯ PHÁP", None, "Văn phòng Bộ"),
    ("SỞ TƯ PHÁP", "ỦY BAN NHÂN DÂN TỈNH GIA LAI", "Văn phòng Sở"),
    ("TÒA ÁN NHÂN DÂN TỈNH GIA LAI", None, "Văn phòng Tòa án nhân dân tỉnh"),
    ("VIỆN KIỂM SÁT NHÂN DÂN TỐI CAO", None, "Văn phòng Viện kiểm sát nhân dân tối cao"),
    ("TRƯỜNG ĐẠI HỌC CÔNG THƯƠNG", None, None),
])
def test_the_office_of_each_kind_of_issuer(issuer: str, parent: str | None, office: str | None) -> None:
    assert issuer_office(issuer, parent) == office


@pytest.mark.parametrize(("phrase", "due", "precision"), [
    ("tổng hợp, báo cáo UBND tỉnh trong quý I và quý II/2026.", "2026-06-30", "quarter"),
    ("hoàn thành trong quý I, quý II năm 2026.", "2026-06-30", "quarter"),
    ("hoàn thành trong tháng 11 và tháng 12/2026.", "2026-12-31", "month"),
    ("hoàn thành trong tháng 5, tháng 6 năm 2026.", "2026-06-30", "month"),
    # A period with no year keeps the document's year.
    ("hoàn thành trong quý I.", "2026-03-31", "quarter"),
])
def test_a_list_of_periods_with_one_year_is_read_whole(phrase: str, due: str, precision: str) -> None:
    out = parse_text(UBND_HEAD + "1. Sở Tư pháp chủ trì tuyên truyền, " + phrase + "\n" + CLOSING)
    task = out["tasks"][0]
    assert (task["due"], task["due_precision"]) == (due, precision)
