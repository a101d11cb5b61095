"""Happenings: which event mentions, across articles, report one real-world event.

This module is the matcher only: typed records in, decisions out, no SQL
(``store/happenings.py`` loads mentions, finds candidates and writes rows).
Every number comes from ``data/dedup/rules.yml``.

A :class:`Mention` is one event of one article as the matcher sees it; a
:class:`Profile` is what a happening knows from the mentions folded into it
(its type, the actor codes of each side, its most precise date and place).
:func:`compare` asks the named rules in turn:

===========  =====================================================================
rule         holds when (otherwise: veto, never merged)
===========  =====================================================================
type         same CAMEO code, same PLOVER type, or CAMEO codes under one root; or
             two members of one ``confusable_types`` group (only on strong text)
actors       each side's codes are equal, one more specific (``IRQGOV`` ~ ``IRQ``;
             a territory and its country, ``HKG`` ~ ``CHN``, ``parent_countries``),
             of one sector family (``IRQGOV`` ~ ``IRQMIL``) or unknown; symmetric
             types (``CONSULT``, ...) may swap source and target
dates        the intervals overlap; a date that is only the article's date stands
             for the ``article_lag_days`` before it; vaguer than a week never merges
places       the same GeoNames entry, within the radius of the place's kind, a
             country and a place inside it (or in one of its territories), or one
             side unknown
===========  =====================================================================

Then one of two ways to merge. Points: an anchor holds (an actor side ``specific``
or better, or the same place on the same day) and the points of the rules, plus the
word-overlap cosine of the sentences, reach ``threshold``. Strong text: the new
report's sentence shares most of its content words with one of the happening's
(``strong_text``), and an actor side anchors or the place is known and compatible;
this lets imperfect events in (a side with no coded actor, a defaulted date, a
confusable type). Same words (``same_words``): a high cosine over many shared words
and no name in one sentence missing from the other is enough alone. A repeat within
one article (``same_article``) joins its article's happening when nothing vetoes.
Look-alikes fail a veto either way: another day (dates), another
city (places), the other direction (actors), another kind of act (type).
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

from .config import data_path
from .datafiles import load_data

# date precision, most precise first: "a day beats a week beats the article's date"
PRECISION = ("day", "week", "article", "month", "quarter", "year", "none")
_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})(-WE)?")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_YEAR = re.compile(r"^(\d{4})$")
_WORD = re.compile(r"[a-z0-9]+")
_NAME = re.compile(r"\b[A-Z][A-Za-z]+")


# ---------------------------------------------------------------- rules as data

@dataclass(frozen=True, slots=True)
class Rules:
    """The matcher's tables and thresholds (``data/dedup/rules.yml``)."""
    skip_negated: bool
    skip_modalities: frozenset[str]
    type_points: dict[str, float]
    symmetric_types: frozenset[str]
    symmetric_cameo: tuple[str, ...]
    actor_points: dict[str, float]
    sector_family: dict[str, str]
    article_lag_days: int
    explicit_tolerance_days: int
    max_interval_days: int
    report_window_days: int
    date_points: dict[str, float]
    place_radius_km: dict[str, float]
    country_features: frozenset[str]
    place_precision: tuple[str, ...]
    place_points: dict[str, float]
    threshold: float
    text_weight: float
    stopwords: frozenset[str]
    max_codes: int
    max_texts: int
    size_mod_rank: dict[str, int] = field(default_factory=dict)
    confusable_types: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = ()
    parent_countries: dict[str, str] = field(default_factory=dict)
    strong_min_cosine: float = 1.0
    strong_min_shared: int = 1
    strong_places: frozenset[str] = frozenset()
    long_min_cosine: float = 1.0
    long_min_shared: int = 1_000_000
    same_words_min_cosine: float = 1.0
    same_words_min_shared: int = 1_000_000
    same_article_points: float | None = None
    not_names: frozenset[str] = frozenset()

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Rules":
        fam = {s: name for name, secs in (d.get("sector_families") or {}).items() for s in secs}
        strong = d.get("strong_text") or {}
        same_words = d.get("same_words") or {}
        same_article = d.get("same_article") or {}
        return cls(
            skip_negated=bool(d.get("skip_negated", True)),
            skip_modalities=frozenset(d.get("skip_modalities") or ()),
            type_points={k: float(v) for k, v in d["type_points"].items()},
            symmetric_types=frozenset(d.get("symmetric_types") or ()),
            symmetric_cameo=tuple(str(c) for c in d.get("symmetric_cameo") or ()),
            actor_points={k: float(v) for k, v in d["actor_points"].items()},
            sector_family=fam,
            article_lag_days=int(d["article_lag_days"]),
            explicit_tolerance_days=int(d.get("explicit_tolerance_days", 0)),
            max_interval_days=int(d["max_interval_days"]),
            report_window_days=int(d["report_window_days"]),
            date_points={k: float(v) for k, v in d["date_points"].items()},
            place_radius_km={str(k): float(v) for k, v in d["place_radius_km"].items()},
            country_features=frozenset(d.get("country_features") or ()),
            place_precision=tuple(d.get("place_precision") or ()),
            place_points={k: float(v) for k, v in d["place_points"].items()},
            threshold=float(d["threshold"]),
            text_weight=float(d.get("text_weight", 0.0)),
            stopwords=frozenset(d.get("stopwords") or ()),
            max_codes=int(d.get("max_codes", 12)),
            max_texts=int(d.get("max_texts", 1)),
            size_mod_rank={str(k): int(v) for k, v in (d.get("size_mod_rank") or {}).items()},
            confusable_types=tuple(
                (str(name), tuple(_member(str(x)) for x in members))
                for name, members in (d.get("confusable_types") or {}).items()),
            parent_countries={str(k).upper(): str(v).upper()
                              for k, v in (d.get("parent_countries") or {}).items()},
            strong_min_cosine=float(strong.get("min_cosine", 1.0)),
            strong_min_shared=int(strong.get("min_shared_words", 1)),
            strong_places=frozenset(strong.get("places") or ()),
            long_min_cosine=float(strong.get("long_min_cosine", 1.0)),
            long_min_shared=int(strong.get("long_min_shared_words", 1_000_000)),
            same_words_min_cosine=float(same_words.get("min_cosine", 1.0)),
            same_words_min_shared=int(same_words.get("min_shared_words", 1_000_000)),
            not_names=frozenset(str(w).lower() for w in same_words.get("not_names") or ()),
            same_article_points=(float(same_article["points"])
                                 if same_article.get("points") is not None else None))


