"""Aggregates over the store: the timeline read from the ``event_countries`` index
equals a straightforward computation over the event list, and that index follows
the events it copies (written with them, replaced and deleted with them, filled by
the migration for older stores)."""
from __future__ import annotations

import random
import sqlite3
from datetime import date, timedelta

import pytest

from eventwire.records import Actor, Article, Event, EventDate, Record, Sentence
from eventwire.store import Store, aggregates
from eventwire.store.schema import MIGRATIONS, V_EVENT_COUNTRIES

COUNTRIES = ["RUS", "IRQ", "VEN", "USA", None]
TYPES = [("ASSAULT", "190"), ("PROTEST", "141"), ("CONSULT", "040"), ("ACCUSE", "112")]


def random_record(rng: random.Random, k: int) -> Record:
    """An article with 1-4 actors (some sharing a country, some with none) and 0-5
    events: days over two years, some undated, Goldstein values exact in binary (so
    that sums do not depend on their order) or missing, a target that is not among the
    actors (not stored), events with no actors."""
    text = f"Article {k} " + "word " * 40
    actors = [Actor(f"a{i}", f"Actor {k}-{i}", f"Actor {k}-{i}", (0, 7), [(0, 7)],
                    rng.choice(COUNTRIES), None, None, "organization")
              for i in range(rng.randint(1, 4))]
    first = date(2020, 1, 1)
    art_date = None if rng.random() < 0.15 else (first + timedelta(rng.randrange(700))).isoformat()
    events = []
    for j in range(rng.randint(0, 5)):
        typ, cameo = rng.choice(TYPES)
        day = None if rng.random() < 0.2 else (first + timedelta(rng.randrange(700))).isoformat()
        ids = [a.id for a in actors]
        source = rng.sample(ids, rng.randint(0, min(2, len(ids))))
        target = rng.sample(ids, rng.randint(0, min(2, len(ids))))
        if rng.random() < 0.1:
            target.append("a9")                      # dangling: not stored
        events.append(Event(f"e{j}", 0, "did", (8, 10), typ, cameo,
                            goldstein=rng.choice([None, -10.0, -7.5, -2.0, 0.0, 1.5, 3.0, 8.25]),
                            source=source, target=target, date=EventDate(day)))
    return Record(Article(f"art-{k}", text, f"Title {k}", art_date), [Sentence(0, (0, len(text)))],
                  actors, events, [], [], [], [])


@pytest.fixture(scope="module")
def store(module_dbs):
    """The random store, on each backend (SQLite; PostgreSQL when the tests have one)."""
    rng = random.Random(11)
    s = Store(module_dbs.new("agg.db"))
    s.write_batch([random_record(rng, k) for k in range(120)])
    yield s
    s.close()


def straightforward(events: list[dict], unit: str) -> dict:
    """The timeline from the event list, by hand."""
    days = [e["day"] for e in events if e["day"]]
    if unit == "auto":
        span = (date.fromisoformat(max(days)) - date.fromisoformat(min(days))).days if days else 0
        unit = "week" if span > 120 else "day"
    groups: dict[tuple[str, str], list] = {}
    undated = 0
    for e in events:
        if e["day"] is None:
            undated += 1
            continue
        d = date.fromisoformat(e["day"])
        period = (d - timedelta(days=d.weekday())).isoformat() if unit == "week" else e["day"]
        groups.setdefault((period, e["type"]), []).append(e["goldstein"])
    buckets = []
    for (period, typ), gs in sorted(groups.items()):
        known = [g for g in gs if g is not None]
        buckets.append({"period": period, "type": typ, "count": len(gs),
                        "goldstein": round(sum(known) / len(known), 3) if known else None})
    return {"unit": unit, "buckets": buckets, "undated": undated}


FILTERS = [
    {},
    {"country": "RUS"},                                   # read from event_countries alone
    {"country": "ven", "type": "PROTEST"},
    {"country": "IRQ", "since": "2020-03", "until": "2020-09-15"},
    {"country": "USA", "type": "19"},                     # CAMEO prefix: joined with events
    {"country": "RUS", "actor": "Actor 1"},               # with an actor filter: joined sets
    {"country": "RUS", "search": "Article"},              # full text: joined with articles
    {"type": "ASSAULT", "since": "2021"},
    {"country": "FRA"},                                   # no such country
]


