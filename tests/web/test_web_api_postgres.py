"""The HTTP API served from PostgreSQL (``eventwire serve --db postgresql://...``).

The example articles are stored once in SQLite and once in a PostgreSQL schema of
their own; every read endpoint must give the same answer on both (full-text
search included: FTS5 on SQLite, tsvector on PostgreSQL). PostgreSQL is the server
named by ``EVENTWIRE_TEST_PG`` (``eval "$(.ci/postgres)"``); without it these
tests skip, unless ``EVENTWIRE_REQUIRE_PG=1``.
"""
from __future__ import annotations

import pytest

from tests.store.conftest import PgSchemas

# read endpoints whose answers must agree on both backends (search words chosen so
# that stemming and FTS5's tokenizer agree: whole proper names)
SAME = [
    "/api/events?limit=500",
    "/api/events?q=Maiduguri&limit=500",
    "/api/events?country=NGA&limit=500",
    "/api/quotes?limit=500",
    "/api/quotes?q=pipeline",
    "/api/quotes/speakers",
    "/api/quotes/speakers?q=pipeline",
    "/api/places?limit=500",
    "/api/actors?limit=500",
    "/api/articles?limit=500",
    "/api/articles?q=Caracas",
    "/api/happenings?limit=500",
    "/api/timeline",
    "/api/timeline?q=Maiduguri",
    "/api/timeline?country=VEN",
    "/api/map",
    "/api/map?q=Ankara",
    "/api/map/places",
    "/api/network",
    "/api/network?q=Caracas",
]


@pytest.fixture(scope="module")
def pg_db(example_records):
    schemas = PgSchemas()
    url = schemas.new()
    from eventwire.store import Store
    with Store(url) as s:
        s.write_batch(example_records)
    yield url
    schemas.drop_all()


@pytest.fixture(scope="module")
def pg_client(pg_db):
    from fastapi.testclient import TestClient
    from eventwire.web import create_app
    with TestClient(create_app(pg_db)) as c:
        yield c


def _norm(path: str, body):
    if path.startswith("/api/articles?q="):
        # ranking ties may fall differently, and each engine writes its own snippets
        return sorted((i["id"], i["title"]) for i in body["items"])
    return body


@pytest.mark.parametrize("path", SAME)
def test_every_read_endpoint_answers_the_same_on_postgresql(path, client, pg_client):
    want, got = client.get(path), pg_client.get(path)
    assert got.status_code == want.status_code == 200, got.text[:500]
    w, g = _norm(path, want.json()), _norm(path, got.json())
    assert g == w
    if "q=" in path:  # the words occur in the examples: a search that finds nothing proves nothing
        assert (w.get("items", w.get("days", w)) if isinstance(w, dict) else w)


def test_search_and_one_article_with_its_happenings_on_postgresql(client, pg_client):
    want, got = client.get("/api/search?q=Erdogan").json(), pg_client.get("/api/search?q=Erdogan").json()
    assert got["articles"] and {a["id"] for a in got["articles"]} == {a["id"] for a in want["articles"]}
    assert got["quotes"] == want["quotes"]
    art = got["articles"][0]["id"]
    one, other = pg_client.get(f"/api/articles/{art}"), client.get(f"/api/articles/{art}")
    assert one.status_code == 200
    assert one.json() == other.json()
    assert one.json()["happenings"]   # the events' happenings are linked on PostgreSQL too


def test_a_bad_search_is_a_coded_error_on_postgresql(client, pg_client):
    r = pg_client.get("/api/quotes/speakers", params={"q": 'said AND ("'})
    assert r.status_code in (200, 400)
    if r.status_code == 400:
        assert r.json()["error"]["code"] == "EW304"


def test_cached_aggregates_see_a_write_to_postgresql(pg_db, pg_client, example_records):
    """The aggregate answers are kept until the store changes: a write by another
    process to the PostgreSQL database makes them stale."""
    from dataclasses import replace
    from eventwire.store import Store
    before = pg_client.get("/api/timeline").json()
    assert pg_client.get("/api/timeline").headers.get("X-Cache") == "hit"
    rec = example_records[0]
    copy = replace(rec, article=replace(rec.article, id="copy-of-" + rec.article.id,
                                        text=rec.article.text + " "))
    with Store(pg_db) as s:
        s.write_batch([copy])
    after = pg_client.get("/api/timeline")
    assert after.headers.get("X-Cache") == "miss"
    assert after.json() != before


def test_eventwire_serve_answers_over_a_socket_from_postgresql(pg_db, tmp_path):
    """``eventwire serve --db postgresql://...`` in its own process, asked over HTTP."""
    import os
    import socket
    import subprocess
    import sys
    import time

    import httpx
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    log = open(tmp_path / "serve.log", "w+")
    proc = subprocess.Popen([sys.executable, "-m", "eventwire.cli", "serve", "--db", pg_db,
                             "--port", str(port)], stdout=log, stderr=subprocess.STDOUT,
                            env=dict(os.environ))
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(300):
            try:
                stats = httpx.get(base + "/api/stats", timeout=2)
                break
            except httpx.TransportError:
                assert proc.poll() is None, (tmp_path / "serve.log").read_text()
                time.sleep(0.1)
        else:
            pytest.fail("the server did not answer")
        assert stats.status_code == 200 and stats.json()["layers"]["articles"] >= 3
        speakers = httpx.get(base + "/api/quotes/speakers", params={"q": "pipeline"}).json()
        assert speakers["items"] and all(i["quotes"] >= 1 for i in speakers["items"])
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        log.close()
    assert "***" not in pg_db or "***" in (tmp_path / "serve.log").read_text()
