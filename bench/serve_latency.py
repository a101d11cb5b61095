"""Latency of ``eventwire serve``: p50/p95/max of the events and timeline endpoints
(and the other views) on a store of many events, over real HTTP.

The store is generated from real extraction output: the example articles (or
``--inputs``) are extracted once with the full pipeline, then each record is
replicated under new article ids with its dates shifted by whole days (so the
timeline spreads over ``--days`` days), until the store holds ``--events``
events. The server is ``eventwire serve`` in a subprocess (uvicorn, real
sockets); requests are sequential, after a warm-up, with filters drawn at
random (seeded) from the values present in the store. Two runs: ``cold``
(``--cache-size 0``: every answer computed) and ``cached`` (the default server,
which keeps aggregate answers until the store changes; brushed date windows
still miss). ``cpu_cold`` is the CPU time per request in-process, a figure the
machine's load changes far less than wall time.

    python bench/serve_latency.py --events 100000            # builds bench/.serve.db once
    python bench/serve_latency.py --db bench/.serve.db --requests 300
"""
from __future__ import annotations

import argparse
import copy
import json
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

_DAY = re.compile(r"^(\d{4}-\d{2}-\d{2})")


_WEEK = re.compile(r"^(\d{4})-W(\d{2})")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def _shift(value: str | None, days: int) -> str | None:
    """A TIMEX3 date ``value`` moved by ``days``, keeping its granularity (a day, an ISO
    week, a month); other values (years, PAST_REF, durations) unchanged."""
    if not value:
        return value
    try:
        if m := _DAY.match(value):
            return (date.fromisoformat(m.group(1)) + timedelta(days=days)).isoformat() + \
                value[10:]
        if m := _WEEK.match(value):
            d = date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1) + \
                timedelta(days=days)
            y, w, _ = d.isocalendar()
            return f"{y:04d}-W{w:02d}" + value[8:]
        if m := _MONTH.match(value):
            d = date(int(m.group(1)), int(m.group(2)), 1) + timedelta(days=days)
            return f"{d.year:04d}-{d.month:02d}"
    except ValueError:
        return value
    return value


def replicate(rec, k: int, days: int):
    """Record ``rec`` as the ``k``-th copy: new article id, dates moved by ``k % days``."""
    r = copy.deepcopy(rec)
    shift = k % days
    r.article.id = f"{rec.article.id}-r{k}"
    r.article.date = _shift(r.article.date, shift)
    for t in r.times:
        t.value, t.start, t.end = _shift(t.value, shift), _shift(t.start, shift), \
            _shift(t.end, shift)
    for e in r.events:
        if e.date is not None:
            e.date.value = _shift(e.date.value, shift)
    return r


def build(db: Path, inputs: list[str], events: int, days: int) -> None:
    from eventwire.api import process
    from eventwire.ingest import read_inputs
    from eventwire.records import Record
    from eventwire.store import Store
    t0 = time.perf_counter()
    base = [r for r in process(read_inputs(inputs)) if isinstance(r, Record) and r.events]
    per_round = sum(len(r.events) for r in base)
    if not per_round:
        sys.exit("no events extracted from the inputs")
    print(f"extracted {len(base)} articles with {per_round} events in "
          f"{time.perf_counter() - t0:.1f}s; replicating to {events} events", file=sys.stderr)
    db.unlink(missing_ok=True)
    n, k, batch = 0, 0, []
    # happenings are not folded while writing (the events and timeline endpoints do
    # not read them; `eventwire dedup --db` adds them afterwards)
    with Store(db, happenings=False) as store:
        while n < events:
            for rec in base:
                if n >= events:
                    break
                batch.append(replicate(rec, k, days))
                n += len(rec.events)
            k += 1
            if len(batch) >= 600:
                store.write_batch(batch)
                batch = []
        if batch:
            store.write_batch(batch)
        store.con.execute("ANALYZE")
        store.con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        st = store.stats()["layers"]
    print(f"store {db}: {st['articles']} articles, {st['events']} events "
          f"({time.perf_counter() - t0:.0f}s)", file=sys.stderr)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> tuple[float, bytes]:
    t = time.perf_counter()
    with urllib.request.urlopen(url, timeout=60) as r:
        body = r.read()
        if r.status != 200:
            raise RuntimeError(f"{url}: HTTP {r.status}")
    return (time.perf_counter() - t) * 1000, body