def _member(x: str) -> tuple[str, str]:
    """A confusable-type member: ``"RETREAT:0871"`` -> ``("RETREAT", "0871")``."""
    plover, _, prefix = x.partition(":")
    return plover.strip().upper(), prefix.strip()


@lru_cache(maxsize=4)
def load_rules(path: str | None = None) -> Rules:
    """The packaged rules, or those of ``path`` (a YAML file of the same form)."""
    p = Path(path) if path else data_path("dedup", "rules.yml")
    return Rules.from_dict(load_data(p, "dedup"))


# ---------------------------------------------------------------- typed records

@dataclass(frozen=True, slots=True)
class PlaceRef:
    name: str | None = None
    geonameid: int | None = None
    lat: float | None = None
    lon: float | None = None
    country: str | None = None
    feature: str | None = None


@dataclass(slots=True)
class Mention:
    """One event of one article, as the matcher needs it."""
    article: str
    event: str
    plover: str
    cameo: str
    source: tuple[str, ...] = ()
    target: tuple[str, ...] = ()
    date_value: str | None = None       # TIMEX3 value
    defaulted: bool = False             # the date is only the article's date
    article_day: str | None = None      # YYYY-MM-DD
    place: PlaceRef | None = None
    negated: bool = False
    modality: str = "asserted"
    confidence: float = 0.5
    sentence: str = ""
    outlet: str | None = None
    order: tuple = ()                   # canonical processing order
    size: Any = None                    # the event's counts: [{"field", "value", "mod"}]
    bag: "Bag | None" = field(default=None, repr=False, compare=False)   # words, once
    span: "tuple[str | None, str | None, str] | None" = field(default=None, repr=False,
                                                          compare=False)  # interval, once
    sym: bool | None = field(default=None, repr=False, compare=False)  # symmetric type, once

    @property
    def root(self) -> str:
        return self.cameo[:2]


@dataclass(slots=True)
class Profile:
    """What a happening knows: folded from its mentions (see :func:`fold`)."""
    id: str
    plover: str
    cameo: str
    source: list[str] = field(default_factory=list)
    target: list[str] = field(default_factory=list)
    symmetric: bool = False
    date_value: str | None = None
    precision: str = "none"
    lo: str | None = None               # the match interval, ISO days
    hi: str | None = None
    place: PlaceRef | None = None
    sentence: str = ""
    size: Any = None
    texts: list[str] = field(default_factory=list)   # other sentences of its mentions
    bags: "list[Bag] | None" = field(default=None, repr=False, compare=False)
    texts_json: str | None = field(default=None, repr=False)  # texts as stored, unread
    # the articles whose mentions were folded in during this run (not stored): a later
    # event of one of them is a repeat within its article (``same_article``)
    articles: set[str] = field(default_factory=set, repr=False, compare=False)
    name_sets: "list[frozenset[str]] | None" = field(default=None, repr=False, compare=False)
    all_names: frozenset[str] | None = field(default=None, repr=False, compare=False)  # union

    def text_list(self) -> list[str]:
        """The sentences of its mentions after the founding one (read from
        ``texts_json`` the first time they are needed)."""
        if self.texts_json is not None:
            self.texts = json.loads(self.texts_json)
            self.texts_json = None
        return self.texts

    @property
    def root(self) -> str:
        return self.cameo[:2]


