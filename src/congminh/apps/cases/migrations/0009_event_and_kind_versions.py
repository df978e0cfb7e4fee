"""Data versions of case events and of a body's kind (see `congminh.apps.cases.dbobjects`,
of which this is a frozen copy: that module re-creates the same objects after `migrate`):
a write to a case event counts for the bodies of its case (holder, numbering bodies), as a
write to the case does, even when it leaves no audit entry and does not touch the case (a
data migration withdrawing events); a body's kind changed counts for that body and for the
bodies of the cases whose events it recorded (the kind decides which body an event is
attributed to). Judgment quality keeps each holding body's figures under its version.

Backwards: these triggers and their functions are dropped.
"""

from django.db import migrations

SQLITE = [
    'CREATE TRIGGER IF NOT EXISTS cases_caseevent_bv_insert AFTER INSERT ON cases_caseevent BEGIN INSERT INTO cases_bodyversion (body_id, n) SELECT b, 1 FROM (SELECT holder_id AS b FROM cases_case WHERE id IN (SELECT new.case_id AS b) UNION SELECT organisation_id AS b FROM cases_agencynumber WHERE case_id IN (SELECT new.case_id AS b)) AS touched WHERE b IS NOT NULL ON CONFLICT (body_id) DO UPDATE SET n = n + 1; END',
    'CREATE TRIGGER IF NOT EXISTS cases_caseevent_bv_update AFTER UPDATE ON cases_caseevent BEGIN INSERT INTO cases_bodyversion (body_id, n) SELECT b, 1 FROM (SELECT holder_id AS b FROM cases_case WHERE id IN (SELECT old.case_id AS b UNION SELECT new.case_id AS b) UNION SELECT organisation_id AS b FROM cases_agencynumber WHERE case_id IN (SELECT old.case_id AS b UNION SELECT new.case_id AS b)) AS touched WHERE b IS NOT NULL ON CONFLICT (body_id) DO UPDATE SET n = n + 1; END',
    'CREATE TRIGGER IF NOT EXISTS cases_caseevent_bv_delete AFTER DELETE ON cases_caseevent BEGIN INSERT INTO cases_bodyversion (body_id, n) SELECT b, 1 FROM (SELECT holder_id AS b FROM cases_case WHERE id IN (SELECT old.case_id AS b) UNION SELECT organisation_id AS b FROM cases_agencynumber WHERE case_id IN (SELECT old.case_id AS b)) AS touched WHERE b IS NOT NULL ON CONFLICT (body_id) DO UPDATE SET n = n + 1; END',
    'CREATE TRIGGER IF NOT EXISTS organisations_organisation_bv_kind AFTER UPDATE OF kind ON organisations_organisation WHEN old.kind IS NOT new.kind BEGIN INSERT INTO cases_bodyversion (body_id, n) SELECT b, 1 FROM (SELECT id AS b FROM organisations_organisation WHERE id IN (SELECT new.id) UNION SELECT holder_id AS b FROM cases_case WHERE id IN (SELECT case_id FROM cases_caseevent WHERE organisation_id IN (SELECT new.id)) UNION SELECT organisation_id AS b FROM cases_agencynumber WHERE case_id IN (SELECT case_id FROM cases_caseevent WHERE organisation_id IN (SELECT new.id))) AS touched WHERE b IS NOT NULL ON CONFLICT (body_id) DO UPDATE SET n = n + 1; END',
]

SQLITE_DROP = [*(f"DROP TRIGGER IF EXISTS cases_caseevent_bv_{when}" for when in ("insert", "update", "delete")),
               "DROP TRIGGER IF EXISTS organisations_organisation_bv_kind"]