def scenarios(base: str, rng: random.Random, stats: dict) -> dict[str, list[str]]:
    """URLs per scenario, filters drawn from what the store holds."""
    types = list(stats["events by type"])
    countries = list(stats["events by country"])
    first = date.fromisoformat(stats["server"]["days"]["first"])
    last = date.fromisoformat(stats["server"]["days"]["last"])
    span = (last - first).days

    def window(days: int) -> dict:
        s = first + timedelta(days=rng.randrange(max(1, span - days)))
        return {"since": s.isoformat(), "until": (s + timedelta(days=days)).isoformat()}

    def url(path: str, **params) -> str:
        return f"{base}{path}?{urllib.parse.urlencode(params)}"


    def events_url() -> str:
        pick = rng.randrange(5)
        if pick == 0:
            return url("/api/events", limit=100)
        if pick == 1:
            return url("/api/events", limit=100, type=rng.choice(types))
        if pick == 2:
            return url("/api/events", limit=100, country=rng.choice(countries))
        if pick == 3:
            return url("/api/events", limit=100, **window(30))
        return url("/api/events", limit=100, type=rng.choice(types), **window(90))

    def timeline_url() -> str:
        pick = rng.randrange(4)
        if pick == 0:                    # what the UI asks on opening
            return url("/api/timeline", unit="auto")
        if pick == 1:
            return url("/api/timeline", unit="auto", type=rng.choice(types))
        if pick == 2:                    # after brushing a range
            return url("/api/timeline", unit="day", **window(90))
        return url("/api/timeline", unit="auto", country=rng.choice(countries))

    return {"events": events_url, "timeline": timeline_url,
            "map": lambda: url("/api/map", zoom=rng.choice([2, 4, 6])),
            "network": lambda: url("/api/network", type=rng.choice(types)),
            "quotes": lambda: url("/api/quotes", limit=100)}


def measure(db: Path, requests: int, seed: int, views: list[str], cache_size: int) -> dict:
    """Wall-clock latency over HTTP against ``eventwire serve --cache-size N``."""
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.Popen([sys.executable, "-m", "eventwire.cli", "serve", "--db", str(db),
                             "--port", str(port), "--cache-size", str(cache_size)], env=env,
                            stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                _, body = _get(base + "/api/stats")
                break
            except OSError:
                time.sleep(0.1)
        else:
            sys.exit("server did not start: " + proc.stderr.read().decode())
        stats = json.loads(body)
        rng = random.Random(seed)
        make = scenarios(base, rng, stats)
        out: dict = {}
        for name in views:
            for _ in range(10):                      # warm-up
                _get(make[name]())
            ms = sorted(_get(make[name]())[0] for _ in range(requests))
            out[name] = {"p50_ms": round(statistics.median(ms), 1),
                         "p95_ms": round(ms[int(0.95 * (len(ms) - 1))], 1),
                         "max_ms": round(ms[-1], 1)}
        return out
    finally:
        proc.terminate()
        proc.wait(10)


def measure_cpu(db: Path, requests: int, seed: int, views: list[str]) -> dict:
    """CPU time per request (all threads of this process: the app and an in-process
    client), which a machine's load changes far less than wall time."""
    from fastapi.testclient import TestClient
    from eventwire.web import create_app, settle_heap
    out: dict = {}
    app = create_app(str(db), cache_size=0)
    settle_heap()                        # as `eventwire serve` does
    with TestClient(app) as c:
        stats = c.get("/api/stats").json()
        make = scenarios("", random.Random(seed), stats)
        for name in views:
            for _ in range(10):
                c.get(make[name]())
            ms = []
            for _ in range(requests):
                url = make[name]()
                t = time.process_time()
                r = c.get(url)
                ms.append((time.process_time() - t) * 1000)
                if r.status_code != 200:
                    raise RuntimeError(f"{url}: HTTP {r.status_code}")
            ms.sort()
            out[name] = {"cpu_p50_ms": round(statistics.median(ms), 1),
                         "cpu_p95_ms": round(ms[int(0.95 * (len(ms) - 1))], 1)}
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", type=Path, default=ROOT / "bench" / ".serve.db")
    ap.add_argument("--events", type=int, default=100_000, help="events in the generated store")
    ap.add_argument("--days", type=int, default=1095, help="days the copies spread over")
    ap.add_argument("--inputs", nargs="*",
                    default=[str(ROOT / "src" / "eventwire" / "data" / "examples")])
    ap.add_argument("--rebuild", action="store_true", help="generate the store again")
    ap.add_argument("--requests", type=int, default=200, help="timed requests per endpoint")
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--views", default="events,timeline,map,network,quotes")
    args = ap.parse_args()
    if args.rebuild or not args.db.exists():
        build(args.db, args.inputs, args.events, args.days)
    views = args.views.split(",")
    from eventwire.store import Store
    with Store(args.db) as s:            # migrates a store built by an older eventwire
        pass
    with Store(args.db, readonly=True) as s:
        n_events = s.stats()["layers"]["events"]
    res: dict = {"events_in_store": n_events, "requests_per_endpoint": args.requests,
                 "cold": measure(args.db, args.requests, args.seed, views, 0),
                 "cached": measure(args.db, args.requests, args.seed, views, 256),
                 "cpu_cold": measure_cpu(args.db, args.requests, args.seed, views),
                 "load_average": [round(x, 2) for x in os.getloadavg()],
                 "cpus": os.cpu_count()}
    print(json.dumps(res, indent=2))
    for mode in ("cold", "cached"):
        for name in ("events", "timeline"):
            if name in res[mode]:
                print(f"{name} ({mode}): p95 {res[mode][name]['p95_ms']} ms on {n_events} "
                      f"events", file=sys.stderr)


if __name__ == "__main__":
    main()
