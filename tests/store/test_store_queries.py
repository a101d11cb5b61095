"""Queries: events, quotes, places, articles and stats with the filters users expect."""
from __future__ import annotations

import pytest

from eventwire.errors import StoreError
from eventwire.store import Store
from tests.store.records_factory import lavrov_record, protest_record, small_record


@pytest.fixture(scope="module")
def store(module_dbs):
    s = Store(module_dbs.new("q.db"))
    s.write_batch([lavrov_record(), protest_record()] + [small_record(i) for i in range(3)])
    yield s
    s.close()


def ids(rows, key="id"):
    return [(r["article"], r[key]) for r in rows]


def test_events_rows_carry_names_codes_places_and_dates(store):
    rows = store.events(actor="Lavrov")
    assert len(rows) == 1
    r = rows[0]
    assert (r["type"], r["cameo"], r["source"], r["target"]) == (
        "CONSULT", "040", ["Sergei Lavrov"], ["Haider al-Abadi"])
    assert r["source_code"] == ["RUSGOV"] and r["target_country"] == ["IRQ"]
    assert r["place"] == "Moscow" and r["date"] == "2015-05-21" and r["trigger"] == "met"


@pytest.mark.parametrize("kw, expected", [
    ({"actor": "abadi"}, [("art-lavrov", "e1")]),                 # target, case-insensitive
    ({"actor": "RUS"}, [("art-lavrov", "e2"), ("art-lavrov", "e1")]),  # code substring
    ({"country": "irq"}, [("art-lavrov", "e2"), ("art-lavrov", "e1")]),
    ({"country": "VEN"}, [("art-protest", "e1")]),
    ({"type": "protest"}, [("art-protest", "e1")]),
    ({"type": "19"}, [("bulk-0", "e1"), ("bulk-1", "e1"), ("bulk-2", "e1")]),
    ({"type": "0"}, [("art-lavrov", "e2"), ("art-lavrov", "e1")]),  # week of 11 May first
    ({"since": "2015-05-18", "until": "2015-05"}, [("art-lavrov", "e1")]),
    ({"until": "2015-05-17"}, [("art-lavrov", "e2")]),            # "last week" -> W20
    ({"since": "2019"}, [("art-protest", "e1"), ("bulk-0", "e1"), ("bulk-1", "e1"),
                         ("bulk-2", "e1")]),                         # undated: article date
    ({"place": "caracas"}, [("art-protest", "e1")]),
    ({"search": "weapons"}, [("art-lavrov", "e2"), ("art-lavrov", "e1")]),
    ({"search": "march"}, [("art-protest", "e1")]),                # stemmed: marched
    ({"actor": "Russia", "type": "AID", "until": "2015-12-31"}, [("art-lavrov", "e2")]),
    ({"actor": "Lavrov", "type": "AID"}, []),
    ({"actor": "100%"}, []),                                       # LIKE metacharacters literal
])
def test_event_filters(store, kw, expected):
    assert ids(store.events(**kw)) == expected


def test_event_limit_and_order(store):
    rows = store.events()
    assert len(rows) == 6 and [r["day"] for r in rows] == sorted(r["day"] for r in rows)
    assert len(store.events(limit=2)) == 2


@pytest.mark.parametrize("kw, expected", [
    ({"speaker": "Lavrov"}, [("art-lavrov", "q1")]),
    ({"speaker": "opposition"}, [("art-protest", "q1")]),
    ({"actor": "RUS"}, [("art-lavrov", "q1")]),
    ({"actor": "rusgov"}, [("art-lavrov", "q1")]),
    ({"actor": "VENOPP"}, [("art-protest", "q1")]),
    ({"actor": "IRQ"}, []),
    ({"search": "enemy"}, [("art-lavrov", "q1")]),
    ({"search": "\"common enemy\""}, [("art-lavrov", "q1")]),
    ({"search": "Abadi"}, []),                                     # article text is not quote content
    ({"since": "2016"}, [("art-protest", "q1")]),
    ({"until": "2015-05-21"}, [("art-lavrov", "q1")]),
])
def test_quote_filters(store, kw, expected):
    assert ids(store.quotes(**kw)) == expected


def test_quote_rows_link_speaker_actor_and_article(store):
    (q,) = store.quotes(speaker="Lavrov")
    assert q["content"] == "Terrorism is our common enemy," and q["kind"] == "direct"
    assert (q["speaker"], q["actor"], q["actor_code"], q["country"]) == (
        "Lavrov", "Sergei Lavrov", "RUSGOV", "RUS")
    assert q["title"] == "Lavrov meets Abadi in Moscow" and q["cue"] == "said"


