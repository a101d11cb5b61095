"""The output record of the contract, assembled in one place, from one ``Doc``."""
from __future__ import annotations

from spacy.tokens import Doc

from .doctools import content_sentences
from .records import Record, Sentence


def record_from_doc(doc: Doc) -> Record:
    """The :class:`Record` of one processed Doc (``doc._.ew_article`` must be set)."""
    sents = [Sentence(i=i, span=(s.start_char, s.end_char))
             for i, s in enumerate(content_sentences(doc))]
    return Record(article=doc._.ew_article, sentences=sents,
                  actors=list(doc._.ew_actors or []), events=list(doc._.ew_events or []),
                  quotes=list(doc._.ew_quotes or []), places=list(doc._.ew_places or []),
                  times=list(doc._.ew_times or []), errors=list(doc._.ew_errors or []))


def check_record(rec: dict) -> list[str]:
    """Contract violations of one record's JSON (empty when it is sound): every span
    slices ``article.text`` to the item's text, and every id an item refers to exists."""
    text = rec["article"]["text"]
    problems: list[str] = []

    def span_ok(where: str, span, expected: str | None = None) -> None:
        if span is None:
            return
        s, e = span
        if not (0 <= s <= e <= len(text)):
            problems.append(f"{where}: span {span} outside the text")
        elif expected is not None and text[s:e] != expected:
            problems.append(f"{where}: text[{s}:{e}]={text[s:e]!r} != {expected!r}")

    for s in rec["sentences"]:
        span_ok(f"sentence {s['i']}", s["span"])
    ids = {layer: {x["id"] for x in rec[layer]} for layer in ("actors", "places", "times")}
    for a in rec["actors"]:
        span_ok(f"actor {a['id']}", a["span"], a["text"])
        for m in a["mentions"]:
            span_ok(f"actor {a['id']} mention", m)
    for p in rec["places"]:
        span_ok(f"place {p['id']}", p["span"], p["text"])
    for t in rec["times"]:
        span_ok(f"time {t['id']}", t["span"], t["text"])
    n_sent = len(rec["sentences"])
    for ev in rec["events"]:
        w = f"event {ev['id']}"
        span_ok(w + " trigger", ev["trigger"]["span"], ev["trigger"]["text"])
        if not 0 <= ev["sentence"] < n_sent:
            problems.append(f"{w}: sentence {ev['sentence']} does not exist")
        for role in ("source", "target"):
            problems += [f"{w}: {role} {a} is no actor" for a in ev[role] if a not in ids["actors"]]
        if ev.get("reported_by") and ev["reported_by"] not in ids["actors"]:
            problems.append(f"{w}: reported_by {ev['reported_by']} is no actor")
        if ev["date"].get("time") and ev["date"]["time"] not in ids["times"]:
            problems.append(f"{w}: time {ev['date']['time']} does not exist")
        if ev["location"].get("place") and ev["location"]["place"] not in ids["places"]:
            problems.append(f"{w}: place {ev['location']['place']} does not exist")
        for z in ev.get("size") or []:
            span_ok(f"{w} size {z['field']}", z["span"], z["text"])
    for q in rec["quotes"]:
        w = f"quote {q['id']}"
        span_ok(w + " content", q["content"]["span"], q["content"]["text"])
        if q.get("cue"):
            span_ok(w + " cue", q["cue"]["span"], q["cue"]["text"])
        if q.get("speaker"):
            span_ok(w + " speaker", q["speaker"]["span"], q["speaker"]["text"])
            if q["speaker"].get("actor") and q["speaker"]["actor"] not in ids["actors"]:
                problems.append(f"{w}: speaker actor {q['speaker']['actor']} is no actor")
    return problems
