"""Evidence requests (yêu cầu cung cấp tài liệu, chứng cứ) and their replies.

A request is the business object; its steps are also `CaseEvent`s on the case
(`evidence_requested` when sent, `evidence_received` on a complete reply, both with `ref` =
the request's number), so the statutory clock is the law engine's (`CaseObligation` with
`subject` = ref: BLTTDS-106 for civil cases, LTTHC-93 for administrative ones). Criminal
and enforcement requests have no rule in the engine: no legal clock, `due` stays empty.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class RequestState(models.TextChoices):
    SENT = "sent", _("Sent, not answered")
    PARTLY_ANSWERED = "partly_answered", _("Partly answered")
    ANSWERED = "answered", _("Answered")
    REFUSED = "refused", _("Refused in writing")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# States whose clock still runs (a written refusal does not end the obligation).
OPEN_STATES = (RequestState.SENT, RequestState.PARTLY_ANSWERED, RequestState.REFUSED)


class ReplyKind(models.TextChoices):
    COMPLETE = "complete", _("Complete: every document asked for")
    PARTIAL = "partial", _("Partial")
    REFUSAL = "refusal", _("Written refusal")


class EvidenceRequest(models.Model):
    """A request to provide documents and evidence, sent by the body holding the case."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="evidence_requests",
                             verbose_name=_("case"), help_text=_("The case the evidence is for."))
    ref = models.CharField(_("request number"), max_length=80,
                           help_text=_("Number of the request document; the clock's `ref`."))
    requested_by = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="evidence_asked",
        verbose_name=_("body that asks"), help_text=_("The body holding the case that asks."))
    organisation = models.ForeignKey(
        "organisations.Organisation", null=True, blank=True, on_delete=models.PROTECT,
        related_name="evidence_received", verbose_name=_("requested body"),
        help_text=_("The People's Committee, department or other body of the registry asked."))
    holder_name = models.CharField(
        _("other holder"), max_length=255, blank=True,
        help_text=_("Name of the holder asked when it is not in the registry."))
    documents = models.TextField(_("documents asked for"),
                                 help_text=_("The documents and evidence asked for."))
    sent_on = models.DateField(_("received by the body on"),
                               help_text=_("Date the body asked received the request; the clock starts the day after."))
    state = models.CharField(_("state"), max_length=20, choices=RequestState.choices,
                             default=RequestState.SENT, db_index=True)
    due = models.DateField(_("due"), null=True, blank=True,
                           help_text=_("Due date as the law engine computed it; empty: no statutory limit."))
    rule = models.CharField(_("rule"), max_length=48, blank=True)
    basis = models.CharField(_("legal basis"), max_length=255, blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True,
                                   help_text=_("Date of the complete reply."))
    refused_on = models.DateField(_("refused on"), null=True, blank=True)
    refusal_reason = models.TextField(_("refusal reason"), blank=True)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("withdrawal reason"), blank=True)
    sent_event = models.ForeignKey("cases.CaseEvent", null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("case event"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-sent_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["case", "ref"], name="uniq_evidence_case_ref")]
        indexes = [models.Index(fields=["organisation", "state"]),
                   models.Index(fields=["requested_by", "state"]),
                   models.Index(fields=["state", "due"])]
        verbose_name = _("evidence request")
        verbose_name_plural = _("evidence requests")

    def __str__(self) -> str:
        return self.ref

    @property
    def asked_name(self) -> str:
        if self.organisation is not None:
            return str(self.organisation.name)
        return self.holder_name


class EvidenceReply(models.Model):
    """A reply of the body asked: complete, partial, or a written refusal with its reason."""

    request = models.ForeignKey(EvidenceRequest, on_delete=models.CASCADE, related_name="replies",
                                verbose_name=_("evidence request"))
    date = models.DateField(_("date"), help_text=_("Date the asking body received the reply."))
    kind = models.CharField(pgettext_lazy("evidence reply", "kind"), max_length=12,
                            choices=ReplyKind.choices)
    document_number = models.CharField(_("reply document number"), max_length=80, blank=True)
    note = models.TextField(_("note"), blank=True,
                            help_text=_("What was provided, or the reason for refusing."))
    recorded_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "id"]
        verbose_name = _("reply")
        verbose_name_plural = _("replies")

    def __str__(self) -> str:
        return f"{self.request.ref} · {self.get_kind_display()}"
