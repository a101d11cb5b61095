"""The store's happenings: load event mentions, find candidate happenings, write them.

The matching itself is :mod:`eventwire.dedup`; this module is only the SQL
around it, over a DB-API connection (``?`` parameters; plain ANSI SQL, no
SQLite-only constructs, so a PostgreSQL backend can run the same statements
after swapping the parameter style).

* :func:`attach` folds the events of some articles into happenings, opening new
  ones where nothing matches. Candidates come from a blocking query (same PLOVER
  type or CAMEO root, ``day_lo`` in a window around the event's date, indexed),
  so the cost of one event does not grow with the size of the store. With a
  :class:`ProfileCache` the blocks a batch needs are read before its fold, and
  its writes are made at the end in a few ``executemany`` calls (:class:`_Writes`);
  :func:`refresh` recounts all the happenings touched in two grouped queries.
* :func:`stale` / :func:`refold` repair the happenings of articles that are
  replaced or deleted (their mentions are removed by the foreign key cascade).
* :func:`rebuild` recomputes every happening from scratch.
* :func:`query` answers ``eventwire happenings``.

Events are processed in a canonical order (article day, article id, event
position), so one input gives one result, and re-ingesting changes nothing.
"""
from __future__ import annotations

import hashlib
import json
from datetime import date, timedelta
from itertools import islice
from typing import Any, Callable, Iterable, Sequence
from urllib.parse import urlparse

from ..dedup import (Mention, PlaceRef, Profile, Rules, absorb, confusable_partners, eligible,
                     fold, interval, joinable, load_rules, matches, mention_interval, mergeable,
                     open_profile, role, swapped)
from .dialect import chunked, marks


def outlet(source: str | None, url: str | None) -> str | None:
    """Who published an article: its ``source``, else its web domain (without www.)."""
    if source and source.strip():
        return source.strip()
    if url:
        host = urlparse(url).hostname or ""
        return host[4:] if host.startswith("www.") else (host or None)
    return None


# ---------------------------------------------------------------- mentions from rows

_MENTION_SQL = (
    "SELECT e.article_id, e.id, e.plover_type, e.cameo_code, e.date_value, e.date_defaulted, "
    "e.negated, e.modality, e.confidence, e.ord, art.day AS art_day, art.source AS art_source, "
    "art.url AS art_url, p.name AS p_name, p.text AS p_text, p.geonameid, p.lat, p.lon, "
    "p.country AS p_country, p.feature, "
    "substr(art.text, s.start + 1, s.\"end\" - s.start) AS sentence_text "
    "FROM events e JOIN articles art ON art.id = e.article_id "
    "LEFT JOIN places p ON p.article_id = e.article_id AND p.id = e.place_id "
    "LEFT JOIN sentences s ON s.article_id = e.article_id AND s.i = e.sentence ")


def _mentions_from(con, rows: list, actor_rows: list,
                   size_rows: list | None = None) -> list[Mention]:
    sizes: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for z in size_rows or []:
        sizes.setdefault((z[0], z[1]), []).append({"field": z[2], "value": z[3], "mod": z[4]})
    roles: dict[tuple[str, str, str], list[str]] = {}
    for r in actor_rows:
        if r[3]:
            roles.setdefault((r[0], r[1], r[2]), []).append(r[3])
    out = []
    for r in rows:
        place = None
        if r["p_name"] is not None or r["p_text"] is not None:
            place = PlaceRef(name=r["p_name"] or r["p_text"], geonameid=r["geonameid"],
                             lat=r["lat"], lon=r["lon"], country=r["p_country"],
                             feature=r["feature"])
        key = (r["article_id"], r["id"])
        out.append(Mention(
            article=r["article_id"], event=r["id"], plover=r["plover_type"],
            cameo=r["cameo_code"] or "", source=tuple(roles.get(key + ("source",), ())),
            target=tuple(roles.get(key + ("target",), ())), date_value=r["date_value"],
            defaulted=bool(r["date_defaulted"]), article_day=r["art_day"], place=place,
            negated=bool(r["negated"]), modality=r["modality"] or "asserted",
            confidence=r["confidence"] if r["confidence"] is not None else 0.5,
            sentence=r["sentence_text"] or "", outlet=outlet(r["art_source"], r["art_url"]),
            size=sizes.get(key),             # the event's counts (dead, injured, ...)
            order=(r["art_day"] is None, r["art_day"] or "", r["article_id"], r["ord"])))
    out.sort(key=lambda m: m.order)
    return out


def _actor_rows(con, article_ids: Sequence[str]) -> list:
    out: list = []
    for part in chunked(list(article_ids)):
        out += con.execute(
            "SELECT ea.article_id, ea.event_id, ea.role, a.code FROM event_actors ea "
            "JOIN actors a ON a.article_id = ea.article_id AND a.id = ea.actor_id "
            f"WHERE ea.article_id IN ({marks(len(part))}) "
            "ORDER BY ea.article_id, ea.event_id, ea.role, ea.i", list(part)).fetchall()
    return out


