"""The SQLite store: schema and migrations, writes, and the queries behind the CLI.

    >>> from eventwire import Store
    >>> with Store("eventwire.db") as store:
    ...     store.write(records)                       # Iterable[records.Record]
    ...     store.events(actor="Putin", type="CONSULT", since="2015-05")
    ...     store.quotes(speaker="Lavrov", search="terrorism")

Writes
    ``write_batch(records)`` writes a list of records in one transaction: either
    every layer of every article in it is stored, or none is. An article whose
    id is already stored with the same content (the SHA-1 of its record's JSON)
    is skipped; one with the same id but different content replaces the old
    rows. Ingesting the same input twice therefore leaves the database
    unchanged. ``write(records, batch_size)`` batches an iterable.
    ``record_error(path, line, code, message)`` stores an input that yielded no
    article (``record_problem(where, code, message)`` takes ``"path:line"``).
    An article's own errors (``record.errors``) go to the ``errors`` table too.

Queries
    ``events``, ``quotes``, ``places``, ``articles`` return lists of plain dicts
    (JSON-able rows); ``stats`` a dict of counts; ``record(article_id)`` gives a
    stored article back as a :class:`~eventwire.records.Record`. An invalid
    filter raises :class:`~eventwire.errors.StoreError` ``EW304``. For plain SQL
    see ``docs/store.md`` and :meth:`Store.sql`.

Errors: ``EW301`` the database cannot be opened, ``EW302`` its schema is newer
than this eventwire, ``EW303`` a write failed, ``EW304`` a query is invalid.
"""
from __future__ import annotations

import calendar
import hashlib
import json
import os
import re
import sqlite3
import urllib.parse
from datetime import date as _date, datetime
from itertools import islice
from typing import Any, Iterable, Iterator, Sequence

from ..dates import query_bound
from ..errors import StoreError
from ..ingest import split_where
from ..records import (Actor, Article, ErrorItem, Event, EventDate, EventLocation, Place, Quote,
                       Record, Sentence, Size, Time)
from . import happenings as _happenings
from .dialect import chunked, marks, statements
from .schema import INDEX_TABLES, MIGRATIONS, SCHEMA_VERSION, TABLES

from ..codebook import PLOVER_TYPES  # noqa: E402  (the one list of the 16 types)

SIZE_FIELDS = ("dead", "injured", "arrested", "participants")



def _sha1(*parts: object) -> str:
    return hashlib.sha1("\x1f".join("" if p is None else str(p) for p in parts)
                        .encode("utf-8")).hexdigest()


def record_digest(rec: Record) -> str:
    """SHA-1 of the record's contract JSON plus the fields the store keeps beyond it."""
    extra = {"path": rec.article.path, "times": [t.rule for t in rec.times]}
    blob = json.dumps([rec.as_dict(), extra], sort_keys=True, ensure_ascii=False,
                      separators=(",", ":"))
    return hashlib.sha1(blob.encode("utf-8")).hexdigest()


# ---------------------------------------------------------------- dates

_ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_ISO_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_ISO_YEAR = re.compile(r"^(\d{4})$")
_ISO_WEEK = re.compile(r"^(\d{4})-W(\d{2})")


def _first_day(value: str | None) -> str | None:
    """The first calendar day of a TIMEX3 date value (None for PAST_REF, durations, ...)."""
    if not value:
        return None
    if m := _ISO_DAY.match(value):
        return m.group(0)
    if m := _ISO_MONTH.match(value):
        return f"{m.group(1)}-{m.group(2)}-01"
    if m := _ISO_WEEK.match(value):
        try:
            return _date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1).isoformat()
        except ValueError:
            return None
    if m := _ISO_YEAR.match(value):
        return f"{m.group(1)}-01-01"
    return None


def parse_bound(value: str | None, end: bool = False, what: str = "date") -> str | None:
    """A ``--since`` (``end=False``) or ``--until`` (``end=True``) bound as ``YYYY-MM-DD``.

    Accepts ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``, an ISO datetime, or a common English
    date ("May 21, 2015"). A year or month as ``until`` means its last day.
    Raises StoreError EW304 when the value cannot be read as a date."""
    try:
        return query_bound(value, end=end)
    except ValueError:
        raise StoreError("EW304", f"--{'until' if end else 'since'}: cannot read {value!r} as a "
                                  f"{what} (use YYYY, YYYY-MM or YYYY-MM-DD)") from None


def is_postgres_url(path: object) -> bool:
    """True for a ``postgresql://`` (or ``postgres://``) connection URL."""
    return isinstance(path, str) and path.startswith(("postgresql://", "postgres://"))


def _like(value: str) -> str:
    """A LIKE pattern matching ``value`` as a substring (``%`` and ``_`` taken literally)."""
    return "%" + re.sub(r"([\\%_])", r"\\\1", value) + "%"


def _prefix(value: str) -> str:
    return re.sub(r"([\\%_])", r"\\\1", value) + "%"


def _safe_fts(query: str) -> str:
    """``query`` as FTS5 phrases, one per word, ANDed (for input that is not FTS syntax)."""
    words = [w for w in re.split(r"\s+", query.strip()) if w]
    return " ".join('"' + w.replace('"', '""') + '"' for w in words)


def _day_range(where: list[str], params: list, column: str, since: str | None,
               until: str | None) -> None:
    """Add ``column`` between the ``since`` and ``until`` bounds (either may be None)."""
    lo, hi = parse_bound(since), parse_bound(until, end=True)
    if lo:
        where.append(f"{column} >= ?")
        params.append(lo)
    if hi:
        where.append(f"{column} <= ?")
        params.append(hi)


def _check_limit(limit: int | None) -> int | None:
    if limit is None:
        return None
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
        raise StoreError("EW304", f"--limit must be a positive integer, not {limit!r}")
    return limit


def _text_filter(name: str, value: str | None) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise StoreError("EW304", f"--{name} must be a non-empty text")
    return value.strip()


def _span_of(start: int | None, end: int | None) -> tuple[int, int] | None:
    return None if start is None or end is None else (start, end)


def _limit_offset(limit: int | None, offset: int = 0) -> str:
    limit = _check_limit(limit)
    if isinstance(offset, bool) or not isinstance(offset, int) or offset < 0:
        raise StoreError("EW304", f"offset must be a non-negative integer, not {offset!r}")
    if limit is None:
        return f" LIMIT -1 OFFSET {offset}" if offset else ""
    return f" LIMIT {limit}" + (f" OFFSET {offset}" if offset else "")


def check_bbox(bbox: Sequence[float | str] | None) -> tuple[float, float, float, float] | None:
    """``(west, south, east, north)`` checked (EW304 when it is not four numbers in range)."""
    if bbox is None:
        return None
    try:
        w, s, e, n = (float(x) for x in bbox)
    except (TypeError, ValueError):
        raise StoreError("EW304", f"bbox must be four numbers west,south,east,north, "
                                  f"not {bbox!r}") from None
    if not (-180 <= w <= 180 and -180 <= e <= 180 and -90 <= s <= n <= 90):
        raise StoreError("EW304", f"bbox {bbox!r} is out of range (west and east in -180..180, "
                                  f"-90 <= south <= north <= 90)")
    return w, s, e, n


