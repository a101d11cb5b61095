#!/usr/bin/env python3
"""Resume benchmark: an ingest of N articles of which most are already stored.

    python bench/resume.py [--n 2000] [--stored 1900] [--data PATH]

Times a full ingest of N articles into a fresh store, then the same ingest
into a store that already holds the first ``--stored`` of them (the full
store with the other articles deleted, as a killed run leaves it), and
prints both times and their ratio. The issue's target: the resumed run takes
at most 10% of the full one (parsing 100 of 2,000 is 5%; the rest is reading
the input and looking its keys up). Both runs are in this process with the
pipeline loaded beforehand, so neither pays for loading the model.

Articles come from ``../shared/eval/data/news/reuters21578.jsonl`` when it is
there (read at run time, never copied), else from invented template text.
The resumed store is checked to hold the same articles and events as the full one.
"""
from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "eval" / "data" / "news" / "reuters21578.jsonl"


def invented(n: int) -> list[dict]:
    rng = random.Random(13)
    who = ["The president of Arvenia", "Rebels in the north", "The army of Kolstan",
           "The foreign minister of Velmora", "Striking dock workers", "The central bank"]
    did = ["met", "attacked", "accused", "criticized", "praised", "threatened", "visited"]
    whom = ["the government of Doranth", "police officers", "the opposition leader",
            "a delegation from Sarnik", "United Nations observers", "foreign investors"]
    out = []
    for i in range(n):
        sents = [f"{rng.choice(who)} {rng.choice(did)} {rng.choice(whom)} on "
                 f"{rng.choice(['Monday', 'Tuesday', 'Friday'])}, officials said."
                 for _ in range(rng.randint(3, 8))]
        out.append({"id": f"b{i}", "date": "2024-03-01", "text": f"Item {i}. " + " ".join(sents)})
    return out


def load(path: Path, n: int) -> list[dict]:
    if not path.is_file():
        return invented(n)
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            obj = json.loads(line)
            if isinstance(obj.get("text"), str) and obj["text"].strip():
                out.append({k: obj.get(k) for k in ("id", "title", "date", "text")})
                if len(out) >= n:
                    break
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=2000, help="articles (default 2000)")
    ap.add_argument("--stored", type=int, default=None,
                    help="articles already stored when resuming (default 95%% of N)")
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    a = ap.parse_args(argv)
    stored = a.stored if a.stored is not None else a.n * 19 // 20
    sys.path.insert(0, str(ROOT / "src"))
    from eventwire.config import Settings
    from eventwire.nlp import load_pipeline
    from eventwire.runner import ingest_to_store
    from eventwire.store import Store

    arts = load(a.data, a.n)
    settings = Settings()
    load_pipeline(settings)
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in.jsonl"
        src.write_text("".join(json.dumps(x) + "\n" for x in arts), encoding="utf-8")
        full_db, resumed_db = str(Path(tmp) / "full.db"), str(Path(tmp) / "resumed.db")

        full = ingest_to_store([str(src)], full_db, settings=settings)
        shutil.copy(full_db, resumed_db)
        with Store(resumed_db) as s:
            ids = [r["id"] for r in s.sql("SELECT id FROM articles ORDER BY n")]
            for aid in ids[stored:]:
                s.delete_article(aid)
            s.con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        resumed = ingest_to_store([str(src)], resumed_db, settings=settings)

        def content(db):
            with Store(db) as s:
                return (s.sql("SELECT id, title, date, text FROM articles ORDER BY id"),
                        s.sql("SELECT * FROM events ORDER BY article_id, id"))
        same = content(full_db) == content(resumed_db)

    ratio = resumed.seconds / full.seconds
    source = a.data.name if a.data.is_file() else "invented template text"
    print(f"articles: {len(arts)} ({source}); stored before resuming: {stored}")
    print(f"full ingest:    {full.seconds:8.2f}s  ({full.articles} parsed)")
    print(f"resumed ingest: {resumed.seconds:8.2f}s  ({resumed.articles} parsed, "
          f"{resumed.skipped} skipped without parsing)")
    print(f"ratio resumed/full: {ratio:.3f}  (target <= 0.10): {'OK' if ratio <= 0.10 else 'NOT MET'}")
    print(f"resumed store equals the full one: {same}")
    return 0 if ratio <= 0.10 and same else 1


if __name__ == "__main__":
    sys.exit(main())