@dataclass(frozen=True, slots=True)
class Decision:
    """The outcome of :func:`compare`: ``score`` (None: a veto) and the rules that spoke."""
    score: float | None
    rules: tuple[str, ...]

    @property
    def vetoed(self) -> bool:
        return self.score is None


# ---------------------------------------------------------------- eligibility and dates

def eligible(m: Mention, rules: Rules) -> bool:
    """Does this event take part in happenings at all (not negated, not hypothetical)?"""
    if rules.skip_negated and m.negated:
        return False
    return m.modality not in rules.skip_modalities


@lru_cache(maxsize=8192)
def _d(s: str) -> date:
    """An ISO day as a date (memoised: a run reads the same few days many times)."""
    return date.fromisoformat(s)


def interval(value: str | None) -> tuple[str, str, str] | None:
    """Calendar interval of a TIMEX3 date value: ``(first day, last day, precision)``."""
    if not value:
        return None
    try:
        if m := _DAY.match(value):
            d = date(int(m[1]), int(m[2]), int(m[3])).isoformat()
            return d, d, "day"
        if m := _WEEK.match(value):
            mon = date.fromisocalendar(int(m[1]), int(m[2]), 1)
            if m[3]:
                return (mon + timedelta(5)).isoformat(), (mon + timedelta(6)).isoformat(), "week"
            return mon.isoformat(), (mon + timedelta(6)).isoformat(), "week"
        if m := _MONTH.match(value):
            y, mo = int(m[1]), int(m[2])
            first = date(y, mo, 1)
            last = date(y + (mo == 12), mo % 12 + 1, 1) - timedelta(1)
            return first.isoformat(), last.isoformat(), "month"
        if m := _QUARTER.match(value):
            y, q = int(m[1]), int(m[2])
            first = date(y, 3 * q - 2, 1)
            last = date(y + (q == 4), (3 * q) % 12 + 1, 1) - timedelta(1)
            return first.isoformat(), last.isoformat(), "quarter"
        if m := _YEAR.match(value):
            return f"{m[1]}-01-01", f"{m[1]}-12-31", "year"
    except ValueError:
        return None
    return None


def mention_interval(m: Mention, rules: Rules) -> tuple[str | None, str | None, str]:
    """The interval a mention's date stands for, and its precision. An article's date
    stands for the ``article_lag_days`` before it (reports lag events)."""
    iv = None if m.defaulted else interval(m.date_value)
    if iv is None:
        if not m.article_day:
            return None, None, "none"
        hi = _d(m.article_day)
        return (hi - timedelta(rules.article_lag_days)).isoformat(), hi.isoformat(), "article"
    return iv


def role(m: Mention, rules: Rules) -> str:
    """``report`` when the article reports the happening as news, ``recall`` when the
    event is dated well before the article (background: "last month's bombing")."""
    lo, hi, _ = mention_interval(m, rules)
    if hi is None or not m.article_day:
        return "report"
    limit = _d(m.article_day) - timedelta(rules.report_window_days)
    return "recall" if _d(hi) < limit else "report"


def mergeable(lo: str | None, hi: str | None, rules: Rules) -> bool:
    """A date precise enough to merge on (no longer than ``max_interval_days``)."""
    if lo is None or hi is None:
        return False
    return (_d(hi) - _d(lo)).days + 1 <= rules.max_interval_days


# ---------------------------------------------------------------- the rules

def rule_type(a_plover: str, a_cameo: str, b_plover: str, b_cameo: str,
              rules: Rules) -> tuple[str, float] | None:
    """Type rule: same CAMEO code, same PLOVER type, or one CAMEO root; None: veto."""
    if a_cameo and a_cameo == b_cameo:
        return "same-cameo-code", rules.type_points["same-cameo-code"]
    if a_plover == b_plover:
        return "same-plover-type", rules.type_points["same-plover-type"]
    if a_cameo and b_cameo and a_cameo[:2] == b_cameo[:2]:
        return "same-cameo-root", rules.type_points["same-cameo-root"]
    return None


def _is(plover: str, cameo: str, member: tuple[str, str]) -> bool:
    return plover == member[0] and (cameo or "").startswith(member[1])


