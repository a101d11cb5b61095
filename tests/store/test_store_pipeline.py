"""The store on records from the real pipeline (spaCy parse and every stage)."""
from __future__ import annotations

from eventwire.assemble import record_from_doc
from eventwire.store import Store
from tests.conftest import parse
from tests.store.conftest import dump as _dump

TEXT = ("Russian Foreign Minister Sergei Lavrov met his Iraqi counterpart in Moscow on "
        "Thursday.\n\n\"Terrorism is the main threat to the region,\" Lavrov told reporters. "
        "Russia pledged to send weapons to Iraq.")


def test_pipeline_records_round_trip_and_reingest_changes_nothing(example_records, dbs):
    db = dbs.new("ex.db")
    with Store(db) as store:
        assert store.write(example_records, batch_size=2)["written"] == len(example_records)
        for rec in example_records:
            assert store.record(rec.article.id).as_dict() == rec.as_dict()
        layers = store.stats()["layers"]
    for layer in ("actors", "events", "quotes", "places", "times"):
        assert layers[layer] == sum(len(getattr(r, layer)) for r in example_records), layer
    first = _dump(db)
    with Store(db) as store:
        assert store.write(example_records)["skipped"] == len(example_records)
    assert _dump(db) == first


def test_queries_over_a_parsed_article(nlp, dbs):
    rec = record_from_doc(parse(nlp, TEXT))
    assert rec.events and rec.quotes and rec.actors  # else the checks below prove nothing
    with Store(dbs.new("p.db")) as store:
        store.write_batch([rec])
        assert store.record(rec.article.id).as_dict() == rec.as_dict()
        assert [a["id"] for a in store.articles(search="terrorism")] == [rec.article.id]
        events = store.events()
        assert len(events) == len(rec.events)
        by_actor = {a.id: a for a in rec.actors}
        for row, ev in zip(sorted(events, key=lambda r: r["id"]),
                           sorted(rec.events, key=lambda e: e.id)):
            assert row["type"] == ev.plover_type
            assert row["source"] == [by_actor[a].name for a in ev.source]
        quotes = store.quotes(search="threat")
        assert [q["content"] for q in quotes] == [q.content_text for q in rec.quotes
                                                  if "threat" in q.content_text]
        for q in rec.quotes:
            if q.speaker_actor:
                name = by_actor[q.speaker_actor].name
                assert q.id in [r["id"] for r in store.quotes(speaker=name)]
                code = by_actor[q.speaker_actor].code
                if code:
                    assert q.id in [r["id"] for r in store.quotes(actor=code[:3])]
