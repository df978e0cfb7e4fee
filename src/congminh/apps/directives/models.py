"""Incoming documents, the directives they carry, their tasks and the obligations
(one per assignee body and, for recurring duties, per period) that the tasks create.

The register follows the incoming register of Nghị định 30/2020 Phụ lục IV: an incoming
number per receiving body and year, the date received, whom it was forwarded to and the
file code ("Số và ký hiệu HS").
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# A body's task under a directive, not a legal clock of the obligations app: the two
# apps translate «obligation» differently, so this one carries its own message context.
OBLIGATION = pgettext_lazy("directive task", "obligation")


class Recurrence(models.TextChoices):
    NONE = "", _("Once")
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    HALF_YEARLY = "half_yearly", _("Every six months")
    YEARLY = "yearly", _("Yearly")


class DuePrecision(models.TextChoices):
    """What a due date stands for: a day, or (when the document names only a month,
    quarter or year, e.g. «trong tháng 11/2025») that period, `due` being its last day."""

    DAY = "day", _("Day")
    MONTH = "month", _("Month")
    QUARTER = "quarter", _("Quarter")
    YEAR = "year", _("Year")


class BodySettings(models.Model):
    """Per-body defaults. As a receiving body: how long after a period ends its report is
    due (a task whose document gives no date is a standing duty, with no due date). As an
    assignee: the month its reporting year starts (12 for the Procuracy, legal-facts.md
    §7.2)."""

    organisation = models.OneToOneField(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="directive_settings",
        verbose_name=_("organisation"),
    )
    report_due_days = models.PositiveIntegerField(
        _("report due (days after period end)"), default=10,
        help_text=_("A periodic report is due this many days after its period ends."),
    )
    year_start_month = models.PositiveSmallIntegerField(
        _("reporting year starts in month"), default=1,
        help_text=_("1 for the calendar year; 12 for the Procuracy's statistical year."),
    )

    class Meta:
        verbose_name = _("directive settings")
        verbose_name_plural = _("directive settings")

    def __str__(self) -> str:
        return str(self.organisation)


class IncomingDocument(models.Model):
    """One line of the incoming register; `draft` holds the parsed fields under review."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Under review")
        CONFIRMED = "confirmed", _("Confirmed")

    receiving_body = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="incoming_documents",
        verbose_name=_("receiving body"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    incoming_number = models.PositiveIntegerField(_("incoming number"))
    received_on = models.DateField(_("date received"))
    forwarded_to = models.CharField(_("forwarded to"), max_length=255, blank=True)
    file_code = models.CharField(_("file number and code"), max_length=255, blank=True)
    file = models.FileField(_("file"), upload_to="directives/%Y/%m/", blank=True)
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    parsed = models.JSONField(_("parser output"), default=dict, blank=True)
    draft = models.JSONField(_("fields under review"), default=dict, blank=True)
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.DRAFT)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("registered by"),
    )
    registered_at = models.DateTimeField(_("registered at"), auto_now_add=True)

    class Meta:
        ordering = ["-year", "-incoming_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["receiving_body", "year", "incoming_number"], name="uniq_incoming_number"
            )
        ]
        verbose_name = _("incoming document")
        verbose_name_plural = _("incoming documents")

    def __str__(self) -> str:
        return f"{self.incoming_number}/{self.year}"

    @property
    def draft_date(self) -> dt.date | None:
        """The document date under review, as a date for display."""
        try:
            return dt.date.fromisoformat(self.draft.get("date") or "")
        except ValueError:
            return None


