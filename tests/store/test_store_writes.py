"""Writes: every layer round-trips, re-ingest changes nothing, batches are atomic,
every failure leaves an error row, bulk writes are fast."""
from __future__ import annotations

import copy

import pytest

from eventwire.records import Actor, Record
from eventwire.store import Store
from tests.store.conftest import dump
from tests.store.records_factory import lavrov_record, protest_record, small_record


def _fts_intact(store):
    """The full-text indexes agree with their tables: FTS5's own integrity check on
    SQLite; on PostgreSQL, every stored tsvector equals the one its text gives."""
    if store.path.startswith("postgresql"):
        for table, cols in (("articles", "coalesce(title, '') || ' ' || coalesce(text, '')"),
                            ("quotes", "coalesce(content_text, '')")):
            bad = store.sql(f"SELECT count(*) AS n FROM {table} WHERE {table}_fts IS DISTINCT "
                            f"FROM to_tsvector('english', {cols})")
            assert bad == [{"n": 0}], table
        return
    for t in ("articles_fts", "quotes_fts"):
        store.con.execute(f"INSERT INTO {t}({t}, rank) VALUES ('integrity-check', 1)")


def _orphans(store) -> int:
    """Layer rows whose article is gone (portable SQL: both backends)."""
    return sum(store.sql(f"SELECT count(*) AS n FROM {t} WHERE article_id IS NOT NULL AND "
                         f"article_id NOT IN (SELECT id FROM articles)")[0]["n"]
               for t in ("sentences", "actors", "actor_mentions", "events", "event_actors",
                         "quotes", "places", "times", "errors"))


def test_every_layer_round_trips(dbs):
    recs = [lavrov_record(), protest_record()]
    with Store(dbs.new()) as store:
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


def test_ingesting_the_same_records_twice_leaves_the_database_identical(dbs):
    db = dbs.new()
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
    assert "EW104" in str(first)


def test_changed_content_replaces_the_old_rows(dbs):
    with Store(dbs.new()) as store:
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


def test_a_bad_record_does_not_sink_its_batch_and_leaves_an_error_row(dbs):
    bad = protest_record(aid="broken")
    bad.actors.append(Actor("a1", "duplicate id", "Protesters", (0, 10)))  # two actors a1
    good = [lavrov_record(), small_record(1)]
    with Store(dbs.new()) as store:
        counts = store.write_batch([good[0], bad, good[1]])
        assert counts["failed"] == 1 and counts["written"] == 2
        assert store.record("art-lavrov").as_dict() == good[0].as_dict()
        assert store.record("bulk-1").as_dict() == good[1].as_dict()
        broken = store.record("broken")  # the article is kept, without half its layers
        assert broken.actors == [] and broken.events == []
        codes = [e.code for e in broken.errors]
        assert "EW303" in codes and "EW106" in codes
        assert store.stats()["errors by code"]["EW303"] == 1


def test_dangling_references_are_not_stored_but_noted(dbs):
    rec = lavrov_record()
    rec.events[0].target.append("a99")
    rec.events[0].location.place = "p42"
    rec.quotes[0].speaker_actor = "a77"
    with Store(dbs.new()) as store:
        assert store.write_batch([rec])["written"] == 1
        back = store.record(rec.article.id)
        assert back.events[0].target == ["a2"] and back.events[0].location.place is None
        assert back.quotes[0].speaker_actor is None
        msgs = [e.message for e in back.errors if e.code == "EW303"]
        assert len(msgs) == 3 and any("a99" in m for m in msgs)


def test_a_crash_inside_a_batch_leaves_nothing_of_it(dbs, backend, monkeypatch):
    db = dbs.new()
    with Store(db) as store:
        store.write_batch([protest_record()])
        before = dump(db)
        if backend == "postgresql":
            from eventwire.store import postgres as sq
            insert_name = "_claim_and_insert"
        else:
            from eventwire.store import sqlite as sq
            insert_name = "_insert"
        real = sq._rows_of

        def crash_on_second(rec, dig, rows):
            if rec.article.id == "bulk-2":
                raise KeyboardInterrupt("power cut")
            real(rec, dig, rows)

        monkeypatch.setattr(sq, "_rows_of", crash_on_second)
        with pytest.raises(KeyboardInterrupt):
            store.write_batch([small_record(1), small_record(2), small_record(3)])
        monkeypatch.undo()

        cls = type(store)
        original_insert = getattr(cls, insert_name)

        def crash_after_inserting(self, *args):
            original_insert(self, *args)
            raise KeyboardInterrupt("power cut after the inserts")

        monkeypatch.setattr(cls, insert_name, crash_after_inserting)
        with pytest.raises(KeyboardInterrupt):
            store.write_batch([small_record(4), small_record(5)])
    assert dump(db) == before


def test_input_problems_leave_rows(dbs):
    with Store(dbs.new()) as store:
        store.record_problem("data/x.jsonl:12", "EW105", "record lacks text")
        store.record_problem("data/empty.txt", "EW102", "file is empty")
        store.record_error("C:/odd:name.txt", None, "EW103", "binary")
        rows = store.errors()
        assert {(r["path"], r["line"], r["code"]) for r in rows} == {
            ("data/x.jsonl", 12, "EW105"), ("data/empty.txt", None, "EW102"),
            ("C:/odd:name.txt", None, "EW103")}
        assert all(r["article"] is None for r in rows)
        assert store.stats()["inputs unreadable"] == 3


