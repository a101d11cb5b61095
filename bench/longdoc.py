#!/usr/bin/env python3
"""Long-document benchmark: is the cost of one article linear in its length?

    python bench/longdoc.py [--copies 20 80] [--mb 5] [--single-line] [--bare]

Builds one article from a base article repeated (the evaluation kit's seed
article when ``../shared`` is present, else the bundled example articles),
and processes it with ``eventwire.process`` in a fresh process per size, so
that each size's peak RSS is its own. Prints, per size: characters, seconds
(model loading excluded) and CPU seconds (this process; a long article's chunks are
parsed in child processes, whose CPU seconds are reported apart), peak RSS, and with ``--bare`` the seconds of bare
spaCy ``nlp.pipe`` over the same chunks, in another fresh process (the ratio is
eventwire's cost over the model's). Then the checks of issue 15: the largest
copy count takes at most (largest / smallest) times the smallest's time, and
the ``--mb`` article finishes in under 2 minutes with peak RSS under 1.5 GB.
``--single-line`` joins the copies with spaces (no paragraph or line breaks:
the worst case for chunking). Exit status 0 always: this reports, it does not gate.
"""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "eval" / "data" / "seed" / "article.txt"


def base_text() -> tuple[str, str]:
    sys.path.insert(0, str(ROOT / "src"))
    if SEED.is_file():
        from eventwire.ingest.text import parse_dump
        return parse_dump(SEED.read_text(encoding="utf-8"))[2], "seed article (../shared)"
    from eventwire.config import data_path
    from eventwire.ingest.text import parse_dump
    parts = [parse_dump(p.read_text(encoding="utf-8"))[2]
             for p in sorted(data_path("examples").glob("*.txt"))]
    return "\n\n".join(parts), "bundled example articles"


def _cpu(who: int = resource.RUSAGE_SELF) -> float:
    """CPU seconds of this process (user + system), or of its finished children (the
    processes that parsed a long article's chunks): on a shared machine, closer than the
    wall clock to what the run costs alone."""
    ru = resource.getrusage(who)
    return ru.ru_utime + ru.ru_stime


