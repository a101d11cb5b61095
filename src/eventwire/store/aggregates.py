"""Aggregate queries over the store, for views that summarise many events at once
(the web UI's timeline, map, actor network, speaker list and actor list).

Every function takes an open :class:`~eventwire.store.sqlite.Store` and the event
filters of :meth:`Store.events` (a dict passed to
:func:`~eventwire.store.sqlite.event_filters`), so a view and the event list it
summarises always agree on what matches. All SQL is parameterised; the only
values formatted into SQL are checked integers. Work is done in the database
(``GROUP BY``), so the result is small whatever the number of events.
"""
from __future__ import annotations

import re
from datetime import date as _date, timedelta
from typing import Any, Mapping, Sequence

from ..errors import StoreError
from .sqlite import (Store, _actor_conditions, _like, _text_filter, actor_sets, bbox_where,
                     check_bbox, check_country, event_filters)

_ART = "JOIN articles art ON art.id = e.article_id"
_PLACE = "LEFT JOIN places p ON p.article_id = e.article_id AND p.id = e.place_id"


def _country(value: Any) -> str | None:
    """The country filter as the code stored in ``actors.country`` (validated as the
    event list validates it), or None."""
    cond = _actor_conditions(None, value)
    return cond[0][1][0] if cond else None


def _where(store: Store, filters: Mapping[str, Any], place: bool = False,
           extra: Sequence[str] = (), tail: str = "") -> tuple[str, list, list[int]]:
    """``FROM ... [tail] WHERE ...`` for the event filters (and ``extra`` terms). The
    actor and country filters become joined sets of matching events; articles
    (``art``) and places (``p``) are joined only when a filter (or ``place``) needs
    them; ``tail`` is more joins of the caller's. Full-text search is in ``store``'s
    dialect (FTS5 on SQLite, tsvector on PostgreSQL)."""
    f = dict(filters)
    sets = actor_sets(f.pop("actor", None), f.pop("country", None))
    where, params, fts = event_filters(**f, fts_match=store._fts_match("articles", "art"))
    where += list(extra)
    text = " ".join(where)
    sql, head = "FROM events e", []
    for i, (sub, sub_params) in enumerate(sets):
        sql += f" JOIN ({sub}) x{i} ON x{i}.aid = e.article_id AND x{i}.eid = e.id"
        head += sub_params
    if re.search(r"\bart\.", text):
        sql += " " + _ART
    if place or re.search(r"\bp\.", text):
        sql += " " + _PLACE
    sql += tail
    return (sql + (" WHERE " + " AND ".join(where) if where else ""), head + params,
            [i + len(head) for i in fts])


# the event columns that ``event_countries`` holds copies of
_COPIED = frozenset({"day", "plover_type", "goldstein"})


def _per_event(store: Store, filters: Mapping[str, Any]) -> tuple[str, list, list[int]]:
    """:func:`_where` for aggregates that read only ``e.day``, ``e.plover_type`` and
    ``e.goldstein``: with a country filter and no filter on anything else of the event
    (its actors, text, place, counts, CAMEO code), ``e`` is ``event_countries`` itself,
    whose index ``(country, day, plover_type, goldstein)`` answers the query alone."""
    f = dict(filters)
    country = _country(f.get("country"))
    if country is None or _text_filter("actor", f.get("actor")) is not None:
        return _where(store, filters)
    del f["country"]
    f.pop("actor", None)
    where, params, fts = event_filters(**f, fts_match=store._fts_match("articles", "art"))
    text = " ".join(where)
    refs = re.findall(r"\b(\w+)\.(\w+)", text)
    if "SELECT" in text or not all(t == "e" and c in _COPIED for t, c in refs):
        return _where(store, filters)
    return (" ".join(["FROM event_countries e WHERE e.country = ?"] + ["AND " + w for w in where]),
            [country] + params, [i + 1 for i in fts])


def _week(day: str) -> str:
    d = _date.fromisoformat(day)
    return (d - timedelta(days=d.weekday())).isoformat()