def _size_rows(con, article_ids: Sequence[str]) -> list:
    out: list = []
    for part in chunked(list(article_ids)):
        out += con.execute(
            "SELECT article_id, event_id, field, value, mod FROM event_sizes "
            f"WHERE article_id IN ({marks(len(part))}) ORDER BY article_id, event_id, i",
            list(part)).fetchall()
    return out


def load_mentions(con, article_ids: Sequence[str]) -> list[Mention]:
    """The events of these articles as :class:`Mention` records, in canonical order."""
    ids = sorted(set(article_ids))
    rows: list = []
    for part in chunked(ids):
        rows += con.execute(_MENTION_SQL + f"WHERE e.article_id IN ({marks(len(part))})",
                            list(part)).fetchall()
    return _mentions_from(con, rows, _actor_rows(con, ids), _size_rows(con, ids))


def _happening_mentions(con, hid: str) -> list[Mention]:
    rows = con.execute(_MENTION_SQL + "JOIN happening_mentions hm ON hm.article_id = e.article_id "
                       "AND hm.event_id = e.id WHERE hm.happening_id = ?", (hid,)).fetchall()
    arts = sorted({r["article_id"] for r in rows})
    keys = {(r["article_id"], r["id"]) for r in rows}
    actor_rows = [r for r in _actor_rows(con, arts) if (r[0], r[1]) in keys]
    size_rows = [z for z in _size_rows(con, arts) if (z[0], z[1]) in keys]
    return _mentions_from(con, rows, actor_rows, size_rows)


# ---------------------------------------------------------------- profiles <-> rows

_PROFILE_COLS = ("id, plover_type, cameo_code, cameo_root, source_codes, target_codes, symmetric, "
                 "date_value, date_precision, day_lo, day_hi, place_name, geonameid, lat, lon, "
                 "country, feature, sentence, size, texts")


def _profile(r) -> Profile:
    place = None
    if r["place_name"] is not None or r["lat"] is not None:
        place = PlaceRef(name=r["place_name"], geonameid=r["geonameid"], lat=r["lat"],
                         lon=r["lon"], country=r["country"], feature=r["feature"])
    return Profile(id=r["id"], plover=r["plover_type"], cameo=r["cameo_code"] or "",
                   source=json.loads(r["source_codes"] or "[]"),
                   target=json.loads(r["target_codes"] or "[]"), symmetric=bool(r["symmetric"]),
                   date_value=r["date_value"], precision=r["date_precision"] or "none",
                   lo=r["day_lo"], hi=r["day_hi"], place=place, sentence=r["sentence"] or "",
                   texts_json=r["texts"] or None,       # NULL: none after the founding one
                   size=json.loads(r["size"]) if r["size"] else None)


def _first_day(p: Profile) -> str | None:
    iv = interval(p.date_value)
    return iv[0] if iv else p.hi


def _profile_values(p: Profile) -> tuple:
    pl = p.place or PlaceRef()
    from ..codebook import UnknownCode, lookup
    try:
        quad = lookup(p.cameo).quad_class if p.cameo else None
    except UnknownCode:
        quad = None
    return (p.plover, p.cameo or None, p.root or None, quad,
            p.source[0] if p.source else None, p.target[0] if p.target else None,
            json.dumps(p.source), json.dumps(p.target), int(p.symmetric), p.date_value,
            p.precision, _first_day(p), p.lo, p.hi, pl.name, pl.geonameid, pl.lat, pl.lon, pl.country,
            pl.feature, p.sentence, None if p.size is None else json.dumps(p.size),
            p.texts_json if p.texts_json is not None else json.dumps(p.texts) if p.texts
            else None)


_SET = ("plover_type = ?, cameo_code = ?, cameo_root = ?, quad_class = ?, source_code = ?, "
        "target_code = ?, source_codes = ?, target_codes = ?, symmetric = ?, date_value = ?, "
        "date_precision = ?, day = ?, day_lo = ?, day_hi = ?, place_name = ?, geonameid = ?, lat = ?, "
        "lon = ?, country = ?, feature = ?, sentence = ?, size = ?, texts = ?")


_INSERT_PROFILE = ("INSERT INTO happenings (plover_type, cameo_code, cameo_root, quad_class, "
                   "source_code, target_code, source_codes, target_codes, symmetric, date_value, "
                   "date_precision, day, day_lo, day_hi, place_name, geonameid, lat, lon, "
                   "country, feature, sentence, size, texts, id) VALUES (" + marks(24) + ")")
_SAVE_PROFILE = f"UPDATE happenings SET {_SET} WHERE id = ?"
_INSERT_MENTION = ("INSERT INTO happening_mentions (happening_id, article_id, event_id, role, "
                   "outlet, rule, score) VALUES (?, ?, ?, ?, ?, ?, ?)")


def _insert_profile(con, p: Profile) -> None:
    con.execute(_INSERT_PROFILE, _profile_values(p) + (p.id,))


