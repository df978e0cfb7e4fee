"""Data versions per province (see `congminh.apps.cases.dbobjects`, of which this is a
frozen copy: that module re-creates the same objects after `migrate`): every count of a
body's writes counts for the body's province too, in `cases_provinceversion`, so a scope
that reads every body of a province is versioned by one row, not by some 400 (issue 12:
the data-version query of a province-wide user named every body). SQLite: a trigger on the
body counters; PostgreSQL: the statement triggers' functions of the case tables (and of a
body's kind) append the province rows with the body rows, in one statement.

Backwards: the triggers and the table are dropped, the functions restored as in 0009.
"""

from django.db import migrations

SQLITE = [
    'CREATE TABLE IF NOT EXISTS cases_provinceversion (province_code TEXT PRIMARY KEY, n INTEGER NOT NULL)',
    "CREATE TRIGGER IF NOT EXISTS cases_bodyversion_pv_insert AFTER INSERT ON cases_bodyversion WHEN new.body_id <> 0 BEGIN INSERT INTO cases_provinceversion (province_code, n) SELECT DISTINCT province_code, 1 FROM organisations_organisation WHERE id IN (SELECT new.body_id) AND province_code <> '' ON CONFLICT (province_code) DO UPDATE SET n = n + 1; END",
    "CREATE TRIGGER IF NOT EXISTS cases_bodyversion_pv_update AFTER UPDATE OF n ON cases_bodyversion WHEN new.body_id <> 0 AND new.n > old.n BEGIN INSERT INTO cases_provinceversion (province_code, n) SELECT DISTINCT province_code, 1 FROM organisations_organisation WHERE id IN (SELECT new.body_id) AND province_code <> '' ON CONFLICT (province_code) DO UPDATE SET n = n + 1; END",
]

SQLITE_DROP = [
    'DROP TRIGGER IF EXISTS cases_bodyversion_pv_insert',
    'DROP TRIGGER IF EXISTS cases_bodyversion_pv_update',
    'DROP TABLE IF EXISTS cases_provinceversion',
]

