"""Plan tables laid out as grids: one row per line, cells between "|" (Markdown, web
copies) or separated by tabs or wide gaps (Word tables pasted as text, pdftotext).

"| TT | Nội dung | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành |" names the
columns; every row below with a content and a lead body is a task. Rows numbered with
Roman numerals, or with no lead body, group the rows under them and are not tasks
themselves (a point whose sub-points carry the work). The one-cell-per-line layout of the
same tables is read by `tasks.appendix_tasks`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .assignees import split_assignees
from .dates import find_recurrence, period_deadline
from .layout import TABLE_SEPARATOR_RE, Line
from .textutil import fold, squash

# Column names (folded) -> role, first match wins per cell.
COLUMN_ROLES: list[tuple[str, re.Pattern[str]]] = [
    ("number", re.compile(r"^(?:s?tt|so tt|so thu tu)$")),
    ("time", re.compile(r"thoi gian|thoi han|tien do|moc\b")),
    ("co", re.compile(r"phoi hop")),
    ("content", re.compile(r"noi dung|nhiem vu|cong viec|hoat dong|giai phap|^ten\b")),
    ("lead", re.compile(r"chu tri|thuc hien|trach nhiem|dau moi")),
]
GROUP_MARK_RE = re.compile(r"^(?P<g>I{1,3}|IV|V|VI{1,3}|IX|X|[A-H])\.?$")
ROW_NUMBER_RE = re.compile(r"^(?P<n>\d{1,3}(?:\.\d{1,2})?)\.?$")
ROW_LETTER_RE = re.compile(r"^(?P<s>[a-zđ])[).]?$")
BULLETS = "-–+•"
BULLET_RE = re.compile(r"(?:^|[;,.]?\s+)[-–+•]\s+")


def grid_cells(line: Line) -> list[str] | None:
    """The cells of a grid row, empty cells kept in place; None for other lines."""
    raw = line.raw.strip()
    if raw.startswith("|"):
        return [squash(p.replace("**", "").strip(" *")) for p in raw.strip("|").split("|")]
    # Tabs and wide gaps (already cells): empty cells are lost, so only full rows and
    # group rows ("I    Công tác tuyên truyền") read right.
    return list(line.cells) if len(line.cells) >= 2 else None


@dataclass
class Columns:
    roles: dict[str, int]
    starts: list[int] = field(default_factory=list)  # where a gap-separated heading's cells start

    def get(self, cells: list[str], role: str) -> str:
        k = self.roles.get(role)
        return cells[k] if k is not None and k < len(cells) else ""


def table_columns(cells: list[str]) -> Columns | None:
    """The roles of a heading row's cells; a plan table needs content, lead and time."""
    roles: dict[str, int] = {}
    for k, cell in enumerate(cells):
        folded = fold(cell)
        for role, pattern in COLUMN_ROLES:
            if role not in roles and pattern.search(folded):
                roles[role] = k
                break
    return Columns(roles) if {"content", "lead"} <= roles.keys() and ("time" in roles or "co" in roles) else None


@dataclass
class GridTable:
    tasks: list[dict[str, Any]]
    lines: set[int]  # the table's lines, kept out of the body's outline


def _row_ref(mark: str, state: dict[str, str], prefix: str) -> str | None:
    """"I" opens a group, "1" a row, "a)" a row under the last numbered one."""
    if m := GROUP_MARK_RE.match(mark):
        state["group"], state["number"] = m.group("g"), ""
        return None
    if m := ROW_NUMBER_RE.match(mark):
        state["number"] = m.group("n")
        ref = f"{state['group']}.{m.group('n')}" if state.get("group") else m.group("n")
    elif (m := ROW_LETTER_RE.match(mark)) and state.get("number"):
        base = f"{state['group']}.{state['number']}" if state.get("group") else state["number"]
        ref = f"{base}.{m.group('s')}"
    else:
        return None
    return f"{prefix}{ref}"


def _cell_bodies(cell: str) -> list[str]:
    """"- Cục A; - Cục B" (bullets in a cell) or "Cục A, Cục B": the bodies named."""
    if cell[:1] in BULLETS:
        cell = BULLET_RE.sub("; ", cell)
    return split_assignees(cell)