def rule_confusable(a_plover: str, a_cameo: str, b_plover: str, b_cameo: str,
                    rules: Rules) -> tuple[str, float] | None:
    """Confusable types: the two types are two members of one ``confusable_types``
    group (a truce declared, ``RETREAT:0871``, ~ a truce agreed, ``AGREE``). Compatible
    only on strong text (see :func:`compare`); None: not confusable."""
    for name, members in rules.confusable_types:
        for i, x in enumerate(members):
            if not _is(a_plover, a_cameo, x):
                continue
            if any(_is(b_plover, b_cameo, y) for j, y in enumerate(members) if j != i):
                return f"confusable {name}", rules.type_points["confusable"]
    return None


def confusable_partners(plover: str, cameo: str,
                        rules: Rules) -> tuple[tuple[str, str], ...]:
    """The types, ``(PLOVER type, CAMEO code prefix)``, an event of this type may be
    confusable with (for blocking)."""
    out: set[tuple[str, str]] = set()
    for _, members in rules.confusable_types:
        for i, x in enumerate(members):
            if _is(plover, cameo, x):
                out.update(y for j, y in enumerate(members) if j != i and y[0] != plover)
    return tuple(sorted(out))


def is_symmetric(plover: str, cameo: str, rules: Rules) -> bool:
    return plover in rules.symmetric_types or any(cameo.startswith(c)
                                                  for c in rules.symmetric_cameo)


def _blocks(code: str) -> list[str]:
    return [code[i:i + 3] for i in range(0, len(code), 3)]


def code_relation(x: str, y: str, rules: Rules) -> str | None:
    """How two actor codes relate: ``equal``, ``specific`` (one extends the other:
    ``IRQGOV`` ~ ``IRQ``), ``family`` (same country, sectors of one family:
    ``IRQGOV`` ~ ``IRQMIL``), or None (incompatible)."""
    x, y = x.upper(), y.upper()
    if x == y:
        return "equal"
    bx, by = _blocks(x), _blocks(y)
    if bx[0] != by[0]:
        # a territory and its country (HKG ~ CHN): the territory is the more specific
        parents = rules.parent_countries
        if parents.get(bx[0]) == by[0] or parents.get(by[0]) == bx[0]:
            up = max(bx[0], by[0], key=lambda c: c in parents)
            r = code_relation(parents[up] + x[3:] if bx[0] == up else x,
                              parents[up] + y[3:] if by[0] == up else y, rules)
            return "specific" if r == "equal" else r
        return None
    n = min(len(bx), len(by))
    if bx[:n] == by[:n]:
        return "specific"
    if n >= 2 and bx[0] == by[0]:
        fx, fy = rules.sector_family.get(bx[1]), rules.sector_family.get(by[1])
        if fx is not None and fx == fy:
            return "family"
    return None


_LEVELS = ("equal", "specific", "family")


def side_relation(xs: Iterable[str], ys: Iterable[str], rules: Rules) -> str | None:
    """Best relation between two sides' code lists; ``unknown`` when a side is empty."""
    if not xs or not ys:                  # (the common case: no code on a side)
        return "unknown"
    xs, ys = [c for c in xs if c], [c for c in ys if c]
    if not xs or not ys:
        return "unknown"
    best = None
    for x in xs:
        for y in ys:
            r = code_relation(x, y, rules)
            if r is not None and (best is None or _LEVELS.index(r) < _LEVELS.index(best)):
                best = r
                if best == "equal":
                    return best
    return best


def rule_actors(m: Mention, p: Profile, symmetric: bool,
                rules: Rules) -> tuple[str, float, bool] | None:
    """Actor rule: ``(name, points, anchored)``; None: veto. For symmetric types the
    swapped orientation is tried too (only with both sides known) and the better kept."""
    best = None
    orientations = [(p.source, p.target, "")]
    if symmetric:
        orientations.append((p.target, p.source, "swapped "))
    for ps, pt, how in orientations:
        rs, rt = side_relation(m.source, ps, rules), side_relation(m.target, pt, rules)
        if rs is None or rt is None:
            continue
        if how and "unknown" in (rs, rt):     # a swap needs both sides to say so
            continue
        pts = rules.actor_points[rs] + rules.actor_points[rt]
        anchored = rs in ("equal", "specific") or rt in ("equal", "specific")
        cand = (f"actors {how}{rs}/{rt}".replace("  ", " "), pts, anchored)
        if best is None or cand[1] > best[1]:
            best = cand
    return best