def timeline(store: Store, filters: Mapping[str, Any], unit: str = "day") -> dict[str, Any]:
    """Events per ``unit`` (``day``, ``week`` starting on Monday, or ``auto``: weeks
    when the matching days span more than 120 days) and PLOVER type, with the mean
    Goldstein value of each bucket.

    Returns ``{"unit", "buckets": [{"period", "type", "count", "goldstein"}], "undated"}``
    (``unit`` the one used; ``undated``: matching events that have no day)."""
    if unit not in ("day", "week", "auto"):
        raise StoreError("EW304", f"unit must be 'day', 'week' or 'auto', not {unit!r}")
    frm, params, fts = _per_event(store, filters)
    # grouped in the order of a covering index (events_day_type, event_countries_country):
    # one pass over index entries, no table rows, no sort
    sql = ("SELECT e.day, e.plover_type, count(*), sum(e.goldstein), count(e.goldstein) "
           + frm + " GROUP BY e.day, e.plover_type")
    rows = store._query(sql, params, fts)
    days = {r[0] for r in rows}
    undated = sum(r[2] for r in rows if r[0] is None)
    days.discard(None)
    if unit == "auto":
        dated = [d for d in days if d]
        try:
            span = (_date.fromisoformat(max(dated)) - _date.fromisoformat(min(dated))).days
        except ValueError:
            span = 0
        unit = "week" if dated and span > 120 else "day"
    if unit == "day":        # one row per (day, type) already: nothing to add up
        buckets = [{"period": day, "type": typ, "count": n,
                    "goldstein": round((0.0 + (gsum or 0.0)) / gn, 3) if gn else None}
                   for day, typ, n, gsum, gn in sorted((tuple(r) for r in rows
                                                        if r[0] is not None),
                                                       key=lambda r: (r[0], r[1]))]
        return {"unit": unit, "buckets": buckets, "undated": undated}
    weeks: dict[str, str | None] = {}
    for day in days:         # each day once, not once per row
        try:
            weeks[day] = _week(day)
        except ValueError:
            weeks[day] = None
    acc: dict[tuple[str, str], list[float]] = {}
    for day, typ, n, gsum, gn in rows:
        if day is None:
            continue
        period = weeks[day]
        if period is None:
            undated += n
            continue
        a = acc.get((period, typ))
        if a is None:
            acc[(period, typ)] = [n, 0.0 + (gsum or 0.0), gn]
        else:
            a[0] += n
            a[1] += gsum or 0.0
            a[2] += gn
    buckets = [{"period": p, "type": t, "count": int(a[0]),
                "goldstein": round(a[1] / a[2], 3) if a[2] else None}
               for (p, t), a in sorted(acc.items())]
    return {"unit": unit, "buckets": buckets, "undated": undated}


def event_map(store: Store, filters: Mapping[str, Any], zoom: int = 2,
              max_points: int = 400) -> dict[str, Any]:
    """Events at their place's coordinates, clustered on a grid when dense.

    When no more than ``max_points`` events match, each is returned at its place
    (events at the same coordinates share one cell with a ``count`` and the first
    20 of them as ``sample``); a cell with one event carries its ``article`` and
    ``id``. Otherwise events are counted on a grid of ``cell_deg = 360 /
    2**(zoom + 2)`` degrees (zoom 0..18), each cell at the mean position of its
    events. Returns ``{"cells", "total", "clustered", "cell_deg"}``."""
    if isinstance(zoom, bool) or not isinstance(zoom, int) or not 0 <= zoom <= 18:
        raise StoreError("EW304", f"zoom must be an integer from 0 to 18, not {zoom!r}")
    frm, params, fts = _where(store, filters, place=True,
                              extra=["p.lat IS NOT NULL", "p.lon IS NOT NULL"])
    cell = 360.0 / 2 ** (zoom + 2)
    rows = store._query("SELECT p.lat, p.lon, e.article_id, e.id, e.goldstein, e.plover_type, "
                        "e.trigger_text, e.day " + frm + " ORDER BY e.day, e.article_id, e.id "
                        f"LIMIT {int(max_points) + 1}", params, fts)
    if len(rows) <= max_points:
        cells: dict[tuple[float, float], dict[str, Any]] = {}
        for lat, lon, art, eid, g, typ, trig, day in rows:
            c = cells.get((lat, lon))
            item = {"article": art, "id": eid, "type": typ, "trigger": trig, "day": day}
            if c is None:
                cells[(lat, lon)] = {"lat": lat, "lon": lon, "count": 1, "goldstein": g,
                                     "article": art, "id": eid, "sample": [item]}
            else:
                c["count"] += 1
                if len(c["sample"]) < 20:
                    c["sample"].append(item)
        out = list(cells.values())
        for c in out:
            if c["count"] > 1:
                del c["article"], c["id"]
            else:
                del c["sample"]
        return {"cells": out, "total": len(rows), "clustered": False, "cell_deg": cell}
    sql = ("SELECT CAST(floor(p.lat / ?) AS INTEGER) AS gy, "
           "CAST(floor(p.lon / ?) AS INTEGER) AS gx, count(*), avg(p.lat), avg(p.lon), "
           "avg(e.goldstein) " + frm + " GROUP BY gy, gx ORDER BY count(*) DESC")
    grid = store._query(sql, [cell, cell] + params, [i + 2 for i in fts])
    out = [{"lat": r[3], "lon": r[4], "count": r[2], "goldstein": r[5]} for r in grid]
    return {"cells": out, "total": sum(c["count"] for c in out), "clustered": True,
            "cell_deg": cell}