def _row_task(ref: str, content: str, lead: str, co: str, time_text: str, year: int | None) -> dict[str, Any]:
    """A plan table's row as a task: the work, its lead and co-operating bodies, its time."""
    deadline = period_deadline(time_text, year) if time_text else None
    recurrence = find_recurrence(time_text) if time_text else None
    task: dict[str, Any] = {
        "ref": ref,
        "text": squash(content),
        "assignees": _cell_bodies(lead),
        "due": deadline.due.isoformat() if deadline else None,
        "recurrence": recurrence.value if recurrence else None,
        "report_to": None,
        "co_assignees": _cell_bodies(co),
    }
    if time_text:
        task["due_text"] = time_text
    if deadline:
        task["due_precision"] = deadline.precision
    return task


def _grid_task(ref: str, cells: list[str], columns: Columns, year: int | None) -> dict[str, Any] | None:
    content, lead = columns.get(cells, "content"), columns.get(cells, "lead")
    if not content or not lead:
        return None
    co, time_text = columns.get(cells, "co"), columns.get(cells, "time")
    if not time_text and co and _names_time(co, year):
        co, time_text = "", co  # a gap-separated row with no co-operating body: its time moved left
    return _row_task(ref, content, lead, co, time_text, year)


def _names_time(cell: str, year: int | None) -> bool:
    """A cell that holds a time ("Quý III/2026", "Thường xuyên", "Hằng năm"), not bodies."""
    return bool(period_deadline(cell, year) or find_recurrence(cell) or fold(cell).startswith("thuong xuyen"))


def _cell_starts(raw: str, cells: list[str]) -> list[int]:
    """Where each cell of a gap-separated line starts in it."""
    starts, at = [], 0
    for cell in cells:
        at = raw.find(cell.split(" ", 1)[0], at)
        starts.append(max(at, 0))
        at += len(cell)
    return starts


def _continuation(line: Line, cells: list[str], columns: Columns) -> list[str] | None:
    """A row's cells that wrap onto the next line ("1   Rà soát văn bản quy   Sở Tư pháp" /
    "    phạm pháp luật"): the cells placed under their columns, or None for another line.
    A grid row with an empty number cell; a gap-separated line that starts right of the
    number column, its cells placed by where they start."""
    number = columns.roles.get("number")
    if number is None:
        return None
    if line.raw.strip().startswith("|"):
        return cells if number < len(cells) and not cells[number] and any(cells) else None
    if len(columns.starts) <= number + 1:
        return None
    starts = _cell_starts(line.raw, cells)
    if not starts or starts[0] < columns.starts[number + 1] - 2:
        return None
    placed = [""] * len(columns.starts)
    for cell, at in zip(cells, starts, strict=True):
        k = max(i for i, s in enumerate(columns.starts) if s <= at + 2 or i == 0)
        placed[k] = f"{placed[k]} {cell}".strip()
    return placed


def _two_line_heading(upper: Line, lower: Line) -> list[str] | None:
    """A gap-separated heading written on two lines ("STT  Nội dung  Cơ quan   Thời gian" /
    "                  chủ trì   hoàn thành"): the upper line's cells with the lower line's
    words added under them, or None when the lower line does not sit under the upper."""
    if lower.raw.strip().startswith("|") or not lower.cells:
        return None
    cells = list(upper.cells)
    starts = _cell_starts(upper.raw, cells)
    for cell, at in zip(lower.cells, _cell_starts(lower.raw, list(lower.cells)), strict=True):
        k = max((i for i, s in enumerate(starts) if s <= at + 2), default=None)
        if k is None:
            return None
        cells[k] = f"{cells[k]} {cell}"
    return cells


