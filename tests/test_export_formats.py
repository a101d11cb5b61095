"""Exports read back equal the store: CSV (csv module), Parquet (pyarrow), JSON Lines;
GDELT and PLOVER files carry the codebook's column and field names."""
from __future__ import annotations

import csv
import json

import pytest

from eventwire import Store
from eventwire.errors import StoreError
from eventwire.export import (COLUMNS, GDELT_EVENT_COLUMNS, GDELT_MENTION_COLUMNS, export,
                              mentions_path, read_csv, records)

from tests.dedup.reports import KABUL, report
from tests.store.conftest import backend, dbs  # noqa: F401  (both store backends)
from tests.store.records_factory import lavrov_record, protest_record


@pytest.fixture()
def store(dbs):
    with Store(dbs.new()) as s:
        s.write([lavrov_record(), protest_record(),
                 report("r1", "2024-03-04", "ASSAULT", "183", ["TALREB"], ["AFGCVL"], KABUL,
                        "2024-03-03"),
                 _with_size(report("r2", "2024-03-04", "ASSAULT", "183", ["TAL"], ["AFGCVL"],
                                   KABUL, "2024-03-03", outlet=None))])
        yield s


def _with_size(rec):
    from eventwire.records import Size
    rec.events[0].size = [Size("dead", 12, "AT_LEAST", "at least 12")]
    return rec


def _expected(store, kind):
    out = []
    for r in records(store, kind):
        row = {k: r.get(k) for k in COLUMNS[kind]}
        if kind == "happenings":
            row["mentions_list"] = [{"article": m["article"], "event": m["id"],
                                     "role": m["role"], "outlet": m["outlet"]}
                                    for m in r["mentions_list"]]
        out.append(row)
    return out


@pytest.mark.parametrize("kind", ["events", "happenings", "quotes", "places"])
def test_csv_reads_back_equal(store, tmp_path, kind):
    path = tmp_path / f"{kind}.csv"
    res = export(store, kind, "csv", str(path))
    back = list(read_csv(str(path), kind))
    assert back == _expected(store, kind) and res["rows"] == len(back) > 0
    with open(path, newline="", encoding="utf-8") as f:
        assert next(csv.reader(f)) == list(COLUMNS[kind])


@pytest.mark.parametrize("kind", ["events", "happenings", "quotes", "places"])
def test_parquet_reads_back_equal_with_types(store, tmp_path, kind):
    pq = pytest.importorskip("pyarrow.parquet")
    path = tmp_path / f"{kind}.parquet"
    export(store, kind, "parquet", str(path))
    table = pq.read_table(path)
    rows = table.to_pylist()
    exp = _expected(store, kind)
    for r in exp:                               # json columns are JSON text in Parquet
        if "size" in r:
            r["size"] = None if r["size"] is None else json.dumps(r["size"], ensure_ascii=False)
    assert rows == exp
    types = {f.name: str(f.type) for f in table.schema}
    if kind == "events":
        assert types["quad_class"] == "int64" and types["lat"] == "double"
        assert types["source_code"] == "list<element: string>"


def test_happenings_jsonl_has_what_the_dedup_scorer_reads(store, tmp_path):
    path = tmp_path / "h.jsonl"
    export(store, "happenings", "jsonl", str(path))
    hs = [json.loads(line) for line in open(path, encoding="utf-8")]
    [bomb] = [h for h in hs if h["plover"]["type"] == "ASSAULT"]
    assert {m["article"] for m in bomb["mentions"]} == {"r1", "r2"}
    assert all({"article", "event"} <= set(m) for h in hs for m in h["mentions"])
    assert bomb["source"] == ["TALREB", "TAL"] and bomb["counts"]["sources"] == 2
    assert len({h["id"] for h in hs}) == len(hs)


def test_gdelt_events_and_mentions(store, tmp_path):
    path = tmp_path / "h.tsv"
    res = export(store, "happenings", "gdelt", str(path))
    assert res["files"] == [str(path), mentions_path(str(path))]
    with open(path, encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    assert list(rows[0]) == list(GDELT_EVENT_COLUMNS)
    [bomb] = [r for r in rows if r["EventCode"] == "183"]
    assert (bomb["Day"], bomb["EventRootCode"], bomb["QuadClass"]) == ("20240303", "18", "4")
    assert (bomb["Actor1Code"], bomb["Actor1CountryCode"], bomb["Actor1Type1Code"]) == \
        ("TALREB", "TAL", "REB")
    assert (bomb["NumMentions"], bomb["NumArticles"], bomb["ActionGeo_FeatureID"]) == \
        ("2", "2", str(KABUL[1]))
    with open(mentions_path(str(path)), encoding="utf-8") as f:
        ms = list(csv.DictReader(f, delimiter="\t"))
    assert list(ms[0]) == list(GDELT_MENTION_COLUMNS)
    assert sorted(m["ArticleID"] for m in ms if m["GlobalEventID"] == bomb["GlobalEventID"]) \
        == ["r1", "r2"]


def test_plover_records_use_polecat_fields(store, tmp_path):
    path = tmp_path / "e.jsonl"
    export(store, "events", "plover", str(path))
    recs = [json.loads(line) for line in open(path, encoding="utf-8")]
    [meet] = [r for r in recs if r["Event Type"] == "CONSULT"]
    assert (meet["Actor Country"], meet["Recipient Country"], meet["Placename"]) == \
        ("RUS", "IRQ", "Moscow")
    assert meet["Event Date"] == "2015-05-21" and meet["Quad Code"] == "V-COOP"


def test_gdelt_of_quotes_is_a_coded_error(store, tmp_path):
    with pytest.raises(StoreError) as e:
        export(store, "quotes", "gdelt", str(tmp_path / "q.tsv"))
    assert e.value.code == "EW304"
    assert not (tmp_path / "q.tsv").exists()


def test_counts_travel_with_events_and_happenings(store, tmp_path):
    path = tmp_path / "e.jsonl"
    export(store, "events", "jsonl", str(path))
    [ev] = [json.loads(x) for x in open(path, encoding="utf-8") if '"r2"' in x]
    assert ev["size"] == [{"field": "dead", "value": 12, "mod": "AT_LEAST", "text": "at least 12"}]
    export(store, "happenings", "jsonl", str(path))
    [h] = [json.loads(x) for x in open(path, encoding="utf-8") if '"ASSAULT"' in x]
    assert [(z["field"], z["value"]) for z in h["size"]] == [("dead", 12)]


def test_plover_records_carry_the_size_object_under_plovers_names(store, tmp_path):
    path = tmp_path / "e.jsonl"
    export(store, "events", "plover", str(path))
    recs = [json.loads(line) for line in open(path, encoding="utf-8")]
    assert [r["size"] for r in recs if r["size"]] == [{"dead": 12}]
    assert all(r["size"] is None for r in recs if r["Event Type"] != "ASSAULT")
    export(store, "happenings", "plover", str(path))
    hs = [json.loads(line) for line in open(path, encoding="utf-8")]
    assert [h["size"] for h in hs if h["size"]] == [{"dead": 12}]
