"""The store's file: created on open, WAL, foreign keys, versioned schema, clean open errors."""
from __future__ import annotations

import sqlite3

import pytest

from eventwire.errors import StoreError
from eventwire.store import SCHEMA_VERSION, Store
from eventwire.store import schema as schema_mod
from eventwire.store import sqlite as sqlite_mod
from tests.store.records_factory import lavrov_record


def test_open_creates_a_wal_database_at_the_current_version(tmp_path):
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


def test_newer_schema_is_ew302(tmp_path):
    db = tmp_path / "future.db"
    Store(db).close()
    con = sqlite3.connect(db)
    con.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    con.close()
    with pytest.raises(StoreError) as e:
        Store(db)
    assert e.value.code == "EW302" and str(db) in str(e.value)


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


def test_foreign_database_without_version_is_refused(tmp_path):
    db = tmp_path / "other.db"
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE mine (x)")
    con.commit()
    con.close()
    with pytest.raises(StoreError) as e:
        Store(db)
    assert e.value.code == "EW301"


def test_migration_from_version_1_upward_keeps_the_data(tmp_path, monkeypatch):
    db = tmp_path / "v1.db"
    with Store(db) as store:
        store.write_batch([lavrov_record()])
        assert store.version == SCHEMA_VERSION
    extra = "ALTER TABLE articles ADD COLUMN language TEXT;\nCREATE INDEX articles_lang ON articles(language);"
    monkeypatch.setattr(sqlite_mod, "MIGRATIONS", schema_mod.MIGRATIONS + [extra])
    monkeypatch.setattr(sqlite_mod, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    with Store(db) as store:
        assert store.version == SCHEMA_VERSION + 1
        cols = [r["name"] for r in store.con.execute("PRAGMA table_info(articles)")]
        assert "language" in cols
        assert store.record("art-lavrov").as_dict() == lavrov_record().as_dict()
        assert len(store.articles(search="Abadi")) == 1


def test_a_failing_migration_leaves_the_old_version(tmp_path, monkeypatch):
    db = tmp_path / "v1.db"
    Store(db).close()
    monkeypatch.setattr(sqlite_mod, "MIGRATIONS",
                        schema_mod.MIGRATIONS + ["CREATE TABLE ok (x);\nTHIS IS NOT SQL;"])
    monkeypatch.setattr(sqlite_mod, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    with pytest.raises(StoreError) as e:
        Store(db)
    assert e.value.code == "EW303"
    monkeypatch.undo()
    with Store(db) as store:
        assert store.version == SCHEMA_VERSION
        assert not store.sql("SELECT name FROM sqlite_master WHERE name = 'ok'")


def test_unopenable_path_is_ew301(tmp_path):
    with pytest.raises(StoreError) as e:
        Store(tmp_path / "no" / "such" / "dir" / "x.db")
    assert e.value.code == "EW301"


def test_memory_database_works_and_is_private():
    with Store(":memory:") as a, Store(":memory:") as b:
        a.write_batch([lavrov_record()])
        assert len(a.articles()) == 1 and b.articles() == []
