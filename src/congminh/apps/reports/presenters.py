"""The review's lists and tables as rows for the page and the exports (one shape for both)."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from congminh.apps.cases.models import Procedure, Stage
from congminh.apps.reports.models import ReviewComment
from congminh.apps.reports.review import (
    CHECKS,
    FORM_ROWS,
    PROCEDURES,
    TOTAL,
    CaseFacts,
)
from congminh.apps.reports.selectors import ReviewResult, case_numbers, case_titles
from congminh.core import statuses

# The four lists of the review (directive point 2), each the cases of one form row.
LISTS: dict[str, tuple[str, Any]] = {
    "overdue": ("overdue", gettext_lazy("Overdue")),
    "suspended": ("suspended", gettext_lazy("Suspended")),
    "backlog": ("remaining", gettext_lazy("Backlogged (open at the period's end)")),
    "prolonged": ("prolonged", gettext_lazy("Prolonged")),
}
SORTS = ("holder", "-days", "opened", "-opened")


def procedure_label(code: str) -> str:
    return _("Total") if code == TOTAL else str(Procedure(code).label)


def stage_label(code: str) -> str:
    return str(Stage(code).label) if code in Stage.values else "—"


@dataclass
class Row:
    facts: CaseFacts
    title: str
    numbers: list[str]
    holder: str
    procedure: str
    stage: str
    status: str
    comments: list[ReviewComment] = field(default_factory=list)
    why: list[Any] = field(default_factory=list)  # review.Why for overdue rows
    reasons: list[str] = field(default_factory=list)  # prolonged


def holder_name(result: ReviewResult, holder_id: int | None) -> str:
    """The body's name; with its code when another body of the review has the same name
    (e.g. two investigation agencies of the merged province)."""
    return holder_names(result).get(holder_id, "—")


def holder_names(result: ReviewResult) -> dict[int | None, str]:
    """The name of every body of the review, as `holder_name` gives it, at once."""
    names = Counter(org.name for org in result.holders.values())
    return {holder: f"{org.name} ({org.code})" if names[org.name] > 1 else org.name
            for holder, org in result.holders.items()}


def natural_key(text: str) -> list[Any]:
    """«khu vực 2» before «khu vực 10».

    >>> sorted(["khu vực 10", "khu vực 2"], key=natural_key)
    ['khu vực 2', 'khu vực 10']
    """
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text)]


def selected(result: ReviewResult, key: str, *, procedure: str | None = None,
             holder_id: int | None = None, sort: str = "holder") -> list[CaseFacts]:
    """The cases behind one number (row `key` of the form), sorted (once per review and
    names of its bodies)."""
    names = holder_names(result)
    memo = ("selected", key, procedure, holder_id, sort, frozenset(names.items()))
    return list(result.review.remembered(memo, lambda: _sorted(result, names, key, procedure, holder_id, sort)))


def _sorted(result: ReviewResult, names: dict[int | None, str], key: str, procedure: str | None,
            holder_id: int | None, sort: str) -> list[CaseFacts]:
    facts = result.review.select(key, procedure=procedure, holder_id=holder_id)
    if sort == "-days":
        return sorted(facts, key=lambda f: (-f.days_over, f.id))
    if sort in ("opened", "-opened"):
        return sorted(facts, key=lambda f: (f.first_event or dt.date.min, f.id),
                      reverse=sort == "-opened")
    keys = {holder: natural_key(name) for holder, name in names.items()}
    dash = natural_key("—")
    # `days_over` is 0 without an overdue obligation (a field: the obligations of facts
    # read from a snapshot's file are unpickled only for the rows shown).
    return sorted(facts, key=lambda f: (keys.get(f.holder_id, dash), -f.days_over, f.id))


def rows(result: ReviewResult, facts: Sequence[CaseFacts]) -> list[Row]:
    """Rows with titles, numbers, body, stage and comments, the engine's explanation of
    each overdue clock and the reasons a case is prolonged (kept with its facts)."""
    ids = [f.id for f in facts]
    titles, numbers = case_titles(ids), case_numbers(ids)
    names = holder_names(result)
    # Each label once (a choice's label is looked up, then translated: a province's
    # export has tens of thousands of rows and a handful of procedures, stages, statuses).
    procedures = {code: procedure_label(code) for code in {f.procedure for f in facts}}
    stages = {code: stage_label(code) for code in {f.stage for f in facts}}
    states = {code: statuses.label(code) for code in {f.status for f in facts}}
    return [Row(f, titles.get(f.id, ""), numbers.get(f.id, []), names.get(f.holder_id, "—"),
                procedures[f.procedure], stages[f.stage], states[f.status],
                result.comments.get(f.id, []), list(f.why), list(f.reasons))
            for f in facts]


@dataclass(frozen=True)
class TotalsLine:
    code: int
    key: str
    label: str
    cells: list[tuple[str, int]]  # (procedure or total, count)


def totals_table(result: ReviewResult) -> list[TotalsLine]:
    table = result.review.figures()
    columns = (*PROCEDURES, TOTAL)
    return [TotalsLine(r.code, r.key, r.label, [(c, table[c][r.code]) for c in columns])
            for r in FORM_ROWS]


@dataclass(frozen=True)
class BodyLine:
    holder_id: int | None
    name: str
    cells: list[tuple[str, int]]  # (row key, count)


def body_table(result: ReviewResult) -> list[BodyLine]:
    names = holder_names(result)
    lines = [BodyLine(holder, names.get(holder, "—"),
                      [(r.key, figures[r.code]) for r in FORM_ROWS])
             for holder, figures in result.review.by_holder().items()]
    return sorted(lines, key=lambda line: natural_key(line.name))


def body_cells(lines: Sequence[BodyLine], base: str, row_key: str, holder: int | None
               ) -> list[tuple[BodyLine, SafeString]]:
    """Each line of the table by body with its cells' HTML, each count a link to its list
    (the one shown marked «here»): written here rather than by the template, which took
    some 0.15 s of a province's first page for its few thousand cells."""
    query = escape(base)
    shown: dict[int, str] = {}

    def number(n: int) -> str:
        if n not in shown:
            shown[n] = escape(intcomma(n))
        return shown[n]

    def cell(line: BodyLine, key: str, n: int) -> str:
        here = 'class="here" ' if key == row_key and line.holder_id == holder else ""
        return (f'<td class="n"><a {here}href="?{query}&amp;row={escape(key)}&amp;holder={line.holder_id}#list">'
                f"{number(n)}</a></td>")

    return [(line, mark_safe("".join([cell(line, key, n) for key, n in line.cells])))  # noqa: S308 (escaped)
            for line in lines]


def checks(result: ReviewResult) -> list[tuple[str, bool]]:
    """Each printed check over the total column, and whether it holds."""
    figures = result.review.figures()[TOTAL]
    return [(c.text, c.holds(figures)) for c in CHECKS]