def _save_profile(con, p: Profile) -> None:
    con.execute(_SAVE_PROFILE, _profile_values(p) + (p.id,))


def _hid(m: Mention, salt: int = 0) -> str:
    return "h" + hashlib.sha1(f"{m.article}\x1f{m.event}\x1f{salt or ''}".encode()) \
        .hexdigest()[:15]


def _new_id(con, m: Mention, known: dict[str, bool] | None = None) -> str:
    """A free happening id for ``m`` (its article and event hashed, salted when taken).
    ``known``: id -> whether it is taken now, as far as the caller knows (others asked)."""
    salt = 0
    while True:
        hid = _hid(m, salt)
        taken = known.get(hid) if known is not None else None
        if taken is None:
            taken = con.execute("SELECT 1 FROM happenings WHERE id = ?",
                                (hid,)).fetchone() is not None
        if not taken:
            return hid
        salt += 1


def _taken(con, mentions: Sequence[Mention]) -> dict[str, bool]:
    """Whether the first id :func:`_new_id` tries for each mention is taken: one query
    per :data:`~eventwire.store.dialect.PARAMS_PER_QUERY` mentions instead of one each."""
    known = {_hid(m): False for m in mentions}
    for part in chunked(sorted(known)):
        for r in con.execute(f"SELECT id FROM happenings WHERE id IN ({marks(len(part))})",
                             list(part)):
            known[r[0]] = True
    return known


# ---------------------------------------------------------------- profiles kept between batches

