"""Stage ``actors``: find participants and resolve them to one Actor per entity.

(Foundation placeholder: sets empty lists. The actors issue fills it in.)
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


class ActorsStage:
    def __init__(self, user_files: list[str]):
        self.user_files = list(user_files)

    def __call__(self, doc: Doc) -> Doc:
        doc._.ew_actors = []
        doc._.ew_mentions = []
        return doc


@Language.factory("ew_actors", assigns=["doc._.ew_actors", "doc._.ew_mentions"],
                  default_config={"user_files": []})
def make_actors(nlp: Language, name: str, user_files: list[str]) -> ActorsStage:
    return ActorsStage(user_files)
