"""`CaseEvent.import_key`: the events stored by the bulk writer (imports, the demo loader)
are unique per case by the database (issue 12, item 6: two imports of overlapping files at
the same moment both stored the same events).

The key of every stored imported or demo event is computed here as the bulk writer computes
it (`cases.bulk.event_import_key`, of which `_key` is a frozen copy: type, ISO date and the
details as sorted JSON, a signed 64-bit BLAKE2b digest). Events stored twice before this
migration (same case, same key) are resolved without losing anything: one keeps the key
(the first still in force, else the first), the others stay in the log, withdrawn with the
reason, as a clerk withdraws a mistaken event; the daily clock refresh then recomputes
those cases without them.
"""

import hashlib
import json

from django.db import migrations, models
from django.utils import timezone

SOURCES = ("import", "demo")
CHUNK = 2000
REASON = "Bản ghi trùng của sự kiện #{} (hai lần nhập cùng lúc), tự động rút khi nâng cấp dữ liệu"


def _key(type_, date, data):
    raw = "\x1f".join((type_, date.isoformat(), json.dumps(data, sort_keys=True) if data else "")).encode()
    return int.from_bytes(hashlib.blake2b(raw, digest_size=8).digest(), "big", signed=True)


def fill_keys(apps, schema_editor):
    CaseEvent = apps.get_model("cases", "CaseEvent")
    keys = []  # (event id, key)
    duplicates = []  # (event id, id of the event that keeps the key)
    kept = {}  # (case id, key) -> [event id, withdrawn]
    rows = CaseEvent.objects.filter(source__in=SOURCES).order_by("case_id", "id").values_list(
        "id", "case_id", "type", "date", "data", "withdrawn_at")
    current_case = None
    for eid, case_id, type_, date, data, withdrawn_at in rows.iterator(chunk_size=5000):
        if case_id != current_case:  # one case at a time: memory stays flat
            _resolve(kept, keys, duplicates)
            kept, current_case = {}, case_id
        key = _key(type_, date, data)
        first = kept.get((case_id, key))
        if first is None:
            kept[(case_id, key)] = [eid, withdrawn_at is not None, []]
        elif first[1] and withdrawn_at is None:
            # The first copy was withdrawn, this one is in force: it keeps the key.
            first[2].append(first[0])
            first[0], first[1] = eid, False
        else:
            first[2].append(eid)
    _resolve(kept, keys, duplicates)
    connection = schema_editor.connection
    table = connection.ops.quote_name(CaseEvent._meta.db_table)
    with connection.cursor() as cursor:
        for start in range(0, len(keys), CHUNK):
            chunk = keys[start:start + CHUNK]
            values = ", ".join(["(%s, %s)"] * len(chunk))
            cursor.execute(
                f"WITH v(id, k) AS (VALUES {values}) "
                f"UPDATE {table} SET import_key = v.k FROM v WHERE {table}.id = v.id",
                [x for pair in chunk for x in pair])
    now = timezone.now()
    for eid, keeper in duplicates:
        CaseEvent.objects.filter(id=eid, withdrawn_at__isnull=True).update(
            withdrawn_at=now, withdrawal_reason=REASON.format(keeper))


def _resolve(kept, keys, duplicates):
    for (_, key), (eid, _, others) in kept.items():
        keys.append((eid, key))
        duplicates += [(other, eid) for other in others]


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0005_case_list_order"),
    ]

    operations = [
        migrations.AddField(
            model_name="caseevent",
            name="import_key",
            field=models.BigIntegerField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(fill_keys, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="caseevent",
            constraint=models.UniqueConstraint(fields=("case", "import_key"), name="uniq_imported_event"),
        ),
    ]
