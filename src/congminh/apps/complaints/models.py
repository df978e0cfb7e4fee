"""Complaints and denunciations in judicial activity.

A `Complaint` is the business object; each of its steps is also a `CaseEvent` of the case
it concerns (`complaint_received` / `_extended` / `_resolved`, or `denunciation_…`, with
`ref` = the complaint's number), so its statutory clock is the law engine's
(`CaseObligation` with `subject` = number): BLTTHS Đ.474–477, Đ.481; BLTTDS Đ.505, Đ.512;
Luật TTHC Đ.333, Đ.340; Luật THADS Đ.146.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ComplaintKind(models.TextChoices):
    COMPLAINT = "complaint", pgettext_lazy("complaint kind", "Complaint")
    DENUNCIATION = "denunciation", pgettext_lazy("complaint kind", "Denunciation")


class Against(models.TextChoices):
    """`against` of `complaint_received` / `denunciation_received` (core/law/events.py)."""

    CUSTODY = "custody", _("Custody orders and acts (holding, arrest, detention)")
    INVESTIGATION = "investigation", _("Investigator, investigation officer or deputy head")
    INVESTIGATION_HEAD = "investigation_head", _("Head of the investigation body")
    PROCURACY = "procuracy", _("Prosecutor or deputy chief prosecutor")
    PROCURACY_HEAD = "procuracy_head", _("Chief prosecutor")
    COURT = "court", _("Judge, court clerk or deputy chief judge")
    COURT_HEAD = "court_head", _("Chief judge")
    ENFORCEMENT = "enforcement", _("Enforcement decision or act")
    ENFORCEMENT_SECURITY = "enforcement_security", _("Enforcement: protective measure")
    ENFORCEMENT_COERCION = "enforcement_coercion", _("Enforcement: coercive measure")
    ENFORCEMENT_HEAD = "enforcement_head", _("Head of the enforcement office")


# What each procedure's law lets a complaint be against (the form offers only these).
AGAINST_BY_PROCEDURE: dict[str, tuple[str, ...]] = {
    "criminal": ("custody", "investigation", "investigation_head", "procuracy", "procuracy_head",
                 "court", "court_head"),
    "civil": ("procuracy", "procuracy_head", "court", "court_head"),
    "administrative": ("procuracy", "procuracy_head", "court", "court_head"),
    "enforcement": ("enforcement", "enforcement_security", "enforcement_coercion", "enforcement_head"),
}


# The kinds of body whose officials or decisions each `against` value names.
BODY_KINDS_BY_AGAINST: dict[str, tuple[str, ...]] = {
    "custody": ("police", "investigation_agency", "procuracy", "court"),
    "investigation": ("police", "investigation_agency"),
    "investigation_head": ("police", "investigation_agency"),
    "procuracy": ("procuracy",), "procuracy_head": ("procuracy",),
    "court": ("court",), "court_head": ("court",),
    "enforcement": ("enforcement_office",), "enforcement_security": ("enforcement_office",),
    "enforcement_coercion": ("enforcement_office",), "enforcement_head": ("enforcement_office",),
}


class ComplainantRole(models.TextChoices):
    PARTY = "party", pgettext_lazy("complainant", "Party")
    DEFENDANT = "defendant", _("Suspect or defendant")
    LAWYER = "lawyer", _("Lawyer or defence counsel")
    OTHER = "other", _("Other person")


class Level(models.TextChoices):
    FIRST = "first", _("First level")
    SECOND = "second", _("Second level")


class ComplaintStatus(models.TextChoices):
    OPEN = "open", _("Being resolved")
    RESOLVED = "resolved", _("Resolved")


class Outcome(models.TextChoices):
    RIGHT = "right", _("Right")
    PARTLY_RIGHT = "partly_right", _("Partly right")
    WRONG = "wrong", _("Wrong")


class Complaint(models.Model):
    """A complaint or denunciation about a decision or act in a case."""

    kind = models.CharField(pgettext_lazy("complaint", "kind"), max_length=16,
                            choices=ComplaintKind.choices, default=ComplaintKind.COMPLAINT,
                            help_text=_("Complaint (khiếu nại) or denunciation (tố cáo)."))
    number = models.CharField(_("number"), max_length=80,
                              help_text=_("The complaint's number; the clock's `ref`."))
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="complaints",
                             verbose_name=_("case"), help_text=_("The case it concerns."))
    complainant_name = models.CharField(_("complainant"), max_length=200,
                                        help_text=_("Name of the person who complains or denounces."))
    complainant_role = models.CharField(_("complainant's role"), max_length=16,
                                        choices=ComplainantRole.choices, default=ComplainantRole.PARTY,
                                        help_text=_("The complainant's standing in the case."))
    complainant_address = models.CharField(_("complainant's address"), max_length=255, blank=True,
                                           help_text=_("Personal data: masked for overseers."))
    complainant_id_number = models.CharField(_("complainant's identity number"), max_length=32,
                                             blank=True,
                                             help_text=_("Personal data: masked for overseers."))
    against = models.CharField(_("against"), max_length=24, choices=Against.choices,
                               help_text=_("Whose decision or act it is against; decides the limit."))
    complained_of = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="complaints_against",
        verbose_name=_("body complained of"),
        help_text=_("The body whose official or decision is complained of."))
    official = models.CharField(_("official or decision"), max_length=255, blank=True,
                                help_text=_("The named official, or the decision's number and date."))
    content = models.TextField(_("content"), blank=True, help_text=_("What is complained of, in short."))
    received_by = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="complaints_received",
        verbose_name=_("received by"), help_text=_("The body that received it."))
    received_on = models.DateField(_("received on"), help_text=_("The clock starts the day after."))
    resolver = models.ForeignKey(
        "organisations.Organisation", null=True, blank=True, on_delete=models.PROTECT,
        related_name="complaints_to_resolve", verbose_name=_("resolving body"),
        help_text=_("The body that must resolve it (empty: a body outside the province's registry)."))
    resolver_name = models.CharField(
        _("resolving body outside the registry"), max_length=255, blank=True,
        help_text=_("The national body that must resolve it when it is outside the province's "
                    "registry (the Supreme People's Procuracy, the Supreme People's Court, ...)."))
    resolver_basis = models.CharField(_("competence"), max_length=255, blank=True,
                                      help_text=_("The article that gives the resolving body competence."))
    level = models.CharField(pgettext_lazy("complaint", "level"), max_length=8, choices=Level.choices, default=Level.FIRST)
    escalated_from = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="escalation",
        verbose_name=_("first-level complaint"),
        help_text=_("The first-level complaint whose resolution this one contests."))
    status = models.CharField(_("status"), max_length=12, choices=ComplaintStatus.choices,
                              default=ComplaintStatus.OPEN, db_index=True)
    due = models.DateField(_("due"), null=True, blank=True,
                           help_text=_("Due date as the law engine last computed it."))
    rule = models.CharField(_("rule"), max_length=48, blank=True)
    basis = models.CharField(_("legal basis"), max_length=255, blank=True)
    limit_days = models.PositiveIntegerField(_("limit in days"), null=True, blank=True,
                                             help_text=_("Days allowed, extensions included."))
    extended_days = models.PositiveIntegerField(_("days of extension"), default=0)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, blank=True)
    resolved_on = models.DateField(_("resolved on"), null=True, blank=True)
    decision_number = models.CharField(_("decision number"), max_length=80, blank=True,
                                       help_text=_("Number of the resolution decision or conclusion."))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-received_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["case", "number"],
                                               name="uniq_complaint_case_number")]
        indexes = [models.Index(fields=["status", "due"]),
                   models.Index(fields=["resolver", "status"]),
                   models.Index(fields=["complained_of", "status"])]
        verbose_name = _("complaint or denunciation")
        verbose_name_plural = _("complaints and denunciations")

    def __str__(self) -> str:
        return self.number

    @property
    def resolver_label(self) -> str:
        """Who must resolve it: the registry body's name, or the national body's outside the
        registry ("" when neither is known)."""
        return str(self.resolver.name) if self.resolver is not None else self.resolver_name

    @property
    def is_open(self) -> bool:
        return self.status == ComplaintStatus.OPEN

    @property
    def event_prefix(self) -> str:
        """`complaint` or `denunciation`: the events' names start with it."""
        return str(self.kind)
