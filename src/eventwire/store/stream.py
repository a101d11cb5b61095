"""Streamed reads of the store for exports: generators of plain dicts that hold at
most one chunk of rows in memory, whatever the size of the store.

Each reader walks its table in primary-key order with a cursor (``fetchmany``)
and looks up what it joins (actors, mentions) one chunk at a time. Plain SQL,
``?`` parameters.
"""
from __future__ import annotations

import json
from typing import Any, Iterator, Sequence

from .dialect import chunked, marks
from .happenings import happening_row, outlet

CHUNK = 1000


def _rows(con, sql: str, params: Sequence = ()) -> Iterator[list]:
    cur = con.cursor()
    cur.execute(sql, list(params))
    while batch := cur.fetchmany(CHUNK):
        yield batch
    cur.close()


def _actors(con, keys: set[tuple[str, str]]) -> dict:
    """{(article, event): {"source": [(name, code, country, start)], "target": [...]}}."""
    out: dict = {}
    arts = sorted({k[0] for k in keys})
    for part in chunked(arts):
        for r in con.execute(
                "SELECT ea.article_id, ea.event_id, ea.role, a.name, a.code, a.country, a.start, "
                "a.sector FROM event_actors ea JOIN actors a ON a.article_id = ea.article_id AND "
                f"a.id = ea.actor_id WHERE ea.article_id IN ({marks(len(part))}) "
                "ORDER BY ea.article_id, ea.event_id, ea.role, ea.i", part):
            k = (r[0], r[1])
            if k in keys:
                out.setdefault(k, {}).setdefault(r[2], []).append((r[3], r[4], r[5], r[6], r[7]))
    return out


def _sizes(con, keys: set[tuple[str, str]]) -> dict:
    """{(article, event): [{"field", "value", "mod", "text"}]} (the events' counts)."""
    out: dict = {}
    arts = sorted({k[0] for k in keys})
    for part in chunked(arts):
        for r in con.execute(
                "SELECT article_id, event_id, field, value, mod, text FROM event_sizes "
                f"WHERE article_id IN ({marks(len(part))}) ORDER BY article_id, event_id, i",
                part):
            if (r[0], r[1]) in keys:
                out.setdefault((r[0], r[1]), []).append(
                    {"field": r[2], "value": r[3], "mod": r[4], "text": r[5]})
    return out


_EVENTS = (
    "SELECT e.*, art.title AS title, art.url AS url, art.source AS art_source, "
    "art.date AS art_date, length(art.text) AS doc_len, p.name AS place_name, "
    "p.text AS place_text, p.country AS place_country, p.admin1 AS admin1, "
    "p.geonameid AS geonameid, p.lat AS lat, p.lon AS lon, p.feature AS feature, "
    "hm.happening_id AS happening, hm.role AS hrole "
    "FROM events e JOIN articles art ON art.id = e.article_id "
    "LEFT JOIN places p ON p.article_id = e.article_id AND p.id = e.place_id "
    "LEFT JOIN happening_mentions hm ON hm.article_id = e.article_id AND hm.event_id = e.id ")


def _event_dict(r, roles: dict, size: list | None = None) -> dict[str, Any]:
    src, tgt = roles.get("source", []), roles.get("target", [])
    return {
        "article": r["article_id"], "id": r["id"], "happening": r["happening"],
        "role": r["hrole"], "date": r["date_value"] or r["day"], "day": r["day"],
        "date_defaulted": bool(r["date_defaulted"]), "type": r["plover_type"],
        "mode": r["plover_mode"], "context": json.loads(r["plover_context"] or "[]"),
        "cameo": r["cameo_code"], "cameo_root": r["cameo_root"], "quad_class": r["quad_class"],
        "goldstein": r["goldstein"],
        "source": [a[0] for a in src], "source_code": [a[1] or "" for a in src],
        "source_country": [a[2] or "" for a in src],
        "source_sector": [a[4] or "" for a in src],
        "source_start": src[0][3] if src else None,
        "target": [a[0] for a in tgt], "target_code": [a[1] or "" for a in tgt],
        "target_country": [a[2] or "" for a in tgt],
        "target_sector": [a[4] or "" for a in tgt],
        "target_start": tgt[0][3] if tgt else None,
        "place": r["place_name"] or r["place_text"], "place_text": r["place_text"],
        "place_country": r["place_country"], "admin1": r["admin1"],
        "geonameid": r["geonameid"], "lat": r["lat"], "lon": r["lon"], "feature": r["feature"],
        "place_defaulted": bool(r["place_defaulted"]),
        "trigger": r["trigger_text"], "trigger_start": r["trigger_start"],
        "trigger_end": r["trigger_end"], "sentence": r["sentence"],
        "negated": bool(r["negated"]), "modality": r["modality"], "rule": r["rule"],
        "confidence": r["confidence"], "title": r["title"], "url": r["url"],
        "outlet": outlet(r["art_source"], r["url"]), "article_date": r["art_date"],
        "doc_len": r["doc_len"], "size": size or None}


