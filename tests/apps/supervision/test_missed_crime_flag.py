"""«Có dấu hiệu bỏ lọt tội phạm» (signs that a crime was let slip): a supervision flag beside
«Có dấu hiệu oan, sai», set and cleared with a reason (audited) by the bodies that may set
the others (`accounts.scope.can_flag`), shown on the case page and filterable in «Vụ việc
tôi theo dõi»."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from congminh.apps.audit.models import AuditEntry
from congminh.apps.cases import services as case_services

NOW = dt.datetime(2026, 6, 15, 9, tzinfo=dt.UTC)
FLAG = "missed_crime_signs"
LABEL = "Có dấu hiệu bỏ lọt tội phạm"


@pytest.fixture
def criminal(make_case: Any) -> Any:
    return make_case(title="Vụ án cố ý gây thương tích tại xã Ia Grai", procedure="criminal",
                     number="07/2026/HS", events=[])


def _post_flag(client: Any, case: Any, value: str, reason: str = "Tin báo của Công an xã") -> Any:
    with time_machine.travel(NOW, tick=False):
        return client.post(reverse("supervision:case_flag"), {
            "case": case.pk, "flag": FLAG, "value": value, "reason": reason})


# (role in `cast`, may set the flag): the holder's officer and the supervisors who read the
# case may; a viewer of the holder, an officer of another court and a supervisor of another
# province may not.
CELLS = [
    ("hdnd", True),                 # People's Council: supervisor in the province
    ("mttq", True),                 # Fatherland Front: supervisor in the province
    ("noichinh", True),             # Internal Affairs Committee: supervisor
    ("officer_a", True),            # the holding court's officer
    ("addressee_viewer", False),    # the holding court, read only
    ("other", False),               # another court's officer
    ("outsider_supervisor", False), # a supervisor of another province
]


@pytest.mark.parametrize(("role", "allowed"), CELLS)
def test_who_may_set_and_clear_the_flag(client: Any, cast: dict[str, Any], criminal: Any,
                                        role: str, allowed: bool) -> None:
    client.force_login(cast[role])
    _post_flag(client, criminal, "1")
    criminal.refresh_from_db()
    assert criminal.missed_crime_signs is allowed
    entries = AuditEntry.objects.filter(case_id=criminal.pk, action="flag", field=FLAG)
    if not allowed:
        assert not entries.exists()
        return
    entry = entries.get()
    assert (entry.actor, entry.note, entry.old_value, entry.new_value) == (
        cast[role], "Tin báo của Công an xã", False, True)
    _post_flag(client, criminal, "0", reason="Đã khởi tố bổ sung")
    criminal.refresh_from_db()
    assert criminal.missed_crime_signs is False
    cleared = AuditEntry.objects.filter(case_id=criminal.pk, action="flag", field=FLAG).order_by("-id")[0]
    assert (cleared.note, cleared.new_value) == ("Đã khởi tố bổ sung", False)


def test_a_reason_is_required(client: Any, cast: dict[str, Any], criminal: Any) -> None:
    client.force_login(cast["hdnd"])
    _post_flag(client, criminal, "1", reason="")
    criminal.refresh_from_db()
    assert criminal.missed_crime_signs is False
    with pytest.raises(Exception, match="lý do|reason"):
        case_services.case_flags_set(actor=cast["hdnd"], case=criminal, reason=" ",
                                     missed_crime_signs=True)


def test_the_case_page_shows_and_sets_it(client: Any, cast: dict[str, Any], criminal: Any) -> None:
    client.force_login(cast["officer_a"])
    page = client.get(criminal.get_absolute_url()).content.decode()
    assert f'name="{FLAG}"' in page and LABEL in page  # the flag form offers it
    assert f'<span class="badge flag">{LABEL}</span>' not in page
    with time_machine.travel(NOW, tick=False):
        response = client.post(reverse("web:case_flags", args=[criminal.pk]), {
            FLAG: "on", "reason": "Kết luận giám định cho thấy còn đồng phạm"})
    assert response.status_code == 302
    criminal.refresh_from_db()
    assert criminal.missed_crime_signs and not criminal.wrongful_conviction_signs
    page = client.get(criminal.get_absolute_url()).content.decode()
    assert f'<span class="badge flag">{LABEL}</span>' in page
    # a viewer of the same court sees the flag, without the form
    client.force_login(cast["addressee_viewer"])
    page = client.get(criminal.get_absolute_url()).content.decode()
    assert f'<span class="badge flag">{LABEL}</span>' in page and f'name="{FLAG}"' not in page


def test_the_followed_list_filters_by_it(client: Any, cast: dict[str, Any], criminal: Any,
                                         make_case: Any) -> None:
    wrongful = make_case(title="Vụ án lừa đảo chiếm đoạt tài sản", procedure="criminal",
                         number="08/2026/HS", events=[])
    case_services.case_flags_set(actor=cast["hdnd"], case=wrongful, reason="Đơn kêu oan",
                                 wrongful_conviction_signs=True)
    case_services.case_flags_set(actor=cast["hdnd"], case=criminal, reason="Bỏ lọt đồng phạm",
                                 missed_crime_signs=True)
    client.force_login(cast["mttq"])
    url = reverse("supervision:cases")
    with time_machine.travel(NOW, tick=False):
        everything = client.get(url).content.decode()
        only = client.get(url, {"flag": FLAG}).content.decode()
    assert "Vụ án lừa đảo" in everything and "Vụ án cố ý gây thương tích" in everything
    assert "Vụ án cố ý gây thương tích" in only and "Vụ án lừa đảo" not in only
    assert "Bỏ lọt đồng phạm" in only  # the reason the flag was set
    # the summary counts one case with the flag, linked to the filtered list
    count = re.search(rf'<a href="\?flag={FLAG}"[^>]*>{LABEL}</a>: <a href="\?flag={FLAG}">(\d+)</a>', everything)
    assert count is not None and count.group(1) == "1"
    # the flag form offers it
    assert f'<option value="{FLAG}">{LABEL}</option>' in everything
