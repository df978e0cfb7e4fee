"""The quarterly review as an XLSX workbook: the totals in the form's shape (row codes,
the printed check formulas as Excel formulas), the totals by body, then one sheet per
list with real dates and numbers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from django.utils import timezone, translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from congminh.apps.reports import presenters, snapshot
from congminh.apps.reports.review import CHECKS, FORM_ROWS, PROCEDURES, TOTAL, CaseFacts, Review
from congminh.apps.reports.selectors import ReviewResult
from congminh.apps.reports.xlsx_writer import Formula, Packed, Sheet, Style, cell, pack, workbook
from congminh.core.periods import Period

# Rows whose printed formula computes them from other rows: written as Excel formulas.
_FORMULA_ROWS = {c.left: c for c in CHECKS if c.op == "="}


def _letter(n: int) -> str:
    """The column letter of column `n` (1: A); the review's sheets stay under Z."""
    return chr(64 + n)


def _heading(sheet: Sheet, result: ReviewResult, title: str) -> None:
    period = result.review.period
    sheet.append([title], Style.TITLE)
    sheet.append([_("Period: %(name)s, from %(start)s to %(end)s") % {
        "name": period.label_vi, "start": period.start.strftime("%d/%m/%Y"),
        "end": period.end.strftime("%d/%m/%Y")}])
    sheet.append([_("Scope: %(scope)s") % {"scope": result.scope_label}])
    sheet.append([_("Events recorded up to %(instant)s; clocks as of %(day)s") % {
        "instant": timezone.localtime(result.instant).strftime("%H:%M %d/%m/%Y"),
        "day": result.review.day.strftime("%d/%m/%Y")}])
    sheet.append([_("Inputs digest (SHA-256): %(digest)s") % {"digest": result.digest}])
    sheet.append([])


def _totals_sheet(result: ReviewResult) -> Sheet:
    columns = (*PROCEDURES, TOTAL)
    letters = [_letter(3 + i) for i in range(len(columns))]  # C..G
    sheet = Sheet(_("Totals"), widths={"A": 52, **{letter: 14 for letter in (*letters, "H")}})
    _heading(sheet, result, _("QUARTERLY REVIEW OF CASES: TOTALS"))
    sheet.append([_("Criterion"), _("Row code"), *[presenters.procedure_label(c) for c in columns],
                  _("Check")], Style.BOLD)
    first = sheet.max_row + 1
    row_of = {r.code: first + i for i, r in enumerate(FORM_ROWS)}
    total_letter = letters[-1]
    table = result.review.figures()
    for r in FORM_ROWS:
        line: list[Any] = [r.label, r.code]
        for column, letter in zip(columns, letters, strict=True):
            if column == TOTAL:
                line.append(Formula(f"=SUM({letters[0]}{row_of[r.code]}:{letters[-2]}{row_of[r.code]})"))
            elif r.code in _FORMULA_ROWS:
                cells = {code: f"{letter}{row}" for code, row in row_of.items()}
                line.append(Formula(_FORMULA_ROWS[r.code].formula(cells)))
            else:
                line.append(table[column][r.code])
        check = next((c for c in CHECKS if c.left == r.code), None)
        line.append(Formula(check.excel({code: f"{total_letter}{row}" for code, row in row_of.items()}))
                    if check else None)
        sheet.append(line)
    sheet.append([])
    sheet.append([_("Check formulas of the form (column Check: TRUE when it holds)")])
    for c in CHECKS:
        sheet.append([c.text])
    return sheet


def _bodies_sheet(result: ReviewResult) -> Sheet:
    col_of = {r.code: _letter(2 + i) for i, r in enumerate(FORM_ROWS)}
    sheet = Sheet(_("By body"), widths={"A": 48, **{letter: 16 for letter in col_of.values()}})
    _heading(sheet, result, _("TOTALS BY HOLDING BODY"))
    sheet.append([_("Holding body"), *[f"{r.code}. {r.label}" for r in FORM_ROWS]], Style.BOLD)
    sheet.append([_("Row code"), *[r.code for r in FORM_ROWS]])
    first = sheet.max_row + 1
    for line in presenters.body_table(result):
        row = sheet.max_row + 1
        cells = {code: f"{letter}{row}" for code, letter in col_of.items()}
        values: list[Any] = [line.name]
        for r, (_key, n) in zip(FORM_ROWS, line.cells, strict=True):
            check = _FORMULA_ROWS.get(r.code)
            values.append(Formula(check.formula(cells)) if check else n)
        sheet.append(values)
    last = sheet.max_row
    sheet.append([_("Total"), *[Formula(f"=SUM({letter}{first}:{letter}{last})") if last >= first else 0
                                for letter in col_of.values()]], Style.BOLD)
    return sheet


