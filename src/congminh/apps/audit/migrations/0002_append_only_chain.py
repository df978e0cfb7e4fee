"""The audit trail keeps who did what after a user is deleted (`actor_name`, no foreign
key constraint), is chained by hashes (`prev_hash`, `hash`, computed here for the rows
already stored) and is append-only at the database level (triggers)."""

import datetime as dt
import hashlib
import json

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

_HASHED = ("at", "actor_id", "actor_name", "action", "object_type", "object_id", "case_id",
           "field", "old_value", "new_value", "note")
_TABLE = "audit_auditentry"
_MESSAGE = "audit trail is append-only"


def _entry_hash(prev_hash, fields):
    # Frozen copy of `audit.services.entry_hash` (a test checks they agree).
    at, *rest = fields
    stamp = at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    payload = json.dumps([stamp, *rest], sort_keys=True, separators=(",", ":"))
    return hashlib.sha256((prev_hash + payload).encode("ascii")).hexdigest()


def _label(user):
    full = f"{user.first_name} {user.last_name}".strip()
    return f"{user.username} — {full}" if full else user.username


def backfill(apps, schema_editor):
    """Names of the actors, then the chain over the stored rows in id order, in batches
    (bounded memory; rerunnable: it recomputes from the start)."""
    entry = apps.get_model("audit", "AuditEntry")
    user = apps.get_model("accounts", "User")
    names = {u.pk: _label(u) for u in user.objects.only("id", "username", "first_name", "last_name")}
    connection = schema_editor.connection
    table = connection.ops.quote_name(_TABLE)
    prev, batch = "", []
    rows = entry.objects.order_by("id").values_list("id", *_HASHED)
    with connection.cursor() as cursor:
        for pk, *fields in rows.iterator(chunk_size=2000):
            fields[2] = names.get(fields[1], "")[:255]
            digest = _entry_hash(prev, fields)
            batch.append((fields[2], prev, digest, pk))
            prev = digest
            if len(batch) >= 2000:
                cursor.executemany(f"UPDATE {table} SET actor_name = %s, prev_hash = %s, hash = %s WHERE id = %s", batch)
                batch = []
        if batch:
            cursor.executemany(f"UPDATE {table} SET actor_name = %s, prev_hash = %s, hash = %s WHERE id = %s", batch)


_SQLITE = [
    f"CREATE TRIGGER IF NOT EXISTS {_TABLE}_no_update BEFORE UPDATE ON {_TABLE} "
    f"BEGIN SELECT RAISE(ABORT, '{_MESSAGE}'); END",
    f"CREATE TRIGGER IF NOT EXISTS {_TABLE}_no_delete BEFORE DELETE ON {_TABLE} "
    f"BEGIN SELECT RAISE(ABORT, '{_MESSAGE}'); END",
]
_SQLITE_DROP = [f"DROP TRIGGER IF EXISTS {_TABLE}_no_update", f"DROP TRIGGER IF EXISTS {_TABLE}_no_delete"]
_POSTGRES = [
    f"CREATE OR REPLACE FUNCTION {_TABLE}_refuse() RETURNS trigger LANGUAGE plpgsql AS $$ "
    f"BEGIN RAISE EXCEPTION '{_MESSAGE}' USING ERRCODE = 'insufficient_privilege'; END $$",
    f"DROP TRIGGER IF EXISTS {_TABLE}_no_change ON {_TABLE}",
    f"CREATE TRIGGER {_TABLE}_no_change BEFORE UPDATE OR DELETE ON {_TABLE} "
    f"FOR EACH ROW EXECUTE FUNCTION {_TABLE}_refuse()",
]
_POSTGRES_DROP = [f"DROP TRIGGER IF EXISTS {_TABLE}_no_change ON {_TABLE}",
                  f"DROP FUNCTION IF EXISTS {_TABLE}_refuse()"]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)
    return run


class Migration(migrations.Migration):

    dependencies = [
        ("audit", "0001_initial"),
        ("accounts", "0002_view_personal_data"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="auditentry",
            name="actor",
            field=models.ForeignKey(
                blank=True, db_constraint=False, null=True,
                on_delete=django.db.models.deletion.DO_NOTHING, related_name="+",
                to=settings.AUTH_USER_MODEL, verbose_name="actor",
            ),
        ),
        migrations.AddField(
            model_name="auditentry",
            name="actor_name",
            field=models.CharField(
                blank=True, default="", help_text="The actor's login and full name when the entry was written.",
                max_length=255, verbose_name="actor name",
            ),
        ),
        migrations.AddField(
            model_name="auditentry",
            name="prev_hash",
            field=models.CharField(
                blank=True, default="", help_text="The hash of the entry before this one (empty for the first).",
                max_length=64, verbose_name="previous hash",
            ),
        ),
        migrations.AddField(
            model_name="auditentry",
            name="hash",
            field=models.CharField(
                blank=True, default="", help_text="SHA-256 over the previous hash and this entry's fields.",
                max_length=64, verbose_name="hash",
            ),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
        migrations.RunPython(
            _run({"sqlite": _SQLITE, "postgresql": _POSTGRES}),
            _run({"sqlite": _SQLITE_DROP, "postgresql": _POSTGRES_DROP}),
        ),
    ]