POSTGRES = [
    'CREATE TABLE IF NOT EXISTS cases_provinceversion (id bigserial PRIMARY KEY, province_code varchar(8) NOT NULL, n bigint NOT NULL)',
    'CREATE INDEX IF NOT EXISTS cases_provinceversion_code ON cases_provinceversion (province_code) INCLUDE (n)',
    "CREATE OR REPLACE FUNCTION organisations_organisation_bump_kind() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN WITH touched AS (SELECT b FROM (SELECT id AS b FROM organisations_organisation WHERE id IN (SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE o.kind IS DISTINCT FROM n.kind) UNION SELECT holder_id AS b FROM cases_case WHERE id IN (SELECT case_id FROM cases_caseevent WHERE organisation_id IN (SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE o.kind IS DISTINCT FROM n.kind)) UNION SELECT organisation_id AS b FROM cases_agencynumber WHERE case_id IN (SELECT case_id FROM cases_caseevent WHERE organisation_id IN (SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE o.kind IS DISTINCT FROM n.kind))) AS touched WHERE b IS NOT NULL), counted AS (INSERT INTO cases_bodyversion (body_id, n) SELECT b, 1 FROM touched) INSERT INTO cases_provinceversion (province_code, n) SELECT DISTINCT province_code, 1 FROM organisations_organisation WHERE id IN (SELECT b FROM touched) AND province_code <> ''; RETURN NULL; END $$",
    "CREATE OR REPLACE FUNCTION cases_case_bump_insert() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN WITH touched AS (SELECT b FROM (SELECT holder_id AS b FROM cases_case WHERE id IN (SELECT id AS b FROM new_rows) UNION SELECT organisation_id AS b FROM cases_agencynumber WHERE case_id IN (SELECT id AS b FROM new_rows)) AS touched WHERE b IS NOT NULL), counted AS (INSERT INTO cases_bodyversion (body_id, n) SELECT b, 1 FROM touched) INSERT INTO cases_provinceversion (province_code, n) SELECT DISTINCT province_code, 1 FROM organisations_organisation WHERE id IN (SELECT b FROM touched) AND province_code <> ''; RETURN NULL; END $$",
    "CREATE OR REPLACE FUNCTION cases_case_bump_update() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN WITH touched AS (SELECT b FROM (SELECT holder_id AS b FROM old_rows UNION SELECT holder_id AS b FROM cases_case WHERE id IN (SELECT id AS b FROM new_rows) UNION SELECT organisation_id AS b FROM cases_agencynumber WHERE case_id IN (SELECT id AS b FROM new_rows)) AS touched WHERE b IS NOT NULL), counted AS (INSERT INTO cases_bodyversion (body_id, n) SELECT b, 1 FROM touched) INSERT INTO cases_provinceversion (province_code, n) SELECT DISTINCT province_code, 1 FROM organisations_organisation WHERE id IN (SELECT b FROM touched) AND province_code <> ''; RETURN NULL; END $$",
    "CREATE OR REPLACE FUNCTION cases_case_bump_delete() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN WITH touched AS (SELECT b FROM (SELECT holder_id AS b FROM old_rows UNION SELECT organisation_id AS b FROM cases_agencynumber WHERE case_id IN (SELECT id AS b FROM old_rows)) AS touched WHERE b IS NOT NULL), counted AS (INSERT INTO cases_bodyversion (body_id, n) SELECT b, 1 FROM touched) INSERT INTO cases_provinceversion (province_code, n) SELECT DISTINCT province_code, 1 FROM organisations_organisation WHERE id IN (SELECT b FROM touched) AND province_code <> ''; RETURN NULL; END $$",
    "CREATE OR REPLACE FUNCTION cases_agencynumber_bump_insert() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN WITH touched AS (SELECT b FROM (SELECT holder_id AS b FROM cases_case WHERE id IN (SELECT case_id AS b FROM new_rows) UNION SELECT organisation_id AS b FROM cases_agencynumber WHERE case_id IN (SELECT case_id AS b FROM new_rows)) AS touched WHERE b IS NOT NULL), counted AS (INSERT INTO cases_bodyversion (body_id, n) SELECT b, 1 FROM touched) INSERT INTO cases_provinceversion (province_code, n) SELECT DISTINCT province_code, 1 FROM organisations_organisation WHERE id IN (SELECT b FROM touched) AND province_code <> ''; RETURN NULL; END $$",
    "CREATE OR REPLACE FUNCTION cases_agencynumber_bump_update() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN WITH touched AS (SELECT b FROM (SELECT organisation_id AS b FROM old_rows UNION SELECT holder_id AS b FROM cases_case WHERE id IN (SELECT case_id AS b FROM old_rows UNION SELECT case_id AS b FROM new_rows) UNION SELECT organisation_id AS b FROM cases_agencynumber WHERE case_id IN (SELECT case_id AS b FROM old_rows UNION SELECT case_id AS b FROM new_rows)) AS touched WHERE b IS NOT NULL), counted AS (INSERT INTO cases_bodyversion (body_id, n) SELECT b, 1 FROM touched) INSERT INTO cases_provinceversion (province_code, n) SELECT DISTINCT province_code, 1 FROM organisations_organisation WHERE id IN (SELECT b FROM touched) AND province_code <> ''; RETURN NULL; END $$",
    "CREATE OR REPLACE FUNCTION cases_agencynumber_bump_delete() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN WITH touched AS (SELECT b FROM (SELECT organisation_id AS b FROM old_rows UNION SELECT holder_id AS b FROM cases_case WHERE id IN (SELECT case_id AS b FROM old_rows) UNION SELECT organisation_id AS b FROM cases_agencynumber WHERE case_id IN (SELECT case_id AS b FROM old_rows)) AS touched WHERE b IS NOT NULL), counted AS (INSERT INTO cases_bodyversion (body_id, n) SELECT b, 1 FROM touched) INSERT INTO cases_provinceversion (province_code, n) SELECT DISTINCT province_code, 1 FROM organisations_organisation WHERE id IN (SELECT b FROM touched) AND province_code <> ''; RETURN NULL; END $$",
    "CREATE OR REPLACE FUNCTION cases_caseevent_bump_insert() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN WITH touched AS (SELECT b FROM (SELECT holder_id AS b FROM cases_case WHERE id IN (SELECT case_id AS b FROM new_rows) UNION SELECT organisation_id AS b FROM cases_agencynumber WHERE case_id IN (SELECT case_id AS b FROM new_rows)) AS touched WHERE b IS NOT NULL), counted AS (INSERT INTO cases_bodyversion (body_id, n) SELECT b, 1 FROM touched) INSERT INTO cases_provinceversion (province_code, n) SELECT DISTINCT province_code, 1 FROM organisations_organisation WHERE id IN (SELECT b FROM touched) AND province_code <> ''; RETURN NULL; END $$",
    "CREATE OR REPLACE FUNCTION cases_caseevent_bump_update() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN WITH touched AS (SELECT b FROM (SELECT holder_id AS b FROM cases_case WHERE id IN (SELECT case_id AS b FROM old_rows UNION SELECT case_id AS b FROM new_rows) UNION SELECT organisation_id AS b FROM cases_agencynumber WHERE case_id IN (SELECT case_id AS b FROM old_rows UNION SELECT case_id AS b FROM new_rows)) AS touched WHERE b IS NOT NULL), counted AS (INSERT INTO cases_bodyversion (body_id, n) SELECT b, 1 FROM touched) INSERT INTO cases_provinceversion (province_code, n) SELECT DISTINCT province_code, 1 FROM organisations_organisation WHERE id IN (SELECT b FROM touched) AND province_code <> ''; RETURN NULL; END $$",
    "CREATE OR REPLACE FUNCTION cases_caseevent_bump_delete() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN WITH touched AS (SELECT b FROM (SELECT holder_id AS b FROM cases_case WHERE id IN (SELECT case_id AS b FROM old_rows) UNION SELECT organisation_id AS b FROM cases_agencynumber WHERE case_id IN (SELECT case_id AS b FROM old_rows)) AS touched WHERE b IS NOT NULL), counted AS (INSERT INTO cases_bodyversion (body_id, n) SELECT b, 1 FROM touched) INSERT INTO cases_provinceversion (province_code, n) SELECT DISTINCT province_code, 1 FROM organisations_organisation WHERE id IN (SELECT b FROM touched) AND province_code <> ''; RETURN NULL; END $$",
]

