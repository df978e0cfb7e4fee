"""Summons of the sued People's Committee in administrative cases, and who attended.

Directive point 1 asks the chairs of People's Committees to attend the dialogues and
hearings of the administrative cases where their committee (or its chair) is sued, and
to send their written opinions on time. The court holding the case records each summons
(`Summons`) and, after the session, who came for the committee (`Attendance`).

Representation of the sued party — Luật TTHC 2015, Điều 60 (Người đại diện), khoản 3
(`attendance.rules.REPRESENTATION`, quoted from `core/law/texts/luat-tthc-2015.yaml`): the
head of a sued body may be represented only by a deputy under a written authorisation;
anyone else does not represent the committee lawfully.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SessionKind(models.TextChoices):
    """Luật TTHC 2015 Đ.136–140 (the meeting on evidence and the dialogue) and Đ.148 ff.
    (the first-instance hearing)."""

    EVIDENCE_MEETING = "evidence_meeting", _(
        "Meeting on the delivery, access and disclosure of evidence")
    DIALOGUE = "dialogue", _("Dialogue session")
    HEARING = "hearing", _("Hearing")


class Presence(models.TextChoices):
    """Who came for the sued People's Committee (Luật TTHC 2015 Đ.60 k3 on representation)."""

    CHAIR = "chair", _("The chair in person")
    VICE_CHAIR = "vice_chair", _("A vice-chair with a written authorisation (Luật TTHC 2015 Art. 60)")
    OTHER = "other", _("Someone else: not a lawful representative (Luật TTHC 2015 Art. 60)")
    ABSENT_WITH_REASON = "absent_with_reason", _("Absent with a reason")
    ABSENT_WITHOUT_REASON = "absent_without_reason", _("Absent without a reason")


# Short column headings of the rates table (the full labels above go in the tooltip).
PRESENCE_SHORT = {
    Presence.CHAIR.value: _("Chair"),
    Presence.VICE_CHAIR.value: _("Authorised vice-chair"),
    Presence.OTHER.value: _("Someone else (not lawful)"),
    Presence.ABSENT_WITH_REASON.value: _("Absent, with reason"),
    Presence.ABSENT_WITHOUT_REASON.value: _("Absent, no reason"),
}

# Presences that count as "the committee did not come" in the absence rate.
ABSENT = frozenset({Presence.ABSENT_WITH_REASON.value, Presence.ABSENT_WITHOUT_REASON.value})
# Presences that are a lawful appearance of the sued committee.
LAWFUL = frozenset({Presence.CHAIR.value, Presence.VICE_CHAIR.value})


class OpinionStatus(models.TextChoices):
    """The written opinion (văn bản ý kiến) the sued committee owes the court."""

    ON_TIME = "on_time", _("Filed on time")
    LATE = "late", _("Filed late")
    NOT_FILED = "not_filed", _("Not filed (past due)")
    PENDING = "pending", _("Not yet due")
    NOT_REQUIRED = "not_required", _("No written opinion asked")


class Summons(models.Model):
    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="summonses",
        verbose_name=_("case"), help_text=_("The administrative case the session belongs to."),
    )
    kind = models.CharField(_("session"), max_length=24, choices=SessionKind.choices,
                            help_text=_("Dialogue, hearing or meeting on evidence."))
    date = models.DateField(_("session date"), help_text=_("The day the session is held."))
    committee = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="summonses",
        verbose_name=_("People's Committee summoned"),
        help_text=_("The sued People's Committee (or whose chair is sued)."),
    )
    opinion_due = models.DateField(
        _("written opinion due"), null=True, blank=True,
        help_text=_("The day the committee's written opinion is due; empty when none is asked."),
    )
    note = models.CharField(_("note"), max_length=255, blank=True, default="",
                            help_text=_("Anything the court wants to add."))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-date", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "kind", "date", "committee"],
                                    name="uniq_summons_session"),
        ]
        indexes = [models.Index(fields=["committee", "date"])]
        verbose_name = _("summons")
        verbose_name_plural = _("summonses")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date:%d/%m/%Y} - {self.committee}"


class Attendance(models.Model):
    summons = models.OneToOneField(
        Summons, on_delete=models.CASCADE, related_name="attendance", verbose_name=_("summons"),
    )
    presence = models.CharField(_("attendance"), max_length=24, choices=Presence.choices,
                                help_text=_("Who came for the sued People's Committee."))
    attendee_name = models.CharField(_("attendee"), max_length=200, blank=True, default="",
                                     help_text=_("Name and office of the person who came."))
    authorisation_number = models.CharField(
        _("authorisation number"), max_length=100, blank=True, default="",
        help_text=_("Number of the vice-chair's written authorisation."),
    )
    authorisation_date = models.DateField(
        _("authorisation date"), null=True, blank=True,
        help_text=_("Date of the vice-chair's written authorisation."),
    )
    absence_reason = models.CharField(_("reason for absence"), max_length=255, blank=True,
                                      default="", help_text=_("The reason the committee gave."))
    opinion_filed_on = models.DateField(
        _("written opinion filed on"), null=True, blank=True,
        help_text=_("The day the court received the committee's written opinion."),
    )
    # The opinion's status (on time, late, not filed, not yet due) depends on today, so it
    # is computed when read (`rules.opinion_status`, `selectors.with_opinion_status`).
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("recorded by"),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance records")

    def __str__(self) -> str:
        return f"{self.summons}: {self.get_presence_display()}"
