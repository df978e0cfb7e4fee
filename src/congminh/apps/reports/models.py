"""The review's own records: the Procuracy's comment on a case (proposed solution,
kiến nghị) and each generated report's parameters and the digest of its inputs."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CommentKind(models.TextChoices):
    PROPOSAL = "proposal", _("Proposed solution")
    RECOMMENDATION = "recommendation", _("Recommendation (kiến nghị)")


class ReviewComment(models.Model):
    """A Procuracy officer's comment on one case in a period's review; it goes into the
    report (on screen and in the exports) of every later instant."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="review_comments",
                             verbose_name=_("case"))
    period_code = models.CharField(_("period"), max_length=32, help_text=_("e.g. 2026-Q4"))
    kind = models.CharField(_("comment kind"), max_length=16, choices=CommentKind.choices,
                            default=CommentKind.PROPOSAL)
    text = models.TextField(_("comment"))
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+",
        verbose_name=_("body"), help_text=_("The body whose officer wrote it."))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                               related_name="+", verbose_name=_("author"))
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["period_code", "case"])]
        verbose_name = _("review comment")
        verbose_name_plural = _("review comments")

    def __str__(self) -> str:
        return f"{self.period_code} #{self.case_id}: {self.text[:40]}"


class ReportRun(models.Model):
    """One generated report: what was asked (kind, period, scope, instant) and the digest
    of the inputs it was computed from, with its figures, so it can be regenerated and
    compared."""

    kind = models.CharField(_("report"), max_length=32, default="quarterly")
    period_code = models.CharField(_("period"), max_length=32)
    year_start_month = models.PositiveSmallIntegerField(
        _("reporting year starts in month"), default=12)
    scope = models.CharField(_("scope"), max_length=64, help_text=_("province, org:<id> or area:<id>"))
    as_of = models.DateTimeField(_("as of"), help_text=_("Events recorded up to this instant."))
    params = models.JSONField(_("parameters"), default=dict)
    digest = models.CharField(_("inputs digest"), max_length=64,
                              help_text=_("SHA-256 of the cases' event logs, holders and comments used."))
    figures = models.JSONField(_("figures"), default=dict)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+",
                                     verbose_name=_("requested by"))
    created_at = models.DateTimeField(_("generated at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("report run")
        verbose_name_plural = _("report runs")

    def __str__(self) -> str:
        return f"{self.kind} {self.period_code} {self.scope} @ {self.as_of:%Y-%m-%d %H:%M}"
