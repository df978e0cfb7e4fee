"""`congminh national verify DIR`: check a received national export against its manifest;
`congminh national evaluate --as-of D [--scheduler local|synchronous|ADDRESS] DATA… -o OUT`:
every case's clocks from the exports, on Dask (docs/exchange.md)."""

from __future__ import annotations

import datetime as dt
import time
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from congminh.core.exchange.manifest import verify_export


class Command(BaseCommand):
    help = "The national exchange: `national verify DIR` checks an export (exit code 1 if not); " \
           "`national evaluate` computes every case's clocks from exports on Dask."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser("verify", help="Check the manifest, every file's SHA-256, rows "
                                "and columns (docs/exchange.md).")
        verify.add_argument("directory", type=Path)
        evaluate = sub.add_parser("evaluate", help="Every case's clocks, one Dask task per "
                                  "partition, by the bulk law path; results as Parquet.")
        evaluate.add_argument("data", type=Path, nargs="+", help="Export directories.")
        evaluate.add_argument("-o", "--out", type=Path, required=True, help="Results directory.")
        evaluate.add_argument("--as-of", dest="as_of", default="", help="yyyy-mm-dd (default: today).")
        evaluate.add_argument("--scheduler", default="local", help="`local` (a LocalCluster), "
                              "`synchronous` or a scheduler's address (tcp://host:8786).")
        evaluate.add_argument("--workers", type=int, default=2, help="LocalCluster workers.")
        evaluate.add_argument("--memory-limit", dest="memory_limit", default="2GiB",
                              help="Memory per LocalCluster worker (spills to disk before).")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "evaluate":
            self._evaluate(options)
            return
        result = verify_export(options["directory"])
        if result.ok:
            self.stdout.write(_("OK: the national export of province %(province)s is intact "
                                "(%(files)d files, %(rows)d rows).")
                              % {"province": result.manifest["province"], "files": result.files,
                                 "rows": result.rows})
            return
        for problem in result.problems:
            self.stderr.write(problem)
        self.stderr.write(_("The national export failed verification: %(count)d problems.")
                          % {"count": len(result.problems)})
        raise SystemExit(1)

    def _evaluate(self, options: dict[str, Any]) -> None:
        from congminh.apps.exchange.national import national_evaluate

        try:
            as_of = dt.date.fromisoformat(options["as_of"]) if options["as_of"] else timezone.localdate()
        except ValueError as exc:
            raise CommandError(_("--as-of must be a date yyyy-mm-dd, not “%s”.") % options["as_of"]) from exc
        if options["out"].exists() and any(options["out"].iterdir()):
            raise CommandError(_("The results directory %(dir)s is not empty.") % {"dir": options["out"]})
        started = time.monotonic()
        run = national_evaluate(data_dirs=options["data"], as_of=as_of, out_dir=options["out"],
                                scheduler=options["scheduler"], workers=options["workers"],
                                memory_limit=options["memory_limit"])
        self.stdout.write(_("National clocks as of %(as_of)s: %(cases)d cases, %(obligations)d open "
                            "obligations, %(partitions)d partitions (%(seconds).1f s).")
                          % {"as_of": as_of.strftime("%d/%m/%Y"), "cases": run.cases,
                             "obligations": run.obligations, "partitions": run.partitions,
                             "seconds": time.monotonic() - started})