_WIDTHS = dict(zip("ABCDEFGHIJKLMNO", (5, 8, 40, 22, 14, 30, 18, 14, 12, 14, 12, 14, 30, 60), strict=False))


def _list_sheet(result: ReviewResult, key: str, title: str) -> Sheet:
    sheet = Sheet(title, widths=_WIDTHS)
    _heading(sheet, result, title.upper())
    extra: list[str] = []
    if key == "overdue":
        extra = [_("Due date"), _("Days over the limit"), _("Rule"), _("Legal basis"), _("Why")]
    elif key == "suspended":
        extra = [_("Suspended since"), _("Ground has ended")]
    elif key == "backlog":
        extra = [_("Days open")]
    elif key == "prolonged":
        extra = [_("Why prolonged")]
    sheet.append([_("No."), _("Case ID"), _("Case or matter"), _("Case numbers"), _("Procedure"),
                  _("Holding body"), _("Stage"), _("Status"), _("Date of the first event"), *extra,
                  _("Proposed solution / recommendation")], Style.BOLD)
    sheet.packed += _list_blocks(result, key)
    return sheet


# Rows compressed together (`snapshot.Block`): a case written about makes its block again.
BLOCK = 512


def _list_blocks(result: ReviewResult, key: str, into: snapshot.Snapshot | None = None) -> list[Packed]:
    """The list's rows, compressed per block of BLOCK rows. A row is its number, its case's
    cells (made once and kept with the snapshot while its facts stay the same:
    `snapshot.presented`), its holding body's name (as this review names it) and its
    comments; a block made is kept with the snapshot (`snapshot.packed`, written with it by
    the daily job for the province's lists) and used again while it shows the same rows."""
    facts = presenters.selected(result, presenters.LISTS[key][0])
    named = {holder: cell(name, Style.WRAP) for holder, name in presenters.holder_names(result).items()}
    nobody, no_notes = cell("—", Style.WRAP), cell("", Style.WRAP)
    comments = result.comments
    holders = [named.get(f.holder_id, nobody) for f in facts]
    notes = [no_notes if f.id not in comments else cell(
        "\n".join(f"{c.get_kind_display()}: {c.text}" for c in comments[f.id]), Style.WRAP) for f in facts]
    period, day, name = result.review.period, result.review.day, _rows_key(key)
    kept = snapshot.packed(period, day, name, into)
    keys = {start: snapshot.block_key(start, facts[start:start + BLOCK]) for start in range(0, len(facts), BLOCK)}
    missing = [start for start, at in keys.items() if (block := kept.get(at)) is None or not block.shows(
        facts[start:start + BLOCK], holders[start:start + BLOCK], notes[start:start + BLOCK])]
    made = {}
    if missing:
        rows = _kept_rows(result, key, [f for start in missing for f in facts[start:start + BLOCK]], into)
        for start in missing:
            end = min(start + BLOCK, len(facts))
            lines = [f"<row>{cell(n + 1, Style.WRAP)}{rows[facts[n].id][1]}{holders[n]}"
                     f"{rows[facts[n].id][2]}{notes[n]}</row>" for n in range(start, end)]
            made[keys[start]] = snapshot.Block(tuple(facts[start:end]), tuple(holders[start:end]),
                                               tuple(notes[start:end]), pack(lines))
        kept.update(made)
    snapshot.keep_packed(period, day, name, made, into, used=[at for at in keys.values() if at not in made])
    return [kept[at].packed for at in keys.values()]


# Where the holding body's cell is among a row's cells (`_cells`): the one cell of a case's
# row that depends on the review (a body's name has its code when another has the same).
_HOLDER_CELL = 4


