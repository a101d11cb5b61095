"""Extraction records as one Parquet data set (``eventwire extract ... --format parquet -o DIR``).

Layout (Hive partitioning, readable by pyarrow, pandas, polars, DuckDB and Spark)::

    DIR/articles/month=2015-05/part-0.parquet
    DIR/events/month=2015-05/part-0.parquet
    DIR/{actors,quotes,places,times}/month=.../part-N.parquet

``month`` is the article's publication month (``YYYY-MM``; ``unknown`` when the
article has no date); every row of every table carries ``article_id``, and the
layer tables ``ord`` (the position in the record's list) and the record-local
``id``, so ``(article_id, id)`` joins events to actors, places and times as in
the JSON record. Columns are typed (:data:`SCHEMAS`): spans as ``int32``
``start``/``end``, flags as ``bool``, Goldstein and coordinates as ``float64``,
lists as Arrow lists. Everything in the JSON Lines record is in the data set
(``docs/output.md`` shows the record; ``docs/scale.md`` the tables).

The data set is written while records stream in: rows are buffered per table and
month and written as a row group every :data:`ROW_GROUP_ROWS` rows, so memory is
bounded whatever the corpus size. It is written in a temporary folder beside
``DIR`` and moved into place at the end, so ``DIR`` is never half-written.
"""
from __future__ import annotations

import os
import re
import shutil
import tempfile
import time
from collections import OrderedDict
from datetime import date as _date
from typing import Any, Callable, Iterable

import pyarrow as pa
import pyarrow.parquet as pq

from .config import Settings
from .errors import InputError
from .ingest import InputProblem
from .records import Record

ROW_GROUP_ROWS = 20_000
MAX_OPEN_FILES = 64            # open writers beyond this are closed (a new part on reuse)

_i32, _str, _f64, _bool = pa.int32(), pa.string(), pa.float64(), pa.bool_()
_SPAN = pa.struct([("start", _i32), ("end", _i32)])


def _schema(*cols: tuple[str, pa.DataType]) -> pa.Schema:
    return pa.schema(list(cols))


# the tables, as named column lists
SCHEMAS: dict[str, pa.Schema] = {
    "articles": _schema(
        ("article_id", _str), ("title", _str), ("date", _str), ("day", pa.date32()),
        ("url", _str), ("source", _str), ("path", _str), ("text", _str),
        ("sentences", pa.list_(pa.struct([("i", _i32), ("start", _i32), ("end", _i32)]))),
        ("errors", pa.list_(pa.struct([("code", _str), ("message", _str)])))),
    "actors": _schema(
        ("article_id", _str), ("ord", _i32), ("id", _str), ("name", _str), ("text", _str),
        ("start", _i32), ("end", _i32), ("mentions", pa.list_(_SPAN)), ("country", _str),
        ("sector", _str), ("code", _str), ("kind", _str)),
    "events": _schema(
        ("article_id", _str), ("ord", _i32), ("id", _str), ("sentence", _i32),
        ("trigger_text", _str), ("trigger_start", _i32), ("trigger_end", _i32),
        ("plover_type", _str), ("plover_mode", _str), ("plover_context", pa.list_(_str)),
        ("cameo_code", _str), ("cameo_root", _str), ("quad_class", pa.int8()),
        ("goldstein", _f64), ("source", pa.list_(_str)), ("target", pa.list_(_str)),
        ("negated", _bool), ("modality", _str), ("reported_by", _str), ("date_value", _str),
        ("date_time", _str), ("date_defaulted", _bool), ("place_id", _str),
        ("place_defaulted", _bool), ("rule", _str), ("confidence", _f64),
        ("size", pa.list_(pa.struct([("field", _str), ("value", pa.int64()), ("mod", _str),
                                     ("text", _str), ("start", _i32), ("end", _i32)])))),
    "quotes": _schema(
        ("article_id", _str), ("ord", _i32), ("id", _str), ("kind", _str),
        ("content_text", _str), ("content_start", _i32), ("content_end", _i32),
        ("cue_text", _str), ("cue_start", _i32), ("cue_end", _i32), ("speaker_text", _str),
        ("speaker_start", _i32), ("speaker_end", _i32), ("speaker_actor", _str)),
    "places": _schema(
        ("article_id", _str), ("ord", _i32), ("id", _str), ("text", _str), ("start", _i32),
        ("end", _i32), ("name", _str), ("geonameid", pa.int64()), ("lat", _f64),
        ("lon", _f64), ("country", _str), ("admin1", _str), ("feature", _str),
        ("population", pa.int64()), ("literal", _bool)),
    "times": _schema(
        ("article_id", _str), ("ord", _i32), ("id", _str), ("text", _str), ("start", _i32),
        ("end", _i32), ("type", _str), ("value", _str), ("mod", _str), ("start_date", _str),
        ("end_date", _str)),
}
TABLES = tuple(SCHEMAS)

