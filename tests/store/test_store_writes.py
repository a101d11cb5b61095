"""Writes: every layer round-trips, re-ingest changes nothing, batches are atomic,
every failure leaves an error row, bulk writes are fast."""
from __future__ import annotations

import copy
import sqlite3

import pytest

from eventwire.records import Actor, Record
from eventwire.store import Store
from tests.store.records_factory import lavrov_record, protest_record, small_record


def dump(db) -> list[str]:
    con = sqlite3.connect(db)
    try:
        return list(con.iterdump())
    finally:
        con.close()


def _fts_intact(store):
    """FTS5's own check of each index against its content table (raises if corrupt)."""
    for t in ("articles_fts", "quotes_fts"):
        store.con.execute(f"INSERT INTO {t}({t}, rank) VALUES ('integrity-check', 1)")


def test_every_layer_round_trips(tmp_path):
    recs = [lavrov_record(), protest_record()]
    with Store(tmp_path / "rt.db") as store:
        assert store.write_batch(recs)["written"] == 2
        for rec in recs:
            back = store.record(rec.article.id)
            assert back.as_dict() == rec.as_dict()
            assert back.article.path == rec.article.path
            assert [t.rule for t in back.times] == [t.rule for t in rec.times]
        st = store.stats()["layers"]
    assert st == {"articles": 2, "sentences": 4, "actors": 6, "actor_mentions": 7, "places": 2,
                  "times": 2, "events": 3, "event_actors": 5, "event_sizes": 0, "quotes": 2,
                  "errors": 1}


def test_ingesting_the_same_records_twice_leaves_the_database_identical(tmp_path):
    db = tmp_path / "twice.db"
    recs = [lavrov_record(), protest_record()] + [small_record(i) for i in range(30)]
    with Store(db) as store:
        store.write(recs, batch_size=7)
        store.record_problem("in/bad.jsonl:3", "EW104", "line is not valid JSON")
    first = dump(db)
    with Store(db) as store:
        counts = store.write(copy.deepcopy(recs), batch_size=5)
        store.record_problem("in/bad.jsonl:3", "EW104", "line is not valid JSON")
    assert counts == {"written": 0, "skipped": len(recs), "replaced": 0, "failed": 0}
    assert dump(db) == first
    assert any("EW104" in line for line in first)


def test_changed_content_replaces_the_old_rows(tmp_path):
    with Store(tmp_path / "re.db") as store:
        old = lavrov_record()
        store.write_batch([old])
        new = lavrov_record()
        new.events = new.events[:1]
        new.quotes[0].content_text = new.article.text[new.quotes[0].content_span[0]:
                                                      new.quotes[0].content_span[1]]
        new.article.title = "Lavrov and Abadi confer"
        assert store.write_batch([new])["replaced"] == 1
        assert store.record(new.article.id).as_dict() == new.as_dict()
        assert store.stats()["layers"]["events"] == 1
        assert store.stats()["layers"]["event_actors"] == 2
        # the full-text index follows the replacement
        assert [a["id"] for a in store.articles(search="confer")] == [new.article.id]
        assert store.articles(search="meets") == []
        _fts_intact(store)


def test_a_bad_record_does_not_sink_its_batch_and_leaves_an_error_row(tmp_path):
    bad = protest_record(aid="broken")
    bad.actors.append(Actor("a1", "duplicate id", "Protesters", (0, 10)))  # two actors a1
    good = [lavrov_record(), small_record(1)]
    with Store(tmp_path / "bad.db") as store:
        counts = store.write_batch([good[0], bad, good[1]])
        assert counts["failed"] == 1 and counts["written"] == 2
        assert store.record("art-lavrov").as_dict() == good[0].as_dict()
        assert store.record("bulk-1").as_dict() == good[1].as_dict()
        broken = store.record("broken")  # the article is kept, without half its layers
        assert broken.actors == [] and broken.events == []
        codes = [e.code for e in broken.errors]
        assert "EW303" in codes and "EW106" in codes
        assert store.stats()["errors by code"]["EW303"] == 1


