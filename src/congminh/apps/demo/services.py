"""Loading the demo province: bodies, demo users, synthetic cases (`congminh demo ...`)."""

from __future__ import annotations

import datetime as dt
import importlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db import connection, transaction
from django.utils import timezone

from congminh.apps.accounts.models import User
from congminh.apps.cases.bulk import BulkResult, case_records_save
from congminh.apps.cases.models import Case, EventSource
from congminh.apps.demo.attendance import demo_attendance_ensure
from congminh.apps.demo.directive import demo_directive_ensure
from congminh.apps.demo.generator import generate
from congminh.apps.demo.recorders import Recorders
from congminh.apps.organisations.models import Organisation
from congminh.apps.organisations.services import organisations_load

DEMO_PASSWORD = "congminh2026"
# (login, role, organisation code, what the account shows)
DEMO_USERS = (
    ("admin", "admin", "GL-BNC-TU", "Quản trị hệ thống"),
    ("noichinh", "supervisor", "GL-BNC-TU", "Ban Nội chính Tỉnh ủy"),
    ("hdnd", "supervisor", "GL-HDND", "HĐND tỉnh"),
    ("mttq", "supervisor", "GL-MTTQ", "Ủy ban MTTQ tỉnh"),
    ("vks", "officer", "GL-VKS", "VKSND tỉnh"),
    ("toaan", "officer", "GL-TAND", "TAND tỉnh"),
    ("toaankv1", "officer", "GL-TAND-KV1", "TAND khu vực 1"),
    ("congan", "officer", "GL-CSDT", "Cơ quan CSĐT Công an tỉnh"),
    ("thads", "officer", "GL-THADS", "THADS tỉnh"),
    ("xem", "viewer", "GL-TAND", "TAND tỉnh (chỉ xem)"),
    ("vanthu", "officer", "GL-BNC-TU", "Văn thư Ban Nội chính (vào sổ văn bản đến)"),
)


@dataclass
class DemoUser:
    username: str
    role: str
    organisation: str
    created: bool


def demo_cases_load(
    *, size: str, seed: int, as_of: dt.date, count: int | None = None
) -> BulkResult:
    """Generate the synthetic province and store it through the bulk writer."""
    records = generate(size, seed, as_of, count=count)
    # each step recorded by a user of the body that made it (`demo.recorders`)
    result = case_records_save(records, actor=None, source=EventSource.DEMO, note="demo",
                               recorders=Recorders())
    _refresh_obligations(as_of)
    return result


def _refresh_obligations(as_of: dt.date) -> None:
    """Compute the clocks as of the demo's date when the law engine is wired in.

    The obligations app already refreshes the stored cases on the bulk writer's signal,
    as of today; evaluating the whole province again is only needed for another date
    (and would double the load time of `make run`)."""
    if as_of == timezone.localdate():
        return
    try:
        module: Any = importlib.import_module("congminh.apps.obligations.services")
    except ImportError:
        return
    refresh = getattr(module, "cases_refresh_all", None)
    if callable(refresh):
        refresh(as_of=as_of)


@transaction.atomic
def demo_users_ensure() -> list[DemoUser]:
    """Create the demo accounts that do not exist yet; existing ones are left alone."""
    orgs = Organisation.objects.in_bulk([u[2] for u in DEMO_USERS], field_name="code")
    out = []
    for username, role, code, _label in DEMO_USERS:
        user = User.objects.filter(username=username).first()
        created = user is None
        if user is None:
            user = User(username=username, role=role, organisation=orgs[code],
                        is_staff=role == "admin", is_superuser=role == "admin")
            user.set_password(DEMO_PASSWORD)
            user.full_clean()
            user.save()
        org = user.organisation.name if user.organisation else ""
        out.append(DemoUser(username, user.role, org, created))
    return out


@dataclass
class SetupResult:
    organisations_created: int
    users: list[DemoUser]
    cases: BulkResult | None
    # (phase, seconds) in the order they ran: where a load's time goes
    timings: list[tuple[str, float]] = field(default_factory=list)


T = TypeVar("T")


class _Phases:
    """Times each phase of a load (`SetupResult.timings`)."""

    def __init__(self) -> None:
        self.timings: list[tuple[str, float]] = []

    def __call__(self, name: str, run: Callable[[], T]) -> T:
        started = time.monotonic()
        out = run()
        self.timings.append((name, time.monotonic() - started))
        return out


def demo_setup(*, seed: int = 2026, as_of: dt.date | None = None,
               size: str = "S", count: int | None = None) -> SetupResult:
    """What `make run` needs: bodies, demo users, and the S province if there are no cases.
    Running it again changes nothing."""
    from congminh.apps.demo.complaints import complaints_demo_ensure  # complaints (issue 10)
    from congminh.apps.demo.evidence import evidence_demo_ensure  # evidence requests (issue 10)
    from congminh.apps.demo.expertise import expertise_demo_ensure  # judicial expertise (issue 10)
    from congminh.apps.demo.supervision import supervision_demo_ensure  # supervision (issue 10)

    phase = _Phases()
    loaded = phase("organisations", organisations_load)
    users = phase("users", demo_users_ensure)
    cases = None
    day = as_of or timezone.localdate()
    if not Case.objects.exists():
        cases = phase("cases", lambda: demo_cases_load(size=size, seed=seed, as_of=day, count=count))
    phase("directive", lambda: demo_directive_ensure(as_of=day))
    phase("attendance", lambda: demo_attendance_ensure(as_of=day))
    phase("expertise", lambda: expertise_demo_ensure(as_of=day))
    phase("evidence", lambda: evidence_demo_ensure(as_of=day))
    phase("complaints", lambda: complaints_demo_ensure(as_of=day))
    phase("supervision", lambda: supervision_demo_ensure(as_of=day))
    phase("vacuum", _vacuum_after_load)
    return SetupResult(loaded.created, users, cases, phase.timings)


def _vacuum_after_load() -> list[str]:
    """PostgreSQL, outside a transaction: VACUUM (ANALYZE) the tables the load left with
    more dead rows than live ones, and return them. The counters' triggers rewrite a row of
    `cases_bodyversion` and `cases_provinceversion` for every case written: after the P
    province, 158 live rows behind 495,690 dead (25 MB), which every read of the data
    versions scanned (5 reads on the dashboard's first request after a write, 26-98 ms
    each; 3.7 ms vacuumed) until autovacuum came (never, where it is off)."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return []
    with connection.cursor() as cursor:
        cursor.execute("SELECT relname FROM pg_stat_user_tables WHERE n_dead_tup > 1000 "
                       "AND n_dead_tup > n_live_tup ORDER BY relname")
        tables = [row[0] for row in cursor.fetchall()]
        if tables:
            cursor.execute("VACUUM (ANALYZE) " + ", ".join(map(connection.ops.quote_name, tables)))
    return tables