POSTGRES = [
    *(f"DROP TRIGGER IF EXISTS cases_caseevent_bv_{when} ON cases_caseevent" for when in ("insert", "update", "delete")),
    "DROP TRIGGER IF EXISTS organisations_organisation_bv_kind ON organisations_organisation",
    'CREATE OR REPLACE FUNCTION organisations_organisation_bump_kind() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO cases_bodyversion (body_id, n) SELECT b, 1 FROM (SELECT b FROM (SELECT id AS b FROM organisations_organisation WHERE id IN (SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE o.kind IS DISTINCT FROM n.kind) UNION SELECT holder_id AS b FROM cases_case WHERE id IN (SELECT case_id FROM cases_caseevent WHERE organisation_id IN (SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE o.kind IS DISTINCT FROM n.kind)) UNION SELECT organisation_id AS b FROM cases_agencynumber WHERE case_id IN (SELECT case_id FROM cases_caseevent WHERE organisation_id IN (SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE o.kind IS DISTINCT FROM n.kind))) AS touched WHERE b IS NOT NULL) AS bodies; RETURN NULL; END $$',
    'CREATE TRIGGER organisations_organisation_bv_kind AFTER UPDATE ON organisations_organisation REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION organisations_organisation_bump_kind()',
    'CREATE OR REPLACE FUNCTION cases_caseevent_bump_insert() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO cases_bodyversion (body_id, n) SELECT b, 1 FROM (SELECT b FROM (SELECT holder_id AS b FROM cases_case WHERE id IN (SELECT case_id AS b FROM new_rows) UNION SELECT organisation_id AS b FROM cases_agencynumber WHERE case_id IN (SELECT case_id AS b FROM new_rows)) AS touched WHERE b IS NOT NULL) AS bodies; RETURN NULL; END $$',
    'CREATE TRIGGER cases_caseevent_bv_insert AFTER INSERT ON cases_caseevent REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION cases_caseevent_bump_insert()',
    'CREATE OR REPLACE FUNCTION cases_caseevent_bump_update() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO cases_bodyversion (body_id, n) SELECT b, 1 FROM (SELECT b FROM (SELECT holder_id AS b FROM cases_case WHERE id IN (SELECT case_id AS b FROM old_rows UNION SELECT case_id AS b FROM new_rows) UNION SELECT organisation_id AS b FROM cases_agencynumber WHERE case_id IN (SELECT case_id AS b FROM old_rows UNION SELECT case_id AS b FROM new_rows)) AS touched WHERE b IS NOT NULL) AS bodies; RETURN NULL; END $$',
    'CREATE TRIGGER cases_caseevent_bv_update AFTER UPDATE ON cases_caseevent REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION cases_caseevent_bump_update()',
    'CREATE OR REPLACE FUNCTION cases_caseevent_bump_delete() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO cases_bodyversion (body_id, n) SELECT b, 1 FROM (SELECT b FROM (SELECT holder_id AS b FROM cases_case WHERE id IN (SELECT case_id AS b FROM old_rows) UNION SELECT organisation_id AS b FROM cases_agencynumber WHERE case_id IN (SELECT case_id AS b FROM old_rows)) AS touched WHERE b IS NOT NULL) AS bodies; RETURN NULL; END $$',
    'CREATE TRIGGER cases_caseevent_bv_delete AFTER DELETE ON cases_caseevent REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION cases_caseevent_bump_delete()',
]

POSTGRES_DROP = [
    *(f"DROP TRIGGER IF EXISTS cases_caseevent_bv_{when} ON cases_caseevent" for when in ("insert", "update", "delete")),
    "DROP TRIGGER IF EXISTS organisations_organisation_bv_kind ON organisations_organisation",
    *(f"DROP FUNCTION IF EXISTS cases_caseevent_bump_{when}()" for when in ("insert", "update", "delete")),
    "DROP FUNCTION IF EXISTS organisations_organisation_bump_kind()",
]


def _run(schema_editor, statements):
    for sql in statements:
        schema_editor.execute(sql, params=None)


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    _run(schema_editor, {"sqlite": SQLITE, "postgresql": POSTGRES}.get(vendor, []))


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    _run(schema_editor, {"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}.get(vendor, []))


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0008_stage_appellate_trial"),
        ("organisations", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
