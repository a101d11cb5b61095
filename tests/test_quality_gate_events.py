"""Quality gate: event extraction on the project's own gold sentences.

``tests/gold/events.jsonl`` holds sentences written for eventwire with the
events they report (format of the evaluation kit: PLOVER type, CAMEO root,
source/target actor codes, ``symmetric``, ``alt``); from ew-gold-051 on, one
group per construction: several parties, nominal and light-verb events,
verbal conflict, domestic events, and events whose text names no target
(where none may be made up). The test extracts events
from every sentence and fails when PLOVER-type or triple (type, source,
target) F1 drops below the pinned floors. The scoring is done by a few
helpers below rather than by the evaluation kit, so the gate also runs where
``shared/`` is absent; they follow the same conventions (per-document sets,
counts summed over all documents, a symmetric event may be matched in either
direction, only the three-letter country prefix of an actor code counts).
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from eventwire.assemble import record_from_doc
from eventwire.nlp import load_pipeline, make_doc
from eventwire.records import Article

GOLD = Path(__file__).parent / "gold" / "events.jsonl"

# pinned floors: raise them when extraction improves, never lower them silently
MIN_TYPE_F1 = 0.93
MIN_TRIPLE_F1 = 0.93

# the sixteen PLOVER event types, alphabetically
PLOVER_TYPES = frozenset({
    "ACCUSE", "AGREE", "AID", "ASSAULT", "COERCE", "CONCEDE", "CONSULT", "COOPERATE",
    "MOBILIZE", "PROTEST", "REJECT", "REQUEST", "RETREAT", "SANCTION", "SUPPORT", "THREATEN",
})


def _prefixes(values):
    """Upper-cased three-letter prefixes of the non-empty actor codes given."""
    out = set()
    for value in values or ():
        if value:
            out.add(str(value)[:3].upper())
    return out


def gold_keys(doc):
    """One set of acceptable keys per gold event (types) and per gold actor pair (triples)."""
    types, triples = [], []
    for ev in doc["events"]:
        labels = {ev["plover"]} | set(ev.get("alt") or ())
        types.append(labels)
        both_ways = bool(ev.get("symmetric"))
        for src in _prefixes(ev.get("source")):
            for tgt in _prefixes(ev.get("target")):
                orders = [(src, tgt)] + ([(tgt, src)] if both_ways else [])
                triples.append({(lab, x, y) for lab in labels for x, y in orders})
    return types, triples


def pred_keys(rec):
    code = {a["id"]: (a.get("code") or a.get("country") or "") for a in rec["actors"]}
    types, triples = set(), set()
    for e in rec["events"]:
        types.add(e["plover"]["type"])
        for s in e["source"]:
            for t in e["target"]:
                if code.get(s) and code.get(t):
                    triples.add((e["plover"]["type"], code[s][:3].upper(), code[t][:3].upper()))
    return types, triples


def match(gold, pred):
    """(tp, fp, fn): gold items are sets of accepted keys; greedy one-to-one."""
    used, tp = set(), 0
    for g in gold:
        hit = next((p for p in sorted(pred, key=str) if p in g and p not in used), None)
        if hit is not None:
            used.add(hit)
            tp += 1
    fp = sum(1 for p in pred if p not in used and not any(p in g for g in gold))
    return tp, fp, len(gold) - tp


def f1(tp, fp, fn):
    # harmonic mean of precision and recall, written as 2tp / (2tp + fp + fn)
    denom = 2 * tp + fp + fn
    return 2 * tp / denom if tp and denom else 0.0


@pytest.fixture(scope="module")
def results():
    docs = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line]
    nlp = load_pipeline()
    arts = [make_doc(nlp, Article(id=d["id"], text=d["text"], date=d["date"]), 10**6) for d in docs]
    recs = [record_from_doc(doc).as_dict() for doc in nlp.pipe(arts)]
    counts = {"type": [0, 0, 0], "triple": [0, 0, 0]}
    for d, rec in zip(docs, recs):
        gt, gtr = gold_keys(d)
        pt, ptr = pred_keys(rec)
        for level, g, p in (("type", gt, pt), ("triple", gtr, ptr)):
            for k, v in enumerate(match(g, p)):
                counts[level][k] += v
    return {k: f1(*v) for k, v in counts.items()}, counts


def test_gold_file_is_well_formed():
    rows = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line]
    assert len(rows) >= 80
    assert len({r["id"] for r in rows}) == len(rows)
    for r in rows:
        for e in r["events"]:
            assert e["plover"] in PLOVER_TYPES


def test_plover_type_f1_floor(results):
    scores, counts = results
    assert scores["type"] >= MIN_TYPE_F1, f"type F1 {scores['type']:.3f} (tp/fp/fn {counts['type']})"


def test_triple_f1_floor(results):
    scores, counts = results
    assert scores["triple"] >= MIN_TRIPLE_F1, \
        f"triple F1 {scores['triple']:.3f} (tp/fp/fn {counts['triple']})"
