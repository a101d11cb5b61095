"""Typed records passed between stages and returned by the API.

Every record is a slotted dataclass whose ``as_dict()`` gives exactly the JSON
of ``docs/output.md`` (the output contract). Stages create these objects and store them on the
``Doc`` (see ``extensions.py``); ``assemble.record_from_doc`` turns one ``Doc``
into one :class:`Record`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

Span = tuple[int, int]


def _span(s: Span | None) -> list[int] | None:
    return [s[0], s[1]] if s is not None else None


@dataclass(slots=True)
class Article:
    id: str
    text: str
    title: str | None = None
    date: str | None = None          # ISO 8601 date (or datetime) of publication
    url: str | None = None
    source: str | None = None
    path: str | None = None          # where it was read from (not part of the contract JSON)
    errors: list["ErrorItem"] = field(default_factory=list)  # problems found while reading it

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "date": self.date, "url": self.url,
                "source": self.source, "text": self.text}


@dataclass(slots=True)
class Sentence:
    i: int
    span: Span

    def as_dict(self) -> dict[str, Any]:
        return {"i": self.i, "span": _span(self.span)}


@dataclass(slots=True)
class Actor:
    id: str
    name: str
    text: str
    span: Span
    mentions: list[Span] = field(default_factory=list)
    country: str | None = None
    sector: str | None = None
    code: str | None = None
    kind: str = "organization"      # person | organization | state | group

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "text": self.text, "span": _span(self.span),
                "mentions": [_span(m) for m in self.mentions], "country": self.country,
                "sector": self.sector, "code": self.code, "kind": self.kind}


@dataclass(slots=True)
class Mention:
    """A token span ``[start, end)`` of the Doc that refers to actor ``actor``.

    ``kind``: ``name`` (a proper name or dictionary entry), ``title`` (a role
    phrase such as "the foreign minister"), ``pronoun``, ``description`` ("the
    group"), ``metonym`` ("Moscow" for the Russian government), ``agent``
    (an unnamed agent: "protesters", "Iraq's army"). Internal: not in the
    contract JSON; the actor's ``mentions`` give the character spans.
    """
    start: int
    end: int
    actor: str
    kind: str = "name"


@dataclass(slots=True)
class EventDate:
    value: str | None
    time: str | None = None          # id of the TIME record, or None
    defaulted: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {"value": self.value, "time": self.time, "defaulted": self.defaulted}


@dataclass(slots=True)
class EventLocation:
    place: str | None = None         # id of the PLACE record, or None
    defaulted: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {"place": self.place, "defaulted": self.defaulted}


@dataclass(slots=True)
class Size:
    """One count the text gives for an event (PLOVER 2.0's size object):
    ``field`` is dead | injured | arrested | participants; ``mod`` is null or
    AT_LEAST | MORE_THAN | LESS_THAN | APPROX | AT_MOST."""
    field: str
    value: int
    mod: str | None = None
    text: str = ""
    span: Span | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"field": self.field, "value": self.value, "mod": self.mod, "text": self.text,
                "span": _span(self.span)}


@dataclass(slots=True)
class Event:
    id: str
    sentence: int
    trigger_text: str
    trigger_span: Span
    plover_type: str
    cameo_code: str
    plover_mode: str | None = None
    plover_context: list[str] = field(default_factory=list)
    cameo_root: str | None = None
    quad_class: int | None = None
    goldstein: float | None = None
    source: list[str] = field(default_factory=list)
    target: list[str] = field(default_factory=list)
    negated: bool = False
    modality: str = "asserted"       # asserted | intended | hypothetical | reported
    reported_by: str | None = None
    date: EventDate | None = None
    location: EventLocation | None = None
    rule: str = ""
    confidence: float = 0.5
    size: list[Size] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "sentence": self.sentence,
                "trigger": {"text": self.trigger_text, "span": _span(self.trigger_span)},
                "plover": {"type": self.plover_type, "mode": self.plover_mode,
                           "context": list(self.plover_context)},
                "cameo": {"code": self.cameo_code, "root": self.cameo_root or self.cameo_code[:2],
                          "quad_class": self.quad_class, "goldstein": self.goldstein},
                "source": list(self.source), "target": list(self.target),
                "negated": self.negated, "modality": self.modality,
                "reported_by": self.reported_by,
                "date": (self.date or EventDate(None)).as_dict(),
                "location": (self.location or EventLocation()).as_dict(),
                "rule": self.rule, "confidence": round(self.confidence, 3),
                "size": [s.as_dict() for s in self.size]}


@dataclass(slots=True)
class Quote:
    id: str
    kind: str                        # direct | indirect | mixed
    content_text: str
    content_span: Span
    cue_text: str | None = None
    cue_span: Span | None = None
    speaker_text: str | None = None
    speaker_span: Span | None = None
    speaker_actor: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind,
                "content": {"text": self.content_text, "span": _span(self.content_span)},
                "cue": ({"text": self.cue_text, "span": _span(self.cue_span)}
                        if self.cue_span is not None else None),
                "speaker": ({"text": self.speaker_text, "span": _span(self.speaker_span),
                             "actor": self.speaker_actor}
                            if self.speaker_span is not None else None)}


@dataclass(slots=True)
class Place:
    id: str
    text: str
    span: Span
    name: str | None = None
    geonameid: int | None = None
    lat: float | None = None
    lon: float | None = None
    country: str | None = None       # ISO3
    admin1: str | None = None
    feature: str | None = None       # GeoNames "class.code", e.g. "P.PPLA"
    population: int | None = None
    literal: bool = True             # False: the name stands for an actor ("Moscow said")

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "text": self.text, "span": _span(self.span), "name": self.name,
                "geonameid": self.geonameid, "lat": self.lat, "lon": self.lon,
                "country": self.country, "admin1": self.admin1, "feature": self.feature,
                "population": self.population, "literal": self.literal}


@dataclass(slots=True)
class Time:
    id: str
    text: str
    span: Span
    type: str = "DATE"               # DATE | TIME | DURATION | SET
    value: str | None = None
    mod: str | None = None
    start: str | None = None
    end: str | None = None
    rule: str | None = None          # which rule normalised it (not in the contract's example)

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "text": self.text, "span": _span(self.span), "type": self.type,
                "value": self.value, "mod": self.mod, "start": self.start, "end": self.end}


@dataclass(slots=True)
class ErrorItem:
    code: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message}


@dataclass(slots=True)
class Record:
    article: Article
    sentences: list[Sentence] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    times: list[Time] = field(default_factory=list)
    errors: list[ErrorItem] = field(default_factory=list)

    def actor(self, id: str | None) -> Actor | None:
        """The actor an event or quote refers to by id: ``rec.actor(ev.source[0]).code``."""
        return next((a for a in self.actors if a.id == id), None) if id else None

    def place(self, id: str | None) -> Place | None:
        """The place of an id (``rec.place(ev.location.place)``), or None."""
        return next((p for p in self.places if p.id == id), None) if id else None

    def time(self, id: str | None) -> Time | None:
        """The time expression of an id (``rec.time(ev.date.time)``), or None."""
        return next((t for t in self.times if t.id == id), None) if id else None

    def as_dict(self) -> dict[str, Any]:
        return {"article": self.article.as_dict(),
                "sentences": [s.as_dict() for s in self.sentences],
                "actors": [a.as_dict() for a in self.actors],
                "events": [e.as_dict() for e in self.events],
                "quotes": [q.as_dict() for q in self.quotes],
                "places": [p.as_dict() for p in self.places],
                "times": [t.as_dict() for t in self.times],
                "errors": [e.as_dict() for e in self.errors]}
