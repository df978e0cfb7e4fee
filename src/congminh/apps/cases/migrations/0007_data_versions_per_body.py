"""Data versions per body (see `congminh.apps.cases.dbobjects`, of which this is a frozen
copy: that module re-creates the same objects after `migrate`), replacing the one data
version of 0004: a write to a case or a case number counts for the bodies the case touches
(holder, numbering bodies), any other versioned write for the pseudo-body 0 that every
scope includes; so a write in one body's case no longer drops every scope's cached counts
and pages (issue 12, item 3). SQLite: a counter row per body bumped by row triggers;
PostgreSQL: rows appended by statement triggers (no lock between writers, and unlike the
sequence of 0004 not counted before the writer commits).

Backwards: the new objects are dropped and those of 0004 (and the attendance triggers that
`dbobjects.ensure` added since) are created again.
"""

from django.db import migrations

OLD = ('cases_case', 'cases_agencynumber', 'organisations_organisation', 'organisations_organisation_predecessors', 'expertise_expertiserequest', 'expertise_expert', 'evidence_evidencerequest', 'complaints_complaint', 'supervision_supervisionplan', 'supervision_recommendation', 'attendance_summons', 'attendance_attendance')

SQLITE_CREATE = [
    'CREATE TABLE IF NOT EXISTS cases_bodyversion (body_id INTEGER PRIMARY KEY, n INTEGER NOT NULL)',
    'INSERT OR IGNORE INTO cases_bodyversion (body_id, n) VALUES (0, 1)',
    'CREATE TRIGGER IF NOT EXISTS cases_case_bv_insert AFTER INSERT ON cases_case BEGIN INSERT INTO cases_bodyversion (body_id, n) SELECT b, 1 FROM (SELECT holder_id AS b FROM cases_case WHERE id IN (SELECT new.id AS b) UNION SELECT organisation_id AS b FROM cases_agencynumber WHERE case_id IN (SELECT new.id AS b)) AS touched WHERE b IS NOT NULL ON CONFLICT (body_id) DO UPDATE SET n = n + 1; END',
    'CREATE TRIGGER IF NOT EXISTS cases_case_bv_update AFTER UPDATE ON cases_case BEGIN INSERT INTO cases_bodyversion (body_id, n) SELECT b, 1 FROM (SELECT old.holder_id AS b UNION SELECT holder_id AS b FROM cases_case WHERE id IN (SELECT new.id AS b) UNION SELECT organisation_id AS b FROM cases_agencynumber WHERE case_id IN (SELECT new.id AS b)) AS touched WHERE b IS NOT NULL ON CONFLICT (body_id) DO UPDATE SET n = n + 1; END',
    'CREATE TRIGGER IF NOT EXISTS cases_case_bv_delete AFTER DELETE ON cases_case BEGIN INSERT INTO cases_bodyversion (body_id, n) SELECT b, 1 FROM (SELECT old.holder_id AS b UNION SELECT organisation_id AS b FROM cases_agencynumber WHERE case_id IN (SELECT old.id AS b)) AS touched WHERE b IS NOT NULL ON CONFLICT (body_id) DO UPDATE SET n = n + 1; END',
    'CREATE TRIGGER IF NOT EXISTS cases_agencynumber_bv_insert AFTER INSERT ON cases_agencynumber BEGIN INSERT INTO cases_bodyversion (body_id, n) SELECT b, 1 FROM (SELECT holder_id AS b FROM cases_case WHERE id IN (SELECT new.case_id AS b) UNION SELECT organisation_id AS b FROM cases_agencynumber WHERE case_id IN (SELECT new.case_id AS b)) AS touched WHERE b IS NOT NULL ON CONFLICT (body_id) DO UPDATE SET n = n + 1; END',
    'CREATE TRIGGER IF NOT EXISTS cases_agencynumber_bv_update AFTER UPDATE ON cases_agencynumber BEGIN INSERT INTO cases_bodyversion (body_id, n) SELECT b, 1 FROM (SELECT old.organisation_id AS b UNION SELECT holder_id AS b FROM cases_case WHERE id IN (SELECT old.case_id AS b UNION SELECT new.case_id AS b) UNION SELECT organisation_id AS b FROM cases_agencynumber WHERE case_id IN (SELECT old.case_id AS b UNION SELECT new.case_id AS b)) AS touched WHERE b IS NOT NULL ON CONFLICT (body_id) DO UPDATE SET n = n + 1; END',
    'CREATE TRIGGER IF NOT EXISTS cases_agencynumber_bv_delete AFTER DELETE ON cases_agencynumber BEGIN INSERT INTO cases_bodyversion (body_id, n) SELECT b, 1 FROM (SELECT old.organisation_id AS b UNION SELECT holder_id AS b FROM cases_case WHERE id IN (SELECT old.case_id AS b) UNION SELECT organisation_id AS b FROM cases_agencynumber WHERE case_id IN (SELECT old.case_id AS b)) AS touched WHERE b IS NOT NULL ON CONFLICT (body_id) DO UPDATE SET n = n + 1; END',
    'CREATE TRIGGER IF NOT EXISTS organisations_organisation_bv_insert AFTER INSERT ON organisations_organisation BEGIN UPDATE cases_bodyversion SET n = n + 1 WHERE body_id = 0; END',
    'CREATE TRIGGER IF NOT EXISTS organisations_organisation_bv_update AFTER UPDATE ON organisations_organisation BEGIN UPDATE cases_bodyversion SET n = n + 1 WHERE body_id = 0; END',
    'CREATE TRIGGER IF NOT EXISTS organisations_organisation_bv_delete AFTER DELETE ON organisations_organisation BEGIN UPDATE cases_bodyversion SET n = n + 1 WHERE body_id = 0; END',
    'CREATE TRIGGER IF NOT EXISTS organisations_organisation_predecessors_bv_insert AFTER INSERT ON organisations_organisation_predecessors BEGIN UPDATE cases_bodyversion SET n = n + 1 WHERE body_id = 0; END',
    'CREATE TRIGGER IF NOT EXISTS organisations_organisation_predecessors_bv_update AFTER UPDATE ON organisations_organisation_predecessors BEGIN UPDATE cases_bodyversion SET n = n + 1 WHERE body_id = 0; END',
    'CREATE TRIGGER IF NOT EXISTS organisations_organisation_predecessors_bv_delete AFTER DELETE ON organisations_organisation_predecessors BEGIN UPDATE cases_bodyversion SET n = n + 1 WHERE body_id = 0; END',
    'CREATE TRIGGER IF NOT EXISTS expertise_expertiserequest_bv_insert AFTER INSERT ON expertise_expertiserequest BEGIN UPDATE cases_bodyversion SET n = n + 1 WHERE body_id = 0; END',
    'CREATE TRIGGER IF NOT EXISTS expertise_expertiserequest_bv_update AFTER UPDATE ON expertise_expertiserequest BEGIN UPDATE cases_bodyversion SET n = n + 1 WHERE body_id = 0; END',
    'CREATE TRIGGER IF NOT EXISTS expertise_expertiserequest_bv_delete AFTER DELETE ON expertise_expertiserequest BEGIN UPDATE cases_bodyversion SET n = n + 1 WHERE body_id = 0; END',
    'CREATE TRIGGER IF NOT EXISTS expertise_expert_bv_insert AFTER INSERT ON expertise_expert BEGIN UPDATE cases_bodyversion SET n = n + 1 WHERE body_id = 0; END',
    'CREATE TRIGGER IF NOT EXISTS expertise_expert_bv_update AFTER UPDATE ON expertise_expert BEGIN UPDATE cases_bodyversion SET n = n + 1 WHERE body_id = 0; END',
    'CREATE TRIGGER IF NOT EXISTS expertise_expert_bv_delete AFTER DELETE ON expertise_expert BEGIN UPDATE cases_bodyversion SET n = n + 1 WHERE body_id = 0; END',
    'CREATE TRIGGER IF NOT EXISTS evidence_evidencerequest_bv_insert AFTER INSERT ON evidence_evidencerequest BEGIN UPDATE cases_bodyversion SET n = n + 1 WHERE body_id = 0; END',
    'CREATE TRIGGER IF NOT EXISTS evidence_evidencerequest_bv_update AFTER UPDATE ON evidence_evidencerequest BEGIN UPDATE cases_bodyversion SET n = n + 1 WHERE body_id = 0; END',
    'CREATE TRIGGER IF NOT EXISTS evidence_evidencerequest_bv_delete AFTER DELETE ON evidence_evidencerequest BEGIN UPDATE cases_bodyversion SET n = n + 1 WHERE body_id = 0; END',
    'CREATE TRIGGER IF NOT EXISTS complaints_complaint_bv_insert AFTER INSERT ON complaints_complaint BEGIN UPDATE cases_bodyversion SET n = n + 1 WHERE body_id = 0; END',
    'CREATE TRIGGER IF NOT EXISTS complaints_complaint_bv_update AFTER UPDATE ON complaints_complaint BEGIN UPDATE cases_bodyversion SET n = n + 1 WHERE body_id = 0; END',
    'CREATE TRIGGER IF NOT EXISTS complaints_complaint_bv_delete AFTER DELETE ON complaints_complaint BEGIN UPDATE cases_bodyversion SET n = n + 1 WHERE body_id = 0; END',
    'CREATE TRIGGER IF NOT EXISTS supervision_supervisionplan_bv_insert AFTER INSERT ON supervision_supervisionplan BEGIN UPDATE cases_bodyversion SET n = n + 1 WHERE body_id = 0; END',
    'CREATE TRIGGER IF NOT EXISTS supervision_supervisionplan_bv_update AFTER UPDATE ON supervision_supervisionplan BEGIN UPDATE cases_bodyversion SET n = n + 1 WHERE body_id = 0; END',
    'CREATE TRIGGER IF NOT EXISTS supervision_supervisionplan_bv_delete AFTER DELETE ON supervision_supervisionplan BEGIN UPDATE cases_bodyversion SET n = n + 1 WHERE body_id = 0; END',
    'CREATE TRIGGER IF NOT EXISTS supervision_recommendation_bv_insert AFTER INSERT ON supervision_recommendation BEGIN UPDATE cases_bodyversion SET n = n + 1 WHERE body_id = 0; END',
    'CREATE TRIGGER IF NOT EXISTS supervision_recommendation_bv_update AFTER UPDATE ON supervision_recommendation BEGIN UPDATE cases_bodyversion SET n = n + 1 WHERE body_id = 0; END',
    'CREATE TRIGGER IF NOT EXISTS supervision_recommendation_bv_delete AFTER DELETE ON supervision_recommendation BEGIN UPDATE cases_bodyversion SET n = n + 1 WHERE body_id = 0; END',
    'CREATE TRIGGER IF NOT EXISTS attendance_summons_bv_insert AFTER INSERT ON attendance_summons BEGIN UPDATE cases_bodyversion SET n = n + 1 WHERE body_id = 0; END',
    'CREATE TRIGGER IF NOT EXISTS attendance_summons_bv_update AFTER UPDATE ON attendance_summons BEGIN UPDATE cases_bodyversion SET n = n + 1 WHERE body_id = 0; END',
    'CREATE TRIGGER IF NOT EXISTS attendance_summons_bv_delete AFTER DELETE ON attendance_summons BEGIN UPDATE cases_bodyversion SET n = n + 1 WHERE body_id = 0; END',
    'CREATE TRIGGER IF NOT EXISTS attendance_attendance_bv_insert AFTER INSERT ON attendance_attendance BEGIN UPDATE cases_bodyversion SET n = n + 1 WHERE body_id = 0; END',
    'CREATE TRIGGER IF NOT EXISTS attendance_attendance_bv_update AFTER UPDATE ON attendance_attendance BEGIN UPDATE cases_bodyversion SET n = n + 1 WHERE body_id = 0; END',
    'CREATE TRIGGER IF NOT EXISTS attendance_attendance_bv_delete AFTER DELETE ON attendance_attendance BEGIN UPDATE cases_bodyversion SET n = n + 1 WHERE body_id = 0; END',
]

