"""Ingest with worker processes, fresh and resumed: the resume filter reads the store
while the workers parse (regression: it was read from the pool's feeder thread, and
SQLite refused the connection with a traceback)."""
from __future__ import annotations

import sqlite3
import subprocess
import sys

from tests.conftest import EXAMPLES


def _ingest(db, *extra):
    return subprocess.run([sys.executable, "-m", "eventwire.cli", "ingest", str(EXAMPLES),
                           "--db", str(db), "--workers", "2", "--quiet", *extra],
                          capture_output=True, text=True, timeout=600)


def test_ingest_with_two_workers_then_resume(tmp_path):
    db = tmp_path / "w.db"
    first = _ingest(db)
    assert first.returncode == 0 and "Traceback" not in first.stderr, first.stderr
    con = sqlite3.connect(db)
    try:
        n_articles, n_events = con.execute(
            "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM events)").fetchone()
        dump = list(con.iterdump())
    finally:
        con.close()
    assert n_articles == len(list(EXAMPLES.glob("*.txt"))) and n_events > 0
    again = _ingest(db)                       # everything stored: resumed without parsing
    assert again.returncode == 0 and "Traceback" not in again.stderr, again.stderr
    con = sqlite3.connect(db)
    try:
        assert list(con.iterdump()) == dump
    finally:
        con.close()
