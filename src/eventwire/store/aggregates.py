"""Aggregate queries over the store, for views that summarise many events at once
(the web UI's timeline, map, actor network, speaker list and actor list).

Every function takes an open :class:`~eventwire.store.sqlite.Store` and the event
filters of :meth:`Store.events` (a dict passed to
:func:`~eventwire.store.sqlite.event_filters`), so a view and the event list it
summarises always agree on what matches. All SQL is parameterised; the only
values formatted into SQL are checked integers. Work is done in SQLite
(``GROUP BY``), so the result is small whatever the number of events.
"""
from __future__ import annotations

import sqlite3
from datetime import date as _date, timedelta
from typing import Any, Mapping

from ..errors import StoreError
from .sqlite import Store, _like, _text_filter, check_bbox, event_filters

# which joins a filter needs besides the events table
_FROM = ("FROM events e JOIN articles art ON art.id = e.article_id "
         "LEFT JOIN places p ON p.article_id = e.article_id AND p.id = e.place_id")


def _where(filters: Mapping[str, Any]) -> tuple[str, list, list[int]]:
    where, params, fts = event_filters(**filters)
    return (" WHERE " + " AND ".join(where) if where else ""), params, fts


def _week(day: str) -> str:
    d = _date.fromisoformat(day)
    return (d - timedelta(days=d.weekday())).isoformat()


