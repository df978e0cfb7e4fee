"""PostgreSQL: no just-in-time compilation of queries in the application's database.

The counts of a province-wide scope (the dashboard's, issue #12) read the 196,000 cases of
the P province, and the planner's cost for them (3-7 million, from the scope's `OR EXISTS`)
is over every JIT threshold: PostgreSQL then compiled each query before running it, and the
compiling took longer than the query (EXPLAIN ANALYZE on the P province after a write: the
dashboard's counts by holder, procedure, stage and status 1,194 ms of which 806 ms JIT,
682 ms without; its flag counts 852 ms of which 571 ms JIT, 239 ms without). The pages ask
short queries again and again; none gains from compiling. Set for the database, so every new
connection has it (`ALTER DATABASE ... SET jit = off`); a role that may not alter the
database keeps PostgreSQL's default (the setting is then the administrator's), which the
migration does not treat as an error. SQLite: nothing to do.
"""

from typing import Any

from django.db import DatabaseError, migrations, transaction


def _jit(value: str) -> Any:
    def run(apps: Any, schema_editor: Any) -> None:
        connection = schema_editor.connection
        if connection.vendor != "postgresql":
            return
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_database()")
            name = connection.ops.quote_name(cursor.fetchone()[0])
            try:
                with transaction.atomic(using=connection.alias):  # a savepoint: may be refused
                    cursor.execute(f"ALTER DATABASE {name} {value}")
            except DatabaseError:
                pass  # not the database's owner: the administrator's setting stays
    return run


class Migration(migrations.Migration):
    dependencies = [("cases", "0011_search_tokens")]

    operations = [migrations.RunPython(_jit("SET jit = off"), _jit("RESET jit"))]
