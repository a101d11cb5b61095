"""Happenings in the store: incremental, deterministic, repaired on replacement, rebuilt."""
from __future__ import annotations

import dataclasses
import json
import sqlite3

from eventwire import Store

from tests.store.conftest import backend, dbs  # noqa: F401  (both store backends)

from .reports import KABUL, invented_reports, report


def _bombing():
    return [report("r1", "2024-03-04", "ASSAULT", "183", ["TALREB"], ["AFGCVL"], KABUL,
                   "2024-03-03"),
            report("r2", "2024-03-04", "ASSAULT", "183", ["TAL"], ["AFGCVL"], KABUL, "2024-03-03",
                   outlet="Other Daily"),
            report("r3", "2024-03-12", "ASSAULT", "183", ["TALREB"], ["AFGCVL"], KABUL,
                   "2024-03-11"),
            report("r4", "2024-06-02", "CONSULT", "040", ["NOR"], ["SWE"], None, "2024-06-01")]


def _dump(path) -> list[str]:
    con = sqlite3.connect(path)
    try:
        return [line for line in con.iterdump() if "happening" in line]
    finally:
        con.close()


def test_reingest_changes_nothing(tmp_path):
    db = tmp_path / "h.db"
    with Store(db) as store:
        store.write(_bombing())
    before = _dump(db)
    assert any("INSERT INTO \"happenings\"" in x for x in before)
    with Store(db) as store:
        counts = store.write(_bombing())
        assert counts["skipped"] == 4
    assert _dump(db) == before


def test_incremental_equals_rebuild_and_ids_are_stable(tmp_path):
    db = tmp_path / "h.db"
    recs = _bombing()
    with Store(db) as store:
        for r in recs:                       # one article per batch
            store.write([r])
        inc = {h["id"]: h["mentions"] for h in store.happenings()}
        store.dedup(rebuild=True)
        reb = {h["id"]: h["mentions"] for h in store.happenings()}
    assert inc == reb and len(inc) == 3


def test_ingest_order_does_not_change_the_grouping(dbs):
    recs = _bombing()

    def groups(order):
        with Store(dbs.new()) as store:
            for r in order:
                store.write([r])
            return sorted(sorted(m["article"] for m in h["mentions_list"])
                          for h in store.happenings(with_mentions=True))
    assert groups(recs) == groups(list(reversed(recs)))


def test_happenings_off_then_dedup_attaches_the_rest(dbs):
    with Store(dbs.new(), happenings=False) as store:
        store.write(_bombing())
        assert store.happenings() == []
        res = store.dedup()
        assert (res["opened"], res["joined"], res["happenings"]) == (3, 1, 3)
        assert store.dedup() == {"opened": 0, "joined": 0, "merged": 0, "happenings": 3}


def test_replaced_or_deleted_article_repairs_its_happening(dbs):
    recs = _bombing()
    with Store(dbs.new()) as store:
        store.write(recs)
        [h] = [h for h in store.happenings() if h["mentions"] == 2]
        # r2 is re-extracted as another kind of event: its mention leaves the bombing
        new = dataclasses.replace(recs[1], events=[dataclasses.replace(
            recs[1].events[0], plover_type="PROTEST", cameo_code="141", cameo_root="14")])
        assert store.write([new])["replaced"] == 1
        again = store.happening(h["id"])
        assert (again["mentions"], again["articles"]) == (1, 1)
        assert store.delete_article("r1")
        assert store.happening(h["id"]) is None           # no mention left: gone


def test_events_of_a_happening_and_stats(dbs):
    with Store(dbs.new()) as store:
        store.write(_bombing())
        [h] = [h for h in store.happenings() if h["mentions"] == 2]
        rows = store.events(happening=h["id"])
        assert sorted(r["article"] for r in rows) == ["r1", "r2"]
        assert {r["title"] for r in rows} == {"Report r1", "Report r2"}
        st = store.stats()
        assert st["happenings"] == 3 and st["reported by several articles"] == 1
        assert store.happenings(type="ASSAULT", since="2024-03-05") == \
            [x for x in store.happenings() if x["day"] == "2024-03-11"]
        assert [x["type"] for x in store.happenings(actor="SWE")] == ["CONSULT"]


