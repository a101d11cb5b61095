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

import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

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
    desc_heads: frozenset = frozenset()  # words that can head a description or a bare title

    # ------------------------------------------------------------------ look-ups
    def country_of(self, term: str) -> str | None:
        """ISO3 of a country name, alias, demonym (or its plural), capital or listed
        city: "Iraqi" -> IRQ, "Baghdad" -> IRQ; ``None`` for anything else."""
        t = term.strip()
        hit = self.surface.get(t)
        if hit and hit[0] in _COUNTRY_KINDS:
            return hit[1]
        return self.country_index.get(t.lower())

    def country_name(self, iso: str) -> str:
        c = self.countries.get(iso)
        return str(c.get("name") or iso) if c else iso

    def leader_code_at(self, name: str, date: str | None) -> tuple[str | None, str | None, str | None]:
        """(country, sector, role) of leader ``name`` on ``date`` (ISO), per its terms."""
        p = self.leaders.get(name)
        if not p:
            return None, None, None
        country = p.get("country")
        terms = p.get("terms") or []
        if not terms:
            return country, p.get("sector"), None
        if not date:
            t = terms[-1]
            return country, t["sector"], t["role"]
        for t in reversed(terms):
            if (t["from"] or "0000") <= date and (t["to"] is None or date < t["to"]):
                return country, t["sector"], t["role"]
        if date < (terms[0]["from"] or "0000"):
            return country, terms[0]["sector"], None
        return country, "ELI", None

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

_WORD_LISTS = ("place_nouns", "honorifics", "title_modifiers", "speech_verbs")


def build_lexicon(user_files: Iterable[str | Path] = ()) -> Lexicon:
    """A new lexicon from the packaged actor files, then ``user_files`` in order."""
    files = tuple(str(p) for p in user_files)
    lex = Lexicon(files=files)
    for path in packaged_and_user("actors", files):
        for sec, body in load_actor_file(path).items():
            if sec in _WORD_LISTS:
                getattr(lex, sec).update(str(w).lower() for w in body or [])
                continue
            target = getattr(lex, sec)
            for key, val in (body or {}).items():
                target[str(key)] = val if val is not None else {}
    _derive(lex)
    return lex


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
            _add_surface(lex, d, "DEMONYM", iso)
            lex.demonyms[str(d).lower()] = iso
            p = demonym_plural(d)
            if p:
                _add_surface(lex, p, "DEMONYM", iso)
                lex.demonyms[p.lower()] = iso
        for cap in c.get("capitals") or []:
            _add_surface(lex, cap, "CAPITAL", iso)
        for city in c.get("cities") or []:
            _add_surface(lex, city, "CITY", iso)
        for key in ("name", "aliases", "demonyms", "capitals", "cities"):
            vals = c.get(key) or []
            for w in [vals] if isinstance(vals, str) else vals:
                w = str(w)
                lex.country_index.setdefault(w.lower(), iso)
                if key == "demonyms" and demonym_plural(w):
                    lex.country_index.setdefault(demonym_plural(w).lower(), iso)
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
        terms = []
        for t in p.get("terms") or []:
            t = dict(t)
            t["from"] = as_date(t.get("from"))
            t["to"] = as_date(t.get("to"))
            t.setdefault("sector", "GOV")
            t.setdefault("role", "other")
            terms.append(t)
            if p.get("country"):
                lex.by_role.setdefault((p["country"], t["role"]), []).append(
                    (t["from"] or "0000", t["to"] or "9999", name))
        terms.sort(key=lambda t: t["from"] or "0000")
        p["terms"] = terms
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