def grid_tables(lines: list[Line], appendix_start: int | None, year: int | None = None) -> GridTable:
    """Tasks of every grid plan table in `lines`; rows in an appendix get "Phụ lục" refs;
    `year` (the document's) completes a month written alone in a time cell. A row whose
    cells wrap onto the lines below is read with them."""
    found = GridTable([], set())
    columns: Columns | None = None
    state: dict[str, str] = {}
    row: tuple[str, list[str]] | None = None  # the last row, read when the next one starts
    upper: Line | None = None  # a gap-separated line that may be a heading's first line

    def flush() -> None:
        nonlocal row
        if row and columns and (task := _grid_task(row[0], row[1], columns, year)):
            found.tasks.append(task)
        row = None

    for line in lines:
        cells = grid_cells(line) if not line.blank else None
        if cells is None and columns is not None and len(line.cells) == 1:
            if row is None and len(columns.starts) > 1 and line.indent >= columns.starts[1] - 2:
                found.lines.add(line.index)  # a heading cell wrapped onto its own line ("hoàn thành")
                continue
            if row is not None:
                cells = list(line.cells)  # a wrapped cell alone on its line
        if cells is None:
            if not line.blank:
                flush()
                columns = None  # the table ended
            continue
        if TABLE_SEPARATOR_RE.match(line.raw):
            continue
        heading, merged = table_columns(cells), None
        if heading is None and columns is None and upper is not None:
            merged = _two_line_heading(upper, line)
            heading = table_columns(merged) if merged else None
        if heading:
            flush()
            columns, state = heading, {}
            if not line.raw.strip().startswith("|"):
                top = upper if merged and upper else line
                columns.starts = _cell_starts(top.raw, list(top.cells))
                found.lines.add(top.index)
            found.lines.add(line.index)
            upper = None
            continue
        if columns is None:
            gap_row = not line.raw.strip().startswith("|") and len(line.cells) >= 2
            upper = line if gap_row else None
            continue
        if row is not None and (more := _continuation(line, cells, columns)) is not None:
            found.lines.add(line.index)
            grown = row[1] + [""] * max(0, len(more) - len(row[1]))
            row = (row[0], [f"{a} {b}".strip() for a, b in zip(grown, more + [""] * (len(grown) - len(more)), strict=True)])
            continue
        if len(line.cells) == 1 and not line.raw.strip().startswith("|"):
            flush()
            columns = None  # a paragraph after the table
            continue
        found.lines.add(line.index)
        flush()
        prefix = "Phụ lục " if appendix_start is not None and line.index > appendix_start else ""
        if "number" in columns.roles:
            mark = columns.get(cells, "number")
            ref = _row_ref(mark.strip(), state, prefix) if mark else None
        elif columns.get(cells, "content") and columns.get(cells, "lead"):
            # A table with no number column: its rows are numbered in order.
            state["row"] = str(int(state.get("row", "0")) + 1)
            ref = f"{prefix}{state['row']}"
        else:
            ref = None
        if ref:
            row = (ref, cells)
    flush()
    return found


# ---------------------------------------------------------------------------
# Web copies print a table's heading as a grid row and then every cell on a line of its
# own: "1" / "Tổ chức tuyên truyền …" / "a)" / "Tổ chức hội nghị …" / "Cục X" / "Vụ Y" / "Quý III/2026".

GROUP_LINE_RE = re.compile(r"^(?P<g>I{1,3}|IV|V|VI{1,3}|IX|X)\.?$")
NUMBER_LINE_RE = re.compile(r"^(?P<n>\d{1,3})\.?$")
LETTER_LINE_RE = re.compile(r"^(?P<s>[a-zđ])[).]$")
# Lines that end such a table: a section, an article, a numbered point with its text.
TABLE_END_RE = re.compile(r"^(?:(?:I{1,3}|IV|V|VI{1,3}|IX|X)\.\s+\S|Điều\s+\d+\.|\d{1,2}\.\s+\S|Nơi nhận|PHỤ LỤC)")
# Also a day with no year ("15/12", "Trước 30/6") and "Trước Tết Nguyên đán".
TIME_CELL_RE = re.compile(r"quý|thường xuyên|hằng năm|hàng năm|năm \d{4}|\b\d{4}\b|tháng|\b\d{1,2}/\d{1,2}\b|^trước\b"
                          # a time cell wrapped after its first word: "Năm" / "2026 - 2027", "Giai đoạn" / "2026 - 2030", "Thường" / "xuyên"
                          r"|^(?:năm|giai đoạn|thường)\s*$",
                          re.IGNORECASE)