def bbox_where(bbox: Sequence[float | str] | None, where: list[str], params: list) -> None:
    """Add the conditions that keep places (alias ``p``) inside ``bbox`` (checked as
    :func:`check_bbox`; a box whose west lies east of its east crosses the antimeridian)."""
    if (box := check_bbox(bbox)) is None:
        return
    w, s, e, n = box
    where.append("p.lat BETWEEN ? AND ?")
    params += [s, n]
    where.append("p.lon BETWEEN ? AND ?" if w <= e else "(p.lon >= ? OR p.lon <= ?)")
    params += [w, e]


def check_country(country: str | None) -> str | None:
    """An ISO 3166-1 alpha-3 filter, upper-cased (None when not given; EW304 otherwise)."""
    if (country := _text_filter("country", country)) is None:
        return None
    if not re.fullmatch(r"[A-Za-z]{3}", country):
        raise StoreError("EW304", f"--country must be an ISO 3166-1 alpha-3 code "
                                  f"such as RUS, not {country!r}")
    return country.upper()


_ACTOR_MATCH = ("(a.name LIKE ? ESCAPE '\\' OR a.text LIKE ? ESCAPE '\\' "
                "OR a.code LIKE ? ESCAPE '\\')")


def _actor_conditions(actor: str | None, country: str | None) -> list[tuple[str, list]]:
    """The actor and country filters as conditions on an actor ``a``, with their params."""
    out: list[tuple[str, list]] = []
    if (actor := _text_filter("actor", actor)) is not None:
        out.append((_ACTOR_MATCH, [_like(actor)] * 3))
    if (country := check_country(country)) is not None:
        out.append(("a.country = ?", [country]))
    return out


def actor_sets(actor: str | None = None, country: str | None = None
               ) -> list[tuple[str, list]]:
    """The actor and country filters as sets of matching events, one subquery each
    (columns ``aid``, ``eid``) with its params: for queries that read every matching
    event (aggregates), joining these sets is cheaper than testing each event."""
    return [("SELECT DISTINCT ea.article_id AS aid, ea.event_id AS eid FROM actors a "
             "JOIN event_actors ea ON ea.article_id = a.article_id AND ea.actor_id = a.id "
             f"WHERE {cond}", params) for cond, params in _actor_conditions(actor, country)]


def event_filters(actor: str | None = None, country: str | None = None,
                  type: str | None = None, since: str | None = None,
                  until: str | None = None, place: str | None = None,
                  search: str | None = None, bbox: Sequence[float] | None = None,
                  min_dead: int | None = None, min_injured: int | None = None,
                  min_arrested: int | None = None, min_participants: int | None = None,
                  fts_match: str | None = None) -> tuple[list[str], list, list[int]]:
    """The WHERE terms of :meth:`Store.events` (aliases ``e`` events, ``art`` articles,
    ``p`` the event's place): ``(terms, params, fts)``, ``fts`` the positions of
    full-text parameters. Shared by the event list and the aggregates built on it
    (which pass ``actor`` and ``country`` to :func:`actor_sets` instead)."""
    where: list[str] = []
    params: list[Any] = []
    fts: list[int] = []
    for cond, cparams in _actor_conditions(actor, country):
        where.append("EXISTS (SELECT 1 FROM event_actors ea JOIN actors a ON "
                     "a.article_id = ea.article_id AND a.id = ea.actor_id "
                     f"WHERE ea.article_id = e.article_id AND ea.event_id = e.id AND {cond})")
        params += cparams
    if (type := _text_filter("type", type)) is not None:
        if type.isdigit():
            where.append("e.cameo_code LIKE ?")
            params.append(type + "%")
        elif type.upper() in PLOVER_TYPES:
            where.append("e.plover_type = ?")
            params.append(type.upper())
        else:
            raise StoreError("EW304", f"--type {type!r} is neither a PLOVER type "
                                      f"({', '.join(PLOVER_TYPES)}) nor a CAMEO code prefix")
    _day_range(where, params, "e.day", since, until)
    if (place := _text_filter("place", place)) is not None:
        where.append("(p.name LIKE ? ESCAPE '\\' OR p.text LIKE ? ESCAPE '\\')")
        params += [_like(place)] * 2
    if (search := _text_filter("search", search)) is not None:
        where.append(fts_match or
                     "art.n IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)")
        fts.append(len(params))
        params.append(search)
    for fld, least in (("dead", min_dead), ("injured", min_injured),
                       ("arrested", min_arrested), ("participants", min_participants)):
        if least is not None:
            if isinstance(least, bool) or not isinstance(least, int) or not 0 <= least < 2**63:
                raise StoreError("EW304", f"--min-{fld} must be a whole number from 0 to "
                                          f"2**63-1, not {least!r}")
            where.append("EXISTS (SELECT 1 FROM event_sizes z WHERE z.article_id = "
                         "e.article_id AND z.event_id = e.id AND z.field = ? AND z.value >= ?)")
            params += [fld, least]
    bbox_where(bbox, where, params)
    return where, params, fts


# ---------------------------------------------------------------- the store