TABLES = ("cases_case", "cases_agencynumber", *OLD[2:])
CASE_TABLES = TABLES[:2]
SQLITE_DROP = [*(f"DROP TRIGGER IF EXISTS {table}_bv_{when}" for table in TABLES
                 for when in ("insert", "update", "delete")),
               "DROP TABLE IF EXISTS cases_bodyversion"]

POSTGRES_CREATE = [
    'CREATE TABLE IF NOT EXISTS cases_bodyversion (id bigserial PRIMARY KEY, body_id bigint NOT NULL, n bigint NOT NULL)',
    'CREATE INDEX IF NOT EXISTS cases_bodyversion_body ON cases_bodyversion (body_id) INCLUDE (n)',
    'CREATE OR REPLACE FUNCTION cases_bump_shared_version() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO cases_bodyversion (body_id, n) VALUES (0, 1); RETURN NULL; END $$',
    'DROP TRIGGER IF EXISTS cases_case_bv ON cases_case',
    'DROP TRIGGER IF EXISTS cases_case_bv_insert ON cases_case',
    'DROP TRIGGER IF EXISTS cases_case_bv_update ON cases_case',
    'DROP TRIGGER IF EXISTS cases_case_bv_delete ON cases_case',
    'DROP TRIGGER IF EXISTS cases_case_bv_truncate ON cases_case',
    'DROP TRIGGER IF EXISTS cases_agencynumber_bv ON cases_agencynumber',
    'DROP TRIGGER IF EXISTS cases_agencynumber_bv_insert ON cases_agencynumber',
    'DROP TRIGGER IF EXISTS cases_agencynumber_bv_update ON cases_agencynumber',
    'DROP TRIGGER IF EXISTS cases_agencynumber_bv_delete ON cases_agencynumber',
    'DROP TRIGGER IF EXISTS cases_agencynumber_bv_truncate ON cases_agencynumber',
    'DROP TRIGGER IF EXISTS organisations_organisation_bv ON organisations_organisation',
    'DROP TRIGGER IF EXISTS organisations_organisation_bv_insert ON organisations_organisation',
    'DROP TRIGGER IF EXISTS organisations_organisation_bv_update ON organisations_organisation',
    'DROP TRIGGER IF EXISTS organisations_organisation_bv_delete ON organisations_organisation',
    'DROP TRIGGER IF EXISTS organisations_organisation_bv_truncate ON organisations_organisation',
    'DROP TRIGGER IF EXISTS organisations_organisation_predecessors_bv ON organisations_organisation_predecessors',
    'DROP TRIGGER IF EXISTS organisations_organisation_predecessors_bv_insert ON organisations_organisation_predecessors',
    'DROP TRIGGER IF EXISTS organisations_organisation_predecessors_bv_update ON organisations_organisation_predecessors',
    'DROP TRIGGER IF EXISTS organisations_organisation_predecessors_bv_delete ON organisations_organisation_predecessors',
    'DROP TRIGGER IF EXISTS organisations_organisation_predecessors_bv_truncate ON organisations_organisation_predecessors',
    'DROP TRIGGER IF EXISTS expertise_expertiserequest_bv ON expertise_expertiserequest',
    'DROP TRIGGER IF EXISTS expertise_expertiserequest_bv_insert ON expertise_expertiserequest',
    'DROP TRIGGER IF EXISTS expertise_expertiserequest_bv_update ON expertise_expertiserequest',
    'DROP TRIGGER IF EXISTS expertise_expertiserequest_bv_delete ON expertise_expertiserequest',
    'DROP TRIGGER IF EXISTS expertise_expertiserequest_bv_truncate ON expertise_expertiserequest',
    'DROP TRIGGER IF EXISTS expertise_expert_bv ON expertise_expert',
    'DROP TRIGGER IF EXISTS expertise_expert_bv_insert ON expertise_expert',
    'DROP TRIGGER IF EXISTS expertise_expert_bv_update ON expertise_expert',
    'DROP TRIGGER IF EXISTS expertise_expert_bv_delete ON expertise_expert',
    'DROP TRIGGER IF EXISTS expertise_expert_bv_truncate ON expertise_expert',
    'DROP TRIGGER IF EXISTS evidence_evidencerequest_bv ON evidence_evidencerequest',
    'DROP TRIGGER IF EXISTS evidence_evidencerequest_bv_insert ON evidence_evidencerequest',
    'DROP TRIGGER IF EXISTS evidence_evidencerequest_bv_update ON evidence_evidencerequest',
    'DROP TRIGGER IF EXISTS evidence_evidencerequest_bv_delete ON evidence_evidencerequest',
    'DROP TRIGGER IF EXISTS evidence_evidencerequest_bv_truncate ON evidence_evidencerequest',
    'DROP TRIGGER IF EXISTS complaints_complaint_bv ON complaints_complaint',
    'DROP TRIGGER IF EXISTS complaints_complaint_bv_insert ON complaints_complaint',
    'DROP TRIGGER IF EXISTS complaints_complaint_bv_update ON complaints_complaint',
    'DROP TRIGGER IF EXISTS complaints_complaint_bv_delete ON complaints_complaint',
    'DROP TRIGGER IF EXISTS complaints_complaint_bv_truncate ON complaints_complaint',
    'DROP TRIGGER IF EXISTS supervision_supervisionplan_bv ON supervision_supervisionplan',
    'DROP TRIGGER IF EXISTS supervision_supervisionplan_bv_insert ON supervision_supervisionplan',
    'DROP TRIGGER IF EXISTS supervision_supervisionplan_bv_update ON supervision_supervisionplan',
    'DROP TRIGGER IF EXISTS supervision_supervisionplan_bv_delete ON supervision_supervisionplan',
    'DROP TRIGGER IF EXISTS supervision_supervisionplan_bv_truncate ON supervision_supervisionplan',
    'DROP TRIGGER IF EXISTS supervision_recommendation_bv ON supervision_recommendation',
    'DROP TRIGGER IF EXISTS supervision_recommendation_bv_insert ON supervision_recommendation',
    'DROP TRIGGER IF EXISTS supervision_recommendation_bv_update ON supervision_recommendation',
    'DROP TRIGGER IF EXISTS supervision_recommendation_bv_delete ON supervision_recommendation',
    'DROP TRIGGER IF EXISTS supervision_recommendation_bv_truncate ON supervision_recommendation',
    'DROP TRIGGER IF EXISTS attendance_summons_bv ON attendance_summons',
    'DROP TRIGGER IF EXISTS attendance_summons_bv_insert ON attendance_summons',
    'DROP TRIGGER IF EXISTS attendance_summons_bv_update ON attendance_summons',
    'DROP TRIGGER IF EXISTS attendance_summons_bv_delete ON attendance_summons',
    'DROP TRIGGER IF EXISTS attendance_summons_bv_truncate ON attendance_summons',
    'DROP TRIGGER IF EXISTS attendance_attendance_bv ON attendance_attendance',
    'DROP TRIGGER IF EXISTS attendance_attendance_bv_insert ON attendance_attendance',
    'DROP TRIGGER IF EXISTS attendance_attendance_bv_update ON attendance_attendance',
    'DROP TRIGGER IF EXISTS attendance_attendance_bv_delete ON attendance_attendance',
    'DROP TRIGGER IF EXISTS attendance_attendance_bv_truncate ON attendance_attendance',
    'CREATE TRIGGER organisations_organisation_bv AFTER INSERT OR UPDATE OR DELETE ON organisations_organisation FOR EACH STATEMENT EXECUTE FUNCTION cases_bump_shared_version()',
    'CREATE TRIGGER organisations_organisation_predecessors_bv AFTER INSERT OR UPDATE OR DELETE ON organisations_organisation_predecessors FOR EACH STATEMENT EXECUTE FUNCTION cases_bump_shared_version()',
    'CREATE TRIGGER expertise_expertiserequest_bv AFTER INSERT OR UPDATE OR DELETE ON expertise_expertiserequest FOR EACH STATEMENT EXECUTE FUNCTION cases_bump_shared_version()',
    'CREATE TRIGGER expertise_expert_bv AFTER INSERT OR UPDATE OR DELETE ON expertise_expert FOR EACH STATEMENT EXECUTE FUNCTION cases_bump_shared_version()',
    'CREATE TRIGGER evidence_evidencerequest_bv AFTER INSERT OR UPDATE OR DELETE ON evidence_evidencerequest FOR EACH STATEMENT EXECUTE FUNCTION cases_bump_shared_version()',
    'CREATE TRIGGER complaints_complaint_bv AFTER INSERT OR UPDATE OR DELETE ON complaints_complaint FOR EACH STATEMENT EXECUTE FUNCTION cases_bump_shared_version()',
    'CREATE TRIGGER supervision_supervisionplan_bv AFTER INSERT OR UPDATE OR DELETE ON supervision_supervisionplan FOR EACH STATEMENT EXECUTE FUNCTION cases_bump_shared_version()',
    'CREATE TRIGGER supervision_recommendation_bv AFTER INSERT OR UPDATE OR DELETE ON supervision_recommendation FOR EACH STATEMENT EXECUTE FUNCTION cases_bump_shared_version()',
    'CREATE TRIGGER attendance_summons_bv AFTER INSERT OR UPDATE OR DELETE ON attendance_summons FOR EACH STATEMENT EXECUTE FUNCTION cases_bump_shared_version()',
    'CREATE TRIGGER attendance_attendance_bv AFTER INSERT OR UPDATE OR DELETE ON attendance_attendance FOR EACH STATEMENT EXECUTE FUNCTION cases_bump_shared_version()',
    'CREATE OR REPLACE FUNCTION cases_case_bump_insert() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO cases_bodyversion (body_id, n) SELECT b, 1 FROM (SELECT b FROM (SELECT holder_id AS b FROM cases_case WHERE id IN (SELECT id AS b FROM new_rows) UNION SELECT organisation_id AS b FROM cases_agencynumber WHERE case_id IN (SELECT id AS b FROM new_rows)) AS touched WHERE b IS NOT NULL) AS bodies; RETURN NULL; END $$',
    'CREATE TRIGGER cases_case_bv_insert AFTER INSERT ON cases_case REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION cases_case_bump_insert()',
    'CREATE OR REPLACE FUNCTION cases_case_bump_update() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO cases_bodyversion (body_id, n) SELECT b, 1 FROM (SELECT b FROM (SELECT holder_id AS b FROM old_rows UNION SELECT holder_id AS b FROM cases_case WHERE id IN (SELECT id AS b FROM new_rows) UNION SELECT organisation_id AS b FROM cases_agencynumber WHERE case_id IN (SELECT id AS b FROM new_rows)) AS touched WHERE b IS NOT NULL) AS bodies; RETURN NULL; END $$',
    'CREATE TRIGGER cases_case_bv_update AFTER UPDATE ON cases_case REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION cases_case_bump_update()',
    'CREATE OR REPLACE FUNCTION cases_case_bump_delete() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO cases_bodyversion (body_id, n) SELECT b, 1 FROM (SELECT b FROM (SELECT holder_id AS b FROM old_rows UNION SELECT organisation_id AS b FROM cases_agencynumber WHERE case_id IN (SELECT id AS b FROM old_rows)) AS touched WHERE b IS NOT NULL) AS bodies; RETURN NULL; END $$',
    'CREATE TRIGGER cases_case_bv_delete AFTER DELETE ON cases_case REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION cases_case_bump_delete()',
    'CREATE OR REPLACE FUNCTION cases_agencynumber_bump_insert() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO cases_bodyversion (body_id, n) SELECT b, 1 FROM (SELECT b FROM (SELECT holder_id AS b FROM cases_case WHERE id IN (SELECT case_id AS b FROM new_rows) UNION SELECT organisation_id AS b FROM cases_agencynumber WHERE case_id IN (SELECT case_id AS b FROM new_rows)) AS touched WHERE b IS NOT NULL) AS bodies; RETURN NULL; END $$',
    'CREATE TRIGGER cases_agencynumber_bv_insert AFTER INSERT ON cases_agencynumber REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION cases_agencynumber_bump_insert()',
    'CREATE OR REPLACE FUNCTION cases_agencynumber_bump_update() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO cases_bodyversion (body_id, n) SELECT b, 1 FROM (SELECT b FROM (SELECT organisation_id AS b FROM old_rows UNION SELECT holder_id AS b FROM cases_case WHERE id IN (SELECT case_id AS b FROM old_rows UNION SELECT case_id AS b FROM new_rows) UNION SELECT organisation_id AS b FROM cases_agencynumber WHERE case_id IN (SELECT case_id AS b FROM old_rows UNION SELECT case_id AS b FROM new_rows)) AS touched WHERE b IS NOT NULL) AS bodies; RETURN NULL; END $$',
    'CREATE TRIGGER cases_agencynumber_bv_update AFTER UPDATE ON cases_agencynumber REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION cases_agencynumber_bump_update()',
    'CREATE OR REPLACE FUNCTION cases_agencynumber_bump_delete() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO cases_bodyversion (body_id, n) SELECT b, 1 FROM (SELECT b FROM (SELECT organisation_id AS b FROM old_rows UNION SELECT holder_id AS b FROM cases_case WHERE id IN (SELECT case_id AS b FROM old_rows) UNION SELECT organisation_id AS b FROM cases_agencynumber WHERE case_id IN (SELECT case_id AS b FROM old_rows)) AS touched WHERE b IS NOT NULL) AS bodies; RETURN NULL; END $$',
    'CREATE TRIGGER cases_agencynumber_bv_delete AFTER DELETE ON cases_agencynumber REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION cases_agencynumber_bump_delete()',
    'CREATE TRIGGER cases_case_bv_truncate AFTER TRUNCATE ON cases_case FOR EACH STATEMENT EXECUTE FUNCTION cases_bump_shared_version()',
    'CREATE TRIGGER cases_agencynumber_bv_truncate AFTER TRUNCATE ON cases_agencynumber FOR EACH STATEMENT EXECUTE FUNCTION cases_bump_shared_version()',
    'CREATE TRIGGER organisations_organisation_bv_truncate AFTER TRUNCATE ON organisations_organisation FOR EACH STATEMENT EXECUTE FUNCTION cases_bump_shared_version()',
    'CREATE TRIGGER organisations_organisation_predecessors_bv_truncate AFTER TRUNCATE ON organisations_organisation_predecessors FOR EACH STATEMENT EXECUTE FUNCTION cases_bump_shared_version()',
    'CREATE TRIGGER expertise_expertiserequest_bv_truncate AFTER TRUNCATE ON expertise_expertiserequest FOR EACH STATEMENT EXECUTE FUNCTION cases_bump_shared_version()',
    'CREATE TRIGGER expertise_expert_bv_truncate AFTER TRUNCATE ON expertise_expert FOR EACH STATEMENT EXECUTE FUNCTION cases_bump_shared_version()',
    'CREATE TRIGGER evidence_evidencerequest_bv_truncate AFTER TRUNCATE ON evidence_evidencerequest FOR EACH STATEMENT EXECUTE FUNCTION cases_bump_shared_version()',
    'CREATE TRIGGER complaints_complaint_bv_truncate AFTER TRUNCATE ON complaints_complaint FOR EACH STATEMENT EXECUTE FUNCTION cases_bump_shared_version()',
    'CREATE TRIGGER supervision_supervisionplan_bv_truncate AFTER TRUNCATE ON supervision_supervisionplan FOR EACH STATEMENT EXECUTE FUNCTION cases_bump_shared_version()',
    'CREATE TRIGGER supervision_recommendation_bv_truncate AFTER TRUNCATE ON supervision_recommendation FOR EACH STATEMENT EXECUTE FUNCTION cases_bump_shared_version()',
    'CREATE TRIGGER attendance_summons_bv_truncate AFTER TRUNCATE ON attendance_summons FOR EACH STATEMENT EXECUTE FUNCTION cases_bump_shared_version()',
    'CREATE TRIGGER attendance_attendance_bv_truncate AFTER TRUNCATE ON attendance_attendance FOR EACH STATEMENT EXECUTE FUNCTION cases_bump_shared_version()',
]

