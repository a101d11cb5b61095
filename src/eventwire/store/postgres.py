"""The store on PostgreSQL: the same :class:`~eventwire.store.Store` API, schema and
queries as SQLite, through psycopg 3.

``Store("postgresql://user@host:5432/dbname")`` returns a :class:`PostgresStore`.
The tables live in the connection's current schema (``search_path``): choose
one with ``?options=-csearch_path%3Dmyschema`` in the URL.

Schema
    The same migrations (``schema.MIGRATIONS``), rewritten by
    :mod:`~eventwire.store.dialect`; the version is kept in the
    ``eventwire_schema`` table, and migrating takes a transaction-scoped
    advisory lock, so several processes opening a new database at once
    migrate it once. Full-text search is a stored ``tsvector`` column per
    FTS5 table of the SQLite schema (``articles.articles_fts``,
    ``quotes.quotes_fts``) with a GIN index, queried with
    ``websearch_to_tsquery`` (words, ``"a phrase"``, ``or``, ``-word``).

Several writers
    Many processes may write one database at once (several ``ingest`` runs,
    Dask workers). A batch is one transaction that takes its articles in
    sorted id order, each with ``INSERT ... ON CONFLICT (id) DO NOTHING`` or,
    when the id is stored, ``SELECT ... FOR UPDATE``: every writer takes its
    locks in the same order, so writers wait for each other instead of
    deadlocking, and an article written by two of them at once is stored once
    (the second finds it, and skips it when its content is the same). A
    serialization failure or a deadlock reported by the server (a third
    party's locks) reruns the batch, up to :data:`RETRIES` times.

Kept happenings
    As on SQLite, a store keeps the happenings' profiles and blocking index it
    read from one batch to the next (:class:`~eventwire.store.happenings.ProfileCache`).
    Every transaction that writes happenings takes the happenings advisory lock
    and then bumps the sequence ``eventwire_happenings_seq`` (made by a schema
    migration, so a role that may only write rows can ingest) once; a store remembers the value of its own bump. When its next
    bump is not that value plus one, another writer came in between (or at least
    began to: ``nextval`` is not undone by a rollback) and the store forgets what
    it kept. A failed transaction of its own forgets it too.

Round trips
    The client waits for the server as little as the work allows: a batch's
    articles go as one multi-row ``INSERT``, its layers by ``COPY``, and its
    happenings are folded in pipeline mode (``conn.pipeline()``): a write is sent
    without waiting for its result, a read waits for what was sent before it. The
    fold holds its writes back to its end (:mod:`~eventwire.store.happenings`), and
    :meth:`Connection.executemany` sends a plain ``INSERT`` as multi-row statements.
    An error in a pipelined statement surfaces at the next read or at the end of
    the block, inside the batch's transaction, which then rolls back as before.
"""
from __future__ import annotations

import os
import random
import re
import time
from functools import lru_cache
from typing import Any, Sequence

import psycopg
from psycopg import errors as pg_errors
from psycopg.pq import TransactionStatus
from psycopg.types.numeric import NumericLoader

from ..errors import StoreError
from ..records import Record
from . import happenings as _happenings
from . import schema
from .dialect import PG_PRELUDE, NotPortable, pg_migration, pg_query, pg_upsert, replace_table
from .sqlite import Store, _INSERT, _article_row, _error_rows, _rows_of, _sha1, record_digest

RETRIES = 6
_LOCK_KEY = 0x65770001          # advisory lock held while migrating ("ew" + 1)
_HAPPENINGS_KEY = 0x65770002    # advisory lock held while folding events into happenings
_HAPPENINGS_SEQ = "eventwire_happenings_seq"   # bumped by every transaction writing happenings
_RETRYABLE = (pg_errors.SerializationFailure, pg_errors.DeadlockDetected)


class Row(tuple):
    """A result row read by position or by column name, like ``sqlite3.Row``."""
    __slots__ = ()
    _index: dict[str, int] = {}

    def __getitem__(self, key):  # type: ignore[override]
        if isinstance(key, str):
            return tuple.__getitem__(self, self._index[key])
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        return list(self._index)


