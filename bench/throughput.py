#!/usr/bin/env python3
"""Throughput benchmark: bare spaCy parsing vs. eventwire extraction, same run.

    python bench/throughput.py --n 2000 [--workers 1] [--data PATH]

Reads N articles of ``../shared/eval/data/news/reuters21578.jsonl`` (skips
cleanly, exit 0, when absent), times ``nlp.pipe`` of the bare model and
``eventwire.process`` on the same texts, and prints articles/s for both, the
time each eventwire stage adds, start-up time and peak RSS, and two ratios of
articles/s (1.0: eventwire costs nothing more; above 1: it is faster):

* ``eventwire/bare spaCy``: what a user's run costs against parsing with the
  bare model. eventwire runs some of the model's own components by table
  look-up (``eventwire.attributes``: the same annotation, faster), so this
  ratio holds that saving as well as the cost of eventwire's stages.
* ``eventwire/that model``: against the same model with those components
  replaced: the overhead of eventwire's own stages alone.
"""
from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "eval" / "data" / "news" / "reuters21578.jsonl"


def load_articles(path: Path, n: int) -> list[dict]:
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            obj = json.loads(line)
            if obj.get("text", "").strip():
                out.append(obj)
                if len(out) >= n:
                    break
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=500, help="articles (default 500)")
    ap.add_argument("--workers", type=int, default=1, help="processes for both runs")
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    a = ap.parse_args(argv)
    if not a.data.is_file():
        print(f"skipped: {a.data} not found")
        return 0
    sys.path.insert(0, str(ROOT / "src"))
    import spacy
    import eventwire
    from eventwire.config import Settings
    from eventwire.nlp import freeze_heap, load_pipeline, make_doc
    from eventwire.records import Article

    arts = load_articles(a.data, a.n)
    texts = [x["text"] for x in arts]
    ntok = 0
    settings = Settings(batch_size=a.batch_size)

    t = time.perf_counter()
    bare = spacy.load(settings.model)
    t_bare_load = time.perf_counter() - t
    list(bare.pipe(texts[:20]))  # warm-up
    t, c = time.perf_counter(), time.process_time()
    for doc in bare.pipe(texts, batch_size=a.batch_size, n_process=a.workers):
        ntok += len(doc)
    t_bare, c_bare = time.perf_counter() - t, time.process_time() - c

    # the same model with the components eventwire replaces by table look-up
    # (eventwire.attributes): eventwire against it is eventwire's own overhead
    from eventwire.attributes import speed_up
    fast = spacy.load(settings.model)
    speed_up(fast)
    list(fast.pipe(texts[:20]))
    t, c = time.perf_counter(), time.process_time()
    for doc in fast.pipe(texts, batch_size=a.batch_size, n_process=a.workers):
        pass
    t_fast, c_fast = time.perf_counter() - t, time.process_time() - c
    del fast

    t = time.perf_counter()
    nlp = load_pipeline(settings)
    freeze_heap()   # as `eventwire extract` does once it has loaded the pipeline
    t_ew_load = time.perf_counter() - t
    list(eventwire.process(arts[:20], settings=settings))  # warm-up (caches, gazetteer)
    t, c = time.perf_counter(), time.process_time()
    n_ev = n_err = 0
    for rec in eventwire.process(arts, workers=a.workers, settings=settings):
        n_ev += len(getattr(rec, "events", []))
        n_err += bool(getattr(rec, "errors", None))
    t_ew, c_ew = time.perf_counter() - t, time.process_time() - c

    # per-stage cost, one process: parse once, then time each stage on each doc
    stages = [n for n in nlp.pipe_names if n.startswith("ew_") and n != "ew_paragraphs"]
    m = min(len(arts), 300)
    docs = [make_doc(nlp, Article(id=x.get("id", str(i)), text=x["text"], date=x.get("date")),
                     settings.max_chars) for i, x in enumerate(arts[:m])]
    t = time.perf_counter()
    docs = list(nlp.pipe(docs, batch_size=a.batch_size, disable=stages))
    t_parse_m = time.perf_counter() - t
    stage_t = {s: 0.0 for s in stages}
    for doc in docs:
        for s in stages:
            t = time.perf_counter()
            nlp.get_pipe(s)(doc)
            stage_t[s] += time.perf_counter() - t

    r_bare, r_ew = len(texts) / t_bare, len(texts) / t_ew
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"articles: {len(texts)} ({ntok / len(texts):.0f} tokens each), workers {a.workers}")
    print(f"bare spaCy nlp.pipe : {r_bare:7.1f} articles/s   (load {t_bare_load:.2f}s)")
    print(f"eventwire process   : {r_ew:7.1f} articles/s   (load {t_ew_load:.2f}s; "
          f"{n_ev} events, {n_err} records with errors)")
    print(f"ratio eventwire/bare spaCy (what a run costs): {r_ew / r_bare:.3f}")
    swapped = [n for n, p in nlp.pipeline if type(p).__module__ == "eventwire.attributes"]
    if swapped:
        print(f"  (model components eventwire runs by table look-up, same annotation: "
              f"{', '.join(swapped)})")
        r_fast = len(texts) / t_fast
        print(f"model with those   : {r_fast:7.1f} articles/s   (ratio to bare spaCy {r_fast / r_bare:.3f})")
        print(f"ratio eventwire/that model (eventwire's own stages' overhead): {r_ew / r_fast:.3f}"
              + (f"; by CPU time {c_fast / c_ew:.3f}" if a.workers == 1 else ""))
    if a.workers == 1:  # CPU seconds of this process: steadier than the wall clock on a shared machine
        print(f"ratio eventwire/bare spaCy by CPU time: {c_bare / c_ew:.3f}   "
              f"(bare {c_bare:.1f}s, eventwire {c_ew:.1f}s)")
    print(f"stage cost on {m} articles, as a share of their parse time ({t_parse_m:.2f}s):")
    for s, v in stage_t.items():
        print(f"  {s:<10} {v:6.2f}s  {100 * v / t_parse_m:5.1f}%")
    print(f"  {'all':<10} {sum(stage_t.values()):6.2f}s  {100 * sum(stage_t.values()) / t_parse_m:5.1f}%")
    print(f"peak RSS (this process): {rss:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