def place_points(store: Store, country: str | None = None,
                 bbox: Sequence[float] | None = None, limit: int = 1000) -> dict[str, Any]:
    """Resolved places at their coordinates, one point per position with the number of
    mentions and of articles, most mentioned first (at most ``limit``), for a map layer.
    Metonymic mentions ("Moscow said") are left out: they name an actor, not a place."""
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
        raise StoreError("EW304", f"limit must be a positive integer, not {limit!r}")
    where, params = ["p.lat IS NOT NULL", "p.lon IS NOT NULL", "p.literal = 1"], []
    if (country := check_country(country)) is not None:
        where.append("p.country = ?")
        params.append(country)
    bbox_where(bbox, where, params)
    sql = ("SELECT p.lat, p.lon, max(coalesce(p.name, p.text)), max(p.country), "
           "max(p.feature), count(*), count(DISTINCT p.article_id) FROM places p WHERE "
           + " AND ".join(where) + " GROUP BY p.lat, p.lon ORDER BY count(*) DESC, 3 "
           f"LIMIT {int(limit) + 1}")
    rows = store._query(sql, params)
    return {"points": [{"lat": r[0], "lon": r[1], "name": r[2], "country": r[3],
                        "feature": r[4], "mentions": r[5], "articles": r[6]}
                       for r in rows[:limit]],
            "truncated": len(rows) > limit}


def network(store: Store, filters: Mapping[str, Any], max_edges: int = 150) -> dict[str, Any]:
    """Who acts on whom: edges from source to target actor (by name) with their event
    count per quad class (1 verbal cooperation .. 4 material conflict), the
    ``max_edges`` heaviest; nodes with their code, country and event count."""
    if isinstance(max_edges, bool) or not isinstance(max_edges, int) or max_edges < 1:
        raise StoreError("EW304", f"max_edges must be a positive integer, not {max_edges!r}")
    frm, params, fts = _where(store, filters, tail=(
        " JOIN event_actors es ON es.article_id = e.article_id AND es.event_id = e.id "
        "AND es.role = 'source' "
        "JOIN actors s ON s.article_id = es.article_id AND s.id = es.actor_id "
        "JOIN event_actors et ON et.article_id = e.article_id AND et.event_id = e.id "
        "AND et.role = 'target' "
        "JOIN actors t ON t.article_id = et.article_id AND t.id = et.actor_id"))
    sql = ("SELECT s.name, t.name, e.quad_class, count(*), avg(e.goldstein), "
           "max(s.code), max(s.country), max(t.code), max(t.country) " + frm
           + " GROUP BY s.name, t.name, e.quad_class "
           f"ORDER BY count(*) DESC, s.name, t.name LIMIT {int(max_edges)}")
    edges: list[dict[str, Any]] = []
    nodes: dict[str, dict[str, Any]] = {}
    for src, tgt, quad, n, g, scode, scountry, tcode, tcountry in store._query(sql, params, fts):
        edges.append({"source": src, "target": tgt, "quad_class": quad, "count": n,
                      "goldstein": None if g is None else round(g, 3)})
        for name, code, country in ((src, scode, scountry), (tgt, tcode, tcountry)):
            node = nodes.setdefault(name, {"id": name, "code": code, "country": country,
                                           "count": 0})
            node["count"] += n
    return {"nodes": list(nodes.values()), "edges": edges}