class Store:
    """An eventwire SQLite database.

    ``Store(path)`` opens ``path``, creating it (and migrating it to the current
    schema) when needed; ``create=False`` makes a missing file an EW301 error
    instead (the query commands use it). ``":memory:"`` gives a private
    in-memory database. Use it as a context manager, or call :meth:`close`.
    """
    _profiles: "_happenings.ProfileCache"   # set by __init__ (and PostgresStore's)

    def __new__(cls, path: str | os.PathLike = "eventwire.db", create: bool = True,
                *args, **kwargs):
        if cls is Store and is_postgres_url(path):
            from .postgres import PostgresStore     # psycopg is needed only for PostgreSQL
            return super().__new__(PostgresStore)
        return super().__new__(cls)

    def __init__(self, path: str | os.PathLike = "eventwire.db", create: bool = True,
                 readonly: bool = False, check_same_thread: bool = True,
                 happenings: bool = True):
        self.path = os.fspath(path)
        self.happenings_on = happenings   # fold new events into happenings as they are written
        self._profiles = _happenings.ProfileCache()    # kept between batches (see attach)
        memory = self.path == ":memory:" or self.path.startswith("file::memory:")
        if not memory:
            if os.path.isdir(self.path):
                raise StoreError("EW301", "is a directory, not a database file", self.path)
            if (readonly or not create) and not os.path.exists(self.path):
                raise StoreError("EW301", "database not found (create it with "
                                          "'eventwire ingest INPUT --db PATH')", self.path)
        self.readonly = readonly and not memory
        try:
            if self.readonly:   # SQLite itself refuses every write on this connection
                uri = "file:" + urllib.parse.quote(os.path.abspath(self.path)) + "?mode=ro"
                self.con = sqlite3.connect(uri, uri=True, isolation_level=None,
                                           check_same_thread=check_same_thread)
            else:
                self.con = sqlite3.connect(self.path, isolation_level=None,
                                           check_same_thread=check_same_thread)
        except sqlite3.Error as e:
            raise StoreError("EW301", f"cannot open database: {e}", self.path) from None
        self.con.row_factory = sqlite3.Row
        try:
            self.con.execute("PRAGMA foreign_keys = ON")
            version = self.con.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise StoreError("EW302", f"database schema version {version} is newer than "
                                          f"this eventwire's ({SCHEMA_VERSION}); upgrade "
                                          f"eventwire", self.path)
            if self.readonly:
                if version == 0:
                    raise StoreError("EW301", "not an eventwire database (no schema version)",
                                     self.path)
                if version < SCHEMA_VERSION:
                    raise StoreError("EW301", f"schema version {version} is older than this "
                                              f"eventwire's ({SCHEMA_VERSION}) and a read-only "
                                              f"open cannot migrate it; run a command that "
                                              f"opens it for writing first (e.g. 'eventwire "
                                              f"stats --db {self.path}')", self.path)
                self.con.execute("PRAGMA busy_timeout = 5000")
                return           # read-only: no migration; an older schema is read as it is
            if version == 0 and not memory:
                self._check_empty()
            if not memory:
                self.con.execute("PRAGMA journal_mode = WAL")
                self.con.execute("PRAGMA synchronous = NORMAL")
            self.con.execute("PRAGMA busy_timeout = 5000")
            self._migrate(version)
        except StoreError:
            self.con.close()
            raise
        except sqlite3.DatabaseError as e:
            self.con.close()
            raise StoreError("EW301", f"cannot open database: {e}", self.path) from None

    # ------------------------------------------------------------ lifecycle

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection (idempotent)."""
        if self.con is not None:
            try:
                if self.con.in_transaction:
                    self.con.rollback()
            finally:
                self.con.close()
                self.con = None

    @property
    def version(self) -> int:
        """The schema version of the open database (``PRAGMA user_version``)."""
        return self.con.execute("PRAGMA user_version").fetchone()[0]

    def _check_empty(self) -> None:
        n = self.con.execute("SELECT count(*) FROM sqlite_master WHERE type='table'").fetchone()[0]
        if n:
            raise StoreError("EW301", "not an eventwire database (it has tables but no schema "
                                      "version)", self.path)

    def _migrate(self, version: int) -> None:
        """Run every migration after ``version``, each in its own transaction."""
        for v in range(version, SCHEMA_VERSION):
            try:
                self.con.execute("BEGIN IMMEDIATE")
                for stmt in statements(MIGRATIONS[v]):
                    self.con.execute(stmt)
                self.con.execute(f"PRAGMA user_version = {v + 1}")
                self.con.execute("COMMIT")
            except sqlite3.Error as e:
                if self.con.in_transaction:
                    self.con.rollback()
                raise StoreError("EW303", f"migration to schema version {v + 1} failed: {e}",
                                 self.path) from None

    # ------------------------------------------------------------ writes

    def write(self, records: Iterable[Record], batch_size: int = 200) -> dict[str, int]:
        """Write ``records`` in batches of ``batch_size``, one transaction per batch.
        Returns counts: ``written``, ``skipped`` (unchanged), ``replaced``, ``failed``."""
        total = {"written": 0, "skipped": 0, "replaced": 0, "failed": 0}
        it = iter(records)
        while batch := list(islice(it, max(1, batch_size))):
            for k, v in self.write_batch(batch).items():
                total[k] += v
        return total

    def write_batch(self, records: Sequence[Record]) -> dict[str, int]:
        """Write a list of records in one transaction (all of it or nothing).

        An article already stored with identical content is skipped; with other
        content it is replaced (its old rows deleted). If the batch cannot be
        written as a whole (a record breaks a constraint), each record is written
        on its own; a record that still fails is stored as its article alone with
        an EW303 error row, so it is never lost silently.
        Returns counts: ``written``, ``skipped``, ``replaced``, ``failed``."""
        latest: dict[str, tuple[Record, str]] = {}
        for rec in records:              # the last of several with one id wins
            latest.pop(rec.article.id, None)
            latest[rec.article.id] = (rec, record_digest(rec))
        counts = {"written": 0, "skipped": 0, "replaced": 0, "failed": 0}
        if not latest:
            return counts
        stored = self._stored_digests(list(latest))
        todo = [(rec, dig) for aid, (rec, dig) in latest.items() if stored.get(aid) != dig]
        counts["skipped"] = len(latest) - len(todo)
        if not todo:
            return counts
        replace = [rec.article.id for rec, _ in todo if rec.article.id in stored]
        try:
            self._transaction(lambda: self._insert(todo, replace))
        except sqlite3.IntegrityError:
            for rec, dig in todo:
                rep = [rec.article.id] if rec.article.id in stored else []
                try:
                    self._transaction(lambda: self._insert([(rec, dig)], rep))
                except sqlite3.IntegrityError as e:
                    counts["failed"] += 1
                    self._write_failed(rec, dig, rep, str(e))
        counts["replaced"] = len(replace)
        counts["written"] = len(todo) - counts["failed"]
        return counts

    def record_error(self, path: str | None, line: int | None, code: str, message: str) -> None:
        """Store an input that yielded no article (unreadable file, bad JSON line, ...).
        The same error recorded twice is one row."""
        key = _sha1("input", path, line, code, message)
        self._transaction(lambda: self.con.execute(
            "INSERT OR IGNORE INTO errors (id, article_id, i, path, line, code, message) "
            "VALUES (?, NULL, 0, ?, ?, ?, ?)", (key, path, line, code, message)))

    def record_problem(self, where: str, code: str, message: str) -> None:
        """:meth:`record_error` for ``where`` in the ``path`` or ``path:line`` form of
        :class:`eventwire.ingest.InputProblem`."""
        self.record_error(*split_where(where), code, message)

    def delete_article(self, article_id: str) -> bool:
        """Delete an article and everything extracted from it; True if it existed."""
        cur: list[int] = []

        def go():
            cur.append(self.con.execute("SELECT count(*) FROM articles WHERE id = ?",
                                        (article_id,)).fetchone()[0])
            self._delete([article_id])
        self._transaction(go)
        return cur[0] > 0

    def _transaction(self, fn) -> None:
        try:
            self.con.execute("BEGIN IMMEDIATE")
            fn()
            self.con.execute("COMMIT")
        except sqlite3.IntegrityError:
            self._rolled_back()
            raise
        except sqlite3.Error as e:
            self._rolled_back()
            raise StoreError("EW303", f"database write failed: {e}", self.path) from None
        except BaseException:
            self._rolled_back()
            raise

    def _rolled_back(self) -> None:
        if self.con.in_transaction:
            self.con.rollback()
        self._forget_profiles()      # they may hold what was just undone

    def _lock_happenings(self) -> None:
        """Before writing happenings in a transaction (PostgresStore: take the writers'
        lock and bump the change stamp; here ``BEGIN IMMEDIATE`` did both)."""

    def _begin_happenings(self) -> None:
        """Begin a transaction that writes happenings (see :meth:`_lock_happenings`)."""
        self.con.execute("BEGIN IMMEDIATE")

    def _forget_profiles(self) -> None:
        """Drop the happening profiles kept between batches (the happenings changed
        other than through :meth:`_insert`)."""
        self._profiles.clear()

    def _stored_digests(self, ids: list[str]) -> dict[str, str]:
        out: dict[str, str] = {}
        for part in chunked(ids):
            q = f"SELECT id, digest FROM articles WHERE id IN ({marks(len(part))})"
            out.update((r[0], r[1]) for r in self.con.execute(q, part))
        return out

    def _write_failed(self, rec: Record, dig: str, replace: list[str], reason: str) -> None:
        """Store the article alone, with an EW303 error saying why its layers are missing."""
        art = rec.article

        def go():
            self._delete(replace)
            self.con.execute(_INSERT["articles"], _article_row(art, dig))
            self.con.executemany(_INSERT["errors"], _error_rows(art, rec.errors) + [
                (_sha1(art.id, "store", reason), art.id, len(rec.errors), *split_where(art.path),
                 "EW303", f"extracted layers not stored: {reason}")])
        self._transaction(go)

    def _delete(self, ids: list[str]) -> None:
        stale = _happenings.stale(self.con, ids) if ids else set()
        for part in chunked(ids):
            self.con.execute(f"DELETE FROM articles WHERE id IN ({marks(len(part))})",
                             part)
        if stale:                        # their mentions went with the events: recompute
            self._forget_profiles()
            _happenings.refold(self.con, stale)

    def _insert(self, todo: list[tuple[Record, str]], replace: list[str]) -> None:
        self._delete(replace)
        rows: dict[str, list[tuple]] = {t: [] for t in TABLES + INDEX_TABLES}
        for rec, dig in todo:
            _rows_of(rec, dig, rows)
        for table in TABLES + INDEX_TABLES:
            if rows[table]:
                self.con.executemany(_INSERT[table], rows[table])
        if self.happenings_on:           # same transaction: an article and its happenings
            # the profiles kept from the last batch hold unless another connection wrote
            stamp = self.con.execute("PRAGMA data_version").fetchone()[0]
            _happenings.attach(self.con, [rec.article.id for rec, _ in todo],
                               kept=self._profiles.current(stamp))

    # ------------------------------------------------------------ queries

    def sql(self, query: str, params: Sequence | dict = ()) -> list[dict[str, Any]]:
        """Run a read-only SQL query; rows as dicts (see docs/store.md for the tables)."""
        try:
            cur = self.con.execute(query, params)
        except sqlite3.Error as e:
            raise StoreError("EW304", f"SQL query failed: {e}") from None
        return [dict(r) for r in cur.fetchall()]

    def _query(self, sql: str, params: list, fts: list[int] | None = None) -> list[sqlite3.Row]:
        """Run ``sql``; if a full-text parameter is not valid FTS5 syntax, retry it as words."""
        try:
            return self.con.execute(sql, params).fetchall()
        except sqlite3.OperationalError as e:
            if not fts:
                raise StoreError("EW304", f"query failed: {e}") from None
            first = e
        safe = list(params)
        for i in fts:
            safe[i] = _safe_fts(safe[i])
        try:
            return self.con.execute(sql, safe).fetchall()
        except sqlite3.OperationalError:
            raise StoreError("EW304", f"--search {params[fts[0]]!r} is not a valid full-text "
                                      f"query ({first})") from None

    # the catalogue: SQLite's here, information_schema in PostgresStore

    def table_names(self) -> list[str]:
        """The store's tables (sorted), whatever made them."""
        return [r[0] for r in self.con.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]

    def columns(self, table: str) -> list[str]:
        """The columns of ``table`` in order (empty when there is no such table)."""
        return [r[1] for r in self.con.execute("SELECT * FROM pragma_table_info(?)", (table,))]

    def change_stamp(self) -> tuple:
        """A value that changes whenever a committed write changes the database (by
        this process or another): the size and time of the file and its WAL."""
        out: list[tuple[int, int] | None] = []
        for f in (self.path, str(self.path) + "-wal"):
            try:
                st = os.stat(f)
                out.append((st.st_mtime_ns, st.st_size))
            except OSError:
                out.append(None)
        return tuple(out)

    # the full-text dialect: FTS5 here, tsvector in PostgresStore (one parameter each)

    def _fts_match(self, table: str, alias: str) -> str:
        """A WHERE term: row ``alias`` of ``table`` matches the full-text query ``?``."""
        return f"{alias}.n IN (SELECT rowid FROM {table}_fts WHERE {table}_fts MATCH ?)"

    def _articles_search_sql(self, counts: str, where: list[str]) -> str:
        """Articles matching the full-text query (first parameter), best match first,
        with a ``snippet`` marking the matched words with ``[`` and ``]``."""
        return ("SELECT art.id, art.date, art.title, art.url, art.source, art.path, "
                f"{counts}, snippet(articles_fts, 1, '[', ']', '…', 12) AS snippet "
                "FROM articles_fts JOIN articles art ON art.n = articles_fts.rowid "
                "WHERE articles_fts MATCH ?" + "".join(" AND " + w for w in where)
                + " ORDER BY articles_fts.rank, art.id")

    def events(self, actor: str | None = None, country: str | None = None,
               type: str | None = None, since: str | None = None, until: str | None = None,
               place: str | None = None, search: str | None = None,
               limit: int | None = None, min_dead: int | None = None,
               min_injured: int | None = None, min_arrested: int | None = None,
               min_participants: int | None = None, bbox: Sequence[float] | None = None,
               offset: int = 0, newest_first: bool = False,
               happening: str | None = None) -> list[dict[str, Any]]:
        """Events, oldest first (``newest_first``: newest first, undated last, in an
        order an index gives, so that a first page is quick on any store), as dicts.

        Filters (all optional, combined with AND):
          ``actor``    a source or target actor whose name, text as written or code
                       contains this (case-insensitive): ``"Putin"``, ``"RUSGOV"``;
          ``country``  ISO3 country of a source or target actor (``"RUS"``);
          ``type``     a PLOVER type (``"ASSAULT"``) or a CAMEO code prefix (``"19"``);
          ``since``/``until``  event date bounds (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``);
                       the event's date is the first day of its TIMEX3 value, or the
                       article date when it has none;
          ``place``    name of the event's location contains this;
          ``search``   FTS5 query over the article's title and text;
          ``min_dead``, ``min_injured``, ``min_arrested``, ``min_participants``
                       the event states at least this count of the field;
          ``bbox``     ``(west, south, east, north)`` in degrees: the event's place lies
                       inside (events without coordinates are left out);
          ``happening`` the mentions of this happening (``eventwire happenings``);
          ``limit``    at most this many rows, after skipping ``offset`` rows.

        Row keys: ``article``, ``id``, ``happening`` (its happening id, or None), ``role``
        (``report`` or ``recall`` of that happening), ``date`` (TIMEX3 value, or the day used),
        ``day``, ``type``, ``mode``, ``context``, ``cameo``, ``quad_class``,
        ``goldstein``, ``source``/``target`` (actor names), ``source_code``/
        ``target_code`` (their codes), ``source_country``/``target_country``,
        ``place``, ``place_country``, ``lat``, ``lon``, ``geonameid`` (of the place),
        ``trigger``, ``sentence``,
        ``negated``, ``modality``, ``reported_by`` (name), ``rule``, ``confidence``,
        ``title``, and ``dead``, ``injured``, ``arrested``, ``participants`` (the largest
        count of each field the event states, or None)."""
        where, params, fts = event_filters(actor=actor, country=country, type=type,
                                           since=since, until=until, place=place,
                                           search=search, bbox=bbox, min_dead=min_dead,
                                           min_injured=min_injured, min_arrested=min_arrested,
                                           min_participants=min_participants,
                                           fts_match=self._fts_match("articles", "art"))
        if (happening := _text_filter("happening", happening)) is not None:
            where.append("hm.happening_id = ?")
            params.append(happening)
        sql = ("SELECT e.*, art.title AS title, p.name AS place_name, p.text AS place_text, "
               "p.country AS place_country, p.lat AS lat, p.lon AS lon, p.geonameid AS place_geonameid, "
               "rb.name AS reporter, hm.happening_id AS happening, hm.role AS hrole "
               "FROM events e JOIN articles art ON art.id = e.article_id "
               "LEFT JOIN happening_mentions hm ON hm.article_id = e.article_id "
               "AND hm.event_id = e.id "
               "LEFT JOIN places p ON p.article_id = e.article_id AND p.id = e.place_id "
               "LEFT JOIN actors rb ON rb.article_id = e.article_id AND rb.id = e.reported_by"
               + (" WHERE " + " AND ".join(where) if where else "")
               + (" ORDER BY e.day DESC, e.article_id DESC, e.id DESC" if newest_first else
                  " ORDER BY e.day IS NULL, e.day, art.day, e.article_id, e.sentence, "
                  "e.trigger_start, e.id"))
        sql += _limit_offset(limit, offset)
        rows = self._query(sql, params, fts)
        roles = self._event_actors([(r["article_id"], r["id"]) for r in rows])
        sizes = self._event_sizes([(r["article_id"], r["id"]) for r in rows])
        out = []
        for r in rows:
            ra = roles.get((r["article_id"], r["id"]), {})
            counts = sizes.get((r["article_id"], r["id"]), {})
            src, tgt = ra.get("source", []), ra.get("target", [])
            out.append({
                "article": r["article_id"], "id": r["id"],
                "happening": r["happening"], "role": r["hrole"],
                "date": r["date_value"] or r["day"], "day": r["day"],
                "type": r["plover_type"], "mode": r["plover_mode"],
                "context": json.loads(r["plover_context"] or "[]"),
                "cameo": r["cameo_code"], "quad_class": r["quad_class"],
                "goldstein": r["goldstein"],
                "source": [a[0] for a in src], "source_code": [a[1] for a in src],
                "source_country": [a[2] for a in src],
                "target": [a[0] for a in tgt], "target_code": [a[1] for a in tgt],
                "target_country": [a[2] for a in tgt],
                "place": r["place_name"] or r["place_text"], "place_country": r["place_country"],
                "lat": r["lat"], "lon": r["lon"], "geonameid": r["place_geonameid"],
                "trigger": r["trigger_text"], "sentence": r["sentence"],
                "negated": bool(r["negated"]), "modality": r["modality"],
                "reported_by": r["reporter"], "rule": r["rule"], "confidence": r["confidence"],
                "title": r["title"], **{f: counts.get(f) for f in SIZE_FIELDS}})
        return out

    def _event_sizes(self, keys: list[tuple[str, str]]) -> dict:
        """{(article, event): {field: largest value}} of the events' counts."""
        out: dict = {}
        wanted = set(keys)
        for part in chunked(sorted({k[0] for k in keys})):
            q = ("SELECT article_id, event_id, field, MAX(value) FROM event_sizes "
                 f"WHERE article_id IN ({marks(len(part))}) "
                 "GROUP BY article_id, event_id, field")
            for r in self.con.execute(q, part):
                if (r[0], r[1]) in wanted:
                    out.setdefault((r[0], r[1]), {})[r[2]] = r[3]
        return out

    def _event_actors(self, keys: list[tuple[str, str]]) -> dict:
        """{(article, event): {"source": [(name, code, country)], "target": [...]}}."""
        out: dict = {}
        articles = sorted({k[0] for k in keys})
        wanted = set(keys)
        for part in chunked(articles):
            q = ("SELECT ea.article_id, ea.event_id, ea.role, a.name, a.code, a.country "
                 "FROM event_actors ea JOIN actors a ON a.article_id = ea.article_id "
                 "AND a.id = ea.actor_id "
                 f"WHERE ea.article_id IN ({marks(len(part))}) "
                 "ORDER BY ea.article_id, ea.event_id, ea.role, ea.i")
            for r in self.con.execute(q, part):
                k = (r[0], r[1])
                if k in wanted:
                    out.setdefault(k, {}).setdefault(r[2], []).append((r[3], r[4], r[5]))
        return out

    def _quote_filters(self, speaker: str | None, actor: str | None, search: str | None,
                       since: str | None, until: str | None
                       ) -> tuple[list[str], list[Any], list[int]]:
        """The WHERE terms, their parameters and the positions of full-text parameters
        of :meth:`quotes`' filters, over ``quotes q``, ``articles art`` and the speaker's
        ``actors a``; the speakers aggregate filters with the same."""
        where: list[str] = []
        params: list[Any] = []
        fts: list[int] = []
        if (speaker := _text_filter("speaker", speaker)) is not None:
            where.append("(q.speaker_text LIKE ? ESCAPE '\\' OR a.name LIKE ? ESCAPE '\\' "
                         "OR a.text LIKE ? ESCAPE '\\')")
            params += [_like(speaker)] * 3
        if (actor := _text_filter("actor", actor)) is not None:
            where.append("(a.code LIKE ? ESCAPE '\\' OR a.country = ?)")
            params += [_prefix(actor.upper()), actor.upper()]
        _day_range(where, params, "art.day", since, until)
        if (search := _text_filter("search", search)) is not None:
            where.append(self._fts_match("quotes", "q"))
            fts.append(len(params))
            params.append(search)
        return where, params, fts

    def quotes(self, speaker: str | None = None, actor: str | None = None,
               search: str | None = None, since: str | None = None, until: str | None = None,
               limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
        """Quotes (who said what), in article date and text order, as dicts.

        Filters (all optional, combined with AND):
          ``speaker``  the speaker as written ("the minister") or the resolved actor's
                       name contains this (case-insensitive): ``"Lavrov"``;
          ``actor``    the resolved actor's code starts with this (``"RUS"``, ``"RUSGOV"``)
                       or its country is it;
          ``search``   FTS5 query over the quote content (``"terrorism"``, ``"common enemy"``);
          ``since``/``until``  article publication date bounds;
          ``limit``    at most this many rows.

        Row keys: ``article``, ``id``, ``kind``, ``content``, ``span`` (of the content),
        ``cue``, ``speaker`` (as written), ``actor`` (resolved actor name),
        ``actor_id``, ``actor_code``, ``country``, ``date`` (article date), ``title``."""
        where, params, fts = self._quote_filters(speaker, actor, search, since, until)
        sql = ("SELECT q.*, a.name AS actor_name, a.code AS actor_code, a.country AS country, "
               "art.date AS art_date, art.title AS title FROM quotes q "
               "JOIN articles art ON art.id = q.article_id "
               "LEFT JOIN actors a ON a.article_id = q.article_id AND a.id = q.speaker_actor"
               + (" WHERE " + " AND ".join(where) if where else "")
               + " ORDER BY art.day IS NULL, art.day, q.article_id, q.content_start, q.id")
        sql += _limit_offset(limit, offset)
        return [{"article": r["article_id"], "id": r["id"], "kind": r["kind"],
                 "content": r["content_text"], "span": [r["content_start"], r["content_end"]],
                 "cue": r["cue_text"], "speaker": r["speaker_text"], "actor": r["actor_name"],
                 "actor_id": r["speaker_actor"], "actor_code": r["actor_code"],
                 "country": r["country"], "date": r["art_date"], "title": r["title"]}
                for r in self._query(sql, params, fts)]

    def places(self, name: str | None = None, country: str | None = None,
               limit: int | None = None, bbox: Sequence[float] | None = None,
               offset: int = 0) -> list[dict[str, Any]]:
        """Place mentions, in article date and text order, as dicts.

        Filters: ``name`` (the resolved name or the text as written contains this),
        ``country`` (ISO3), ``limit``. Row keys: ``article``, ``id``, ``text``,
        ``span``, ``name``, ``country``, ``admin1``, ``lat``, ``lon``, ``geonameid``,
        ``feature``, ``population``, ``literal``."""
        where: list[str] = []
        params: list[Any] = []
        if (name := _text_filter("name", name)) is not None:
            where.append("(p.name LIKE ? ESCAPE '\\' OR p.text LIKE ? ESCAPE '\\')")
            params += [_like(name)] * 2
        if (country := check_country(country)) is not None:
            where.append("p.country = ?")
            params.append(country)
        bbox_where(bbox, where, params)
        sql = ("SELECT p.* FROM places p JOIN articles art ON art.id = p.article_id"
               + (" WHERE " + " AND ".join(where) if where else "")
               + " ORDER BY art.day IS NULL, art.day, p.article_id, p.start, p.id")
        sql += _limit_offset(limit, offset)
        return [{"article": r["article_id"], "id": r["id"], "text": r["text"],
                 "span": [r["start"], r["end"]], "name": r["name"], "country": r["country"],
                 "admin1": r["admin1"], "lat": r["lat"], "lon": r["lon"],
                 "geonameid": r["geonameid"], "feature": r["feature"],
                 "population": r["population"], "literal": bool(r["literal"])}
                for r in self._query(sql, params)]

    def articles(self, search: str | None = None, since: str | None = None,
                 until: str | None = None, limit: int | None = None,
                 offset: int = 0) -> list[dict[str, Any]]:
        """Articles with the counts of what was extracted from them, as dicts.

        Filters: ``search`` (FTS5 query over title and text; rows then come best
        match first and carry a ``snippet``), ``since``/``until`` (publication date),
        ``limit``. Otherwise rows come oldest first. Row keys: ``id``, ``date``,
        ``title``, ``url``, ``source``, ``path``, ``sentences``, ``actors``,
        ``events``, ``quotes``, ``places``, ``times``, ``errors`` (counts)."""
        where, params, fts = [], [], []
        _day_range(where, params, "art.day", since, until)
        counts = ", ".join(f"(SELECT count(*) FROM {t} x WHERE x.article_id = art.id) AS {t}"
                           for t in ("sentences", "actors", "events", "quotes", "places",
                                     "times", "errors"))
        if (search := _text_filter("search", search)) is not None:
            fts.append(0)
            sql = self._articles_search_sql(counts, where)
            params = [search] + params
        else:
            sql = ("SELECT art.id, art.date, art.title, art.url, art.source, art.path, "
                   f"{counts} FROM articles art"
                   + (" WHERE " + " AND ".join(where) if where else "")
                   + " ORDER BY art.day IS NULL, art.day, art.id")
        sql += _limit_offset(limit, offset)
        return [dict(r) for r in self._query(sql, params, fts)]

    def errors(self, code: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
        """Error rows (an article's errors and inputs that yielded no article).
        Row keys: ``article`` (None for an unreadable input), ``path``, ``line``,
        ``code``, ``message``, ``title``."""
        where, params = [], []
        if (code := _text_filter("code", code)) is not None:
            where.append("er.code = ?")
            params.append(code.upper())
        sql = ("SELECT er.article_id AS article, er.path, er.line, er.code, er.message, "
               "art.title FROM errors er LEFT JOIN articles art ON art.id = er.article_id"
               + (" WHERE " + " AND ".join(where) if where else "")
               + " ORDER BY er.path IS NULL, er.path, er.line, er.article_id, er.i, er.code")
        if (limit := _check_limit(limit)) is not None:
            sql += f" LIMIT {limit}"
        return [dict(r) for r in self._query(sql, params)]

    def stats(self) -> dict[str, Any]:
        """Counts: ``layers`` (rows per table), ``events by type`` (PLOVER),
        ``events by country`` (events with a source or target actor of that
        country), ``quotes by speaker`` (top 20 resolved speakers), ``errors by
        code``, and ``articles with errors``."""
        c = self.con
        layers = {t: c.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
        by_type = dict(c.execute("SELECT plover_type, count(*) FROM events GROUP BY plover_type "
                                 "ORDER BY count(*) DESC, plover_type").fetchall())
        by_country = dict(c.execute(
            "SELECT country, count(*) FROM (SELECT DISTINCT a.country, ea.article_id, "
            "ea.event_id FROM event_actors ea JOIN actors a ON a.article_id = ea.article_id "
            "AND a.id = ea.actor_id WHERE a.country IS NOT NULL) x GROUP BY country "
            "ORDER BY 2 DESC, 1").fetchall())
        speakers = dict(c.execute(
            "SELECT a.name, count(*) FROM quotes q JOIN actors a ON a.article_id = q.article_id "
            "AND a.id = q.speaker_actor GROUP BY a.name ORDER BY 2 DESC, 1 LIMIT 20").fetchall())
        errors = dict(c.execute("SELECT code, count(*) FROM errors GROUP BY code "
                                "ORDER BY code").fetchall())
        with_errors = c.execute("SELECT count(DISTINCT article_id) FROM errors "
                                "WHERE article_id IS NOT NULL").fetchone()[0]
        unreadable = c.execute("SELECT count(*) FROM errors WHERE article_id IS NULL").fetchone()[0]
        return {"layers": layers, "events by type": by_type, "events by country": by_country,
                "quotes by speaker": speakers, "errors by code": errors,
                "articles with errors": with_errors, "inputs unreadable": unreadable,
                **self.happening_stats()}

    # ------------------------------------------------------------ happenings

    def dedup(self, rebuild: bool = False, chunk: int = 500) -> dict[str, int]:
        """Fold events into happenings. Incremental: the events not yet in a happening
        (e.g. ingested with ``happenings=False``); ``rebuild``: drop every happening and
        recompute all from scratch, ``chunk`` articles per transaction.
        Returns counts: ``opened`` (new happenings), ``joined`` (mentions of existing
        ones), ``merged`` (happenings folded into another), ``happenings`` (total)."""
        ids = self.article_ids()
        self._forget_profiles()
        if rebuild:
            res = _happenings.rebuild(self.con, ids, chunk=chunk,
                                      begin=self._begin_happenings,
                                      commit=lambda: self.con.execute("COMMIT"))
        else:
            res = {"opened": 0, "joined": 0, "merged": 0}
            todo = _happenings.unattached(self.con, ids)
            for part in chunked(todo, chunk):
                got: list[dict] = []

                def fold(part=part, got=got) -> None:
                    self._lock_happenings()
                    got.append(_happenings.attach(self.con, list(part)))
                self._transaction(fold)
                for k in res:
                    res[k] += got[0][k]
        res["happenings"] = self.con.execute("SELECT count(*) FROM happenings").fetchone()[0]
        return res

    def happenings(self, actor: str | None = None, country: str | None = None,
                   type: str | None = None, since: str | None = None, until: str | None = None,
                   place: str | None = None, search: str | None = None,
                   min_sources: int | None = None, limit: int | None = None,
                   with_mentions: bool = False) -> list[dict[str, Any]]:
        """Happenings (one row per real-world event, see ``docs/happenings.md``), oldest
        first. Filters as :meth:`events` (on the happening's type, date and place, and on
        the actors and articles of its mentions) plus ``min_sources`` (reported by at
        least this many outlets). Row keys: ``happenings.HAPPENING_KEYS``; with
        ``with_mentions`` also ``mentions_list`` (article, event, role, outlet, title)."""
        if min_sources is not None and (isinstance(min_sources, bool) or not isinstance(min_sources, int)
                                        or not 0 <= min_sources < 2**63):
            raise StoreError("EW304", f"--min-sources must be a whole number from 0 to 2**63-1, "
                                      f"not {min_sources!r}")
        terms, params, fts = self._happening_where(actor, country, type, since, until, place,
                                                   search, min_sources)
        rows = [_happenings.happening_row(r) for r in self._query(
            _happenings.select_sql(terms, _check_limit(limit)), params, fts)]
        if with_mentions:
            ms = _happenings.mentions_of(self.con, [r["id"] for r in rows])
            for r in rows:
                r["mentions_list"] = ms.get(r["id"], [])
        return rows

    def happening(self, happening_id: str) -> dict[str, Any] | None:
        """One happening with its mentions (``mentions_list``), or None."""
        r = self.con.execute("SELECT * FROM happenings WHERE id = ?", (happening_id,)).fetchone()
        if r is None:
            return None
        row = _happenings.happening_row(r)
        row["mentions_list"] = _happenings.mentions_of(self.con, [happening_id]).get(
            happening_id, [])
        return row

    def _happening_where(self, actor, country, type, since, until, place, search, min_sources):
        actor = _text_filter("actor", actor)
        country = check_country(country)
        if (type := _text_filter("type", type)) is not None and not type.isdigit():
            if type.upper() not in PLOVER_TYPES:
                raise StoreError("EW304", f"--type {type!r} is neither a PLOVER type "
                                          f"({', '.join(PLOVER_TYPES)}) nor a CAMEO code prefix")
            type = type.upper()
        if min_sources is not None and (isinstance(min_sources, bool)
                                        or not isinstance(min_sources, int) or min_sources < 1):
            raise StoreError("EW304", f"--min-sources must be a positive integer, "
                                      f"not {min_sources!r}")
        return _happenings.where(actor=actor, country=country, type=type,
                                 since=parse_bound(since), until=parse_bound(until, end=True),
                                 place=_text_filter("place", place),
                                 search=_text_filter("search", search), min_sources=min_sources,
                                 like=_like, fts_match=self._fts_match("articles", "art"))

    def happening_stats(self) -> dict[str, Any]:
        """The happenings part of :meth:`stats`."""
        return _happenings.stats(self.con)

    # ------------------------------------------------------------ records back

    def article_ids(self) -> list[str]:
        """Every stored article id, oldest article first."""
        return [r[0] for r in self.con.execute(
            "SELECT id FROM articles ORDER BY day IS NULL, day, id")]

    def record(self, article_id: str) -> Record | None:
        """The stored article as a :class:`Record` (None if absent): the same record
        that was written, so ``store.record(id).as_dict()`` equals the written one's."""
        c = self.con
        a = c.execute("SELECT * FROM articles WHERE id = ?", (article_id,)).fetchone()
        if a is None:
            return None
        q = lambda sql: c.execute(sql, (article_id,)).fetchall()  # noqa: E731
        art = Article(id=a["id"], text=a["text"], title=a["title"], date=a["date"], url=a["url"],
                      source=a["source"], path=a["path"])
        sents = [Sentence(r["i"], (r["start"], r["end"]))
                 for r in q("SELECT * FROM sentences WHERE article_id = ? ORDER BY i")]
        mentions: dict[str, list] = {}
        for r in q("SELECT * FROM actor_mentions WHERE article_id = ? ORDER BY actor_id, i"):
            mentions.setdefault(r["actor_id"], []).append((r["start"], r["end"]))
        actors = [Actor(id=r["id"], name=r["name"], text=r["text"],
                        span=_span_of(r["start"], r["end"]), mentions=mentions.get(r["id"], []),
                        country=r["country"], sector=r["sector"], code=r["code"], kind=r["kind"])
                  for r in q("SELECT * FROM actors WHERE article_id = ? ORDER BY ord")]
        roles: dict[tuple[str, str], list[str]] = {}
        for r in q("SELECT * FROM event_actors WHERE article_id = ? ORDER BY event_id, role, i"):
            roles.setdefault((r["event_id"], r["role"]), []).append(r["actor_id"])
        sizes: dict[str, list[Size]] = {}
        for r in q("SELECT * FROM event_sizes WHERE article_id = ? ORDER BY event_id, i"):
            sizes.setdefault(r["event_id"], []).append(Size(
                field=r["field"], value=r["value"], mod=r["mod"], text=r["text"] or "",
                span=_span_of(r["start"], r["end"])))
        events = [Event(id=r["id"], sentence=r["sentence"], trigger_text=r["trigger_text"],
                        trigger_span=_span_of(r["trigger_start"], r["trigger_end"]),
                        plover_type=r["plover_type"], cameo_code=r["cameo_code"],
                        plover_mode=r["plover_mode"],
                        plover_context=json.loads(r["plover_context"] or "[]"),
                        cameo_root=r["cameo_root"], quad_class=r["quad_class"],
                        goldstein=r["goldstein"], source=roles.get((r["id"], "source"), []),
                        target=roles.get((r["id"], "target"), []), negated=bool(r["negated"]),
                        modality=r["modality"], reported_by=r["reported_by"],
                        date=EventDate(r["date_value"], r["date_time"], bool(r["date_defaulted"])),
                        location=EventLocation(r["place_id"], bool(r["place_defaulted"])),
                        rule=r["rule"], confidence=r["confidence"], size=sizes.get(r["id"], []))
                  for r in q("SELECT * FROM events WHERE article_id = ? ORDER BY ord")]
        quotes = [Quote(id=r["id"], kind=r["kind"], content_text=r["content_text"],
                        content_span=_span_of(r["content_start"], r["content_end"]),
                        cue_text=r["cue_text"], cue_span=_span_of(r["cue_start"], r["cue_end"]),
                        speaker_text=r["speaker_text"],
                        speaker_span=_span_of(r["speaker_start"], r["speaker_end"]),
                        speaker_actor=r["speaker_actor"])
                  for r in q("SELECT * FROM quotes WHERE article_id = ? ORDER BY n")]
        places = [Place(id=r["id"], text=r["text"], span=_span_of(r["start"], r["end"]),
                        name=r["name"], geonameid=r["geonameid"], lat=r["lat"], lon=r["lon"],
                        country=r["country"], admin1=r["admin1"], feature=r["feature"],
                        population=r["population"], literal=bool(r["literal"]))
                  for r in q("SELECT * FROM places WHERE article_id = ? ORDER BY ord")]
        times = [Time(id=r["id"], text=r["text"], span=_span_of(r["start"], r["end"]),
                      type=r["type"], value=r["value"], mod=r["mod"], start=r["start_date"],
                      end=r["end_date"], rule=r["rule"])
                 for r in q("SELECT * FROM times WHERE article_id = ? ORDER BY ord")]
        errs = [ErrorItem(r["code"], r["message"])
                for r in q("SELECT * FROM errors WHERE article_id = ? ORDER BY i")]
        return Record(article=art, sentences=sents, actors=actors, events=events, quotes=quotes,
                      places=places, times=times, errors=errs)

    def records(self) -> Iterator[Record]:
        """Every stored article as a :class:`Record`, oldest first."""
        for aid in self.article_ids():
            rec = self.record(aid)
            if rec is not None:
                yield rec


# ---------------------------------------------------------------- rows

def _cols(table: str, cols: str) -> str:
    names = [c.strip() for c in cols.split(",")]
    quoted = ", ".join(f'"{c}"' for c in names)
    return f"INSERT INTO {table} ({quoted}) VALUES ({', '.join('?' * len(names))})"


_INSERT = {
    "articles": _cols("articles", "id, title, date, day, url, source, path, text, digest"),
    "sentences": _cols("sentences", "article_id, i, start, end"),
    "actors": _cols("actors", "article_id, id, name, text, start, end, country, sector, code, "
                              "kind, ord"),
    "actor_mentions": _cols("actor_mentions", "article_id, actor_id, i, start, end"),
    "places": _cols("places", "article_id, id, text, start, end, name, geonameid, lat, lon, "
                              "country, admin1, feature, population, literal, ord"),
    "times": _cols("times", "article_id, id, text, start, end, type, value, mod, start_date, "
                            "end_date, rule, ord"),
    "events": _cols("events", "article_id, id, sentence, trigger_text, trigger_start, "
                              "trigger_end, plover_type, plover_mode, plover_context, cameo_code, "
                              "cameo_root, quad_class, goldstein, negated, modality, reported_by, "
                              "date_value, date_time, date_defaulted, day, place_id, "
                              "place_defaulted, rule, confidence, ord"),
    "event_actors": _cols("event_actors", "article_id, event_id, role, i, actor_id"),
    "event_sizes": _cols("event_sizes", "article_id, event_id, i, field, value, mod, text, start, "
                                        "end"),
    "quotes": _cols("quotes", "article_id, id, kind, content_text, content_start, content_end, "
                              "cue_text, cue_start, cue_end, speaker_text, speaker_start, "
                              "speaker_end, speaker_actor"),
    "errors": _cols("errors", "id, article_id, i, path, line, code, message"),
    "event_countries": _cols("event_countries", "article_id, event_id, country, day, "
                                                "plover_type, goldstein"),
}


def _s(span, k: int):
    return None if span is None else span[k]


def _article_row(art: Article, dig: str) -> tuple:
    day = art.date[:10] if art.date and _ISO_DAY.match(art.date) else None
    return (art.id, art.title, art.date, day, art.url, art.source, art.path, art.text, dig)


def _error_rows(art: Article, errors: list[ErrorItem]) -> list[tuple]:
    path, line = split_where(art.path)   # path and line in their own fields, always
    return [(_sha1(art.id, i, e.code, e.message), art.id, i, path, line, e.code, e.message)
            for i, e in enumerate(errors)]


def _rows_of(rec: Record, dig: str, rows: dict[str, list[tuple]]) -> None:
    """Append the rows of one record to ``rows`` (table -> list of tuples)."""
    art = rec.article
    aid = art.id
    rows["articles"].append(_article_row(art, dig))
    rows["sentences"] += [(aid, s.i, s.span[0], s.span[1]) for s in rec.sentences]
    for k, a in enumerate(rec.actors):
        rows["actors"].append((aid, a.id, a.name, a.text, _s(a.span, 0), _s(a.span, 1),
                               a.country, a.sector, a.code, a.kind, k))
        rows["actor_mentions"] += [(aid, a.id, i, m[0], m[1]) for i, m in enumerate(a.mentions)]
    for k, p in enumerate(rec.places):
        rows["places"].append((aid, p.id, p.text, _s(p.span, 0), _s(p.span, 1), p.name,
                               p.geonameid, p.lat, p.lon, p.country, p.admin1, p.feature,
                               p.population, int(bool(p.literal)), k))
    time_start = {}
    for k, t in enumerate(rec.times):
        time_start[t.id] = t.start
        rows["times"].append((aid, t.id, t.text, _s(t.span, 0), _s(t.span, 1), t.type, t.value,
                              t.mod, t.start, t.end, t.rule, k))
    art_day = art.date[:10] if art.date and _ISO_DAY.match(art.date) else None
    actor_ids = {a.id for a in rec.actors}
    actor_country = {a.id: a.country for a in rec.actors}
    place_ids = {p.id for p in rec.places}
    dangling: list[str] = []     # references to ids the record lacks: not stored, but noted

    def ref(value: str | None, ids: set[str], what: str, kind: str) -> str | None:
        if value is None or value in ids:
            return value
        dangling.append(f"{what}: {kind} {value!r} does not exist")
        return None

    for k, e in enumerate(rec.events):
        d = e.date or EventDate(None)
        loc = e.location or EventLocation()
        day = (_first_day(d.value) or _first_day(time_start.get(d.time)) or art_day)
        w = f"event {e.id}"
        rows["events"].append((
            aid, e.id, e.sentence, e.trigger_text, _s(e.trigger_span, 0), _s(e.trigger_span, 1),
            e.plover_type, e.plover_mode, json.dumps(list(e.plover_context), ensure_ascii=False),
            e.cameo_code, e.cameo_root, e.quad_class, e.goldstein, int(bool(e.negated)),
            e.modality, ref(e.reported_by, actor_ids, w, "reported_by actor"), d.value,
            ref(d.time, time_start.keys(), w, "time"), int(bool(d.defaulted)), day,
            ref(loc.place, place_ids, w, "place"), int(bool(loc.defaulted)), e.rule,
            e.confidence, k))
        countries: dict[str, None] = {}      # of the stored source and target actors
        for role, ids in (("source", e.source), ("target", e.target)):
            linked = [(aid, e.id, role, i, x) for i, x in enumerate(ids)
                      if ref(x, actor_ids, w, f"{role} actor") is not None]
            rows["event_actors"] += linked
            countries.update((c, None) for *_, x in linked
                             if (c := actor_country[x]) is not None)
        rows["event_countries"] += [(aid, e.id, c, day, e.plover_type, e.goldstein)
                                    for c in countries]
        rows["event_sizes"] += [(aid, e.id, i, z.field, z.value, z.mod, z.text, _s(z.span, 0),
                                 _s(z.span, 1)) for i, z in enumerate(e.size)]
    for q in rec.quotes:
        rows["quotes"].append((aid, q.id, q.kind, q.content_text, _s(q.content_span, 0),
                               _s(q.content_span, 1), q.cue_text, _s(q.cue_span, 0),
                               _s(q.cue_span, 1), q.speaker_text, _s(q.speaker_span, 0),
                               _s(q.speaker_span, 1),
                               ref(q.speaker_actor, actor_ids, f"quote {q.id}", "speaker actor")))
    rows["errors"] += _error_rows(art, rec.errors)
    n = len(rec.errors)
    rows["errors"] += [(_sha1(aid, "dangling", i, msg), aid, n + i, *split_where(art.path), "EW303",
                        f"{msg}; the reference was not stored")
                       for i, msg in enumerate(dangling)]
