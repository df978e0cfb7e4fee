"""The roster of judicial expertise (fields, experts, organisations by field) and the
expertise requests (trưng cầu giám định) judicial bodies send to them.

A request is the business object; each of its steps is also a `CaseEvent` on the case
(`expertise_ordered`, `expertise_documents_requested`/`_received`, `expertise_extended`,
`expertise_refused`, `expertise_result_received`, all with `ref` = the request's number),
so the statutory clock is the law engine's (`CaseObligation` with `subject` = ref).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ExpertiseField(models.Model):
    """A field of judicial expertise (lĩnh vực giám định): vocabulary kept as data."""

    code = models.SlugField(_("code"), max_length=40, unique=True,
                            help_text=_("Stable identifier used by imports and the API."))
    name = models.CharField(_("name"), max_length=120, help_text=_("The field's Vietnamese name."))
    order = models.PositiveSmallIntegerField(_("order"), default=100,
                                             help_text=_("Position in lists."))
    active = models.BooleanField(pgettext_lazy("in use", "active"), default=True,
                                 help_text=_("Inactive fields are no longer offered."))

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("expertise field")
        verbose_name_plural = _("expertise fields")

    def __str__(self) -> str:
        return self.name


class ExpertKind(models.TextChoices):
    JUDICIAL_EXPERT = "judicial_expert", _("Judicial expert")
    AD_HOC = "ad_hoc", _("Case-by-case judicial expert")


class Expert(models.Model):
    """A giám định viên tư pháp (appointed) or a người giám định tư pháp theo vụ việc."""

    kind = models.CharField(pgettext_lazy("expertise", "kind"), max_length=20, choices=ExpertKind.choices,
                            default=ExpertKind.JUDICIAL_EXPERT,
                            help_text=_("Appointed judicial expert or case-by-case expert."))
    name = models.CharField(_("full name"), max_length=200, help_text=_("The expert's full name."))
    fields = models.ManyToManyField(ExpertiseField, related_name="experts",
                                    verbose_name=pgettext_lazy("expertise", "fields"),
                                    help_text=_("Fields the expert is listed for."))
    organisation = models.ForeignKey(
        "organisations.Organisation", null=True, blank=True, on_delete=models.PROTECT,
        related_name="experts", verbose_name=pgettext_lazy("expertise", "organisation"),
        help_text=_("The body the expert works for."))
    appointed_on = models.DateField(_("appointed on"), null=True, blank=True,
                                    help_text=_("Date of the appointment or listing decision."))
    dismissed_on = models.DateField(_("dismissed on"), null=True, blank=True,
                                    help_text=_("Date of dismissal or removal from the list."))
    decision_number = models.CharField(_("decision number"), max_length=80, blank=True,
                                       help_text=_("Number of the appointment or listing decision."))
    province_code = models.CharField(_("province code"), max_length=8, blank=True, db_index=True,
                                     help_text=_("The province whose roster lists the expert."))

    class Meta:
        ordering = ["name", "id"]
        constraints = [models.UniqueConstraint(fields=["name", "decision_number"],
                                               name="uniq_expert_name_decision")]
        verbose_name = _("expert")
        verbose_name_plural = _("experts")

    def __str__(self) -> str:
        return self.name


class RosterKind(models.TextChoices):
    PUBLIC = "public", _("Public judicial expertise organisation")
    AD_HOC = "ad_hoc", _("Case-by-case judicial expertise organisation")
    OFFICE = "office", _("Judicial expertise office")


class RosterEntry(models.Model):
    """An organisation listed for one field of expertise, with the dates of its listing."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="expertise_roster",
        verbose_name=pgettext_lazy("expertise", "organisation"), help_text=_("The listed body."))
    field = models.ForeignKey(ExpertiseField, on_delete=models.PROTECT, related_name="roster",
                              verbose_name=pgettext_lazy("expertise", "field"), help_text=_("The field it is listed for."))
    kind = models.CharField(pgettext_lazy("expertise", "kind"), max_length=20, choices=RosterKind.choices,
                            default=RosterKind.PUBLIC, help_text=_("How the body is listed."))
    listed_on = models.DateField(_("listed on"), null=True, blank=True,
                                 help_text=_("Date the listing starts."))
    delisted_on = models.DateField(_("delisted on"), null=True, blank=True,
                                   help_text=_("Date the listing ends."))
    decision_number = models.CharField(_("decision number"), max_length=80, blank=True,
                                       help_text=_("Number of the listing decision."))

    class Meta:
        ordering = ["organisation__name", "field__order", "id"]
        constraints = [models.UniqueConstraint(fields=["organisation", "field", "kind"],
                                               name="uniq_roster_org_field_kind")]
        verbose_name = _("roster entry")
        verbose_name_plural = _("roster entries")

    def __str__(self) -> str:
        return f"{self.organisation} · {self.field}"


class ExpertiseKind(models.TextChoices):
    """`expertise_kind` of the `expertise_ordered` event (core/law/events.py): BLTTHS
    Đ.206 compulsory expertise kinds, or `other` (Luật GĐTP Đ.26a)."""

    MENTAL_STATE = "mental_state", pgettext_lazy("expertise kind", "Mental state")
    CAUSE_OF_DEATH = "cause_of_death", pgettext_lazy("expertise kind", "Cause of death")
    ENVIRONMENTAL_POLLUTION = "environmental_pollution", pgettext_lazy("expertise kind", "Environmental pollution")
    AGE = "age", pgettext_lazy("expertise kind", "Age")
    INJURY = "injury", pgettext_lazy("expertise kind", "Injury")
    CONTROLLED_ITEMS = "controlled_items", pgettext_lazy("expertise kind", "Drugs, weapons and other controlled items")
    OTHER = "other", pgettext_lazy("expertise kind", "Other expertise")


