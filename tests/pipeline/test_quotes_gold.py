"""Quality gate on the seed article: every gold quote found, speakers resolved."""
from __future__ import annotations

import json

from eventwire.nlp import make_doc
from eventwire.records import Article


def _overlap(a, b):
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def test_seed_quotes(nlp, shared):
    gold = json.loads((shared / "eval" / "data" / "seed" / "gold.json").read_text())
    art = gold["article"]
    doc = next(nlp.pipe([make_doc(nlp, Article(id=art["id"], text=art["text"], date=art.get("date")), 10**6)]))
    names = {a.id: a.name for a in doc._.ew_actors}
    quotes = doc._.ew_quotes
    used = set()
    for g in gold["quotes"]:
        cands = [q for q in quotes if q.id not in used and _overlap(q.content_span, g["content_span"]) > 0]
        assert cands, g["content"]
        q = max(cands, key=lambda q: _overlap(q.content_span, g["content_span"]))
        used.add(q.id)
        assert _overlap(q.speaker_span, g["speaker_span"]) > 0, g["content"]
        assert names.get(q.speaker_actor) == g["speaker_actor"], g["content"]
