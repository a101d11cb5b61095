"""The HTTP API of ``eventwire serve``: every endpoint, filter, output form and error,
against a real store of the example articles, through FastAPI's TestClient."""
from __future__ import annotations

import csv
import hashlib
import io
import sqlite3
from datetime import date

import pytest

from eventwire.store import Store


def err(resp, status: int, code: str) -> dict:
    """Assert a coded JSON error (never a traceback) and return its body."""
    assert resp.status_code == status, resp.text
    body = resp.json()
    assert body["error"]["code"] == code and body["error"]["status"] == status
    assert "Traceback" not in resp.text and 'File "' not in resp.text
    return body["error"]


def keys(items):
    return [(r["article"], r["id"]) for r in items]


# ---------------------------------------------------------------- events

def test_events_list_equals_the_store_query(client, store_rows):
    r = client.get("/api/events", params={"limit": 1000})
    assert r.status_code == 200
    body = r.json()
    assert body["next"] is None and body["count"] == len(store_rows["events"]) > 10
    assert body["items"] == store_rows["events"]
    days = [e["day"] for e in body["items"]]              # newest first, undated last
    dated = [d for d in days if d]
    assert dated == sorted(dated, reverse=True) and days[:len(dated)] == dated


@pytest.mark.parametrize("params, check", [
    ({"type": "CONSULT"}, lambda e: e["type"] == "CONSULT"),
    ({"type": "19"}, lambda e: e["cameo"].startswith("19")),
    ({"country": "nga"}, lambda e: "NGA" in e["source_country"] + e["target_country"]),
    ({"actor": "boko"}, lambda e: any("Boko" in n for n in e["source"] + e["target"])),
    ({"since": "2019-03-01", "until": "2019-03-31"},
     lambda e: "2019-03-01" <= e["day"] <= "2019-03-31"),
    ({"since": "2019"}, lambda e: e["day"] >= "2019-01-01"),
    ({"place": "ankara"}, lambda e: e["place"] == "Ankara"),
    ({"q": "pipelines"}, lambda e: e["title"].startswith("Turkey")),
    ({"bbox": "25,35,45,45"}, lambda e: 25 <= e["lon"] <= 45 and 35 <= e["lat"] <= 45),
])
def test_event_filters(client, store_rows, params, check):
    items = client.get("/api/events", params={**params, "limit": 1000}).json()["items"]
    assert items, params
    assert all(check(e) for e in items), params
    # what the filter leaves out really fails it
    rest = [e for e in store_rows["events"] if (e["article"], e["id"]) not in set(keys(items))]
    assert not any(check(e) for e in rest if e.get("lat") is not None or "bbox" not in params)


def test_event_filters_combine(client):
    items = client.get("/api/events", params={"country": "NGA", "type": "ASSAULT"}).json()["items"]
    assert items and all(e["type"] == "ASSAULT" for e in items)
    none = client.get("/api/events", params={"country": "AZE", "type": "ASSAULT"}).json()
    assert none["items"] == [] and none["next"] is None