_MONTH = re.compile(r"^(\d{4})-(\d{2})")


def month_of(date: str | None) -> str:
    """The partition of an article: ``YYYY-MM`` of its date, or ``unknown``."""
    m = _MONTH.match(date or "")
    return f"{m.group(1)}-{m.group(2)}" if m else "unknown"


def _day(date: str | None) -> _date | None:
    try:
        return _date.fromisoformat(date[:10]) if date else None
    except ValueError:
        return None


def _se(span: list[int] | None) -> tuple[int | None, int | None]:
    return (span[0], span[1]) if span else (None, None)


def rows_of(rec: dict[str, Any], path: str | None = None) -> dict[str, list[dict]]:
    """The rows of one contract record (its ``as_dict()``), table by table."""
    art, aid = rec["article"], rec["article"]["id"]
    out: dict[str, list[dict]] = {t: [] for t in TABLES}
    out["articles"].append({
        "article_id": aid, "title": art.get("title"), "date": art.get("date"),
        "day": _day(art.get("date")), "url": art.get("url"), "source": art.get("source"),
        "path": path, "text": art["text"],
        "sentences": [{"i": s["i"], "start": s["span"][0], "end": s["span"][1]}
                      for s in rec["sentences"]],
        "errors": [{"code": e["code"], "message": e["message"]} for e in rec["errors"]]})
    for k, a in enumerate(rec["actors"]):
        s, e = _se(a["span"])
        out["actors"].append({
            "article_id": aid, "ord": k, "id": a["id"], "name": a["name"], "text": a["text"],
            "start": s, "end": e, "mentions": [{"start": m[0], "end": m[1]} for m in a["mentions"]],
            "country": a["country"], "sector": a["sector"], "code": a["code"], "kind": a["kind"]})
    for k, ev in enumerate(rec["events"]):
        s, e = _se(ev["trigger"]["span"])
        out["events"].append({
            "article_id": aid, "ord": k, "id": ev["id"], "sentence": ev["sentence"],
            "trigger_text": ev["trigger"]["text"], "trigger_start": s, "trigger_end": e,
            "plover_type": ev["plover"]["type"], "plover_mode": ev["plover"]["mode"],
            "plover_context": ev["plover"]["context"], "cameo_code": ev["cameo"]["code"],
            "cameo_root": ev["cameo"]["root"], "quad_class": ev["cameo"]["quad_class"],
            "goldstein": ev["cameo"]["goldstein"], "source": ev["source"], "target": ev["target"],
            "negated": ev["negated"], "modality": ev["modality"],
            "reported_by": ev["reported_by"], "date_value": ev["date"]["value"],
            "date_time": ev["date"]["time"], "date_defaulted": ev["date"]["defaulted"],
            "place_id": ev["location"]["place"], "place_defaulted": ev["location"]["defaulted"],
            "rule": ev["rule"], "confidence": ev["confidence"],
            "size": [{"field": z["field"], "value": z["value"], "mod": z["mod"],
                      "text": z["text"], "start": _se(z["span"])[0], "end": _se(z["span"])[1]}
                     for z in ev.get("size", [])]})
    for k, q in enumerate(rec["quotes"]):
        cue, spk = q["cue"] or {}, q["speaker"] or {}
        cs, ce = _se(q["content"]["span"])
        us, ue = _se(cue.get("span"))
        ss, sn = _se(spk.get("span"))
        out["quotes"].append({
            "article_id": aid, "ord": k, "id": q["id"], "kind": q["kind"],
            "content_text": q["content"]["text"], "content_start": cs, "content_end": ce,
            "cue_text": cue.get("text"), "cue_start": us, "cue_end": ue,
            "speaker_text": spk.get("text"), "speaker_start": ss, "speaker_end": sn,
            "speaker_actor": spk.get("actor")})
    for k, p in enumerate(rec["places"]):
        s, e = _se(p["span"])
        out["places"].append({
            "article_id": aid, "ord": k, "id": p["id"], "text": p["text"], "start": s, "end": e,
            "name": p["name"], "geonameid": p["geonameid"], "lat": p["lat"], "lon": p["lon"],
            "country": p["country"], "admin1": p["admin1"], "feature": p["feature"],
            "population": p["population"], "literal": p["literal"]})
    for k, t in enumerate(rec["times"]):
        s, e = _se(t["span"])
        out["times"].append({
            "article_id": aid, "ord": k, "id": t["id"], "text": t["text"], "start": s, "end": e,
            "type": t["type"], "value": t["value"], "mod": t["mod"], "start_date": t["start"],
            "end_date": t["end"]})
    return out