def test_dangling_references_are_not_stored_but_noted(tmp_path):
    rec = lavrov_record()
    rec.events[0].target.append("a99")
    rec.events[0].location.place = "p42"
    rec.quotes[0].speaker_actor = "a77"
    with Store(tmp_path / "dangle.db") as store:
        assert store.write_batch([rec])["written"] == 1
        back = store.record(rec.article.id)
        assert back.events[0].target == ["a2"] and back.events[0].location.place is None
        assert back.quotes[0].speaker_actor is None
        msgs = [e.message for e in back.errors if e.code == "EW303"]
        assert len(msgs) == 3 and any("a99" in m for m in msgs)


def test_a_crash_inside_a_batch_leaves_nothing_of_it(tmp_path, monkeypatch):
    db = tmp_path / "crash.db"
    with Store(db) as store:
        store.write_batch([protest_record()])
        before = dump(db)
        from eventwire.store import sqlite as sq
        real = sq._rows_of

        def crash_on_second(rec, dig, rows):
            if rec.article.id == "bulk-2":
                raise KeyboardInterrupt("power cut")
            real(rec, dig, rows)

        monkeypatch.setattr(sq, "_rows_of", crash_on_second)
        with pytest.raises(KeyboardInterrupt):
            store.write_batch([small_record(1), small_record(2), small_record(3)])
        monkeypatch.undo()

        original_insert = sq.Store._insert

        def crash_after_inserting(self, todo, replace):
            original_insert(self, todo, replace)
            raise KeyboardInterrupt("power cut after the inserts")

        monkeypatch.setattr(sq.Store, "_insert", crash_after_inserting)
        with pytest.raises(KeyboardInterrupt):
            store.write_batch([small_record(4), small_record(5)])
    assert dump(db) == before


def test_input_problems_leave_rows(tmp_path):
    with Store(tmp_path / "prob.db") as store:
        store.record_problem("data/x.jsonl:12", "EW105", "record lacks text")
        store.record_problem("data/empty.txt", "EW102", "file is empty")
        store.record_error("C:/odd:name.txt", None, "EW103", "binary")
        rows = store.errors()
        assert {(r["path"], r["line"], r["code"]) for r in rows} == {
            ("data/x.jsonl", 12, "EW105"), ("data/empty.txt", None, "EW102"),
            ("C:/odd:name.txt", None, "EW103")}
        assert all(r["article"] is None for r in rows)
        assert store.stats()["inputs unreadable"] == 3


def test_two_thousand_records_in_batches_then_all_skipped(tmp_path):
    """Bulk writes in batches; rewriting the same records skips every one (speed is
    measured by bench/, not here)."""
    recs = [small_record(i) for i in range(2000)]
    with Store(tmp_path / "bulk.db") as store:
        counts = store.write(recs, batch_size=100)
        again = store.write(recs, batch_size=100)
        assert counts["written"] == 2000 and again["skipped"] == 2000
        assert store.stats()["layers"]["events"] == 2000


def test_same_id_twice_in_one_batch_keeps_the_last(tmp_path):
    a, b = small_record(1), small_record(2)
    b.article.id = a.article.id
    with Store(":memory:") as store:
        store.write_batch([a, b])
        assert store.record(a.article.id).as_dict() == b.as_dict()
        assert store.stats()["layers"]["articles"] == 1


def test_deleting_an_article_cascades_to_every_layer_and_the_indexes(tmp_path):
    with Store(tmp_path / "del.db") as store:
        store.write_batch([lavrov_record(), protest_record()])
        assert store.delete_article("art-lavrov")
        layers = store.stats()["layers"]
        assert layers["articles"] == 1 and layers["actors"] == 2 and layers["quotes"] == 1
        assert store.quotes(search="enemy") == [] and store.articles(search="Abadi") == []
        assert store.con.execute("PRAGMA foreign_key_check").fetchall() == []
        _fts_intact(store)
        assert isinstance(store.record("art-protest"), Record)
