"""Resuming: inputs already stored are skipped before parsing; other settings parse again."""
from __future__ import annotations

import json

from eventwire.config import Settings
from eventwire.records import Article
from eventwire.resume import input_key, pipeline_fingerprint
from eventwire.runner import ingest_to_store
from eventwire.store import Store

TEXTS = ["Rebels attacked an army post near Doranth on Sunday.",
         "The president of Kolstan visited Velmora on Monday.",
         "Police arrested dozens of protesters in Sarnik."]


def _write(path, texts):
    path.write_text("".join(json.dumps({"text": t, "date": "2024-01-02"}) + "\n" for t in texts))
    return str(path)


def _dump(db):
    with Store(db) as s:
        return [r for r in s.con.iterdump() if r.startswith('INSERT INTO "articles"')
                or r.startswith('INSERT INTO "events"')]


def test_a_second_run_parses_nothing_and_changes_nothing(tmp_path, nlp):
    src, db = _write(tmp_path / "a.jsonl", TEXTS), str(tmp_path / "r.db")
    first = ingest_to_store([src], db)
    before = _dump(db)
    again = ingest_to_store([src], db)
    assert (first.articles, first.skipped) == (3, 0)
    assert (again.articles, again.skipped) == (0, 3)       # none reached the parser
    assert "3 already stored (not parsed)" in again.render()
    assert _dump(db) == before


def test_only_the_missing_part_is_parsed(tmp_path, nlp):
    db = str(tmp_path / "r.db")
    ingest_to_store([_write(tmp_path / "part.jsonl", TEXTS[:2])], db)
    s = ingest_to_store([_write(tmp_path / "all.jsonl", TEXTS)], db)
    assert (s.articles, s.skipped) == (1, 2)
    clean = str(tmp_path / "clean.db")
    ingest_to_store([str(tmp_path / "all.jsonl")], clean)
    assert _content(db) == _content(clean)


def _content(db):
    """Articles (but where they were read from) and events, in a stable order."""
    with Store(db) as s:
        return (s.sql("SELECT id, title, date, text FROM articles ORDER BY id"),
                s.sql("SELECT * FROM events ORDER BY article_id, id"))


def test_other_settings_or_reparse_parse_again(tmp_path, nlp):
    src, db = _write(tmp_path / "a.jsonl", TEXTS[:1]), str(tmp_path / "r.db")
    ingest_to_store([src], db)
    assert ingest_to_store([src], db, reparse=True).articles == 1
    extra = tmp_path / "events.yml"
    extra.write_text("# no patterns of my own yet\n")
    other = Settings(events_files=(str(extra),))
    assert pipeline_fingerprint(other) != pipeline_fingerprint(Settings())
    s = ingest_to_store([src], db, settings=other)
    assert (s.articles, s.skipped) == (1, 0)
    assert ingest_to_store([src], db, settings=other).skipped == 1


def test_input_key_covers_every_input_field():
    fp = pipeline_fingerprint(Settings())
    base = Article(id="x", text="Some text.", title="T", date="2024-01-01", url="u", source="s")
    keys = {input_key(base, fp)}
    for field, value in [("text", "Other text."), ("title", "T2"), ("date", "2024-01-02"),
                         ("url", "v"), ("source", None), ("id", "y")]:
        changed = Article(**{**{k: getattr(base, k) for k in
                                ("id", "text", "title", "date", "url", "source")}, field: value})
        keys.add(input_key(changed, fp))
    assert len(keys) == 7
    assert input_key(base, fp) != input_key(base, "0" * 40)


def test_deleting_an_article_forgets_its_input(tmp_path, nlp):
    src, db = _write(tmp_path / "a.jsonl", TEXTS[:2]), str(tmp_path / "r.db")
    ingest_to_store([src], db)
    with Store(db) as s:
        victim = s.sql("SELECT id FROM articles ORDER BY n LIMIT 1")[0]["id"]
        s.delete_article(victim)
    again = ingest_to_store([src], db)
    assert (again.articles, again.skipped) == (1, 1)
