"""Exports: the store's events, happenings, quotes and places as files, streamed.

    >>> from eventwire import Store
    >>> from eventwire.export import export
    >>> with Store("eventwire.db") as store:
    ...     export(store, "happenings", "jsonl", "happenings.jsonl")

Formats (``FORMATS``):

``jsonl``    one JSON object a line. Happenings carry ``mentions`` (the reports:
             article, event, outlet, title, date) and ``recalls`` (background
             mentions in later articles); the file is what ``score.py dedup`` reads.
``csv``      one row a record, the columns of ``COLUMNS[kind]``; list and nested
             values are JSON text in their cell, missing values are empty.
``parquet``  the same columns, typed (strings, 64-bit integers, doubles, booleans,
             lists of strings; a happening's mentions as a list of structs).
``gdelt``    GDELT 2.0-style tab-separated files with a header line of the GDELT
             Event codebook's column names: ``PATH`` holds the events (a happening,
             or an event, a row) and ``PATH`` with ``.mentions`` before its extension
             the mentions (one row per report); eventwire's own columns come last.
``plover``   JSON Lines of PLOVER records with POLECAT's field names.

Every writer holds one chunk of rows at a time (the store is read with a
cursor, Parquet written in row groups), so memory stays flat on a store of
millions of events. Files are written under a temporary name and renamed at
the end: a failed export leaves no half file.
"""
from __future__ import annotations

import csv
import hashlib
import json
import os
import tempfile
from contextlib import contextmanager
from typing import Any, Callable, Iterable, Iterator

from . import __version__
from .errors import StoreError
from .store import stream

KINDS = ("events", "happenings", "quotes", "places")
FORMATS = ("jsonl", "csv", "parquet", "gdelt", "plover")
ROW_GROUP = 5000

# column name -> type: str | int | float | bool | list (of str) | json | mentions
COLUMNS: dict[str, dict[str, str]] = {
    "events": {
        "article": "str", "id": "str", "happening": "str", "role": "str", "date": "str",
        "day": "str", "date_defaulted": "bool", "type": "str", "mode": "str",
        "context": "list", "cameo": "str", "cameo_root": "str", "quad_class": "int",
        "goldstein": "float", "source": "list", "source_code": "list",
        "source_country": "list", "target": "list", "target_code": "list",
        "target_country": "list", "place": "str", "place_country": "str",
        "geonameid": "int", "lat": "float", "lon": "float", "feature": "str",
        "trigger": "str", "trigger_start": "int", "trigger_end": "int", "sentence": "int",
        "negated": "bool", "modality": "str", "rule": "str", "confidence": "float",
        "title": "str", "url": "str", "outlet": "str", "article_date": "str", "size": "json"},
    "happenings": {
        "id": "str", "date": "str", "day": "str", "precision": "str", "type": "str",
        "cameo": "str", "quad_class": "int", "source": "list", "target": "list",
        "symmetric": "bool", "place": "str", "geonameid": "int", "country": "str",
        "lat": "float", "lon": "float", "feature": "str", "mentions": "int",
        "articles": "int", "sources": "int", "recalls": "int", "first_seen": "str",
        "last_seen": "str", "confidence": "float", "size": "json", "sentence": "str",
        "mentions_list": "mentions"},
    "quotes": {
        "article": "str", "id": "str", "kind": "str", "content": "str",
        "content_start": "int", "content_end": "int", "cue": "str", "speaker": "str",
        "speaker_start": "int", "speaker_end": "int", "actor": "str", "actor_id": "str",
        "actor_code": "str", "country": "str", "date": "str", "title": "str"},
    "places": {
        "article": "str", "id": "str", "text": "str", "start": "int", "end": "int",
        "name": "str", "geonameid": "int", "lat": "float", "lon": "float", "country": "str",
        "admin1": "str", "feature": "str", "population": "int", "literal": "bool"},
}
MENTION_FIELDS = ("article", "event", "role", "outlet")


# ---------------------------------------------------------------- entry point