def test_two_thousand_records_in_batches_then_all_skipped(dbs):
    """Bulk writes in batches; rewriting the same records skips every one (speed is
    measured by bench/, not here)."""
    recs = [small_record(i) for i in range(2000)]
    with Store(dbs.new()) as store:
        counts = store.write(recs, batch_size=100)
        again = store.write(recs, batch_size=100)
        assert counts["written"] == 2000 and again["skipped"] == 2000
        assert store.stats()["layers"]["events"] == 2000


def test_same_id_twice_in_one_batch_keeps_the_last(dbs):
    a, b = small_record(1), small_record(2)
    b.article.id = a.article.id
    with Store(dbs.new()) as store:
        store.write_batch([a, b])
        assert store.record(a.article.id).as_dict() == b.as_dict()
        assert store.stats()["layers"]["articles"] == 1


def test_deleting_an_article_cascades_to_every_layer_and_the_indexes(dbs):
    with Store(dbs.new()) as store:
        store.write_batch([lavrov_record(), protest_record()])
        assert store.delete_article("art-lavrov")
        layers = store.stats()["layers"]
        assert layers["articles"] == 1 and layers["actors"] == 2 and layers["quotes"] == 1
        assert store.quotes(search="enemy") == [] and store.articles(search="Abadi") == []
        assert _orphans(store) == 0
        _fts_intact(store)
        assert isinstance(store.record("art-protest"), Record)


def test_executemany_of_an_insert_keeps_row_by_row_semantics(dbs):
    # on PostgreSQL an executemany of a plain INSERT goes as multi-row statements: the
    # rows must land as one by one would put them, across statement boundaries too
    # (INSERT OR IGNORE: the first of two rows with one key stays), a key met twice by
    # a plain INSERT still fails the whole call, and UPDATEs end as one by one would
    rows = [(f"/in/{k % 1500:05d}.jsonl", k, k * 10, f"sha{k}", k % 7, 0, "2024-01-01")
            for k in range(2600)]                     # more than one statement's worth
    with Store(dbs.new()) as store:
        def go():
            store.con.executemany(
                "INSERT OR IGNORE INTO watched_files (path, size, mtime_ns, sha1, articles, "
                "problems, done_at) VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
        store._transaction(go)
        got = store.sql("SELECT path, size, sha1 FROM watched_files ORDER BY path")
        assert len(got) == 1500
        assert got[0] == {"path": "/in/00000.jsonl", "size": 0, "sha1": "sha0"}
        assert got[-1] == {"path": "/in/01499.jsonl", "size": 1499, "sha1": "sha1499"}

        def twice():
            store.con.executemany(
                "INSERT INTO watched_files (path, size, mtime_ns, sha1, articles, problems, "
                "done_at) VALUES (?, ?, ?, ?, ?, ?, ?)", [("/new", 1, 1, "x", 0, 0, "d")] * 2)
        with pytest.raises(Exception):
            store._transaction(twice)
        assert store.sql("SELECT count(*) AS n FROM watched_files WHERE path = '/new'") == \
            [{"n": 0}]

        # an UPDATE by key (one set-based statement on PostgreSQL): the last row of a
        # key wins; an UPDATE by another column runs row by row, in order
        def update():
            store.con.executemany("UPDATE watched_files SET size = ?, sha1 = ? WHERE path = ?",
                                  [(-k, f"new{k}", f"/in/{k % 3:05d}.jsonl")
                                   for k in range(2400)])
            store.con.executemany("UPDATE watched_files SET articles = ? WHERE sha1 = ?",
                                  [(100, "new2399"), (200, "new2399"), (300, "sha7")])
        store._transaction(update)
        got = store.sql("SELECT path, size, sha1, articles FROM watched_files "
                        "WHERE path < '/in/00003.jsonl' OR path = '/in/00007.jsonl' ORDER BY path")
        assert got == [{"path": "/in/00000.jsonl", "size": -2397, "sha1": "new2397", "articles": 0},
                       {"path": "/in/00001.jsonl", "size": -2398, "sha1": "new2398", "articles": 1},
                       {"path": "/in/00002.jsonl", "size": -2399, "sha1": "new2399",
                        "articles": 200},
                       {"path": "/in/00007.jsonl", "size": 7, "sha1": "sha7", "articles": 300}]

        # an UPDATE that sets the key itself chains, row by row: /in/00003 -> /b -> /c
        def rename():
            store.con.executemany("UPDATE watched_files SET path = ?, size = ? WHERE path = ?",
                                  [("/b", 2, "/in/00003.jsonl"), ("/c", 3, "/b")])
        store._transaction(rename)
        assert store.sql("SELECT path, size FROM watched_files WHERE path IN "
                         "('/in/00003.jsonl', '/b', '/c')") == [{"path": "/c", "size": 3}]