def _kept_rows(result: ReviewResult, key: str, facts: Sequence[CaseFacts], into: snapshot.Snapshot | None = None
               ) -> dict[int, tuple[CaseFacts, str, str]]:
    """(facts, the cells before the body's, those after it) of each case of `facts` in
    list `key`: kept with the snapshot (`into`, or the process's), or made now and kept."""
    period, day = result.review.period, result.review.day
    name = _rows_key(key)
    kept = (dict(snapshot.rows_loaded(into).presented.get(name, {})) if into is not None
            else snapshot.presented(period, day, name))
    made = _made_rows(result, key, _stale(kept, facts))
    if made:
        snapshot.keep_presented(period, day, name, made, into=into)
        kept.update(made)
    return kept


def _stale(kept: Mapping[int, tuple[CaseFacts, str, str]], facts: Sequence[CaseFacts]) -> list[CaseFacts]:
    """The cases of `facts` without a row kept with these very facts."""
    return [f for f in facts if (found := kept.get(f.id)) is None or found[0] is not f]


def _rows_key(key: str) -> str:
    return f"xlsx:{key}:{get_language()}"


def _made_rows(result: ReviewResult, key: str, facts: Sequence[CaseFacts]
               ) -> dict[int, tuple[CaseFacts, str, str]]:
    made = {}
    for row in presenters.rows(result, facts) if facts else ():
        cells = [cell(v, Style.WRAP) for v in _cells(row, key, result.review.day)]
        made[row.facts.id] = (row.facts, "".join(cells[:_HOLDER_CELL]), "".join(cells[_HOLDER_CELL + 1:]))
    return made


def present(kept: snapshot.Snapshot, period: Period) -> None:
    """Make the rows of every case in the snapshot's lists, in the site's language, and
    keep them with it (the daily job, before it writes the snapshot): they are what the
    lists of any scope show (a scope's lists are parts of the province's). Keep too the
    province's lists compressed as a review of every case, without comments, writes them
    (`_list_blocks`): a user who reads every case finds its export's rows written."""
    from django.conf import settings

    from congminh.apps.organisations.models import Organisation

    facts = [entry.facts for _id, entry in sorted(kept.entries.items()) if entry.facts is not None]
    bodies = Organisation.objects.in_bulk(list({e.holder_id for e in kept.entries.values()
                                                if e.holder_id is not None}))
    result = ReviewResult(Review(period, kept.day, facts), "province", timezone.now(), "", {}, bodies)
    with translation.override(settings.LANGUAGE_CODE):
        for key in presenters.LISTS:
            _list_blocks(result, key, into=kept)


def _cells(row: presenters.Row, key: str, day: dt.date) -> list[Any]:
    """A case's cells of list `key`, between the row's number and its comments."""
    f = row.facts
    values: list[Any] = [f.id, row.title, "; ".join(row.numbers), row.procedure,
                         row.holder,  # the cell at _HOLDER_CELL
                         row.stage, row.status, f.first_event]
    if key == "overdue":
        worst = row.why[0] if row.why else None
        values += [worst.due if worst else None, f.days_over,
                   "; ".join(w.rule for w in row.why), "; ".join(w.basis for w in row.why),
                   "\n".join(s for w in row.why for s in w.steps)]
    elif key == "suspended":
        values += [f.suspended_since, _("Yes") if f.ground_ended else _("No")]
    elif key == "backlog":
        # Facts are made for one evaluation day: the same facts kept, the same day.
        values += [(day - f.first_event).days if f.first_event else None]
    elif key == "prolonged":
        values += ["; ".join(row.reasons)]
    return values


def review_workbook(result: ReviewResult) -> bytes:
    # The garbage collector paused (`snapshot.no_gc`): the lists allocate some 100,000
    # objects, and each full collection they set off would walk the process's snapshots
    # (millions of objects; a server worker sets them aside with `gc.freeze`, a process
    # that loaded them in a request has not).
    with snapshot.no_gc():
        sheets = [_totals_sheet(result), _bodies_sheet(result)]
        sheets += [_list_sheet(result, key, str(label)) for key, (_row_key, label) in presenters.LISTS.items()]
        return workbook(sheets)


def sheet_names() -> Sequence[str]:
    return [_("Totals")[:31], _("By body")[:31], *[str(v[1])[:31] for v in presenters.LISTS.values()]]
