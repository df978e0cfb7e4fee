"""Which body must resolve a complaint or denunciation: one function, with the articles
it follows.

Complaints (khiếu nại) — BLTTHS 2015 Đ.474–Đ.477, BLTTDS 2015 Đ.504 and Đ.507 (lần hai),
Luật TTHC 2015 Đ.332 and Đ.335 (civil judgment enforcement: see below):

- a decision or act of an investigator, prosecutor, judge or enforcement officer is
  resolved first by the head of the same body (Đ.475 k1, Đ.476 k1, Đ.477 k1; BLTTDS Đ.504;
  Luật TTHC Đ.332);
- a decision or act of the head of the investigation body, and custody orders and acts
  in investigation and prosecution, by the chief prosecutor of the same level (Đ.475 k1
  đoạn 2, Đ.474 k2); custody in the trial stage by the chief judge of the court (Đ.474 k3);
- a decision or act of a chief prosecutor or chief judge by the body one level up
  (Đ.476 k2, Đ.477 k1 đoạn 2), once (no second level);
- the second level is the body one level up from the first-level resolver (Đ.474 k2, k3,
  Đ.475 k1 đoạn 2, Đ.476 k1, Đ.477 k1; BLTTDS Đ.507; Luật TTHC Đ.335),
  except for investigators, whose second level is the same-level Procuracy (Đ.475 k1).

Denunciations (tố cáo) — BLTTHS Đ.481 k1, BLTTDS Đ.512 k1, Luật TTHC Đ.340 k1: the head of the body whose official is denounced; a denunciation of the head
of the investigation body, the chief prosecutor or the chief judge by the body one level
up; custody (BLTTHS Đ.481 k4) by the same-level Procuracy.

"One level up" is the body of the same kind at the next level of the registry (area →
province). Above the province the body is a national one, outside the province's registry:
the route's `body` is None and `outside` names it (`ABOVE_PROVINCE`): since Luật 81/2025 and
82/2025 there is no High People's Court or Procuracy, so a provincial court's or Procuracy's
superior is the Supreme one (the rules' own notes: «Viện trưởng Viện kiểm sát nhân dân tối
cao khi lần đầu do Viện trưởng Viện kiểm sát nhân dân cấp tỉnh giải quyết», BLTTHS-475);
a provincial enforcement office's is the Ministry of Justice's department.

Civil judgment enforcement follows the Luật THADS in force on the day the complaint or
denunciation is received: the 2008 law to 30/6/2026, Luật 106/2025/QH15 from 01/7/2026. The
articles are not written here: each version of the rules THADS-142 (complaints) and THADS-157
(denunciations) names its law's resolver articles (`resolvers`), and this module reads the
version in force on that day. Under the 2008 law an enforcement office's head resolves his
officers' acts and the office one level up the second level; an area office's head is
resolved by the province's, the province's head by the Ministry's department, whose
resolution is contested before the Minister. Under the 2025 law (Đ.98) the provincial
office's head resolves every first complaint (his own acts, his deputies', the executors' he
manages, area offices included) and the Ministry's department the second. Denunciations
(2008 Đ.157, 2025 Đ.110): the head of the body managing the person denounced; a denounced
head by the one above.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

from django.db.models import QuerySet
from django.utils import timezone

from congminh.apps.organisations.models import Organisation
from congminh.core.law.rules import default_rules

_AREA = re.compile(r"-KV\d+$")
HEADS = frozenset({"procuracy_head", "court_head"})
DENOUNCED_HEADS = HEADS | {"investigation_head", "enforcement_head"}


# The body one level above a provincial body of each kind: national, outside the province's
# registry, named as a person reads it on the complaint and on its clock.
ABOVE_PROVINCE = {
    "procuracy": "Viện kiểm sát nhân dân tối cao",
    "court": "Tòa án nhân dân tối cao",
    "investigation_agency": "Cơ quan Cảnh sát điều tra Bộ Công an",
    "police": "Bộ Công an",
    "enforcement_office": "Cục Quản lý thi hành án dân sự, Bộ Tư pháp",
}
# Luật THADS 2008 Đ.142 k4 a: the second level of a complaint the Ministry's department resolved.
MINISTER_OF_JUSTICE = "Bộ trưởng Bộ Tư pháp"
# Every resolving body outside the registry a route may name (`Route.outside`): the list's
# filter on `resolver_name` offers these.
NATIONAL_RESOLVERS = (*dict.fromkeys(ABOVE_PROVINCE.values()), MINISTER_OF_JUSTICE)


@dataclass(frozen=True)
class Route:
    body: Organisation | None
    basis: str
    outside: str = ""  # the national body's name when `body` is None (outside the registry)

    @property
    def name(self) -> str:
        """Who must resolve: the registry body's name, or the national body's ("" unknown)."""
        return str(self.body.name) if self.body is not None else self.outside


def _up(org: Organisation, basis: str) -> Route:
    """The body one level up from `org`: in the registry, or the national body above a
    provincial one."""
    body = level_up(org)
    return Route(body, basis, "" if body is not None else ABOVE_PROVINCE.get(org.kind, ""))


def _current(qs: QuerySet[Organisation]) -> Organisation | None:
    found: Organisation | None = qs.filter(valid_to__isnull=True).order_by("id").first()
    return found


def level_up(org: Organisation) -> Organisation | None:
    """The body of the same kind one level up in the same province; None above it."""
    if org.level in ("region", "district", "commune"):
        return _current(Organisation.objects.filter(
            kind=org.kind, level="province", province_code=org.province_code))
    return None


def same_level_procuracy(org: Organisation) -> Organisation | None:
    """The Procuracy of `org`'s level and area (itself for a Procuracy)."""
    if org.kind == "procuracy":
        return org
    qs = Organisation.objects.filter(kind="procuracy", province_code=org.province_code)
    match = _AREA.search(org.code)
    if org.level == "region" and match:
        return _current(qs.filter(level="region", code__endswith=match.group(0)))
    if org.level == "district" and org.admin_unit_code:
        return _current(qs.filter(level="district", admin_unit_code=org.admin_unit_code))
    return _current(qs.filter(level="province"))


