"""Urging letters (công văn đôn đốc) from the board: the Party-format DOCX read back, its
structure pinned by a golden file, numbering, email, the urge on each task and its scope.

The seed directive is confirmed on 26/11/2026; on 05/01/2027 two bodies are late:
- the Procuracy's quarterly report for Q4/2026 (its statistical year starts on 01/12, so
  that quarter ends on 30/11/2026; the report is due 10 days later, 10/12/2026, a
  Thursday), not reported: 21 days of December after the 10th + 5 = 26 days overdue;
- the Department of Justice's standing duty (point 4), given a due date of 15/12/2026 by
  the receiving body's clerk: 16 + 5 = 21 days overdue.
"""

from __future__ import annotations

import datetime as dt
import io
import os
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from docx import Document
from docx.table import Table
from docx.text.paragraph import Paragraph

from congminh.apps.audit.models import AuditEntry
from congminh.apps.directives import services, urging
from congminh.apps.directives.models import Obligation, UrgingItem, UrgingLetter

D = dt.date
JAN_5_2027 = dt.datetime(2027, 1, 5, 9, tzinfo=dt.UTC)
GOLDEN = Path(__file__).parent / "golden" / "urging-annex.txt"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def structure(data: bytes) -> list[str]:
    """The document in reading order, one line per paragraph («P») or table row («T»),
    paragraphs marked with their alignment and whether they are bold («b») or italic
    («i») throughout: what the golden file pins."""
    doc = Document(io.BytesIO(data))
    lines: list[str] = []

    def para(p: Paragraph, kind: str = "P") -> str:
        runs = [r for r in p.runs if r.text.strip()]
        marks = ("b" if runs and all(r.bold for r in runs) else "") + (
            "i" if runs and all(r.italic for r in runs) else "")
        align = "-" if p.alignment is None else {0: "L", 1: "C", 2: "R", 3: "J"}.get(int(p.alignment), "?")
        return f"{kind}[{align}{marks}] {' '.join(p.text.split())}"

    for child in doc.element.body.iterchildren():
        if child.tag == f"{W}p":
            p = Paragraph(child, doc._body)
            if p.text.strip():
                lines.append(para(p))
            elif child.findall(f".//{W}br"):
                lines.append("-- page break --")
        elif child.tag == f"{W}tbl":
            for row in Table(child, doc._body).rows:
                cells = [" / ".join(para(p, "") for p in cell.paragraphs if p.text.strip())
                         for cell in row.cells]
                lines.append("T| " + " | ".join(cells))
    return lines


def text_of(data: bytes) -> str:
    return "\n".join(structure(data))


@pytest.fixture
def late(confirmed_seed: Any, registry: dict[str, Any], clerk: Any) -> dict[str, Obligation]:
    """The two late obligations on 05/01/2027 (module docstring); the Standing Committee
    that issued the seed is in the registry, so the letter names it as it spells itself."""
    from congminh.apps.organisations.models import Organisation, OrganisationAlias

    standing = Organisation.objects.create(
        code="BTV-TU", name="Ban Thường vụ Tỉnh ủy Gia Lai", kind="party_committee", level="province",
        province_code="52", valid_from=D(2025, 7, 1))
    OrganisationAlias.objects.create(organisation=standing, alias="Ban Thường vụ Tỉnh ủy")
    review = Obligation.objects.get(organisation=registry["procuracy"], task__recurrence="quarterly",
                                    period_label="Q4/2026")
    duty = Obligation.objects.filter(organisation=registry["justice_dept"], task__ref="4").get()
    services.obligation_set_due(actor=clerk, obligation=duty, due=D(2026, 12, 15),
                                note="Văn phòng Tỉnh ủy ấn định thời hạn")
    duty.refresh_from_db()
    return {"procuracy": review, "justice": duty}


@pytest.fixture
def justice_officer(registry: dict[str, Any]) -> Any:
    from congminh.apps.accounts.models import User

    return User.objects.create_user(username="stp", password="matkhau-an-toan-1",
                                    organisation=registry["justice_dept"], role="officer")


def _issue(users: dict[str, Any], registry: dict[str, Any], mode: str) -> list[UrgingLetter]:
    return urging.urging_issue(
        actor=users["supervisor"], mode=mode, today=D(2027, 1, 5),
        organisation_ids=[registry["procuracy"].pk, registry["justice_dept"].pk])