@dataclass
class CellRow:
    ref: str
    cells: list[str]


def _cell_rows(lines: list[Line]) -> tuple[list[CellRow], set[int]]:
    """The rows after a heading row, up to the line that ends the table."""
    rows: list[CellRow] = []
    used: set[int] = set()
    group = number = ""
    for line in lines:
        if line.blank:
            continue
        text = line.text
        if line.table or TABLE_END_RE.match(text):
            break
        used.add(line.index)
        if m := GROUP_LINE_RE.match(text):
            group, number = m.group("g"), ""
        elif m := NUMBER_LINE_RE.match(text):
            number = m.group("n")
            rows.append(CellRow(f"{group}.{number}" if group else number, []))
        elif (m := LETTER_LINE_RE.match(text)) and number:
            rows.append(CellRow(f"{group}.{number}.{m.group('s')}" if group else f"{number}.{m.group('s')}", []))
        elif rows:
            rows[-1].cells.append(text)
    return rows, used


def _cell_row_task(ref: str, cells: list[str], has_co: bool, year: int | None) -> dict[str, Any] | None:
    """Content, lead body, [co-operating bodies], time: the time cell is found by its words,
    since empty cells leave no line; lines after it continue the content or the bodies."""
    if len(cells) < 2:
        return None  # a row that only heads the lettered rows under it
    time_index = next((i for i, c in enumerate(cells) if i >= 2 and TIME_CELL_RE.search(c)), None)
    content, lead = cells[0], cells[1]
    co = cells[2] if (time_index is None and has_co and len(cells) > 2) or (time_index or 0) >= 3 else ""
    time_text = cells[time_index] if time_index is not None else ""
    for overflow in cells[time_index + 1 :] if time_index is not None else []:
        if overflow[:1].islower():
            content += " " + overflow
        else:
            lead += " " + overflow
    return _row_task(ref, content, lead, co, time_text, year)


HEADING_CELL_MAX = 40  # a heading cell alone on its line is a short name: "Cơ quan chủ trì"


def _role_of(text: str) -> str | None:
    folded = fold(text)
    return next((role for role, pattern in COLUMN_ROLES if pattern.search(folded)), None)


def _heading_cells(lines: list[Line], k: int) -> tuple[list[str], int] | None:
    """A heading row whose cells are one per line too ("TT" / "Nội dung" / "Cơ quan chủ
    trì" / …, as a Word or web table becomes when copied as text): its cells and how many
    lines it takes. Each line is a short column name; the names must make a plan table,
    and a row number must follow."""
    cells: list[str] = []
    roles: set[str] = set()
    j = k
    while j < len(lines) and not lines[j].table:
        text = lines[j].text
        if not lines[j].blank:
            role = _role_of(text) if len(text) <= HEADING_CELL_MAX and not NUMBER_LINE_RE.match(text) else None
            if role is None or role in roles:
                break
            roles.add(role)
            cells.append(text)
        j += 1
    following = next((ln for ln in lines[j:] if not ln.blank), None)
    if (len(cells) < 3 or table_columns(cells) is None or following is None
            or not NUMBER_LINE_RE.match(following.text)):
        return None
    return cells, j - k


def cell_line_tables(lines: list[Line], appendix_start: int | None, year: int | None = None) -> GridTable:
    """Tasks of every plan table whose cells follow one per line, under a heading that is a
    grid row or is laid out one cell per line as well; rows in an appendix get "Phụ lục" refs."""
    found = GridTable([], set())
    k = 0
    while k < len(lines):
        line = lines[k]
        k += 1
        if line.index in found.lines:
            continue
        if line.table:
            cells = grid_cells(line)
            columns = table_columns(cells) if cells else None
            following = next((ln for ln in lines[k:] if not ln.blank), None)
            if columns is None or following is None or following.table:
                continue
            heading = {line.index}
        elif (found_heading := _heading_cells(lines, k - 1)) is not None:
            cells, size = found_heading
            columns = table_columns(cells)
            heading = {ln.index for ln in lines[k - 1 : k - 1 + size]}
            k += size - 1
        else:
            continue
        if columns is None:
            continue
        rows, used = _cell_rows(lines[k:])
        found.lines |= used | heading
        prefix = "Phụ lục " if appendix_start is not None and line.index > appendix_start else ""
        for row in rows:
            if task := _cell_row_task(prefix + row.ref, row.cells, "co" in columns.roles, year):
                found.tasks.append(task)
    return found


