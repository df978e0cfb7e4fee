"""`Case.missed_crime_signs`: the supervision flag «Có dấu hiệu bỏ lọt tội phạm» (signs
that a crime was let slip), beside «Có dấu hiệu oan, sai» (directive point 5; the annual
report counts both).

The column is added in place with its default, not by Django's SQLite table rebuild: the
rebuild renames a copy of `cases_case` over the original, which the data-version triggers
of 0004/0007 (on the tables that reference cases) refuse, and it would copy the province's
cases row by row. SQLite keeps the column's `DEFAULT 0` (Django always writes the value);
PostgreSQL drops it after filling the rows, as Django does.
"""

from django.db import migrations, models

FORWARDS = {
    "sqlite": ["ALTER TABLE cases_case ADD COLUMN missed_crime_signs bool NOT NULL DEFAULT 0"],
    "postgresql": ["ALTER TABLE cases_case ADD COLUMN missed_crime_signs boolean NOT NULL DEFAULT false",
                   "ALTER TABLE cases_case ALTER COLUMN missed_crime_signs DROP DEFAULT"],
}
BACKWARDS = ["ALTER TABLE cases_case DROP COLUMN missed_crime_signs"]


def forwards(apps, schema_editor):
    for sql in FORWARDS[schema_editor.connection.vendor]:
        schema_editor.execute(sql, params=None)


def backwards(apps, schema_editor):
    for sql in BACKWARDS:
        schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0012_postgresql_jit_off"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(forwards, backwards)],
            state_operations=[
                migrations.AddField(
                    model_name="case",
                    name="missed_crime_signs",
                    field=models.BooleanField(default=False, verbose_name="signs of a crime let slip"),
                ),
            ],
        ),
    ]
