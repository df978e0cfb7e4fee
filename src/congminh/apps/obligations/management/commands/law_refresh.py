"""`congminh law refresh`: recompute every case's statutory clocks (run it daily)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from tqdm import tqdm

from congminh.apps.cases.models import Case
from congminh.apps.obligations.services import cases_refresh_all


class Command(BaseCommand):
    help = "Recompute every case's statutory clocks with the law engine."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--as-of", type=dt.date.fromisoformat, default=None,
                            help="evaluation date (ISO); default: today")

    def handle(self, *args: Any, **options: Any) -> None:
        total = Case.objects.count()
        with tqdm(total=total, unit="vụ", disable=options["verbosity"] < 1) as bar:
            n = cases_refresh_all(as_of=options["as_of"], progress=bar.update)
        self.stdout.write(f"Đã tính lại thời hạn của {n} vụ án, vụ việc.")