def may_escalate(kind: str, against: str) -> bool:
    """A second level exists: complaints only, and not those against a chief prosecutor
    or chief judge (resolved once, BLTTHS Đ.476 k2, Đ.477 k1 đoạn 2)."""
    return kind == "complaint" and against not in HEADS


def resolving_body(*, kind: str, against: str, level: str, complained_of: Organisation,
                   procedure: str = "criminal", on: dt.date | None = None) -> Route:
    """The body that must resolve a complaint (`kind` "complaint") or denunciation
    against `complained_of`'s official or decision, at `level` ("first"/"second"), received
    on `on` (today if None): the day decides which Luật THADS applies to enforcement."""
    if procedure == "enforcement":
        return _enforcement(kind, against, level, complained_of, on or timezone.localdate())
    if kind == "denunciation":
        if against == "custody":
            return Route(same_level_procuracy(complained_of), "BLTTHS 2015 Điều 481 khoản 4")
        basis = _DENUNCIATION.get(procedure, "BLTTHS 2015 Điều 481 khoản 1")
        return _up(complained_of, basis) if against in DENOUNCED_HEADS else Route(complained_of, basis)
    first = _first_level(against, complained_of, procedure)
    if level != "second":
        return first
    if against == "investigation":
        return Route(same_level_procuracy(complained_of), "BLTTHS 2015 Điều 475 khoản 1")
    if against == "custody":
        basis = ("BLTTHS 2015 Điều 474 khoản 3" if complained_of.kind == "court"
                 else "BLTTHS 2015 Điều 474 khoản 2")
    else:
        basis = _second_basis(against, procedure)
    return _up(first.body, basis) if first.body is not None else Route(None, basis)


def _first_level(against: str, org: Organisation, procedure: str) -> Route:
    if against == "custody":
        if org.kind == "court":
            return Route(org, "BLTTHS 2015 Điều 474 khoản 3")
        return Route(same_level_procuracy(org), "BLTTHS 2015 Điều 474 khoản 2")
    if against == "investigation_head":
        return Route(same_level_procuracy(org), "BLTTHS 2015 Điều 475 khoản 1")
    if against in HEADS:
        return _up(org, _head_basis(against, procedure))
    return Route(org, _own_basis(against, procedure))


_BY_PROCEDURE = {"civil": "BLTTDS 2015 Điều 504", "administrative": "Luật TTHC 2015 Điều 332"}


def _own_basis(against: str, procedure: str) -> str:
    if procedure in _BY_PROCEDURE:
        return _BY_PROCEDURE[procedure]
    article = {"investigation": 475, "procuracy": 476, "court": 477}.get(against, 475)
    return f"BLTTHS 2015 Điều {article} khoản 1"


def _head_basis(against: str, procedure: str) -> str:
    if procedure in _BY_PROCEDURE:
        return _BY_PROCEDURE[procedure]
    return "BLTTHS 2015 Điều 476 khoản 2" if against == "procuracy_head" else "BLTTHS 2015 Điều 477 khoản 1"


def _second_basis(against: str, procedure: str) -> str:
    second = {"civil": "BLTTDS 2015 Điều 507", "administrative": "Luật TTHC 2015 Điều 335"}
    if procedure in second:
        return second[procedure]
    article = {"investigation_head": "475 khoản 1", "procuracy": "476 khoản 1"}.get(against, "477 khoản 1")
    return f"BLTTHS 2015 Điều {article}"


_DENUNCIATION = {"civil": "BLTTDS 2015 Điều 512 khoản 1", "administrative": "Luật TTHC 2015 Điều 340 khoản 1"}


def _enforcement(kind: str, against: str, level: str, org: Organisation, on: dt.date) -> Route:
    """Civil judgment enforcement, under the Luật THADS in force on `on`: the resolver
    articles are the `resolvers` of the rule version (THADS-142, THADS-157) in force then."""
    if kind == "denunciation":
        said = default_rules().get("THADS-157", on).resolvers
        if against == "enforcement_head":  # the head one level up (2008 k2, 2025 k2)
            if org.level != "province" and "area_head" in said:  # 2025: an area office's head
                return _up(org, said["area_head"].text())  # is managed by the province's (k1)
            return _up(org, said["head"].text())
        return Route(org, said["own"].text())
    said = default_rules().get("THADS-142", on).resolvers
    if "province_first" in said:  # Luật 2025 Đ.98: the province's office, then the Ministry's
        if level == "second":
            return Route(None, said["province_second"].text(), ABOVE_PROVINCE["enforcement_office"])
        province = org if org.level == "province" else level_up(org)
        return Route(province, said["province_first"].text())
    if against == "enforcement_head":  # an area office's head by the province's (2008 k2 b, k3 a)
        first = _up(org, said["head_first"].text())
        if first.body is None:
            first = replace(first, basis=said["head_first_top"].text())
    else:
        first = Route(org, said["first"].text())
    if level != "second":
        return first
    if against == "enforcement_head":
        if first.body is None:  # the Ministry's department resolved it: the Minister (2008 k4 a)
            return Route(None, said["head_second_top"].text(), MINISTER_OF_JUSTICE)
        return _up(first.body, said["head_second"].text())
    return _up(org, said["second"].text())
