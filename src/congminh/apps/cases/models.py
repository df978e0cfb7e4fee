"""One case, known to several bodies under several numbers, with an append-only log.

A criminal case is one `Case` whether the police, the procuracy, the court or the
enforcement office is looking at it: each body's own number is an `AgencyNumber`.
Events are never edited; a correction is a new event that `supersedes` an earlier one.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from congminh.core import statuses
from congminh.core.case_events import STAGES


class Procedure(models.TextChoices):
    CRIMINAL = "criminal", _("Criminal")
    CIVIL = "civil", _("Civil")
    ADMINISTRATIVE = "administrative", _("Administrative")
    ENFORCEMENT = "enforcement", _("Civil judgment enforcement")


class Category(models.TextChoices):
    LESS_SERIOUS = "less_serious", _("Less serious")
    SERIOUS = "serious", _("Serious")
    VERY_SERIOUS = "very_serious", _("Very serious")
    ESPECIALLY_SERIOUS = "especially_serious", _("Especially serious")


class CaseKind(models.TextChoices):
    CIVIL_FAMILY = "civil_family", _("Civil or family dispute")
    BUSINESS_LABOUR = "business_labour", _("Business, commercial or labour dispute")
    ORDINARY = "ordinary", _("Ordinary administrative suit")
    SHORT = "short", _("Administrative suit with the 2-month limit")


class Stage(models.TextChoices):
    CRIME_REPORT = "crime_report", _("Crime report")
    INVESTIGATION = "investigation", _("Investigation")
    SUPPLEMENTARY_INVESTIGATION = "supplementary_investigation", _("Supplementary investigation")
    PROSECUTION = "prosecution", _("Prosecution")
    TRIAL_PREPARATION = "trial_preparation", _("Trial preparation")
    TRIAL = "trial", _("First-instance trial")
    APPEAL = "appeal", _("Appeal")
    APPELLATE_TRIAL = "appellate_trial", _("Appellate trial")
    ENFORCEMENT = "enforcement", _("Enforcement")
    SUSPENDED = "suspended", _("Suspended")
    CLOSED = "closed", _("Closed")


assert {s.value for s in Stage} == set(STAGES), "Stage choices must follow core.case_events"


class Status(models.TextChoices):
    """The case statuses of `congminh.core.statuses`, labelled from there (one vocabulary)."""

    ON_TIME = statuses.ON_TIME, statuses.label(statuses.ON_TIME)
    DUE_SOON = statuses.DUE_SOON, statuses.label(statuses.DUE_SOON)
    OVERDUE = statuses.OVERDUE, statuses.label(statuses.OVERDUE)
    SUSPENDED = statuses.SUSPENDED, statuses.label(statuses.SUSPENDED)
    # Not finished, but no statutory clock runs (e.g. indicted, waiting for the court's
    # acceptance): `Case.status_reason` says what it waits for (CONTRACTS.md §1, v1.1).
    AWAITING = statuses.AWAITING, statuses.label(statuses.AWAITING)
    CLOSED = statuses.CLOSED, statuses.label(statuses.CLOSED)
    ERROR = statuses.ERROR, statuses.label(statuses.ERROR)


assert set(Status.values) == set(statuses.CASE_STATUSES), "Status must follow core.statuses"


class Case(models.Model):
    procedure = models.CharField(_("procedure"), max_length=16, choices=Procedure.choices)
    category = models.CharField(_("category"), max_length=24, choices=Category.choices, blank=True)
    case_kind = models.CharField(_("case kind"), max_length=24, choices=CaseKind.choices, blank=True)
    national_security = models.BooleanField(_("national security"), default=False)
    title = models.CharField(_("title"), max_length=500)
    summary = models.TextField(_("summary"), blank=True)
    holder = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="held_cases",
        verbose_name=_("holding body"),
    )
    stage = models.CharField(_("stage"), max_length=32, choices=Stage.choices, blank=True)
    opened_on = models.DateField(_("opened on"), null=True, blank=True)
    last_event_on = models.DateField(_("last event on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    public_concern = models.BooleanField(_("strong public concern"), default=False)
    wrongful_conviction_signs = models.BooleanField(_("signs of wrongful conviction"), default=False)
    # Signs that a crime was let slip (bỏ lọt tội phạm): the other side of «oan, sai».
    missed_crime_signs = models.BooleanField(_("signs of a crime let slip"), default=False)
    # Folded title, parties and numbers: what diacritic-insensitive search looks in.
    search_text = models.TextField(editable=False, blank=True)
    # The law engine's verdict, stored for listing and recomputed when events change.
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, blank=True)
    next_due = models.DateField(_("next due date"), null=True, blank=True)
    flags = models.JSONField(_("flags"), default=list, blank=True)
    # Why an `awaiting` case waits (the engine's `awaiting_reason`), or an error's text.
    status_reason = models.CharField(_("status reason"), max_length=255, blank=True, default="")
    status_as_of = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-last_event_on", "-id"]
        indexes = [
            models.Index(fields=["holder", "procedure"]),
            models.Index(fields=["procedure", "stage"]),
            models.Index(fields=["status", "next_due"]),
            # The case list's default order (latest event first), walked backwards, alone
            # and after its most used filters (status; procedure and stage).
            models.Index(fields=["last_event_on", "id"], name="cases_case_last_event_idx"),
            models.Index(fields=["status", "last_event_on", "id"], name="cases_case_status_order_idx"),
            models.Index(fields=["procedure", "stage", "last_event_on", "id"],
                         name="cases_case_stage_order_idx"),
            # The flagged cases (some 1,000 of 196,000 at the P size) by holder: the
            # supervisors' counts per holding body, recounted for the bodies a write
            # touched, read these instead of every case of the body (`watched_counts`).
            models.Index(fields=["holder"], name="cases_case_flagged_idx",
                         condition=models.Q(public_concern=True) | models.Q(wrongful_conviction_signs=True)
                         | models.Q(missed_crime_signs=True)),
        ]
        verbose_name = _("case")
        verbose_name_plural = _("cases")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("web:case_detail", args=[self.pk])


class AgencyNumber(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="agency_numbers")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="case_numbers",
        verbose_name=_("body"),
    )
    number = models.CharField(_("case number"), max_length=100)
    # Letters and digits only, folded: "01/2026/HSST" and "01-2026-hsst" are one number.
    number_key = models.CharField(max_length=100, db_index=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "number_key"], name="uniq_agency_number"
            )
        ]
        verbose_name = _("agency case number")
        verbose_name_plural = _("agency case numbers")

    def __str__(self) -> str:
        return self.number


class PartyRole(models.TextChoices):
    SUSPECT = "suspect", _("Suspect")
    ACCUSED = "accused", _("Accused")
    DEFENDANT = "defendant", _("Defendant")
    VICTIM = "victim", _("Victim")
    PLAINTIFF = "plaintiff", _("Plaintiff")
    RESPONDENT = "respondent", _("Respondent")
    RELATED = "related", _("Person with related rights")
    CREDITOR = "creditor", _("Judgment creditor")
    DEBTOR = "debtor", _("Judgment debtor")


class Party(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="parties")
    name = models.CharField(_("name"), max_length=255)
    name_folded = models.CharField(max_length=255, editable=False, db_index=True)
    role = models.CharField(_("role"), max_length=16, choices=PartyRole.choices)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    id_number = models.CharField(_("identity number"), max_length=32, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    in_custody = models.BooleanField(_("in custody"), default=False)

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")

    def __str__(self) -> str:
        return self.name


class EventSource(models.TextChoices):
    MANUAL = "manual", _("Entered by hand")
    IMPORT = "import", _("Imported")
    API = "api", _("API")
    DEMO = "demo", _("Demo data")


class CaseEvent(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    type = models.CharField(_("event"), max_length=64)
    date = models.DateField(_("date"))
    data = models.JSONField(_("details"), default=dict, blank=True)
    document = models.CharField(_("document"), max_length=255, blank=True)
    note = models.TextField(_("note"), blank=True)
    organisation = models.ForeignKey(
        "organisations.Organisation", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", verbose_name=_("acting body"),
    )
    supersedes = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by",
        verbose_name=_("corrects event"),
    )
    source = models.CharField(max_length=8, choices=EventSource.choices, default=EventSource.MANUAL)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    # A mistaken event is withdrawn, never deleted: it stays in the log, marked, and the
    # clocks are recomputed without it (`services.case_event_withdraw`).
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("withdrawn by"),
    )
    withdrawal_reason = models.TextField(_("withdrawal reason"), blank=True, default="")
    # Events stored by the bulk writer (imports, the demo loader): a 64-bit digest of the
    # type, date and details (`bulk.event_import_key`, the writer's notion of "the same
    # event"), unique per case, so an event is stored once however many imports carry it,
    # even at the same moment. Null for events entered one at a time.
    import_key = models.BigIntegerField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["date", "id"]
        indexes = [models.Index(fields=["case", "date"])]
        constraints = [
            # NULLs are distinct on both backends: only keyed (imported) events are checked.
            models.UniqueConstraint(fields=["case", "import_key"], name="uniq_imported_event"),
        ]
        verbose_name = _("case event")
        verbose_name_plural = _("case events")

    def __str__(self) -> str:
        return f"{self.date} {self.type}"


class ClaimStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting confirmation")
    CONFIRMED = "confirmed", _("Confirmed")
    REJECTED = "rejected", _("Rejected")


class NumberClaim(models.Model):
    """A body's claim that `case` is the one another body numbers `number`.

    Linking is not access: a number at another body, typed in an import row, the API or
    a form, is stored here and not as an `AgencyNumber` until that body (or an admin)
    confirms it. It never attaches the claimant to that body's case and grants nothing.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="number_claims")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="number_claims",
        verbose_name=_("body"),
    )
    number = models.CharField(_("case number"), max_length=100)
    number_key = models.CharField(max_length=100, db_index=True, editable=False)
    claimed_by = models.ForeignKey(
        "organisations.Organisation", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", verbose_name=_("claimed by"),
    )
    claimed_by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ClaimStatus.choices, default=ClaimStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["case", "organisation", "number_key"], name="uniq_number_claim"
            )
        ]
        indexes = [models.Index(fields=["organisation", "status"])]
        verbose_name = _("case number claim")
        verbose_name_plural = _("case number claims")

    def __str__(self) -> str:
        return self.number