def test_event_cursor_walks_every_event_once(client, store_rows):
    seen, cursor, pages = [], None, 0
    while True:
        params = {"limit": 4, **({"cursor": cursor} if cursor else {})}
        body = client.get("/api/events", params=params).json()
        seen += keys(body["items"])
        pages += 1
        cursor = body["next"]
        if cursor is None:
            break
    assert seen == keys(store_rows["events"])
    assert pages == -(-len(seen) // 4)


def test_cursor_errors(client):
    first = client.get("/api/events", params={"limit": 2}).json()
    err(client.get("/api/events", params={"limit": 2, "cursor": first["next"], "type": "AGREE"}),
        400, "EW406")                                      # cursor of another query
    err(client.get("/api/events", params={"cursor": "not-a-cursor"}), 400, "EW406")
    err(client.get("/api/quotes", params={"cursor": first["next"]}), 400, "EW406")


def test_events_csv(client, store_rows):
    r = client.get("/api/events", params={"format": "csv", "type": "AGREE"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    expected = [e for e in store_rows["events"] if e["type"] == "AGREE"]
    assert [x["id"] for x in rows] == [e["id"] for e in expected]
    assert rows[0]["source"] == "; ".join(expected[0]["source"])


def test_events_csv_pages_carry_the_next_cursor_in_a_header(client):
    r = client.get("/api/events", params={"format": "csv", "limit": 3})
    assert r.headers["x-next-cursor"]
    assert len(list(csv.DictReader(io.StringIO(r.text)))) == 3


def test_events_geojson(client, store_rows):
    r = client.get("/api/events", params={"format": "geojson", "limit": 1000})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/geo+json")
    fc = r.json()
    located = [e for e in store_rows["events"] if e["lat"] is not None]
    assert fc["type"] == "FeatureCollection" and len(fc["features"]) == len(located) > 0
    f = fc["features"][0]
    assert f["geometry"]["coordinates"] == [located[0]["lon"], located[0]["lat"]]
    assert f["properties"]["id"] == located[0]["id"] and "lat" not in f["properties"]


# ---------------------------------------------------------------- views

def test_timeline_counts_and_goldstein(client, store_rows):
    body = client.get("/api/timeline", params={"unit": "day"}).json()
    dated = [e for e in store_rows["events"] if e["day"]]
    assert sum(b["count"] for b in body["buckets"]) == len(dated)
    b = body["buckets"][0]
    members = [e for e in dated if e["day"] == b["period"] and e["type"] == b["type"]]
    assert b["count"] == len(members)
    gs = [e["goldstein"] for e in members if e["goldstein"] is not None]
    assert b["goldstein"] == pytest.approx(sum(gs) / len(gs), abs=1e-3)


def test_timeline_weeks_start_on_monday_and_follow_filters(client, store_rows):
    body = client.get("/api/timeline", params={"unit": "week", "country": "VEN"}).json()
    assert body["buckets"]
    assert all(date.fromisoformat(b["period"]).weekday() == 0 for b in body["buckets"])
    ven = client.get("/api/events", params={"country": "VEN", "limit": 1000}).json()["items"]
    assert sum(b["count"] for b in body["buckets"]) + body["undated"] == len(ven)
    err(client.get("/api/timeline", params={"unit": "month"}), 422, "EW406")


def test_map_points_and_clusters(client, store_rows):
    body = client.get("/api/map").json()
    located = [e for e in store_rows["events"] if e["lat"] is not None]
    assert body["total"] == len(located) and not body["clustered"]
    assert sum(c["count"] for c in body["cells"]) == len(located)
    singles = [c for c in body["cells"] if c["count"] == 1]
    e = next(x for x in located if (x["article"], x["id"]) == (singles[0]["article"],
                                                              singles[0]["id"]))
    assert (e["lat"], e["lon"]) == (singles[0]["lat"], singles[0]["lon"])
    stacked = [c for c in body["cells"] if c["count"] > 1]   # events at one place
    assert stacked and all(len(c["sample"]) == c["count"] for c in stacked)
    ank = client.get("/api/map", params={"place": "Ankara"}).json()
    assert ank["total"] == sum(1 for x in located if x["place"] == "Ankara")
    err(client.get("/api/map", params={"zoom": 40}), 422, "EW406")


def test_map_clusters_on_a_grid_when_dense(example_db):
    from eventwire.store import aggregates
    with Store(example_db, readonly=True) as s:
        out = aggregates.event_map(s, {}, zoom=0, max_points=2)
        total = aggregates.event_map(s, {}, zoom=0)["total"]
    assert out["clustered"] and sum(c["count"] for c in out["cells"]) == total
    assert len(out["cells"]) < total


def test_network_edges_count_source_target_pairs(client, store_rows):
    body = client.get("/api/network").json()
    pairs = {}
    for e in store_rows["events"]:
        for s in e["source"]:
            for t in e["target"]:
                k = (s, t, e["quad_class"])
                pairs[k] = pairs.get(k, 0) + 1
    got = {(x["source"], x["target"], x["quad_class"]): x["count"] for x in body["edges"]}
    assert got == pairs
    names = {n["id"] for n in body["nodes"]}
    assert names == {s for s, _, _ in pairs} | {t for _, t, _ in pairs}
    typed = client.get("/api/network", params={"type": "ASSAULT"}).json()
    assert typed["edges"] and all(x["quad_class"] == 4 for x in typed["edges"])


# ---------------------------------------------------------------- other lists

def test_quotes_and_speakers(client, store_rows):
    body = client.get("/api/quotes", params={"limit": 1000}).json()
    assert body["items"] == store_rows["quotes"]
    q = store_rows["quotes"][0]
    by = client.get("/api/quotes", params={"speaker": q["actor"] or q["speaker"]}).json()
    assert (q["article"], q["id"]) in keys(by["items"])
    word = q["content"].split()[-1].strip(".,\"'")
    found = client.get("/api/quotes", params={"q": word}).json()["items"]
    assert found and all(word.lower() in x["content"].lower() for x in found)
    sp = client.get("/api/quotes/speakers").json()["items"]
    assert sum(x["quotes"] for x in sp) == len(store_rows["quotes"])
    assert sp == sorted(sp, key=lambda x: (-x["quotes"], x["speaker"]))
    # the speakers' counts filter as the quotes list does
    who = q["actor"] or q["speaker"]
    sp = client.get("/api/quotes/speakers", params={"speaker": who}).json()["items"]
    assert sum(x["quotes"] for x in sp) == len(by["items"])


def test_places_filters_and_geojson(client, store_rows):
    body = client.get("/api/places", params={"limit": 1000}).json()
    assert body["items"] == store_rows["places"]
    tur = client.get("/api/places", params={"country": "TUR"}).json()["items"]
    assert tur and all(p["country"] == "TUR" for p in tur)
    box = client.get("/api/places", params={"bbox": "-80,0,-60,15"}).json()["items"]
    assert box and all(-80 <= p["lon"] <= -60 and 0 <= p["lat"] <= 15 for p in box)
    fc = client.get("/api/places", params={"format": "geojson", "limit": 1000}).json()
    assert len(fc["features"]) == sum(1 for p in store_rows["places"] if p["lat"] is not None)


def test_actors(client, store_rows):
    items = client.get("/api/actors", params={"limit": 1000}).json()["items"]
    boko = next(a for a in items if a["name"] == "Boko Haram")
    n = sum(1 for e in store_rows["events"] for x in e["source"] + e["target"]
            if x == "Boko Haram")
    assert boko["events"] == n and boko["code"]
    nga = client.get("/api/actors", params={"country": "NGA"}).json()["items"]
    assert nga and all(a["country"] == "NGA" for a in nga)
    assert client.get("/api/actors", params={"name": "haram"}).json()["items"][0]["name"] == \
        "Boko Haram"
    err(client.get("/api/actors", params={"format": "geojson"}), 422, "EW406")


def test_articles_list_search_and_record(client, store_rows):
    arts = client.get("/api/articles").json()["items"]
    assert [a["id"] for a in arts] == [a["id"] for a in store_rows["articles"]]
    hit = client.get("/api/articles", params={"q": "pipelines"}).json()["items"]
    assert len(hit) == 1 and "[" in hit[0]["snippet"]
    aid = hit[0]["id"]
    rec = client.get(f"/api/articles/{aid}").json()
    assert {k: v for k, v in rec.items() if k != "happenings"} == \
        store_rows["records"][aid].as_dict()
    assert set(rec["happenings"]) == {e["id"] for e in rec["events"]}
    text = rec["article"]["text"]
    for e in rec["events"]:                      # every span points at its words
        s, t = e["trigger"]["span"]
        assert text[s:t] == e["trigger"]["text"]
    for a in rec["actors"]:
        s, t = a["span"]
        assert text[s:t] == a["text"]
    err(client.get("/api/articles/no-such-id"), 404, "EW404")


def test_search_and_stats(client, store_rows):
    body = client.get("/api/search", params={"q": "pipeline"}).json()
    assert len(body["articles"]) == 1 and body["quotes"]
    err(client.get("/api/search"), 422, "EW406")
    st = client.get("/api/stats").json()
    assert st["layers"]["events"] == len(store_rows["events"])
    assert st["server"]["writable"] is False and st["server"]["happenings"] is True
    assert len(st["server"]["plover_types"]) == 16


def test_invalid_search_syntax_falls_back_to_words(client):
    r = client.get("/api/events", params={"q": 'pipelines AND ("'})
    assert r.status_code in (200, 400)
    if r.status_code == 400:
        err(r, 400, "EW304")


# ---------------------------------------------------------------- happenings

def test_happenings_from_the_store(client, example_db):
    with Store(example_db, readonly=True) as s:
        want = s.happenings()
        mentions = s.sql("SELECT happening_id, article_id, event_id FROM happening_mentions")
    assert want, "ingesting the examples folds their events into happenings"
    body = client.get("/api/happenings", params={"limit": 1000}).json()
    assert body["items"] == want and body["next"] is None
    typ = want[0]["type"]
    typed = client.get("/api/happenings", params={"type": typ}).json()["items"]
    assert typed and all(h["type"] == typ for h in typed)
    first = client.get("/api/happenings", params={"limit": 2}).json()
    rest = client.get("/api/happenings", params={"limit": 1000, "cursor": first["next"]}).json()
    assert [h["id"] for h in first["items"] + rest["items"]] == [h["id"] for h in want]
    one = client.get(f"/api/happenings/{want[0]['id']}").json()
    mine = {(m["article_id"], m["event_id"]) for m in mentions
            if m["happening_id"] == want[0]["id"]}
    assert {(m["article"], m["event"]) for m in one["mentions_list"]} == mine
    err(client.get("/api/happenings/h-none"), 404, "EW404")
    fc = client.get("/api/happenings", params={"format": "geojson", "limit": 1000}).json()
    assert len(fc["features"]) == sum(1 for h in want if h["lat"] is not None)
    rows = list(csv.DictReader(io.StringIO(
        client.get("/api/happenings", params={"format": "csv", "limit": 1000}).text)))
    assert [r["id"] for r in rows] == [h["id"] for h in want]
    # the article record says which happening each of its events belongs to
    m = mentions[0]
    rec = client.get(f"/api/articles/{m['article_id']}").json()
    assert rec["happenings"][m["event_id"]] == m["happening_id"]


def test_happenings_absent_is_a_coded_404(db_copy):
    from fastapi.testclient import TestClient
    from eventwire.web import create_app
    con = sqlite3.connect(db_copy)                 # a store without the layer (damaged)
    con.executescript("DROP TABLE happening_mentions; DROP TABLE happenings;")
    con.close()
    with TestClient(create_app(str(db_copy))) as c:
        e = err(c.get("/api/happenings"), 404, "EW405")
        assert "dedup" in e["message"]
        err(c.get("/api/happenings/h1"), 404, "EW405")


def test_an_older_store_is_refused_read_only_with_a_clear_error(db_copy):
    from eventwire.errors import StoreError
    from eventwire.web import create_app
    con = sqlite3.connect(db_copy)
    con.execute("PRAGMA user_version = 1")
    con.close()
    with pytest.raises(StoreError) as ex:
        create_app(str(db_copy))
    assert ex.value.code == "EW301" and "eventwire stats" in ex.value.message


# ---------------------------------------------------------------- errors

@pytest.mark.parametrize("path, params, status, code", [
    ("/api/events", {"type": "PARTY"}, 400, "EW304"),
    ("/api/events", {"country": "Russia"}, 400, "EW304"),
    ("/api/events", {"since": "last spring"}, 400, "EW304"),
    ("/api/events", {"bbox": "1,2,3"}, 400, "EW304"),
    ("/api/events", {"bbox": "0,10,20,5"}, 400, "EW304"),        # south above north
    ("/api/events", {"bbox": "a,b,c,d"}, 400, "EW304"),
    ("/api/events", {"limit": 0}, 422, "EW406"),
    ("/api/events", {"limit": 5000}, 422, "EW406"),
    ("/api/events", {"format": "xml"}, 422, "EW406"),
    ("/api/quotes", {"format": "geojson"}, 400, "EW406"),
    ("/api/places", {"country": "France"}, 400, "EW304"),
    ("/api/actors", {"country": "12"}, 400, "EW304"),
    ("/api/articles", {"until": "yesterday-ish"}, 400, "EW304"),
    ("/api/nowhere", {}, 404, "EW404"),
])
def test_errors_are_coded_json(client, path, params, status, code):
    err(client.get(path, params=params), status, code)


def test_wrong_method_is_coded(client):
    err(client.delete("/api/events"), 405, "EW406")


def test_an_unexpected_failure_is_a_coded_500_without_traceback(db_copy):
    from fastapi.testclient import TestClient
    from eventwire.web import create_app
    con = sqlite3.connect(db_copy)
    aid = con.execute("SELECT id FROM articles").fetchone()[0]
    con.execute("PRAGMA foreign_keys = OFF")
    con.execute("DROP TABLE times")              # a damaged store
    con.commit()
    con.close()
    with TestClient(create_app(str(db_copy)), raise_server_exceptions=False) as c:
        e = err(c.get(f"/api/articles/{aid}"), 500, "EW407")
    assert "times" not in e["message"] and "sqlite" not in e["message"].lower()


def test_missing_database_fails_at_start(tmp_path):
    from eventwire.errors import StoreError
    from eventwire.web import create_app
    with pytest.raises(StoreError) as ex:
        create_app(str(tmp_path / "none.db"))
    assert ex.value.code == "EW301"
    assert not (tmp_path / "none.db").exists()


# ---------------------------------------------------------------- read-only

def test_reads_never_change_the_file(db_copy):
    from fastapi.testclient import TestClient
    from eventwire.web import create_app
    before = hashlib.sha1(db_copy.read_bytes()).hexdigest()
    with TestClient(create_app(str(db_copy))) as c:
        for path in ("/api/events", "/api/timeline", "/api/map", "/api/network", "/api/quotes",
                     "/api/places", "/api/actors", "/api/articles", "/api/stats"):
            assert c.get(path).status_code == 200
    assert hashlib.sha1(db_copy.read_bytes()).hexdigest() == before


def test_the_read_connection_refuses_writes(example_db):
    with Store(example_db, readonly=True) as s:
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            s.con.execute("DELETE FROM articles")


# ---------------------------------------------------------------- writes and tokens

ARTICLE = {"text": "Kenyan police arrested six protesters in Nairobi on Monday, officials said.",
           "title": "Arrests in Nairobi", "date": "2021-04-05"}


@pytest.fixture
def writer(db_copy):
    from fastapi.testclient import TestClient
    from eventwire.web import create_app
    with TestClient(create_app(str(db_copy), write_token="s3cret", max_body=4000,
                               max_batch=3)) as c:
        yield c


def test_writes_are_off_without_a_token_at_start(client):
    e = err(client.post("/api/articles", json=ARTICLE), 403, "EW402")
    assert "read-only" in e["message"]


def test_write_needs_the_bearer_token(writer):
    r = writer.post("/api/articles", json=ARTICLE)
    err(r, 401, "EW401")
    assert r.headers["www-authenticate"] == "Bearer"
    err(writer.post("/api/articles", json=ARTICLE, headers={"Authorization": "Basic s3cret"}),
        401, "EW401")
    err(writer.post("/api/articles", json=ARTICLE, headers={"Authorization": "Bearer nope"}),
        403, "EW402")
    assert writer.get("/api/stats").json()["layers"]["articles"] == 3   # nothing written


def test_write_extracts_and_stores(writer):
    auth = {"Authorization": "Bearer s3cret"}
    r = writer.post("/api/articles", json=ARTICLE, headers=auth)
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["written"] == 1 and len(body["articles"]) == 1
    aid = body["articles"][0]["id"]
    rec = writer.get(f"/api/articles/{aid}").json()
    assert rec["article"]["title"] == "Arrests in Nairobi"
    assert any(e["plover"]["type"] == "COERCE" for e in rec["events"])
    assert writer.get("/api/stats").json()["layers"]["articles"] == 4
    again = writer.post("/api/articles", json={"articles": [ARTICLE]}, headers=auth).json()
    assert again["skipped"] == 1 and again["written"] == 0        # idempotent


def test_write_limits(writer):
    auth = {"Authorization": "Bearer s3cret"}
    big = {**ARTICLE, "text": "x " * 3000}
    err(writer.post("/api/articles", json=big, headers=auth), 413, "EW403")
    err(writer.post("/api/articles", json=[ARTICLE] * 4, headers=auth), 413, "EW403")
    err(writer.post("/api/articles", json={"text": ""}, headers=auth), 422, "EW406")
    err(writer.post("/api/articles", content=b"{not json", headers={
        **auth, "Content-Type": "application/json"}), 422, "EW406")
    err(writer.post("/api/articles", json=[], headers=auth), 400, "EW406")


def test_body_limit_holds_without_content_length(writer):
    import json

    def chunks():                    # a valid article first, then blanks past the limit
        yield json.dumps(ARTICLE).encode()
        for _ in range(10):
            yield b" " * 500
    r = writer.post("/api/articles", content=chunks(), headers={
        "Authorization": "Bearer s3cret", "Content-Type": "application/json"})
    err(r, 413, "EW403")
    assert writer.get("/api/stats").json()["layers"]["articles"] == 3   # nothing written


# ---------------------------------------------------------------- CORS, docs, UI

def test_no_cors_unless_asked(client, example_db):
    from fastapi.testclient import TestClient
    from eventwire.web import create_app
    r = client.get("/api/stats", headers={"Origin": "http://elsewhere.example"})
    assert "access-control-allow-origin" not in r.headers
    with TestClient(create_app(str(example_db), cors_origins=["http://ok.example"])) as c:
        ok = c.get("/api/stats", headers={"Origin": "http://ok.example"})
        assert ok.headers["access-control-allow-origin"] == "http://ok.example"
        no = c.get("/api/stats", headers={"Origin": "http://elsewhere.example"})
        assert "access-control-allow-origin" not in no.headers


def test_openapi_and_docs_page(client):
    spec = client.get("/openapi.json").json()
    for path in ("/api/events", "/api/timeline", "/api/map", "/api/network", "/api/happenings",
                 "/api/happenings/{happening_id}",
                 "/api/quotes", "/api/quotes/speakers", "/api/places", "/api/actors",
                 "/api/articles", "/api/articles/{article_id}", "/api/search", "/api/stats"):
        assert "get" in spec["paths"][path], path
    assert "post" in spec["paths"]["/api/articles"]
    docs = client.get("/docs")
    assert docs.status_code == 200 and "/openapi.json" in docs.text


def test_ui_is_served_from_package_files_only(client):
    from importlib import resources
    static = resources.files("eventwire.web") / "static"
    page = client.get("/")
    assert page.status_code == 200 and "app.js" in page.text
    for name in ("index.html", "api.html", "app.js", "style.css"):
        text = (static / name).read_text()
        assert "https://" not in text and "http://" not in text, name
    for lib, files in {"d3": ["d3.min.js"], "leaflet": ["leaflet.js", "leaflet.css"],
                       "topojson-client": ["topojson-client.min.js"],
                       "world-atlas": ["countries-110m.json"]}.items():
        assert (static / "vendor" / lib / "LICENSE").is_file(), lib
        for f in files:
            r = client.get(f"/static/vendor/{lib}/{f}")
            assert r.status_code == 200 and len(r.content) > 1000, f


def test_magnitude_filters(client, example_db):
    with Store(example_db, readonly=True) as s:
        want = s.events(min_dead=1, newest_first=True)
    got = client.get("/api/events", params={"min_dead": 1}).json()["items"]
    assert got == want and all(e["dead"] >= 1 for e in got)
    tl = client.get("/api/timeline", params={"min_dead": 1}).json()
    assert sum(b["count"] for b in tl["buckets"]) + tl["undated"] == len(want)
    err(client.get("/api/events", params={"min_dead": -1}), 422, "EW406")


def test_map_places_layer(client, store_rows):
    pts = client.get("/api/map/places").json()
    literal = [p for p in store_rows["places"] if p["lat"] is not None and p["literal"]]
    assert sum(x["mentions"] for x in pts["points"]) == len(literal) > 0
    assert len(pts["points"]) == len({(p["lat"], p["lon"]) for p in literal})
    assert pts["points"] == sorted(pts["points"], key=lambda x: -x["mentions"])[:len(pts["points"])]
    one = client.get("/api/map/places", params={"limit": 1}).json()
    assert len(one["points"]) == 1 and one["truncated"] is True
    tur = client.get("/api/map/places", params={"country": "TUR"}).json()["points"]
    assert tur and all(x["country"] == "TUR" for x in tur)
    err(client.get("/api/map/places", params={"country": "Turkey"}), 400, "EW304")


def test_timeline_auto_unit(client):
    auto = client.get("/api/timeline", params={"unit": "auto"}).json()
    assert auto["unit"] == "week"                  # the examples span 2018 to 2019
    week = client.get("/api/timeline", params={"unit": "week"}).json()
    assert auto["buckets"] == week["buckets"]
    narrow = client.get("/api/timeline", params={"unit": "auto", "since": "2019-02",
                                                  "until": "2019-03"}).json()
    assert narrow["unit"] == "day"


def test_aggregate_answers_are_kept_until_the_store_changes(db_copy):
    from fastapi.testclient import TestClient
    from eventwire.web import create_app
    with TestClient(create_app(str(db_copy))) as c:
        first = c.get("/api/timeline", params={"unit": "day"})
        again = c.get("/api/timeline", params={"unit": "day"})
        assert (first.headers["x-cache"], again.headers["x-cache"]) == ("miss", "hit")
        assert first.json() == again.json()
        con = sqlite3.connect(db_copy)           # someone else changes the store
        con.execute("PRAGMA foreign_keys = ON")
        con.execute("DELETE FROM articles WHERE id = (SELECT min(id) FROM articles)")
        con.commit()
        con.close()
        after = c.get("/api/timeline", params={"unit": "day"})
        assert after.headers["x-cache"] == "miss"
        assert sum(b["count"] for b in after.json()["buckets"]) < \
            sum(b["count"] for b in first.json()["buckets"])
    with TestClient(create_app(str(db_copy), cache_size=0)) as c:
        c.get("/api/network")
        assert "x-cache" not in c.get("/api/network").headers
