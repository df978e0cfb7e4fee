"""Writes of the reports app: a Procuracy officer's comment on a case in a review, and
the record of each generated report (parameters, inputs digest, figures). Both audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from congminh.apps.audit.services import audit_record
from congminh.apps.cases.models import Case
from congminh.apps.reports import selectors
from congminh.apps.reports.annual import AnnualReport
from congminh.apps.reports.models import CommentKind, ReportRun, ReviewComment
from congminh.apps.reports.review import TOTAL
from congminh.core.periods import Period, parse_period
from congminh.core.text import nfc


@transaction.atomic
def review_comment_add(*, actor: Any, case: Case, period_code: str, text: str,
                       kind: str = CommentKind.PROPOSAL) -> ReviewComment:
    """A Procuracy officer's proposed solution or recommendation on `case` for a period."""
    if not selectors.may_comment(actor, case):
        raise PermissionDenied(_("Only Procuracy officers comment on the cases of a review."))
    text = nfc(text.strip())
    if not text:
        raise ValidationError({"text": _("Write the comment.")})
    try:
        parse_period(period_code)
    except ValueError:
        raise ValidationError({"period_code": _("Unknown period.")}) from None
    comment = ReviewComment(case=case, period_code=period_code, kind=kind, text=text,
                            organisation=actor.organisation, author=actor)
    comment.full_clean()
    comment.save()
    audit_record(actor=actor, action="review_comment", obj=comment, case_id=case.pk,
                 changes={"comment": (None, {"period": period_code, "kind": kind, "text": text})})
    return comment


def _figures(result: selectors.ReviewResult) -> dict[str, Any]:
    table = result.review.figures()
    return {
        "day": result.review.day.isoformat(),
        "columns": {column: {str(code): n for code, n in figures.items()}
                    for column, figures in table.items()},
        "cases": len(result.review.facts),
        "total": {str(code): n for code, n in table[TOTAL].items()},
    }


@transaction.atomic
def report_run_record(*, actor: Any, result: selectors.ReviewResult, fmt: str = "") -> ReportRun:
    """Store a generated review's parameters, inputs digest and figures."""
    period = result.review.period
    run = ReportRun(kind="quarterly", period_code=period.code,
                    year_start_month=period.year_start_month, scope=result.scope,
                    as_of=result.instant, digest=result.digest, figures=_figures(result),
                    params={"period": period.code, "scope": result.scope, "format": fmt,
                            "as_of": result.instant.isoformat(), "scope_label": result.scope_label,
                            "year_start_month": period.year_start_month},
                    requested_by=actor if getattr(actor, "pk", None) else None)
    run.full_clean()
    run.save()
    audit_record(actor=actor, action="report_generate", obj=run,
                 note=f"{period.code} {result.scope} {run.digest[:12]}")
    return run


@transaction.atomic
def annual_run_record(*, actor: Any, report: AnnualReport, fmt: str = "docx") -> ReportRun:
    """Store a generated annual report's parameters, inputs digest and figures."""
    period = report.period
    run = ReportRun(kind="annual", period_code=period.code,
                    year_start_month=period.year_start_month, scope="province",
                    as_of=report.instant, digest=report.digest, figures=report.figures,
                    params={"year": report.year, "format": fmt, "as_of": report.instant.isoformat(),
                            "issuer": report.issuer.code if report.issuer else ""},
                    requested_by=actor if getattr(actor, "pk", None) else None)
    run.full_clean()
    run.save()
    audit_record(actor=actor if getattr(actor, "pk", None) else None, action="report_generate",
                 obj=run, note=f"annual {report.year} {run.digest[:12]}")
    return run


def report_run_regenerate(*, run: ReportRun, user: Any) -> tuple[selectors.ReviewResult, bool, bool]:
    """Compute a stored run again, as of its instant: (result, same digest, same figures)."""
    period: Period = parse_period(run.period_code, year_start_month=run.year_start_month)
    instant: dt.datetime = run.as_of
    result = selectors.quarterly_review(user=user, period=period, scope_value=run.scope,
                                        instant=instant)
    return result, result.digest == run.digest, _figures(result) == run.figures


def annual_run_regenerate(*, run: ReportRun, user: Any) -> tuple[AnnualReport, bool, bool]:
    """Compute a stored annual report again, as of its instant: (report, same digest,
    same figures)."""
    from congminh.apps.reports.annual import COMMAND_LINE, annual_report

    report = annual_report(user=user if user is not None else COMMAND_LINE,
                           year=int(run.params.get("year") or run.period_code), instant=run.as_of)
    return report, report.digest == run.digest, report.figures == run.figures
