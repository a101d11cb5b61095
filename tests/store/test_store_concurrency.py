"""Several writers at once into one database: no duplicates, no deadlocks, no lost rows."""
from __future__ import annotations

import threading

import pytest

from eventwire.store import Store
from tests.store.records_factory import small_record


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_writers_with_overlapping_batches_in_opposite_orders_store_each_article_once(dbs):
    """Four writers, each writing the same 120 articles in batches, two forwards and two
    backwards (the order that deadlocks naive writers), some with changed content."""
    db = dbs.new()
    Store(db).close()
    recs = [small_record(i) for i in range(120)]
    results, failures = [], []

    def writer(order: list, batch: int) -> None:
        try:
            with Store(db) as store:
                results.append(store.write([recs[i] for i in order], batch_size=batch))
        except Exception as e:   # collected: the assertion names it
            failures.append(repr(e))

    forwards, backwards = list(range(120)), list(range(119, -1, -1))
    threads = [threading.Thread(target=writer, args=a) for a in
               [(forwards, 7), (backwards, 11), (forwards[::2] + forwards[1::2], 5),
                (backwards, 13)]]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
    with Store(db) as store:
        layers = store.stats()["layers"]
        assert layers["articles"] == 120 and layers["events"] == 120
        assert layers["actors"] == 120 and layers["places"] == 120
        for i in (0, 59, 119):
            assert store.record(f"bulk-{i}").as_dict() == recs[i].as_dict()
    # every article was written by exactly one writer; the others found it and skipped it
    assert sum(r["written"] for r in results) == 120
    assert sum(r["skipped"] for r in results) == 3 * 120
    assert all(r["failed"] == 0 and r["replaced"] == 0 for r in results)


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_two_ingests_of_overlapping_files_at_once_store_each_article_once(dbs, tmp_path):
    """Two real ``eventwire ingest`` processes, started together on overlapping inputs,
    into one PostgreSQL database: the store equals one ingest of the union into SQLite."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    from eventwire.runner import ingest_to_store
    from tests.corpus import write_jsonl

    files = [str(write_jsonl(tmp_path / f"a{n:02d}.jsonl", [n])) for n in range(24)]
    db = dbs.new()
    env = dict(os.environ)
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[2] / "src") + os.pathsep + \
        env.get("PYTHONPATH", "")
    cmd = [sys.executable, "-m", "eventwire.cli", "ingest", "--db", db, "--batch-size", "2"]
    procs = [subprocess.Popen(cmd + part, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
             for part in (files[:16], files[8:][::-1])]      # 8 files in common
    outs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    ref = str(tmp_path / "ref.db")
    ingest_to_store(files, ref)
    with Store(db) as pg, Store(ref) as lite:
        assert pg.stats()["layers"]["articles"] == 24
        assert pg.stats() == lite.stats()
        ids = [r["id"] for r in pg.sql("SELECT id FROM articles")]
        assert len(ids) == len(set(ids)) == 24
        assert pg.article_ids() == lite.article_ids()
        for aid in lite.article_ids()[::5]:
            assert pg.record(aid).as_dict() == lite.record(aid).as_dict()
