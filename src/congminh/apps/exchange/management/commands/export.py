"""`congminh export national [--since T] [--until T] [--province CODE] OUT/`."""

from __future__ import annotations

import datetime as dt
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from congminh.apps.exchange.services import ExchangeError, national_export


def instant(value: str) -> dt.datetime:
    """An ISO 8601 instant or date (a date: its start, local time); naive: local time."""
    moment = parse_datetime(value)
    if moment is None:
        day = parse_date(value)
        if day is None:
            raise CommandError(_("“%s” is not an instant (yyyy-mm-ddThh:mm[:ss][+07:00]) or a "
                                 "date (yyyy-mm-dd).") % value)
        moment = dt.datetime.combine(day, dt.time())
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


class Command(BaseCommand):
    help = "Exports for other systems: `export national` writes the national exchange (Parquet)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        national = sub.add_parser(
            "national", help="The province's cases, parties, events, obligations and bodies as "
            "Parquet with a manifest (docs/exchange.md).")
        national.add_argument("out", type=Path, help="Directory to write (new or empty).")
        national.add_argument("--since", default="", help="Only what was recorded after this "
                              "instant (the previous export's `until`); unset: everything.")
        national.add_argument("--until", default="", help="Up to this instant (default: now).")
        national.add_argument("--province", default="", help="Province code (default: the "
                              "province of the bodies holding cases).")
        national.add_argument("--compression", choices=["zstd", "snappy", "gzip", "none"],
                              default="zstd")

    def handle(self, *args: Any, **options: Any) -> None:
        since = instant(options["since"]) if options["since"] else None
        until = instant(options["until"]) if options["until"] else None
        try:
            result = national_export(out_dir=options["out"], since=since, until=until,
                                     province=options["province"] or None,
                                     compression=options["compression"])
        except ExchangeError as exc:
            raise CommandError(str(exc)) from exc
        manifest = result.manifest
        counts = ", ".join(f"{name} {t['rows']}" for name, t in manifest["tables"].items())
        self.stdout.write(_("National export of province %(province)s written to %(dir)s: "
                            "%(files)d files (%(counts)s); until %(until)s.")
                          % {"province": manifest["province"], "dir": result.out_dir,
                             "files": len(manifest["files"]), "counts": counts,
                             "until": manifest["until"]})
