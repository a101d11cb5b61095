"""Stage ``link``: each event's date and location.

(Foundation placeholder: every event gets the article date, defaulted. The
times-and-places issue ties events to their own time and place mentions.)
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..records import EventDate, EventLocation


def link_stage(doc: Doc) -> Doc:
    art = doc._.ew_article
    for ev in doc._.ew_events or []:
        ev.date = EventDate(value=art.date[:10] if art and art.date else None, defaulted=True)
        ev.location = EventLocation(place=None, defaulted=True)
    return doc


@Language.factory("ew_link", requires=["doc._.ew_events", "doc._.ew_times", "doc._.ew_places"])
def make_link(nlp: Language, name: str):
    return link_stage
