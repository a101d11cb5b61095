"""One stage list, one code path: what each stage declares is what it writes."""
from __future__ import annotations

from eventwire.extensions import DOC_ATTRS
from eventwire.nlp import STAGES, load_pipeline
from eventwire.stage import Stage


def test_the_pipeline_runs_the_stage_list_in_order():
    nlp = load_pipeline()
    assert [n for n in nlp.pipe_names if n.startswith("ew_") and n != "ew_paragraphs"] == \
        [f"ew_{s}" for s in STAGES]


def test_each_stage_declares_what_it_writes_and_reads():
    nlp = load_pipeline()
    for stage in STAGES:
        proc = nlp.get_pipe(f"ew_{stage}")
        meta = nlp.get_pipe_meta(f"ew_{stage}")
        assert isinstance(proc, Stage) and proc.name == f"ew_{stage}"
        assigns = {a.removeprefix("doc._.") for a in meta.assigns}
        assert set(proc.sets) <= assigns <= set(DOC_ATTRS), stage
        assert {r.removeprefix("doc._.") for r in meta.requires} <= set(DOC_ATTRS), stage
    # the events stage adds state actors and civilian groups of its own
    assert {"doc._.ew_actors", "doc._.ew_mentions"} <= set(nlp.get_pipe_meta("ew_events").assigns)


def test_a_stage_streamed_alone_and_in_the_pipeline_gives_the_same_doc():
    """extract(), process() and nlp.pipe() are one path: the records equal the Doc's layers."""
    from eventwire import extract
    from eventwire.nlp import make_doc
    from eventwire.records import Article
    text = "Rebels attacked the town of Hit on Monday, police said."
    nlp = load_pipeline()
    doc = next(nlp.pipe([make_doc(nlp, Article(id="x", text=text, date="2016-03-01"), 10**6)]))
    rec = extract(text, date="2016-03-01", id="x")
    assert [a.as_dict() for a in rec.actors] == [a.as_dict() for a in doc._.ew_actors]
    assert [e.cameo_code for e in rec.events] == [e.cameo_code for e in doc._.ew_events]
