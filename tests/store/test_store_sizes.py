"""Magnitudes in the store: every count round-trips, queries filter on them,
and the CLI shows and filters them."""
from __future__ import annotations

import csv
import io

import pytest
from click.testing import CliRunner

from eventwire.cli import main
from eventwire.errors import StoreError
from eventwire.records import Size
from eventwire.store import Store
from tests.store.records_factory import protest_record, small_record


def _with_sizes():
    attack = small_record(1)
    text = attack.article.text
    attack.events[0].size = [Size("dead", 12, "AT_LEAST", "x", (0, 1)), Size("dead", 15, None, "y", (1, 2)),
                             Size("injured", 30, None, "z", (2, 3))]
    protest = protest_record()
    protest.events[0].size = [Size("participants", 5000, "APPROX", "some 5,000", None)]
    assert text  # spans here only need to lie inside the text
    return attack, protest


def test_sizes_round_trip_and_columns(dbs):
    attack, protest = _with_sizes()
    with Store(dbs.new("s.db")) as store:
        store.write_batch([attack, protest])
        assert store.record(attack.article.id).as_dict() == attack.as_dict()
        assert store.record(protest.article.id).events[0].size == protest.events[0].size
        rows = {r["type"]: r for r in store.events()}
        # the largest count of each field: an updated toll keeps both figures in the record
        assert (rows["ASSAULT"]["dead"], rows["ASSAULT"]["injured"]) == (15, 30)
        assert rows["ASSAULT"]["arrested"] is None
        assert rows["PROTEST"]["participants"] == 5000
        assert store.stats()["layers"]["event_sizes"] == 4


def test_min_filters(dbs):
    attack, protest = _with_sizes()
    with Store(dbs.new("s.db")) as store:
        store.write_batch([attack, protest, small_record(2)])
        assert [r["type"] for r in store.events(min_dead=13)] == ["ASSAULT"]
        assert store.events(min_dead=16) == []
        assert [r["type"] for r in store.events(min_participants=1000)] == ["PROTEST"]
        assert [r["type"] for r in store.events(min_injured=0)] == ["ASSAULT"]
        assert len(store.events()) == 3
        with pytest.raises(StoreError) as e:
            store.events(min_dead=-1)
        assert e.value.code == "EW304"


def test_cli_min_dead_and_csv_columns(dbs):
    attack, protest = _with_sizes()
    db = dbs.new("s.db")
    with Store(db) as store:
        store.write_batch([attack, protest])
    r = CliRunner().invoke(main, ["events", "--db", str(db), "--min-dead", "10", "--format", "csv"])
    assert r.exit_code == 0, r.output
    rows = list(csv.DictReader(io.StringIO(r.output)))
    assert [(x["type"], x["dead"], x["injured"], x["participants"]) for x in rows] == \
        [("ASSAULT", "15", "30", "")]
    r = CliRunner().invoke(main, ["events", "--db", str(db)])
    assert "dead 15, injured 30" in r.output and "participants 5000" in r.output
    r = CliRunner().invoke(main, ["events", "--db", str(db), "--min-arrested", "-3"])
    assert r.exit_code == 2 and "-3" in r.output