POSTGRES_DROP = [
    *(f"DROP TRIGGER IF EXISTS {table}_bv{suffix} ON {table}" for table in TABLES
      for suffix in ("", "_insert", "_update", "_delete", "_truncate")),
    *(f"DROP FUNCTION IF EXISTS {table}_bump_{when}()" for table in CASE_TABLES
      for when in ("insert", "update", "delete")),
    "DROP FUNCTION IF EXISTS cases_bump_shared_version()",
    "DROP TABLE IF EXISTS cases_bodyversion",
]


def sqlite_drop_old():
    sql = [f"DROP TRIGGER IF EXISTS {table}_dv_{when}" for table in OLD for when in ("insert", "update", "delete")]
    return [*sql, "DROP TABLE IF EXISTS cases_dataversion"]


def postgres_drop_old():
    sql = [f"DROP TRIGGER IF EXISTS {table}_dv ON {table}" for table in OLD]
    return [*sql, "DROP FUNCTION IF EXISTS cases_bump_data_version()", "DROP SEQUENCE IF EXISTS cases_data_version"]


def sqlite_old():
    bump = "UPDATE cases_dataversion SET n = n + 1 WHERE id = 1"
    sql = ["CREATE TABLE IF NOT EXISTS cases_dataversion (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)",
           "INSERT OR IGNORE INTO cases_dataversion (id, n) VALUES (1, 1)"]
    return sql + [f"CREATE TRIGGER IF NOT EXISTS {table}_dv_{when.lower()} AFTER {when} ON {table} "
                  f"BEGIN {bump}; END" for table in OLD for when in ("INSERT", "UPDATE", "DELETE")]