def test_candidates_come_from_an_index_not_a_scan():
    with Store(":memory:") as store:
        plan = " ".join(r[3] for r in store.con.execute(
            "EXPLAIN QUERY PLAN SELECT * FROM happenings WHERE (plover_type = ? OR "
            "cameo_root = ?) AND day_lo >= ? AND day_lo <= ? AND day_hi >= ?",
            ("ASSAULT", "18", "2024-01-01", "2024-01-09", "2024-01-08")).fetchall())
    assert "USING INDEX happenings_type_day" in plan and "SCAN happenings" not in plan


def test_happening_counts_come_from_its_reports_sizes(dbs):
    from eventwire.records import Size
    first = report("r1", "2024-03-04", "ASSAULT", "183", ["TALREB"], ["AFGCVL"], KABUL,
                   "2024-03-03")
    first.events[0].size = [Size("dead", 12, None), Size("injured", 30, "AT_LEAST")]
    later = report("r2", "2024-03-05", "ASSAULT", "183", ["TALREB"], ["AFGCVL"], KABUL,
                   "2024-03-03", outlet="Other Daily")
    later.events[0].size = [Size("dead", 20, "AT_LEAST")]
    with Store(dbs.new()) as store:
        store.write([later, first])                 # order of writing does not matter
        [h] = store.happenings()
        assert {(z["field"], z["value"], z["as_of"]) for z in h["size"]} == \
            {("dead", 20, "2024-03-05"), ("injured", 30, "2024-03-04")}
        store.dedup(rebuild=True)
        assert store.happenings()[0]["size"] == h["size"]


def test_happenings_keep_their_reports_sentences_and_stores_of_before_still_match(tmp_path):
    # texts: the sentences of its reports after the founding one, NULL when none, as in
    # a store migrated from before the column: such a happening still matches a new
    # report on its founding sentence, and then keeps the new one
    from eventwire.dedup import load_rules
    from .test_dedup_imperfect import SUMMIT, SUMMIT_TOO
    from .reports import GENEVA
    assert load_rules().max_texts >= 2
    db = tmp_path / "h.db"
    with Store(db) as store:
        store.write([report("r1", "2024-05-14", "CONSULT", "040", ["IND"], ["PAK"], GENEVA,
                            "2024-05-14", text=SUMMIT)])
        assert [tuple(r) for r in store.con.execute("SELECT texts FROM happenings")] == [(None,)]
    with Store(db) as store:
        store.write([report("r2", "2024-05-14", "CONSULT", "040", None, None, GENEVA, None,
                            text=SUMMIT_TOO)])
        [h] = store.happenings()
        assert h["articles"] == 2 and h["sentence"] == SUMMIT
        [(texts,)] = store.con.execute("SELECT texts FROM happenings").fetchall()
        assert json.loads(texts) == [SUMMIT_TOO]


def _happening_rows(store) -> list[tuple]:
    return sorted((h["id"], h["source"], h["target"], h["date"], h["precision"], h["mentions"],
                   h["articles"]) for h in store.happenings())


def _first_reports():
    first = report("r1", "2024-03-04", "ASSAULT", "183", ["TALREB"], ["AFGCVL"], KABUL, None)
    other = report("r2", "2024-03-04", "ASSAULT", "183", ["TAL", "TALMIL"], ["AFGCVL"], KABUL,
                   "2024-03-03", outlet="Other Daily")      # a more precise date, more codes
    third = report("r5", "2024-03-05", "ASSAULT", "183", ["TALREB"], ["AFGCVL"], KABUL,
                   None, outlet="Third Post")
    return first, other, third


def _alone(dbs, *reports) -> list[tuple]:
    """The happenings (:func:`_happening_rows`) of a fresh store that wrote ``reports``
    one batch each, with no other connection: what the tests below must find."""
    with Store(dbs.new()) as alone:
        for r in reports:
            alone.write([r])
        return _happening_rows(alone)


def test_a_store_sees_what_another_connection_folded_between_its_batches(dbs):
    # a store keeps the happenings it read from one batch to the next; another writer
    # in between (a second process) changes one: the next batch must build on that
    first, other, third = _first_reports()
    want = _alone(dbs, first, other, third)
    assert len(want) == 1 and want[0][3:6] == ("2024-03-03", "day", 3)
    db = dbs.new()
    with Store(db) as a:
        a.write([first])
        with Store(db) as b:
            b.write([other])
        a.write([third])
        assert _happening_rows(a) == want


def test_a_store_sees_what_another_connections_dedup_folded_between_its_batches(dbs):
    # the other connection ingests without happenings, then folds them with dedup
    first, other, third = _first_reports()
    want = _alone(dbs, first, other, third)
    db = dbs.new()
    with Store(db) as a:
        a.write([first])
        with Store(db, happenings=False) as b:
            b.write([other])
            b.dedup()
        a.write([third])
        assert _happening_rows(a) == want


