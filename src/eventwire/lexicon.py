"""The actor lexicon: one object per settings, shared by every stage.

Countries (names, aliases, adjectives, demonyms and their plurals, capitals,
cities, ISO 3166 codes), organisations, people with dated roles, titles,
agents (sector words) and the word lists of the actors stage, read from the
packaged ``data/actors/*.yml`` and then the user's ``--actors`` files (later
entries override by key).

:func:`get_lexicon` builds it once per tuple of user files and returns the same
object on every later call with that tuple, like
:func:`eventwire.gazetteer.get_gazetteer`. ``nlp.py`` passes the settings'
actors files to each stage's factory, which asks :func:`get_lexicon` for its
lexicon: two pipelines built with different ``--actors`` files in one process
each see their own, whatever the order they were built in.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
import threading
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

from . import datafiles, petrarch
from .config import packaged_and_user
from .datafiles import load_actor_file

# a surface form's kind, strongest first: a name listed both as an organisation
# and as a city is an organisation
SURFACE_ORDER = {"LEADER": 0, "ORG": 1, "COUNTRY": 2, "CAPITAL": 3, "DEMONYM": 4,
                 "REGION": 5, "CITY": 6}
_COUNTRY_KINDS = ("COUNTRY", "DEMONYM", "CAPITAL", "CITY")


def demonym_plural(word: str) -> str | None:
    """The plural of a demonym used as a noun: "Iraqi" -> "Iraqis", "American" ->
    "Americans"; ``None`` for those without one ("Chinese", "British")."""
    word = str(word).strip()
    if word and word[-1] in "ni":
        return word + "s"
    return None


def as_date(v: Any) -> str | None:
    """An ISO date string (first ten characters) or ``None``."""
    if v is None:
        return None
    return str(v)[:10]


@dataclass
class Lexicon:
    countries: dict[str, dict] = field(default_factory=dict)
    organizations: dict[str, dict] = field(default_factory=dict)
    leaders: dict[str, dict] = field(default_factory=dict)
    titles: dict[str, dict] = field(default_factory=dict)
    agents: dict[str, dict] = field(default_factory=dict)
    regions: dict[str, dict] = field(default_factory=dict)
    org_words: dict[str, str] = field(default_factory=dict)
    descriptions: dict[str, dict] = field(default_factory=dict)
    place_nouns: set[str] = field(default_factory=set)
    honorifics: set[str] = field(default_factory=set)       # "Mr", "Sheikh": skipped before names
    title_modifiers: set[str] = field(default_factory=set)  # "former", "acting": inside titles
    speech_verbs: set[str] = field(default_factory=set)     # lemmas whose subject is a speaker
    name_particles: set[str] = field(default_factory=set)   # "al" in "al-Assad"
    ethnic_words: set[str] = field(default_factory=set)     # "ethnic Albanians": a minority
    people_place_preps: set[str] = field(default_factory=set)  # "ethnic Albanians *in* Serbia"
    intl_org_words: set[str] = field(default_factory=set)   # "International Fisheries Bureau"
    domestic_sectors: set[str] = field(default_factory=set)  # GOV, MIL ...: of a country
    pronouns: dict[str, set[str]] = field(default_factory=dict)    # person / it / they / we
    pleonastic: dict[str, set[str]] = field(default_factory=dict)  # weather_verbs / copulas / predicates
    files: tuple[str, ...] = ()                            # the files it was built from
    # derived by _derive()
    surface: dict[str, tuple[str, str]] = field(default_factory=dict)   # text -> (type, key)
    ambiguous: set[str] = field(default_factory=set)
    weak: set[str] = field(default_factory=set)        # one-word aliases of people
    title_phrases: dict[tuple[str, ...], dict] = field(default_factory=dict)
    title_words: set[str] = field(default_factory=set)
    max_title: int = 1
    agent_phrases: dict[tuple[str, ...], dict] = field(default_factory=dict)
    by_role: dict[tuple[str, str], list[tuple[str, str, str]]] = field(default_factory=dict)
    country_index: dict[str, str] = field(default_factory=dict)  # lower-cased term -> ISO3
    demonyms: dict[str, str] = field(default_factory=dict)       # lower-cased demonym -> ISO3
    # a demonym several countries list ("Congolese": COG, COD) -> their ISO3s in file
    # order; the first is the default, the actors stage picks the one the article names
    shared_demonyms: dict[str, list[str]] = field(default_factory=dict)
    desc_heads: frozenset = frozenset()  # words that can head a description or a bare title
    # looked up only (never matched on their own), shared by every lexicon built from the
    # same files: normalised name -> ("LEADER"|"ORG", key), and the entries
    known: dict[str, tuple[str, str]] = field(default_factory=dict)
    known_people: dict[str, dict] = field(default_factory=dict)
    known_organizations: dict[str, dict] = field(default_factory=dict)
    # names of the user's PETRARCH files, matched in any case: lower-cased text -> (type, key)
    caseless: dict[str, tuple[str, str]] = field(default_factory=dict)

    # ------------------------------------------------------------------ look-ups
    def country_of(self, term: str) -> str | None:
        """ISO3 of a country name, alias, demonym (or its plural), capital or listed
        city: "Iraqi" -> IRQ, "Baghdad" -> IRQ; ``None`` for anything else."""
        t = term.strip()
        hit = self.surface.get(t)
        if hit and hit[0] in _COUNTRY_KINDS:
            return hit[1]
        return self.country_index.get(t.lower())

    def lookup(self, name: str) -> tuple[str, str] | None:
        """("LEADER"|"ORG", key) of a name found by the entity recogniser, from the
        looked-up dictionaries (``known_people``, ``known_organizations``)."""
        return self.known.get(norm_name(name))

    def person(self, key: str) -> dict:
        """The entry of a person (ours, else a looked-up one)."""
        p = self.leaders.get(key)
        return p if p is not None else self.known_people[key]

    def org(self, key: str) -> dict:
        """The entry of an organisation (ours, else a looked-up one)."""
        o = self.organizations.get(key)
        return o if o is not None else self.known_organizations[key]

    def country_name(self, iso: str) -> str:
        c = self.countries.get(iso)
        return str(c.get("name") or iso) if c else iso

    def leader_code_at(self, name: str, date: str | None) -> tuple[str | None, str | None, str | None]:
        """(country, sector, role) of leader ``name`` on ``date`` (ISO), per its terms."""
        p = self.leaders.get(name)
        if p is None:
            return self._known_code_at(name, date)
        country = p.get("country")
        terms = p.get("terms") or []
        if not terms:
            return country, p.get("sector"), None
        if not date:
            t = max(terms, key=lambda t: (t["from"] or "0000", t["to"] or "9999"))
            return t.get("country") or country, t["sector"], t["role"]
        for t in reversed(terms):
            if (t["from"] or "0000") <= date and (t["to"] is None or date < t["to"]):
                return t.get("country") or country, t["sector"], t["role"]
        if date < (terms[0]["from"] or "0000"):
            return country, terms[0]["sector"], None
        return country, "ELI", None

    def _known_code_at(self, name: str, date: str | None) -> tuple[str | None, str | None, str | None]:
        """A looked-up person (PETRARCH's semantics): the term in force on the date, else
        the undated default, else nothing (their roles mostly end by 2011: a former
        role is no code for a later article)."""
        p = self.known_people.get(name)
        if not p:
            return None, None, None
        default = None
        for t in reversed(p["terms"]):
            if t["from"] is None and t["to"] is None:
                default = t
            elif date and (t["from"] or "0000") <= date and (t["to"] is None or date <= t["to"]):
                return t.get("country") or p.get("country"), t["sector"], None
        if default is not None:
            return default.get("country") or p.get("country"), default["sector"], None
        return None, None, None

    def leader_for_role(self, country: str, role: str, date: str | None) -> str | None:
        """Who held ``role`` in ``country`` on ``date`` (the latest holder without a date)."""
        holders = self.by_role.get((country, role))
        if not holders:
            return None
        if not date:
            return max(holders)[2]
        best = None
        for start, end, name in holders:
            if start <= date < end and (best is None or start > best[0]):
                best = (start, name)
        return best[1] if best else None


# ----------------------------------------------------------------------------------------------
# building

_WORD_LISTS = ("place_nouns", "honorifics", "title_modifiers", "speech_verbs", "name_particles",
               "ethnic_words", "people_place_preps", "intl_org_words")
_WORD_GROUPS = ("pronouns", "pleonastic")   # sections of named word lists
_KNOWN = {"known_people": "leaders", "known_organizations": "organizations"}


def norm_name(name: str) -> str:
    """Look-up key of a name: lower case, one space between words, no leading "the",
    no possessive ("the Islamic_State's" -> "islamic state")."""
    s = " ".join(str(name).replace("_", " ").split()).lower()
    if s.startswith("the "):
        s = s[4:]
    if s.endswith("'s") or s.endswith("’s"):
        s = s[:-2]
    return s


def build_lexicon(user_files: Iterable[str | Path] = ()) -> Lexicon:
    """A new lexicon from the packaged actor files, then ``user_files`` in order."""
    files = tuple(str(p) for p in user_files)
    lex = Lexicon(files=files)
    paths = packaged_and_user("actors", files)
    if not files:   # the packaged lexicon: one pickle once built
        return _disk_cached("lexicon", "\n".join(_stamp(p) for p in paths),
                            lambda: _build(lex, paths))
    return _build(lex, paths)


def _build(lex: Lexicon, paths: list[Path]) -> Lexicon:
    known_files = []
    for path in paths:
        data, caseless = _read(path)
        if any(sec in _KNOWN for sec in data):
            known_files.append(str(path))
        for sec, body in data.items():
            if sec in _KNOWN:
                continue
            if caseless and sec in ("leaders", "organizations"):
                kind = "LEADER" if sec == "leaders" else "ORG"
                for key, val in (body or {}).items():
                    for nm in [key, *((val or {}).get("aliases") or [])]:
                        lex.caseless[str(nm).lower()] = (kind, str(key))
            if sec in _WORD_LISTS:
                getattr(lex, sec).update(str(w).lower() for w in body or [])
                continue
            if sec == "domestic_sectors":
                lex.domestic_sectors.update(str(w) for w in body or [])
                continue
            if sec in _WORD_GROUPS:
                for name, words in (body or {}).items():
                    getattr(lex, sec).setdefault(name, set()).update(str(w).lower() for w in words or [])
                continue
            target = getattr(lex, sec)
            for key, val in (body or {}).items():
                target[str(key)] = val if val is not None else {}
    _derive(lex)
    lex.known, lex.known_people, lex.known_organizations = _known_part(
        tuple(_stamp(p) for p in known_files))
    return lex


@lru_cache(maxsize=2)
def _known_part(stamps: tuple[str, ...]) -> tuple[dict, dict, dict]:
    """The looked-up dictionaries of these files (see :func:`_build_known`), from the disk
    cache once built, and shared (read-only) by every lexicon of the process."""
    return _disk_cached("known", "\n".join(stamps), lambda: _build_known(stamps))


def _build_known(stamps: tuple[str, ...]) -> tuple[dict, dict, dict]:
    """The looked-up dictionaries of these files: (index, people, organisations), built
    once per process and shared (read-only) by every lexicon that includes them. Our
    own entries win: the actors stage asks the index only for names it does not know."""
    index: dict[str, tuple[str, str]] = {}
    people: dict[str, dict] = {}
    orgs: dict[str, dict] = {}
    for stamp in stamps:
        data, _ = _read(stamp.split("|", 1)[0])
        for sec, kind, target in (("known_people", "LEADER", people),
                                  ("known_organizations", "ORG", orgs)):
            for key, e in (data.get(sec) or {}).items():
                key = str(key)
                e = dict(e or {})
                if kind == "LEADER":
                    e["terms"] = _terms(e)
                target[key] = e
                for nm in [key, *(e.get("aliases") or [])]:
                    index.setdefault(norm_name(nm), (kind, key))
    return index, people, orgs


def _terms(p: dict) -> list[dict]:
    """A person's terms with ISO dates and defaults, oldest first; a term's ``code``
    (PETRARCH's "AFGGOV") gives its own country and sector."""
    terms = []
    for t in p.get("terms") or []:
        t = dict(t)
        t["from"] = as_date(t.get("from"))
        t["to"] = as_date(t.get("to"))
        code = t.get("code")
        if code:
            t["country"] = str(code)[:3]
            t.setdefault("sector", str(code)[3:6] or None)
        t.setdefault("sector", "GOV")
        t.setdefault("role", "other")
        terms.append(t)
    terms.sort(key=lambda t: t["from"] or "0000")
    return terms


_BIG = 256 * 1024   # files above this size are read once, then from the disk cache


def _cache_dir() -> Path:
    d = os.environ.get("EVENTWIRE_CACHE")
    return (Path(d) if d else Path.home() / ".cache" / "eventwire") / "lexicon"


def _code_hash() -> bytes:
    h = hashlib.sha256()
    for mod in (datafiles, petrarch):
        h.update(Path(str(mod.__file__)).read_bytes())
    h.update(Path(__file__).read_bytes())
    return h.digest()


def _disk_cached(stem: str, key: str, build):
    """``build()``'s result, pickled in the cache directory under ``stem`` and a hash of
    ``key`` and of the reading code; rebuilt (and older versions removed) when either
    changes; a cache that cannot be written only costs the rebuild."""
    h = hashlib.sha256(key.encode() + _code_hash()).hexdigest()[:16]
    cached = _cache_dir() / f"{stem}-{h}.pickle"
    try:
        with open(cached, "rb") as f:
            return pickle.load(f)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
        pass
    out = build()
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        for old in cached.parent.glob(f"{stem}-*.pickle"):
            old.unlink(missing_ok=True)
        fd, tmp = tempfile.mkstemp(dir=cached.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            pickle.dump(out, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, cached)
    except OSError:
        pass
    return out


def _stamp(path: str | Path) -> str:
    st = os.stat(path)
    return f"{Path(path).resolve()}|{st.st_size}|{st.st_mtime_ns}"


def _read(path: str | Path) -> tuple[dict, bool]:
    """One actors file's sections, checked; a big file (the generated Phoenix data) is
    parsed once and then read from the disk cache."""
    try:
        big = os.stat(path).st_size >= _BIG
    except OSError:
        big = False
    if not big:
        return load_actor_file(path)        # (a missing file raises EW111 naming it)
    return _disk_cached(Path(path).stem, _stamp(path), lambda: load_actor_file(path))


_LOCK = threading.Lock()
_INSTANCES: dict[tuple[str, ...], Lexicon] = {}


def get_lexicon(user_files: Iterable[str | Path] = ()) -> Lexicon:
    """The lexicon for these user files (built on first use, then the same object)."""
    key = tuple(str(p) for p in user_files)
    with _LOCK:
        lex = _INSTANCES.get(key)
        if lex is None:
            lex = build_lexicon(key)
            _INSTANCES[key] = lex
        return lex


def _add_surface(lex: Lexicon, text: str, kind: str, key: str) -> None:
    text = str(text).strip()
    if not text:
        return
    prev = lex.surface.get(text)
    if prev is None or SURFACE_ORDER[kind] < SURFACE_ORDER[prev[0]]:
        lex.surface[text] = (kind, key)


def _derive(lex: Lexicon) -> None:
    for iso, c in lex.countries.items():
        c.setdefault("name", iso)
        _add_surface(lex, c["name"], "COUNTRY", iso)
        for a in c.get("aliases") or []:
            _add_surface(lex, a, "COUNTRY", iso)
        for d in c.get("demonyms") or []:
            pl = demonym_plural(d)
            for w in (str(d).strip(), pl):
                if not w:
                    continue
                prev = lex.surface.get(w)
                if prev and prev[0] == "DEMONYM" and prev[1] != iso:
                    lex.shared_demonyms.setdefault(w, [prev[1]]).append(iso)
                _add_surface(lex, w, "DEMONYM", iso)
                lex.demonyms.setdefault(w.lower(), iso)
        for cap in c.get("capitals") or []:
            _add_surface(lex, cap, "CAPITAL", iso)
        for city in c.get("cities") or []:
            _add_surface(lex, city, "CITY", iso)
        for key in ("name", "aliases", "demonyms", "capitals", "cities"):
            vals = c.get(key) or []
            for w in [vals] if isinstance(vals, str) else vals:
                w = str(w)
                lex.country_index.setdefault(w.lower(), iso)
                pl = demonym_plural(w) if key == "demonyms" else None
                if pl:
                    lex.country_index.setdefault(pl.lower(), iso)
    for name, o in lex.organizations.items():
        _add_surface(lex, name, "ORG", name)
        for a in o.get("aliases") or []:
            _add_surface(lex, a, "ORG", name)
        for a in o.get("ambiguous") or []:
            lex.ambiguous.add(str(a))
    for name, p in lex.leaders.items():
        _add_surface(lex, name, "LEADER", name)
        for a in p.get("aliases") or []:
            _add_surface(lex, a, "LEADER", name)
            if " " not in str(a).strip():
                lex.weak.add(str(a).strip())
        for a in p.get("ambiguous") or []:
            lex.ambiguous.add(str(a))
        p["terms"] = _terms(p)
        for t in p["terms"]:
            if p.get("country") and t["role"] != "other":
                lex.by_role.setdefault((p["country"], t["role"]), []).append(
                    (t["from"] or "0000", t["to"] or "9999", name))
    for reg in lex.regions:
        _add_surface(lex, reg, "REGION", reg)
    for phrase, t in lex.titles.items():
        words = tuple(phrase.lower().split())
        lex.title_phrases[words] = t
        lex.title_words.update(words)
        lex.max_title = max(lex.max_title, len(words))
    for phrase, a in lex.agents.items():
        lex.agent_phrases[tuple(phrase.lower().split())] = a
    lex.desc_heads = frozenset([w[-1] for w in lex.title_phrases] + [w[-1] for w in lex.agent_phrases]
                               + [k.lower() for k in lex.descriptions])
