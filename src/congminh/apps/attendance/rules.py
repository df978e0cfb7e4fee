"""Pure rules of the attendance workflow (no database): the written opinion's status and
what an attendance record must carry for its kind of presence."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from congminh.apps.attendance.models import OpinionStatus, Presence


def opinion_status(due: dt.date | None, filed_on: dt.date | None, today: dt.date) -> str:
    """The written opinion: on time when filed by the due day, late when after it; not
    filed once the due day has passed without it; pending before that.

    >>> d = dt.date(2026, 3, 16)
    >>> [opinion_status(d, f, dt.date(2026, 4, 1)) for f in (d, d + dt.timedelta(days=1), None)]
    ['on_time', 'late', 'not_filed']
    >>> opinion_status(d, None, d), opinion_status(None, None, d)
    ('pending', 'not_required')
    """
    if due is None:
        return OpinionStatus.NOT_REQUIRED.value if filed_on is None else OpinionStatus.ON_TIME.value
    if filed_on is not None:
        return OpinionStatus.ON_TIME.value if filed_on <= due else OpinionStatus.LATE.value
    return OpinionStatus.NOT_FILED.value if today > due else OpinionStatus.PENDING.value


# Luật TTHC 2015 Đ.60 k3 (verbatim; tests check it against the stored text): who may stand
# for a sued People's Committee or its chair.
REPRESENTATION = {
    "law": "Luật TTHC 2015", "article": "60", "clause": "3",
    "quote": "Trường hợp người bị kiện là cơ quan, tổ chức hoặc người đứng đầu cơ quan, tổ chức "
             "thì người bị kiện chỉ được ủy quyền cho cấp phó của mình đại diện.",
}


def attendance_problems(
    *, presence: str, authorisation_number: str, authorisation_date: dt.date | None,
    absence_reason: str, session_date: dt.date,
) -> dict[str, str]:
    """Field -> Vietnamese message for what a record of this presence lacks.

    A vice-chair represents the sued committee only under a written authorisation from
    the chair (Luật TTHC 2015 Đ.60 k3), so its number and date are required, and it must
    be dated no later than the session. An absence "with a reason" needs the reason."""
    problems: dict[str, str] = {}
    if presence not in Presence.values:
        problems["presence"] = _("Choose who attended.")
        return problems
    if presence == Presence.VICE_CHAIR:
        if not authorisation_number.strip():
            problems["authorisation_number"] = _(
                "A vice-chair represents the committee only under a written authorisation "
                "(Luật TTHC 2015 Art. 60): give its number.")
        if authorisation_date is None:
            problems["authorisation_date"] = _(
                "A vice-chair represents the committee only under a written authorisation "
                "(Luật TTHC 2015 Art. 60): give its date.")
        elif authorisation_date > session_date:
            problems["authorisation_date"] = _(
                "The authorisation is dated after the session: it did not cover it.")
    if presence == Presence.ABSENT_WITH_REASON and not absence_reason.strip():
        problems["absence_reason"] = _("Give the reason the committee gave for its absence.")
    return problems
