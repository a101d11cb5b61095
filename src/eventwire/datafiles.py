"""One loader for every data file, packaged or the user's, with a schema per kind.

A kind of file (``actors``, ``quotes``, ``places`` ...) has a schema: the
top-level keys it may hold and, for each, the shape of its value. A schema is
built from a few named types:

==============  ================================================================
``STR`` ...     a scalar: ``STR``, ``INT``, ``NUM`` (int or float), ``BOOL``,
                ``DATE`` (an ISO date, quoted or not)
``Words()``     a list of strings (a word list)
``ListOf(t)``   a list whose items are ``t``
``MapOf(t)``    a mapping from string keys to ``t`` (keys are free: names, codes)
``Fields(..)``  a mapping with fixed keys, each with its type (an entry)
``OneOf(..)``   any of the given types
==============  ================================================================

A null value is accepted anywhere (it means "absent"). An unknown key or a
value of the wrong type is an EW111 error naming the file, the line and the
key's path ("countries.AFG.demonyms"), raised before any stage runs. The
schemas themselves are listed in ``docs/data-files.md``.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .config import load_yaml
from .errors import InputError


# ----------------------------------------------------------------------------------------------
# types


@dataclass(frozen=True)
class Scalar:
    name: str
    types: tuple[type, ...]

    def check(self, v: Any, path: tuple, fail) -> None:
        if isinstance(v, bool) and bool not in self.types:
            fail(path, f"must be {self.name}, not a boolean")
        elif not isinstance(v, self.types):
            fail(path, f"must be {self.name}, not {_what(v)}")


STR = Scalar("a string", (str,))
INT = Scalar("an integer", (int,))
NUM = Scalar("a number", (int, float))
BOOL = Scalar("true or false", (bool,))
DATE = Scalar("a date (YYYY-MM-DD)", (str, _dt.date))
ANY_SCALAR = Scalar("a string or a number", (str, int, float))


@dataclass(frozen=True)
class ListOf:
    item: Any

    def check(self, v: Any, path: tuple, fail) -> None:
        if not isinstance(v, list):
            fail(path, f"must be a list, not {_what(v)}")
        for n, x in enumerate(v):
            if x is not None:
                self.item.check(x, path + (n,), fail)


def Words() -> ListOf:  # noqa: N802 - reads as a type in the schema tables
    return ListOf(ANY_SCALAR)


@dataclass(frozen=True)
class MapOf:
    value: Any

    def check(self, v: Any, path: tuple, fail) -> None:
        if not isinstance(v, dict):
            fail(path, f"must be a mapping, not {_what(v)}")
        for k, x in v.items():
            if x is not None:
                self.value.check(x, path + (str(k),), fail)


@dataclass(frozen=True)
class Fields:
    fields: dict

    def __init__(self, **fields: Any):
        object.__setattr__(self, "fields", fields)

    def check(self, v: Any, path: tuple, fail) -> None:
        if not isinstance(v, dict):
            fail(path, f"must be a mapping, not {_what(v)}")
        for k, x in v.items():
            sub = path + (str(k),)
            t = self.fields.get(str(k))
            if t is None:
                fail(sub, "unknown key (expected one of " + ", ".join(self.fields) + ")")
            elif x is not None:
                t.check(x, sub, fail)


@dataclass(frozen=True)
class OneOf:
    options: tuple

    def __init__(self, *options: Any):
        object.__setattr__(self, "options", options)

    def check(self, v: Any, path: tuple, fail) -> None:
        for o in self.options:
            try:
                o.check(v, path, _raise_plain)
                return
            except _Mismatch:
                continue
        # report against the first option whose container kind fits, else the first
        for o in self.options:
            if isinstance(o, (MapOf, Fields)) and isinstance(v, dict) or \
                    isinstance(o, ListOf) and isinstance(v, list):
                o.check(v, path, fail)
        self.options[0].check(v, path, fail)


class _Mismatch(Exception):
    pass


def _raise_plain(path: tuple, msg: str) -> None:
    raise _Mismatch(path, msg)


def _what(v: Any) -> str:
    if isinstance(v, dict):
        return "a mapping"
    if isinstance(v, list):
        return "a list"
    if isinstance(v, str):
        return f"the string {v[:30]!r}"
    return f"{type(v).__name__} {v!r}"


# ----------------------------------------------------------------------------------------------
# the schemas, one per kind of file

_ENTRY_WORDS = Words()

_ORGANIZATION = Fields(aliases=_ENTRY_WORDS, ambiguous=_ENTRY_WORDS, code=STR, country=STR,
                       sector=STR, kind=STR, mention=STR)
_PERSON = Fields(aliases=_ENTRY_WORDS, ambiguous=_ENTRY_WORDS, country=STR, code=STR, sector=STR,
                 terms=ListOf(Fields(role=STR, sector=STR, code=STR, **{"from": DATE, "to": DATE})))

ACTORS = Fields(
    countries=MapOf(Fields(name=STR, aliases=_ENTRY_WORDS, demonyms=_ENTRY_WORDS,
                           capitals=_ENTRY_WORDS, cities=_ENTRY_WORDS)),
    organizations=MapOf(_ORGANIZATION),
    leaders=MapOf(_PERSON),
    known_people=MapOf(_PERSON),
    known_organizations=MapOf(_ORGANIZATION),
    titles=MapOf(Fields(sector=STR, leader=STR, intl=BOOL, country=STR)),
    agents=MapOf(Fields(sector=STR, kind=STR, plural_only=BOOL, needs_country=BOOL,
                        needs_leader=BOOL, country_required=BOOL, person=BOOL,
                        country=STR)),
    regions=MapOf(Fields(code=STR, people=BOOL)),
    org_words=MapOf(STR),
    descriptions=MapOf(Fields(kinds=_ENTRY_WORDS, sectors=_ENTRY_WORDS)),
    place_nouns=Words(),
    pronouns=Fields(person=Words(), it=Words(), they=Words(), we=Words()),
    pleonastic=Fields(weather_verbs=Words(), copulas=Words(), predicates=Words()),
    name_particles=Words(),
    ethnic_words=Words(),
    people_place_preps=Words(),
    intl_org_words=Words(),
    domestic_sectors=Words(),
    honorifics=Words(),
    title_modifiers=Words(),
    speech_verbs=Words(),
)

_PLACE = Fields(lat=NUM, lon=NUM, country=STR, admin1=STR, aliases=_ENTRY_WORDS, kind=STR,
                feature=STR, resolved=STR, population=INT, geonameid=INT)

PLACES = Fields(
    aliases=MapOf(Words()),
    landmarks=MapOf(_PLACE), regions=MapOf(_PLACE), water=MapOf(_PLACE), places=MapOf(_PLACE),
    abbreviations=MapOf(ListOf(STR)),
    centres=MapOf(ListOf(NUM)),
    stop=Words(), common_words=Words(), place_nouns=Words(), actor_nouns=Words(),
    particles=Words(), not_before=Words(), locative_words=Words(),
    name_words=MapOf(STR), actor_preps=MapOf(Words()), big_city=INT, ground_verbs=Words(),
    inside_words=Words(),
    kind_words=MapOf(Fields(before=Words(), after=Words(), after_lower=Words())),
    street_words=Words(),
    name_prefixes=Words(), division_words=Words(), generic_heads=Words(), generic_tails=Words(),
    county_abbreviations=Words(), direction_modifiers=Words(), direction_words=Words(),
    compass_words=Words(), context_words=Words(), function_words=Words(), route_words=Words(),
    landmark_heads=Words(), settlement_words=Words(), located_words=Words(), org_words=Words(),
)

QUOTES = Fields(
    speech=Words(), cognition=Words(), to_complement=Words(), object=Words(), fragment=Words(),
    prepositional=MapOf(Words()), nominal=MapOf(Words()), source_phrases=Words(), line_speaker_words=INT,
    pronouns=Fields(person=Words(), group=Words()), remove=Words(),
    object_not_content=MapOf(Words()), non_speakers=Words(), source_documents=Words(),
    no_content=Words(), join_split_quotes=BOOL,
)

TIMES = Fields(
    words=MapOf(OneOf(MapOf(OneOf(ANY_SCALAR, ListOf(ANY_SCALAR))), Words())),
    case_sensitive=Words(),
    macros=MapOf(STR),
    rules=ListOf(Fields(name=STR, pattern=STR, action=STR, context=STR, after=Words(),
                        sure=Words(), veto=Words(), ner=BOOL, disabled=BOOL)),
)

_EVENT_LISTS = ("default_target_preps", "default_source_preps", "light_verbs", "reporting_verbs",
                "intent_governors", "intent_auxiliaries", "hypothetical_auxiliaries",
                "hypothetical_marks", "hypothetical_governors", "negation_governors",
                "object_control", "absorbing_governors", "reversal_verbs", "obligation_auxiliaries",
                "own_government_target_types", "domestic_types", "threat_governors", "threat_marks",
                "reaction_types", "place_target_codes", "own_population_codes",
                "clause_target_types", "decision_governors", "decided_codes", "reciprocal_words",
                "role_rules", "home_forces_codes", "own_agent_sectors", "victim_nouns",
                "of_target_nouns", "place_preps", "member_preps", "owner_preps", "mediator_words",
                "time_marks", "relational_nouns", "refusal_governors", "cessation_governors",
                "joint_types", "theme_event_types", "deliberation_governors", "offer_governors",
                "attempt_governors", "attempted_codes", "purpose_types", "refusal_auxiliaries",
                "reported_refusal_auxiliaries", "refusable_codes",
                "failure_governors", "failed_codes", "condition_target_types",
                "patient_possessor_nouns", "own_forces_theme_types", "mediated_types",
                "pair_quantifiers", "negative_subjects", "place_source_codes", "partitive_nouns",
                "message_nouns", "outer_place_preps", "condition_marks")
_EVENT_MAPS = ("intent_codes", "reversal_codes", "obligation_refine", "pair_nouns", "offer_codes")

_TRIGGER = Fields(rule=STR, code=STR, verbs=Words(), nouns=Words(), target_preps=Words(),
                  source_preps=Words(), refine=MapOf(STR), object=STR, symmetric=BOOL,
                  needs_target=BOOL, confidence=NUM, complements=Words(),
                  needs_refine=BOOL, frame=STR)

EVENTS = Fields(
    triggers=ListOf(_TRIGGER),
    # vocabulary of lower rank (the generated CAMEO verb file): CAMEO code -> verb
    # phrases, each used only where no `triggers` entry of any loaded file lists its verb
    fallback_verbs=MapOf(Words()),
    obligation_code=STR, threat_code=STR, mediation_code=STR, refusal_code=STR,
    previous_window=INT,
    confidence=MapOf(NUM),
    **{k: Words() for k in _EVENT_LISTS},
    **{k: MapOf(STR) for k in _EVENT_MAPS},
)

CODEBOOK = Fields(
    codes=MapOf(Fields(name=STR, quad=INT, goldstein=NUM, type=STR, mode=STR, context=Words())),
    roots=MapOf(Fields(type=STR, mode=STR, context=Words())),
)

MAGNITUDES = Fields(
    numbers=MapOf(NUM), multipliers=MapOf(NUM), modifiers=MapOf(STR),
    verbs=MapOf(Fields(dead=Words(), injured=Words(), arrested=Words(), participants=Words())),
    nouns=MapOf(Words()), governing_nouns=MapOf(Words()), need_people=Words(),
    passive_only=Words(), things=Words(), troops=Words(), people=Words(), long_period=Words(),
    event_types=MapOf(Words()), implied_codes=MapOf(STR),
)

DEDUP = Fields(
    skip_negated=BOOL, skip_modalities=Words(), type_points=MapOf(NUM), symmetric_types=Words(),
    symmetric_cameo=Words(), actor_points=MapOf(NUM), sector_families=MapOf(Words()),
    article_lag_days=INT, explicit_tolerance_days=INT, max_interval_days=INT,
    report_window_days=INT, date_points=MapOf(NUM), place_radius_km=MapOf(NUM),
    country_features=Words(), place_precision=Words(), place_points=MapOf(NUM), threshold=NUM,
    text_weight=NUM, stopwords=Words(), max_codes=INT, size_mod_rank=MapOf(INT),
    confusable_types=MapOf(Words()), parent_countries=MapOf(STR),
    strong_text=Fields(min_cosine=NUM, min_shared_words=INT, places=Words(), long_min_cosine=NUM,
                       long_min_shared_words=INT),
    same_words=Fields(min_cosine=NUM, min_shared_words=INT, not_names=Words()),
    same_article=Fields(points=NUM),
    max_texts=INT,
)

SCHEMAS: dict[str, Fields] = {"actors": ACTORS, "places": PLACES, "quotes": QUOTES,
                              "times": TIMES, "events": EVENTS, "codebook": CODEBOOK,
                              "magnitudes": MAGNITUDES, "dedup": DEDUP}


# ----------------------------------------------------------------------------------------------
# loading


def load_data(path: str | Path, kind: str) -> dict:
    """The mapping in one data file of ``kind``, checked against its schema.

    An empty file is an empty mapping. A broken file, an unknown key or a
    value of the wrong type raises :class:`InputError` EW111 naming the file,
    the line and the key."""
    data = load_yaml(path)
    if data is None:
        return {}

    def fail(keypath: tuple, msg: str) -> None:
        where = f"{path}:{_line_of(path, keypath)}" if keypath else str(path)
        raise InputError("EW111", f"{kind} file: {_render(keypath)} {msg}", where)

    if not isinstance(data, dict):
        fail((), f"must be a mapping of sections, not {_what(data)}")
    SCHEMAS[kind].check(data, (), fail)
    return data


def check_data(data: Any, kind: str, where: str) -> None:
    """Check an in-memory mapping (a converted file) against ``kind``'s schema."""
    def fail(keypath: tuple, msg: str) -> None:
        raise InputError("EW111", f"{kind} data: {_render(keypath)} {msg}", where)
    SCHEMAS[kind].check(data, (), fail)