def events(con, happening_ids: Sequence[str] | None = None) -> Iterator[dict[str, Any]]:
    """Every event (article, position order), with its actors, place and happening."""
    for batch in _rows(con, _EVENTS + "ORDER BY e.article_id, e.id"):
        keys = {(r["article_id"], r["id"]) for r in batch}
        roles, sizes = _actors(con, keys), _sizes(con, keys)
        for r in batch:
            k = (r["article_id"], r["id"])
            yield _event_dict(r, roles.get(k, {}), sizes.get(k))


def happening_mentions(con, ids: Sequence[str]) -> dict[str, list[dict[str, Any]]]:
    """{happening id: mentions} for a chunk of happenings, each mention an event row."""
    out: dict[str, list[dict[str, Any]]] = {}
    for part in chunked(list(ids)):
        rows = con.execute(_EVENTS + f"WHERE hm.happening_id IN ({marks(len(part))}) "
                           "ORDER BY hm.happening_id, art.day IS NULL, art.day, e.article_id, "
                           "e.ord", part).fetchall()
        keys = {(r["article_id"], r["id"]) for r in rows}
        roles, sizes = _actors(con, keys), _sizes(con, keys)
        for r in rows:
            k = (r["article_id"], r["id"])
            out.setdefault(r["happening"], []).append(
                _event_dict(r, roles.get(k, {}), sizes.get(k)))
    return out


def happenings(con) -> Iterator[dict[str, Any]]:
    """Every happening (id order) with ``mentions_list``: its mention event rows."""
    for batch in _rows(con, "SELECT * FROM happenings ORDER BY id"):
        ms = happening_mentions(con, [r["id"] for r in batch])
        for r in batch:
            row = happening_row(r)
            row["mentions_list"] = ms.get(r["id"], [])
            yield row


def quotes(con) -> Iterator[dict[str, Any]]:
    """Every quote, with its speaker's resolved actor and the article's date and title."""
    sql = ("SELECT q.*, a.name AS actor_name, a.code AS actor_code, a.country AS country, "
           "art.date AS art_date, art.title AS title FROM quotes q "
           "JOIN articles art ON art.id = q.article_id "
           "LEFT JOIN actors a ON a.article_id = q.article_id AND a.id = q.speaker_actor "
           "ORDER BY q.n")
    for batch in _rows(con, sql):
        for r in batch:
            yield {"article": r["article_id"], "id": r["id"], "kind": r["kind"],
                   "content": r["content_text"], "content_start": r["content_start"],
                   "content_end": r["content_end"], "cue": r["cue_text"],
                   "speaker": r["speaker_text"], "speaker_start": r["speaker_start"],
                   "speaker_end": r["speaker_end"], "actor": r["actor_name"],
                   "actor_id": r["speaker_actor"], "actor_code": r["actor_code"],
                   "country": r["country"], "date": r["art_date"], "title": r["title"]}


def places(con) -> Iterator[dict[str, Any]]:
    """Every place mention with its resolved GeoNames entry."""
    for batch in _rows(con, "SELECT * FROM places ORDER BY article_id, ord"):
        for r in batch:
            yield {"article": r["article_id"], "id": r["id"], "text": r["text"],
                   "start": r["start"], "end": r["end"], "name": r["name"],
                   "geonameid": r["geonameid"], "lat": r["lat"], "lon": r["lon"],
                   "country": r["country"], "admin1": r["admin1"], "feature": r["feature"],
                   "population": r["population"], "literal": bool(r["literal"])}
