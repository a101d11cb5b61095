"""Long documents: chunked parsing, one record, and stages whose work grows linearly.

Speed itself is measured by ``bench/longdoc.py``; these tests count the work a
stage does (comparisons made), which does not depend on the machine.
"""
from __future__ import annotations

import pytest

from eventwire.config import Settings
from eventwire.longdocs import chunk_bounds
from eventwire.records import Article
from tests.conftest import EXAMPLES

PARA = ("Rebels attacked Kidal on Monday, and troops shelled Gao in Mali on Tuesday. "
        "The president of Mali said the army would retake the town.")


def _tile_ok(text: str, bounds: list[tuple[int, int]], size: int) -> None:
    assert bounds[0][0] == 0 and bounds[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(bounds, bounds[1:]))
    assert all(e - s <= size for s, e in bounds)


def test_chunks_end_at_paragraph_breaks():
    paras = [f"Paragraph {i} says something about talks in Geneva." for i in range(200)]
    text = "\n\n".join(paras)
    bounds = chunk_bounds(text, 1000)
    _tile_ok(text, bounds, 1000)
    assert len(bounds) > 5
    assert all(text[e - 2:e] == "\n\n" for s, e in bounds[:-1])


def test_a_single_line_is_cut_at_sentence_ends_then_spaces():
    text = " ".join([PARA] * 100)
    bounds = chunk_bounds(text, 1000)
    _tile_ok(text, bounds, 1000)
    assert all(text[e - 2:e] == ". " for s, e in bounds[:-1])
    nospace = "x" * 2500
    _tile_ok(nospace, chunk_bounds(nospace, 1000), 1000)


def _examples_text() -> str:
    from eventwire.ingest.text import parse_dump
    return "\n\n".join(parse_dump(p.read_text())[2] for p in sorted(EXAMPLES.glob("*.txt")))


def _summary(rec):
    names = {a.id: (a.name, a.code) for a in rec.actors}
    return ([(e.trigger_text, e.cameo_code, [names[x] for x in e.source],
              [names[x] for x in e.target]) for e in rec.events],
            sorted(names.values()), [(p.text, p.geonameid) for p in rec.places],
            [(q.content_text, q.speaker_actor and names[q.speaker_actor]) for q in rec.quotes])


def test_a_long_text_is_parsed_in_chunks_and_processed_as_one_document():
    from eventwire.api import process
    text = _examples_text()
    art = Article(id="long", text=text, date="2019-03-12")
    [whole] = list(process([art], settings=Settings()))
    [chunked] = list(process([art], settings=Settings(chunk_chars=700)))
    assert [e.code for e in whole.errors] == []
    assert [e.code for e in chunked.errors] == ["EW108"]
    assert "chunks" in chunked.errors[0].message
    assert chunked.as_dict()["article"]["text"] == text
    # actors, coreference, quotes and places carry across the chunk boundaries
    assert _summary(chunked) == _summary(whole)


def test_a_text_over_the_maximum_is_cut_with_a_coded_error():
    from eventwire.api import process
    art = Article(id="cut", text=PARA * 3, date="2019-03-12")
    [rec] = list(process([art], settings=Settings(max_chars=len(PARA))))
    assert "EW113" in [e.code for e in rec.errors]
    assert all(e.trigger_span[1] <= len(PARA) for e in rec.events)


@pytest.fixture(scope="module")
def docs(nlp):
    from tests.conftest import parse
    return {n: parse(nlp, "\n\n".join([PARA] * n), date="2019-03-12") for n in (4, 16)}


def _count(monkeypatch, module, name, weight=lambda *a, **k: 1):
    calls = [0]
    real = getattr(module, name)

    def counted(*a, **k):
        calls[0] += weight(*a, **k)
        return real(*a, **k)
    monkeypatch.setattr(module, name, counted)
    return calls


def test_link_compares_an_event_only_with_mentions_of_its_sentence(docs, monkeypatch):
    from eventwire.pipeline import link
    work = {}
    for n, doc in docs.items():
        assert len(doc._.ew_events) >= 2 * n and len(doc._.ew_places) >= 2 * n
        calls = _count(monkeypatch, link, "_level")
        link.link_stage(doc)
        monkeypatch.undo()
        work[n] = calls[0]
    assert 0 < work[16] <= 4.5 * work[4], work   # 4 x the text: at most ~4 x the work


def test_places_compare_each_distinct_name_once(docs, monkeypatch, nlp):
    from eventwire.gazetteer import Gazetteer
    stage = nlp.get_pipe("ew_places")
    work = {}
    for n, doc in docs.items():
        calls = _count(monkeypatch, Gazetteer, "resolve",
                       lambda self, name, *a, near=(), **k: 1 + len(near))
        stage(doc)
        monkeypatch.undo()
        work[n] = calls[0]
    assert 0 < work[16] <= 4.5 * work[4], work


def test_a_long_texts_chunks_parsed_in_parallel_give_the_single_process_record():
    """Chunks parsed side by side in several processes (issue 15): the same record,
    offsets into the whole document, as one process parsing them in turn."""
    from eventwire.api import process
    from eventwire.longdocs import parse_processes
    text = _examples_text()
    art = Article(id="long", text=text, date="2019-03-12")
    par, one = Settings(chunk_chars=700, chunk_processes=2), Settings(chunk_chars=700, chunk_processes=1)
    assert parse_processes(par, 3) == 2 and parse_processes(one, 3) == 1
    [parallel] = list(process([art], settings=par))
    [single] = list(process([art], settings=one))
    assert parallel.as_dict() == single.as_dict()
    assert parallel.events and parallel.quotes
    for e in parallel.events:
        s, t = e.trigger_span
        assert text[s:t] == e.trigger_text


def test_a_chunk_parser_killed_mid_run_leaves_the_article_parsed_here():
    """A parser process that dies (OOM killer, a signal) must not hang the run: the
    article is parsed in this process instead, with the same annotation."""
    import os
    import signal
    import threading
    import time

    from eventwire.longdocs import parse_parallel
    from eventwire.nlp import load_pipeline

    settings = Settings(chunk_chars=2000, chunk_processes=2)
    nlp = load_pipeline(settings)
    text = " ".join([PARA] * 1200)
    docs = [nlp.make_doc(text[a:b]) for a, b in chunk_bounds(text, 2000)]
    killed: list[int] = []

    def children() -> list[int]:
        me, out = os.getpid(), []
        for pid in os.listdir("/proc"):
            try:
                with open(f"/proc/{pid}/stat") as f:
                    if int(f.read().rsplit(")", 1)[1].split()[1]) == me:
                        out.append(int(pid))
            except (OSError, ValueError, IndexError):
                continue
        return out

    def kill_one() -> None:
        for _ in range(200):
            kids = children()
            if kids:
                os.kill(kids[0], signal.SIGKILL)
                killed.append(kids[0])
                return
            time.sleep(0.01)

    threading.Thread(target=kill_one, daemon=True).start()
    parsed = parse_parallel(nlp, docs, settings, 2)
    assert killed, "no parser process was started"
    assert [d.text for d in parsed] == [d.text for d in docs]
    assert all(d.has_annotation("DEP") and d.has_annotation("ENT_IOB") for d in parsed)
