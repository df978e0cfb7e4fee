"""`congminh national verify DIR…`: check received national exports against their manifests
(a directory of exports, such as a generated nation, stands for each);
`congminh national evaluate --as-of D [--scheduler local|synchronous|ADDRESS] DATA… -o OUT`:
every case's clocks from the exports, on Dask; `congminh national report RESULTS -o FILE.xlsx`:
the national totals from those results, on Dask (docs/exchange.md)."""

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
from congminh.core.exchange.read import export_dirs


class Command(BaseCommand):
    help = "The national exchange: `national verify DIR` checks an export (exit code 1 if not); " \
           "`national evaluate` computes every case's clocks from exports on Dask."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser("verify", help="Check the manifest, every file's SHA-256, rows "
                                "and columns (docs/exchange.md).")
        verify.add_argument("directory", type=Path, nargs="+", help="Export directories, or "
                            "a directory of exports (a nation: one per province).")
        evaluate = sub.add_parser("evaluate", help="Every case's clocks, one Dask task per "
                                  "partition, by the bulk law path; results as Parquet.")
        evaluate.add_argument("data", type=Path, nargs="+", help="Export directories, or "
                              "directories of exports (a nation).")
        evaluate.add_argument("-o", "--out", type=Path, required=True, help="Results directory.")
        evaluate.add_argument("--as-of", dest="as_of", default="", help="yyyy-mm-dd (default: today).")
        evaluate.add_argument("--scheduler", default="local", help="`local` (a LocalCluster), "
                              "`synchronous` or a scheduler's address (tcp://host:8786).")
        evaluate.add_argument("--workers", type=int, default=2, help="LocalCluster workers.")
        evaluate.add_argument("--memory-limit", dest="memory_limit", default="2GiB",
                              help="Memory per LocalCluster worker (spills to disk before).")

        report = sub.add_parser("report", help="The national totals from the results of "
                                "`national evaluate`, computed on Dask, as an XLSX workbook.")
        report.add_argument("results", type=Path, help="Results directory of `national evaluate`.")
        report.add_argument("-o", "--out", type=Path, required=True, help="The .xlsx file to write.")
        for name, default, text in (("--scheduler", "local", "`local`, `synchronous` or an address."),
                                    ("--workers", 2, "LocalCluster workers."),
                                    ("--memory-limit", "2GiB", "Memory per LocalCluster worker.")):
            report.add_argument(name, type=type(default), default=default, help=text)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] in ("evaluate", "report"):
            getattr(self, f"_{options['action']}")(options)
            return
        failed = 0
        for directory in export_dirs(options["directory"]):
            failed += self._verify(directory)
        if failed:
            raise SystemExit(1)

    def _verify(self, directory: Path) -> int:
        result = verify_export(directory)
        if result.ok:
            self.stdout.write(_("OK: the national export of province %(province)s is intact "
                                "(%(files)d files, %(rows)d rows).")
                              % {"province": result.manifest["province"], "files": result.files,
                                 "rows": result.rows})
            return 0
        for problem in result.problems:
            self.stderr.write(problem)
        self.stderr.write(_("The national export failed verification: %(count)d problems.")
                          % {"count": len(result.problems)})
        return 1

    def _evaluate(self, options: dict[str, Any]) -> None:
        from congminh.apps.exchange.national import national_evaluate

        try:
            as_of = dt.date.fromisoformat(options["as_of"]) if options["as_of"] else timezone.localdate()
        except ValueError as exc:
            raise CommandError(_("--as-of must be a date yyyy-mm-dd, not “%s”.") % options["as_of"]) from exc
        if options["out"].exists() and any(options["out"].iterdir()):
            raise CommandError(_("The results directory %(dir)s is not empty.") % {"dir": options["out"]})
        started = time.monotonic()
        run = national_evaluate(data_dirs=export_dirs(options["data"]), as_of=as_of, out_dir=options["out"],
                                scheduler=options["scheduler"], workers=options["workers"],
                                memory_limit=options["memory_limit"])
        self.stdout.write(_("National clocks as of %(as_of)s: %(cases)d cases, %(obligations)d open "
                            "obligations, %(partitions)d partitions (%(seconds).1f s).")
                          % {"as_of": as_of.strftime("%d/%m/%Y"), "cases": run.cases,
                             "obligations": run.obligations, "partitions": run.partitions,
                             "seconds": time.monotonic() - started})

    def _report(self, options: dict[str, Any]) -> None:
        from congminh.apps.exchange.report import national_report

        if not (options["results"] / "cases").is_dir():
            raise CommandError(_("%(dir)s holds no results of `national evaluate`.")
                               % {"dir": options["results"]})
        started = time.monotonic()
        report = national_report(options["results"], options["out"], scheduler=options["scheduler"],
                                 workers=options["workers"], memory_limit=options["memory_limit"])
        self.stdout.write(_("National report written to %(file)s: %(cases)d cases of %(provinces)d "
                            "provinces, %(partitions)d partitions (%(seconds).1f s).")
                          % {"file": options["out"], "cases": report.cases,
                             "provinces": report.provinces, "partitions": report.partitions,
                             "seconds": time.monotonic() - started})