def test_a_failed_write_leaves_nothing_behind_in_the_kept_happenings(dbs, monkeypatch):
    import sqlite3 as sq

    from eventwire.errors import StoreError
    from eventwire.store import happenings
    first, other, third = _first_reports()
    want = _alone(dbs, first, third)
    with Store(dbs.new()) as store:
        store.write([first])
        real = happenings.refresh

        def broken(con, ids):                   # the disk fails after the fold
            if dbs.backend == "postgresql":
                import psycopg
                raise psycopg.OperationalError("disk I/O error")
            raise sq.OperationalError("disk I/O error")
        monkeypatch.setattr(happenings, "refresh", broken)
        try:
            store.write([other])
        except StoreError as e:
            assert e.code == "EW303"
        else:
            raise AssertionError("the write should have failed")
        monkeypatch.setattr(happenings, "refresh", real)
        store.write([third])                    # the fold of 'other' was undone: not kept
        assert _happening_rows(store) == want


def test_a_small_profile_cache_folds_as_one_forgotten_every_batch(dbs):
    # past its limit a store's ProfileCache drops its older profiles, and past ten times
    # the limit its blocking index, as a batch begins: what it reads again instead must
    # leave the same happenings as a store that forgets everything before every batch
    from eventwire.store.happenings import ProfileCache
    recs = invented_reports(7, 120)
    batches = [recs[k:k + 4] for k in range(0, len(recs), 4)]

    def contents(store) -> tuple:
        return (store.happenings(with_mentions=True),
                store.sql("SELECT * FROM happenings ORDER BY id"),
                store.sql("SELECT * FROM happening_mentions ORDER BY article_id, event_id"))
    with Store(dbs.new()) as store:
        for batch in batches:
            store._forget_profiles()
            store.write(batch)
        want = contents(store)
    assert len(recs) > len(want[0]) > 20                # many joined, many apart
    for limit in (1, 3):
        dropped = {"profiles": 0, "index": 0}
        with Store(dbs.new()) as store:
            store._profiles = kept = ProfileCache(limit=limit)   # the store's, smaller
            for batch in batches:
                dropped["profiles"] += len(kept.profiles) > limit     # this batch halves them
                dropped["index"] += len(kept.rows) > 10 * limit       # and reads the index anew
                store.write(batch)
            assert contents(store) == want, limit
        assert dropped["profiles"] >= 10 and dropped["index"] >= 3, dropped


def test_the_kept_blocking_index_finds_what_the_candidate_query_finds(dbs):
    # between batches the store answers the candidate search from its own index of the
    # happenings (type, CAMEO root, first day); it must give the query's answer exactly
    from eventwire.dedup import load_rules
    from eventwire.store.happenings import ProfileCache, candidates, load_mentions
    from .reports import GENEVA, KANDAHAR
    rules = load_rules()
    kinds = [("ASSAULT", "183", ["TALREB"], ["AFGCVL"], KABUL),
             ("ASSAULT", "181", ["TAL"], ["AFGGOV"], KANDAHAR),      # root 18, detention
             ("COERCE", "173", ["AFGPOL"], ["TAL"], KABUL),           # confusable with 181
             ("AGREE", "057", ["USA"], ["RUS"], GENEVA),
             ("RETREAT", "0871", ["RUS"], None, GENEVA),              # confusable with AGREE
             ("PROTEST", "141", ["AFGCVL"], None, KABUL)]
    recs = [report(f"r{n}", f"2024-03-{day:02d}", plover, cameo, src, tgt, place,
                   f"2024-03-{day - 1:02d}" if n % 3 else None, outlet=f"Outlet {n % 4}")
            for n, (day, (plover, cameo, src, tgt, place)) in enumerate(
                (d, k) for d in (3, 4, 6, 9, 12, 13) for k in kinds)]
    with Store(dbs.new()) as store:
        for k in range(0, len(recs), 7):           # batches: the index is kept between them
            store.write(recs[k:k + 7])
            kept = store._profiles
            assert kept is not None and kept.blocks    # it was used
            for m in load_mentions(store.con, [r.article.id for r in recs[:k + 7]]):
                by_query = [p.id for p in candidates(store.con, m, rules)]
                assert [p.id for p in candidates(store.con, m, rules, kept)] == by_query
                fresh = ProfileCache()                  # and read afresh from the table
                assert [p.id for p in candidates(store.con, m, rules, fresh)] == by_query
        assert len(store.happenings()) > 6