# ---------------------------------------------------------------------------
# Tables from a PDF's text layer (the official gazette): every cell wraps over several
# lines, the heading too ("Cơ quan" / "chủ trì", "Thời gian" / "hoàn thành"), a row number
# stands alone or before the first words of the content ("7  Đề án về …"), and the heading
# is printed again on each page.

# Columns a wrapped heading may also name, so that its cells are recognised and skipped.
EXTRA_ROLES = [("result", re.compile(r"^(?:ket qua|san pham)")), ("basis", re.compile(r"^can cu"))]
# A row number alone, or before the content after a wide gap; a footnote has one space.
WRAPPED_ROW_RE = re.compile(r"^\s*(?P<n>\d{1,3})\.?(?:\s*$|\s{2,}(?P<rest>\S.*)$)")
# Words that head a body's name: a line that starts with one opens the lead cell.
BODY_HEAD_RE = re.compile(
    r"^(?:các\s+)?(?:bộ|ubnd|ủy ban|uỷ ban|sở|cơ quan|tổng cục|cục|ngân hàng|văn phòng|thanh tra|viện|"
    r"tòa án|toà án|đài|hội đồng|ban|bảo hiểm|kiểm toán|tỉnh ủy|tỉnh uỷ|đảng ủy|công an|cơ sở)\b",
    re.IGNORECASE,
)
# A line that ends like this goes on on the next one, even if that starts with a capital.
# ("Tháng" / "3/2026"), but not a whole period ("Báo cáo hằng năm" / "2026 và hằng năm").
OPEN_END_RE = re.compile(
    r"(?:,|\b(?:của|và|theo|với|về|trình|cho|tại|trên|đến|từ|số|ngày|tháng|quý)|(?<!hằng )(?<!hàng )\bnăm)\s*$",
    re.IGNORECASE,
)


def _wrapped_role(text: str) -> str | None:
    folded = fold(text)
    return next((role for role, pattern in [*COLUMN_ROLES, *EXTRA_ROLES] if pattern.search(folded)), None)


# A group of rows: "I" alone or before its title ("IV Huy động và sử dụng …"); its rows are numbered from 1.
WRAPPED_GROUP_RE = re.compile(r"^\s*(?P<g>I{1,3}|IV|V|VI{1,3}|IX|X)\.?(?:\s*$|\s+(?P<rest>[A-ZĐÀ-Ỹ].*)$)")


def _wrapped_heading(lines: list[Line], k: int) -> tuple[list[str], list[str]] | None:
    """From a line "TT": the heading's cells (wrapped lines joined) and its lines' texts,
    when they name a plan table and row 1 follows."""
    cells: list[str] = []
    texts: list[str] = []
    j = k
    for line in lines[k:]:
        j += 1
        if line.blank:
            continue
        text = line.text
        if WRAPPED_ROW_RE.match(line.raw) or WRAPPED_GROUP_RE.match(line.raw) or len(text) > HEADING_CELL_MAX:
            break
        texts.append(text)
        if cells and text[:1].islower():
            cells[-1] = f"{cells[-1]} {text}"  # "Cơ quan" / "chủ trì": a heading cell wrapped
        else:
            cells.append(text)
    # Row 1 comes first, or after a group's mark and title.
    first = next((m for ln in lines[k + len(texts):] if not ln.blank and (m := WRAPPED_ROW_RE.match(ln.raw))), None)
    if first is None or first.group("n") != "1" or any(_wrapped_role(c) is None for c in cells):
        return None
    columns = table_columns(cells)
    return (cells, texts) if columns is not None and columns.roles.get("number") == 0 else None


