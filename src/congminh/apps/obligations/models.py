"""A case's open statutory obligations, as the law engine last computed them.

They are derived, never edited: `services.case_clocks_refresh` replaces a case's rows
whenever its events change, and `congminh law refresh` recomputes every case (run it
daily so that "days left" and "overdue" follow the calendar).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseObligation(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="obligations")
    kind = models.CharField(_("obligation"), max_length=48)
    holder = models.CharField(_("holder"), max_length=48)
    rule = models.CharField(_("rule"), max_length=48)
    basis = models.CharField(_("legal basis"), max_length=255)
    title = models.CharField(_("title"), max_length=255, blank=True)
    subject = models.CharField(_("person or request"), max_length=100, blank=True)
    start = models.DateField(_("start"))
    due = models.DateField(_("due"), null=True, blank=True)
    max_due = models.DateField(_("maximum due date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16)
    extensions_used = models.PositiveSmallIntegerField(default=0)
    extensions_left = models.PositiveSmallIntegerField(default=0)
    as_of = models.DateField(_("computed as of"))

    class Meta:
        ordering = ["due", "id"]
        indexes = [models.Index(fields=["status", "due"])]
        verbose_name = _("obligation")
        verbose_name_plural = _("obligations")

    def __str__(self) -> str:
        return f"{self.rule} {self.due}"

    @property
    def key(self) -> tuple[str, str]:
        return (self.rule, self.subject)