def timeline(store: Store, filters: Mapping[str, Any], unit: str = "day") -> dict[str, Any]:
    """Events per ``unit`` (``day`` or ``week``, weeks starting on Monday) and PLOVER
    type, with the mean Goldstein value of each bucket.

    Returns ``{"unit", "buckets": [{"period", "type", "count", "goldstein"}], "undated"}``
    (``undated``: matching events that have no day)."""
    if unit not in ("day", "week"):
        raise StoreError("EW304", f"unit must be 'day' or 'week', not {unit!r}")
    where, params, fts = _where(filters)
    sql = ("SELECT e.day, e.plover_type, count(*), sum(e.goldstein), count(e.goldstein) "
           + _FROM + where + " GROUP BY e.day, e.plover_type")
    acc: dict[tuple[str, str], list[float]] = {}
    undated = 0
    for day, typ, n, gsum, gn in store._query(sql, params, fts):
        if day is None:
            undated += n
            continue
        try:
            period = _week(day) if unit == "week" else day
        except ValueError:
            undated += n
            continue
        a = acc.setdefault((period, typ), [0, 0.0, 0])
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

    The grid cell is ``360 / 2**(zoom + 2)`` degrees wide (zoom 0..18). A cell
    with one event carries that event's ``article`` and ``id``; a denser cell is a
    cluster with its ``count`` and the first events in it (``sample``, at most 20).
    When no more than ``max_points`` events match, no grid is used.
    Returns ``{"cells": [...], "total", "clustered", "cell_deg"}``."""
    if isinstance(zoom, bool) or not isinstance(zoom, int) or not 0 <= zoom <= 18:
        raise StoreError("EW304", f"zoom must be an integer from 0 to 18, not {zoom!r}")
    where, params, fts = _where(filters)
    where += (" AND " if where else " WHERE ") + "p.lat IS NOT NULL AND p.lon IS NOT NULL"
    total = store._query("SELECT count(*) " + _FROM + where, params, fts)[0][0]
    cell = 360.0 / 2 ** (zoom + 2)
    clustered = total > max_points
    if clustered:
        sql = ("SELECT CAST(floor(p.lat / ?) AS INTEGER) AS gy, "
               "CAST(floor(p.lon / ?) AS INTEGER) AS gx, count(*), avg(p.lat), avg(p.lon), "
               "min(e.article_id || char(31) || e.id), avg(e.goldstein) "
               + _FROM + where + " GROUP BY gy, gx ORDER BY count(*) DESC")
        rows = store._query(sql, [cell, cell] + params, [i + 2 for i in fts])
    else:
        sql = ("SELECT p.lat, p.lon, 1, p.lat, p.lon, e.article_id || char(31) || e.id, "
               "e.goldstein " + _FROM + where)
        rows = store._query(sql, params, fts)
    cells: dict[tuple[float, float], dict[str, Any]] = {}
    for r in rows:
        key = (r[0], r[1]) if clustered else (round(r[3], 4), round(r[4], 4))
        c = cells.get(key)
        art, eid = r[5].split("\x1f", 1)
        if c is None:
            cells[key] = {"lat": r[3], "lon": r[4], "count": r[2], "goldstein": r[6],
                          "article": art, "id": eid}
        else:                        # several events at the same coordinates
            c["count"] += r[2]
    out = list(cells.values())
    for c in out:
        if c["count"] > 1:
            c["sample"] = _cell_sample(store, filters, c, cell if clustered else 1e-4)
            c.pop("article")
            c.pop("id")
    return {"cells": out, "total": total, "clustered": clustered, "cell_deg": cell}


def _cell_sample(store: Store, filters: Mapping[str, Any], c: dict, size: float
                 ) -> list[dict[str, Any]]:
    """The first 20 events near a cell's centre (for a cluster's popup)."""
    f = dict(filters)
    lat, lon = c["lat"], c["lon"]
    f["bbox"] = (max(-180.0, lon - size), max(-90.0, lat - size),
                 min(180.0, lon + size), min(90.0, lat + size))
    where, params, fts = _where(f)
    sql = ("SELECT e.article_id, e.id, e.plover_type, e.trigger_text, e.day, art.title "
           + _FROM + where + " ORDER BY e.day, e.article_id, e.id LIMIT 20")
    return [{"article": r[0], "id": r[1], "type": r[2], "trigger": r[3], "day": r[4],
             "title": r[5]} for r in store._query(sql, params, fts)]


def network(store: Store, filters: Mapping[str, Any], max_edges: int = 150) -> dict[str, Any]:
    """Who acts on whom: edges from source to target actor (by name) with their event
    count per quad class (1 verbal cooperation .. 4 material conflict), the
    ``max_edges`` heaviest; nodes with their code, country and event count."""
    if isinstance(max_edges, bool) or not isinstance(max_edges, int) or max_edges < 1:
        raise StoreError("EW304", f"max_edges must be a positive integer, not {max_edges!r}")
    where, params, fts = _where(filters)
    sql = ("SELECT s.name, t.name, e.quad_class, count(*), avg(e.goldstein), "
           "max(s.code), max(s.country), max(t.code), max(t.country) " + _FROM +
           " JOIN event_actors es ON es.article_id = e.article_id AND es.event_id = e.id "
           "AND es.role = 'source' "
           "JOIN actors s ON s.article_id = es.article_id AND s.id = es.actor_id "
           "JOIN event_actors et ON et.article_id = e.article_id AND et.event_id = e.id "
           "AND et.role = 'target' "
           "JOIN actors t ON t.article_id = et.article_id AND t.id = et.actor_id"
           + where + " GROUP BY s.name, t.name, e.quad_class "
           f"ORDER BY count(*) DESC, s.name, t.name LIMIT {int(max_edges)}")
    edges, nodes = [], {}
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
    if (country := _text_filter("country", country)) is not None:
        if len(country) != 3 or not country.isalpha():
            raise StoreError("EW304", f"country must be an ISO 3166-1 alpha-3 code, "
                                      f"not {country!r}")
        where.append("a.country = ?")
        params.append(country.upper())
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
    from .sqlite import _day_range, _limit_offset
    where, params, fts = [], [], []
    if (speaker := _text_filter("speaker", speaker)) is not None:
        where.append("(q.speaker_text LIKE ? ESCAPE '\\' OR a.name LIKE ? ESCAPE '\\')")
        params += [_like(speaker)] * 2
    _day_range(where, params, "art.day", since, until)
    if (search := _text_filter("search", search)) is not None:
        where.append("q.n IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?)")
        fts.append(len(params))
        params.append(search)
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
    try:
        return [r[1] for r in store.con.execute("SELECT * FROM pragma_table_info(?)", (table,))]
    except sqlite3.Error:
        return []


def has_happenings(store: Store) -> bool:
    """Whether the store holds the happenings layer (built by deduplication)."""
    return bool(table_columns(store, "happenings"))


def happenings(store: Store, filters: Mapping[str, Any], limit: int | None = 100,
               offset: int = 0) -> list[dict[str, Any]] | None:
    """Rows of the ``happenings`` table (None when the store has none), filtered by
    type and date range where the table has those columns."""
    from .sqlite import _day_range, _limit_offset
    cols = table_columns(store, "happenings")
    if not cols:
        return None
    where, params = [], []
    typ = filters.get("type")
    for c in ("plover_type", "type"):
        if typ and c in cols:
            where.append(f'h."{c}" = ?')
            params.append(str(typ).upper())
            break
    for c in ("day", "date", "first_day"):
        if c in cols:
            _day_range(where, params, f'h."{c}"', filters.get("since"), filters.get("until"))
            break
    order = next((f'h."{c}"' for c in ("day", "date", "first_day") if c in cols), "h.rowid")
    key = '"id"' if "id" in cols else "rowid"
    sql = ("SELECT h.* FROM happenings h" + (" WHERE " + " AND ".join(where) if where else "")
           + f" ORDER BY {order}, h.{key}" + _limit_offset(limit, offset))
    return [dict(r) for r in store._query(sql, params)]


def happening_links(store: Store, article_id: str) -> dict[str, Any]:
    """``{event id: happening id}`` for one article, read from whichever table links
    events to happenings (columns ``article_id``, ``event_id`` and ``happening_id``);
    empty when the store has none."""
    names = [r[0] for r in store.con.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    for t in names:
        cols = table_columns(store, t)
        if {"article_id", "event_id", "happening_id"} <= set(cols):
            rows = store.con.execute(
                f'SELECT event_id, happening_id FROM "{t}" WHERE article_id = ?',
                (article_id,)).fetchall()
            return {r[0]: r[1] for r in rows}
    return {}


__all__ = ["timeline", "event_map", "network", "actors", "speakers", "has_happenings",
           "happenings", "happening_links", "table_columns", "check_bbox"]