@time_machine.travel(JAN_5_2027, tick=False)
def test_late_bodies_are_those_with_overdue_tasks(late: dict[str, Obligation], users: dict[str, Any],
                                                  registry: dict[str, Any]) -> None:
    assert late["procuracy"].due == D(2026, 12, 10)
    found = urging.late_bodies(user=users["supervisor"], today=D(2027, 1, 5))
    assert [(org.pk, n) for org, n in found] == [
        (registry["justice_dept"].pk, 1), (registry["procuracy"].pk, 1)]
    # An officer of a court is no Internal Affairs Committee: no urging.
    assert not urging.can_urge(users["officer_a"])
    assert urging.can_urge(users["supervisor"])


@time_machine.travel(JAN_5_2027, tick=False)
def test_one_letter_per_body_read_back(late: dict[str, Obligation], users: dict[str, Any],
                                       registry: dict[str, Any]) -> None:
    letters = _issue(users, registry, UrgingLetter.Mode.PER_BODY)
    # Numbered in order of the bodies' names: «Sở Tư pháp…» before «Viện kiểm sát…».
    assert [(letter.number_symbol, [o.pk for o in letter.recipients.all()]) for letter in letters] == [
        ("1-CV/BNCTU", [registry["justice_dept"].pk]), ("2-CV/BNCTU", [registry["procuracy"].pk])]
    procuracy = letters[1]
    doc = Document(io.BytesIO(urging.letter_bytes(procuracy)))
    left, right = doc.tables[0].rows[0].cells
    assert [p.text for p in left.paragraphs] == [
        "TỈNH ỦY GIA LAI", "BAN NỘI CHÍNH", "*", "Số 2-CV/BNCTU",
        # The seed's scan lost its number: the directive is named by its subject.
        "V/v đôn đốc thực hiện nhiệm vụ theo Chỉ thị về tăng cường lãnh đạo, chỉ đạo đối với các "
        "hoạt động tư pháp và một số nhiệm vụ cải cách tư pháp",
    ]
    assert [p.text for p in right.paragraphs] == ["ĐẢNG CỘNG SẢN VIỆT NAM",
                                                  "Gia Lai, ngày 05 tháng 01 năm 2027"]
    assert all(r.italic for r in right.paragraphs[1].runs)  # the place-date line
    assert all(r.bold and r.underline for r in right.paragraphs[0].runs)
    body = [p.text for p in doc.paragraphs]
    assert "Kính gửi: Viện kiểm sát nhân dân tỉnh Gia Lai" in body
    task = late["procuracy"].task
    # Due 10/12/2026, on 05/01/2027: 21 + 5 = 26 days overdue.
    assert f"1. Nhiệm vụ {task.ref}: {task.text} (hạn 10/12/2026, kỳ Quý IV/2026; quá hạn 26 ngày; " \
           "đã thực hiện 0%)." in body
    assert not any("Sở Tư pháp" in line for line in body)  # the other body's task is not here
    sign_left, sign_right = doc.tables[1].rows[0].cells
    assert [p.text for p in sign_left.paragraphs] == [
        "Nơi nhận:", "- Như trên,", "- Thường trực Tỉnh ủy (để báo cáo),", "- Lưu Văn phòng Ban."]
    assert [p.text for p in sign_right.paragraphs][:2] == ["K/T TRƯỞNG BAN", "PHÓ TRƯỞNG BAN"]


@time_machine.travel(JAN_5_2027, tick=False)
def test_one_letter_with_annex_matches_the_golden_file(late: dict[str, Obligation], users: dict[str, Any],
                                                       registry: dict[str, Any]) -> None:
    """The frozen layout of a letter with an annex. Regenerate the golden file only as a
    deliberate, reviewed change of the letter's format (UPDATE_GOLDEN=1, then read the diff)."""
    (letter,) = _issue(users, registry, UrgingLetter.Mode.ANNEX)
    assert sorted(o.pk for o in letter.recipients.all()) == sorted(
        [registry["procuracy"].pk, registry["justice_dept"].pk])
    text = text_of(urging.letter_bytes(letter)) + "\n"
    for ob in late.values():
        assert f"{ob.due:%d/%m/%Y}" in text
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.write_text(text, encoding="utf-8")
    assert text == GOLDEN.read_text(encoding="utf-8")