class RequestState(models.TextChoices):
    DRAFT = "draft", _("Not sent yet")
    IN_PROGRESS = "in_progress", _("In progress")
    WAITING_DOCUMENTS = "waiting_documents", _("Waiting for documents")
    REFUSED = "refused", _("Refused")
    CONCLUDED = "concluded", _("Conclusion delivered")


class RefusalReason(models.TextChoices):
    """Coded grounds for refusing an expertise order (Luật GĐTP Đ.11, Đ.24, Đ.34)."""

    OUTSIDE_FIELD = "outside_field", _("Outside the body's field of expertise")
    NO_EQUIPMENT = "no_equipment", _("Lacking the equipment or conditions")
    NO_EXPERT = "no_expert", _("No expert available for this field")
    INCOMPLETE_FILE = "incomplete_file", _("File or object of expertise incomplete")
    TIME_TOO_SHORT = "time_too_short", _("Time too short to conclude")
    CONFLICT = "conflict", _("Expert must withdraw (conflict of interest)")
    OTHER = "other", _("Other reason")


class ExpertiseRequest(models.Model):
    """A decision ordering judicial expertise (quyết định trưng cầu giám định)."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE,
                             related_name="expertise_requests", verbose_name=_("case"),
                             help_text=_("The case the expertise is for."))
    ref = models.CharField(_("decision number"), max_length=80,
                           help_text=_("Number of the ordering decision; the clocks' `ref`."))
    requested_by = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="expertise_asked",
        verbose_name=_("asking body"), help_text=_("The judicial body that orders the expertise."))
    organisation = models.ForeignKey(
        "organisations.Organisation", null=True, blank=True, on_delete=models.PROTECT,
        related_name="expertise_received", verbose_name=_("asked body"),
        help_text=_("The expertise body or department asked."))
    expert = models.ForeignKey(Expert, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="requests", verbose_name=_("expert"),
                               help_text=_("The named expert, if any."))
    field = models.ForeignKey(ExpertiseField, on_delete=models.PROTECT, related_name="requests",
                              verbose_name=pgettext_lazy("expertise", "field"), help_text=_("Field of expertise."))
    expertise_kind = models.CharField(_("kind of expertise"), max_length=32,
                                      choices=ExpertiseKind.choices, default=ExpertiseKind.OTHER,
                                      help_text=_("Decides the statutory limit."))
    expertise_matter = models.CharField(
        _("kind of matter"), max_length=40, blank=True, default="",
        help_text=_("Within the field, a kind of matter with a ministry's own limit (Luật GĐTP "
                    "Đ.26a k3; `expertise.matters`); empty: the law's 3 or 4 months."))
    complex = models.BooleanField(_("complex"), default=False,
                                  help_text=_("Complex or large case: 4 months instead of 3."))
    questions = models.TextField(_("questions"), help_text=_("The questions put to the expert."))
    decided_on = models.DateField(_("decision date"), help_text=_("Date of the ordering decision."))
    received_on = models.DateField(_("received with full file on"), null=True, blank=True,
                                   help_text=_("The clock starts the day after."))
    state = models.CharField(_("state"), max_length=20, choices=RequestState.choices,
                             default=RequestState.DRAFT, db_index=True)
    due = models.DateField(_("due"), null=True, blank=True,
                           help_text=_("Due date as the law engine last computed it."))
    refusal_due = models.DateField(_("refusal notice due"), null=True, blank=True,
                                   help_text=_("Last day to refuse (5 working days)."))
    rule = models.CharField(_("rule"), max_length=48, blank=True)
    basis = models.CharField(_("legal basis"), max_length=255, blank=True)
    limit_days = models.PositiveIntegerField(_("limit in days"), null=True, blank=True,
                                             help_text=_("Days allowed, extensions included."))
    paused_days = models.PositiveIntegerField(_("days paused"), default=0,
                                              help_text=_("Days waiting for extra documents."))
    waiting_since = models.DateField(_("waiting for documents since"), null=True, blank=True)
    extension_months = models.PositiveSmallIntegerField(_("months of extension"), default=0)
    refused_on = models.DateField(_("refused on"), null=True, blank=True)
    refusal_reason = models.CharField(_("refusal reason"), max_length=24, blank=True,
                                      choices=RefusalReason.choices)
    refusal_note = models.TextField(_("refusal explanation"), blank=True)
    refused_late = models.BooleanField(_("refused late"), default=False,
                                       help_text=_("Refusal notified after the 5 working days."))
    pushed_back = models.BooleanField(
        _("pushed back"), default=False, db_index=True,
        help_text=_("Refused by a body or expert listed for this field (directive point 4)."))
    concluded_on = models.DateField(_("conclusion delivered on"), null=True, blank=True)
    conclusion_number = models.CharField(_("conclusion number"), max_length=80, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-decided_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["case", "ref"], name="uniq_expertise_case_ref")]
        indexes = [models.Index(fields=["state", "due"]),
                   models.Index(fields=["organisation", "state"]),
                   models.Index(fields=["requested_by", "state"])]
        verbose_name = _("expertise request")
        verbose_name_plural = _("expertise requests")

    def __str__(self) -> str:
        return self.ref

    @property
    def matter_name(self) -> str:
        """The kind of matter's Vietnamese name, "" for none."""
        from congminh.apps.expertise.matters import matter_label
        return matter_label(self.expertise_matter)

    @property
    def matter_limit(self) -> str:
        """The kind of matter's own limit in words («20 ngày»), "" for none."""
        from congminh.apps.expertise.matters import matter_limit
        return matter_limit(self.expertise_matter, self.received_on)

    @property
    def is_open(self) -> bool:
        return self.state in (RequestState.IN_PROGRESS, RequestState.WAITING_DOCUMENTS)