def _assaults(seed: int, n: int) -> list:
    """``n`` invented reports of assaults around Kabul in one week, dates, actors, places
    and outlets drawn with ``seed``, oldest first (the order a rebuild folds them in)."""
    import random

    from .reports import AFGHANISTAN, BAGRAM
    rng = random.Random(seed)
    recs = []
    for i in range(n):
        day = rng.randint(3, 9)
        when = rng.choice([None, f"2024-03-{day - 1:02d}", f"2024-03-{day - 2:02d}",
                           "2024-W10", "2024-03"])
        recs.append(report(f"r{i:02d}", f"2024-03-{day:02d}", "ASSAULT",
                           rng.choice(["183", "180", "190"]),
                           rng.choice([["TALREB"], ["TAL"], None, ["AFGGOV"]]),
                           rng.choice([["AFGCVL"], ["AFG"], None]),
                           rng.choice([KABUL, BAGRAM, AFGHANISTAN, None]), when,
                           outlet=rng.choice(["A Wire", "B Daily", "C Post"])))
    return sorted(recs, key=lambda r: (r.article.date, r.article.id))


def test_a_batch_writes_its_happenings_at_once_as_one_by_one_would(dbs, monkeypatch):
    # a batch folds its events with the happening writes held back and made at its end
    # (a few set-based statements); a rebuild makes every write as it goes. Both must
    # leave the same happenings, also when a report joins two happenings into one: one
    # opened in the same batch (never written) or one stored by an earlier batch
    from eventwire.store import happenings
    gone: list[str] = []
    real = happenings._Writes.merged

    def merged(self, keep, away):                   # which kind of happening went
        gone.append("new" if away in self.new else "stored")
        return real(self, keep, away)
    monkeypatch.setattr(happenings._Writes, "merged", merged)
    recs = _assaults(18, 60)
    with Store(dbs.new()) as store:
        store.write(recs, batch_size=12)
        held_back = _happening_rows(store)
        detail = sorted((h["id"], h["confidence"], h["first_seen"], h["last_seen"],
                         h["sources"], h["recalls"], h["place"], h["day"],
                         tuple((m["article"], m["role"]) for m in h["mentions_list"]))
                        for h in store.happenings(with_mentions=True))
        assert {"new", "stored"} <= set(gone)       # both kinds of merge were met
        res = store.dedup(rebuild=True)
        assert res["merged"] >= 2
        assert _happening_rows(store) == held_back
        assert sorted((h["id"], h["confidence"], h["first_seen"], h["last_seen"],
                       h["sources"], h["recalls"], h["place"], h["day"],
                       tuple((m["article"], m["role"]) for m in h["mentions_list"]))
                      for h in store.happenings(with_mentions=True)) == detail
    assert sum(len(d[-1]) for d in detail) == len(recs) > len(detail)   # each event once


def test_a_batch_that_merges_away_a_stored_happening_and_reopens_its_id(dbs):
    # a stored happening founded by r24 is merged into another by the batch's new
    # reports, and r24 is replaced in the same batch by a report that founds a happening
    # with the same id (ids come from the founding article and event): the id is free
    # again only once the merge is made, so the batch makes it first. The store ends as
    # writing every happening change as it goes leaves it, and the batch is not split up
    from eventwire.store import happenings
    from eventwire.store.happenings import ProfileCache
    recs = _assaults(19, 60)
    last = max(r.article.date for r in recs[48:60])
    again = report("r24", last, "CONSULT", "040", ["AFGGOV"], None, None, None,
                   text="Ministers reported a meeting.")
    reopened: list[str] = []
    real = happenings._Writes.opened

    def opened(self, p):
        if p.id in self.into:
            reopened.append(p.id)
        return real(self, p)
    rows = []
    for held_back in (True, False):
        with Store(dbs.new()) as store:
            if not held_back:                       # every write as it goes
                store._profiles = ProfileCache(blocking=False)
            store.write(recs[:48], batch_size=12)
            happenings._Writes.opened = opened
            try:
                counts = store.write(recs[48:60] + [again], batch_size=13)
            finally:
                happenings._Writes.opened = real
            assert counts == {"written": 13, "skipped": 0, "replaced": 1, "failed": 0}
            rows.append(_happening_rows(store))
    assert reopened                                 # the case was met
    assert rows[0] == rows[1]