@time_machine.travel(JAN_5_2027, tick=False)
def test_numbers_follow_each_other_and_the_database_keeps_them_unique(
        late: dict[str, Obligation], users: dict[str, Any], registry: dict[str, Any]) -> None:
    first = _issue(users, registry, UrgingLetter.Mode.ANNEX)
    second = _issue(users, registry, UrgingLetter.Mode.PER_BODY)
    assert [letter.number for letter in first + second] == [1, 2, 3]
    assert UrgingLetter.objects.filter(issuer=registry["internal_affairs"], year=2027).count() == 3
    with pytest.raises(IntegrityError), transaction.atomic():
        UrgingLetter.objects.create(issuer=registry["internal_affairs"], year=2027, number=2,
                                    date=D(2027, 1, 5), subject="V/v trùng số")
    # Each obligation was urged by both generations.
    assert UrgingItem.objects.filter(obligation=late["procuracy"]).count() == 2


@time_machine.travel(JAN_5_2027, tick=False)
def test_a_number_taken_meanwhile_is_not_given_twice(
        late: dict[str, Obligation], users: dict[str, Any], registry: dict[str, Any],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Two clerks at once: the second read the same «next number» before the first saved.
    The database refuses the duplicate and the letter takes the number after."""
    _issue(users, registry, UrgingLetter.Mode.ANNEX)  # number 1
    real, stale = urging._next_number, iter([1])
    monkeypatch.setattr(urging, "_next_number", lambda issuer, year: next(stale, None) or real(issuer, year))
    (letter,) = _issue(users, registry, UrgingLetter.Mode.ANNEX)
    assert letter.number_symbol == "2-CV/BNCTU"
    assert "Số 2-CV/BNCTU" in text_of(urging.letter_bytes(letter))


@time_machine.travel(JAN_5_2027, tick=False)
def test_sent_by_email_where_the_body_has_an_address(late: dict[str, Obligation], users: dict[str, Any],
                                                     registry: dict[str, Any]) -> None:
    letters = _issue(users, registry, UrgingLetter.Mode.PER_BODY)
    # Only the Department of Justice has an address (stp@gialai.gov.vn); the Procuracy none.
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["stp@gialai.gov.vn"]
    assert "1-CV/BNCTU" in message.subject
    (name, content, mimetype) = message.attachments[0]
    assert name == "cong-van-1-2027.docx" and mimetype == urging.DOCX_TYPE
    assert "Kính gửi: Sở Tư pháp tỉnh Gia Lai" in [p.text for p in Document(io.BytesIO(content)).paragraphs]
    assert [letter.emailed_to for letter in letters] == [["stp@gialai.gov.vn"], []]


@time_machine.travel(JAN_5_2027, tick=False)
def test_the_urge_is_recorded_and_shown_to_the_body_only(
        client: Any, late: dict[str, Obligation], users: dict[str, Any], registry: dict[str, Any],
        justice_officer: Any) -> None:
    letters = _issue(users, registry, UrgingLetter.Mode.PER_BODY)
    procuracy = late["procuracy"]
    trail = AuditEntry.objects.get(object_type="directives.obligation", object_id=str(procuracy.pk),
                                   action="urge")
    assert (trail.actor_id, trail.new_value) == (users["supervisor"].pk, "2-CV/BNCTU")
    shown = "Đã đôn đốc ngày 05/01/2027, công văn số 2-CV/BNCTU"

    client.force_login(users["prosecutor"])
    assert shown in client.get(reverse("directives:obligation", args=[procuracy.pk])).content.decode()
    assert shown in client.get(reverse("directives:board")).content.decode()
    assert client.get(reverse("directives:urging_file", args=[letters[1].pk])).status_code == 200
    # The letter to the Department of Justice is not the Procuracy's.
    assert client.get(reverse("directives:urging_file", args=[letters[0].pk])).status_code == 404
    assert "1-CV/BNCTU" not in client.get(reverse("directives:board")).content.decode()

    client.force_login(justice_officer)
    board = client.get(reverse("directives:board")).content.decode()
    assert "Đã đôn đốc ngày 05/01/2027, công văn số 1-CV/BNCTU" in board and shown not in board
    assert client.get(reverse("directives:obligation", args=[procuracy.pk])).status_code == 404

    client.force_login(users["officer_a"])  # a court: urged about nothing
    assert "Đã đôn đốc" not in client.get(reverse("directives:board")).content.decode()
    assert client.get(reverse("directives:urging_file", args=[letters[1].pk])).status_code == 404
    assert client.post(reverse("directives:urging_new"), {"bodies": [registry["procuracy"].pk],
                                                          "mode": "per_body"}).status_code == 403


@time_machine.travel(JAN_5_2027, tick=False)
def test_board_form_issues_the_letters(client: Any, late: dict[str, Obligation], users: dict[str, Any],
                                       registry: dict[str, Any]) -> None:
    client.force_login(users["supervisor"])
    board = client.get(reverse("directives:board")).content.decode()
    assert 'name="bodies"' in board and "Tạo công văn đôn đốc" in board
    nothing = client.post(reverse("directives:urging_new"), {"mode": "per_body"}, follow=True)
    assert "Chọn ít nhất một cơ quan chậm thực hiện." in nothing.content.decode()
    assert not UrgingLetter.objects.exists()
    response = client.post(reverse("directives:urging_new"), {
        "bodies": [registry["procuracy"].pk], "mode": "per_body"}, follow=True)
    page = response.content.decode()
    letter = UrgingLetter.objects.get()
    assert "1-CV/BNCTU" in page and reverse("directives:urging_file", args=[letter.pk]) in page
    assert [o.pk for o in letter.recipients.all()] == [registry["procuracy"].pk]


CHROMIUM = "/usr/bin/chromium"
SHOTS = Path(os.environ.get("CONGMINH_SCREENSHOTS", "/tmp"))


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(not Path(CHROMIUM).exists() and os.environ.get("CI") != "true",
                    reason="Chromium is not installed")
def test_browser_select_two_late_bodies_generate_and_download(
        live_server: Any, page: Any, log_in: Any, late: dict[str, Obligation], users: dict[str, Any],
        registry: dict[str, Any]) -> None:
    """The Internal Affairs Committee, in Chromium: ticks the two late bodies on the board,
    asks for one letter with an annex, generates it and downloads the DOCX."""
    base = live_server.url
    with time_machine.travel(JAN_5_2027, tick=False):
        log_in(page, base, users["supervisor"].username)
        page.goto(base + reverse("directives:board"))
        form = page.locator("#urge-form")
        form.get_by_label("Sở Tư pháp tỉnh Gia Lai (1 nhiệm vụ quá hạn)").check()
        form.get_by_label("Viện kiểm sát nhân dân tỉnh Gia Lai (1 nhiệm vụ quá hạn)").check()
        form.get_by_label("Một công văn, kèm phụ lục theo từng cơ quan").check()
        page.screenshot(path=str(SHOTS / "h7-urging-board.png"), full_page=True)
        form.get_by_role("button", name="Tạo công văn đôn đốc").click()
        page.wait_for_url(base + reverse("directives:urging_list"))
        assert "Đã ban hành công văn đôn đốc số 1-CV/BNCTU." in page.content()
        row = page.locator("table.urging tbody tr", has_text="1-CV/BNCTU")
        assert "05/01/2027" in row.inner_text() and "stp@gialai.gov.vn" in row.inner_text()
        page.screenshot(path=str(SHOTS / "h7-urging-list.png"), full_page=True)
        with page.expect_download() as info:
            row.get_by_role("link", name="Tải về (DOCX)").click()
        download = info.value
        assert download.suggested_filename == "cong-van-1-2027.docx"
        lines = structure(Path(download.path()).read_bytes())
        assert "P[C] - Sở Tư pháp tỉnh Gia Lai;" in lines
        assert "P[C] - Viện kiểm sát nhân dân tỉnh Gia Lai." in lines
        assert sum(line.startswith("T| [R] 1 |") for line in lines) == 2  # one late task each
        # Back on the board, each late cell says it was urged.
        page.goto(base + reverse("directives:board"))
        assert page.locator(".board .urged").count() == 2
        page.screenshot(path=str(SHOTS / "h7-urging-board-after.png"), full_page=True)
        # The Procuracy sees the urge on its task.
        log_in(page, base, users["prosecutor"].username)
        page.goto(base + reverse("directives:obligation", args=[late["procuracy"].pk]))
        assert page.locator("p.urged").inner_text() == "Đã đôn đốc ngày 05/01/2027, công văn số 1-CV/BNCTU"
        page.screenshot(path=str(SHOTS / "h7-urging-task.png"), full_page=True)