def load_actor_file(path: str | Path) -> tuple[dict, bool]:
    """One actors file as the lexicon's sections, and whether its names match in any case.

    Our YAML form (sections of ``ACTORS``), or a PETRARCH/TABARI actor or agent
    file, told apart by content (:func:`eventwire.petrarch.sniff`); a PETRARCH
    line that fits neither form is EW111 with file:line."""
    from . import petrarch
    kind = petrarch.sniff(path)
    if kind == "yaml":
        return load_data(path, "actors"), False
    if kind == "petrarch-agents":
        agents, _ = petrarch.parse_agents(path)
        data = {"agents": agents}
    else:
        records, _ = petrarch.parse_actors(path)
        data = petrarch.actor_sections(records)
    check_data(data, "actors", str(path))
    return data, True


def _render(keypath: tuple) -> str:
    """("leaders", "X", "terms", 0, "from") -> 'leaders.X.terms[0].from' (quoted), or 'the file'."""
    if not keypath:
        return "the file"
    out = ""
    for p in keypath:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return f"key '{out}'"


def _line_of(path: str | Path, keypath: tuple) -> int:
    """1-based line of ``keypath`` in the YAML file, found on the error path only
    (1 when it cannot be found)."""
    try:
        with open(path, encoding="utf-8") as f:
            node = yaml.compose(f, Loader=yaml.SafeLoader)
    except (OSError, yaml.YAMLError):
        return 1
    line = 0
    for p in keypath:
        if node is None:
            break
        if isinstance(p, int) and isinstance(node, yaml.SequenceNode) and p < len(node.value):
            node = node.value[p]
            line = node.start_mark.line
        elif isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                if str(k.value) == str(p):
                    line = k.start_mark.line
                    node = v
                    break
            else:
                node = None
        else:
            node = None
    return line + 1
