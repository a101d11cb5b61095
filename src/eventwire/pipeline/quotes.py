"""Stage ``quotes``: who said what.

(Foundation placeholder: sets an empty list. The quotes issue fills it in.)
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


class QuotesStage:
    def __init__(self, user_files: list[str]):
        self.user_files = list(user_files)

    def __call__(self, doc: Doc) -> Doc:
        doc._.ew_quotes = []
        return doc


@Language.factory("ew_quotes", assigns=["doc._.ew_quotes"], requires=["doc._.ew_mentions"],
                  default_config={"user_files": []})
def make_quotes(nlp: Language, name: str, user_files: list[str]) -> QuotesStage:
    return QuotesStage(user_files)