class _SQLiteNumber(NumericLoader):
    """``numeric`` (``sum`` of integers, say) as SQLite gives it: an int when whole."""

    def load(self, data):
        d = super().load(data)
        return int(d) if d.is_finite() and d == d.to_integral_value() else float(d)


def _row_factory(cursor):
    names = [c.name for c in cursor.description or ()]
    cls = type("Row", (Row,), {"__slots__": (), "_index": {n: i for i, n in enumerate(names)}})
    return lambda values: cls(values)


ROWS_PARAMS = 2000      # parameters of one multi-row statement made of an executemany
# UPDATE t SET a = ?, b = ? WHERE k = ?  (table, the SET list, k)
_KEYED_UPDATE = re.compile(r'^\s*UPDATE\s+(\w+)\s+SET\s+((?:\s*"?\w+"?\s*=\s*\?\s*,)*'
                           r'\s*"?\w+"?\s*=\s*\?)\s+WHERE\s+"?(\w+)"?\s*=\s*\?\s*;?\s*$', re.I)
# an INSERT of one row of placeholders, nothing after: (OR IGNORE, INTO ... VALUES, the row)
_PLAIN_INSERT = re.compile(r"^\s*INSERT(\s+OR\s+IGNORE)?(\s+INTO\s+\w+\s*\([^)']*\)\s*VALUES)"
                           r"\s*(\((?:\s*\?\s*,)*\s*\?\s*\))\s*;?\s*$", re.I)


@lru_cache(maxsize=256)
def _multirow(head: str, width: int, rows: int, tail: str) -> str:
    """``head ($1, .., $width), (..), ... tail``: ``rows`` rows of ``width`` parameters."""
    return head + " " + ", ".join(
        "(" + ", ".join(f"${r * width + c + 1}" for c in range(width)) + ")"
        for r in range(rows)) + tail


@lru_cache(maxsize=256)
def _update_sql(table: str, sets: str, names: tuple[str, ...], types: tuple[str, ...],
                rows: int) -> str:
    """``UPDATE table SET ... FROM (VALUES ...) AS v(names) WHERE table.key = v.key``
    (the key last), ``rows`` rows of ``$n`` parameters cast to the columns' types."""
    width = len(names)
    values = ", ".join("(" + ", ".join(f"${r * width + c + 1}::{types[c]}" for c in range(width))
                       + ")" for r in range(rows))
    cols = ", ".join(f'"{n}"' for n in names)
    return (f'UPDATE {table} AS t SET {sets} FROM (VALUES {values}) AS v({cols}) '
            f'WHERE t."{names[-1]}" = v."{names[-1]}"')