def _starts_cell(text: str, previous: str, role: str) -> bool:
    """Whether a line opens the row's next cell, whose column is `role`: it starts with a
    capital or a digit where the line before it ends a phrase, and reads like that column
    (a body's name for the lead and co-operating bodies, a time for the time)."""
    if not (text[:1].isupper() or text[:1].isdigit()) or OPEN_END_RE.search(previous):
        return False
    if role in ("lead", "co"):
        return bool(BODY_HEAD_RE.match(text))
    if role == "time":
        return bool(TIME_CELL_RE.search(text))
    return True


def _wrapped_rows(lines: list[Line], texts: list[str], roles: list[str]) -> tuple[list[tuple[str, list[str]]], set[int]]:
    """The rows under a wrapped heading: each row's cells, by the columns `roles` (the
    number column left out)."""
    rows: list[tuple[str, list[str]]] = []
    used: set[int] = set()
    heading = set(texts)
    previous = ""
    group, number, in_title = "", 0, False
    for line in lines:
        if line.blank:
            continue
        text, raw = line.text, line.raw
        if line.table or TABLE_END_RE.match(text):
            break
        used.add(line.index)
        if text in heading:
            continue  # the heading printed again on a new page
        if (g := WRAPPED_GROUP_RE.match(raw)) and (not group or g.group("g") != group):
            group, number, in_title = g.group("g"), 0, True  # the group's title follows, up to its row 1
            continue
        m = WRAPPED_ROW_RE.match(raw)
        if m and int(m.group("n")) == number + 1:
            number, in_title = number + 1, False
            ref = f"{group}.{m.group('n')}" if group else m.group("n")
            rows.append((ref, [m.group("rest").strip()] if m.group("rest") else []))
            previous = m.group("rest") or ""
            continue
        if not rows or in_title:
            continue
        # Two cells can share a line, two spaces apart: "cơ quan ngang bộ  Bộ Tư pháp".
        for piece in re.split(r"\s{2,}", raw.strip()):
            cells = rows[-1][1]
            if (len(cells) >= 2 and len(cells) < len(roles) and roles[len(cells)] == "co" and "time" in roles[len(cells):]
                    and _starts_cell(piece, previous, "time")):
                # A row with no co-operating body: its time follows the lead body ("Bộ Quốc phòng" / "Hằng năm").
                cells.extend([""] * (roles.index("time", len(cells)) - len(cells)))
            if not cells or (len(cells) < len(roles) and _starts_cell(piece, previous, roles[len(cells)])):
                cells.append(piece)
            else:
                cells[-1] += " " + piece
            previous = piece
    return rows, used


# A scope after a body's name in a table cell: "Bộ Tư pháp (đối với các nội dung …)".
SCOPE_NOTE_RE = re.compile(r"\s*\((?:đối với|theo)\b[^)]*\)")


def wrapped_cell_tables(lines: list[Line], appendix_start: int | None, year: int | None = None) -> GridTable:
    """Tasks of every plan table whose cells wrap over lines, as a PDF's text layer prints it."""
    found = GridTable([], set())
    for k, line in enumerate(lines):
        if line.index in found.lines or line.text != "TT":
            continue
        heading = _wrapped_heading(lines, k)
        if heading is None:
            continue
        cells, texts = heading
        columns = table_columns(cells)
        assert columns is not None
        roles = [_wrapped_role(c) or "" for c in cells[1:]]
        rows, used = _wrapped_rows(lines[k:], texts, roles)
        found.lines |= used
        prefix = "Phụ lục " if appendix_start is not None and line.index > appendix_start else ""
        for ref, row in rows:
            padded = ["", *row]  # the number column
            content, lead = columns.get(padded, "content"), columns.get(padded, "lead")
            if content and lead:
                lead = SCOPE_NOTE_RE.sub("", lead)
                found.tasks.append(_row_task(prefix + ref, content, lead, columns.get(padded, "co"),
                                             columns.get(padded, "time"), year))
    return found
