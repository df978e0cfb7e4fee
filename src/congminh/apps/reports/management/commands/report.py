"""`congminh report quarterly --period 2026-Q4 [--scope ORG_CODE|area:ORG_CODE]
[--as-of ISO_INSTANT] [--year procuracy] [--as USER] --format xlsx|docx|pdf -o FILE` and
`congminh report annual --year 2026 [--as-of ISO_INSTANT] [--as USER] [--format docx|pdf]
-o FILE`.

Writes the same files as the pages' downloads and records the run (parameters and
inputs digest), so a scripted check can regenerate it later and compare.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from congminh.apps.accounts.models import User
from congminh.apps.reports import (
    annual,
    annual_docx,
    docx_export,
    export,
    pdf_export,
    selectors,
    services,
)
from congminh.core.periods import parse_period, reporting_years


def _instant(text: str) -> dt.datetime:
    try:
        value = dt.datetime.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--as-of: not an ISO date or instant: {text!r}") from None
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value


class Command(BaseCommand):
    help = ("Generate a report as a file: the Procuracy's quarterly review, or the Internal "
            "Affairs Committee's annual report.")

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="kind", required=True)
        quarterly = sub.add_parser("quarterly", help="overdue, suspended, backlogged and prolonged cases")
        quarterly.add_argument("--period", required=True,
                               help="2026-Q4, 2027-H1, 2027-9M, 2026, or 2026-09-01..2026-11-30")
        quarterly.add_argument("--scope", default="province",
                               help="province (default), a body's code, or area:CODE")
        quarterly.add_argument("--as-of", dest="as_of", default="",
                               help="count the events recorded up to this instant (default: now)")
        quarterly.add_argument("--year", default="procuracy", choices=sorted(reporting_years()),
                               help="whose reporting year names the period (default: procuracy)")
        quarterly.add_argument("--as", dest="username", default="",
                               help="only the cases this user reads (default: every case)")
        quarterly.add_argument("--format", default="xlsx", choices=["xlsx", "docx", "pdf"])
        quarterly.add_argument("-o", "--output", required=True)
        yearly = sub.add_parser("annual", help="the Internal Affairs Committee's annual report")
        yearly.add_argument("--year", type=int, required=True, help="the calendar year, e.g. 2026")
        yearly.add_argument("--as-of", dest="as_of", default="",
                            help="count what was recorded up to this instant (default: now)")
        yearly.add_argument("--as", dest="username", default="",
                            help="only what this user reads (default: everything)")
        yearly.add_argument("--format", default="", choices=["", "docx", "pdf"],
                            help="docx (default) or pdf; default: from the file's suffix")
        yearly.add_argument("-o", "--output", required=True)

    def _user(self, username: str) -> User | None:
        if not username:
            return None
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"no user {username!r}")
        return user

    def handle(self, *args: Any, **opts: Any) -> None:
        if opts["kind"] == "annual":
            self._annual(opts)
            return
        start_month = reporting_years()[opts["year"]].starts_month
        try:
            period = parse_period(opts["period"], year_start_month=start_month)
            scope_value = selectors.scope_of_code(opts["scope"])
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        user = self._user(opts["username"])
        instant = _instant(opts["as_of"]) if opts["as_of"] else timezone.now()
        result = selectors.quarterly_review(user=user, period=period, scope_value=scope_value,
                                            instant=instant)
        if opts["format"] in ("docx", "pdf"):
            data = docx_export.review_docx(result, issuer=docx_export.default_issuer(user))
            if opts["format"] == "pdf":
                data = pdf_export.docx_to_pdf(data, title=f"Báo cáo rà soát {period.label_vi}")
        else:
            data = export.review_workbook(result)
        Path(opts["output"]).write_bytes(data)
        run = services.report_run_record(actor=user, result=result, fmt=opts["format"])
        failed = result.review.failed_checks()
        for text in failed:
            self.stderr.write(f"Kiểm tra không đạt: {text}")
        self.stdout.write(f"{opts['output']}\t{period.label_vi}\t{run.digest}")
        if failed:
            raise CommandError("the form's checks do not hold")

    def _annual(self, opts: dict[str, Any]) -> None:
        user = self._user(opts["username"])
        instant = _instant(opts["as_of"]) if opts["as_of"] else timezone.now()
        fmt = opts["format"] or ("pdf" if opts["output"].lower().endswith(".pdf") else "docx")
        report = annual.annual_report(user=user or annual.COMMAND_LINE, year=opts["year"],
                                      instant=instant)
        data = annual_docx.annual_docx(report)
        if fmt == "pdf":
            data = pdf_export.docx_to_pdf(data, title=f"Báo cáo năm {report.year}")
        Path(opts["output"]).write_bytes(data)
        run = services.annual_run_record(actor=user, report=report, fmt=fmt)
        self.stdout.write(f"{opts['output']}\t{report.period.label_vi}\t{run.digest}")
