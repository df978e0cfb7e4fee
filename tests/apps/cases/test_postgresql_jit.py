"""PostgreSQL: the application's database compiles no query just in time (migration
cases 0012): compiling the province-wide counts took longer than running them."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL setting")
def test_the_database_is_set_to_run_without_jit(db: Any) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT setconfig FROM pg_db_role_setting s JOIN pg_database d "
                       "ON d.oid = s.setdatabase WHERE d.datname = current_database() "
                       "AND s.setrole = 0")
        settings = [value for row in cursor.fetchall() for value in row[0]]
    assert "jit=off" in settings