def child(copies: int, chars: int, single_line: bool, bare: bool) -> dict:
    """Runs in a fresh process: one article, timed; returns the figures. ``bare``: time
    bare spaCy ``nlp.pipe`` over the article's chunks instead (one chunk per batch, as
    eventwire parses them), in its own process so that each peak RSS is its own."""
    sys.path.insert(0, str(ROOT / "src"))
    import eventwire
    from eventwire.config import Settings
    from eventwire.records import Article
    body, _ = base_text()
    sep = " " if single_line else "\n\n"
    if chars:
        copies = chars // (len(body) + len(sep)) + 1
    text = sep.join([body] * copies)
    if single_line:
        text = " ".join(text.split())
    settings = Settings()
    out = {"copies": copies, "chars": len(text)}
    if bare:
        import spacy
        from eventwire.longdocs import chunk_bounds
        model = spacy.load(settings.model)
        t, c = time.perf_counter(), _cpu()
        for _ in model.pipe((text[s:e] for s, e in chunk_bounds(text, settings.chunk_chars)),
                            batch_size=1):
            pass
        out["seconds"] = round(time.perf_counter() - t, 2)
        out["cpu_s"] = round(_cpu() - c, 2)
    else:
        from eventwire.nlp import load_pipeline
        from eventwire.longdocs import chunk_bounds, parse_processes
        load_pipeline(settings)
        t, c, k = time.perf_counter(), _cpu(), _cpu(resource.RUSAGE_CHILDREN)
        [rec] = list(eventwire.process([Article(id="long", text=text, date="2015-05-21")],
                                       settings=settings))
        out["seconds"] = round(time.perf_counter() - t, 2)
        out["cpu_s"] = round(_cpu() - c, 2)
        out["parsers"] = parse_processes(settings, len(chunk_bounds(text, settings.chunk_chars)))
        out["parse_cpu_s"] = round(_cpu(resource.RUSAGE_CHILDREN) - k, 2)
        out["events"], out["actors"] = len(rec.events), len(rec.actors)
        out["errors"] = sorted({e.code for e in rec.errors})
    out["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    return out


def run_child(args: list[str]) -> dict:
    res = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--child", *args],
                         capture_output=True, text=True)
    if res.returncode != 0:
        raise SystemExit(res.stderr[-2000:])
    return json.loads(res.stdout.strip().splitlines()[-1])


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--copies", type=int, nargs="*", default=[20, 80],
                    help="sizes as copies of the base article (default 20 80)")
    ap.add_argument("--mb", type=float, default=0.0,
                    help="also one article of this many million characters (e.g. 5)")
    ap.add_argument("--single-line", action="store_true", help="no paragraph or line breaks")
    ap.add_argument("--bare", action="store_true", help="also time bare spaCy on the same chunks")
    ap.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    if a.child:
        c, n, single, bare = a.child
        print(json.dumps(child(int(c), int(n), single == "1", bare == "1")))
        return 0
    _, source = base_text()
    single = "1" if a.single_line else "0"
    sizes = [(str(c), "0") for c in a.copies] + ([("0", str(int(a.mb * 1_000_000)))] if a.mb else [])
    rows = []
    for c, n in sizes:
        r = run_child([c, n, single, "0"])
        if a.bare:
            r["bare_s"] = run_child([c, n, single, "1"])["seconds"]
        rows.append(r)
    print(f"base: {source}; {'one line' if a.single_line else 'paragraphs'}")
    print(f"{'copies':>7} {'chars':>10} {'seconds':>8} {'CPU s':>7} {'bare s':>7} {'ratio':>6}"
          f" {'RSS MB':>7} {'events':>7}  errors")
    for r in rows:
        bare = r.get("bare_s")
        ratio = f"{r['seconds'] / bare:.2f}" if bare else "-"
        print(f"{r['copies']:>7} {r['chars']:>10} {r['seconds']:>8} {r['cpu_s']:>7} "
              f"{bare or '-':>7} {ratio:>6} {r['peak_rss_mb']:>7} {r['events']:>7}  "
              f"{','.join(r['errors'])}")
    if len(a.copies) >= 2:
        lo, hi = rows[0], rows[len(a.copies) - 1]
        k = hi["chars"] / lo["chars"]
        grow = hi["seconds"] / lo["seconds"]
        # CPU of every process that worked on the article: this one and the chunk parsers
        cpu = ((hi["cpu_s"] + hi.get("parse_cpu_s", 0.0))
               / (lo["cpu_s"] + lo.get("parse_cpu_s", 0.0)))
        print(f"linearity: {hi['copies']} copies take {grow:.2f} x the time ({cpu:.2f} x the CPU "
              f"time, parsers included) of {lo['copies']} ({k:.1f} x the length): "
              f"{'ok' if grow <= k else 'NOT linear'}")
        if lo.get("bare_s") and hi.get("bare_s"):
            print(f"  bare spaCy on the same chunks, one process: {hi['bare_s'] / lo['bare_s']:.2f} x")
    if a.mb:
        r = rows[-1]
        ok = r["seconds"] < 120 and r["peak_rss_mb"] < 1536
        print(f"{r['chars'] / 1e6:.1f} M characters: {r['seconds']} s ({r['cpu_s']} s CPU), peak RSS "
              f"{r['peak_rss_mb']} MB: {'ok' if ok else 'over the bound (2 min, 1.5 GB)'}")
        if r.get("parse_cpu_s"):
            # the wall time this takes on idle cores: the parsers' CPU shared among them,
            # then this process's own (joining, the stages, the record)
            idle = r["parse_cpu_s"] / r["parsers"] + r["cpu_s"]
            print(f"  chunks parsed by {r['parsers']} processes: {r['parse_cpu_s']} s CPU; on idle "
                  f"cores about {r['parse_cpu_s'] / r['parsers']:.0f} s + {r['cpu_s']:.0f} s "
                  f"(this process) = {idle:.0f} s: {'ok' if idle < 120 else 'over 2 min'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
