#!/usr/bin/env python3
"""Store write benchmark: the same records into SQLite and PostgreSQL, same run.

    python bench/store_backends.py --pg postgresql://postgres@127.0.0.1:55432/postgres
        [--n 2000] [--data PATH] [--repeat 3] [--batch-size 32]

Reads N articles of ``../shared/eval/data/news/reuters21578.jsonl`` (skips cleanly,
exit 0, when absent; ``--pg`` defaults to ``EVENTWIRE_TEST_PG``, and without a
server it skips too), extracts them once with the real pipeline, then writes the
same records into a fresh SQLite file and a fresh PostgreSQL database (made on
the server of ``--pg`` and dropped after), alternating ``--repeat`` times, happenings
on, ``ingest``'s batch size. Per backend it prints the wall time of the write (best
and every try), the CPU time of this process and, for PostgreSQL, of the server
process that served it (the machine's; both run here), and the PostgreSQL/SQLite
ratios. A last PostgreSQL write traced at the protocol level (libpq's trace) gives
the statements the server ran and the times the client waited for it, per 1,000
articles. On a loaded machine the CPU times hold better than the wall times.
"""
from __future__ import annotations

import argparse
import collections
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
from throughput import load_articles  # noqa: E402  (the one reader of the Reuters sample)
sys.path.insert(0, str(ROOT / "src"))
DEFAULT_DATA = ROOT.parent / "shared" / "eval" / "data" / "news" / "reuters21578.jsonl"


def _backend_cpu(store) -> float:
    """CPU seconds of the server process behind a PostgreSQL store (0 elsewhere)."""
    raw = getattr(store.con, "raw", None)
    if raw is None:
        return 0.0
    pid = raw.execute("SELECT pg_backend_pid()").fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:                       # the server runs elsewhere
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _write(db: str, recs, batch_size: int, trace: str | None = None) -> dict:
    from eventwire.store import Store
    with Store(db) as store:
        if trace:
            from psycopg.pq import Trace
            f = open(trace, "w")
            store.con.raw.pgconn.trace(f.fileno())
            store.con.raw.pgconn.set_trace_flags(Trace.SUPPRESS_TIMESTAMPS | Trace.REGRESS_MODE)
        server0, cpu0, t0 = _backend_cpu(store), time.process_time(), time.perf_counter()
        store.write(recs, batch_size=batch_size)
        out = {"wall": time.perf_counter() - t0, "cpu": time.process_time() - cpu0,
               "server": _backend_cpu(store) - server0}
        if trace:
            store.con.raw.pgconn.untrace()
            f.close()
    return out


def _messages(trace: str) -> collections.Counter:
    """Frontend protocol messages of a libpq trace, by type."""
    c: collections.Counter = collections.Counter()
    with open(trace, errors="replace") as f:
        for line in f:
            parts = line.split("\t", 3)
            if len(parts) > 2 and parts[0] == "F" and parts[2]:
                c[parts[2].split()[0]] += 1
    return c


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=2000, help="articles (default 2000)")
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--pg", default=os.environ.get("EVENTWIRE_TEST_PG"),
                    help="a PostgreSQL URL on the server to use (a database is made there)")
    ap.add_argument("--repeat", type=int, default=3, help="writes per backend")
    ap.add_argument("--batch-size", type=int, default=None,
                    help="articles per transaction (default: ingest's)")
    ap.add_argument("--workers", type=int, default=1, help="processes for the extraction")
    a = ap.parse_args(argv)
    if not a.data.exists():
        print(f"skipped: {a.data} not found", file=sys.stderr)
        return 0
    if not a.pg:
        print("skipped: no PostgreSQL server (--pg URL or EVENTWIRE_TEST_PG)", file=sys.stderr)
        return 0
    import psycopg

    from eventwire.api import process
    from eventwire.config import Settings
    from eventwire.ingest import read_inputs
    from eventwire.records import Record
    batch = a.batch_size or Settings().batch_size
    try:
        admin = psycopg.connect(a.pg, autocommit=True, connect_timeout=10)
    except psycopg.Error as e:
        print(f"skipped: cannot connect to PostgreSQL: {str(e).strip()[:200]}", file=sys.stderr)
        return 0
    name = f"eventwire_bench_{os.getpid()}"
    from urllib.parse import urlsplit, urlunsplit
    parts = urlsplit(a.pg)
    if parts.scheme not in ("postgresql", "postgres"):
        print("skipped: --pg must be a postgresql:// URL", file=sys.stderr)
        return 0
    pg_url = urlunsplit(parts._replace(path="/" + name))

    arts = load_articles(a.data, a.n)
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in.jsonl"
        src.write_text("".join(json.dumps(x) + "\n" for x in arts), encoding="utf-8")
        t0 = time.perf_counter()
        recs = [r for r in process(read_inputs([str(src)]), workers=a.workers)
                if isinstance(r, Record)]
        extract_s = time.perf_counter() - t0
        runs: dict[str, list[dict]] = {"sqlite": [], "postgresql": []}

        def fresh_pg() -> str:
            admin.execute(f"DROP DATABASE IF EXISTS {name}")
            admin.execute(f"CREATE DATABASE {name}")
            return pg_url
        try:
            for k in range(a.repeat):
                runs["sqlite"].append(_write(str(Path(tmp) / f"s{k}.db"), recs, batch))
                runs["postgresql"].append(_write(fresh_pg(), recs, batch))
            trace = str(Path(tmp) / "trace.txt")
            _write(fresh_pg(), recs, batch, trace)
            msgs = _messages(trace)
        finally:
            admin.execute(f"DROP DATABASE IF EXISTS {name}")
            admin.close()

    per = 1000 / len(recs)
    print(f"articles      {len(recs)} (first {a.n} non-empty of {a.data.name}), "
          f"{sum(len(r.events) for r in recs)} events; extraction {extract_s:.1f} s; "
          f"batches of {batch}, happenings on")
    best = {}
    for backend, rs in runs.items():
        b = min(rs, key=lambda r: r["wall"])
        best[backend] = b
        walls = " ".join(f"{r['wall']:.2f}" for r in rs)
        cpu = " ".join(f"{r['cpu'] + r['server']:.2f}" for r in rs)
        print(f"{backend:<13} write {b['wall']:6.2f} s best (tries {walls}); CPU client + "
              f"server {cpu} s (best try: {b['cpu']:.2f} + {b['server']:.2f})")
    s, p = best["sqlite"], best["postgresql"]
    cpu_s = min(r["cpu"] for r in runs["sqlite"])
    cpu_p = min(r["cpu"] + r["server"] for r in runs["postgresql"])
    print(f"ratio         PostgreSQL/SQLite write: wall {p['wall'] / s['wall']:.2f}, "
          f"CPU {cpu_p / cpu_s:.2f} (least CPU of each)")
    statements = msgs["Execute"] + msgs["Query"]
    waits = msgs["Sync"] + msgs["Query"] + msgs["Flush"]
    print(f"per 1000 art. {statements * per:.0f} statements run by the server "
          f"({msgs['Execute'] * per:.0f} extended, {msgs['Query'] * per:.0f} simple/COPY), "
          f"{waits * per:.0f} round trips (Sync + Flush + simple Query messages)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
