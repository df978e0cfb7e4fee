"""`congminh extend_directives --until YYYY-MM-DD`: lay recurring directive duties out
further (each December, for the year after next). Safe to run again."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from congminh.apps.directives.models import Directive
from congminh.apps.directives.services import directive_extend


class Command(BaseCommand):
    help = "Create the periodic obligations of every directive up to a date."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--until", type=dt.date.fromisoformat, required=True,
                            help="ISO date, e.g. 2028-12-31")

    def handle(self, *args: Any, until: dt.date, **options: Any) -> None:
        total = 0
        for directive in Directive.objects.filter(horizon__lt=until):
            total += len(directive_extend(actor=None, directive=directive, until=until))
        self.stdout.write(f"{total} obligations created")
