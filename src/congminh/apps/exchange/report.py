"""`congminh national report RESULTS/ -o FILE.xlsx`: the nation's totals from the results of
`national evaluate`, one Dask task per result partition (`core.exchange.totals`), written
as a workbook with Vietnamese headings:

- «Theo tỉnh»: per province, the cases per status, the quarterly review's lists
  (overdue, suspended, backlogged, prolonged) and the open clocks;
- «Theo loại cơ quan», «Theo loại án»: per province and kind of body holding the case, or
  procedure, the cases per status;
- «Thời hạn đang mở»: per province and kind of body that owes it, the open clocks per
  status.

Each sheet ends with the nation's total row («Toàn quốc»); every figure is a number.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import reduce
from pathlib import Path
from typing import Any

from congminh.apps.exchange.national import dask_compute
from congminh.core.exchange.nation import province_names
from congminh.core.exchange.national import partitions
from congminh.core.exchange.totals import Totals, partition_totals
from congminh.core.law.labels import HOLDER_VI, PROCEDURE_VI
from congminh.core.spreadsheets import xlsx_row
from congminh.core.statuses import CASE_STATUSES, LABELS

CASE_COLUMNS = ("Tổng số vụ việc", *(LABELS[s] for s in CASE_STATUSES))
# the quarterly review's other lists (its overdue and suspended ones are status columns)
REVIEW_COLUMNS = ("Tồn đọng", "Kéo dài", "Thời hạn đang mở")
OBLIGATION_STATUSES = ("overdue", "due_soon", "suspended", "on_time")
NATION = "Toàn quốc"


@dataclass(frozen=True)
class NationalReport:
    partitions: int
    provinces: int
    cases: int


def national_totals(results_dir: Path, *, scheduler: str = "local", workers: int = 2,
                    memory_limit: str = "2GiB") -> tuple[Totals, int]:
    from dask import delayed

    parts = partitions([results_dir])
    tasks = [delayed(partition_totals)(results_dir, p) for p in parts]
    done = dask_compute(tasks, scheduler=scheduler, workers=workers, memory_limit=memory_limit)
    return reduce(Totals.merge, done, Totals()), len(parts)


def _status_cells(counts: Counter[str]) -> list[int]:
    return [sum(counts[s] for s in CASE_STATUSES), *(counts[s] for s in CASE_STATUSES)]


def _review_cells(counts: Counter[str]) -> list[int]:
    return [counts["backlog"], counts["prolonged"], counts["open_obligations"]]


def _sheet(book: Any, title: str, heading: str, as_of: str, columns: Sequence[str],
           rows: list[tuple[Sequence[Any], list[int]]]) -> None:
    """A sheet: its heading, the instant, the column names, the rows and the nation's total
    (the sum of each numeric column)."""
    sheet = book.create_sheet(title)
    sheet.append([heading])
    sheet.append([f"Tính đến ngày {as_of}"])
    sheet.append([])
    sheet.append(list(columns))
    width = len(columns) - len(rows[0][1]) if rows else 0
    for labels, numbers in rows:
        sheet.append(xlsx_row(sheet, [*labels, *numbers]))
    totals = [sum(r[1][i] for r in rows) for i in range(len(rows[0][1]))] if rows else []
    sheet.append([NATION, *([""] * (width - 1)), *totals])
    for column, name in zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ", columns, strict=False):
        sheet.column_dimensions[column].width = max(12, min(40, len(name) + 2))


def _label(labels: dict[str, str], code: str) -> str:
    text = labels.get(code)
    return text[:1].upper() + text[1:] if text else (code or "Không xác định")


def write_report(totals: Totals, out: Path) -> None:
    from openpyxl import Workbook

    names = province_names()
    as_of = ", ".join(sorted(d.strftime("%d/%m/%Y") for d in totals.as_of)) or "-"
    book = Workbook()
    book.remove(book.active)

    def province(code: str) -> list[str]:
        return [code, names.get(code, code)]

    by_province = totals.sum_by((0,))
    _sheet(book, "Theo tỉnh", "Thời hạn các vụ việc theo tỉnh, thành phố", as_of,
           ("Mã tỉnh", "Tỉnh, thành phố", *CASE_COLUMNS, *REVIEW_COLUMNS),
           [(province(p), _status_cells(c) + _review_cells(c)) for (p,), c in sorted(by_province.items())])
    split: list[tuple[str, str, int, str, Callable[[str], str]]] = [
        ("Theo loại cơ quan", "Thời hạn các vụ việc theo tỉnh và loại cơ quan đang thụ lý", 1,
         "Loại cơ quan thụ lý", lambda k: _label(HOLDER_VI, k)),
        ("Theo loại án", "Thời hạn các vụ việc theo tỉnh và loại án", 2, "Loại án",
         lambda k: _label(PROCEDURE_VI, k))]
    for title, heading, dim, name, label in split:
        _sheet(book, title, heading, as_of, ("Mã tỉnh", "Tỉnh, thành phố", name, *CASE_COLUMNS),
               [([*province(p), label(k)], _status_cells(c))
                for (p, k), c in sorted(totals.sum_by((0, dim)).items())])
    owed: dict[tuple[str, str], Counter[str]] = {}
    for (p, holder, status), n in totals.obligations.items():
        owed.setdefault((p, holder), Counter())[status] += n
    _sheet(book, "Thời hạn đang mở", "Thời hạn đang mở theo tỉnh và cơ quan phải thực hiện", as_of,
           ("Mã tỉnh", "Tỉnh, thành phố", "Cơ quan phải thực hiện", "Tổng số",
            *(LABELS[s] for s in OBLIGATION_STATUSES)),
           [([*province(p), _label(HOLDER_VI, h)],
             [sum(c.values()), *(c[s] for s in OBLIGATION_STATUSES)])
            for (p, h), c in sorted(owed.items())])
    out.parent.mkdir(parents=True, exist_ok=True)
    book.save(out)


def national_report(results_dir: Path, out: Path, *, scheduler: str = "local", workers: int = 2,
                    memory_limit: str = "2GiB") -> NationalReport:
    totals, parts = national_totals(results_dir, scheduler=scheduler, workers=workers,
                                    memory_limit=memory_limit)
    write_report(totals, out)
    return NationalReport(parts, len({k[0] for k in totals.cases}),
                          sum(c["cases"] for c in totals.cases.values()))