def export(store, kind: str, fmt: str, path: str) -> dict[str, Any]:
    """Write ``kind`` (``KINDS``) from ``store`` as ``fmt`` (``FORMATS``) to ``path``.
    Returns ``rows`` (records written) and ``files`` (paths written). An unknown kind or
    format, or ``gdelt``/``plover`` for quotes or places, is StoreError EW304."""
    if kind not in KINDS:
        raise StoreError("EW304", f"cannot export {kind!r}: choose one of {', '.join(KINDS)}")
    if fmt not in FORMATS:
        raise StoreError("EW304", f"unknown export format {fmt!r}: choose one of "
                                  f"{', '.join(FORMATS)}")
    if fmt in ("gdelt", "plover") and kind not in ("events", "happenings"):
        raise StoreError("EW304", f"format {fmt} exports events and happenings, not {kind}")
    rows = records(store, kind)
    if fmt == "jsonl":
        shape = happening_json if kind == "happenings" else (lambda r: r)
        return {"rows": _write_lines(path, (json.dumps(shape(r), ensure_ascii=False)
                                            for r in rows)), "files": [path]}
    if fmt == "csv":
        return {"rows": write_csv(path, kind, rows), "files": [path]}
    if fmt == "parquet":
        return {"rows": write_parquet(path, kind, rows), "files": [path]}
    if fmt == "plover":
        shape = plover_happening if kind == "happenings" else plover_event
        return {"rows": _write_lines(path, (json.dumps(shape(r), ensure_ascii=False)
                                            for r in rows)), "files": [path]}
    return write_gdelt(path, kind, rows)


def records(store, kind: str) -> Iterator[dict[str, Any]]:
    """The rows of ``kind``, streamed from the store."""
    return {"events": stream.events, "happenings": stream.happenings, "quotes": stream.quotes,
            "places": stream.places}[kind](store.con)


# ---------------------------------------------------------------- files

@contextmanager
def _atomic(path: str, newline: str | None = None, binary: bool = False):
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".eventwire-", dir=folder)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)         # as a plainly created file would be
    try:
        f = os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding="utf-8",
                                                         newline=newline)
        with f:
            yield f if not binary else tmp
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def _write_lines(path: str, lines: Iterable[str]) -> int:
    n = 0
    with _atomic(path) as f:
        for line in lines:
            f.write(line + "\n")
            n += 1
    return n


# ---------------------------------------------------------------- JSON Lines

def _mention_json(m: dict[str, Any]) -> dict[str, Any]:
    return {"article": m["article"], "event": m["id"], "outlet": m["outlet"],
            "title": m["title"], "date": m["article_date"], "url": m["url"],
            "trigger": m["trigger"], "sentence": m["sentence"]}


def happening_json(h: dict[str, Any]) -> dict[str, Any]:
    """A happening as the JSONL export writes it (``score.py dedup`` reads this)."""
    ms = h.get("mentions_list") or []
    return {"id": h["id"], "plover": {"type": h["type"]},
            "cameo": {"code": h["cameo"], "quad_class": h["quad_class"]},
            "source": h["source"], "target": h["target"], "symmetric": h["symmetric"],
            "date": {"value": h["date"], "day": h["day"], "precision": h["precision"]},
            "place": {"name": h["place"], "geonameid": h["geonameid"], "country": h["country"],
                      "lat": h["lat"], "lon": h["lon"], "feature": h["feature"]},
            "counts": {"mentions": h["mentions"], "articles": h["articles"],
                       "sources": h["sources"], "recalls": h["recalls"]},
            "first_seen": h["first_seen"], "last_seen": h["last_seen"],
            "confidence": h["confidence"], "size": h["size"], "sentence": h["sentence"],
            "mentions": [_mention_json(m) for m in ms if m["role"] == "report"],
            "recalls": [_mention_json(m) for m in ms if m["role"] == "recall"]}


# ---------------------------------------------------------------- CSV and Parquet

def _flat(kind: str, r: dict[str, Any]) -> dict[str, Any]:
    out = {k: r.get(k) for k in COLUMNS[kind]}
    if kind == "happenings":
        out["mentions_list"] = [{"article": m["article"], "event": m["id"], "role": m["role"],
                                 "outlet": m["outlet"]} for m in r.get("mentions_list") or []]
    return out


