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
# A directive task with no deadline in its text (nhiệm vụ thường xuyên): never overdue,
# followed through its periodic reports or the annual report.
STANDING: Final = "standing"

# A case's status, worst first (the worst open obligation wins).
CASE_STATUSES: Final = (OVERDUE, DUE_SOON, SUSPENDED, ON_TIME, AWAITING, CLOSED, ERROR)
# A directive task's status; `due_soon` is a hint on an `on_time` task.
TASK_STATUSES: Final = (ON_TIME, OVERDUE, DONE_ON_TIME, DONE_LATE)
# A task not done yet, on time or overdue: a list's filter over both («Đang thực hiện»).
OPEN: Final = "open"
OPEN_TASK_STATUSES: Final = (ON_TIME, OVERDUE)
IN_PROGRESS_LABEL: Final = "Đang thực hiện"

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
    STANDING: "Thường xuyên",
}
# A task still open is "in progress" as well as on time or overdue.
TASK_LABELS: Final = {
    ON_TIME: f"{IN_PROGRESS_LABEL}, trong hạn",
    OVERDUE: f"{IN_PROGRESS_LABEL}, quá hạn",
    DONE_ON_TIME: LABELS[DONE_ON_TIME],
    DONE_LATE: LABELS[DONE_LATE],
    STANDING: "Nhiệm vụ thường xuyên (không có thời hạn)",
}


# The flags a person sets on a case, with a reason (the audit note): public concern, signs
# of wrongful conviction (oan, sai) and signs of a crime let slip (bỏ lọt tội phạm), the
# directive's point 5 (`accounts.scope.SUPERVISION_FLAGS` says who may).
SUPERVISION_FLAGS: Final = ("public_concern", "wrongful_conviction_signs", "missed_crime_signs")
# A case's flags (CONTRACTS.md §1 and the supervision flags a person sets).
FLAG_LABELS: Final = {
    "backlog": "Tồn đọng",
    "prolonged": "Kéo dài",
    "suspended_ground_ended": "Tạm đình chỉ nhưng đã hết lý do",
    "extension_request_due": "Đến hạn đề nghị gia hạn",
    "custody_expiring_before_renewal": "Lệnh tạm giữ, tạm giam sắp hết hạn (hoặc đã hết) mà chưa "
                                       "gia hạn, thay lệnh hoặc trả tự do",
    "public_concern": "Dư luận xã hội đặc biệt quan tâm",
    "wrongful_conviction_signs": "Có dấu hiệu oan, sai",
    "missed_crime_signs": "Có dấu hiệu bỏ lọt tội phạm",
}


def flag_label(code: str) -> str:
    """The flag's Vietnamese label; «Cảnh báo khác» for a flag this version does not know."""
    return FLAG_LABELS.get(code, "Cảnh báo khác")


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
