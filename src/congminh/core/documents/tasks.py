"""Tasks: numbered points, lettered sub-points, articles that assign execution,
appendix task tables, and sentences that give another body its own duty."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from .assignees import (
    BODY_START_RE,
    CONDITION_LEAD_RE,
    ISSUER_VOICE_RE,
    giao_phrase,
    issuer_office,
    split_assignees,
    subject_phrase,
    with_issuer_office,
)
from .dates import (
    Deadline,
    by_effective_date,
    effective_date,
    find_deadlines,
    find_recurrence,
    find_relative_deadlines,
    period_deadline,
    relative_due,
)
from .header import Header
from .layout import Line
from .plantables import cell_line_tables, grid_tables, wrapped_cell_tables
from .textutil import fold, is_upper_text, squash
from .vocab import TYPE_HEADINGS

ROMAN_RE = re.compile(r"^(?P<n>I{1,3}|IV|V|VI{1,3}|IX|X)\.\s+(?P<rest>.+)$")
# A Party document numbers its sections with a dash: "II- NHIỆM VỤ, GIẢI PHÁP" (a heading in capitals).
ROMAN_DASH_RE = re.compile(r"^(?P<n>I{1,3}|IV|V|VI{1,3}|IX|X)\s?[-–]\s*(?P<rest>[A-ZĐÀ-Ỹ].+)$")
PART_RE = re.compile(r"^(?P<n>[A-H])\.\s+(?P<rest>.+)$")
# "Điều 9. Tổ chức thực hiện"; older laws drop the dot ("Điều 89 Chính phủ quy định …"),
# read so only in a document that never writes the dot (elsewhere "Điều 5 Nghị định …" is a reference).
# Older texts put a dash after the dot: "Điều 1.- Nay ban hành …".
ARTICLE_RE = re.compile(r"^Điều\s+(?P<n>\d+)\s*\.\s*(?:[-–—]\s*)?(?P<rest>.*)$")
# … or put the number alone on its line ("Điều 2" / "Chính phủ có trách nhiệm …").
DOTLESS_ARTICLE_RE = re.compile(r"^Điều\s+(?P<n>\d+)(?:\s*[.:]\s*(?:[-–—]\s*)?|\s*[-–—]\s+|\s+(?=[A-ZĐÀ-Ỹ\[\d])|\s*$)(?P<rest>.*)$")
# "Chương III" / "BẢNG GIÁ ĐẤT", "Mục 2. …": a division of a law's articles, no article's text.
DIVISION_RE = re.compile(r"^(?:Chương|CHƯƠNG|Mục|MỤC)\s+(?:[IVXLC]+|\d+)(?:\.|\s*$|\s+[A-ZĐÀ-Ỹ]{2})")
NUM2_RE = re.compile(r"^(?P<n>\d{1,2})\.(?P<s>\d{1,2})\.?\s+(?P<rest>.+)$")
# "1. …", and in older texts "1- …"
NUM_RE = re.compile(r"^(?P<n>\d{1,2})[.-]\s+(?P<rest>.+)$")
# OCR drops the dot ("1 Đôi mới"), reads it as a comma ("5, Đảng đoàn") or reads 5 as
# "Š"/"S"; accepted only where that number is the next one expected.
NUM_NODOT_RE = re.compile(r"^(?P<n>\d{1,2})\s+(?P<rest>[A-ZĐÀ-Ỹ].+)$")
NUM_OCR5_RE = re.compile(r"^[SŠ]\.\s+(?P<rest>.+)$")
NUM_COMMA_RE = re.compile(r"^(?P<n>\d{1,2}),\s+(?P<rest>[A-ZĐÀ-Ỹ].+)$")
LETTER_RE = re.compile(r"^(?P<s>[a-zđ])\)\s*(?P<rest>.+)$")
PAREN_NUM_RE = re.compile(r"^\((?P<s>\d{1,2})\)\s+(?P<rest>.+)$")
DASH_RE = re.compile(r"^[-–—+•*]\s+")  # "—": the em dash OCR reads for a bullet
GUIDANCE_RE = re.compile(r"(?:huong dan|co y kien|tra loi|giai dap)[^.]{0,60}nhu sau\s*:?\s*$")
# Plan items name their lead body in a field: "- Cơ quan thực hiện: …", "- Đơn vị chủ trì: …".
# Also "- Chủ trì: …", "- Cơ quan, đơn vị chủ trì: …", "- Trách nhiệm thực hiện: …".
LEAD_FIELD_RE = re.compile(
    r"^(?:[-–—+•*]\s*)?(?:(?:Co quan|Don vi)(?:\s*[,/]\s*(?:co quan|don vi))?\s+(?:thuc hien|chu tri(?: thuc hien)?)|"
    r"Chu tri|Trach nhiem(?: thuc hien)?|Don vi dau moi)\s*:\s*"
)
GLUED_FIELD_RE = re.compile(r"\s-(?=[A-ZĐÀ-Ỹ])")
LEAD_CUT_RE = re.compile(r"\s+chu tri\b|\s*[,;]?\s+phoi hop\b")
SENTENCE_SPLIT_RE = re.compile(r"(?<=\.)\s+(?=[A-ZĐÀ-Ỹ])")
# Closing formulas that name a body but give no duty.
BOILERPLATE_RE = re.compile(r"trân trọng|thông báo để|biết,? thực hiện|cảm ơn|nghiêm túc triển khai\s+thực hiện\.?$"
                            # "… đề nghị các cơ quan, đơn vị quan tâm triển khai thực hiện./.": the closing formula
                            r"|quan tâm(?:,? chỉ đạo)?(?:,? phối hợp)?\s+(?:triển khai\s+)?thực hiện\W*$"
                            # "Yêu cầu Thủ trưởng các cơ quan … nghiêm túc triển khai thực hiện Chỉ thị này./."
                            r"|nghiêm túc (?:triển khai\s+)?thực hiện (?:tốt )?(?:Chỉ thị|Kế hoạch|Quyết định|Công văn|"
                            r"Thông báo|Kết luận|Nghị quyết|văn bản) này\W*$")
# Section headings: which ones hold tasks (folded text).
NON_TASK_SECTION_RE = re.compile(r"muc dich|yeu cau|quan diem|muc tieu|danh gia|tinh hinh|ket qua|kien nghi|de xuat|can cu|boi canh")
ASSIGN_SECTION_RE = re.compile(r"to chuc thuc hien|phan cong|trach nhiem")
# An article whose clauses charge bodies: "Trách nhiệm của …", "Tổ chức thực hiện", "… trách nhiệm thi hành".
ARTICLE_ASSIGN_RE = re.compile(r"trach nhiem|to chuc thuc hien|thi hanh")
ORIENTATION_SECTION_RE = re.compile(r"phuong huong|dinh huong")
AMENDING_RE = re.compile(r"^(?:sua doi|bo sung|bai bo|thay the|dinh chinh)\b")
WORK_SECTION_RE = re.compile(r"nhiem vu|giai phap|noi dung|hoat dong|cong viec|tien do|lo trinh")
# An article that charges bodies with carrying out the document.
EXECUTION_RE = re.compile(r"(?:chịu|có) trách nhiệm (?:thi hành|tổ chức thực hiện|thực hiện)")
APPENDIX_RE = re.compile(r"^phu luc\b")
# "Phụ lục" alone on its line, in title case, over a caption in capitals ("DANH MỤC CÁC NHIỆM VỤ …").
APPENDIX_ALONE_RE = re.compile(r"^Phụ lục(?:\s+[IVXLC\d]+)?\s*$")
FOLDED_TYPE_HEADINGS = {fold(h, lower=False) for h in TYPE_HEADINGS}
REPORT_RE = re.compile(
    r"\b(?P<verb>báo cáo|gửi|(?:Báo cáo|Gửi báo cáo)(?=\s+(?:kết quả|tình hình|tiến độ)))(?:\s+về)?\b(?P<obj>[^.;]{0,100}?)\s*(?:\b(?:cho|với|lên|về)\s+)?"
    r"(?P<to>(?:Thường trực|cấp (?:có )?thẩm quyền|[Cc]ấp ủy|Ban|Bộ|Sở|UBND|Ủy ban|Uỷ ban|Chủ tịch|Thủ tướng|Văn phòng|Cục|Tỉnh ủy|Hội đồng|Chính phủ|"
    # the bodies of a district, a commune or a provincial police: "về Phòng Tư pháp", "Giám đốc Công an tỉnh"
    r"Phòng|Giám đốc|Chánh án|Viện trưởng|Huyện ủy|Thành ủy|Đảng ủy|Công an|Thanh tra|Viện kiểm sát|Tòa án)\b[^.;()]*?)"
    r"(?=\s+(?:trước|để|theo|định kỳ|trong|qua|kể từ|chậm nhất|hằng|hàng|nhằm|về)\b|\s*[.;(]|$"
    # "báo cáo Thủ tướng Chính phủ xem xét, quyết định": what the body is to do with the report
    r"|,?\s+(?:xem xét|quyết định|chỉ đạo|cho ý kiến|phê duyệt|giải quyết)\b|\s+và\s+(?:đề xuất|kiến nghị)\b"
    # "báo cáo Ban Giám hiệu các khó khăn, vướng mắc …": what is reported, after the body
    r"|\s+(?:các\s+|những\s+)?(?:khó khăn|vướng mắc|kết quả|tình hình|tiến độ)\b)"
)


@dataclass
class Unit:
    """A numbered point, lettered sub-point or article, with its paragraphs."""

    ref: str
    kind: str  # "work" | "assign" | "orientation" | "non" | "plain" | "article"
    key: tuple[str, ...]
    paragraphs: list[str] = field(default_factory=list)
    children: list[Unit] = field(default_factory=list)
    # A lettered point of an article's clause ("Điều 23" / "2. X thực hiện:" / "a) …") is kept
    # beside the clause, pointing to it; the clause itself is then no task.
    clause: Unit | None = None
    has_letters: bool = False


@dataclass
class Outline:
    units: list[Unit] = field(default_factory=list)
    lead_in: list[str] = field(default_factory=list)
    # Paragraphs after the last point in the issuer's own voice ("Bộ Tài chính yêu cầu …").
    closing: list[str] = field(default_factory=list)
    # Roman sections with the paragraphs before their first point.
    sections: list[Unit] = field(default_factory=list)


def _section_kind(heading: str) -> str:
    folded = fold(heading)
    if NON_TASK_SECTION_RE.search(folded):
        return "non"
    if ASSIGN_SECTION_RE.search(folded):
        return "assign"
    if ORIENTATION_SECTION_RE.search(folded):
        return "orientation"  # general directions: a point is a task only when it names a body
    if WORK_SECTION_RE.search(folded):
        return "work"
    return "non"


class _Builder:
    """Walks body lines and groups them into sections, points and sub-points."""

    def __init__(self, article_re: re.Pattern[str] = ARTICLE_RE) -> None:
        self.outline = Outline()
        self.article_re = article_re
        self.section: str | None = None
        self.kind = "plain"
        self.point: Unit | None = None
        self.current: Unit | None = None
        self.paragraphs: list[str] = self.outline.lead_in
        self.last_line: Line | None = None
        self.blank_before = False
        self.article: Unit | None = None  # the article whose clauses (1., 2.) are being read
        self.paren_points = False
        self.letter_points = False
        self.after_title = False
        self.point_line: Line | None = None  # the line that opened the current point
        self.between_articles = False  # after a chapter's heading, before its first article

    def expected_point(self) -> int:
        return int(self.point.key[-1]) + 1 if self.point and self.point.key[-1].isdigit() else 1

    def start_section(self, roman: str, heading: str) -> None:
        self.section, self.kind = roman, _section_kind(heading)
        self.point = self.current = self.article = None
        self.letter_points = False
        # Kept for a section with no numbered points, whose bullets are its tasks.
        unit = Unit(roman, self.kind, (roman,))
        self.outline.sections.append(unit)
        self.paragraphs = unit.paragraphs

    def start_point(self, n: str, rest: str) -> None:
        if self.article is not None:
            self.start_clause(self.article, n, rest)
            return
        prefix = f"{self.section}." if self.section else ""
        unit = Unit(f"{prefix}{n}", self.kind, (self.section or "", n), [rest])
        self.outline.units.append(unit)
        self.point = self.current = unit
        self.paragraphs = unit.paragraphs

    def start_letter(self, article: Unit, s: str, rest: str) -> None:
        clause = self.current.clause if self.current and self.current.clause else self.current
        assert clause is not None
        unit = Unit(f"{clause.ref}.{s}", clause.kind, (*clause.key, s), [rest], clause=clause)
        clause.has_letters = True
        article.children.append(unit)
        self.current = unit
        self.paragraphs = unit.paragraphs

    def start_child(self, s: str, rest: str, sep: str) -> None:
        if self.point is None:
            self.start_point("0", "")
        assert self.point is not None
        unit = Unit(f"{self.point.ref}{sep}{s}", self.kind, (*self.point.key, s), [rest])
        self.point.children.append(unit)
        self.current = unit
        self.paragraphs = unit.paragraphs

    @staticmethod
    def _type_heading(text: str) -> bool:
        return len(text) < 24 and fold(text.strip(" :"), lower=False) in FOLDED_TYPE_HEADINGS

    def start_article(self, n: str, rest: str) -> None:
        # "Điều 11. Trách nhiệm của Công an tỉnh" / "Công an tỉnh có trách nhiệm …" / "Điều 2.
        # Giao Sở Tư pháp:": its paragraphs and points charge bodies like an execution section's.
        assigns = (ARTICLE_ASSIGN_RE.search(fold(rest)) or _delegates(rest)) and not AMENDING_RE.match(fold(rest))
        unit = Unit(f"Điều {n}", "assign" if assigns else "article", ("Điều", n), [rest])
        self.after_title = bool(rest)  # the article's first sentence starts on the next line
        self.outline.units.append(unit)
        self.point = None
        self.current = self.article = unit
        self.paragraphs = unit.paragraphs

    def start_clause(self, article: Unit, n: str, rest: str) -> None:
        """A numbered clause of an article ("Điều 9. Tổ chức thực hiện" / "1. Bộ …"): a task
        when the article assigns work, never in an article that states rules."""
        title = article.paragraphs[0] if article.paragraphs and article.paragraphs[0] else " ".join(article.paragraphs)
        kind = "assign" if ARTICLE_ASSIGN_RE.search(fold(title)) or EXECUTION_RE.search(title) else "non"
        if AMENDING_RE.match(fold(title)):
            kind = "amend"  # "Điều 1. Sửa đổi, bổ sung …": the clauses quote the amended text
        elif kind == "non" and _delegates(rest):
            kind = "assign"  # "2. Giao Chính phủ thực hiện ngay các nhiệm vụ sau đây:" in a rule article
        unit = Unit(f"{article.ref}.{n}", kind, (*article.key, n), [rest])
        article.children.append(unit)
        self.current = unit
        self.paragraphs = unit.paragraphs

    def end_article(self) -> None:
        """A chapter's or a section's heading closes the article before it; what follows it up
        to the next article (its title, a web copy's breadcrumb) belongs to no article."""
        self.point = self.current = self.article = None
        self.paragraphs = []
        self.between_articles = True

    def reset_part(self) -> None:
        """An attached document (the plan after a decision) starts its own numbering."""
        self.section, self.kind = None, "plain"
        self.point = self.current = self.article = None
        self.paragraphs = []

    def add_text(self, line: Line) -> None:
        text = line.text
        prev = self.last_line
        new_paragraph = (
            not self.paragraphs
            or bool(DASH_RE.match(text))
            or (text[:1].isupper() and prev is not None and (
                (self.after_title and not _text_cut_on_title_line(prev.text))
                or (prev is self.point_line and _heading_like(self.paragraphs[-1]))
                or (prev is self.point_line and _title_then_charge(prev.text, text))
                or bool(FIELD_POINT_RE.match(fold(text)))  # "Cơ quan chủ trì: …" under an item's title
                or prev.text.rstrip()[-1:] in {".", ":", ";", "!", "?"}
                or line.indent >= prev.indent + 4
                or line.table
                or self.blank_before
            ))
        )
        if self.paragraphs and not self.paragraphs[-1]:
            self.paragraphs[-1] = text  # the first line under an article with no title
        elif new_paragraph:
            self.paragraphs.append(text)
        else:
            self.paragraphs[-1] += " " + text

    def point_number(self, text: str) -> tuple[str, str] | None:
        """A numbered point's number and text, tolerating OCR where the number is expected."""
        if m := NUM_RE.match(text):
            return m.group("n"), m.group("rest")
        expected = self.expected_point()
        for pattern in (NUM_COMMA_RE, NUM_NODOT_RE):
            m = pattern.match(text)
            if m and int(m.group("n")) == expected and (pattern is NUM_COMMA_RE or self.blank_before):
                return m.group("n"), m.group("rest")
        if (m := NUM_OCR5_RE.match(text)) and expected == 5:
            return "5", m.group("rest")
        return None

    def feed(self, line: Line) -> None:
        text = line.text
        if self.between_articles and not (self.article_re.match(text) or ROMAN_RE.match(text) or self._type_heading(text)):
            return
        self.between_articles = False
        if (m := ROMAN_RE.match(text)) or (
            ((m := PART_RE.match(text)) or (m := ROMAN_DASH_RE.match(text))) and is_upper_text(m.group("rest"))
        ):
            self.start_section(m.group("n"), m.group("rest"))
        elif m := self.article_re.match(text):
            self.start_article(m.group("n"), m.group("rest"))
        elif (m := NUM2_RE.match(text)) and self.article is not None:
            self.start_clause(self.article, f"{m.group('n')}.{m.group('s')}", m.group("rest"))
        elif m := NUM2_RE.match(text):
            if self.point is None or self.point.key[-1] != m.group("n"):
                self.start_point(m.group("n"), "")
            self.start_child(m.group("s"), m.group("rest"), ".")
        elif number := self.point_number(text):
            self.letter_points = False
            self.start_point(*number)
            self.point_line = line
        elif (m := PAREN_NUM_RE.match(text)) and (self.point is None or self.paren_points):
            self.paren_points = True  # "(1) … (2) …" numbers the points themselves
            self.start_point(m.group("s"), m.group("rest"))
        elif (m := LETTER_RE.match(text)) and self.article is not None:
            self.start_letter(self.article, m.group("s"), m.group("rest"))  # of a clause, or of the article itself
        elif (m := LETTER_RE.match(text)) and self.article is None and (self.point is None or self.letter_points):
            self.letter_points = True  # "… yêu cầu:" / "a) …" "b) …" with no number above
            self.start_point(m.group("s"), m.group("rest"))
        elif ((m := LETTER_RE.match(text)) or (m := PAREN_NUM_RE.match(text))) and self.point is not None:
            self.start_child(m.group("s"), m.group("rest"), ".")
        elif self._type_heading(text):
            self.reset_part()
        elif self.article is not None and DIVISION_RE.match(text):
            self.end_article()
        else:
            self.add_text(line)
        self.last_line = line
        self.blank_before = False
        if not self.article_re.match(text):
            self.after_title = False


def build_outline(lines: list[Line]) -> Outline:
    dotted = any(line.text.startswith("Điều") and ARTICLE_RE.match(line.text) for line in lines)
    builder = _Builder(ARTICLE_RE if dotted else DOTLESS_ARTICLE_RE)
    for line in lines:
        if line.blank:
            builder.blank_before = True
            continue
        builder.feed(line)
    outline = builder.outline
    for unit in outline.units:
        _join_wrapped_title(unit)
        _fold_specification_letters(unit)
        _fold_field_points(unit)
    last = builder.current
    if last is not None and len(last.paragraphs) > 1 and ISSUER_VOICE_RE.match(fold(last.paragraphs[-1], lower=False)):
        outline.closing.append(last.paragraphs.pop())
    return outline


TITLE_WRAP_MAX = 160


def _text_cut_on_title_line(text: str) -> bool:
    """An article's line holding text, not a title, cut inside a phrase: "Điều 3. Quyết định này có
    hiệu lực kể từ ngày ký. Thủ trưởng các đơn vị thuộc" / "Bộ và các cơ quan … chịu trách nhiệm …"."""
    return bool(re.search(r"\.\s+[A-ZĐ]", text)) and bool(LINE_CUT_RE.search(fold(text.rstrip())))


def _join_wrapped_title(article: Unit) -> None:
    """An article's title that a web copy wrapped onto a second line ("Điều 5. Trách nhiệm của
    Bộ trưởng Bộ Quốc phòng, Bộ trưởng" / "Bộ Công an trong quản lý …"): the second line, short,
    unpunctuated and followed by the article's text, is the title's end, not its first sentence."""
    paragraphs = article.paragraphs
    if not article.ref.startswith("Điều") or len(paragraphs) < 2 or not paragraphs[0]:
        return
    title, second = paragraphs[0].rstrip(), paragraphs[1].strip()
    followed = len(paragraphs) > 2 or bool(article.children)
    if (followed and second[-1:] not in ".;:!?" and len(second) <= TITLE_WRAP_MAX and not DASH_RE.match(second)
            and _title_unfinished(title)):
        paragraphs[0:2] = [f"{title} {second}"]


# … or after an office's title, which names its body next ("…, Giám đốc" / "Sở Nội vụ …").
TITLE_WORD_END_RE = re.compile(r"\b(?:giam doc|chu tich|thu truong|chanh an|vien truong|cuc truong|vu truong|bo truong|"
                               r"chu nhiem|truong ban|bi thu|chanh van phong)$")
# A title cut after a comma or a linking word ("… Giám đốc Sở Tư pháp, Giám đốc", "… của").
TITLE_CUT_RE = re.compile(r"(?:,|\b(?:va|cua|voi|ve|doi voi|trong|tai|cac|cho|hoac))$")


def _title_unfinished(title: str) -> bool:
    """A title that stops inside a phrase: after a comma or a linking word, or a duty title
    that stops inside a body's name ("Trách nhiệm của Bộ trưởng Bộ Quốc phòng, Bộ trưởng")."""
    folded = fold(title)
    if TITLE_CUT_RE.search(folded):
        return True
    last = title.split()[-1] if title.split() else ""
    return bool(DUTY_TITLE_RE.match(folded)) and (last[:1].isupper() or bool(TITLE_WORD_END_RE.search(folded)))


# "3. Tổ chức việc rà soát … và thực hiện theo quy định sau đây:" / "6. Tổ chức thu … các khoản
# tiền sau đây:": the lettered points specify the clause's one duty (folded tail of the clause).
SPECIFICATION_INTRO_RE = re.compile(r"sau(?: day)?\s*:$")
DUTY_LIST_RE = re.compile(r"nhiem vu|trach nhiem|cong viec|giai phap|hoat dong|noi dung")


def _fold_specification_letters(article: Unit) -> None:
    """An article's clause that does its duty "theo quy định sau đây:" keeps its lettered
    points as its own text: one task, not one per point."""
    if not article.ref.startswith("Điều"):
        return
    for clause in [c for c in article.children if c.has_letters and c.clause is None]:
        tail = fold(squash(" ".join(clause.paragraphs)))[-60:]
        if not SPECIFICATION_INTRO_RE.search(tail) or DUTY_LIST_RE.search(tail) or not clause.paragraphs[0]:
            continue
        if subject_phrase(clause.paragraphs[0]):
            continue  # "2. Bộ X thực hiện các việc sau đây:": the points are X's tasks
        letters = [c for c in article.children if c.clause is clause]
        clause.paragraphs.extend(p for letter in letters for p in letter.paragraphs)
        clause.has_letters = False
        article.children = [c for c in article.children if c.clause is not clause]


# The fields of a plan item written as lettered points: "a) Nội dung: …", "b) Đơn vị chủ trì: …",
# "c) Đơn vị phối hợp: …", "d) Thời gian thực hiện: Quý III/2026" (folded).
FIELD_POINT_RE = re.compile(
    r"^(?:noi dung|(?:co quan|don vi)[^:]{0,30}|thoi (?:gian|han)[^:]{0,30}|chu tri|phoi hop|san pham[^:]{0,30}|"
    r"kinh phi[^:]{0,30}|trach nhiem[^:]{0,30}|ket qua[^:]{0,30}|tien do[^:]{0,20})\s*:"
)


def _fold_field_points(point: Unit) -> None:
    """A plan item whose lettered points are its fields ("1. Phổ biến pháp luật" / "a) Nội
    dung: …" / "b) Đơn vị chủ trì: …" / "c) Thời gian thực hiện: …") is one task: the
    fields become its paragraphs, read like "- Đơn vị chủ trì: …"."""
    if point.ref.startswith("Điều") or not point.children:
        return
    if not all(c.paragraphs and FIELD_POINT_RE.match(fold(c.paragraphs[0])) for c in point.children):
        return
    point.paragraphs.extend(f"- {p}" if k == 0 else p for c in point.children for k, p in enumerate(c.paragraphs))
    point.children = []


def _voice_tasks(paragraphs: list[str], reference: dt.date | None = None) -> list[dict[str, Any]]:
    """Sentences outside the points where the issuer charges a body ("Thủ tướng Chính phủ
    giao Bộ X …", "Bộ Tài chính yêu cầu các Cục Hải quan … triển khai thực hiện"), unless
    they only introduce the list that follows ("… như sau:")."""
    tasks = []
    for paragraph in paragraphs:
        if paragraph.rstrip().endswith(":"):
            continue
        for sentence in _sentences(paragraph):
            if BOILERPLATE_RE.search(sentence):
                continue  # "… đề nghị các cơ quan, đơn vị quan tâm triển khai thực hiện./."
            if not (subject := subject_phrase(sentence)) or not _charges(sentence, subject[1]):
                continue
            draft = _Draft(None, split_assignees(subject[0]), [sentence], sentence, "plain")
            if draft.assignees:
                tasks.append(_finish(draft, reference))
    return tasks


# A sentence that charges the body it names: "Giao X …", "Đề nghị X …", "Yêu cầu X …",
# "X chủ trì, phối hợp …", "X có trách nhiệm …" (folded).
CHARGE_START_RE = re.compile(r"^(?:Giao|De nghi|Yeu cau)\s")
CHARGE_VERB_RE = re.compile(r"^\s*,?\s*(?:chu tri|co trach nhiem|chiu trach nhiem|co nhiem vu)\b")


# What a law's clause delegates to the body it names (folded text after the name):
# "Chính phủ quy định chi tiết Điều này", "Bộ Tài chính hướng dẫn thi hành …",
# "Chính phủ chịu trách nhiệm tổ chức thực hiện …", "Bộ Quốc phòng, Bộ Công an chỉ đạo …".
DELEGATION_RE = re.compile(
    r"^\s*,?\s*(?:quy dinh chi tiet|huong dan (?:chi tiet|thi hanh|thuc hien|viec thi hanh)|"
    r"(?:chiu|co) trach nhiem (?:to chuc thuc hien|to chuc thi hanh|thi hanh|huong dan)|chi dao\b|"
    r"giam sat viec (?:thuc hien|thi hanh)|quyet dinh hoac phan cap|xem xet,? quyet dinh|"
    # "Bộ Tài chính chủ trì, phối hợp với Bộ Tư pháp hướng dẫn thực hiện …"
    r"chu tri,? phoi hop voi [^.;:]{1,120}? (?:huong dan (?:chi tiet|thi hanh|thuc hien)|quy dinh chi tiet)\b)"
)


# "…, trong phạm vi nhiệm vụ, quyền hạn của mình, giám sát …": the scope before the duty (folded).
LEADING_SCOPE_RE = re.compile(r"^\s*,?\s*(?:trong pham vi|theo (?:chuc nang|tham quyen))[^,]*(?:,\s*quyen han[^,]*)?,\s*")


def _duty_words(after_subject: str) -> str:
    """What a sentence says its body does, past a scope ("trong phạm vi …,"), folded."""
    folded = fold(after_subject, lower=False)
    return folded[m.end() :] if (m := LEADING_SCOPE_RE.match(folded)) else folded


def _delegates(sentence: str) -> bool:
    """A sentence that charges the body it names: "Giao X …" / "Quốc hội giao X …", or
    a delegation to X ("X quy định chi tiết …", "X chịu trách nhiệm tổ chức thực hiện …")."""
    if not (subject := subject_phrase(sentence)) or re.search(r"\bnay\b", fold(subject[0])):
        return False  # "Bộ luật này quy định …": the document itself
    folded = fold(squash(sentence), lower=False)
    # "Đối với …, giao X …": the charge after the case it covers; "X khẩn trương …": urged.
    condition = CONDITION_LEAD_RE.match(folded)
    return bool(ISSUER_VOICE_RE.match(folded) or CHARGE_START_RE.match(folded)
                or DELEGATION_RE.match(duty := _duty_words(subject[1])) or duty.startswith("khan truong ")
                or (condition and re.search(r"\b(?:giao|yeu cau|de nghi)(?: cho)?\s*$", condition.group(0))))


# The bodies of the state a rule's clause may charge ("Bộ trưởng, Thủ trưởng cơ quan ngang bộ có trách
# nhiệm nghiên cứu …" in an article that is no execution article), unlike the subjects it regulates
# ("Tổ chức tín dụng có trách nhiệm …") (folded).
STATE_BODY_RE = re.compile(
    r"^(?:Cac )?(?:Bo truong|Bo [A-Z]|Thu truong co quan ngang [Bb]o|Chinh phu|Thu tuong|Uy ban nhan dan|UBND|"
    r"Chu tich Uy ban nhan dan|Chu tich UBND)"
)


# Its charge: "có trách nhiệm …" (not "chủ trì …", which a rule uses for who carries out a procedure).
RESPONSIBLE_START_RE = re.compile(r"^\s*,?\s*(?:co trach nhiem|chiu trach nhiem|co nhiem vu)\b")


def _charges_the_state(sentence: str) -> bool:
    subject = subject_phrase(sentence)
    return bool(subject and STATE_BODY_RE.match(fold(subject[0], lower=False))
                and RESPONSIBLE_START_RE.match(_duty_words(subject[1])))


# A line that stops inside a phrase, so that the next one continues it (folded).
# Also a relational word that a name goes on after: "Thủ trưởng các đơn vị thuộc" / "Bộ và các cơ quan …".
LINE_CUT_RE = re.compile(r"(?:,|\b(?:va|cua|voi|ve|doi voi|trong|tai|cac|cho|hoac|giao|de nghi|yeu cau|phoi hop|chi dao|"
                         r"thuoc|truc thuoc|theo|tren|den|tu|giua|boi|nhu))$")


def _title_then_charge(title_line: str, line: str) -> bool:
    """A point's title alone on its line ("2. Rà soát, kiện toàn Hội đồng …") and, below it,
    the sentence that charges a body with it ("Giao Sở Tư pháp chủ trì …", "Sở Tư pháp chủ
    trì, phối hợp …"): two paragraphs, not one wrapped sentence, so that the body is read."""
    if LINE_CUT_RE.search(fold(title_line.rstrip())):
        return False
    if CHARGE_START_RE.match(fold(line, lower=False)):
        return True
    subject = subject_phrase(line)
    return bool(subject and CHARGE_VERB_RE.match(fold(subject[1], lower=False)))


def _charged_below_title(title: str, rest: list[str]) -> list[str]:
    """The bodies the sentence under a point's bare title charges with it."""
    if not rest or not _title_then_charge(title, rest[0]):
        return []
    if giao := giao_phrase(rest[0]):
        return split_assignees(giao)
    subject = subject_phrase(rest[0])
    return split_assignees(subject[0]) if subject else []


def _charges(sentence: str, after_subject: str) -> bool:
    folded = fold(sentence, lower=False)
    return bool(ISSUER_VOICE_RE.match(folded) or CHARGE_START_RE.match(folded)
                or CHARGE_VERB_RE.match(fold(after_subject, lower=False)))


def _bullet_items(paragraphs: list[str]) -> list[str]:
    """"- X …" items of a section with no numbered points; "+" lines stay in their item."""
    items: list[str] = []
    for paragraph in paragraphs:
        if paragraph[:1] in "-–—•":
            items.append(DASH_RE.sub("", paragraph))
        elif items:
            items[-1] += " " + paragraph
    return items


def _section_tasks(outline: Outline, reference: dt.date | None = None) -> list[tuple[str, dict[str, Any]]]:
    """A section that gives its duties as bullets or paragraphs, with no numbered points:
    one task per bullet or sentence that names its body (ref: the section). Before a
    section's numbered points, a sentence that charges a body ("Giao Sở X chủ trì …")."""
    numbered = {u.key[0] for u in outline.units}
    tasks = []
    for section in outline.sections:
        paragraphs = [p for p in section.paragraphs if p.strip() and not p.rstrip().endswith(":")]
        if section.kind == "non" or not paragraphs:
            continue
        sentences = [s for p in paragraphs for s in _sentences(p)]
        if section.ref in numbered:
            charging = [s for s in sentences if (subject := subject_phrase(s)) and _charges(s, subject[1])]
            tasks += _item_tasks(section.ref, charging, section.kind, reference)
        else:
            tasks += _item_tasks(section.ref, _bullet_items(section.paragraphs) or sentences, section.kind, reference)
    return tasks


def _item_tasks(ref: str | None, items: list[str], kind: str, reference: dt.date | None) -> list[tuple[str, dict[str, Any]]]:
    """One task per bullet or sentence that names its body ("- Sở X …", "Giao Sở X chủ trì …")."""
    tasks = []
    for item in items:
        subject = None if BOILERPLATE_RE.search(item) else subject_phrase(item)
        names = split_assignees(subject[0]) if subject else []
        if not names and (giao := giao_phrase(item)):
            names = split_assignees(giao)
        if names:
            tasks.append((kind, _finish(_Draft(ref, names, [item], item, kind), reference)))
    return tasks


def _heading_like(title: str) -> bool:
    """"Tổ chức thực hiện", "Nhiệm vụ thời gian tới": a point's title that heads a section."""
    title = title.strip()
    return (len(title) <= 80 and not title.endswith((".", ";")) and not subject_phrase(title)
            and _section_kind(title.rstrip(" :")) in ("work", "assign"))


def _heading_point_tasks(unit: Unit, reference: dt.date | None) -> list[tuple[str, dict[str, Any]]] | None:
    """A numbered point of a document with no Roman sections that is itself a section
    heading ("2. Nhiệm vụ thời gian tới", "7. Tổ chức thực hiện"): one task per bullet or
    sentence below it that names its body (ref: the point). None for any other point."""
    paragraphs = [p for p in unit.paragraphs if p.strip()]
    if unit.kind != "plain" or len(paragraphs) < 2:
        return None
    title = paragraphs[0].strip()
    if not _heading_like(title):
        return None
    kind = _section_kind(title.rstrip(" :"))
    rest = paragraphs[1:]
    return _item_tasks(unit.ref, _bullet_items(rest) or [s for p in rest for s in _sentences(p)], kind, reference)


# "Ủy ban nhân dân tỉnh yêu cầu:", "… đề nghị các đơn vị triển khai một số nội dung sau:" (folded).
CHARGE_INTRO_RE = re.compile(r"\b(?:yeu cau|de nghi|giao|chi dao|nhiem vu|trien khai|thuc hien|sau)\b[^:]*:\s*$")


def _listed_charges(lead_in: list[str]) -> list[str]:
    """A letter with no numbered points that lists its charges as bullets after "… yêu cầu:":
    the bullets ("- Công an tỉnh tăng cường …"); "+" lines stay in their bullet."""
    items: list[str] = []
    listing = False
    for paragraph in lead_in:
        if paragraph[:1] in "-–—•":
            if listing:
                items.append(DASH_RE.sub("", paragraph))
        elif paragraph[:1] == "+" and listing and items:
            items[-1] += " " + paragraph
        else:
            listing = bool(CHARGE_INTRO_RE.search(fold(paragraph)))
    return items


def _introduces_guidance(lead_in: list[str]) -> bool:
    """"Bộ Tài chính hướng dẫn cụ thể một số nội dung như sau:": the points that follow
    explain the law; they charge nobody."""
    return bool(lead_in) and bool(GUIDANCE_RE.search(fold(lead_in[-1])))


# ---------------------------------------------------------------------------
# From units to tasks


def _same(a: list[str], b: list[str]) -> bool:
    return {fold(x) for x in a} == {fold(x) for x in b}


def _sentences(paragraph: str) -> list[str]:
    return [s for s in SENTENCE_SPLIT_RE.split(squash(paragraph)) if s]


@dataclass
class _Draft:
    ref: str | None
    assignees: list[str]
    parts: list[str]
    first_paragraph: str
    kind: str
    extra: dict[str, Any] = field(default_factory=dict)
    time_field: str | None = None  # "- Thời gian thực hiện: Quý III/2026": the item's own time


TIME_FIELD_RE = re.compile(r"^(?:[-–—+•*]\s*)?(?:thoi (?:gian|han)|tien do)[^:]{0,30}:\s*")


def _time_field(paragraphs: list[str]) -> str | None:
    """"- Thời gian thực hiện: Quý III/2026": the time a plan item gives in a field."""
    for paragraph in paragraphs:
        if m := TIME_FIELD_RE.match(fold(paragraph)):
            return paragraph[m.end() :]
    return None


def _lead_field(paragraphs: list[str]) -> list[str]:
    """"- Cơ quan thực hiện: Sở X chủ trì, phối hợp với …": the lead body of a plan item."""
    for paragraph in paragraphs:
        if not (m := LEAD_FIELD_RE.match(fold(paragraph, lower=False))):
            continue
        value = paragraph[m.end() :]
        if lead := LEAD_CUT_RE.search(fold(value, lower=False)):
            value = value[: lead.start()]
        elif subject := subject_phrase(value):
            value = subject[0]
        return split_assignees(GLUED_FIELD_RE.split(value)[0])  # "… địa phương -Thời gian thực hiện: …"
    return []


# A bullet that reports, unconditionally: "+ Báo cáo kết quả về …" (not "nếu có vướng mắc …").
REPORT_BULLET_RE = re.compile(r"^[-–—+•*]\s*(?:Báo cáo|Gửi báo cáo)\b(?!.*\b(?:nếu|trường hợp|khi có)\b)")


def _unit_drafts(unit: Unit, inherited: list[str]) -> list[_Draft]:
    """One draft for the unit, plus one per sentence that names a different body."""
    paragraphs = [p for p in unit.paragraphs if p.strip()]
    if not paragraphs:
        return []
    first = paragraphs[0]
    subject = subject_phrase(first)
    heading_only = subject is not None and not subject[1].strip(" :") and len(paragraphs) > 1
    own = split_assignees(subject[0]) if subject else []
    if not own and (giao := giao_phrase(" ".join(paragraphs))):
        own = split_assignees(giao)
    own = own or _lead_field(paragraphs[1:])
    if not own and unit.key[0] != "Điều":  # an article's title is no part of its task's text
        own = _charged_below_title(first, paragraphs[1:])
    first_sentences = _sentences(first)
    main = _Draft(unit.ref, own or list(inherited), [first_sentences[0]], first, unit.kind,
                  time_field=_time_field(paragraphs[1:]))
    drafts = [main]
    rest = paragraphs[1:]
    for sentence in first_sentences[1:]:
        _place_sentence(sentence, drafts, unit)
    if heading_only and rest:
        main.parts.append(rest[0])  # the body of a point whose first line only names bodies
        main.first_paragraph += " " + rest[0]
        # "Công an các xã, phường:" / "+ …" / "+ Báo cáo kết quả về Phòng Tham mưu trước ngày 18 hằng tháng.":
        # a bullet that only reports is as much the point's opening as its first one.
        main.first_paragraph += "".join(" " + b for b in rest[1:] if REPORT_BULLET_RE.match(b))
        rest = rest[1:]
    for paragraph in rest:
        for sentence in [paragraph] if DASH_RE.match(paragraph) else _sentences(paragraph):
            _place_sentence(sentence, drafts, unit)
    return drafts


def _place_sentence(sentence: str, drafts: list[_Draft], unit: Unit) -> None:
    """Append `sentence` to its task, or open a task when it names a new body."""
    boilerplate = bool(BOILERPLATE_RE.search(sentence))
    subject = None if DASH_RE.match(sentence) or boilerplate else subject_phrase(sentence)
    if subject:
        names = split_assignees(subject[0])
        target = next((d for d in drafts if _same(d.assignees, names)), None)
        if target is None:
            drafts.append(_Draft(unit.ref, names, [sentence], sentence, unit.kind))
        else:
            target.parts.append(sentence)
    elif not boilerplate:
        drafts[-1].parts.append(sentence)


# "… trình Đảng ủy Chính phủ (trước ngày …) để báo cáo Ban Bí thư": the task goes to the body it is
# submitted to, which reports on.
SUBMIT_TO_RE = re.compile(r"\btrình\s+(?P<to>[A-ZĐ][^.;,()]{2,80}?)(?:\s+(?:trước|chậm nhất)\b[^.;]{0,40}?)?\s+để\s+$")


def _report_to(first_paragraph: str, scheduled: bool) -> str | None:
    """Who the task reports to, read from its opening paragraph only: later paragraphs
    hold conditional reporting ("nếu có vướng mắc thì báo cáo ...")."""
    text = squash(first_paragraph)
    for m in REPORT_RE.finditer(text):
        obj = m.group("obj").strip()
        if obj.endswith("của") or (m.group("verb") == "gửi" and not scheduled):
            continue
        if submitted := SUBMIT_TO_RE.search(text, max(0, m.start() - 140), m.start()):
            return submitted.group("to")
        return m.group("to").strip(" ,")
    return None


def _finish(draft: _Draft, reference: dt.date | None = None) -> dict[str, Any]:
    """The task of `draft`; `reference` (the document's date) completes a date written with no year."""
    text = squash(" ".join(draft.parts))
    if draft.time_field is not None:
        # The item's time field, read like a plan table's time cell: the content may cite dated documents.
        found = period_deadline(draft.time_field, reference.year if reference else None)
        deadlines = [found] if found else []
    else:
        deadlines = find_deadlines(text, reference)
    recurrence = find_recurrence(text)
    task: dict[str, Any] = {
        "ref": draft.ref,
        "text": text,
        "assignees": draft.assignees,
        "due": deadlines[0].due.isoformat() if deadlines else None,
        "recurrence": recurrence.value if recurrence else None,
        "report_to": None,
    }
    scheduled = bool(deadlines or recurrence)
    task["report_to"] = _report_to(draft.first_paragraph, scheduled)
    if deadlines:
        task["due_text"] = deadlines[0].text
        task["due_precision"] = deadlines[0].precision
        if len(deadlines) > 1:
            task["deadlines"] = [d.due.isoformat() for d in deadlines]
    if recurrence:
        task["recurrence_text"] = recurrence.text
        if recurrence.extra:
            task["recurrence_extra"] = recurrence.extra
    task.update(draft.extra)
    return task


def _valid(draft: _Draft) -> bool:
    # A rule article's clause, or an article of one paragraph, that charges a body:
    # "Giao Sở Tư pháp chủ trì …", "Chính phủ quy định chi tiết Điều này".
    if (draft.kind in ("non", "article") and (draft.ref or "").startswith("Điều") and draft.assignees
            and (_delegates(draft.parts[0]) or _charges_the_state(draft.parts[0]))):
        return True
    if draft.kind in ("non", "amend"):
        return False
    if draft.kind == "article":
        # "Điều 3. … chịu trách nhiệm thi hành Quyết định này"; an article of one sentence that
        # charges the body it opens with ("Điều 2 / Chính phủ có trách nhiệm hoàn thành …").
        subject = subject_phrase(draft.parts[0])
        return bool(draft.assignees) and bool(
            EXECUTION_RE.search(" ".join(draft.parts))
            or (subject and CHARGE_VERB_RE.match(_duty_words(subject[1]))))
    if draft.kind == "work":
        return True
    return bool(draft.assignees) and not _grants_relief(draft.parts[0])


# A clause that relieves or entitles the people it names is no duty of theirs: "Người đứng đầu …,
# người tham gia xây dựng … được xem xét loại trừ, miễn hoặc giảm trách nhiệm", "… được tiếp tục sử dụng …".
RELIEF_RE = re.compile(r"\bđược\s+(?:xem xét\s+)?(?:loại trừ|miễn|giảm|hưởng|tiếp tục|khen thưởng|bảo lưu)\b")
STRONG_CHARGE_RE = re.compile(r"\b(?:chủ trì|phối hợp|(?:có|chịu) trách nhiệm|có nhiệm vụ|giao)\b", re.IGNORECASE)


def _grants_relief(paragraph: str) -> bool:
    sentence = _sentences(paragraph)[0] if paragraph.strip() else ""
    if not (m := RELIEF_RE.search(sentence)):
        return False
    return not STRONG_CHARGE_RE.search(sentence[: m.start()])


# A limit the body must meet: "trước ngày …", "chậm nhất (là) ngày …", "hoàn thành … trước …".
DATED_LIMIT_RE = re.compile(r"^(?:trước|chậm nhất|muộn nhất)\b", re.IGNORECASE)
# Not a duty: what the subject may do or has done, or a rule about it.
NOT_A_DUTY_RE = re.compile(r"^\s*,?\s*(?:duoc|co quyen|da|dang|khong|la|co the|neu)\b")


# "Đại lý … đã được công nhận trước ngày …, trước ngày 30/9/2026, Cục Hải quan tỉnh lập …":
# the charge's body after a condition, opened by its dated limit.
LIMIT_AFTER_CONDITION_RE = re.compile(r",\s*(?=(?:trước|chậm nhất|muộn nhất)\s[^,.;]{0,60}\d{4}\s*,\s*\S)", re.IGNORECASE)


def _dated_subject(sentence: str) -> tuple[str, str] | None:
    """The body a sentence charges, named at its start or right after a dated limit that
    follows a condition."""
    if subject := subject_phrase(sentence):
        return subject
    return next((s for m in LIMIT_AFTER_CONDITION_RE.finditer(sentence) if (s := subject_phrase(sentence[m.end():]))),
                None)


def _dated_charge(draft: _Draft, reference: dt.date | None) -> bool:
    """A rule article's clause whose first sentence charges the body it names first and
    dates the charge: "4. Chính phủ rà soát, ban hành danh mục … trước ngày 31 tháng 12
    năm 2026", "Trong thời hạn 18 tháng kể từ ngày Luật này có hiệu lực, Ủy ban nhân dân cấp
    tỉnh có trách nhiệm …". A date in a later sentence, with no year, before the document's
    own, the end of a period a rule applies in ("đến hết ngày …") or a limit counted from an
    event other than the document's signing or taking effect do not count. A draft with no
    body yet takes the one found."""
    if draft.kind not in ("non", "article") or not (draft.ref or "").startswith("Điều") or reference is None:
        return False
    first = _sentences(draft.parts[0])[0]
    if not (subject := _dated_subject(first)) or NOT_A_DUTY_RE.match(fold(subject[1], lower=False)):
        return False
    # The date written whole: "chậm nhất là ngày 01 tháng 3 của năm trước" recurs, it is a rule of procedure.
    if not any(DATED_LIMIT_RE.match(d.text) and d.precision == "day" and d.due > reference
               and str(d.due.year) in d.text for d in find_deadlines(first, reference)) and not any(
               r.from_document or r.from_effective for r in find_relative_deadlines(first)):
        return False
    draft.assignees = draft.assignees or split_assignees(subject[0])
    return bool(draft.assignees)


def _lead_in_assignees(lead_in: list[str]) -> list[str]:
    """"... đề nghị Ủy ban nhân dân các tỉnh ... chỉ đạo ...": the default assignee."""
    for paragraph in lead_in:
        folded = fold(paragraph, lower=False)
        for m in re.finditer(r"\b(?:de nghi|yeu cau)\s+", folded):
            subject = subject_phrase(paragraph[m.end() :])
            if subject:
                return split_assignees(subject[0])
    return []


# "Điều 5. Trách nhiệm của Bộ trưởng Bộ Quốc phòng, Bộ trưởng Bộ Công an trong quản lý …" (folded).
DUTY_TITLE_RE = re.compile(r"^(?:trach nhiem|nhiem vu)(?:,? quyen han)? cua\s+")
# Only lower-case words end it: "Trách nhiệm của Bộ Tài chính" ("Tài" folds to "tại").
# "tai nguyen" is "tài nguyên", not "tại" ("… và cơ quan tài nguyên và môi trường").
# The site's annotations end it too: "Trách nhiệm của Bộ Tư pháp [1]".
DUTY_TITLE_END_RE = re.compile(r"\s+(?:trong|ve|doi voi|khi|trong viec|tai(?! nguyen)|de)\s|\s*[.;:(\[]")
# "Trách nhiệm của Nhà nước đối với …": the State in general, no body to follow up.
NOT_A_BODY_RE = re.compile(r"^Nha nuoc\b")


# "Điều 3. Quyền hạn của Ban Chỉ đạo" (folded): what a body may do, not what it must.
POWERS_TITLE_RE = re.compile(r"^quyen han\b")


def duty_title_bodies(title: str) -> list[str]:
    """The bodies a duty title names: "Trách nhiệm của Sở X và Sở Y" (an article's or a
    clause's title). After "của" a capital opens a proper name ("Đơn vị quản lý Cổng …",
    "Quỹ phát triển đất", "Tổng Thanh tra Chính phủ"), whatever its head word."""
    title = squash(title)
    folded = fold(title, lower=False)
    if not (m := DUTY_TITLE_RE.match(folded[:1].lower() + folded[1:])):
        return []
    end = DUTY_TITLE_END_RE.search(folded, m.end())
    phrase = title[m.end() : end.start() if end else len(title)]
    folded_phrase = fold(phrase, lower=False)
    named = BODY_START_RE.match(folded_phrase) or (phrase[:1].isupper() and not NOT_A_BODY_RE.match(folded_phrase))
    return split_assignees(phrase) if named else []


def _title_bodies(unit: Unit) -> list[str]:
    """The bodies an article's title charges: its clauses' assignee."""
    if not unit.ref.startswith("Điều") or not unit.paragraphs:
        return []
    return duty_title_bodies(unit.paragraphs[0])


def _parent_bodies(unit: Unit) -> list[str]:
    """The bodies a point's or an article's opening names for what it numbers: "2. Sở X thực
    hiện:", or under an article's title its opening sentence ("Điều 28. Trách nhiệm thi hành" /
    "Các Bộ Tài chính, Y tế có trách nhiệm:" / "1. …")."""
    openings = unit.paragraphs[:1]
    if unit.ref.startswith("Điều") and len(unit.paragraphs) > 1 and unit.paragraphs[1].rstrip().endswith(":"):
        openings = unit.paragraphs[:2]
    return next((split_assignees(parent[0]) for p in openings if p and (parent := subject_phrase(p))), [])


def _clause_head(clause: Unit) -> list[str]:
    """The bodies a clause's lettered points belong to: "2. Bộ X có trách nhiệm:", under an
    article's title, "Điều 10. Trách nhiệm của Sở X" / "Sở X có trách nhiệm:", or a clause
    titled for its body, "1. Trách nhiệm của Quỹ X"."""
    for paragraph in clause.paragraphs[:3]:
        if paragraph and (head := subject_phrase(paragraph)):
            return split_assignees(head[0])
    return duty_title_bodies(clause.paragraphs[0]) if clause.paragraphs else []


class _HeadingDeadlines:
    """A deadline in the opening paragraph of a point whose sub-points carry the work
    ("1. Trong quý I/2027, Sở Tư pháp thực hiện:" / "a) …" "b) …"), or of the clause over
    an article's lettered points: theirs too when they state none. Read once per heading,
    and only for a sub-point that needs it."""

    def __init__(self, reference: dt.date | None) -> None:
        self.reference = reference
        self.read: dict[int, Deadline | None] = {}

    def of(self, unit: Unit) -> Deadline | None:
        if id(unit) not in self.read:
            first = unit.paragraphs[0] if unit.paragraphs else ""
            found = find_deadlines(first, self.reference) if first else []
            self.read[id(unit)] = found[0] if found else None
        return self.read[id(unit)]

    def fill(self, task: dict[str, Any], headings: list[Unit]) -> dict[str, Any]:
        if task["due"] or task["recurrence"]:
            return task
        if deadline := next((d for u in headings if (d := self.of(u))), None):
            task.update(due=deadline.due.isoformat(), due_text=deadline.text, due_precision=deadline.precision)
        elif not task.get("due_text") and (words := next((w for u in headings if (w := self.relative_of(u))), None)):
            # "Điều 3. Trong thời hạn 06 tháng kể từ ngày Nghị quyết này có hiệu lực, Chính phủ có
            # trách nhiệm:": the limit, dated later from the document's own dates (`_add_relative_deadline`).
            task["due_text"] = words
        return task

    def relative_of(self, unit: Unit) -> str | None:
        if not self.of(unit) and unit.paragraphs and (first := unit.paragraphs[0]):
            if words := by_effective_date(first):
                return words
            if found := find_relative_deadlines(first):
                return found[0].text
        return None


def tasks_from_outline(outline: Outline, reference: dt.date | None = None) -> list[tuple[str, dict[str, Any]]]:
    """(section kind, task) for every task in the body; `reference` is the document's date."""
    default = _lead_in_assignees(outline.lead_in)
    guidance = _introduces_guidance(outline.lead_in)
    tasks: list[tuple[str, dict[str, Any]]] = [("plain", t) for t in _voice_tasks(outline.lead_in, reference)]
    tasks += _item_tasks(None, _listed_charges(outline.lead_in), "plain", reference)
    headings = _HeadingDeadlines(reference)
    for unit in outline.units:
        if guidance and unit.kind == "plain":
            continue
        if unit.ref.startswith("Điều") and unit.paragraphs and POWERS_TITLE_RE.match(fold(unit.paragraphs[0])):
            continue  # "Quyền hạn của Ban Chỉ đạo": "4. Yêu cầu các Bộ … cung cấp" is a power, not a charge
        if unit.children:
            inherited = _parent_bodies(unit) or _title_bodies(unit) or default
            units = unit.children
        elif (titled := _title_bodies(unit)) and len(unit.paragraphs) > 1:
            # "Điều 9. Trách nhiệm của Ủy ban nhân dân cấp tỉnh" / "Chỉ đạo …": an article of one
            # paragraph under its duty title is one task of the bodies the title names.
            inherited, units = titled, [Unit(unit.ref, "assign", unit.key, unit.paragraphs[1:])]
        else:
            inherited, units = default, [unit]
        for child in units:
            if child.has_letters:
                continue  # "2. X thực hiện:" with a) b) c): the letters are the tasks
            if (heading_tasks := _heading_point_tasks(child, reference)) is not None:
                tasks.extend(heading_tasks)
                continue
            own = inherited
            if child.clause is not None and (head := _clause_head(child.clause)):
                own = head
            above = [u for u in (child.clause, unit if unit.children else None) if u is not None]
            for draft in _unit_drafts(child, own):
                if _valid(draft) or _dated_charge(draft, reference):
                    tasks.append((draft.kind, headings.fill(_finish(draft, reference), above)))
    return (tasks + _section_tasks(outline, reference)
            + [("plain", t) for t in _voice_tasks(outline.closing, reference)])


# ---------------------------------------------------------------------------
# Appendix task tables: "TT | Nội dung | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian"


def _appendix_start(lines: list[Line]) -> int | None:
    for line in lines:
        text = line.text
        # "PHỤ LỤC BIỂU MỨC THU PHÍ (Kèm theo Thông tư số …)": the caption is upper case
        # up to the bracket that says what it is attached to.
        if text[:1] in ("P", "p") and APPENDIX_RE.match(fold(text[:8])) and (
            is_upper_text(text.split("(")[0]) or APPENDIX_ALONE_RE.match(text)
        ):
            return line.index
    return None


def _row_key(ref: str) -> str:
    """"II.1.a" and "Phụ lục 1.a" both give "1.a"."""
    ref = ref.removeprefix("Phụ lục ")
    return re.sub(r"^(?:I{1,3}|IV|V|VI{1,3}|IX|X)\.", "", ref)


FORM_RE = re.compile(r"^(?:\|\s*)?Mẫu\s+(?:số\s+)?\d+")


def _forms_start(lines: list[Line], skip: set[int], header_end: int) -> int | None:
    """Blank forms annexed after the signature ("Mẫu số 02. Quyết định giao đất …") carry
    placeholder articles ("Điều 3. Chánh Văn phòng Ủy ban nhân dân ……") that charge nobody."""
    closing = max((i for i in skip if i >= header_end), default=None)
    if closing is None:
        return None
    return next((ln.index for ln in lines[closing:] if FORM_RE.match(ln.raw.strip())), None)


def find_tasks(lines: list[Line], skip: set[int], header: Header) -> list[dict[str, Any]]:
    if header.type_code == "BC":
        return []  # a report states results; it does not assign work
    start = _appendix_start(lines)
    forms = _forms_start(lines, skip, header.end)
    end = min(x for x in (start, forms, len(lines)) if x is not None)
    year = header.date.year if header.date else None
    readable = [ln for ln in lines if ln.index not in skip and ln.index < (forms or len(lines))]
    grids, cell_lines = grid_tables(readable, start, year), cell_line_tables(readable, start, year)
    wrapped = wrapped_cell_tables([ln for ln in readable if ln.index not in grids.lines | cell_lines.lines], start, year)
    tables = grids.lines | cell_lines.lines | wrapped.lines
    body = [ln for ln in lines if ln.index not in skip and ln.index < end and ln.index not in tables]
    drafted = tasks_from_outline(build_outline(body), header.date)
    table = cell_lines.tasks + grids.tasks + wrapped.tasks
    # The appendix table restates the plan's work items with their bodies and times;
    # it replaces the body's copies of the same items.
    covered = {_row_key(t["ref"]) for t in table}
    # … and when the appendix assigns the work, a work item of the body that names no body is
    # a general orientation, whatever its numbering (the appendix groups the items its own way).
    assigned_in_appendix = any((t["ref"] or "").startswith("Phụ lục") and t["assignees"] for t in table)
    tasks = [t for kind, t in drafted if not (kind == "work" and (_row_key(t["ref"]) in covered
                                                                   or (assigned_in_appendix and not t["assignees"])))]
    effective = effective_date("\n".join(ln.text for ln in lines), header.date)
    office = issuer_office(header.issuer, header.issuer_parent)
    for task in tasks + table:
        _add_relative_deadline(task, header.date, effective)
        for key in ("assignees", "co_assignees"):
            if key in task:
                task[key] = with_issuer_office(task[key], office)
        if task.get("report_to"):
            task["report_to"] = with_issuer_office([task["report_to"]], office)[0]
    return tasks + table


def _add_relative_deadline(task: dict[str, Any], document_date: dt.date | None, effective: dt.date | None) -> None:
    """A task with no dated deadline whose text (or time cell) counts one from an event:
    "trong thời hạn 30 ngày kể từ ngày ký" gets its date from the document's, "… kể từ
    ngày Quyết định này có hiệu lực" from the date the document says it takes effect; one
    counted from an event of unknown date ("kể từ ngày nhận được …") keeps the limit in
    `due_relative` and no due date, so that the clerk sees it and sets the date."""
    if task["due"]:
        return
    if effective and (words := by_effective_date(task["text"]) or by_effective_date(task.get("due_text") or "")):
        task["due"], task["due_text"], task["due_precision"] = effective.isoformat(), words, "day"
        return
    found = find_relative_deadlines(task.get("due_text") or "") or find_relative_deadlines(task["text"])
    if not found:
        return
    rel = found[0]
    anchor = ("document" if rel.from_document else "date" if rel.from_date
              else "effective" if rel.from_effective else "event")
    task["due_text"] = rel.text
    task["due_relative"] = {"length": rel.length, "unit": rel.unit, "from": anchor, "event": rel.event}
    if due := relative_due(rel, document_date, effective):
        task["due"], task["due_precision"] = due.isoformat(), "day"
