"""The Python API and the output record: contract shape, spans, ids, workers."""
from __future__ import annotations

import json

import pytest

import eventwire
from eventwire.assemble import check_record
from eventwire.errors import InputError

CONTRACT_KEYS = ["article", "sentences", "actors", "events", "quotes", "places", "times", "errors"]


def test_example_records_satisfy_the_contract(example_records):
    assert len(example_records) >= 3
    for rec in example_records:
        d = json.loads(json.dumps(rec.as_dict()))  # JSON round trip
        assert list(d) == CONTRACT_KEYS
        assert set(d["article"]) >= {"id", "title", "date", "url", "source", "text"}
        assert check_record(d) == [], d["article"]["title"]
        assert d["sentences"] and d["errors"] == []


def test_paragraph_breaks_are_sentence_breaks():
    rec = eventwire.extract("Heading without a full stop\n\nThe talks began on Monday.")
    texts = [rec.article.text[s.span[0]:s.span[1]] for s in rec.sentences]
    assert texts == ["Heading without a full stop", "The talks began on Monday."]


def test_seed_txt_and_jsonl_records_satisfy_the_contract(shared):
    seed = shared / "eval" / "data" / "seed"
    recs = list(eventwire.process(eventwire.ingest.read_inputs(
        [str(seed / "article.txt"), str(seed / "article.jsonl")])))
    assert len(recs) == 2
    for rec in recs:
        assert check_record(rec.as_dict()) == []
    assert recs[0].article.text == recs[1].article.text


def test_extract_validates_its_input():
    with pytest.raises(InputError) as e:
        eventwire.extract("   ")
    assert e.value.code == "EW105"
    with pytest.raises(InputError) as e:
        eventwire.extract("Talks began.", date="not a date")
    assert e.value.code == "EW106"


def test_extract_many_keeps_order_and_reports_bad_items():
    items = [{"id": "a", "text": "Police arrested two men in Lagos."}, {"id": "b"},
             "Protesters marched in Caracas on Monday."]
    recs = list(eventwire.extract_many(items))
    assert [r.article.id for r in recs][0] == "a"
    assert recs[1].errors[0].code == "EW105" and recs[1].article.text == ""
    assert recs[2].article.text.startswith("Protesters")


def test_workers_give_the_same_records_as_one_process(example_records):
    from eventwire.ingest import read_inputs
    from tests.conftest import EXAMPLES
    two = list(eventwire.process(read_inputs([str(EXAMPLES)]), workers=2))
    assert [r.as_dict() for r in two] == [r.as_dict() for r in example_records]


def test_a_failing_stage_is_recorded_and_the_run_goes_on(monkeypatch):
    from eventwire.nlp import load_pipeline

    def boom(doc):
        raise RuntimeError("broken on purpose")
    # the pipeline that ``process`` will use now (the session fixture's may have left the
    # cache of built pipelines when other tests built pipelines with other settings)
    monkeypatch.setattr(load_pipeline().get_pipe("ew_quotes"), "extract", boom)
    recs = list(eventwire.process(["Lavrov said Russia would help.", "Second article."]))
    assert len(recs) == 2
    assert all(r.errors and r.errors[0].code == "EW202" for r in recs)
    assert "ew_quotes" in recs[0].errors[0].message and recs[0].quotes == []
    # the other stages' layers are kept
    assert recs[0].actors and recs[0].events


def test_a_failing_batch_is_redone_one_article_at_a_time(nlp, monkeypatch):
    import spacy.language
    real_pipe = spacy.language._pipe

    def picky_pipe(docs, proc, name, *args, **kwargs):
        """The parser fails on any batch holding the word Xyzzy."""
        if name == "parser":
            docs = list(docs)
            if any("Xyzzy" in d.text for d in docs):
                raise RuntimeError("the model failed on this batch")
        yield from real_pipe(docs, proc, name, *args, **kwargs)
    monkeypatch.setattr(spacy.language, "_pipe", picky_pipe)
    recs = list(eventwire.process(["Rebels attacked the town of Hit.", "Xyzzy.", "Talks began."]))
    assert [r.article.text[:6] for r in recs] == ["Rebels", "Xyzzy.", "Talks "]
    assert [bool(r.errors) for r in recs] == [False, True, False]
    assert recs[1].errors[0].code == "EW202"
    assert recs[0].sentences and recs[2].sentences and recs[0].events


def test_record_reaches_actor_names_and_codes_from_event_ids(example_records):
    rec = next(r for r in example_records if "Maiduguri" in r.article.text)
    ev = next(e for e in rec.events if e.trigger_text == "attacked")
    src = rec.actor(ev.source[0])
    assert (src.name, src.code) == ("Boko Haram", "NGAREBBOK")
    assert rec.actor(ev.target[0]).code == "NGAMIL"
    assert rec.place(ev.location.place) is None or rec.place(ev.location.place).name == "Maiduguri"
    assert rec.actor("a999") is None and rec.actor(None) is None


def test_workers_started_by_spawn_give_the_same_records():
    from eventwire.config import Settings
    texts = ["Rebels attacked Kidal in Mali on Monday, the army said.",
             "Police arrested two men in Lagos."]
    one = [r.as_dict() for r in eventwire.process(texts)]
    spawned = [r.as_dict() for r in eventwire.process(
        texts, workers=2, settings=Settings(start_method="spawn", batch_size=1))]
    assert spawned == one and one[0]["events"]
