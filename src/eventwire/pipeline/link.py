"""Stage ``link``: each event's date and location, from the parse.

For an event, a time or place mention is tied to it, best first, when it is

1. inside the trigger's own clause (a descendant of the trigger that is not
   inside another event's clause): "the rebels overran Kidal *last weekend*";
2. attached to a word that governs the trigger (its clause's head, the verb of
   saying above reported speech): "Erdogan said *on Monday* at a summit";
3. elsewhere in the same sentence;
4. the article's: its date, and the dateline place if the body opens with one
   ("BAGHDAD (Reuters) - ..."); ``defaulted`` is then true.

Within one level the mention fewest dependency links away from the trigger
wins, then the nearest in words: in "GOMA, Nov 16 (Reuters) - Rebels shelled
the town ... last Tuesday" the parse may hang the dateline under the trigger's
subject, but "last Tuesday" modifies "shelled" itself. A date inside the
dateline is the filing date, never an event's own time: it is not a candidate
(the event falls back to the article's date).

Only dated times (DATE or TIME with a calendar value, not durations or
``PAST_REF``) date an event; only literal places (not "Moscow said") with
coordinates locate it.
"""
from __future__ import annotations

import re
from typing import TypeVar

from spacy.language import Language
from spacy.tokens import Doc, Token

from ..doctools import DATELINE_CITY_UNDATED, DATELINE_DATED, doc_text, span_root
from ..records import Event, EventDate, EventLocation, Place, Time
from ..stage import Stage

T = TypeVar("T", Time, Place)
_DATED = re.compile(r"^\d{4}(-|$)")
_DATELINE = DATELINE_CITY_UNDATED   # the dateline's place
_DATELINE_DATED = DATELINE_DATED    # what a date in the dateline may sit in


def _path_to(tok: Token, top: Token) -> list[Token] | None:
    """Tokens from ``tok`` up to (excluding) ``top`` if ``top`` governs ``tok``, else None."""
    path, cur = [], tok
    while cur.i != top.i:
        if cur.head.i == cur.i:
            return None
        path.append(cur)
        cur = cur.head
    return path


_FAR = 1000          # dependency links "counted" for a mention not under the trigger


def _level(mention: Token, trigger: Token, other_triggers: set[int],
           governors: set[int] | None = None) -> tuple[int, int] | None:
    """``(level, links)``. Level 1: in the trigger's clause; 2: attached to a governor of
    the trigger; 3: elsewhere in its sentence; None: another sentence. ``links``: the
    dependency links from the mention up to the trigger (level 1), else ``_FAR``.
    ``governors`` (the trigger's ancestors' indices) may be passed in when many mentions
    are compared with one trigger."""
    if mention.sent.start != trigger.sent.start:
        return None
    path = _path_to(mention, trigger)
    if path is not None:
        if any(t.i in other_triggers for t in path[1:]):
            return 3, _FAR
        return 1, len(path)
    # attached (directly or through a preposition) to an ancestor of the trigger
    head = mention.head
    if head.dep_ == "prep" or head.pos_ == "ADP":
        head = head.head
    if governors is None:
        governors = {a.i for a in trigger.ancestors}
    return (2 if head.i in governors else 3), _FAR


def _by_sentence(mentions: list[tuple[Token, T]]) -> dict[int, list[tuple[Token, T]]]:
    """Mentions grouped by the start token of their sentence."""
    out: dict[int, list[tuple[Token, T]]] = {}
    for tok, item in mentions:
        out.setdefault(tok.sent.start, []).append((tok, item))
    return out


def _best(trigger: Token | None, mentions: list[tuple[Token, T]] | dict[int, list[tuple[Token, T]]],
          other_triggers: set[int]) -> T | None:
    """The mention tied most closely to the trigger (lowest level, then fewest
    dependency links, then nearest in words).
    ``mentions`` may be grouped by sentence (:func:`_by_sentence`): only the trigger's
    sentence is then looked at, which keeps a long document's cost linear."""
    if trigger is None:
        return None
    if isinstance(mentions, dict):
        mentions = mentions.get(trigger.sent.start, [])
    best = None
    governors = {a.i for a in trigger.ancestors}
    for tok, item in mentions:
        lv = _level(tok, trigger, other_triggers, governors)
        if lv is not None:
            key = (lv[0], lv[1], abs(tok.i - trigger.i))
            if best is None or key < best[0]:
                best = (key, item)
    return best[1] if best else None


def _dateline_end(doc: Doc) -> int:
    """Where the dateline ("GOMA, Congo, Nov 16 (Reuters) -") ends; 0 without one."""
    head = doc_text(doc)[:160]
    m = _DATELINE_DATED.match(head) or _DATELINE.match(head[:120])
    return m.end() if m else 0


def _dateline_place(doc: Doc, places: list[Place]) -> Place | None:
    m = _DATELINE.match(doc_text(doc)[:120])
    if not m:
        return None
    for p in places:
        if p.span[0] >= m.start(1) and p.span[1] <= m.end(1) + 1 and p.lat is not None:
            return p
    return None


def link_event(doc: Doc, ev: Event,
               times: list[tuple[Token, Time]] | dict[int, list[tuple[Token, Time]]],
               places: list[tuple[Token, Place]] | dict[int, list[tuple[Token, Place]]],
               other_triggers: set[int],
               article_date: str | None, dateline: Place | None) -> None:
    trig = span_root(doc, ev.trigger_span)
    t = _best(trig, times, other_triggers)
    ev.date = (EventDate(value=t.value, time=t.id, defaulted=False) if t is not None
               else EventDate(value=article_date, time=None, defaulted=True))
    p = _best(trig, places, other_triggers)
    if p is not None:
        ev.location = EventLocation(place=p.id, defaulted=False)
    else:
        ev.location = EventLocation(place=dateline.id if dateline else None,
                                    defaulted=dateline is not None)


def link_stage(doc: Doc) -> Doc:
    events = doc._.ew_events or []
    if not events:
        return doc
    art = doc._.ew_article
    article_date = art.date[:10] if art is not None and art.date else None
    # a date in the dateline is the filing date: the article's date, not an event's own
    dateline_end = _dateline_end(doc)
    times = [(tok, t) for t in doc._.ew_times or []
             if t.type in ("DATE", "TIME") and t.value and _DATED.match(t.value)
             and t.span[0] >= dateline_end
             and (tok := span_root(doc, t.span)) is not None]
    places_all = doc._.ew_places or []
    places = [(tok, p) for p in places_all if p.literal and p.lat is not None
              and (tok := span_root(doc, p.span)) is not None]
    triggers = {ev.id: span_root(doc, ev.trigger_span) for ev in events}
    dateline = _dateline_place(doc, places_all)
    # every trigger: the path from a mention up to a trigger never holds the trigger
    # itself, so one set serves every event (no per-event copy: linear in events)
    others = {t.i for t in triggers.values() if t is not None}
    times_at, places_at = _by_sentence(times), _by_sentence(places)
    for ev in events:
        link_event(doc, ev, times_at, places_at, others, article_date, dateline)
    return doc


class LinkStage(Stage):
    # fills the date and location of events already in ew_events

    def __call__(self, doc: Doc) -> Doc:
        return link_stage(doc)


@Language.factory("ew_link", assigns=["doc._.ew_events"],
                  requires=["doc._.ew_events", "doc._.ew_times", "doc._.ew_places"])
def make_link(nlp: Language, name: str) -> LinkStage:
    return LinkStage()