def _csv_cell(v: Any, t: str) -> str:
    if v is None:
        return ""
    if t in ("list", "json", "mentions"):
        return json.dumps(v, ensure_ascii=False)
    if t == "bool":
        return "true" if v else "false"
    if t == "float":
        return repr(float(v))
    return str(v)


def write_csv(path: str, kind: str, rows: Iterable[dict[str, Any]]) -> int:
    cols = COLUMNS[kind]
    n = 0
    with _atomic(path, newline="") as f:
        w = csv.writer(f)
        w.writerow(list(cols))
        for r in rows:
            fr = _flat(kind, r)
            w.writerow([_csv_cell(fr[c], t) for c, t in cols.items()])
            n += 1
    return n


def read_csv(path: str, kind: str) -> Iterator[dict[str, Any]]:
    """Read back a CSV export with its types (the inverse of :func:`write_csv`)."""
    cols = COLUMNS[kind]
    with open(path, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            out: dict[str, Any] = {}
            for c, t in cols.items():
                v = row[c]
                if v == "" and t != "str":
                    out[c] = None
                elif t in ("list", "json", "mentions"):
                    out[c] = json.loads(v)
                elif t == "int":
                    out[c] = int(v)
                elif t == "float":
                    out[c] = float(v)
                elif t == "bool":
                    out[c] = v == "true"
                else:
                    out[c] = v if v != "" else None
            yield out


def arrow_schema(kind: str):
    import pyarrow as pa
    types: dict[str, Callable[[], Any]] = {
        "str": pa.string, "int": pa.int64, "float": pa.float64, "bool": pa.bool_,
        "list": lambda: pa.list_(pa.string()), "json": pa.string,
        "mentions": lambda: pa.list_(pa.struct([(k, pa.string()) for k in MENTION_FIELDS]))}
    return pa.schema([(c, types[t]()) for c, t in COLUMNS[kind].items()])


def write_parquet(path: str, kind: str, rows: Iterable[dict[str, Any]]) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq
    schema = arrow_schema(kind)
    json_cols = [c for c, t in COLUMNS[kind].items() if t == "json"]
    n = 0
    with _atomic(path, binary=True) as tmp:
        with pq.ParquetWriter(tmp, schema) as writer:
            buf: list[dict[str, Any]] = []
            for r in rows:
                fr = _flat(kind, r)
                for c in json_cols:
                    fr[c] = None if fr[c] is None else json.dumps(fr[c], ensure_ascii=False)
                buf.append(fr)
                if len(buf) >= ROW_GROUP:
                    writer.write_table(pa.Table.from_pylist(buf, schema=schema))
                    n += len(buf)
                    buf = []
            if buf or n == 0:
                writer.write_table(pa.Table.from_pylist(buf, schema=schema))
                n += len(buf)
    return n


# ---------------------------------------------------------------- GDELT 2.0

GDELT_EVENT_COLUMNS = (
    "GlobalEventID", "Day", "MonthYear", "Year", "FractionDate",
    "Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor1KnownGroupCode", "Actor1EthnicCode",
    "Actor1Religion1Code", "Actor1Religion2Code", "Actor1Type1Code", "Actor1Type2Code",
    "Actor1Type3Code",
    "Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2KnownGroupCode", "Actor2EthnicCode",
    "Actor2Religion1Code", "Actor2Religion2Code", "Actor2Type1Code", "Actor2Type2Code",
    "Actor2Type3Code",
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    "Actor1Geo_Type", "Actor1Geo_FullName", "Actor1Geo_CountryCode", "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code", "Actor1Geo_Lat", "Actor1Geo_Long", "Actor1Geo_FeatureID",
    "Actor2Geo_Type", "Actor2Geo_FullName", "Actor2Geo_CountryCode", "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code", "Actor2Geo_Lat", "Actor2Geo_Long", "Actor2Geo_FeatureID",
    "ActionGeo_Type", "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code", "ActionGeo_Lat", "ActionGeo_Long", "ActionGeo_FeatureID",
    "DATEADDED", "SOURCEURL",
    # eventwire's own columns (no GDELT equivalent)
    "EventwireID", "PloverType", "PloverMode", "DatePrecision", "Confidence")
GDELT_MENTION_COLUMNS = (
    "GlobalEventID", "EventTimeDate", "MentionTimeDate", "MentionType", "MentionSourceName",
    "MentionIdentifier", "SentenceID", "Actor1CharOffset", "Actor2CharOffset",
    "ActionCharOffset", "InRawText", "Confidence", "MentionDocLen", "MentionDocTone",
    "MentionDocTranslationInfo", "Extras",
    "ArticleID", "EventID", "Role")
_COUNTRY_FEATURES = {"A.PCLI", "A.PCLD", "A.PCLF", "A.PCLS", "A.PCLIX", "A.PCL", "A.TERR"}


def mentions_path(path: str) -> str:
    """Where the GDELT mentions file goes: ``out.tsv`` -> ``out.mentions.tsv``."""
    base, ext = os.path.splitext(path)
    return f"{base}.mentions{ext}" if ext else f"{path}.mentions"


def global_id(key: str) -> int:
    """A GDELT-style integer event id from an eventwire id (stable)."""
    return int(hashlib.sha1(key.encode("utf-8")).hexdigest()[:15], 16)


def _ymd(day: str | None) -> str:
    return day[:10].replace("-", "") if day and len(day) >= 10 else ""


def _geo_type(country: str | None, feature: str | None) -> str:
    """GDELT geo type: 1 country, 2 US state, 3 US city, 4 world city, 5 world state."""
    if not feature and not country:
        return ""
    if feature in _COUNTRY_FEATURES:
        return "1"
    if feature and feature.startswith("A.ADM"):
        return "2" if country == "USA" else "5"
    return "3" if country == "USA" else "4"


def _actor_cols(codes: list[str], names: list[str], countries: list[str]) -> list[str]:
    code = next((c for c in codes if c), "")
    i = codes.index(code) if code in codes else 0
    name = names[i] if i < len(names) else ""
    country = (countries[i] if i < len(countries) else "") or code[:3]
    types = [code[k:k + 3] for k in range(3, min(len(code), 12), 3)]
    types += [""] * (3 - len(types))
    return [code, (name or "").upper(), country, "", "", "", "", *types[:3]]


def _gdelt_event_row(key: str, day: str | None, ev: dict[str, Any], h: dict[str, Any] | None,
                     reports: list[dict[str, Any]]) -> list[Any]:
    """One GDELT events row: ``ev`` gives the actors' names and the place of the happening
    ``h`` (or is the event itself when ``h`` is None)."""
    cameo = (h or {}).get("cameo") or ev["cameo"] or ""
    d = _ymd(day)
    frac = ""
    if d:
        from datetime import date as _date
        dd = _date(int(d[:4]), int(d[4:6]), int(d[6:8]))
        frac = f"{dd.year + (dd.timetuple().tm_yday - 1) / 365:.4f}"
    src_codes = h["source"] if h else ev["source_code"]
    tgt_codes = h["target"] if h else ev["target_code"]
    a1 = _actor_cols(src_codes, _names_for(src_codes, ev, "source"), [])
    a2 = _actor_cols(tgt_codes, _names_for(tgt_codes, ev, "target"), [])
    if h:
        place = (h["place"], h["country"], None, h["lat"], h["lon"], h["geonameid"], h["feature"])
        counts = (h["mentions"], h["sources"], h["articles"])
        first = h["first_seen"]
    else:
        place = (ev["place"], ev["place_country"], None, ev["lat"], ev["lon"], ev["geonameid"],
                 ev["feature"])
        counts = (1, 1, 1)
        first = ev["article_date"]
    root = any(m["sentence"] == 0 for m in reports) if reports else ev["sentence"] == 0
    geo = [_geo_type(place[1], place[6]), place[0] or "", place[1] or "", place[2] or "", "",
           _num(place[3]), _num(place[4]), place[5] if place[5] is not None else ""]
    url = next((m["url"] for m in reports if m["url"]), "") if reports else (ev["url"] or "")
    goldstein = (h or {}).get("goldstein", ev["goldstein"])
    quad = (h or {}).get("quad_class") or ev["quad_class"]
    return [global_id(key), d, d[:6], d[:4], frac, *a1, *a2, int(root), cameo, cameo[:3],
            cameo[:2], quad if quad is not None else "", _num(goldstein), *counts, "",
            *([""] * 8), *([""] * 8), *geo, (_ymd(first) + "000000") if first else "", url,
            key, (h or {}).get("type") or ev["type"], ev["mode"] or "",
            (h or {}).get("precision") or ("article" if ev["date_defaulted"] else ""),
            _num((h or ev)["confidence"])]


def _names_for(codes: list[str], ev: dict[str, Any], side: str) -> list[str]:
    """Actor names aligned with ``codes``, taken from the event where its codes match."""
    by_code = dict(zip(ev[f"{side}_code"], ev[side]))
    return [by_code.get(c, "") for c in codes]


def _num(v: Any) -> str:
    return "" if v is None else (f"{v:.6g}" if isinstance(v, float) else str(v))


def _gdelt_mention_row(key: str, day: str | None, m: dict[str, Any]) -> list[Any]:
    art = m["article_date"] or ""
    mention_time = ""
    if len(art) >= 10:
        t = art[11:19].replace(":", "") if len(art) >= 19 else "000000"
        mention_time = art[:10].replace("-", "") + t.ljust(6, "0")
    return [global_id(key), (_ymd(day) + "000000") if _ymd(day) else "", mention_time,
            1 if m["url"] else "", m["outlet"] or "", m["url"] or f"eventwire:{m['article']}",
            (m["sentence"] + 1) if m["sentence"] is not None else "",
            _num(m["source_start"]) if m["source_start"] is not None else "-1",
            _num(m["target_start"]) if m["target_start"] is not None else "-1",
            _num(m["trigger_start"]) if m["trigger_start"] is not None else "-1", 1,
            round(100 * (m["confidence"] or 0)), _num(m["doc_len"]), "", "", "",
            m["article"], m["id"], m["role"] or ""]


def write_gdelt(path: str, kind: str, rows: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """GDELT 2.0-style events and mentions tables (tab-separated, with a header)."""
    mpath = mentions_path(path)
    n = 0
    with _atomic(path, newline="") as fe, _atomic(mpath, newline="") as fm:
        we = csv.writer(fe, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        wm = csv.writer(fm, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        we.writerow(GDELT_EVENT_COLUMNS)
        wm.writerow(GDELT_MENTION_COLUMNS)
        for r in rows:
            if kind == "happenings":
                ms = r.get("mentions_list") or []
                reports = [m for m in ms if m["role"] == "report"] or ms
                if not ms:
                    continue
                ev = next((m for m in reports if set(m["source_code"]) & set(r["source"])),
                          reports[0])
                we.writerow(_gdelt_event_row(r["id"], r["day"], ev, r, reports))
                for m in ms:
                    wm.writerow(_gdelt_mention_row(r["id"], r["day"], m))
            else:
                key = f"{r['article']}/{r['id']}"
                we.writerow(_gdelt_event_row(key, r["day"], r, None, []))
                wm.writerow(_gdelt_mention_row(key, r["day"], r))
            n += 1
    return {"rows": n, "files": [path, mpath]}


# ---------------------------------------------------------------- PLOVER (POLECAT fields)

_QUAD = {1: "V-COOP", 2: "M-COOP", 3: "V-CONF", 4: "M-CONF"}


def _polecat_actor(prefix: str, names: list[str], codes: list[str], countries: list[str],
                   sectors: list[str]) -> dict[str, Any]:
    return {f"{prefix} Name": "; ".join(n for n in names if n) or None,
            f"{prefix} Country": next((c for c in countries if c), None)
            or next((c[:3] for c in codes if c), None),
            f"{prefix} COW": None,
            f"Primary {prefix} Sector": next((s for s in sectors if s), None),
            f"{prefix} Sectors": sorted({s for s in sectors if s}),
            f"{prefix} Title": None,
            f"{prefix} Name Raw": "; ".join(n for n in names if n) or None,
            f"Wikipedia {prefix} ID": None,
            f"{prefix} Code": next((c for c in codes if c), None)}


def _polecat_geo(name, country, admin1, lat, lon, geonameid, feature, raw) -> dict[str, Any]:
    city = name if feature and feature.startswith(("P.", "S.")) else None
    return {"Placename": name, "City": city, "District": None, "Province": admin1,
            "Country": country, "Latitude": lat, "Longitude": lon, "GeoNames ID": geonameid,
            "Raw Placename": raw, "Feature Type": feature}


def _plover_size(size: list[dict[str, Any]] | None) -> dict[str, Any] | None:
    """PLOVER 2.0's size object (``dead``, ``injured``, ``arrested``; ``participants`` as
    eventwire's extension), the largest count of each field; None when the text gives none."""
    out: dict[str, Any] = {}
    for z in size or []:
        f, v = z.get("field"), z.get("value")
        if f and isinstance(v, int) and (out.get(f) is None or v > out[f]):
            out[f] = v
    return out or None


def plover_event(ev: dict[str, Any]) -> dict[str, Any]:
    """An event as a PLOVER record with POLECAT's field names."""
    rec = {"Event ID": f"{ev['article']}/{ev['id']}", "Event Date": ev["day"],
           "Event Type": ev["type"], "Event Mode": ev["mode"], "Contexts": ev["context"],
           "Quad Code": _QUAD.get(ev["quad_class"])}
    rec.update(_polecat_actor("Actor", ev["source"], ev["source_code"], ev["source_country"],
                              ev["source_sector"]))
    rec.update(_polecat_actor("Recipient", ev["target"], ev["target_code"],
                              ev["target_country"], ev["target_sector"]))
    rec.update(_polecat_geo(ev["place"], ev["place_country"], ev["admin1"], ev["lat"],
                            ev["lon"], ev["geonameid"], ev["feature"], ev["place_text"]))
    rec.update({"Source": ev["outlet"], "Publication Date": ev["article_date"],
                "Story ID": ev["article"], "Headline": ev["title"], "Event Text": ev["trigger"],
                "Language": "en", "Version": f"eventwire {__version__}",
                "CAMEO Code": ev["cameo"], "Happening ID": ev["happening"],
                "size": _plover_size(ev.get("size"))})
    return rec


def plover_happening(h: dict[str, Any]) -> dict[str, Any]:
    """A happening as a PLOVER record with POLECAT's field names; its reports under
    ``Mentions``."""
    ms = h.get("mentions_list") or []
    reports = [m for m in ms if m["role"] == "report"] or ms
    ev = next((m for m in reports if set(m["source_code"]) & set(h["source"])),
              reports[0] if reports else None)
    names = (lambda side: _names_for(h[side], ev, side) if ev else [])
    rec = {"Event ID": h["id"], "Event Date": h["day"], "Event Type": h["type"],
           "Event Mode": ev["mode"] if ev else None, "Contexts": ev["context"] if ev else [],
           "Quad Code": _QUAD.get(h["quad_class"])}
    rec.update(_polecat_actor("Actor", names("source"), h["source"], [],
                              [c[3:6] for c in h["source"]]))
    rec.update(_polecat_actor("Recipient", names("target"), h["target"], [],
                              [c[3:6] for c in h["target"]]))
    rec.update(_polecat_geo(h["place"], h["country"], None, h["lat"], h["lon"],
                            h["geonameid"], h["feature"], h["place"]))
    rec.update({"Source": sorted({m["outlet"] for m in reports if m["outlet"]}),
                "Publication Date": h["first_seen"], "Story ID": sorted({m["article"]
                                                                        for m in reports}),
                "Headline": ev["title"] if ev else None, "Event Text": h["sentence"],
                "Language": "en", "Version": f"eventwire {__version__}", "CAMEO Code": h["cameo"],
                "Number of Mentions": h["mentions"], "Number of Sources": h["sources"],
                "Number of Articles": h["articles"], "size": _plover_size(h.get("size")),
                "Mentions": [{"Story ID": m["article"], "Event ID": m["id"], "Role": m["role"]}
                             for m in ms]})
    return rec
