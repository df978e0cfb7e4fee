"""Requests sent before 0003 have their kind of matter (Luật GĐTP Đ.26a k3 đoạn 2) only on
the event that sent them: the case's `expertise_ordered` event whose `ref` detail is the
request's number (`services.expertise_request_send`). Copy its `expertise_matter` detail
onto the request, so the lists and the request page name the kind and its limit as the
clock already applies it.

The event in force is taken: not withdrawn, not corrected by a later event (`supersedes`),
the last one when several carry the ref. A kind is copied only where it belongs to the
request's field, as the rule pairs them (the clock ignores a kind of another field, so the
request must not show that kind's limit); `FIELD_OF_MATTER` is a frozen copy of the pairs
of `rules/GDTP-26A.yaml` on 03/12/2026 (a migration never reads application code, which
may change after it). Requests that already have a kind are left alone: re-running changes
nothing. Reversing leaves the column as it is (0003 reversed drops it).
"""

from django.db import migrations

FIELD_OF_MATTER = {
    "forensic_sexual_abuse": "phap-y",
    "forensic_sexual_abuse_consulted": "phap-y",
    "forensic_laboratory": "phap-y",
    "forensic_laboratory_consulted": "phap-y",
    "cultural_product": "van-hoa",
}
CHUNK = 500


def matters_in_force(events):
    """(case id, ref) -> the kind of matter of the event in force for that request ("" for
    none), from `expertise_ordered` events given as (id, case id, data, supersedes id),
    withdrawn ones left out by the caller."""
    rows = sorted(events, key=lambda e: e[0])
    corrected = {supersedes for _id, _case, _data, supersedes in rows if supersedes}
    found = {}
    for event_id, case_id, data, _supersedes in rows:
        data = data or {}
        if event_id in corrected or not data.get("ref"):
            continue
        found[(case_id, data["ref"])] = data.get("expertise_matter") or ""
    return found


def copy_matters(apps, schema_editor):
    ExpertiseRequest = apps.get_model("expertise", "ExpertiseRequest")
    CaseEvent = apps.get_model("cases", "CaseEvent")
    pending = ExpertiseRequest.objects.filter(expertise_matter="").exclude(state="draft")
    last_id = 0
    while True:
        chunk = list(pending.filter(id__gt=last_id).order_by("id").values_list(
            "id", "case_id", "ref", "field__code")[:CHUNK])
        if not chunk:
            return
        last_id = chunk[-1][0]
        events = CaseEvent.objects.filter(
            case_id__in={case_id for _id, case_id, _ref, _field in chunk},
            type="expertise_ordered", withdrawn_at__isnull=True,
        ).values_list("id", "case_id", "data", "supersedes_id")
        found = matters_in_force(events)
        by_matter = {}
        for request_id, case_id, ref, field_code in chunk:
            matter = found.get((case_id, ref), "")
            if matter and FIELD_OF_MATTER.get(matter) == field_code:
                by_matter.setdefault(matter, []).append(request_id)
        for matter, ids in by_matter.items():
            ExpertiseRequest.objects.filter(id__in=ids).update(expertise_matter=matter)


class Migration(migrations.Migration):

    dependencies = [
        ("expertise", "0003_expertiserequest_expertise_matter"),
        ("cases", "0006_caseevent_import_key"),
    ]

    operations = [
        migrations.RunPython(copy_matters, migrations.RunPython.noop, elidable=True),
    ]
