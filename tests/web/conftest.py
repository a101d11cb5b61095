"""Fixtures for the HTTP API and the web UI: one store of the bundled example
articles per test session (real extraction, real SQLite), copies of it for tests
that change a store."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def example_db(tmp_path_factory, example_records) -> Path:
    """The example articles extracted and stored once (read-only from here on)."""
    from eventwire.store import Store
    path = tmp_path_factory.mktemp("web") / "examples.db"
    with Store(path) as s:
        s.write_batch(example_records)
        s.con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


@pytest.fixture
def db_copy(example_db, tmp_path) -> Path:
    """A private copy of the example store, for tests that change it."""
    dst = tmp_path / "copy.db"
    src = sqlite3.connect(example_db)
    out = sqlite3.connect(dst)
    src.backup(out)
    src.close()
    out.close()
    return dst


@pytest.fixture(scope="session")
def client(example_db):
    from fastapi.testclient import TestClient
    from eventwire.web import create_app
    with TestClient(create_app(str(example_db))) as c:
        yield c


@pytest.fixture(scope="session")
def store_rows(example_db):
    """The events, quotes and places of the example store, read with the store's own
    query layer (the API must agree with it)."""
    from eventwire.store import Store
    with Store(example_db, readonly=True) as s:
        return {"events": s.events(newest_first=True), "quotes": s.quotes(), "places": s.places(),
                "articles": s.articles(),
                "records": {a["id"]: s.record(a["id"]) for a in s.articles()}}