@pytest.mark.parametrize("unit", ["day", "week", "auto"])
@pytest.mark.parametrize("filters", FILTERS, ids=lambda f: ",".join(f"{k}={v}" for k, v in f.items()))
def test_timeline_equals_a_straightforward_computation(store, filters, unit):
    if "search" in filters and store.__class__ is not Store:
        pytest.skip("the aggregates' full-text filter is SQLite's FTS5 (as before this change)")
    events = store.events(**filters)
    got = aggregates.timeline(store, filters, unit)
    assert got == straightforward(events, unit)
    if filters.get("country") not in (None, "FRA"):
        assert got["buckets"] or got["undated"]           # the case is not empty


def test_the_store_has_what_the_filters_need(store):
    """The random store holds events with several actors of one country, undated
    events, dangling targets and events with no country at all."""
    rows = store.sql("SELECT count(*) AS n, count(DISTINCT article_id || ' ' || event_id) AS e "
                     "FROM event_countries")[0]
    assert rows["n"] > rows["e"] > 50                      # some events have two countries
    assert store.sql("SELECT count(*) AS n FROM events WHERE day IS NULL")[0]["n"] > 0
    assert store.sql("SELECT count(*) AS n FROM errors WHERE code = 'EW303'")[0]["n"] > 0


def _event_countries(s: Store) -> list[tuple]:
    return [tuple(r) for r in s.con.execute(
        "SELECT article_id, event_id, country, day, plover_type, goldstein FROM event_countries "
        "ORDER BY article_id, event_id, country")]


def test_event_countries_equal_what_the_actors_say(store):
    """The write path stores exactly the rows the migration derives from actors and
    event_actors (so a migrated store and a newly written one agree)."""
    backfill = V_EVENT_COUNTRIES.split("INSERT INTO event_countries", 1)[1]
    derived = sorted(tuple(r) for r in store.con.execute(
        "SELECT * FROM (" + backfill.split("\n", 1)[1].rstrip().rstrip(";") + ") AS d"))
    assert _event_countries(store) == derived and derived


def test_migration_fills_event_countries_of_an_older_store(tmp_path):
    rng = random.Random(5)
    path = tmp_path / "old.db"
    with Store(path) as s:
        s.write_batch([random_record(rng, k) for k in range(30)])
        written = _event_countries(s)
    con = sqlite3.connect(path)                           # as a store before the migration
    con.execute("DROP TABLE event_countries")
    con.execute(f"PRAGMA user_version = {MIGRATIONS.index(V_EVENT_COUNTRIES)}")
    con.commit()
    con.close()
    with Store(path) as s:
        assert _event_countries(s) == written and written


def test_event_countries_follow_replaced_and_deleted_articles(tmp_path):
    rng = random.Random(7)
    recs = [random_record(rng, k) for k in range(10)]
    with Store(tmp_path / "w.db") as s:
        s.write_batch(recs)
        victim = next(r for r in recs if any(e.source or e.target for e in r.events))
        victim.actors = [Actor(a.id, a.name, a.text, a.span, a.mentions, "NZL")
                         for a in victim.actors]
        for e in victim.events:
            e.date = EventDate("2021-06-01")
        assert s.write_batch([victim])["replaced"] == 1
        rows = [r for r in _event_countries(s) if r[0] == victim.article.id]
        assert rows and {r[2] for r in rows} == {"NZL"} and {r[3] for r in rows} == {"2021-06-01"}
        assert aggregates.timeline(s, {"country": "NZL"}, "day") == straightforward(
            s.events(country="NZL"), "day")
        assert s.delete_article(victim.article.id)
        assert not [r for r in _event_countries(s) if r[0] == victim.article.id]
        assert aggregates.timeline(s, {"country": "NZL"}, "day")["buckets"] == []


def test_timeline_queries_read_one_covering_index(store):
    """The plans the timeline's speed rests on: a country (with a type and date range)
    is one range of event_countries' index, everything else one of events' indexes;
    no table rows, no sort."""
    if store.__class__ is not Store:
        pytest.skip("SQLite's query plans (PostgreSQL plans its own)")
    for filters, index in (({"country": "RUS", "type": "PROTEST", "since": "2020"},
                            "event_countries_country"),
                           ({}, "events_"), ({"type": "PROTEST"}, "events_type_day")):
        frm, params, _ = aggregates._per_event(store, filters)
        plan = " | ".join(r[3] for r in store.con.execute(
            "EXPLAIN QUERY PLAN SELECT e.day, e.plover_type, count(*), sum(e.goldstein), "
            "count(e.goldstein) " + frm + " GROUP BY e.day, e.plover_type", params))
        assert f"COVERING INDEX {index}" in plan and "TEMP B-TREE" not in plan, plan
