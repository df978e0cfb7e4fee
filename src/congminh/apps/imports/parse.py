"""Spreadsheet rows -> `CaseRecord`s, with a Vietnamese message for every bad cell.

A row is one event of one case; rows with the same holder and case number are one case.
A row with any error is rejected whole (its event is not stored); the others are kept.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from openpyxl.utils.datetime import from_excel

from congminh.apps.imports import columns as C
from congminh.core.case_events import EVENT_TYPES
from congminh.core.legacy_encodings import to_unicode
from congminh.core.records import CaseRecord, EventRecord, PartyRecord
from congminh.core.text import fold, fold_key, nfc

EVENT_WORDS = {
    **{fold(code): code for code in EVENT_TYPES},
    **{fold(et.label_vi): code for code, et in EVENT_TYPES.items()},
}
_PARTY = re.compile(r"^(?P<name>[^()]+?)\s*(?:\((?P<role>[^()]*)\))?$")


@dataclass
class Problem:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        if self.column:
            return _("Row %(row)d, column «%(column)s»: %(message)s") % {
                "row": self.row, "column": self.column, "message": self.message}
        return _("Row %(row)d: %(message)s") % {"row": self.row, "message": self.message}


@dataclass
class Parsed:
    records: list[CaseRecord] = field(default_factory=list)
    # record index -> the rows it came from; (record, event) -> the row of that event
    record_rows: list[list[int]] = field(default_factory=list)
    event_rows: dict[tuple[int, int], int] = field(default_factory=dict)
    rows: dict[int, tuple[Any, ...]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    headings: tuple[str, ...] = ()
    total: int = 0


class HeadingError(ValueError):
    pass


def parse_rows(
    rows: Iterable[tuple[Any, ...]], *, resolve_body: Callable[[str], str | None],
    today: dt.date, progress: Callable[[int], None] | None = None,
) -> Parsed:
    """`resolve_body` turns a code or name into an organisation code (None: unknown)."""
    it = iter(rows)
    heading_row = next(it, None)
    if heading_row is None:
        raise HeadingError(_("The file is empty."))
    index = _heading_index(heading_row)
    out = Parsed(headings=tuple("" if h is None else str(h) for h in heading_row))
    groups: dict[tuple[str, str], int] = {}
    for number, raw in enumerate(it, start=2):
        if not any(v not in (None, "") for v in raw):
            continue
        out.total += 1
        out.rows[number] = raw
        if progress and out.total % 5000 == 0:
            progress(out.total)
        row = _RowReader(number, raw, index, out)
        fields = row.read(resolve_body, today)
        if row.failed:
            continue
        _add(out, groups, number, fields)
    return out


def _heading_index(heading_row: tuple[Any, ...]) -> dict[str, int]:
    by_fold = {fold(str(h)): i for i, h in enumerate(heading_row) if h not in (None, "")}
    index = {h: by_fold[fold(h)] for h in C.HEADINGS if fold(h) in by_fold}
    missing = [h for h in C.REQUIRED if h not in index]
    if missing:
        raise HeadingError(
            _("Row 1: the heading row lacks the columns %s.") % ", ".join(f"«{m}»" for m in missing)
        )
    return index


def _add(out: Parsed, groups: dict[tuple[str, str], int], number: int, f: dict[str, Any]) -> None:
    key = (f["holder"], fold_key(f["number"]))
    n = groups.get(key)
    if n is None:
        n = groups[key] = len(out.records)
        out.records.append(CaseRecord(
            procedure=f["procedure"], title=f["title"], holder_code=f["holder"],
            numbers=[(f["holder"], f["number"])], category=f["category"], case_kind=f["case_kind"],
        ))
        out.record_rows.append([])
    rec = out.records[n]
    out.record_rows[n].append(number)
    for pair in f["other_numbers"]:
        if pair not in rec.numbers:
            rec.numbers.append(pair)
    for party in f["parties"]:
        if (party.name, party.role) not in {(p.name, p.role) for p in rec.parties}:
            rec.parties.append(party)
    out.event_rows[(n, len(rec.events))] = number
    rec.events.append(f["event"])


class _RowReader:
    def __init__(self, number: int, raw: tuple[Any, ...], index: dict[str, int], out: Parsed):
        self.number, self.raw, self.index, self.out = number, raw, index, out
        self.failed = False

    def problem(self, column: str, message: str) -> None:
        self.failed = True
        self.out.problems.append(Problem(self.number, column, message))

    def cell(self, column: str) -> Any:
        i = self.index.get(column)
        if i is None or i >= len(self.raw):
            return None
        return self.raw[i]

    def text(self, column: str) -> str:
        value = self.cell(column)
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text, legacy = to_unicode(str(value).strip())
        if legacy:
            self.out.warnings.append(Problem(self.number, column, _(
                "text typed in the %(enc)s encoding was converted to Unicode: «%(text)s»"
            ) % {"enc": "TCVN3 (ABC)" if legacy == "tcvn3" else "VNI", "text": text}))
        return nfc(text)

    def required(self, column: str) -> str:
        value = self.text(column)
        if not value:
            self.problem(column, _("this column is required"))
        return value

    def read(self, resolve_body: Callable[[str], str | None], today: dt.date) -> dict[str, Any]:
        f: dict[str, Any] = {}
        f["holder"] = self.body(C.HOLDER, self.required(C.HOLDER), resolve_body)
        f["number"] = self.required(C.NUMBER)
        if f["number"] and not fold_key(f["number"]):
            self.problem(C.NUMBER, _("«%s» is not a case number") % f["number"])
        f["procedure"] = self.choice(C.PROCEDURE, self.required(C.PROCEDURE), C.PROCEDURES)
        f["title"] = self.required(C.TITLE)
        f["category"], f["case_kind"] = self.category(f["procedure"])
        f["parties"] = self.parties()
        f["event"] = self.event(f["procedure"], today)
        f["other_numbers"] = self.other_numbers(resolve_body)
        return f

    def body(self, column: str, value: str, resolve_body: Callable[[str], str | None]) -> str:
        code = resolve_body(value) if value else ""
        if code is None:
            self.problem(column, _("«%s» is not a known body (code or name)") % value)
            return ""
        return code

    def choice(self, column: str, value: str, words: dict[str, str]) -> str:
        if not value:
            return ""
        code = words.get(fold(value))
        if code is None:
            self.problem(column, _("«%s» is not one of the accepted values") % value)
            return ""
        return code

    def category(self, procedure: str) -> tuple[str, str]:
        value = self.text(C.CATEGORY)
        if not value or not procedure:
            return "", ""
        if procedure == "criminal":
            return self.choice(C.CATEGORY, value, C.CATEGORIES), ""
        if procedure in ("civil", "administrative"):
            return "", self.choice(C.CATEGORY, value, C.CASE_KINDS)
        return "", ""

    def parties(self) -> list[PartyRecord]:
        value = self.text(C.PARTIES)
        parties = []
        for part in filter(None, (p.strip() for p in value.split(";"))):
            m = _PARTY.match(part)
            role = C.PARTY_ROLES.get(fold(m.group("role") or "")) if m else None
            if m is None or role is None:
                self.problem(C.PARTIES, _(
                    "«%s» must read «Name (role)», e.g. «Nguyễn Văn A (bị can)»") % part)
                continue
            parties.append(PartyRecord(name=m.group("name").strip(), role=role))
        return parties

    def date(self, today: dt.date) -> dt.date | None:
        value = self.cell(C.DATE)
        text = self.text(C.DATE)
        day: dt.date | None = None
        if isinstance(value, dt.datetime):
            day = value.date()
        elif isinstance(value, dt.date):
            day = value
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            try:
                day = from_excel(value).date()
            except (ValueError, OverflowError, AttributeError):
                day = None
        elif text:
            day = parse_date(text)
        if day is None:
            if text:
                self.problem(C.DATE, _("«%s» is not a valid date (dd/mm/yyyy)") % text)
            else:
                self.problem(C.DATE, _("this column is required"))
        elif day > today + dt.timedelta(days=1):
            self.problem(C.DATE, _("%s is in the future") % day.strftime("%d/%m/%Y"))
        return day

    def event(self, procedure: str, today: dt.date) -> EventRecord | None:
        label = self.required(C.EVENT)
        code = EVENT_WORDS.get(fold(label)) if label else None
        if label and code is None:
            self.problem(C.EVENT, _("«%s» is not a known event") % label)
        elif code and procedure and procedure not in EVENT_TYPES[code].procedures:
            self.problem(C.EVENT, _("event «%s» does not belong to this kind of case") % label)
        day = self.date(today)
        if code is None or day is None:
            return None
        data = self.event_data(code)
        return EventRecord(type=code, date=day, data=data, document=self.text(C.DOCUMENT))

    def event_data(self, code: str) -> dict[str, Any]:
        optional = EVENT_TYPES[code].optional_fields
        data: dict[str, Any] = {}
        for column, name in ((C.MONTHS, "months"), (C.DAYS, "days")):
            text = self.text(column)
            if not text:
                continue
            if name not in optional:
                self.problem(column, _("this event takes no «%s»") % column)
            elif not text.isdigit() or not 0 < int(text) < 1000:
                self.problem(column, _("«%s» is not a whole number of months or days") % text)
            else:
                data[name] = int(text)
        ground = self.text(C.GROUND)
        if ground:
            for name in ("ground", "reason"):
                if name in optional:
                    data[name] = ground
        by = self.text(C.RETURNED_BY)
        if by:
            if "by" not in optional:
                self.problem(C.RETURNED_BY, _("only a return of the file takes this column"))
            else:
                data["by"] = self.choice(C.RETURNED_BY, by, C.RETURNED_BY_WORDS)
        return data

    def other_numbers(self, resolve_body: Callable[[str], str | None]) -> list[tuple[str, str]]:
        value = self.text(C.OTHER_NUMBERS)
        pairs = []
        for part in filter(None, (p.strip() for p in value.split(";"))):
            body, sep, number = part.partition(":")
            code = resolve_body(body.strip()) if sep else None
            if not sep or not number.strip():
                self.problem(C.OTHER_NUMBERS, _("«%s» must read «BODY CODE: number»") % part)
            elif code is None:
                self.problem(C.OTHER_NUMBERS, _("«%s» is not a known body") % body.strip())
            else:
                pairs.append((code, number.strip()))
        return pairs


def parse_date(text: str) -> dt.date | None:
    """dd/mm/yyyy (also d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy) or ISO yyyy-mm-dd."""
    text = text.strip().split(" ")[0]
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
    if m:
        y, mo, d = (int(g) for g in m.groups())
    else:
        m = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text)
        if not m:
            return None
        d, mo, y = (int(g) for g in m.groups())
    try:
        return dt.date(y, mo, d)
    except ValueError:
        return None