def rule_dates(lo: str | None, hi: str | None, precision: str, p: Profile,
               rules: Rules) -> tuple[str, float] | None:
    """Date rule: the intervals overlap (explicit dates with ``explicit_tolerance_days``
    of slack); None: veto (or a date too vague to merge on)."""
    if not mergeable(lo, hi, rules) or not mergeable(p.lo, p.hi, rules):
        return None
    assert lo is not None and hi is not None and p.lo is not None and p.hi is not None
    if rules.explicit_tolerance_days:
        slack = timedelta(rules.explicit_tolerance_days)
        if _d(lo) > _d(p.hi) + slack or _d(p.lo) > _d(hi) + slack:
            return None
    elif lo > p.hi or p.lo > hi:                  # ISO days compare as strings
        return None
    if "article" in (precision, p.precision):
        return "article-date", rules.date_points["article-date"]
    if precision == p.precision == "day" and lo == p.lo:
        return "same-day", rules.date_points["same-day"]
    return "overlap", rules.date_points["overlap"]


def _kind(feature: str | None) -> str:
    return feature or ""


def _radius(feature: str | None, rules: Rules) -> float:
    f = _kind(feature)
    r = rules.place_radius_km
    return r.get(f) or r.get(f.split(".")[0]) or r["default"]


def km(a: PlaceRef, b: PlaceRef) -> float:
    """Great-circle distance in kilometres."""
    la1, lo1, la2, lo2 = (math.radians(float(v or 0.0)) for v in (a.lat, a.lon, b.lat, b.lon))
    h = (math.sin((la2 - la1) / 2) ** 2
         + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2)
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def rule_places(a: PlaceRef | None, b: PlaceRef | None,
                rules: Rules) -> tuple[str, float] | None:
    """Place rule: the same GeoNames entry, within the radius of the places' kind, a
    country containing the other place, or unknown; None: veto."""
    pts = rules.place_points
    if a is None or b is None:
        return "place unknown", pts["unknown"]
    a_cty = _kind(a.feature) in rules.country_features
    b_cty = _kind(b.feature) in rules.country_features
    if a.geonameid is not None and a.geonameid == b.geonameid:
        # one country is weak evidence: a whole country is not one place
        return ("same country", pts["inside"]) if a_cty else ("same place", pts["same"])
    if a_cty or b_cty:
        if not a.country or not b.country:
            return "place unknown", pts["unknown"]
        if a.country != b.country and not (
                (a_cty and rules.parent_countries.get(b.country) == a.country)
                or (b_cty and rules.parent_countries.get(a.country) == b.country)):
            return None                       # (a country contains its territories)
        return ("same country", pts["inside"]) if a_cty and b_cty and a.country == b.country \
            else ("country contains place", pts["inside"])
    if not a.country or not b.country:          # a continent, a sea: says nothing
        return "place unknown", pts["unknown"]
    if None in (a.lat, a.lon, b.lat, b.lon):
        return ("place unknown", pts["unknown"]) if a.country == b.country else None
    if km(a, b) <= max(_radius(a.feature, rules), _radius(b.feature, rules)):
        return "near place", pts["near"]
    return None


def words(text: str, rules: Rules) -> dict[str, int]:
    """Content-word counts of a sentence: lower case, stopwords out, a plural ``s``
    dropped (``protests`` ~ ``protest``)."""
    out: dict[str, int] = {}
    for w in _WORD.findall((text or "").lower()):
        if w in rules.stopwords or len(w) < 2:
            continue
        if len(w) > 3 and w[-1] == "s" and w[-2] not in "su":
            w = w[:-1]
        out[w] = out.get(w, 0) + 1
    return out


def names(text: str, rules: Rules) -> frozenset[str]:
    """The capitalised words of a sentence after its first word (capitalised anyway)
    that are neither stopwords nor ``not_names`` (months, weekdays): names, mostly
    (``Poland``, ``Belarusian``, ``Sanders``), lower case."""
    out = set()
    for m in _NAME.finditer(text or ""):
        w = m[0].lower()
        if m.start() > 0 and w not in rules.stopwords and w not in rules.not_names:
            out.add(w)
    return frozenset(out)


@dataclass(frozen=True, slots=True)
class Bag:
    """A sentence's content-word counts, their Euclidean norm, and its names."""
    counts: dict[str, int]
    norm: float
    names: frozenset[str] = frozenset()

    @classmethod
    def of(cls, text: str, rules: Rules) -> "Bag":
        w = words(text, rules)
        return cls(w, math.sqrt(sum(v * v for v in w.values())), names(text, rules))

    def names_agree(self, other: "Bag") -> bool:
        """Do the two sentences name someone in common, and one nobody the other does
        not (its names a subset of the other's)? ``Poland expelled Belarusian diplomats``
        and ``Belarus expelled Polish diplomats`` do not agree; nor do two sentences
        that name no one."""
        a, b = self.names, other.names
        return bool(a & b) and (a <= b or b <= a)

    def similarity(self, other: "Bag") -> tuple[float, int]:
        """Cosine with ``other`` and how many distinct words both have."""
        if not self.norm or not other.norm:
            return 0.0, 0
        a, b = (self.counts, other.counts) if len(self.counts) <= len(other.counts) else \
            (other.counts, self.counts)
        dot = shared = 0
        for k, v in a.items():
            n = b.get(k)
            if n:
                dot += v * n
                shared += 1
        return dot / (self.norm * other.norm), shared


