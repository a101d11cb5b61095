"""The store tests run on both backends: SQLite files and PostgreSQL.

PostgreSQL is the server named by ``EVENTWIRE_TEST_PG`` (``.ci/run`` starts one
and sets it; by hand: ``eval "$(.ci/postgres)"``). Each test gets a fresh
schema of its own in that database, dropped afterwards. Without the variable
or a reachable server the PostgreSQL runs skip with the reason, unless
``EVENTWIRE_REQUIRE_PG=1`` (set by CI), which turns the skip into a failure.
"""
from __future__ import annotations

import os
import sqlite3
import uuid
from urllib.parse import quote

import pytest

from eventwire.store import schema

PG_ENV = "EVENTWIRE_TEST_PG"
BACKENDS = ["sqlite", "postgresql"]


def pg_base() -> str:
    """The test server's URL, or skip (fail under EVENTWIRE_REQUIRE_PG=1)."""
    url = os.environ.get(PG_ENV)
    why = None
    if not url:
        why = f"{PG_ENV} is not set (start a server with: eval \"$(.ci/postgres)\")"
    else:
        import psycopg
        try:
            psycopg.connect(url, connect_timeout=5).close()
        except psycopg.Error as e:
            why = f"PostgreSQL at {PG_ENV} is not reachable: {str(e).strip()[:200]}"
    if why:
        if os.environ.get("EVENTWIRE_REQUIRE_PG") == "1":
            pytest.fail(why)
        pytest.skip(why)
    return url


def with_schema(url: str, name: str) -> str:
    return url + ("&" if "?" in url else "?") + "options=" + quote(f"-csearch_path={name}")


class PgSchemas:
    """Fresh schemas in the test database, dropped by :meth:`drop_all`."""

    def __init__(self):
        self.base = pg_base()
        self.names: list[str] = []

    def new(self) -> str:
        import psycopg
        name = "t_" + uuid.uuid4().hex[:12]
        with psycopg.connect(self.base, autocommit=True) as con:
            con.execute(f"CREATE SCHEMA {name}")
        self.names.append(name)
        return with_schema(self.base, name)

    def drop_all(self) -> None:
        import psycopg
        with psycopg.connect(self.base, autocommit=True) as con:
            for name in self.names:
                con.execute(f"DROP SCHEMA IF EXISTS {name} CASCADE")


class Databases:
    """``new(name)``: the location of a fresh, empty database on ``backend``."""

    def __init__(self, backend: str, tmp_path):
        self.backend, self.tmp_path = backend, tmp_path
        self._pg = PgSchemas() if backend == "postgresql" else None
        self.made = 0

    def new(self, name: str = "t.db") -> str:
        """A new database each call (a file of its own, or a schema of its own)."""
        if self._pg is not None:
            return self._pg.new()
        self.made += 1
        return str(self.tmp_path / (name if self.made == 1 else f"{self.made}-{name}"))

    def close(self) -> None:
        if self._pg is not None:
            self._pg.drop_all()


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    return request.param


@pytest.fixture
def dbs(backend, tmp_path):
    d = Databases(backend, tmp_path)
    yield d
    d.close()


@pytest.fixture(params=BACKENDS, scope="module")
def module_dbs(request, tmp_path_factory):
    d = Databases(request.param, tmp_path_factory.mktemp("db"))
    yield d
    d.close()


def dump(db: str) -> list:
    """Everything stored, in a stable order (to compare a database before and after)."""
    if not db.startswith("postgresql"):
        con = sqlite3.connect(db)
        try:
            return list(con.iterdump())
        finally:
            con.close()
    import psycopg
    out: list = []
    with psycopg.connect(db) as con:
        out.append(con.execute("SELECT version FROM eventwire_schema").fetchall())
        for table in schema.TABLES:
            cols = [r[0] for r in con.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = %s "
                "AND table_schema = current_schema() ORDER BY ordinal_position", (table,))]
            order = ", ".join(f'"{c}"' for c in cols if c != "n" and not c.endswith("_fts"))
            out.append((table, con.execute(f"SELECT * FROM {table} ORDER BY {order}").fetchall()))
    return out
