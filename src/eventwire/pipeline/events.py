"""Stage ``events``: code who did what to whom (CAMEO and PLOVER).

(Foundation placeholder: sets an empty list. The events issue fills it in.)
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


class EventsStage:
    def __init__(self, user_files: list[str]):
        self.user_files = list(user_files)

    def __call__(self, doc: Doc) -> Doc:
        doc._.ew_events = []
        return doc


@Language.factory("ew_events", assigns=["doc._.ew_events"], requires=["doc._.ew_actors"],
                  default_config={"user_files": []})
def make_events(nlp: Language, name: str, user_files: list[str]) -> EventsStage:
    return EventsStage(user_files)
