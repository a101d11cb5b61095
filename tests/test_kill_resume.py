"""Exactly once: a real `eventwire ingest` killed with SIGKILL at 20 random moments and
restarted each time leaves the same store as one clean run."""
from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from eventwire.store import Store
from eventwire.store.schema import TABLES

N_ARTICLES = 100
KILLS = int(os.environ.get("EVENTWIRE_KILLS", "20"))
BATCH = 1
SEED = int(os.environ.get("EVENTWIRE_KILL_SEED", "1313"))

# invented names and places
WHO = ["The president of Arvenia", "Rebels of the Northern Front", "The army of Kolstan",
       "The foreign minister of Velmora", "Striking dock workers", "The prime minister"]
DID = ["met", "attacked", "accused", "criticized", "praised", "threatened"]
WHOM = ["the government of Doranth", "police officers", "the opposition leader",
        "a delegation from Sarnik", "the central bank", "United Nations observers"]


def articles(n: int) -> list[str]:
    rng = random.Random(7)
    out = []
    for i in range(n):
        a, v, b = rng.choice(WHO), rng.choice(DID), rng.choice(WHOM)
        out.append(json.dumps({"id": f"k{i:03d}", "date": f"2024-02-{i % 28 + 1:02d}",
                               "text": f"{a} {v} {b} on Tuesday, officials said. "
                                       f"Report number {i} was filed later that day."}))
        if i % 40 == 5:
            out.append('{"text": broken line')           # an error row on every run
    return out


def _run(src: Path, db: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(Path(__file__).resolve().parents[1] / "src"), os.environ.get("PYTHONPATH", "")])}
    return subprocess.Popen([sys.executable, "-m", "eventwire.cli", "ingest", str(src),
                             "--db", str(db), "--batch-size", str(BATCH), "--quiet"],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _count(db: Path) -> int:
    """Articles committed so far (read beside the writer: the store is in WAL mode)."""
    if not db.exists():
        return 0
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return con.execute("SELECT count(*) FROM articles").fetchone()[0]
        finally:
            con.close()
    except sqlite3.OperationalError:  # not created yet
        return 0


def _timed(src: Path, db: Path) -> tuple[float, float]:
    """Run to the end; seconds to the first commit and to the end."""
    t = time.monotonic()
    p, first = _run(src, db), None
    while p.poll() is None:
        if first is None and _count(db) > 0:
            first = time.monotonic() - t
        time.sleep(0.02)
    err = p.stderr.read()
    p.stderr.close()
    assert p.returncode == 1, err.decode()              # 1: some inputs were unreadable
    assert b"Traceback" not in err
    end = time.monotonic() - t
    return (first or end), end


def content(db: Path) -> list[str]:
    heads = tuple(f'INSERT INTO "{t}"' for t in TABLES)
    with Store(str(db)) as s:
        return [line for line in s.con.iterdump() if line.startswith(heads)]


def test_sigkill_at_random_moments_and_restarts_store_each_article_once(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(articles(N_ARTICLES)) + "\n")
    clean, db = tmp_path / "clean.db", tmp_path / "killed.db"
    t_first, t_full = _timed(src, clean)
    per_article = max(t_full - t_first, 0.1) / N_ARTICLES
    rng = random.Random(SEED)
    chunk = 4 * BATCH * per_article        # the runner parses 4 batches, then writes them
    kills, progress, mid_work = 0, [], 0
    while kills < KILLS:
        before = _count(db)
        p, t0 = _run(src, db), time.monotonic()
        if before < N_ARTICLES and rng.random() > 0.15:
            # mid-ingest: wait for this run's first commit, then a random moment after it
            while p.poll() is None and _count(db) == before:
                time.sleep(0.005)
            moment = time.monotonic() + rng.uniform(0, 1.5 * chunk)
        else:
            # start-up: interpreter, model loading, skipping what is stored
            moment = t0 + rng.uniform(0, t_first)
        try:
            p.wait(timeout=max(moment - time.monotonic(), 0))
        except subprocess.TimeoutExpired:
            p.send_signal(signal.SIGKILL)
            p.wait()
            kills += 1
            after = _count(db)
            mid_work += before < after < N_ARTICLES
            progress.append(after)
        p.stderr.close()
    _timed(src, db)                                      # the last restart runs to the end
    print(f"\nseed {SEED}: {kills} kills, {mid_work} mid-ingest; articles stored after each "
          f"kill: {progress}; clean run {t_full:.1f}s (first commit at {t_first:.1f}s)")
    assert content(db) == content(clean), f"seed {SEED}, articles after each kill {progress}"
    with Store(str(db)) as s:
        assert s.sql("SELECT count(*) AS n FROM articles")[0]["n"] == N_ARTICLES
        assert s.sql("SELECT count(*) AS n FROM errors WHERE code = 'EW104'")[0]["n"] == 3
    assert mid_work >= 8, f"too few kills landed mid-ingest: {progress}"
