"""One status vocabulary for the whole system: case clocks (CONTRACTS.md §1), the
obligations they open and directive tasks, with the Vietnamese label each status has on
every screen, export and explanation. The "due soon" threshold behind `due_soon` is one
setting too (`congminh.core.law.config`, `CONGMINH_DUE_SOON_DAYS`).
"""

from __future__ import annotations

from typing import Final

ON_TIME: Final = "on_time"
DUE_SOON: Final = "due_soon"
OVERDUE: Final = "overdue"
SUSPENDED: Final = "suspended"
AWAITING: Final = "awaiting"
CLOSED: Final = "closed"
ERROR: Final = "error"
DONE_ON_TIME: Final = "done_on_time"
DONE_LATE: Final = "done_late"

# A case's status, worst first (the worst open obligation wins).
CASE_STATUSES: Final = (OVERDUE, DUE_SOON, SUSPENDED, ON_TIME, AWAITING, CLOSED, ERROR)
# A directive task's status; `due_soon` is a hint on an `on_time` task.
TASK_STATUSES: Final = (ON_TIME, OVERDUE, DONE_ON_TIME, DONE_LATE)

LABELS: Final = {
    ON_TIME: "Trong hạn",
    DUE_SOON: "Sắp hết hạn",
    OVERDUE: "Quá hạn",
    SUSPENDED: "Tạm đình chỉ",
    AWAITING: "Chờ bước tiếp theo",
    CLOSED: "Kết thúc",
    ERROR: "Không tính được",
    DONE_ON_TIME: "Hoàn thành đúng hạn",
    DONE_LATE: "Hoàn thành quá hạn",
}
# A task still open is "in progress" as well as on time or overdue.
TASK_LABELS: Final = {
    ON_TIME: "Đang thực hiện, trong hạn",
    OVERDUE: "Đang thực hiện, quá hạn",
    DONE_ON_TIME: LABELS[DONE_ON_TIME],
    DONE_LATE: LABELS[DONE_LATE],
}


def label(code: str) -> str:
    """The status's Vietnamese label, capitalised («Sắp hết hạn»); the code if unknown."""
    return LABELS.get(code, code)


def in_sentence(code: str) -> str:
    """The label inside a sentence: «… trạng thái sắp hết hạn».

    >>> in_sentence("due_soon")
    'sắp hết hạn'
    """
    text = label(code)
    return text[:1].lower() + text[1:]