class Connection:
    """A psycopg connection that takes the store's SQLite-dialect SQL (``?``
    placeholders, ``INSERT OR IGNORE``, ``LIKE``): the query methods of
    :class:`Store` run unchanged on it. Autocommit unless a ``BEGIN`` is sent."""

    def __init__(self, raw: psycopg.Connection):
        self.raw = raw
        self.keys: dict[str, list[str]] = {}     # table -> primary key (for upserts)
        self.types: dict[str, dict[str, str]] = {}   # table -> column -> type

    def translate(self, sql: str, named: bool = False) -> str:
        """The PostgreSQL form of ``sql`` (``INSERT OR REPLACE`` needs the table's key)."""
        found = replace_table(sql)
        if found is None:
            return pg_query(sql, named)
        table = found[0]
        if not self.primary_key(table):
            raise NotPortable(f"INSERT OR REPLACE INTO {table}: the table has no primary key")
        return pg_upsert(sql, self.keys[table], named)

    def execute(self, sql: str, params: Sequence | dict = ()) -> psycopg.Cursor:
        cur = self.raw.cursor(row_factory=_row_factory)
        cur.execute(self.translate(sql, isinstance(params, dict)), params)  # type: ignore
        return cur

    def executemany(self, sql: str, seq: Sequence[Sequence]) -> psycopg.Cursor:
        """As ``sqlite3``'s; a plain ``INSERT ... VALUES (?, ...)`` (or ``INSERT OR
        IGNORE``) goes as multi-row ``INSERT``s (:meth:`insert_rows`), the rest pipelined."""
        if _PLAIN_INSERT.match(sql):
            self.insert_rows(sql, seq)
            return self.raw.cursor()
        if (m := _KEYED_UPDATE.match(sql)) and self._update_rows(m, seq):
            return self.raw.cursor()
        cur = self.raw.cursor()
        cur.executemany(self.translate(sql), seq)
        return cur

    def _update_rows(self, m: re.Match, seq: Sequence[Sequence]) -> bool:
        """An ``UPDATE t SET a = ?, ... WHERE key = ?`` (``key`` t's primary key) for
        every row of ``seq`` as ``UPDATE ... FROM (VALUES ...)`` statements: each row
        sets every named column from its parameters, so the last row of a key is what
        one by one would leave. False (nothing done) when ``key`` is not the key, or is
        itself set (rows that rename keys must chain, one by one)."""
        table = m.group(1)
        cols = [c.split("=")[0].strip().strip('"') for c in m.group(2).split(",")]
        key = m.group(3)
        types = self._types(table)
        if (self.primary_key(table) != [key] or key in cols
                or any(c not in types for c in cols + [key])):
            return False
        last = {row[-1]: row for row in seq}        # the last row of each key wins
        if not last:
            return True
        names = cols + [key]
        width = len(names)
        step = max(1, ROWS_PARAMS // width)
        sets = ", ".join(f'"{c}" = v."{c}"' for c in cols)
        rows = list(last.values())
        cur = psycopg.RawCursor(self.raw)
        for i in range(0, len(rows), step):
            part = rows[i:i + step]
            cur.execute(_update_sql(table, sets, tuple(names), tuple(types[c] for c in names),
                                    len(part)), [v for row in part for v in row])
        return True

    def primary_key(self, table: str) -> list[str]:
        if table not in self.keys:
            self.keys[table] = [r[0] for r in self.raw.execute(
                "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = "
                "i.indrelid AND a.attnum = ANY(i.indkey) WHERE i.indrelid = to_regclass(%s) "
                "AND i.indisprimary ORDER BY array_position(i.indkey, a.attnum)", (table,))]
        return self.keys[table]

    def _types(self, table: str) -> dict[str, str]:
        """Column -> its type as SQL (``bigint``, ``text``, ...)."""
        if table not in self.types:
            self.types[table] = {r[0]: r[1] for r in self.raw.execute(
                "SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute WHERE "
                "attrelid = to_regclass(%s) AND attnum > 0 AND NOT attisdropped", (table,))}
        return self.types[table]

    def insert_rows(self, sql: str, seq: Sequence[Sequence], tail: str = "") -> list[tuple]:
        """Run a plain ``INSERT ... VALUES (?, ...)`` (or ``INSERT OR IGNORE``) for every
        row of ``seq``, as multi-row statements of up to :data:`ROWS_PARAMS` parameters
        (one statement for the server to run instead of one per row; rows go in in
        order); ``tail`` (``ON CONFLICT ... RETURNING ...``) follows each. Returns the
        rows the statements return."""
        m = _PLAIN_INSERT.match(sql)
        if m is None:
            raise NotPortable(f"not a plain INSERT of one row of placeholders: {sql[:60]}")
        rows = list(seq)
        width = m.group(3).count("?")
        step = max(1, ROWS_PARAMS // width)
        head = pg_query("INSERT" + m.group(2)).replace("%%", "%")
        returning = re.search(r"\bRETURNING\b", tail, re.I) is not None
        tail = (" ON CONFLICT DO NOTHING" if m.group(1) else "") + (" " + tail if tail else "")
        cur = psycopg.RawCursor(self.raw)     # $n placeholders: a long query is not parsed
        out: list[tuple] = []
        for i in range(0, len(rows), step):
            part = rows[i:i + step]
            cur.execute(_multirow(head, width, len(part), tail),
                        [v for row in part for v in row])
            if returning:
                out += cur.fetchall()
        return out

    def cursor(self) -> "ServerCursor":
        """A cursor that streams a large result (``fetchmany``) from the server."""
        return ServerCursor(self.raw)

    @property
    def in_transaction(self) -> bool:
        return self.raw.info.transaction_status != TransactionStatus.IDLE

    def rollback(self) -> None:
        self.raw.rollback()

    def close(self) -> None:
        self.raw.close()


class ServerCursor:
    """``execute`` then ``fetchmany``/iteration over a server-side cursor (rows arrive in
    chunks, never the whole result at once), for the store's streaming exports."""

    def __init__(self, raw: psycopg.Connection):
        self.raw, self.cur = raw, None

    def execute(self, sql: str, params: Sequence | dict = ()) -> "ServerCursor":
        self.close()
        self.cur = self.raw.cursor(name="ew_" + os.urandom(6).hex(), withhold=True,
                                   row_factory=_row_factory)
        self.cur.execute(pg_query(sql, isinstance(params, dict)), params)  # type: ignore
        return self

    def fetchmany(self, size: int = 1000) -> list:
        return self.cur.fetchmany(size) if self.cur is not None else []

    def fetchone(self):
        return self.cur.fetchone() if self.cur is not None else None

    def fetchall(self) -> list:
        return self.cur.fetchall() if self.cur is not None else []

    def __iter__(self):
        return iter(self.cur) if self.cur is not None else iter(())

    def close(self) -> None:
        if self.cur is not None:
            self.cur.close()
            self.cur = None


def _redact(url: str) -> str:
    """The URL without its password (for messages)."""
    try:
        info = psycopg.conninfo.conninfo_to_dict(url)
    except psycopg.ProgrammingError:
        return url.split("@")[-1]
    user, host = str(info.get("user") or ""), str(info.get("host") or "")
    port, db = str(info.get("port") or ""), str(info.get("dbname") or "")
    return f"postgresql://{user + '@' if user else ''}{host}{':' + port if port else ''}/{db}"


class PostgresStore(Store):
    """:class:`Store` on a PostgreSQL database (see the module doc)."""
    con: Any          # a :class:`Connection` (SQLite's store: a sqlite3.Connection)

    def __init__(self, path: str | os.PathLike = "", create: bool = True,
                 readonly: bool = False, check_same_thread: bool = True,
                 happenings: bool = True):
        self.path = os.fspath(path)
        self.readonly = readonly
        self.happenings_on = happenings   # fold new events into happenings as they are written
        self._profiles = _happenings.ProfileCache()    # kept between batches (module doc)
        self._bumped = False          # this transaction holds the happenings lock and bumped
        self.con = None
        where = _redact(self.path)
        try:
            raw = psycopg.connect(self.path, autocommit=True, connect_timeout=10,
                                  application_name="eventwire")
        except psycopg.Error as e:
            msg = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
            raise StoreError("EW301", f"cannot connect to PostgreSQL: {msg}", where) from None
        raw.adapters.register_loader("numeric", _SQLiteNumber)
        self.con = Connection(raw)
        try:
            version = self.version
            if readonly:      # the server refuses every write of this session
                if version < schema.SCHEMA_VERSION:
                    raise StoreError("EW301", f"database schema version {version} is older "
                                              f"than this eventwire's ({schema.SCHEMA_VERSION});"
                                              f" open it once for writing to migrate it", where)
                raw.execute("SET default_transaction_read_only = on")
            if version > schema.SCHEMA_VERSION:
                raise StoreError("EW302", f"database schema version {version} is newer than "
                                          f"this eventwire's ({schema.SCHEMA_VERSION}); "
                                          f"upgrade eventwire", where)
            if version == 0:
                self._check_empty(where)
                if not create:
                    raise StoreError("EW301", "no eventwire tables in this database (create "
                                              "them with 'eventwire ingest INPUT --db URL')",
                                     where)
            if version < schema.SCHEMA_VERSION:
                self._migrate(version)
        except BaseException:
            self.close()
            raise

    # ------------------------------------------------------------ schema

    @property
    def version(self) -> int:
        """The schema version of the database (0 when it has no eventwire tables)."""
        try:
            row = self.con.execute(
                "SELECT to_regclass('eventwire_schema') IS NOT NULL").fetchone()
            if not row[0]:
                return 0
            row = self.con.execute("SELECT max(version) FROM eventwire_schema").fetchone()
        except psycopg.Error as e:
            raise StoreError("EW301", f"cannot read the schema version: {e}",
                             _redact(self.path)) from None
        return int(row[0] or 0)

    def _check_empty(self, where: str = "") -> None:  # type: ignore[override]
        if self.con.execute("SELECT to_regclass('articles') IS NOT NULL").fetchone()[0]:
            raise StoreError("EW301", "not an eventwire database (it has an articles table "
                                      "but no eventwire_schema version)", where)

    def _migrate(self, version: int) -> None:
        """Run the migrations after the stored version, each in one transaction under an
        advisory lock (a concurrent opener waits, then finds the work done)."""
        overrides = getattr(schema, "POSTGRES_MIGRATIONS", {})
        for v in range(version, schema.SCHEMA_VERSION):
            raw = self.con.raw
            try:
                with raw.transaction():
                    raw.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK_KEY,))
                    raw.execute("CREATE TABLE IF NOT EXISTS eventwire_schema "
                                "(version INTEGER NOT NULL)")
                    now = raw.execute("SELECT coalesce(max(version), 0) FROM "
                                      "eventwire_schema").fetchone()[0]
                    if now > v:
                        continue          # another process migrated meanwhile
                    for stmt in PG_PRELUDE:
                        raw.execute(stmt)  # type: ignore[arg-type]
                    script = overrides.get(v)
                    stmts = [script] if script else pg_migration(schema.MIGRATIONS[v])
                    for stmt in stmts:
                        raw.execute(stmt)  # type: ignore[arg-type]
                    raw.execute("DELETE FROM eventwire_schema")
                    raw.execute("INSERT INTO eventwire_schema (version) VALUES (%s)", (v + 1,))
            except (psycopg.Error, NotPortable) as e:
                raise StoreError("EW303", f"migration to schema version {v + 1} failed: {e}",
                                 _redact(self.path)) from None

    # ------------------------------------------------------------ writes

    def write_batch(self, records: Sequence[Record]) -> dict[str, int]:
        """As :meth:`Store.write_batch`, safe with other writers at once (module doc)."""
        latest: dict[str, tuple[Record, str]] = {}
        for rec in records:
            latest.pop(rec.article.id, None)
            latest[rec.article.id] = (rec, record_digest(rec))
        counts = {"written": 0, "skipped": 0, "replaced": 0, "failed": 0}
        if not latest:
            return counts
        # unchanged articles are skipped without taking a lock
        stored = self._stored_digests(list(latest))
        todo = sorted(aid for aid, (_, dig) in latest.items() if stored.get(aid) != dig)
        counts["skipped"] = len(latest) - len(todo)
        if not todo:
            return counts
        try:
            done = self._retrying(lambda: self._claim_and_insert([latest[a] for a in todo]))
        except pg_errors.IntegrityError:
            done = {"written": 0, "skipped": 0, "replaced": 0, "failed": 0}
            for aid in todo:
                try:
                    one = self._retrying(lambda: self._claim_and_insert([latest[aid]]))
                except pg_errors.IntegrityError as e:
                    one = {"written": 0, "skipped": 0, "replaced": 0, "failed": 1}
                    self._write_failed(*latest[aid], [], _first_line(e))
                for k, v in one.items():
                    done[k] += v
        for k, v in done.items():
            counts[k] += v
        return counts

    def _claim_and_insert(self, todo: list[tuple[Record, str]]) -> dict[str, int]:
        """In one transaction: claim the articles in sorted id order (insert each, or,
        when it is stored, lock it), then insert the layers of those new or changed.
        Articles go in multi-row INSERTs, layer rows by COPY."""
        con, raw = self.con, self.con.raw
        counts = {"written": 0, "skipped": 0, "replaced": 0, "failed": 0}
        ordered = sorted(todo, key=lambda t: t[0].article.id)
        claimed = {r[0] for r in con.insert_rows(
            _INSERT["articles"], [_article_row(rec.article, dig) for rec, dig in ordered],
            "ON CONFLICT (id) DO NOTHING RETURNING id")}     # inserted in this (id) order
        cur = raw.cursor()
        mine = [(rec, dig) for rec, dig in ordered if rec.article.id in claimed]
        lost = [(rec, dig) for rec, dig in ordered if rec.article.id not in claimed]
        if lost:                      # stored (maybe just now, by another writer)
            old = {r[0]: r[1] for r in con.execute(
                "SELECT id, digest FROM articles WHERE id = ANY(?) ORDER BY id FOR UPDATE",
                ([rec.article.id for rec, _ in lost],))}
            changed = [(rec, dig) for rec, dig in lost if old.get(rec.article.id) != dig]
            counts["skipped"] = len(lost) - len(changed)
            counts["replaced"] = len(changed)
            if changed:
                self._lock_happenings()
                self._delete([rec.article.id for rec, _ in changed])
                con.executemany(_INSERT["articles"],
                                [_article_row(rec.article, dig) for rec, dig in changed])
                mine += changed
        rows: dict[str, list[tuple]] = {t: [] for t in schema.TABLES + schema.INDEX_TABLES}
        for rec, dig in mine:
            _rows_of(rec, dig, rows)
        for table in schema.TABLES + schema.INDEX_TABLES:
            if table != "articles" and rows[table]:
                with cur.copy(_copy_sql(table)) as copy:
                    for row in rows[table]:
                        copy.write_row(row)
        if self.happenings_on and mine:   # same transaction: an article and its happenings
            self._lock_happenings()       # (and forgets the kept profiles if another wrote)
            with raw.pipeline():          # writes go without waiting (module doc)
                _happenings.attach(self.con, [rec.article.id for rec, _ in mine],
                                   kept=self._profiles)
        counts["written"] = len(mine)
        return counts

    def _lock_happenings(self) -> None:
        """Before writing happenings: take the happenings lock (writers fold events into
        happenings one at a time, a transaction-scoped lock taken after the article locks
        by every writer: no cycle, so two of them never open the same happening twice),
        then bump the happenings sequence; if another writer bumped it since this store's
        last bump, forget the kept profiles (module doc). Once per transaction."""
        if self._bumped:
            return
        raw = self.con.raw
        raw.execute("SELECT pg_advisory_xact_lock(%s)", (_HAPPENINGS_KEY,))
        n = raw.execute(f"SELECT nextval('{_HAPPENINGS_SEQ}')").fetchone()[0]  # type: ignore
        self._bumped = True
        self._profiles.current(n - 1)         # emptied unless our last bump was n - 1
        self._profiles.stamp = n

    def _forget_profiles(self) -> None:
        """Drop the kept profiles; within a transaction that has bumped the sequence keep
        its stamp: the profiles read after this (in the same transaction) are current,
        and the next batch need not read them again."""
        stamp = self._profiles.stamp if self._bumped else None
        self._profiles.clear()
        self._profiles.stamp = stamp

    def _begin_happenings(self) -> None:
        self.con.execute("BEGIN")
        self._bumped = False
        self._lock_happenings()

    def _retrying(self, fn):
        """``fn`` in a transaction; rerun on a serialization failure or deadlock."""
        for attempt in range(RETRIES):
            try:
                out: list = []
                self._transaction(lambda: out.append(fn()))
                return out[0]
            except _RETRYABLE:
                if attempt == RETRIES - 1:
                    raise StoreError("EW303", f"database write failed: gave up after {RETRIES} "
                                              f"serialization failures or deadlocks",
                                     _redact(self.path)) from None
                time.sleep(random.uniform(0.01, 0.05) * 2 ** attempt)

    def _transaction(self, fn) -> None:
        raw = self.con.raw
        self._bumped = False
        try:
            with raw.transaction():
                fn()
        except BaseException as e:
            self._bumped = False
            self._forget_profiles()       # they may hold what was just undone
            if isinstance(e, psycopg.Error) and not isinstance(
                    e, (pg_errors.IntegrityError, *_RETRYABLE)):
                raise StoreError("EW303", f"database write failed: {_first_line(e)}",
                                 _redact(self.path)) from None
            raise
        finally:
            self._bumped = False

    def _write_failed(self, rec: Record, dig: str, replace: list[str], reason: str) -> None:
        """Store the article alone, with an EW303 error saying why its layers are missing."""
        art = rec.article
        errors = _error_rows(art, rec.errors) + [
            (_sha1(art.id, "store", reason), art.id, len(rec.errors), art.path, None,
             "EW303", f"extracted layers not stored: {reason}")]

        def go():
            self.con.execute("SELECT id FROM articles WHERE id = ? FOR UPDATE", (art.id,))
            self._lock_happenings()
            self._delete([art.id])
            self.con.execute(_INSERT["articles"], _article_row(art, dig))
            self.con.executemany(_INSERT["errors"] + " ON CONFLICT DO NOTHING", errors)
        self._retrying(go)

    def _stored_digests(self, ids: list[str]) -> dict[str, str]:
        return {r[0]: r[1] for r in self.con.execute(
            "SELECT id, digest FROM articles WHERE id = ANY(?)", (list(ids),))}

    def _delete(self, ids: list[str]) -> None:
        stale = _happenings.stale(self.con, ids) if ids else set()
        self.con.execute("DELETE FROM articles WHERE id = ANY(?)", (list(ids),))
        if stale:                        # their mentions went with the events: recompute
            self._forget_profiles()
            _happenings.refold(self.con, stale)

    def delete_article(self, article_id: str) -> bool:
        cur: list = []

        def go():       # the article's row lock first, then the happenings lock (write_batch's order)
            self.con.execute("SELECT id FROM articles WHERE id = ? FOR UPDATE", (article_id,))
            self._lock_happenings()
            stale = _happenings.stale(self.con, [article_id])
            cur.append(self.con.execute("DELETE FROM articles WHERE id = ?", (article_id,)))
            if stale:
                self._forget_profiles()
                _happenings.refold(self.con, stale)
        self._retrying(go)
        return cur[-1].rowcount > 0

    # ------------------------------------------------------------ queries

    def sql(self, query: str, params: Sequence | dict = ()) -> list[dict[str, Any]]:
        """Run a read-only SQL query (PostgreSQL SQL; ``?`` or ``%s`` placeholders)."""
        try:
            if "%s" in query or "%(" in query:
                cur = self.con.raw.cursor(row_factory=_row_factory)
                cur.execute(query, params)  # type: ignore[arg-type]
            else:
                cur = self.con.execute(query, params)
            rows = cur.fetchall() if cur.description else []
        except (psycopg.Error, NotPortable) as e:
            raise StoreError("EW304", f"SQL query failed: {_first_line(e)}") from None
        return [dict(zip(r.keys(), r)) for r in rows]

    def _query(self, sql: str, params: list, fts: list[int] | None = None) -> list:
        try:
            return self.con.execute(sql, params).fetchall()
        except psycopg.Error as e:
            raise StoreError("EW304", f"query failed: {_first_line(e)}") from None

    def _fts_match(self, table: str, alias: str) -> str:
        return f"{alias}.{table}_fts @@ websearch_to_tsquery('english', ?)"

    def table_names(self) -> list[str]:
        return [r[0] for r in self.con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = "
            "current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name")]

    def columns(self, table: str) -> list[str]:
        return [r[0] for r in self.con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = "
            "current_schema() AND table_name = ? ORDER BY ordinal_position", (table,))]

    def change_stamp(self) -> tuple:
        """The server's current snapshot (``xmin:xmax:in-progress``): it moves whenever
        a write transaction starts or ends anywhere on the server, so it changes with
        every committed write to this database (and, harmlessly, with others')."""
        return tuple(self.con.execute("SELECT pg_current_snapshot()::text").fetchone())

    def _articles_search_sql(self, counts: str, where: list[str]) -> str:
        return ("SELECT art.id, art.date, art.title, art.url, art.source, art.path, "
                f"{counts}, ts_headline('english', art.text, q.q, 'StartSel=[, StopSel=], "
                "MaxWords=24, MinWords=8, ShortWord=2, MaxFragments=1, "
                "FragmentDelimiter=…') AS snippet "
                "FROM articles art, websearch_to_tsquery('english', ?) AS q(q) "
                "WHERE art.articles_fts @@ q.q" + "".join(" AND " + w for w in where)
                + " ORDER BY ts_rank(art.articles_fts, q.q) DESC, art.id")


def _copy_sql(table: str) -> str:
    """``COPY table (columns) FROM STDIN`` with the columns of the store's INSERT."""
    cols = _INSERT[table][_INSERT[table].index("(") + 1:_INSERT[table].index(")")]
    return f"COPY {table} ({cols}) FROM STDIN"


def _first_line(e: BaseException) -> str:
    text = str(e).strip()
    return text.splitlines()[0] if text else type(e).__name__
