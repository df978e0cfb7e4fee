"""Supervision by the People's Council (HĐND) and the Fatherland Front (MTTQ), directive
point 5: a plan, its visits and findings, the recommendations (kiến nghị) it addresses to
named bodies with a response deadline, and the bodies' responses.

A recommendation's deadline is an obligation held by its addressee: its status is one of
the four official task statuses (`core.statuses.TASK_STATUSES`), computed from `due`,
`done_on` and today exactly as a directive task's (`directives.status`)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The kinds of body that supervise (their committees are registered with the same kind).
from congminh.apps.accounts.scope import SUPERVISING_KINDS as SUPERVISOR_KINDS  # noqa: E402,F401  (the vocabulary lives in scope)

# The Party's own bodies: its committees and their boards (the Internal Affairs Committee).
PARTY_KINDS = ("party_committee", "internal_affairs")

# The kinds of body each kind of supervising body may not address a recommendation to: the
# one home of the rule for `Recommendation.clean`, the plan page's addressee choices and the
# «addressed to my body» link. Neither addresses a supervising body. A People's Council
# supervises the state: its People's Committee, court, Procuracy and the other state bodies
# of its area (Luật Hoạt động giám sát của Quốc hội và HĐND 2015, Đ.2 k1 and chương III),
# never a Party body. The Fatherland Front's supervision covers Party organisations and Party
# members too (Quy chế giám sát và phản biện xã hội ban hành kèm Quyết định 217-QĐ/TW ngày
# 12/12/2013: its đối tượng giám sát are «tổ chức đảng, cơ quan nhà nước, đại biểu dân cử,
# cán bộ, đảng viên, công chức, viên chức nhà nước»).
NOT_ADDRESSED_BY: dict[str, tuple[str, ...]] = {
    "peoples_council": (*SUPERVISOR_KINDS, *PARTY_KINDS),
    "fatherland_front": tuple(SUPERVISOR_KINDS),
}


def _not_addressed(supervisor_kind: str | None) -> set[str]:
    """The kinds a supervising body of `supervisor_kind` may not address; None: the kinds no
    supervising body may address."""
    if supervisor_kind is not None:
        return set(NOT_ADDRESSED_BY.get(supervisor_kind, SUPERVISOR_KINDS))
    return set.intersection(*(set(kinds) for kinds in NOT_ADDRESSED_BY.values()))


def addressable(supervisor_kind: str | None = None) -> models.Q:
    """The bodies a supervising body of `supervisor_kind` may address (None: any one)."""
    return ~models.Q(kind__in=sorted(_not_addressed(supervisor_kind)))


def may_be_addressed(org: Any, supervisor_kind: str | None = None) -> bool:
    """Whether a supervising body of `supervisor_kind` (None: any one) may address a
    recommendation to `org` (a body; None: no)."""
    return org is not None and org.kind not in _not_addressed(supervisor_kind)


class PlanStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("Supervising")
    CONCLUDED = "concluded", _("Concluded")


class SupervisionPlan(models.Model):
    supervisor = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="supervision_plans",
        verbose_name=_("supervising body"),
        help_text=_("The People's Council or Fatherland Front committee (or one of their committees)."))
    number = models.CharField(_("plan number"), max_length=64, blank=True,
                              help_text=_("Number and symbol of the plan, e.g. 12/KH-HĐND."))
    topic = models.CharField(_("topic"), max_length=500, help_text=_("What is supervised."))
    bodies = models.ManyToManyField(
        "organisations.Organisation", related_name="supervisions_received",
        verbose_name=_("bodies supervised"), help_text=_("The bodies the plan supervises."))
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    status = models.CharField(_("status"), max_length=16, choices=PlanStatus.choices,
                              default=PlanStatus.PLANNED)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-period_start", "-id"]
        verbose_name = _("supervision plan")
        verbose_name_plural = _("supervision plans")
        constraints = [models.CheckConstraint(
            condition=models.Q(period_end__gte=models.F("period_start")),
            name="supervision_plan_period_ordered")]

    def __str__(self) -> str:
        return self.topic


class SupervisionVisit(models.Model):
    plan = models.ForeignKey(SupervisionPlan, on_delete=models.CASCADE, related_name="visits",
                             verbose_name=_("plan"))
    date = models.DateField(_("date of the visit"))
    body = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT,
                             related_name="+", verbose_name=_("body visited"))
    findings = models.TextField(_("findings"), help_text=_("What the supervising team found."))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["date", "id"]
        verbose_name = _("supervision visit")
        verbose_name_plural = _("supervision visits")

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.body_id}"


class Recommendation(models.Model):
    plan = models.ForeignKey(SupervisionPlan, on_delete=models.CASCADE,
                             related_name="recommendations", verbose_name=_("plan"))
    visit = models.ForeignKey(SupervisionVisit, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="recommendations", verbose_name=_("visit"),
                              help_text=_("The visit whose findings the recommendation follows, if any."))
    number = models.CharField(_("recommendation number"), max_length=64, blank=True, help_text=_(
        "The number the supervising body gives it in its register (e.g. KN-03); unique in its "
        "plan; the key of the spreadsheet import."))
    addressee = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="recommendations",
        verbose_name=_("addressed to"), help_text=_("The body that must act and respond."))
    content = models.TextField(_("content"))
    issued_on = models.DateField(_("issued on"))
    due = models.DateField(_("response due"), help_text=_(
        "Chosen by the supervising body; by default the issue date plus the configured days."))
    done_on = models.DateField(_("closed on"), null=True, blank=True, help_text=_(
        "The day the addressee reported it done: the recommendation is closed."))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["due", "id"]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        indexes = [models.Index(fields=["addressee", "due"]), models.Index(fields=["done_on", "due"])]
        constraints = [models.CheckConstraint(condition=models.Q(due__gte=models.F("issued_on")),
                                              name="recommendation_due_after_issue"),
                       models.UniqueConstraint(fields=["plan", "number"], condition=~models.Q(number=""),
                                               name="recommendation_number_unique_in_plan")]

    def __str__(self) -> str:
        return self.content[:60]

    def clean(self) -> None:
        super().clean()
        if self.addressee_id is None or self.plan_id is None:
            return
        supervisor_kind = self.plan.supervisor.kind
        if may_be_addressed(self.addressee, supervisor_kind):
            return
        if self.addressee.kind in PARTY_KINDS:
            raise ValidationError({"addressee": _(
                "A People's Council supervises state bodies: it does not address recommendations "
                "to a Party body.")})
        raise ValidationError({"addressee": _(
            "A recommendation is addressed to a body supervised, not to a People's Council "
            "or a Fatherland Front committee.")})


class RecommendationResponse(models.Model):
    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE,
                                       related_name="responses", verbose_name=_("recommendation"))
    date = models.DateField(_("date of the response"))
    text = models.TextField(_("response"), help_text=_("What the body did or will do."))
    done = models.BooleanField(_("fully implemented"), default=False, help_text=_(
        "The body reports the recommendation carried out: it closes it."))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["date", "id"]
        verbose_name = _("response to a recommendation")
        verbose_name_plural = _("responses to recommendations")

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.text[:40]}"