class ProfileCache:
    """What one store connection knows of the happenings, kept from one batch to the
    next: the profiles it read or wrote (with their word bags and names), and a blocking
    index, ``(column, value, day_lo) -> ids`` for ``plover_type`` and ``cameo_root``,
    read from the table a run of days at a time (one indexed range query, :meth:`span`)
    before a batch needs it and kept current by :func:`attach` afterwards. So a batch neither reads
    nor parses again what the batch before it read, and a candidate search is a few
    dictionary look-ups instead of a query.

    It holds only while every change to the happenings goes through :func:`attach`
    with it: the store clears it when a transaction fails, when it replaces or deletes
    articles (:func:`refold`) and when it rebuilds; and :meth:`current` empties it when
    another connection committed since (``stamp``: SQLite's ``PRAGMA data_version``).
    Past ``limit`` profiles the older half goes (they are read again when needed); past
    ``10 * limit`` index rows the index starts again. ``blocking=False``: profiles only
    (candidates come from one query per event, as without a cache)."""

    def __init__(self, limit: int = 20_000, blocking: bool = True):
        self.limit = limit
        self.blocking = blocking
        self.profiles: dict[str, Profile] = {}
        self.stamp: object = None
        # id -> (plover_type, cameo_code, day_lo, day_hi) of the rows in loaded blocks
        self.rows: dict[str, tuple[Any, Any, Any, Any]] = {}
        self.blocks: dict[tuple[str, Any, str], set[str]] = {}   # a key present: complete
        self.before_read: Callable[[], None] | None = None   # called before reading the index

    def clear(self) -> None:
        self.profiles.clear()
        self.rows.clear()
        self.blocks.clear()
        self.stamp = None

    def current(self, stamp: object) -> "ProfileCache":
        """This cache, emptied first if ``stamp`` differs from the last call's."""
        if stamp != self.stamp:
            self.clear()
            self.stamp = stamp
        if len(self.profiles) > self.limit:
            for hid in list(islice(self.profiles, len(self.profiles) // 2)):
                del self.profiles[hid]
        if len(self.rows) > 10 * self.limit:
            self.rows.clear()
            self.blocks.clear()
        return self

    def block(self, con, column: str, value: Any, day: str) -> set[str]:
        """The ids of the happenings whose ``column`` is ``value`` and ``day_lo`` is
        ``day`` (``column``: ``plover_type`` or ``cameo_root``, both indexed with day_lo)."""
        key = (column, value, day)
        if key not in self.blocks:
            self.span(con, column, value, day, day)
        return self.blocks[key]

    def span(self, con, column: str, value: Any, first: str, last: str) -> None:
        """Read the blocks of ``column = value`` for the days ``first``..``last`` (ISO)
        not read yet, in one query over the days from the first to the last of those."""
        day, end = date.fromisoformat(first), date.fromisoformat(last)
        missing: list[str] = []
        while day <= end:
            if (column, value, d := day.isoformat()) not in self.blocks:
                missing.append(d)
            day += timedelta(1)
        if not missing:
            return
        if self.before_read is not None:
            self.before_read()
        fresh: dict[str, set[str]] = {d: set() for d in missing}
        for r in con.execute("SELECT id, plover_type, cameo_code, day_lo, day_hi FROM "
                             f"happenings WHERE {column} = ? AND day_lo >= ? AND day_lo <= ?",
                             (value, missing[0], missing[-1])):
            ids = fresh.get(r[3])
            if ids is not None:         # (a day read before is kept as it is)
                ids.add(r[0])
                self.rows[r[0]] = (r[1], r[2], r[3], r[4])
        for d, ids in fresh.items():
            self.blocks[(column, value, d)] = ids

    @staticmethod
    def _keys(row: tuple[Any, Any, Any, Any]) -> list[tuple[str, Any, str]]:
        plover, cameo, lo, _ = row
        if lo is None:
            return []
        return [("plover_type", plover, lo)] + ([("cameo_root", cameo[:2], lo)]
                                                 if cameo and cameo[:2] else [])

    def placed(self, p: Profile) -> None:
        """``p`` was inserted or saved: file it under its (maybe new) type and days."""
        row = (p.plover, p.cameo or None, p.lo, p.hi)
        old = self.rows.get(p.id)
        if old == row:
            return
        self._unfile(p.id)
        self.rows[p.id] = row
        for key in self._keys(row):
            ids = self.blocks.get(key)
            if ids is not None:
                ids.add(p.id)

    def removed(self, hid: str) -> None:
        """Happening ``hid`` was deleted (merged into another)."""
        self.profiles.pop(hid, None)
        self._unfile(hid)

    def _unfile(self, hid: str) -> None:
        old = self.rows.pop(hid, None)
        for key in self._keys(old) if old is not None else []:
            ids = self.blocks.get(key)
            if ids is not None:
                ids.discard(hid)


# ---------------------------------------------------------------- blocking

def _window(m: Mention, rules: Rules) -> tuple[str, str, str, Sequence[tuple[str, str]]] | None:
    """Where :func:`candidates` looks for ``m``: ``(lo, first, last, partners)``, the
    start of its interval, the first and last ``day_lo`` of a candidate, the confusable
    (type, CAMEO prefix) pairs; None when its date is too vague to merge on."""
    lo, hi, _ = mention_interval(m, rules)
    if not mergeable(lo, hi, rules) or lo is None or hi is None:
        return None
    reach = rules.max_interval_days + rules.article_lag_days + rules.explicit_tolerance_days
    first = (date.fromisoformat(lo) - timedelta(reach)).isoformat()
    last = (date.fromisoformat(hi) + timedelta(rules.explicit_tolerance_days)).isoformat()
    return lo, first, last, confusable_partners(m.plover, m.cameo, rules)


def _families(m: Mention, partners: Sequence[tuple[str, str]]) -> list[tuple[str, Any]]:
    """The blocks (column, value) a candidate search for ``m`` reads: its PLOVER type, its
    CAMEO root and the types confusable with it (``partners``, from :func:`_window`)."""
    return (([("plover_type", m.plover)] if m.plover else [])
            + ([("cameo_root", m.root)] if m.root else [])
            + [("plover_type", t) for t, _ in partners])


def _read_ahead(con, kept: ProfileCache, mentions: Sequence[Mention], rules: Rules) -> None:
    """Read the blocks of ``kept``'s index that :func:`candidates` will need for these
    mentions, before any of them is folded: one query per family (column, value) and
    run of overlapping windows, instead of one per window met during the fold."""
    spans: dict[tuple[str, Any], list[tuple[str, str]]] = {}
    for m in mentions:
        win = _window(m, rules) if eligible(m, rules) else None
        if win is None:
            continue
        _, first, last, partners = win
        for fam in _families(m, partners):
            spans.setdefault(fam, []).append((first, last))
    for (column, value), wins in spans.items():
        wins.sort()
        lo, hi = wins[0]
        for a, b in wins[1:]:
            if a > (date.fromisoformat(hi) + timedelta(1)).isoformat():
                kept.span(con, column, value, lo, hi)
                lo, hi = a, b
            else:
                hi = max(hi, b)
        kept.span(con, column, value, lo, hi)


def candidates(con, m: Mention, rules: Rules,
               kept: ProfileCache | None = None) -> list[Profile]:
    """Happenings that could hold ``m``: the same PLOVER type (or one confusable with
    it, ``confusable_types``) or CAMEO root, with a match interval starting in a
    window around ``m``'s date (both indexed), in id order. ``kept`` holds the profiles
    already read (the caller keeps them current): only the others are read; with its
    blocking index, the ids come from there."""
    win = _window(m, rules)
    if win is None:
        return []
    lo, first, last, partners = win
    kept = kept or ProfileCache(blocking=False)
    if kept.blocking:
        ids = _blocked(con, kept, m, partners, first, last, lo)
    else:
        terms = "".join(" OR (plover_type = ? AND cameo_code LIKE ?)" for _ in partners)
        ids = [r[0] for r in con.execute(
            f"SELECT id FROM happenings WHERE (plover_type = ? OR cameo_root = ?{terms}) "
            "AND day_lo >= ? AND day_lo <= ? AND day_hi >= ? ORDER BY id",
            (m.plover, m.root, *(x for t, c in partners for x in (t, c + "%")), first, last,
             lo))]
    cache = kept.profiles
    missing = [i for i in ids if i not in cache]
    for part in chunked(missing):
        for r in con.execute(f"SELECT {_PROFILE_COLS} FROM happenings "
                             f"WHERE id IN ({marks(len(part))})", list(part)):
            cache[r["id"]] = _profile(r)
    return [cache[i] for i in ids]


def _blocked(con, kept: ProfileCache, m: Mention, partners: Sequence[tuple[str, str]],
             first: str, last: str, lo: str) -> list[str]:
    """:func:`candidates`' query answered from ``kept``'s blocking index: the same ids
    (days are ISO days, so the range ``first``..``last`` is its days one by one)."""
    ids: set[str] = set()
    for column, value in _families(m, partners):    # each block family read in one query
        kept.span(con, column, value, first, last)
    day, end = date.fromisoformat(first), date.fromisoformat(last)
    while day <= end:
        d = day.isoformat()
        if m.plover:
            ids |= kept.block(con, "plover_type", m.plover, d)
        if m.root:
            ids |= kept.block(con, "cameo_root", m.root, d)
        for t, c in partners:           # LIKE 'c%' on CAMEO codes (digits)
            ids.update(i for i in kept.block(con, "plover_type", t, d)
                       if (code := kept.rows[i][1]) is not None and code.startswith(c))
        day += timedelta(1)
    rows = kept.rows
    return sorted(i for i in ids if (h := rows[i][3]) is not None and h >= lo)


# ---------------------------------------------------------------- attaching

def _mention_row(hid: str, m: Mention, rules: Rules, rule: str, score: float | None) -> tuple:
    return (hid, m.article, m.event, role(m, rules), m.outlet, rule, score)


class _Writes:
    """The happening writes of one :func:`attach`, held back and made by :meth:`flush`
    as a few ``executemany`` calls (each a set-based statement or a pipelined list on
    PostgreSQL), in an order the foreign keys allow, ending in the state that making
    them one by one gives: a happening opened here is inserted once, with its last
    profile (not at all when it was merged away here); a stored one changed here is
    updated once; each mention goes straight to the happening it ends in; a stored
    happening merged away has its stored mentions moved, then goes. ``direct``: no
    holding back (every write made at once, as :func:`_attach_mentions` did)."""

    def __init__(self, con, direct: bool = False):
        self.con, self.direct = con, direct
        self.new: dict[str, Profile] = {}        # opened here, not written yet
        self.saved: dict[str, Profile] = {}      # stored before, changed here
        self.mentions: list[tuple] = []
        self.into: dict[str, str] = {}           # merged away -> the happening it went into
        self.gone: list[str] = []                # stored happenings merged away, in order

    def opened(self, p: Profile) -> None:
        if self.direct:
            _insert_profile(self.con, p)
            return
        if p.id in self.into:       # its id was merged away here and is free again: make
            self.flush()            # the merge (mentions moved, the old row gone) first
        self.new[p.id] = p

    def changed(self, p: Profile) -> None:
        if self.direct:
            _save_profile(self.con, p)
        elif p.id not in self.new:
            self.saved[p.id] = p

    def mention(self, row: tuple) -> None:
        if self.direct:
            self.con.execute(_INSERT_MENTION, row)
        else:
            self.mentions.append(row)

    def merged(self, keep: str, gone: str) -> None:
        if self.direct:
            _merge_into(self.con, keep, gone)
            return
        self.into[gone] = keep
        if self.new.pop(gone, None) is None:     # stored before: its stored mentions move
            self.saved.pop(gone, None)
            self.gone.append(gone)

    def _final(self, hid: str) -> str:
        while hid in self.into:
            hid = self.into[hid]
        return hid

    def flush(self) -> None:
        con = self.con
        if self.new:
            con.executemany(_INSERT_PROFILE, [_profile_values(p) + (p.id,)
                                              for p in self.new.values()])
        if self.mentions:
            con.executemany(_INSERT_MENTION, [(self._final(r[0]),) + r[1:]
                                              for r in self.mentions])
        if self.gone:
            con.executemany("UPDATE happening_mentions SET happening_id = ? "
                            "WHERE happening_id = ?", [(self._final(g), g) for g in self.gone])
            con.executemany("DELETE FROM happenings WHERE id = ?", [(g,) for g in self.gone])
        if self.saved:
            con.executemany(_SAVE_PROFILE, [_profile_values(p) + (p.id,)
                                            for p in self.saved.values()])
        self.new, self.saved, self.mentions, self.into, self.gone = {}, {}, [], {}, []


def _attach_mentions(con, mentions: Iterable[Mention], rules: Rules,
                     kept: ProfileCache | None = None,
                     known: dict[str, bool] | None = None) -> dict[str, Any]:
    """Fold ``mentions`` in order. ``known``: :func:`_taken`'s answer for them, kept
    current here (the ids inserted and merged away)."""
    touched: set[str] = set()
    opened = joined = merged = 0
    known = {} if known is None else known          # ids not in it: asked of the table
    kept = kept or ProfileCache(blocking=False)     # what is known of the happenings
    cache = kept.profiles
    # with a blocking index read ahead (attach), the fold reads only rows it has not
    # changed: its writes wait for the end (a read of the index flushes them first)
    writes = _Writes(con, direct=not kept.blocking)
    kept.before_read = None if writes.direct else writes.flush
    try:
        for m in mentions:
            if not eligible(m, rules):
                continue
            found = matches(m, candidates(con, m, rules, kept), rules)
            if not found:
                p = open_profile(_new_id(con, m, known), m, rules)
                cache[p.id] = p
                writes.opened(p)
                known[p.id] = True
                kept.placed(p)
                writes.mention(_mention_row(p.id, m, rules, "opened", None))
                opened += 1
            else:
                p, dec = found[0]
                fold(p, m, rules, swapped(m, p, rules))
                # the report joins others too: one happening, when they are compatible
                for q, _ in found[1:]:
                    if joinable(p, q, rules):
                        absorb(p, q, rules)
                        writes.merged(p.id, q.id)
                        known[q.id] = False
                        kept.removed(q.id)
                        touched.discard(q.id)
                        merged += 1
                writes.changed(p)
                kept.placed(p)
                writes.mention(_mention_row(p.id, m, rules, "; ".join(dec.rules), dec.score))
                joined += 1
            touched.add(p.id)
        writes.flush()
    finally:
        kept.before_read = None
    for hid in touched:     # "folded in during this run" (same_article) ends with the run
        cache[hid].articles = set()
    return {"opened": opened, "joined": joined, "merged": merged, "touched": touched}


def _merge_into(con, keep: str, gone: str) -> None:
    """Move happening ``gone``'s mentions to ``keep`` and delete it."""
    con.execute("UPDATE happening_mentions SET happening_id = ? WHERE happening_id = ?",
                (keep, gone))
    con.execute("DELETE FROM happenings WHERE id = ?", (gone,))


def unattached(con, article_ids: Sequence[str]) -> list[str]:
    """Of these articles, those with an event in no happening (chunked, indexed)."""
    out = []
    for part in chunked(sorted(set(article_ids))):
        out += [r[0] for r in con.execute(
            "SELECT DISTINCT e.article_id FROM events e LEFT JOIN happening_mentions hm "
            "ON hm.article_id = e.article_id AND hm.event_id = e.id "
            f"WHERE e.article_id IN ({marks(len(part))}) AND hm.happening_id IS NULL",
            list(part))]
    return out


def attach(con, article_ids: Sequence[str], rules: Rules | None = None,
           kept: ProfileCache | None = None) -> dict[str, int]:
    """Fold the not yet attached events of these articles into happenings (opening new
    ones where none matches), then refresh the counts of every happening touched.
    A report that joins two compatible happenings makes them one (``merged``).
    Call inside the caller's transaction. ``kept``: what earlier calls knew of the
    happenings (:meth:`ProfileCache.current`), read and updated. Returns ``opened``, ``joined``
    and ``merged``."""
    rules = rules or load_rules()
    done = {(r[0], r[1]) for part in chunked(sorted(set(article_ids))) for r in con.execute(
        f"SELECT article_id, event_id FROM happening_mentions WHERE article_id IN "
        f"({marks(len(part))})", list(part))}
    mentions = [m for m in load_mentions(con, article_ids) if (m.article, m.event) not in done]
    if kept is not None and kept.blocking:
        _read_ahead(con, kept, mentions, rules)
    res = _attach_mentions(con, mentions, rules, kept, _taken(con, mentions))
    refresh(con, sorted(res["touched"]))
    return {"opened": res["opened"], "joined": res["joined"], "merged": res["merged"]}


def stale(con, article_ids: Sequence[str]) -> set[str]:
    """Happenings with a mention from these articles (to :func:`refold` after they
    are replaced or deleted)."""
    out: set[str] = set()
    for part in chunked(sorted(set(article_ids))):
        out.update(r[0] for r in con.execute(
            "SELECT DISTINCT happening_id FROM happening_mentions "
            f"WHERE article_id IN ({marks(len(part))})", list(part)))
    return out


def refold(con, ids: Iterable[str], rules: Rules | None = None) -> None:
    """Recompute these happenings from the mentions they still have; delete the empty."""
    rules = rules or load_rules()
    keep = []
    for hid in sorted(set(ids)):
        ms = _happening_mentions(con, hid)
        if not ms:
            con.execute("DELETE FROM happenings WHERE id = ?", (hid,))
            continue
        p = open_profile(hid, ms[0], rules)
        for m in ms[1:]:
            fold(p, m, rules, swapped(m, p, rules))
        _save_profile(con, p)
        keep.append(hid)
    refresh(con, keep)


_COUNTS_SQL = (
    "SELECT hm.happening_id, sum(CASE WHEN hm.role = 'report' THEN 1 ELSE 0 END), "
    "count(DISTINCT CASE WHEN hm.role = 'report' THEN hm.article_id END), "
    "count(DISTINCT CASE WHEN hm.role = 'report' THEN hm.outlet END), "
    "sum(CASE WHEN hm.role = 'recall' THEN 1 ELSE 0 END), "
    "min(CASE WHEN hm.role = 'report' THEN art.date END), "
    "max(CASE WHEN hm.role = 'report' THEN art.date END), "
    "min(art.date), max(art.date) "
    "FROM happening_mentions hm JOIN articles art ON art.id = hm.article_id "
    "WHERE hm.happening_id IN ({}) GROUP BY hm.happening_id")
_BEST_SQL = (   # the best event confidence of each (happening, role, article)
    "SELECT hm.happening_id, hm.role, hm.article_id, max(e.confidence) "
    "FROM happening_mentions hm JOIN events e "
    "ON e.article_id = hm.article_id AND e.id = hm.event_id "
    "WHERE hm.happening_id IN ({}) GROUP BY hm.happening_id, hm.role, hm.article_id")


def refresh(con, ids: Sequence[str]) -> None:
    """Recount mentions, articles, outlets, recalls, first/last seen and confidence
    (noisy-or of the best event confidence of each reporting article). Set-based: two
    grouped queries per :data:`~eventwire.store.dialect.PARAMS_PER_QUERY` happenings
    and one ``executemany`` of the updates (one round trip on PostgreSQL), whatever
    the number of happenings."""
    ids = list(dict.fromkeys(ids))
    counts: dict[str, tuple] = {}
    best: dict[str, list[tuple[str, str, Any]]] = {}
    for part in chunked(ids):
        for r in con.execute(_COUNTS_SQL.format(marks(len(part))), list(part)):
            counts[r[0]] = tuple(r[1:])
        for r in con.execute(_BEST_SQL.format(marks(len(part))), list(part)):
            best.setdefault(r[0], []).append((r[1], r[2], r[3]))
    rows = []
    for hid in ids:
        r = counts.get(hid, (None,) * 8)
        conf = 1.0
        # roles in descending order (reports, then recalls), articles in id order
        for _, _, c in sorted(sorted(best.get(hid, ()), key=lambda x: x[1]),
                              key=lambda x: x[0], reverse=True):
            conf *= 1.0 - (c if c is not None else 0.5)
        rows.append((r[0] or 0, r[1] or 0, r[2] or 0, r[3] or 0, r[4] or r[6], r[5] or r[7],
                     round(1.0 - conf, 4), hid))
    if rows:
        con.executemany("UPDATE happenings SET mentions = ?, articles = ?, sources = ?, "
                        "recalls = ?, first_seen = ?, last_seen = ?, confidence = ? "
                        "WHERE id = ?", rows)


def rebuild(con, article_ids: Sequence[str], rules: Rules | None = None,
            begin=None, commit=None, chunk: int = 500) -> dict[str, int]:
    """Drop every happening and fold all events again, ``chunk`` articles at a time
    (``article_ids`` oldest first). ``begin``/``commit`` wrap each step in the caller's
    transactions."""
    rules = rules or load_rules()
    begin = begin or (lambda: None)
    commit = commit or (lambda: None)
    begin()
    con.execute("DELETE FROM happening_mentions")
    con.execute("DELETE FROM happenings")
    commit()
    total = {"opened": 0, "joined": 0, "merged": 0}
    for part in chunked(list(article_ids), chunk):
        begin()
        ms = load_mentions(con, part)
        res = _attach_mentions(con, ms, rules, None, _taken(con, ms))
        refresh(con, sorted(res["touched"]))
        commit()
        for k in total:
            total[k] += res[k]
    return total


# ---------------------------------------------------------------- queries

HAPPENING_KEYS = ("id", "date", "day", "precision", "type", "cameo", "quad_class", "source",
                  "target", "symmetric", "place", "geonameid", "country", "lat", "lon",
                  "feature", "mentions", "articles", "sources", "recalls", "first_seen",
                  "last_seen", "confidence", "size", "sentence")


def happening_row(r) -> dict[str, Any]:
    """A ``happenings`` row as the dict the queries and exports give."""
    return {"id": r["id"], "date": r["date_value"], "day": r["day"],
            "precision": r["date_precision"], "type": r["plover_type"], "cameo": r["cameo_code"],
            "quad_class": r["quad_class"], "source": json.loads(r["source_codes"] or "[]"),
            "target": json.loads(r["target_codes"] or "[]"), "symmetric": bool(r["symmetric"]),
            "place": r["place_name"], "geonameid": r["geonameid"], "country": r["country"],
            "lat": r["lat"], "lon": r["lon"], "feature": r["feature"],
            "mentions": r["mentions"], "articles": r["articles"], "sources": r["sources"],
            "recalls": r["recalls"], "first_seen": r["first_seen"], "last_seen": r["last_seen"],
            "confidence": r["confidence"], "size": json.loads(r["size"]) if r["size"] else None,
            "sentence": r["sentence"]}


def where(actor: str | None = None, country: str | None = None, type: str | None = None,
          since: str | None = None, until: str | None = None, place: str | None = None,
          search: str | None = None, min_sources: int | None = None,
          like=None, plover_types: Sequence[str] = (),
          fts_match: str | None = None) -> tuple[list[str], list, list[int]]:
    """WHERE terms over ``happenings h`` for the filters of ``eventwire happenings``
    (those of ``events`` plus ``min_sources``). Values arrive checked; ``like`` makes a
    substring LIKE pattern. Returns ``(terms, params, fts parameter positions)``."""
    terms: list[str] = []
    params: list = []
    fts: list[int] = []
    via = ("EXISTS (SELECT 1 FROM happening_mentions hm JOIN event_actors ea ON "
           "ea.article_id = hm.article_id AND ea.event_id = hm.event_id JOIN actors a ON "
           "a.article_id = ea.article_id AND a.id = ea.actor_id WHERE hm.happening_id = h.id AND ")
    if actor is not None:
        terms.append(via + "(a.name LIKE ? ESCAPE '\\' OR a.text LIKE ? ESCAPE '\\' "
                           "OR a.code LIKE ? ESCAPE '\\'))")
        params += [like(actor)] * 3
    if country is not None:
        terms.append(via + "a.country = ?)")
        params.append(country)
    if type is not None:
        if type.isdigit():
            terms.append("h.cameo_code LIKE ?")
            params.append(type + "%")
        else:
            terms.append("h.plover_type = ?")
            params.append(type)
    if since:
        terms.append("h.day >= ?")
        params.append(since)
    if until:
        terms.append("h.day <= ?")
        params.append(until)
    if place is not None:
        terms.append("h.place_name LIKE ? ESCAPE '\\'")
        params.append(like(place))
    if search is not None:
        terms.append("EXISTS (SELECT 1 FROM happening_mentions hm JOIN articles art ON "
                     "art.id = hm.article_id WHERE hm.happening_id = h.id AND "
                     + (fts_match or "art.n IN (SELECT rowid FROM articles_fts WHERE "
                                     "articles_fts MATCH ?)") + ")")
        fts.append(len(params))
        params.append(search)
    if min_sources is not None:
        terms.append("h.sources >= ?")
        params.append(min_sources)
    return terms, params, fts


def select_sql(terms: list[str], limit: int | None = None) -> str:
    sql = ("SELECT h.* FROM happenings h" + (" WHERE " + " AND ".join(terms) if terms else "")
           + " ORDER BY h.day IS NULL, h.day, h.id")
    return sql + (f" LIMIT {int(limit)}" if limit else "")


def mentions_of(con, ids: Sequence[str]) -> dict[str, list[dict[str, Any]]]:
    """{happening id: [its mentions: article, event, role, outlet, rule, score, title,
    date]}, in article date order."""
    out: dict[str, list[dict[str, Any]]] = {}
    for part in chunked(list(ids)):
        for r in con.execute(
                "SELECT hm.happening_id, hm.article_id, hm.event_id, hm.role, hm.outlet, "
                "hm.rule, hm.score, art.title, art.date, art.url FROM happening_mentions hm "
                "JOIN articles art ON art.id = hm.article_id "
                f"WHERE hm.happening_id IN ({marks(len(part))}) "
                "ORDER BY hm.happening_id, art.day IS NULL, art.day, hm.article_id, hm.event_id",
                list(part)):
            out.setdefault(r[0], []).append(
                {"article": r[1], "event": r[2], "role": r[3], "outlet": r[4], "rule": r[5],
                 "score": r[6], "title": r[7], "date": r[8], "url": r[9]})
    return out


def stats(con) -> dict[str, Any]:
    """Happenings counts for ``stats``: totals, by type, by number of outlets."""
    n, m, rc, multi = con.execute(
        "SELECT count(*), coalesce(sum(mentions), 0), coalesce(sum(recalls), 0), "
        "coalesce(sum(CASE WHEN articles > 1 THEN 1 ELSE 0 END), 0) FROM happenings").fetchone()
    events = con.execute("SELECT count(*) FROM events").fetchone()[0]
    attached = con.execute("SELECT count(*) FROM happening_mentions").fetchone()[0]
    by_type = dict(con.execute("SELECT plover_type, count(*) FROM happenings GROUP BY plover_type "
                               "ORDER BY count(*) DESC, plover_type").fetchall())
    by_sources = {str(k): v for k, v in con.execute(
        "SELECT sources, count(*) FROM happenings GROUP BY sources ORDER BY sources").fetchall()}
    return {"happenings": n, "report mentions": m, "recall mentions": rc,
            "reported by several articles": multi, "events in no happening": events - attached,
            "happenings by type": by_type, "happenings by sources": by_sources}
