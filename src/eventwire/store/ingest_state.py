"""Bookkeeping of continuous ingestion, kept in the store beside the records.

:class:`IngestState` wraps an open :class:`~eventwire.store.Store` and reads and
writes the tables of the ingestion-state migration:

``article_inputs``
    the input key of each stored article (see :mod:`eventwire.resume`): an
    input whose key is here is already stored and is skipped before parsing.
``watched_files``
    the files ``eventwire watch`` finished, with their content hash.
``feeds`` and ``feed_items``
    per feed its conditional-GET validators and failure count; per entry
    link its state (``new``, ``extracted``, ``done``, ``failed``, ``gave_up``),
    tries and when to try again.

Every write is one short transaction. Nothing here is ever needed to read
the records themselves; deleting an article deletes its input key.
"""
from __future__ import annotations

import time
from datetime import datetime, timezone
from typing import Iterable, Sequence

from .dialect import chunked, marks
from .sqlite import Store


def utc_iso(ts: float | None = None) -> str:
    """``ts`` (default: now) as UTC ISO text, second precision (sorts as text)."""
    return datetime.fromtimestamp(time.time() if ts is None else ts, timezone.utc) \
        .strftime("%Y-%m-%dT%H:%M:%SZ")


class IngestState:
    """The ingestion bookkeeping of one store (see the module docstring)."""

    def __init__(self, store: Store):
        self.store = store
        self.con = store.con

    # ------------------------------------------------------------ article inputs

    def stored_keys(self, keys: Sequence[str]) -> set[str]:
        """Those of ``keys`` whose article is stored."""
        out: set[str] = set()
        for part in chunked(list(keys)):
            q = (f"SELECT input_key FROM article_inputs WHERE input_key IN "
                 f"({marks(len(part))})")
            out.update(r[0] for r in self.con.execute(q, part))
        return out

    def mark_stored(self, pairs: Iterable[tuple[str, str]]) -> None:
        """Record ``(article_id, input_key)`` for articles just written (one transaction).
        An article the store does not hold (its write failed) is left out."""
        pairs = list(pairs)
        if not pairs:
            return

        def go() -> None:
            for part in chunked(pairs, 200):
                ids = [p[0] for p in part]
                have = {r[0] for r in self.con.execute(
                    f"SELECT id FROM articles WHERE id IN ({marks(len(ids))})", ids)}
                self.con.executemany(
                    "INSERT OR REPLACE INTO article_inputs (article_id, input_key) VALUES (?, ?)",
                    [p for p in part if p[0] in have])
        self.store._transaction(go)

    # ------------------------------------------------------------ watched files

    def file_done(self, path: str, size: int, mtime_ns: int) -> bool:
        """True if ``path`` was finished with exactly this size and modification time."""
        row = self.con.execute("SELECT size, mtime_ns FROM watched_files WHERE path = ?",
                               (path,)).fetchone()
        return row is not None and (row[0], row[1]) == (size, mtime_ns)

    def hash_done(self, sha1: str) -> bool:
        """True if a file with this content hash was finished (under any name)."""
        return self.con.execute("SELECT 1 FROM watched_files WHERE sha1 = ? LIMIT 1",
                                (sha1,)).fetchone() is not None

    def mark_file(self, path: str, size: int, mtime_ns: int, sha1: str, articles: int,
                  problems: int) -> None:
        self.store._transaction(lambda: self.con.execute(
            "INSERT OR REPLACE INTO watched_files (path, size, mtime_ns, sha1, articles, "
            "problems, done_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (path, size, mtime_ns, sha1, articles, problems, utc_iso())))

    # ------------------------------------------------------------ feeds

    def feed(self, url: str) -> dict | None:
        row = self.con.execute("SELECT * FROM feeds WHERE url = ?", (url,)).fetchone()
        return dict(row) if row else None

    def update_feed(self, url: str, *, status: int | None, ok: bool, etag: str | None = None,
                    last_modified: str | None = None, retry_after: float = 0.0) -> None:
        """After a poll of ``url``: keep the validators on success, count a failure otherwise."""
        now = time.time()

        def go() -> None:
            old = self.feed(url)
            failures = 0 if ok else (old["failures"] + 1 if old else 1)
            et = etag if ok else (old or {}).get("etag")
            lm = last_modified if ok else (old or {}).get("last_modified")
            if ok and etag is None and last_modified is None and status == 304 and old:
                et, lm = old["etag"], old["last_modified"]
            self.con.execute(
                "INSERT OR REPLACE INTO feeds (url, etag, last_modified, checked_at, status, "
                "failures, next_try) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (url, et, lm, utc_iso(now), status, failures,
                 utc_iso(now + retry_after) if retry_after else None))
        self.store._transaction(go)

    def item(self, url: str) -> dict | None:
        row = self.con.execute("SELECT * FROM feed_items WHERE url = ?", (url,)).fetchone()
        return dict(row) if row else None

    def add_item(self, url: str, feed: str, title: str | None, date: str | None) -> None:
        """A new entry link (an entry seen before keeps its state)."""
        self.store._transaction(lambda: self.con.execute(
            "INSERT OR IGNORE INTO feed_items (url, feed, title, date, state) "
            "VALUES (?, ?, ?, ?, 'new')", (url, feed, title, date)))

    def due_items(self, now: float | None = None) -> list[dict]:
        """Entries to fetch now: new ones, and failed ones whose retry time has come."""
        rows = self.con.execute(
            "SELECT * FROM feed_items WHERE state = 'new' OR (state = 'failed' AND "
            "(next_try IS NULL OR next_try <= ?)) ORDER BY rowid", (utc_iso(now),)).fetchall()
        return [dict(r) for r in rows]

    def extracted_items(self) -> list[dict]:
        return [dict(r) for r in self.con.execute(
            "SELECT * FROM feed_items WHERE state = 'extracted' ORDER BY rowid")]

    def set_item(self, url: str, state: str, *, article_id: str | None = None,
                 error: str | None = None, retry_after: float | None = None) -> None:
        """Move an entry to ``state``; a failure counts a try and sets the next one."""
        now = time.time()

        def go() -> None:
            if state in ("failed", "gave_up"):
                self.con.execute(
                    "UPDATE feed_items SET state = ?, tries = tries + 1, error = ?, next_try = ? "
                    "WHERE url = ?", (state, error,
                                      utc_iso(now + retry_after) if retry_after else None, url))
            else:
                self.con.execute(
                    "UPDATE feed_items SET state = ?, article_id = COALESCE(?, article_id) "
                    "WHERE url = ?", (state, article_id, url))
        self.store._transaction(go)

    def article_stored(self, article_id: str) -> bool:
        return self.con.execute("SELECT 1 FROM articles WHERE id = ?",
                                (article_id,)).fetchone() is not None
