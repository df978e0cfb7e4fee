"""`congminh law_check`: list the stored cases whose history the law now refuses.

For data cleaning: every case's effective history is replayed with
`congminh.core.law.lawful.history_problems` (the check made before an event is saved), and
each refused event is printed with the case, its holding body, the event's date and name
and the reason. Cases are read in chunks of ids, so memory stays bounded.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from congminh.apps.cases.models import Case
from congminh.apps.obligations.services import case_payloads
from congminh.core.case_events import EVENT_TYPES
from congminh.core.law.evaluate import Engine
from congminh.core.law.lawful import history_problems
from congminh.core.spreadsheets import csv_row

CHUNK = 2000
CSV_COLUMNS = ("case_id", "holder_code", "holder", "event_index", "date", "event_type",
               "event", "code", "rule", "citation", "message")


def _chunks() -> Iterator[list[int]]:
    """Case ids in increasing order, `CHUNK` at a time (keyset pagination)."""
    last = 0
    while True:
        ids = list(Case.objects.filter(id__gt=last).order_by("id")
                   .values_list("id", flat=True)[:CHUNK])
        if not ids:
            return
        yield ids
        last = ids[-1]


def _day(value: Any) -> str:
    try:
        return dt.date.fromisoformat(str(value)).strftime("%d/%m/%Y")
    except ValueError:
        return str(value)


def _label(code: Any) -> str:
    spec = EVENT_TYPES.get(str(code))
    return spec.label_vi if spec else str(code)


class Command(BaseCommand):
    help = "List the cases whose event history the law engine refuses (data cleaning)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--limit", type=int, default=None,
                            help="stop after listing N cases with problems (default: all)")
        parser.add_argument("--format", choices=("text", "csv"), default="text",
                            help="text for people (default), csv for a spreadsheet")

    def handle(self, *args: Any, **options: Any) -> None:
        limit: int | None = options["limit"]
        as_csv = options["format"] == "csv"
        writer = csv.writer(self.stdout, lineterminator="\n") if as_csv else None
        if writer is not None:
            writer.writerow(CSV_COLUMNS)
        engine = Engine.default()
        checked = listed = 0
        for ids in _chunks():
            holders = {row[0]: (row[1], row[2]) for row in Case.objects.filter(id__in=ids)
                       .values_list("id", "holder__code", "holder__name")}
            for payload in sorted(case_payloads(ids), key=lambda p: int(p["id"])):
                checked += 1
                problems = history_problems(payload, engine=engine)
                if not problems:
                    continue
                listed += 1
                code, name = holders.get(payload["id"], ("", ""))
                for index, refusal in problems:
                    event = payload["events"][index]
                    if writer is not None:
                        writer.writerow(csv_row((payload["id"], code, name, index,
                                                 _day(event.get("date")), event.get("type"),
                                                 _label(event.get("type")), refusal.code,
                                                 refusal.rule or "", refusal.citation or "",
                                                 refusal.message)))
                    else:
                        self.stdout.write(
                            f"Vụ {payload['id']} | {name} | {_day(event.get('date'))} "
                            f"{_label(event.get('type'))} | {refusal.message}")
                if limit is not None and listed >= limit:
                    break
            if limit is not None and listed >= limit:
                break
        summary = f"Đã kiểm tra {checked} vụ án, vụ việc; {listed} vụ có sự kiện trái luật."
        if as_csv:
            self.stderr.write(summary)
        else:
            self.stdout.write(summary)