class DatasetWriter:
    """Streams records into a partitioned Parquet data set at ``root`` (module doc)."""

    def __init__(self, root: str, row_group_rows: int = ROW_GROUP_ROWS,
                 max_open: int = MAX_OPEN_FILES):
        self.root, self.row_group_rows, self.max_open = root, row_group_rows, max_open
        self.buffers: dict[tuple[str, str], list[dict]] = {}
        self.writers: OrderedDict[tuple[str, str], pq.ParquetWriter] = OrderedDict()
        self.parts: dict[tuple[str, str], int] = {}
        self.rows = {t: 0 for t in TABLES}

    def add(self, rec: Record) -> None:
        month = month_of(rec.article.date)
        for table, rows in rows_of(rec.as_dict(), rec.article.path).items():
            if not rows:
                continue
            buf = self.buffers.setdefault((table, month), [])
            buf += rows
            if len(buf) >= self.row_group_rows:
                self._flush((table, month))

    def _flush(self, key: tuple[str, str]) -> None:
        rows = self.buffers.pop(key, [])
        if not rows:
            return
        table, month = key
        w = self.writers.get(key)
        if w is None:
            while len(self.writers) >= self.max_open:
                _, old = self.writers.popitem(last=False)
                old.close()
            part = self.parts.get(key, 0)
            self.parts[key] = part + 1
            folder = os.path.join(self.root, table, f"month={month}")
            os.makedirs(folder, exist_ok=True)
            w = pq.ParquetWriter(os.path.join(folder, f"part-{part}.parquet"), SCHEMAS[table],
                                 compression="zstd")
            self.writers[key] = w
        else:
            self.writers.move_to_end(key)
        w.write_table(pa.Table.from_pylist(rows, schema=SCHEMAS[table]))
        self.rows[table] += len(rows)

    def close(self) -> None:
        for key in list(self.buffers):
            self._flush(key)
        for w in self.writers.values():
            w.close()
        self.writers.clear()
        for table in TABLES:   # every table exists, with its schema, even when empty
            folder = os.path.join(self.root, table)
            if not os.path.isdir(folder):
                os.makedirs(os.path.join(folder, "month=unknown"))
                pq.write_table(SCHEMAS[table].empty_table(),
                               os.path.join(folder, "month=unknown", "part-0.parquet"))


def _check_target(output: str) -> None:
    if os.path.exists(output) and (not os.path.isdir(output) or os.listdir(output)):
        raise InputError("EW150", "the Parquet output must be a new or empty folder", output)


def extract_to_parquet(inputs: Iterable[str], output: str, workers: int = 1,
                       input_format: str | None = None, settings: Settings | None = None,
                       report: Callable[[InputProblem], None] | None = None,
                       dask: str | None = None, row_group_rows: int = ROW_GROUP_ROWS):
    """Write the records of ``inputs`` as a Parquet data set in the folder ``output``."""
    from .runner import Summary, counted, records_of
    _check_target(output)
    summary, t0 = Summary(target=output), time.perf_counter()
    parent = os.path.dirname(os.path.abspath(output))
    tmp: str | None = tempfile.mkdtemp(prefix=".eventwire-", suffix=".parquet", dir=parent)
    try:
        writer = DatasetWriter(str(tmp), row_group_rows)
        for rec in counted(records_of(inputs, input_format, workers, settings, dask),
                           summary, report):
            writer.add(rec)
        writer.close()
        _check_target(output)
        if os.path.isdir(output):
            os.rmdir(output)
        os.replace(str(tmp), output)
        tmp = None
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)
    summary.seconds = time.perf_counter() - t0
    return summary
