"""The store's database: created on open (SQLite: WAL, foreign keys), versioned schema
through the same migrations on SQLite and PostgreSQL, clean open errors."""
from __future__ import annotations

import sqlite3
import threading

import psycopg
import pytest

from eventwire.errors import StoreError
from eventwire.store import SCHEMA_VERSION, Store
from eventwire.store import schema as schema_mod
from eventwire.store import sqlite as sqlite_mod
from eventwire.store.dialect import pg_migration, pg_query, pg_upsert
from tests.store.records_factory import lavrov_record

LAYERS = ("sentences", "actors", "actor_mentions", "events", "event_actors", "quotes", "places",
          "times", "errors")


def _tables(store) -> set[str]:
    if store.path.startswith("postgresql"):
        return {r["table_name"] for r in store.sql(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = current_schema()")}
    return {r["name"] for r in store.sql("SELECT name FROM sqlite_master WHERE type='table'")}


def _columns(store, table: str) -> list[str]:
    if store.path.startswith("postgresql"):
        return [r["column_name"] for r in store.sql(
            "SELECT column_name FROM information_schema.columns WHERE table_name = ? "
            "AND table_schema = current_schema() ORDER BY ordinal_position", [table])]
    return [r["name"] for r in store.sql(f"PRAGMA table_info({table})")]


def _set_version(db: str, version: int) -> None:
    if db.startswith("postgresql"):
        with psycopg.connect(db, autocommit=True) as con:
            con.execute("UPDATE eventwire_schema SET version = %s", (version,))
        return
    con = sqlite3.connect(db)
    con.execute(f"PRAGMA user_version = {version}")
    con.close()


def _add_migration(monkeypatch, script: str) -> None:
    """Pretend this eventwire has one more migration (both backends read it)."""
    for mod in (schema_mod, sqlite_mod):
        monkeypatch.setattr(mod, "MIGRATIONS", schema_mod.MIGRATIONS + [script])
        monkeypatch.setattr(mod, "SCHEMA_VERSION", SCHEMA_VERSION + 1)


def test_sqlite_open_creates_a_wal_database_at_the_current_version(tmp_path):
    db = tmp_path / "new.db"
    with Store(db) as store:
        assert store.version == SCHEMA_VERSION >= 1
        assert store.con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.con.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    con = sqlite3.connect(db)
    tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    con.close()
    assert {"articles", "sentences", "actors", "actor_mentions", "events", "event_actors",
            "quotes", "places", "times", "errors", "articles_fts", "quotes_fts"} <= tables


def test_every_layer_table_has_a_foreign_key_to_articles(tmp_path):
    with Store(tmp_path / "fk.db") as store:
        for table in ("sentences", "actors", "actor_mentions", "events", "event_actors",
                      "quotes", "places", "times", "errors"):
            fks = store.con.execute(f"PRAGMA foreign_key_list({table})").fetchall()
            assert any(fk["table"] == "articles" for fk in fks), table


def test_newer_schema_is_ew302(dbs):
    db = dbs.new("future.db")
    Store(db).close()
    _set_version(db, SCHEMA_VERSION + 1)
    with pytest.raises(StoreError) as e:
        Store(db)
    assert e.value.code == "EW302" and "newer" in str(e.value)
    if not db.startswith("postgresql"):
        assert str(db) in str(e.value)


def test_missing_file_without_create_is_ew301(tmp_path):
    with pytest.raises(StoreError) as e:
        Store(tmp_path / "absent.db", create=False)
    assert e.value.code == "EW301"
    assert not (tmp_path / "absent.db").exists()


@pytest.mark.parametrize("content", [b"this is not a database at all" * 100, None])
def test_garbage_file_or_directory_is_ew301(tmp_path, content):
    p = tmp_path / "x.db"
    if content is None:
        p.mkdir()
    else:
        p.write_bytes(content)
    with pytest.raises(StoreError) as e:
        Store(p)
    assert e.value.code == "EW301"


def test_foreign_database_without_version_is_refused(dbs):
    db = dbs.new("other.db")
    if db.startswith("postgresql"):
        with psycopg.connect(db, autocommit=True) as con:
            con.execute("CREATE TABLE articles (x integer)")   # someone else's articles
    else:
        con = sqlite3.connect(db)
        con.execute("CREATE TABLE mine (x)")
        con.commit()
        con.close()
    with pytest.raises(StoreError) as e:
        Store(db)
    assert e.value.code == "EW301" and "not an eventwire database" in str(e.value)


# a migration as another engineer would add one: portable SQL, SQLite's dialect
NEW_MIGRATION = """
ALTER TABLE articles ADD COLUMN language TEXT;
CREATE INDEX articles_lang ON articles(language);
CREATE TABLE sizes (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    event_id   TEXT NOT NULL,
    amount     REAL,                       -- a number: 8 bytes on both backends
    unit       TEXT,
    PRIMARY KEY (article_id, event_id)
) WITHOUT ROWID;
"""


def test_migration_from_version_1_upward_keeps_the_data(dbs, monkeypatch):
    db = dbs.new("v1.db")
    with Store(db) as store:
        store.write_batch([lavrov_record()])
        assert store.version == SCHEMA_VERSION
    _add_migration(monkeypatch, NEW_MIGRATION)
    with Store(db) as store:
        assert store.version == SCHEMA_VERSION + 1
        assert "language" in _columns(store, "articles")
        assert store.record("art-lavrov").as_dict() == lavrov_record().as_dict()
        assert len(store.articles(search="Abadi")) == 1
        # the new table works through the store's own SQL on either backend
        store._transaction(lambda: store.con.execute(
            "INSERT OR IGNORE INTO sizes (article_id, event_id, amount, unit) VALUES (?, ?, ?, ?)",
            ("art-lavrov", "e2", 0.1 + 0.2, "tonnes")))
        store._transaction(lambda: store.con.execute(
            "INSERT OR IGNORE INTO sizes (article_id, event_id, amount, unit) VALUES (?, ?, ?, ?)",
            ("art-lavrov", "e2", 99.0, "again: ignored")))
        assert store.sql("SELECT amount, unit FROM sizes WHERE unit LIKE ?", ["TON%"]) == [
            {"amount": 0.1 + 0.2, "unit": "tonnes"}]
        store._transaction(lambda: store.con.execute(
            "INSERT OR REPLACE INTO sizes (article_id, event_id, amount, unit) VALUES (?, ?, ?, ?)",
            ("art-lavrov", "e2", 7.5, "replaced")))
        assert store.sql("SELECT amount, substr(unit, 1, length(unit) - 2) AS u FROM sizes") \
            == [{"amount": 7.5, "u": "replac"}]
        store.delete_article("art-lavrov")
        assert store.sql("SELECT count(*) AS n FROM sizes") == [{"n": 0}]


def test_a_failing_migration_leaves_the_old_version(dbs, monkeypatch):
    db = dbs.new("v1.db")
    Store(db).close()
    _add_migration(monkeypatch, "CREATE TABLE ok (x INTEGER);\nTHIS IS NOT SQL;")
    with pytest.raises(StoreError) as e:
        Store(db)
    assert e.value.code == "EW303"
    monkeypatch.undo()
    with Store(db) as store:
        assert store.version == SCHEMA_VERSION
        assert "ok" not in _tables(store)


def test_unopenable_path_is_ew301(tmp_path):
    with pytest.raises(StoreError) as e:
        Store(tmp_path / "no" / "such" / "dir" / "x.db")
    assert e.value.code == "EW301"


def test_memory_database_works_and_is_private():
    with Store(":memory:") as a, Store(":memory:") as b:
        a.write_batch([lavrov_record()])
        assert len(a.articles()) == 1 and b.articles() == []


# ---------------------------------------------------------------- PostgreSQL

@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_postgres_gets_the_same_tables_with_tsvector_search_and_cascades(dbs):
    with Store(dbs.new()) as store:
        assert type(store).__name__ == "PostgresStore"
        assert store.version == SCHEMA_VERSION >= 1
        assert {"articles", *LAYERS, "eventwire_schema"} <= _tables(store)
        assert "articles_fts" in _columns(store, "articles")
        assert "quotes_fts" in _columns(store, "quotes")
        for table in LAYERS:
            refs = store.sql(
                "SELECT confdeltype FROM pg_constraint WHERE contype = 'f' AND "
                "conrelid = to_regclass(?) AND confrelid = to_regclass('articles')", [table])
            assert [r["confdeltype"] for r in refs] == ["c"], table   # ON DELETE CASCADE
        # SQLite's REAL is 8 bytes: so is the column here (no float4 rounding)
        types = {r["column_name"]: r["data_type"] for r in store.sql(
            "SELECT column_name, data_type FROM information_schema.columns "
            "WHERE table_name = 'places' AND table_schema = current_schema()")}
        assert types["lat"] == "double precision" and types["geonameid"] == "bigint"


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_postgres_empty_database_without_create_is_ew301_and_stays_empty(dbs):
    db = dbs.new()
    with pytest.raises(StoreError) as e:
        Store(db, create=False)
    assert e.value.code == "EW301" and "no eventwire tables" in str(e.value)
    with psycopg.connect(db) as con:
        assert con.execute("SELECT to_regclass('articles')").fetchone()[0] is None


def test_unreachable_server_is_ew301_without_the_password():
    with pytest.raises(StoreError) as e:
        Store("postgresql://someone:s3cret@127.0.0.1:1/nowhere")
    assert e.value.code == "EW301" and "cannot connect" in str(e.value)
    assert "s3cret" not in str(e.value) and "127.0.0.1:1/nowhere" in str(e.value)


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_postgres_several_openers_of_a_new_database_migrate_it_once(dbs):
    db = dbs.new()
    versions, failures = [], []

    def open_it():
        try:
            with Store(db) as store:
                versions.append(store.version)
        except Exception as e:  # collected: the assertion below names it
            failures.append(e)

    threads = [threading.Thread(target=open_it) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == [] and versions == [SCHEMA_VERSION] * 6
    with psycopg.connect(db) as con:
        assert con.execute("SELECT count(*) FROM eventwire_schema").fetchone()[0] == 1


def test_dialect_rewrites_the_schema_and_queries_for_postgres():
    stmts = pg_migration(NEW_MIGRATION)
    assert stmts[0] == 'ALTER TABLE articles ADD COLUMN language TEXT COLLATE "C"'
    assert "DOUBLE PRECISION" in stmts[2] and "WITHOUT ROWID" not in stmts[2]
    v1 = pg_migration(schema_mod.MIGRATIONS[0])
    assert not any("fts5" in s or "TRIGGER" in s for s in v1)
    assert any("GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY" in s for s in v1)
    assert any(s.startswith("ALTER TABLE articles ADD COLUMN articles_fts tsvector") for s in v1)
    assert pg_query("INSERT OR IGNORE INTO t (a) VALUES (?)") == \
        "INSERT INTO t (a) VALUES (%s) ON CONFLICT DO NOTHING"
    assert pg_query("SELECT '50%?' WHERE a LIKE ? -- a comment?") == \
        "SELECT '50%%?' WHERE a ILIKE %s"
    assert pg_upsert("INSERT OR REPLACE INTO f (url, etag) VALUES (?, ?)", ["url"]) == (
        'INSERT INTO f (url, etag) VALUES (%s, %s) ON CONFLICT ("url") DO UPDATE SET '
        '"etag" = EXCLUDED."etag"')
    assert pg_migration("INSERT OR IGNORE INTO k (a) VALUES ('50%');") == (
        "INSERT INTO k (a) VALUES ('50%') ON CONFLICT DO NOTHING",)


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_a_role_that_may_only_read_and_write_rows_ingests_with_happenings(dbs):
    """The owner makes the schema; a writer role granted only row rights (no CREATE in
    the schema, PostgreSQL 15's default for ordinary roles) then writes articles and
    folds their events into happenings, and a reader role granted SELECT reads them."""
    from urllib.parse import urlsplit, urlunsplit
    from tests.store.records_factory import small_record

    db = dbs.new()
    Store(db).close()                               # the owner migrates
    schema_name = db.rsplit("search_path%3D", 1)[-1].split("&")[0]
    suffix = schema_name.removeprefix("t_")
    writer, reader = f"ew_w_{suffix}", f"ew_r_{suffix}"

    def as_role(role: str) -> str:
        parts = urlsplit(db)
        host = parts.netloc.rsplit("@", 1)[-1]
        return urlunsplit(parts._replace(netloc=f"{role}@{host}"))

    admin = psycopg.connect(db, autocommit=True)
    try:
        for role in (writer, reader):
            admin.execute(f"CREATE ROLE {role} LOGIN")
            admin.execute(f"GRANT USAGE ON SCHEMA {schema_name} TO {role}")
        admin.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA "
                      f"{schema_name} TO {writer}")
        admin.execute(f"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA "
                      f"{schema_name} TO {writer}")
        admin.execute(f"GRANT SELECT ON ALL TABLES IN SCHEMA {schema_name} TO {reader}")
        with Store(as_role(writer)) as store:
            assert store.write([small_record(i) for i in range(6)], batch_size=3)["written"] == 6
            assert store.write([small_record(i) for i in range(6, 9)])["written"] == 3
        with Store(as_role(reader), readonly=True) as store:
            assert store.stats()["layers"]["articles"] == 9
            assert store.sql("SELECT count(*) AS n FROM happening_mentions")[0]["n"] == 9
            with pytest.raises(StoreError):     # and it may not write
                store.write([small_record(20)])
    finally:
        admin.execute(f"DROP OWNED BY {writer}, {reader}")
        admin.execute(f"DROP ROLE IF EXISTS {writer}")
        admin.execute(f"DROP ROLE IF EXISTS {reader}")
        admin.close()
