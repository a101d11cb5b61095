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