def similarity(a: str, b: str, rules: Rules) -> tuple[float, int]:
    """Word-count cosine of two sentences (content words only) and how many distinct
    content words they share."""
    return Bag.of(a, rules).similarity(Bag.of(b, rules))


def text_similarity(m: Mention, p: Profile, rules: Rules) -> tuple[float, int]:
    """The best :func:`similarity` of ``m``'s sentence and one of ``p``'s (the founding
    sentence and its ``texts``). Word bags are made once per record."""
    if m.bag is None:
        m.bag = Bag.of(m.sentence, rules)
    if p.bags is None:
        p.bags = [Bag.of(t, rules) for t in [p.sentence, *p.text_list()]]
    return max((m.bag.similarity(b) for b in p.bags), default=(0.0, 0))


def cosine(a: str, b: str, rules: Rules) -> float:
    """Word-count cosine of two sentences (content words only)."""
    return similarity(a, b, rules)[0]


def strong_text(c: float, shared: int, rules: Rules) -> bool:
    """Do two sentences with this cosine and these shared words say the same thing?
    Either most of their content words are shared (``min_cosine``, ``min_shared_words``),
    or many are, in long sentences whose other words dilute the cosine
    (``long_min_cosine``, ``long_min_shared_words``)."""
    return (c >= rules.strong_min_cosine and shared >= rules.strong_min_shared) or \
        (c >= rules.long_min_cosine and shared >= rules.long_min_shared)


def _may_share_words(m: Mention, p: Profile, rules: Rules) -> bool:
    """A cheap test before :func:`same_words`: has ``m``'s sentence enough content words
    and a name in common with one of ``p``'s (same words need both)?"""
    if m.bag is None:
        m.bag = Bag.of(m.sentence, rules)
    if not m.bag.names or len(m.bag.counts) < rules.same_words_min_shared:
        return False
    if p.all_names is None:
        if p.name_sets is None:
            p.name_sets = [names(t, rules) for t in [p.sentence, *p.text_list()]]
        p.all_names = frozenset().union(*p.name_sets)
    return not m.bag.names.isdisjoint(p.all_names)


def same_words(m: Mention, p: Profile, rules: Rules) -> bool:
    """Does ``m``'s sentence and one of ``p``'s share so much (``same_words``: a high
    cosine over many content words, and no name in one that the other lacks, as when two
    outlets quote one statement) that no other evidence is needed?"""
    text_similarity(m, p, rules)                  # makes the bags
    assert m.bag is not None and p.bags is not None
    for b in p.bags:
        c, shared = m.bag.similarity(b)
        if c >= rules.same_words_min_cosine and shared >= rules.same_words_min_shared \
                and m.bag.names_agree(b):
            return True
    return False


