"""Each import is recorded: who, when, which file, what it did, what it rejected."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportBatch(models.Model):
    class Status(models.TextChoices):
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("imported by"),
    )
    created_at = models.DateTimeField(_("started at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    file_name = models.CharField(_("file name"), max_length=255)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.RUNNING)
    rows_total = models.PositiveIntegerField(_("rows read"), default=0)
    rows_done = models.PositiveIntegerField(_("rows processed"), default=0, help_text=_("Progress while running."))
    rows_rejected = models.PositiveIntegerField(_("rows rejected"), default=0)
    cases_created = models.PositiveIntegerField(_("cases created"), default=0)
    cases_updated = models.PositiveIntegerField(_("cases updated"), default=0)
    events_added = models.PositiveIntegerField(_("events added"), default=0)
    events_unchanged = models.PositiveIntegerField(_("events already present"), default=0)
    warnings = models.JSONField(_("warnings"), default=list, blank=True)
    errors = models.JSONField(_("rejected rows"), default=list, blank=True)
    error_file = models.FileField(_("error workbook"), upload_to="imports/errors/", blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("import batch")
        verbose_name_plural = _("import batches")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.created_at:%Y-%m-%d %H:%M})"

    @property
    def rows_ok(self) -> int:
        return self.rows_total - self.rows_rejected