class Directive(models.Model):
    """A confirmed document that assigns tasks (chỉ thị, nghị quyết, kế hoạch, ...)."""

    document = models.OneToOneField(
        IncomingDocument, on_delete=models.PROTECT, related_name="directive",
        verbose_name=_("incoming document"),
    )
    receiving_body = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="directives",
        verbose_name=_("receiving body"),
    )
    issuer = models.CharField(_("issuer"), max_length=255)
    type = models.CharField(_("type"), max_length=100, blank=True)
    number_symbol = models.CharField(_("number and symbol"), max_length=100, blank=True)
    date = models.DateField(_("date"), null=True, blank=True)
    subject = models.TextField(_("subject"))
    signer = models.CharField(_("signer"), max_length=255, blank=True)
    recipients = models.JSONField(_("recipients"), default=list, blank=True)
    # Folded copies for duplicate detection ("same issuer and number-symbol", any spelling).
    issuer_folded = models.CharField(max_length=255, editable=False, db_index=True)
    number_symbol_key = models.CharField(max_length=100, editable=False, db_index=True)
    subject_folded = models.TextField(editable=False)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("confirmed by"),
    )
    confirmed_on = models.DateField(_("confirmed on"))
    horizon = models.DateField(_("recurring duties laid out until"))

    class Meta:
        ordering = ["-confirmed_on", "-id"]
        verbose_name = _("directive")
        verbose_name_plural = _("directives")

    def __str__(self) -> str:
        head = f"{self.type} {self.number_symbol}".strip()
        return f"{head} {self.subject}".strip()[:120]


class Task(models.Model):
    directive = models.ForeignKey(
        Directive, on_delete=models.CASCADE, related_name="tasks", verbose_name=_("directive")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    ref = models.CharField(_("point"), max_length=16, blank=True)
    text = models.TextField(_("task"))
    assignee_names = models.JSONField(_("assignees as written"), default=list, blank=True)
    due = models.DateField(_("due date"), null=True, blank=True)
    due_by_hand = models.BooleanField(_("due date set by hand"), default=False)
    due_precision = models.CharField(_("due date precision"), max_length=8,
                                     choices=DuePrecision.choices, default=DuePrecision.DAY)
    recurrence = models.CharField(
        _("recurrence"), max_length=16, choices=Recurrence.choices, blank=True, default=""
    )
    report_to = models.CharField(_("report to"), max_length=255, blank=True)
    assignees = models.ManyToManyField(
        "organisations.Organisation", related_name="directive_tasks", verbose_name=_("assignees")
    )

    class Meta:
        ordering = ["directive", "position", "id"]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")

    def __str__(self) -> str:
        return f"{self.ref}. {self.text[:80]}" if self.ref else self.text[:80]


class Obligation(models.Model):
    """What one assignee body owes for one task (and one period, if recurring)."""

    task = models.ForeignKey(
        Task, on_delete=models.CASCADE, related_name="obligations", verbose_name=_("task")
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT,
        related_name="directive_obligations", verbose_name=_("assignee"),
    )
    period_label = models.CharField(_("period"), max_length=16, blank=True)
    period_start = models.DateField(_("period start"), null=True, blank=True)
    period_end = models.DateField(_("period end"), null=True, blank=True)
    # None: a standing duty (thường xuyên), the task's text gives no deadline.
    due = models.DateField(_("due date"), null=True, blank=True, db_index=True)
    # The due date was set by a clerk, not read from the document (shown as such).
    due_by_hand = models.BooleanField(_("due date set by hand"), default=False)
    # A month (quarter, year) target is due on the period's last day and shown as the period.
    due_precision = models.CharField(_("due date precision"), max_length=8,
                                     choices=DuePrecision.choices, default=DuePrecision.DAY)
    percent = models.PositiveSmallIntegerField(_("percent done"), default=0)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    # The local calendar day of done_at: statuses compare it with the due date.
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        # Standing duties (no due date) after the dated ones, on every database.
        ordering = [models.F("due").asc(nulls_last=True), "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["task", "organisation", "period_label"], name="uniq_obligation_period"
            )
        ]
        indexes = [
            models.Index(fields=["due"], condition=models.Q(done_on__isnull=True),
                         name="directive_open_due_idx"),
        ]
        verbose_name = OBLIGATION
        verbose_name_plural = pgettext_lazy("directive task", "obligations")

    def __str__(self) -> str:
        period = f" ({self.period_label})" if self.period_label else ""
        return f"{self.task}{period}"


