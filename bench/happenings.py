#!/usr/bin/env python3
"""Happenings benchmark: what folding events into happenings adds to an ingest, same run.

    python bench/happenings.py --n 1000 [--data PATH] [--repeat 3]

Reads N articles of ``../shared/eval/data/news/reuters21578.jsonl`` (skips cleanly,
exit 0, when absent), extracts them once with the real pipeline (timed: the parse
and every stage), then writes the same records into two fresh stores, with
happenings off and on, alternating ``--repeat`` times and keeping the fastest of
each. It prints the ingest time both ways (extraction + store write) and the
overhead of happenings as a share of the ingest without them, then writes the same
records into the happenings store a second time and checks that nothing changed
(every article skipped, the happening tables identical). With ``--copies K`` it
then writes K more copies of the records into that store, each under new article
ids and with every date moved K years on, into both stores (happenings off and
on), and prints the write time of each copy both ways: a flat difference means
the cost of happenings per article does not grow with the store.
"""
from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
from throughput import load_articles  # noqa: E402  (the one reader of the Reuters sample)
sys.path.insert(0, str(ROOT / "src"))
DEFAULT_DATA = ROOT.parent / "shared" / "eval" / "data" / "news" / "reuters21578.jsonl"


def _dump(db: str) -> list[str]:
    con = sqlite3.connect(db)
    try:
        return [x for x in con.iterdump() if "happening" in x]
    finally:
        con.close()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=1000, help="articles (default 1000)")
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--repeat", type=int, default=3, help="store writes each way (best kept)")
    ap.add_argument("--batch-size", type=int, default=32, help="articles per transaction")
    ap.add_argument("--copies", type=int, default=0, help="grow the store by K shifted copies")
    a = ap.parse_args(argv)
    if not a.data.exists():
        print(f"skipped: {a.data} not found", file=sys.stderr)
        return 0
    from eventwire.api import process
    from eventwire.ingest import read_inputs
    from eventwire.records import Record
    from eventwire.store import Store

    arts = load_articles(a.data, a.n)
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in.jsonl"
        src.write_text("".join(json.dumps(x) + "\n" for x in arts), encoding="utf-8")
        t0 = time.perf_counter()
        recs = [r for r in process(read_inputs([str(src)])) if isinstance(r, Record)]
        extract_s = time.perf_counter() - t0
        events = sum(len(r.events) for r in recs)

        best = {False: float("inf"), True: float("inf")}
        for k in range(a.repeat):
            for on in (False, True):
                db = str(Path(tmp) / f"{'on' if on else 'off'}-{k}.db")
                t0 = time.perf_counter()
                with Store(db, happenings=on) as store:
                    store.write(recs, batch_size=a.batch_size)
                best[on] = min(best[on], time.perf_counter() - t0)
        db_on = str(Path(tmp) / "on-0.db")
        with Store(db_on) as store:
            st = store.happening_stats()
        before = _dump(db_on)
        t0 = time.perf_counter()
        with Store(db_on) as store:
            again = store.write(recs, batch_size=a.batch_size)
        second_s = time.perf_counter() - t0
        unchanged = _dump(db_on) == before
        growth = []
        db_off = str(Path(tmp) / "off-0.db")
        for k in range(1, a.copies + 1):
            copy = [_shifted(r, k) for r in recs]
            took = {}
            for on, db in ((False, db_off), (True, db_on)):
                t0 = time.perf_counter()
                with Store(db, happenings=on) as store:
                    store.write(copy, batch_size=a.batch_size)
                took[on] = time.perf_counter() - t0
            with Store(db_on) as store:
                total = store.happening_stats()["happenings"]
            growth.append((k, took[False], took[True], total))

    off, on = extract_s + best[False], extract_s + best[True]
    print(f"articles            {len(recs)} (first {a.n} non-empty of {a.data.name}), "
          f"{events} events")
    print(f"extraction          {extract_s:8.2f} s  (spaCy parse and every stage)")
    print(f"store write  off    {best[False]:8.2f} s  (best of {a.repeat})")
    print(f"store write  on     {best[True]:8.2f} s  (best of {a.repeat})")
    print(f"ingest       off    {off:8.2f} s")
    print(f"ingest       on     {on:8.2f} s")
    print(f"happenings overhead {100 * (on - off) / off:8.2f} % of the ingest without them")
    print(f"happenings          {st['happenings']} ({st['reported by several articles']} "
          f"reported by several articles, {st['report mentions']} report mentions, "
          f"{st['recall mentions']} recalls)")
    print(f"second ingest       {second_s:8.2f} s: {again['skipped']} skipped, "
          f"{again['written']} written; happening tables "
          f"{'unchanged' if unchanged else 'CHANGED'}")
    for k, off_s, on_s, total in growth:
        print(f"copy {k:<3}            {off_s:8.2f} s off, {on_s:8.2f} s on: happenings add "
              f"{on_s - off_s:6.2f} s ({total} happenings in the store after it)")
    return 0 if unchanged and again["written"] == 0 else 1


def _shifted(rec, years: int):
    """The record under a new article id with every date ``years`` later."""
    import dataclasses
    import re

    def mv(v):
        if not isinstance(v, str):
            return v
        return re.sub(r"^(\d{4})", lambda m: str(int(m[1]) + years), v)
    art = dataclasses.replace(rec.article, id=f"{rec.article.id}+{years}",
                              date=mv(rec.article.date))
    times = [dataclasses.replace(t, value=mv(t.value), start=mv(t.start), end=mv(t.end))
             for t in rec.times]
    events = [dataclasses.replace(e, date=dataclasses.replace(e.date, value=mv(e.date.value))
                                  if e.date else e.date) for e in rec.events]
    return dataclasses.replace(rec, article=art, times=times, events=events)


if __name__ == "__main__":
    sys.exit(main())
