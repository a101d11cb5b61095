#!/usr/bin/env python3
"""Is the events' confidence calibrated? Precision of the predicted events by confidence band.

    eventwire eval events GOLD --pred PRED.jsonl     # writes the predictions
    python bench/event_confidence.py GOLD PRED.jsonl [--min 0.7]

GOLD is a gold file of the evaluation kit (JSON Lines, ``events`` per document:
``plover``, ``alt``, ``source``, ``target``, ``symmetric``); PRED the records
eventwire wrote for it. An event is right when one of its (type, source,
target) triples, actor codes cut to three letters, is one that a gold event of
its document accepts (its type or an ``alt`` type; either direction when
symmetric); an event that lacks a source or a target cannot be right. Prints,
for each confidence band of 0.1, the events and the share right, then the
share right of all events at or above ``--min``. Skips (exit 0) when GOLD is
absent.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path


def _codes(values) -> set[str]:
    return {str(v)[:3].upper() for v in values or () if v}


def accepted(doc: dict) -> set[tuple]:
    out = set()
    for e in doc.get("events") or []:
        types = {str(t).upper() for t in [e.get("plover"), *(e.get("alt") or [])] if t}
        for s in _codes(e.get("source")):
            for t in _codes(e.get("target")):
                for p in types:
                    out.add((p, s, t))
                    if e.get("symmetric"):
                        out.add((p, t, s))
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("gold")
    ap.add_argument("pred")
    ap.add_argument("--min", type=float, default=0.7, help="confidence floor reported (0.7)")
    a = ap.parse_args(argv)
    if not Path(a.gold).is_file():
        print(f"skipped: {a.gold} not found")
        return 0
    with open(a.gold, encoding="utf-8") as f:
        gold = {d["id"]: accepted(d) for d in map(json.loads, filter(str.strip, f))}
    right: Counter = Counter()
    total: Counter = Counter()
    above = [0, 0]
    with open(a.pred, encoding="utf-8") as f:
        for rec in map(json.loads, filter(str.strip, f)):
            acc = gold.get(rec["article"]["id"], set())
            code = {x["id"]: x.get("code") or x.get("country") for x in rec.get("actors") or []}
            for e in rec.get("events") or []:
                ptype = e["plover"]["type"]
                ok = any((ptype, s, t) in acc for s in _codes(code.get(i) for i in e["source"])
                         for t in _codes(code.get(i) for i in e["target"]))
                band = min(9, int(e["confidence"] * 10 + 1e-9))
                total[band] += 1
                right[band] += ok
                if e["confidence"] >= a.min - 1e-9:
                    above[0] += ok
                    above[1] += 1
    for band in sorted(total):
        print(f"confidence {band / 10:.1f}-{(band + 1) / 10:.1f}  events {total[band]:4d}  "
              f"right {right[band]:4d}  share {right[band] / total[band]:.2f}")
    share = above[0] / above[1] if above[1] else 0.0
    print(f"confidence >= {a.min:.2f}: {above[1]} events, {above[0]} right, share {share:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
