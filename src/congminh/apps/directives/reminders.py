"""Daily digests of tasks due soon or overdue, one email per assignee body.

Safe to run from cron twice: each obligation is claimed for the day by inserting a
ReminderLog row under a unique (obligation, day) constraint, as healthchecks' sendalerts
claims a flip; a second run finds nothing left to claim. If sending fails, the claims are
released so the next run retries.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from congminh.apps.directives.labels import due_label
from congminh.apps.directives.models import Obligation, ReminderLog
from congminh.apps.directives.status import due_soon_days, obligation_status
from congminh.apps.organisations.models import Organisation

logger = logging.getLogger(__name__)


@dataclass
class Digest:
    organisation: Organisation
    recipients: list[str]
    obligations: list[Obligation] = field(default_factory=list)
    sent: bool = False
    failed: bool = False


def reminder_candidates(*, today: dt.date, days: int) -> list[Obligation]:
    """Open obligations due within `days` days, or already overdue."""
    qs = Obligation.objects.filter(done_on__isnull=True, due__lte=today + dt.timedelta(days=days))
    return list(qs.select_related("task__directive", "organisation").order_by("organisation_id", "due"))


def _recipients(org: Organisation) -> list[str]:
    emails = org.users.filter(is_active=True).exclude(email="").values_list("email", flat=True)
    found = sorted(set(emails) | ({org.email} if org.email else set()))
    return found


def _claim(obligation: Obligation, today: dt.date) -> bool:
    try:
        with transaction.atomic():
            ReminderLog.objects.create(obligation=obligation, day=today)
    except IntegrityError:
        return False
    return True


def digest_text(digest: Digest, today: dt.date) -> str:
    lines = [_("Tasks of %(body)s due soon or overdue on %(day)s:")
             % {"body": digest.organisation.name, "day": today.strftime("%d/%m/%Y")}, ""]
    for ob in digest.obligations:
        late = obligation_status(due=ob.due, done_on=ob.done_on, today=today) == "overdue"
        mark = _("OVERDUE") if late else _("due soon")
        period = f" ({ob.period_label})" if ob.period_label else ""
        lines.append(f"- [{mark}] {due_label(ob.due, ob.due_precision)}{period}: {ob.task.text[:160]}")
        lines.append(f"  {ob.task.directive}")
    return "\n".join(lines)


def remind(*, today: dt.date, days: int | None = None, dry_run: bool = False) -> list[Digest]:
    """Build (and unless `dry_run`, send) each body's digest; returns the digests. `days`
    defaults to the system's one "due soon" threshold (`status.due_soon_days`)."""
    by_body: dict[int, list[Obligation]] = defaultdict(list)
    days = due_soon_days() if days is None else days
    for ob in reminder_candidates(today=today, days=days):
        by_body[ob.organisation_id].append(ob)
    digests = []
    for obligations in by_body.values():
        org = obligations[0].organisation
        digest = Digest(org, _recipients(org))
        if dry_run:
            digest.obligations = obligations
        elif digest.recipients:
            digest.obligations = [ob for ob in obligations if _claim(ob, today)]
            try:
                _send(digest, today)
            except Exception:  # one body's bad address must not stop the others' digests
                logger.exception("reminder to %s failed", org)
                digest.failed = True
        digests.append(digest)
    return digests


def _send(digest: Digest, today: dt.date) -> None:
    if not digest.obligations:
        return
    subject = _("[Cong Minh] %(n)d tasks due soon or overdue") % {"n": len(digest.obligations)}
    try:
        send_mail(subject, digest_text(digest, today), settings.DEFAULT_FROM_EMAIL,
                  digest.recipients)
    except Exception:
        # Release the claims so tomorrow's (or the next) run tries again.
        ReminderLog.objects.filter(obligation__in=digest.obligations, day=today).delete()
        raise
    digest.sent = True
