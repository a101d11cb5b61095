"""Stage ``places``: place mentions.

(Foundation: the raw GPE/LOC/FAC mentions spaCy's NER finds, unresolved. The
places issue replaces this with gazetteer resolution.)
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..records import Place


class PlacesStage:
    def __init__(self, user_files: list[str]):
        self.user_files = list(user_files)

    def __call__(self, doc: Doc) -> Doc:
        ents = (e for e in doc.ents if e.label_ in ("GPE", "LOC", "FAC"))
        doc._.ew_places = [Place(id=f"p{i}", text=e.text, span=(e.start_char, e.end_char))
                           for i, e in enumerate(ents, 1)]
        return doc


@Language.factory("ew_places", assigns=["doc._.ew_places"], default_config={"user_files": []})
def make_places(nlp: Language, name: str, user_files: list[str]) -> PlacesStage:
    return PlacesStage(user_files)