def test_places_and_articles(store):
    assert [p["name"] for p in store.places(country="ven")] == ["Caracas"]
    assert [p["text"] for p in store.places(name="village 1")] == ["village 1"]
    assert store.places(name="mosc")[0]["lat"] == pytest.approx(55.75)
    arts = store.articles()
    assert [a["id"] for a in arts][:2] == ["art-lavrov", "art-protest"]
    lav = arts[0]
    assert (lav["events"], lav["quotes"], lav["actors"], lav["errors"]) == (2, 1, 4, 0)
    hit = store.articles(search="Abadi")
    assert [a["id"] for a in hit] == ["art-lavrov"] and "[Abadi]" in hit[0]["snippet"]
    assert [a["id"] for a in store.articles(search="Caracas", since="2019-03")] == ["art-protest"]
    assert store.articles(search="Caracas", until="2018") == []
    assert len(store.articles(limit=1)) == 1


def _odd_words_record():
    from eventwire.records import Article, Quote, Record, Sentence
    text = ('The U.S. envoy welcomed Lavrov\'s offer. "The plan is unbalanced (and late) '
            '* so far," al-Abadi said.')
    content = "The plan is unbalanced (and late) * so far,"
    s = text.index(content)
    return Record(Article("art-odd", text, "Odd words", "2016-01-05"),
                  [Sentence(0, (0, text.index(" \"")))],
                  quotes=[Quote("q1", "direct", content, (s, s + len(content)))])


@pytest.fixture(scope="module")
def odd_store(tmp_path_factory):
    s = Store(tmp_path_factory.mktemp("odd") / "odd.db")
    s.write_batch([lavrov_record(), protest_record(), _odd_words_record()])
    yield s
    s.close()


@pytest.mark.parametrize("query, arts, quotes, events", [
    ("U.S.", ["art-odd"], [], []),
    ("Lavrov's", ["art-odd"], [], []),
    ("al-Abadi", ["art-lavrov", "art-odd"], [], [("art-lavrov", "e2"), ("art-lavrov", "e1")]),
    ("\"unbalanced", ["art-odd"], [("art-odd", "q1")], []),
    ("(", [], [], []),
    ("*", [], [], []),
])
def test_search_accepts_plain_words_that_are_not_fts_syntax(odd_store, query, arts, quotes, events):
    # each is invalid FTS5 syntax: retried as quoted words, it finds what the words say
    assert sorted(a["id"] for a in odd_store.articles(search=query)) == arts
    assert ids(odd_store.quotes(search=query)) == quotes
    assert ids(odd_store.events(search=query)) == events


def test_stats(store):
    st = store.stats()
    assert st["layers"]["articles"] == 5 and st["layers"]["events"] == 6
    assert st["events by type"] == {"ASSAULT": 3, "AID": 1, "CONSULT": 1, "PROTEST": 1}
    assert st["events by country"] == {"SYR": 3, "IRQ": 2, "RUS": 2, "VEN": 1}
    assert st["errors by code"] == {"EW106": 1} and st["articles with errors"] == 1
    assert st["quotes by speaker"] == {"Sergei Lavrov": 1, "opposition leader": 1}


@pytest.mark.parametrize("call", [
    lambda s: s.events(since="yesterdayish"),
    lambda s: s.events(until="2015-13"),
    lambda s: s.events(since="2015-02-30"),
    lambda s: s.events(type="FIGHT"),
    lambda s: s.events(country="Russia"),
    lambda s: s.events(limit=0),
    lambda s: s.events(actor="  "),
    lambda s: s.quotes(since="soon"),
    lambda s: s.articles(limit=-3),
    lambda s: s.places(country="R"),
    lambda s: s.sql("SELECT * FROM nowhere"),
])
def test_invalid_filters_are_ew304_with_a_clear_message(store, call):
    with pytest.raises(StoreError) as e:
        call(store)
    assert e.value.code == "EW304" and len(e.value.message) > 10


def test_common_date_forms_are_accepted(store):
    assert ids(store.events(since="May 21, 2015", until="21 May 2015")) == [("art-lavrov", "e1")]


def test_cli_query_commands_read_the_store_on_either_backend(store):
    """``eventwire events|quotes|stats --db LOCATION``: a file or a postgresql:// URL."""
    import json

    from click.testing import CliRunner

    from eventwire.cli import main
    res = CliRunner().invoke(main, ["events", "--db", store.path, "--format", "jsonl",
                                    "--country", "IRQ"])
    assert res.exit_code == 0, res.output
    assert [json.loads(x) for x in res.output.splitlines()] == store.events(country="IRQ")
    res = CliRunner().invoke(main, ["quotes", "--db", store.path, "--search", "enemy"])
    assert res.exit_code == 0 and "Terrorism is our common enemy" in res.output
    res = CliRunner().invoke(main, ["stats", "--db", store.path, "--format", "json"])
    assert json.loads(res.output) == json.loads(json.dumps(store.stats()))