POSTGRES_BACK = [
    'CREATE OR REPLACE FUNCTION organisations_organisation_bump_kind() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO cases_bodyversion (body_id, n) SELECT b, 1 FROM (SELECT b FROM (SELECT id AS b FROM organisations_organisation WHERE id IN (SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE o.kind IS DISTINCT FROM n.kind) UNION SELECT holder_id AS b FROM cases_case WHERE id IN (SELECT case_id FROM cases_caseevent WHERE organisation_id IN (SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE o.kind IS DISTINCT FROM n.kind)) UNION SELECT organisation_id AS b FROM cases_agencynumber WHERE case_id IN (SELECT case_id FROM cases_caseevent WHERE organisation_id IN (SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE o.kind IS DISTINCT FROM n.kind))) AS touched WHERE b IS NOT NULL) AS bodies; RETURN NULL; END $$',
    'CREATE OR REPLACE FUNCTION cases_case_bump_insert() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO cases_bodyversion (body_id, n) SELECT b, 1 FROM (SELECT b FROM (SELECT holder_id AS b FROM cases_case WHERE id IN (SELECT id AS b FROM new_rows) UNION SELECT organisation_id AS b FROM cases_agencynumber WHERE case_id IN (SELECT id AS b FROM new_rows)) AS touched WHERE b IS NOT NULL) AS bodies; RETURN NULL; END $$',
    'CREATE OR REPLACE FUNCTION cases_case_bump_update() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO cases_bodyversion (body_id, n) SELECT b, 1 FROM (SELECT b FROM (SELECT holder_id AS b FROM old_rows UNION SELECT holder_id AS b FROM cases_case WHERE id IN (SELECT id AS b FROM new_rows) UNION SELECT organisation_id AS b FROM cases_agencynumber WHERE case_id IN (SELECT id AS b FROM new_rows)) AS touched WHERE b IS NOT NULL) AS bodies; RETURN NULL; END $$',
    'CREATE OR REPLACE FUNCTION cases_case_bump_delete() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO cases_bodyversion (body_id, n) SELECT b, 1 FROM (SELECT b FROM (SELECT holder_id AS b FROM old_rows UNION SELECT organisation_id AS b FROM cases_agencynumber WHERE case_id IN (SELECT id AS b FROM old_rows)) AS touched WHERE b IS NOT NULL) AS bodies; RETURN NULL; END $$',
    'CREATE OR REPLACE FUNCTION cases_agencynumber_bump_insert() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO cases_bodyversion (body_id, n) SELECT b, 1 FROM (SELECT b FROM (SELECT holder_id AS b FROM cases_case WHERE id IN (SELECT case_id AS b FROM new_rows) UNION SELECT organisation_id AS b FROM cases_agencynumber WHERE case_id IN (SELECT case_id AS b FROM new_rows)) AS touched WHERE b IS NOT NULL) AS bodies; RETURN NULL; END $$',
    'CREATE OR REPLACE FUNCTION cases_agencynumber_bump_update() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO cases_bodyversion (body_id, n) SELECT b, 1 FROM (SELECT b FROM (SELECT organisation_id AS b FROM old_rows UNION SELECT holder_id AS b FROM cases_case WHERE id IN (SELECT case_id AS b FROM old_rows UNION SELECT case_id AS b FROM new_rows) UNION SELECT organisation_id AS b FROM cases_agencynumber WHERE case_id IN (SELECT case_id AS b FROM old_rows UNION SELECT case_id AS b FROM new_rows)) AS touched WHERE b IS NOT NULL) AS bodies; RETURN NULL; END $$',
    'CREATE OR REPLACE FUNCTION cases_agencynumber_bump_delete() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO cases_bodyversion (body_id, n) SELECT b, 1 FROM (SELECT b FROM (SELECT organisation_id AS b FROM old_rows UNION SELECT holder_id AS b FROM cases_case WHERE id IN (SELECT case_id AS b FROM old_rows) UNION SELECT organisation_id AS b FROM cases_agencynumber WHERE case_id IN (SELECT case_id AS b FROM old_rows)) AS touched WHERE b IS NOT NULL) AS bodies; RETURN NULL; END $$',
    'CREATE OR REPLACE FUNCTION cases_caseevent_bump_insert() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO cases_bodyversion (body_id, n) SELECT b, 1 FROM (SELECT b FROM (SELECT holder_id AS b FROM cases_case WHERE id IN (SELECT case_id AS b FROM new_rows) UNION SELECT organisation_id AS b FROM cases_agencynumber WHERE case_id IN (SELECT case_id AS b FROM new_rows)) AS touched WHERE b IS NOT NULL) AS bodies; RETURN NULL; END $$',
    'CREATE OR REPLACE FUNCTION cases_caseevent_bump_update() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO cases_bodyversion (body_id, n) SELECT b, 1 FROM (SELECT b FROM (SELECT holder_id AS b FROM cases_case WHERE id IN (SELECT case_id AS b FROM old_rows UNION SELECT case_id AS b FROM new_rows) UNION SELECT organisation_id AS b FROM cases_agencynumber WHERE case_id IN (SELECT case_id AS b FROM old_rows UNION SELECT case_id AS b FROM new_rows)) AS touched WHERE b IS NOT NULL) AS bodies; RETURN NULL; END $$',
    'CREATE OR REPLACE FUNCTION cases_caseevent_bump_delete() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO cases_bodyversion (body_id, n) SELECT b, 1 FROM (SELECT b FROM (SELECT holder_id AS b FROM cases_case WHERE id IN (SELECT case_id AS b FROM old_rows) UNION SELECT organisation_id AS b FROM cases_agencynumber WHERE case_id IN (SELECT case_id AS b FROM old_rows)) AS touched WHERE b IS NOT NULL) AS bodies; RETURN NULL; END $$',
    'DROP TABLE IF EXISTS cases_provinceversion',
]


def _run(schema_editor, statements):
    for sql in statements:
        schema_editor.execute(sql, params=None)


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    _run(schema_editor, {"sqlite": SQLITE, "postgresql": POSTGRES}.get(vendor, []))


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    _run(schema_editor, {"sqlite": SQLITE_DROP, "postgresql": POSTGRES_BACK}.get(vendor, []))


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0009_event_and_kind_versions"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