class ProgressReport(models.Model):
    obligation = models.ForeignKey(
        Obligation, on_delete=models.CASCADE, related_name="reports", verbose_name=OBLIGATION
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("reported by"),
    )
    at = models.DateTimeField(_("reported at"), auto_now_add=True)
    text = models.TextField(_("progress"))
    percent = models.PositiveSmallIntegerField(_("percent done"))
    done = models.BooleanField(_("done"), default=False)
    attachment = models.FileField(_("attachment"), upload_to="directives/progress/%Y/%m/", blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")

    def __str__(self) -> str:
        return f"{self.obligation_id}: {self.percent}%"


class ReminderLog(models.Model):
    """One reminder per obligation per day: the unique row is the claim that stops a
    second cron run (or a second worker) from sending the same reminder again."""

    obligation = models.ForeignKey(
        Obligation, on_delete=models.CASCADE, related_name="reminders", verbose_name=OBLIGATION
    )
    day = models.DateField(_("day"))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["obligation", "day"], name="uniq_reminder_per_day")
        ]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")

    def __str__(self) -> str:
        return f"{self.obligation_id} {self.day}"


class UrgingLetter(models.Model):
    """An outgoing urging letter (công văn đôn đốc) about late tasks: registered with the
    issuer's next number for the year (unique by the database, «12-CV/BNCTU»), its date,
    the bodies it is sent to and the DOCX; `items` are the obligations it urges."""

    class Mode(models.TextChoices):
        PER_BODY = "per_body", _("One letter per body")
        ANNEX = "annex", _("One letter with an annex per body")

    issuer = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="urging_letters",
        verbose_name=_("issuing body"), help_text=_("The body that signs and numbers the letter."),
    )
    year = models.PositiveSmallIntegerField(_("year"), help_text=_("Numbers restart each year."))
    number = models.PositiveIntegerField(
        _("outgoing number"), help_text=_("The issuer's next outgoing number in the year."))
    symbol = models.CharField(_("symbol"), max_length=32, default="CV/BNCTU",
                              help_text=_("The kind of document and the issuer's abbreviation."))
    date = models.DateField(_("date"), help_text=_("The date the letter is issued."))
    subject = models.CharField(_("subject"), max_length=255, help_text=_("«V/v …» summary."))
    mode = models.CharField(_("layout"), max_length=16, choices=Mode.choices,
                            default=Mode.PER_BODY)
    recipients = models.ManyToManyField(
        "organisations.Organisation", related_name="urging_letters_received",
        verbose_name=_("recipients"), help_text=_("The bodies the letter is addressed to."),
    )
    file = models.FileField(_("file"), upload_to="directives/urging/%Y/", blank=True)
    emailed_to = models.JSONField(_("emailed to"), default=list, blank=True,
                                  help_text=_("Addresses the letter was sent to by email."))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-year", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["issuer", "year", "number"], name="uniq_urging_number")
        ]
        verbose_name = _("urging letter")
        verbose_name_plural = _("urging letters")

    def __str__(self) -> str:
        return self.number_symbol

    @property
    def number_symbol(self) -> str:
        return f"{self.number}-{self.symbol}"


class UrgingItem(models.Model):
    """One obligation urged by one letter: the urge as the task shows it."""

    letter = models.ForeignKey(UrgingLetter, on_delete=models.CASCADE, related_name="items",
                               verbose_name=_("urging letter"))
    obligation = models.ForeignKey(Obligation, on_delete=models.CASCADE, related_name="urges",
                                   verbose_name=OBLIGATION)

    class Meta:
        ordering = ["-letter__date", "-letter_id"]
        constraints = [
            models.UniqueConstraint(fields=["letter", "obligation"], name="uniq_urging_item")
        ]
        verbose_name = _("urged task")
        verbose_name_plural = _("urged tasks")

    def __str__(self) -> str:
        return f"{self.letter} · {self.obligation_id}"
