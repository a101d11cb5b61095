"""``extract --format parquet``: one typed, month-partitioned Parquet data set that holds
exactly the JSON Lines records."""
from __future__ import annotations

import json

import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from eventwire.cli import main
from eventwire.errors import InputError
from eventwire.parquet import extract_to_parquet
from eventwire.runner import extract_to_jsonl
from tests.corpus import write_jsonl


def _table(root, name) -> list[dict]:
    return ds.dataset(root / name, format="parquet", partitioning="hive").to_table().to_pylist()


def _span(s, e):
    return None if s is None else [s, e]


def records_from_dataset(root) -> dict[str, dict]:
    """Contract records rebuilt from the six tables (independently of the writer)."""
    by = {t: {} for t in ("actors", "events", "quotes", "places", "times")}
    for t in by:
        for r in _table(root, t):
            by[t].setdefault(r["article_id"], []).append(r)
    for t in by:
        for rows in by[t].values():
            rows.sort(key=lambda r: r["ord"])
    out = {}
    for a in _table(root, "articles"):
        aid = a["article_id"]
        assert a["month"] == (a["date"][:7] if a["date"] else "unknown")
        out[aid] = {
            "article": {"id": aid, "title": a["title"], "date": a["date"], "url": a["url"],
                        "source": a["source"], "text": a["text"]},
            "sentences": [{"i": s["i"], "span": [s["start"], s["end"]]} for s in a["sentences"]],
            "actors": [{"id": r["id"], "name": r["name"], "text": r["text"],
                        "span": _span(r["start"], r["end"]),
                        "mentions": [[m["start"], m["end"]] for m in r["mentions"]],
                        "country": r["country"], "sector": r["sector"], "code": r["code"],
                        "kind": r["kind"]} for r in by["actors"].get(aid, [])],
            "events": [{"id": r["id"], "sentence": r["sentence"],
                        "trigger": {"text": r["trigger_text"],
                                    "span": _span(r["trigger_start"], r["trigger_end"])},
                        "plover": {"type": r["plover_type"], "mode": r["plover_mode"],
                                   "context": r["plover_context"]},
                        "cameo": {"code": r["cameo_code"], "root": r["cameo_root"],
                                  "quad_class": r["quad_class"], "goldstein": r["goldstein"]},
                        "source": r["source"], "target": r["target"], "negated": r["negated"],
                        "modality": r["modality"], "reported_by": r["reported_by"],
                        "date": {"value": r["date_value"], "time": r["date_time"],
                                 "defaulted": r["date_defaulted"]},
                        "location": {"place": r["place_id"], "defaulted": r["place_defaulted"]},
                        "rule": r["rule"], "confidence": r["confidence"],
                        "size": [{"field": z["field"], "value": z["value"], "mod": z["mod"],
                                  "text": z["text"], "span": _span(z["start"], z["end"])}
                                 for z in r["size"]]}
                       for r in by["events"].get(aid, [])],
            "quotes": [{"id": r["id"], "kind": r["kind"],
                        "content": {"text": r["content_text"],
                                    "span": _span(r["content_start"], r["content_end"])},
                        "cue": None if r["cue_start"] is None else {
                            "text": r["cue_text"], "span": [r["cue_start"], r["cue_end"]]},
                        "speaker": None if r["speaker_start"] is None else {
                            "text": r["speaker_text"],
                            "span": [r["speaker_start"], r["speaker_end"]],
                            "actor": r["speaker_actor"]}}
                       for r in by["quotes"].get(aid, [])],
            "places": [{k: r[k] for k in ("id", "text")} | {"span": _span(r["start"], r["end"])}
                       | {k: r[k] for k in ("name", "geonameid", "lat", "lon", "country",
                                            "admin1", "feature", "population", "literal")}
                       for r in by["places"].get(aid, [])],
            "times": [{"id": r["id"], "text": r["text"], "span": _span(r["start"], r["end"]),
                       "type": r["type"], "value": r["value"], "mod": r["mod"],
                       "start": r["start_date"], "end": r["end_date"]}
                      for r in by["times"].get(aid, [])],
            "errors": [{"code": e["code"], "message": e["message"]} for e in a["errors"]]}
    return out


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    d = tmp_path_factory.mktemp("pq")
    src = write_jsonl(d / "in.jsonl", range(14))
    extract_to_jsonl([str(src)], str(d / "out.jsonl"))
    jsonl = [json.loads(line) for line in (d / "out.jsonl").read_text().splitlines()]
    summary = extract_to_parquet([str(src)], str(d / "ds"), row_group_rows=8)
    assert summary.articles == len(jsonl) == 14
    return d, jsonl


def test_parquet_read_back_with_pyarrow_equals_the_jsonl_records(corpus):
    d, jsonl = corpus
    assert sum(len(r["events"]) for r in jsonl) > 14 and any(r["quotes"] for r in jsonl)
    assert any(e.get("size") for r in jsonl for e in r["events"])
    back = records_from_dataset(d / "ds")
    assert back == {r["article"]["id"]: r for r in jsonl}


def test_tables_have_typed_columns_and_month_partitions(corpus):
    d, jsonl = corpus
    events = ds.dataset(d / "ds" / "events", format="parquet", partitioning="hive")
    types = {f.name: f.type for f in events.schema}
    assert types["goldstein"] == pa.float64() and types["negated"] == pa.bool_()
    assert types["trigger_start"] == pa.int32() and types["quad_class"] == pa.int8()
    assert types["source"] == pa.list_(pa.string())
    arts = ds.dataset(d / "ds" / "articles", format="parquet", partitioning="hive")
    assert arts.schema.field("day").type == pa.date32()
    months = sorted(p.name for p in (d / "ds" / "articles").iterdir())
    assert months == ["month=2015-01", "month=2015-02", "month=2015-03", "month=2015-04",
                      "month=2015-05", "month=unknown"]
    may = arts.to_table(filter=ds.field("month") == "2015-05").column("date").to_pylist()
    assert may and all(x.startswith("2015-05") for x in may)


def test_rows_are_streamed_in_row_groups(corpus):
    d, _ = corpus
    groups = [pq.ParquetFile(f).num_row_groups
              for f in (d / "ds" / "actors").rglob("*.parquet")]
    assert max(groups) > 1          # written as rows came, 8 rows per group


def test_a_non_empty_output_folder_is_refused(tmp_path):
    (tmp_path / "ds").mkdir()
    (tmp_path / "ds" / "keep.txt").write_text("mine")
    with pytest.raises(InputError) as e:
        extract_to_parquet([str(write_jsonl(tmp_path / "in.jsonl", [1]))], str(tmp_path / "ds"))
    assert e.value.code == "EW150"
    assert (tmp_path / "ds" / "keep.txt").read_text() == "mine"


def test_cli_extract_format_parquet(tmp_path):
    src = write_jsonl(tmp_path / "in.jsonl", [3, 4])
    res = CliRunner().invoke(main, ["extract", str(src), "--format", "parquet",
                                    "-o", str(tmp_path / "out")])
    assert res.exit_code == 0, res.output
    assert len(_table(tmp_path / "out", "articles")) == 2
    res = CliRunner().invoke(main, ["extract", str(src), "--format", "parquet"])
    assert res.exit_code != 0 and "needs -o FOLDER" in res.output