def compare(m: Mention, p: Profile, rules: Rules) -> Decision:
    """May mention ``m`` join happening ``p``? A veto gives ``score`` None.

    Two ways to merge, after the vetoes (type, dates, actors, places):

    * points: an anchor (an actor side ``specific`` or better, or the same/near place
      on the same day) and the points (plus the text cosine) reach ``threshold``;
    * strong text (:func:`strong_text`): the sentences say the same thing, and an
      actor side anchors or the place is known and one of ``strong_text.places``.
      This lets imperfect events in (a side with no coded actor, a defaulted date)
      and is the only way for two confusable types (``confusable_types``);
    * same words (:func:`same_words`): a quoted statement, names agreeing, alone;
    * a repeat within one article (``same_article``): no veto is enough.
    """
    t = rule_type(m.plover, m.cameo, p.plover, p.cameo, rules)
    confusable = t is None
    if t is None:
        t = rule_confusable(m.plover, m.cameo, p.plover, p.cameo, rules)
        if t is None:
            return Decision(None, ("type differs",))
    if m.span is None:
        m.span = mention_interval(m, rules)
    lo, hi, prec = m.span
    d = rule_dates(lo, hi, prec, p, rules)
    if d is None:
        return Decision(None, ("dates differ",))
    if m.sym is None:
        m.sym = is_symmetric(m.plover, m.cameo, rules)
    sym = m.sym or p.symmetric
    a = rule_actors(m, p, sym, rules)
    if a is None:
        return Decision(None, ("actors differ",))
    pl = rule_places(m.place, p.place, rules)
    if pl is None:
        return Decision(None, ("places differ",))
    anchored = a[2] or (pl[0] in ("same place", "near place") and d[0] == "same-day")
    evidence = a[2] or pl[0] in rules.strong_places     # what strong text needs besides
    repeat = (not confusable and rules.same_article_points is not None
              and m.article in p.articles)
    if not (anchored or evidence or repeat) and (
            "unknown" not in a[0] or not _may_share_words(m, p, rules)):
        # only same words could merge it: for a report with a side not coded (both
        # sides coded and none related is no report of one happening), naming someone
        return Decision(None, (t[0], a[0], d[0], pl[0], "no anchor"))
    c, shared = text_similarity(m, p, rules)
    said = [t[0], a[0], d[0], pl[0], f"text {c:.2f}"]
    score = round(t[1] + a[1] + d[1] + pl[1] + rules.text_weight * c, 4)
    strong_ev = evidence and strong_text(c, shared, rules)
    strong = strong_ev or (c >= rules.same_words_min_cosine and same_words(m, p, rules))
    how = "strong text" if strong_ev else "same words"
    if confusable:
        if not strong:
            return Decision(None, tuple(said) + ("confusable types need strong text",))
        return Decision(score, tuple(said) + (how,))
    if repeat:          # a repeat within one article: no veto is enough
        return Decision(round(score + (rules.same_article_points or 0.0), 4),
                        tuple(said) + ("same article",))
    if anchored and score >= rules.threshold:
        return Decision(score, tuple(said))
    if strong:
        return Decision(score, tuple(said) + (how,))
    return Decision(None, tuple(said) + (("below threshold",) if anchored else ("no anchor",)))


# ---------------------------------------------------------------- folding

def _place_rank(pl: PlaceRef | None, rules: Rules) -> int:
    if pl is None:
        return 10_000
    f = _kind(pl.feature)
    order = rules.place_precision
    if f in order:
        return order.index(f)
    if f.split(".")[0] in order:
        return order.index(f.split(".")[0])
    return len(order) + (0 if pl.country else 1)


def _add_codes(codes: list[str], new: Iterable[str], rules: Rules) -> None:
    for c in new:
        if c and c not in codes and len(codes) < rules.max_codes:
            codes.append(c)


def open_profile(hid: str, m: Mention, rules: Rules) -> Profile:
    """A new happening founded by mention ``m``."""
    lo, hi, prec = mention_interval(m, rules)
    p = Profile(id=hid, plover=m.plover, cameo=m.cameo,
                symmetric=is_symmetric(m.plover, m.cameo, rules), date_value=m.date_value,
                precision=prec, lo=lo, hi=hi, place=m.place, sentence=m.sentence,
                size=merge_size(None, m.size, m.article_day, rules))
    _add_codes(p.source, m.source, rules)
    _add_codes(p.target, m.target, rules)
    p.articles.add(m.article)
    return p


def _add_text(p: Profile, sentence: str, rules: Rules) -> None:
    texts = p.text_list()
    if sentence and sentence != p.sentence and sentence not in texts \
            and 1 + len(texts) < rules.max_texts:
        p.texts.append(sentence)
        p.bags = p.name_sets = p.all_names = None


def fold(p: Profile, m: Mention, rules: Rules, swapped: bool = False) -> None:
    """Fold mention ``m`` into happening ``p``: actor codes join their side (the other
    side when ``swapped``), the more precise date and place win (ties keep the old)."""
    src, tgt = (m.target, m.source) if swapped else (m.source, m.target)
    _add_codes(p.source, src, rules)
    _add_codes(p.target, tgt, rules)
    lo, hi, prec = mention_interval(m, rules)
    if PRECISION.index(prec) < PRECISION.index(p.precision):
        p.date_value, p.precision, p.lo, p.hi = m.date_value, prec, lo, hi
    if _place_rank(m.place, rules) < _place_rank(p.place, rules):
        p.place = m.place
    _add_text(p, m.sentence, rules)
    p.size = merge_size(p.size, m.size, m.article_day, rules)
    p.articles.add(m.article)