def actors(store: Store, name: str | None = None, country: str | None = None,
           limit: int | None = 100, offset: int = 0) -> list[dict[str, Any]]:
    """Actors across articles, grouped by name: ``name``, ``code``, ``country``,
    ``kind``, ``articles``, ``mentions``, ``events`` (as source or target), most
    events first. Filters: ``name`` (substring of name, text or code), ``country``."""
    from .sqlite import _limit_offset
    where, params = [], []
    if (name := _text_filter("name", name)) is not None:
        where.append("(a.name LIKE ? ESCAPE '\\' OR a.text LIKE ? ESCAPE '\\' "
                     "OR a.code LIKE ? ESCAPE '\\')")
        params += [_like(name)] * 3
    if (country := check_country(country)) is not None:
        where.append("a.country = ?")
        params.append(country)
    sql = ("SELECT a.name, max(a.code) AS code, max(a.country) AS country, max(a.kind) AS kind, "
           "count(DISTINCT a.article_id) AS articles, "
           "sum((SELECT count(*) FROM actor_mentions m WHERE m.article_id = a.article_id "
           "AND m.actor_id = a.id)) AS mentions, "
           "sum((SELECT count(*) FROM event_actors ea WHERE ea.article_id = a.article_id "
           "AND ea.actor_id = a.id)) AS events "
           "FROM actors a" + (" WHERE " + " AND ".join(where) if where else "")
           + " GROUP BY a.name ORDER BY events DESC, a.name" + _limit_offset(limit, offset))
    return [dict(r) for r in store._query(sql, params)]


def speakers(store: Store, search: str | None = None, speaker: str | None = None,
             since: str | None = None, until: str | None = None,
             limit: int = 50) -> list[dict[str, Any]]:
    """Quote counts by speaker (the resolved actor's name, else the speaker as
    written), most quoted first, with the same filters as :meth:`Store.quotes`."""
    from .sqlite import _limit_offset
    where, params, fts = store._quote_filters(speaker, None, search, since, until)
    sql = ("SELECT coalesce(a.name, q.speaker_text, '(unknown)') AS speaker, "
           "max(a.code) AS code, count(*) AS quotes FROM quotes q "
           "JOIN articles art ON art.id = q.article_id "
           "LEFT JOIN actors a ON a.article_id = q.article_id AND a.id = q.speaker_actor"
           + (" WHERE " + " AND ".join(where) if where else "")
           + " GROUP BY 1 ORDER BY quotes DESC, speaker" + _limit_offset(limit))
    return [dict(r) for r in store._query(sql, params, fts)]


# ---------------------------------------------------------------- happenings

def table_columns(store: Store, table: str) -> list[str]:
    """The columns of ``table`` (empty when the store has no such table)."""
    return store.columns(table)


def has_happenings(store: Store) -> bool:
    """Whether the store holds the happenings layer (built by deduplication)."""
    return bool(table_columns(store, "happenings"))


def _ident(name: str) -> str:
    """``name`` as a quoted SQL identifier (table names read from the store itself)."""
    return '"' + name.replace('"', '""') + '"'


def _link_table(store: Store) -> str | None:
    """The table linking events to happenings (columns ``article_id``, ``event_id``,
    ``happening_id``), if the store has one."""
    for t in store.table_names():
        if {"article_id", "event_id", "happening_id"} <= set(table_columns(store, t)):
            return t
    return None


def happening_links(store: Store, article_id: str) -> dict[str, Any]:
    """``{event id: happening id}`` for one article, read from whichever table links
    events to happenings (columns ``article_id``, ``event_id`` and ``happening_id``);
    empty when the store has none."""
    link = _link_table(store)
    if link is None:
        return {}
    rows = store.con.execute(f"SELECT event_id, happening_id FROM {_ident(link)} "
                             "WHERE article_id = ?",
                             (article_id,)).fetchall()
    return {r[0]: r[1] for r in rows}


__all__ = ["timeline", "event_map", "place_points", "network", "actors", "speakers",
           "has_happenings", "happening_links", "table_columns",
           "check_bbox"]