def postgres_old():
    sql = ["CREATE SEQUENCE IF NOT EXISTS cases_data_version",
           "CREATE OR REPLACE FUNCTION cases_bump_data_version() RETURNS trigger LANGUAGE plpgsql "
           "AS $$ BEGIN PERFORM nextval('cases_data_version'); RETURN NULL; END $$"]
    for table in OLD:
        sql += [f"DROP TRIGGER IF EXISTS {table}_dv ON {table}",
                f"CREATE TRIGGER {table}_dv AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION cases_bump_data_version()"]
    return sql


def _run(schema_editor, statements):
    for sql in statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql, params=None)


def forwards(apps, schema_editor):
    _run(schema_editor, {"sqlite": sqlite_drop_old() + SQLITE_CREATE,
                         "postgresql": postgres_drop_old() + POSTGRES_CREATE})


def backwards(apps, schema_editor):
    _run(schema_editor, {"sqlite": SQLITE_DROP + sqlite_old(), "postgresql": POSTGRES_DROP + postgres_old()})


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0006_caseevent_import_key"),
        ("organisations", "0001_initial"),
        ("expertise", "0001_initial"),
        ("evidence", "0001_initial"),
        ("complaints", "0001_initial"),
        ("supervision", "0001_initial"),
        ("attendance", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
    ]