def merge_size(old: Any, new: Any, as_of: str | None = None,
               rules: Rules | None = None) -> Any:
    """A happening's counts (dead, injured, arrested, participants) from its mentions'
    ``size`` lists (``[{"field": "dead", "value": 23, "mod": "AT_LEAST"}, ...]``, the
    events' magnitudes): per field, the most recent report's count wins (tolls rise as
    news comes in), and of one day's, the most precise (an exact count beats "about",
    which beats "at least"; ``size_mod_rank`` in the rules), and of equals the larger.
    Each kept item carries the ``as_of`` day of its report. Events that carry no size
    leave ``old``."""
    if not new:
        return old
    ranks = (rules or load_rules()).size_mod_rank
    worst = max(ranks.values(), default=0) + 1
    kept = {item["field"]: item for item in (old or []) if isinstance(item, dict)}
    for item in new:
        if not isinstance(item, dict) or item.get("field") is None:
            continue
        cand = {**item, "as_of": item.get("as_of", as_of)}
        cur = kept.get(cand["field"])
        key = (cand["as_of"] or "", -ranks.get(str(cand.get("mod")), worst), cand["value"])
        if cur is None or key > (cur.get("as_of") or "", -ranks.get(str(cur.get("mod")), worst),
                                 cur["value"]):
            kept[cand["field"]] = cand
    return [kept[f] for f in sorted(kept)]


def matches(m: Mention, candidates: Iterable[Profile],
            rules: Rules) -> list[tuple[Profile, Decision]]:
    """Every candidate happening ``m`` may join, best first: the highest score, ties to
    the smaller id."""
    out = []
    # Most candidates share the type and the days and nothing else: compare() would find
    # no anchor. A cheap necessary condition skips them first (the vetoes come in any
    # order: a vetoed candidate is left out whatever the reason).
    coded = any(m.source) or any(m.target)
    placed = m.place is not None
    repeats = rules.same_article_points is not None
    sieve = "place unknown" not in rules.strong_places
    for p in candidates:
        if sieve and not ((coded and (any(p.source) or any(p.target)))
                          or (placed and p.place is not None)
                          or (repeats and m.article in p.articles)
                          or _may_share_words(m, p, rules)):
            continue
        dec = compare(m, p, rules)
        if not dec.vetoed:
            out.append((p, dec))
    out.sort(key=lambda x: (-(x[1].score or 0.0), x[0].id))
    return out


def best_match(m: Mention, candidates: Iterable[Profile],
               rules: Rules) -> tuple[Profile, Decision] | None:
    """The candidate happening ``m`` joins: the highest score, ties to the smaller id."""
    found = matches(m, candidates, rules)
    return found[0] if found else None


def _as_mention(q: Profile) -> Mention:
    """A happening seen as one report of it (its type, codes, date and place)."""
    return Mention(article="", event=q.id, plover=q.plover, cameo=q.cameo,
                   source=tuple(q.source), target=tuple(q.target), date_value=q.date_value,
                   defaulted=q.precision == "article", article_day=q.hi, place=q.place,
                   sentence=q.sentence)


def joinable(p: Profile, q: Profile, rules: Rules) -> bool:
    """May two happenings that one report joins both be one happening? One type family
    (not merely confusable), and neither dates, actors nor places veto. A report that
    matches two look-alikes (another day, place or direction) leaves them apart."""
    if rule_type(q.plover, q.cameo, p.plover, p.cameo, rules) is None:
        return False
    if rule_dates(q.lo, q.hi, q.precision, p, rules) is None:
        return False
    if rule_actors(_as_mention(q), p, p.symmetric or q.symmetric, rules) is None:
        return False
    return rule_places(q.place, p.place, rules) is not None


def absorb(p: Profile, q: Profile, rules: Rules) -> None:
    """Fold happening ``q`` into ``p`` (see :func:`joinable`): its codes, its date and
    place where more precise, its sentences, its counts."""
    qm = _as_mention(q)
    src, tgt = (q.target, q.source) if swapped(qm, p, rules) else (q.source, q.target)
    _add_codes(p.source, src, rules)
    _add_codes(p.target, tgt, rules)
    if PRECISION.index(q.precision) < PRECISION.index(p.precision):
        p.date_value, p.precision, p.lo, p.hi = q.date_value, q.precision, q.lo, q.hi
    if _place_rank(q.place, rules) < _place_rank(p.place, rules):
        p.place = q.place
    for t in [q.sentence, *q.text_list()]:
        _add_text(p, t, rules)
    p.size = merge_size(p.size, q.size, None, rules)
    p.symmetric = p.symmetric or q.symmetric    # it matched as such (see joinable)
    p.articles |= q.articles


def swapped(m: Mention, p: Profile, rules: Rules) -> bool:
    """Whether ``m`` matched ``p`` with source and target swapped (symmetric types)."""
    if not (is_symmetric(m.plover, m.cameo, rules) or p.symmetric):
        return False
    direct = rule_actors(m, p, False, rules)
    both = rule_actors(m, p, True, rules)
    return both is not None and (direct is None or both[1] > direct[1])
