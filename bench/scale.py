#!/usr/bin/env python3
"""Scale-out benchmarks: Dask workers vs one process, and SQLite vs PostgreSQL ingest.

    python bench/scale.py dask  --n 2000 [--workers 2] [--rounds 1]
    python bench/scale.py store --n 2000 [--pg postgresql://...] [--workers 2]

``dask``: the same N Reuters-21578 articles through ``eventwire.process`` in one
process and through a warm Dask ``LocalCluster`` of ``--workers`` single-threaded
worker processes (``eventwire.cluster.process_dask``), alternately, ``--rounds``
times each, in one run. Prints articles/s of each, the speed-up, the parallel
efficiency (speed-up / workers), the same two from CPU seconds (robust when other
programs share the cores), cluster start-up time, and peak RSS of each worker.

``store``: extracts N articles once (timed: the extraction rate), then writes the
same records into a new SQLite file and a new PostgreSQL schema in batches of
``--batch-size`` (timed separately), then writes them again (all skipped). Prints
seconds per backend, PostgreSQL's overhead relative to extraction plus SQLite
writing, and the projection of both to the full 19,043 articles.

Reads ``../shared/eval/data/news/reuters21578.jsonl`` (exit 0 with a note when
absent). The machine's load average is printed before and after: on a shared
machine the wall-clock figures are only as good as the cores that were free.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
from throughput import load_articles  # noqa: E402  (the one reader of the Reuters sample)
DEFAULT_DATA = ROOT.parent / "shared" / "eval" / "data" / "news" / "reuters21578.jsonl"
FULL = 19_043


def _cpu_children_and_self() -> float:
    s, c = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return s.ru_utime + s.ru_stime + c.ru_utime + c.ru_stime


def _worker_stats() -> dict:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return {"cpu": r.ru_utime + r.ru_stime, "maxrss_mb": r.ru_maxrss / 1024}


def bench_dask(a) -> dict:
    import eventwire
    from distributed import Client
    from eventwire.cluster import local_cluster, process_dask
    from eventwire.config import Settings
    from eventwire.nlp import load_pipeline

    arts = load_articles(a.data, a.n)
    settings = Settings(batch_size=a.batch_size)
    load_pipeline(settings)
    list(eventwire.process(arts[:20], settings=settings))            # warm-up

    t = time.perf_counter()
    cluster = local_cluster(a.workers)
    client = Client(cluster)
    client.wait_for_workers(a.workers)
    list(process_dask(arts[:20 * a.workers], address=cluster.scheduler_address,
                      settings=settings))                            # plugin loads, warm-up
    startup = time.perf_counter() - t

    single, multi = [], []
    for _ in range(a.rounds):
        c0, t0 = _cpu_children_and_self(), time.perf_counter()
        n1 = sum(1 for _ in eventwire.process(arts, settings=settings))
        single.append((n1, time.perf_counter() - t0, _cpu_children_and_self() - c0))

        w0 = client.run(_worker_stats)
        t0 = time.perf_counter()
        n2 = sum(1 for _ in process_dask(arts, address=cluster.scheduler_address,
                                         settings=settings))
        wall = time.perf_counter() - t0
        w1 = client.run(_worker_stats)
        cpu = sum(w1[k]["cpu"] - w0[k]["cpu"] for k in w1)
        multi.append((n2, wall, cpu))
        assert n1 == n2 == len(arts), (n1, n2)
    rss = {k: round(v["maxrss_mb"]) for k, v in client.run(_worker_stats).items()}
    client.close()
    cluster.close()

    n = len(arts)
    s_wall = sum(x[1] for x in single)
    m_wall = sum(x[1] for x in multi)
    s_cpu, m_cpu = sum(x[2] for x in single), sum(x[2] for x in multi)
    rate1, rate2 = n * a.rounds / s_wall, n * a.rounds / m_wall
    return {
        "articles": n, "rounds": a.rounds, "workers": a.workers,
        "one process articles/s": round(rate1, 2),
        f"{a.workers}-worker cluster articles/s": round(rate2, 2),
        "speed-up": round(rate2 / rate1, 3),
        "efficiency (speed-up / workers)": round(rate2 / rate1 / a.workers, 3),
        "one process CPU s/article": round(s_cpu / (n * a.rounds), 4),
        "cluster CPU s/article (workers)": round(m_cpu / (n * a.rounds), 4),
        "CPU efficiency (one-process CPU / worker CPU)": round(s_cpu / m_cpu, 3),
        "cluster start-up s (workers + model load)": round(startup, 1),
        "peak RSS per worker MB": rss,
        "client peak RSS MB": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


def bench_store(a) -> dict:
    import eventwire
    from eventwire.config import Settings
    from eventwire.store import Store

    arts = load_articles(a.data, a.n)
    settings = Settings(batch_size=a.batch_size)
    t0 = time.perf_counter()
    recs = [r for r in eventwire.process(arts, workers=a.workers, settings=settings)]
    t_extract = time.perf_counter() - t0
    out = {"articles": len(recs), "extraction workers": a.workers,
           "extraction s": round(t_extract, 1),
           "extraction articles/s": round(len(recs) / t_extract, 2)}
    targets = [("sqlite", str(Path(a.tmp) / f"bench-{uuid.uuid4().hex[:8]}.db"))]
    schema = None
    if a.pg:
        import psycopg
        from urllib.parse import quote
        schema = "bench_" + uuid.uuid4().hex[:8]
        with psycopg.connect(a.pg, autocommit=True) as con:
            con.execute(f"CREATE SCHEMA {schema}")
        sep = "&" if "?" in a.pg else "?"
        targets.append(("postgresql", a.pg + sep + "options=" + quote(f"-csearch_path={schema}")))
    try:
        for name, db in targets:
            t0 = time.perf_counter()
            with Store(db) as store:
                counts = store.write(recs, batch_size=a.batch_size)
            t_write = time.perf_counter() - t0
            t0 = time.perf_counter()
            with Store(db) as store:
                again = store.write(recs, batch_size=a.batch_size)
            t_again = time.perf_counter() - t0
            assert counts["written"] == len(recs) and again["skipped"] == len(recs)
            out[f"{name} write s"] = round(t_write, 2)
            out[f"{name} re-write (all skipped) s"] = round(t_again, 2)
            total = t_extract + t_write
            out[f"{name} extract+ingest s"] = round(total, 1)
            out[f"{name} projected full {FULL} s"] = round(total * FULL / len(recs))
        if a.pg:
            lite = t_extract + out["sqlite write s"]
            pg = t_extract + out["postgresql write s"]
            out["postgresql slower than sqlite by"] = f"{100 * (pg - lite) / lite:.1f}%"
    finally:
        if schema:
            import psycopg
            with psycopg.connect(a.pg, autocommit=True) as con:
                con.execute(f"DROP SCHEMA {schema} CASCADE")
        for name, db in targets:
            if name == "sqlite":
                for suffix in ("", "-wal", "-shm"):
                    if os.path.exists(db + suffix):
                        os.unlink(db + suffix)
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("mode", choices=["dask", "store"])
    ap.add_argument("--n", type=int, default=2000, help="articles (default 2000)")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--rounds", type=int, default=1)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--pg", default=os.environ.get("EVENTWIRE_TEST_PG"),
                    help="PostgreSQL URL for the store run (default $EVENTWIRE_TEST_PG)")
    ap.add_argument("--tmp", default="/tmp")
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    a = ap.parse_args(argv)
    if not a.data.is_file():
        print(f"skipped: {a.data} not found")
        return 0
    sys.path.insert(0, str(ROOT / "src"))
    load0 = os.getloadavg()
    res = bench_dask(a) if a.mode == "dask" else bench_store(a)
    res["load average before"] = [round(x, 2) for x in load0]
    res["load average after"] = [round(x, 2) for x in os.getloadavg()]
    res["cores"] = os.cpu_count()
    print(json.dumps(res, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
