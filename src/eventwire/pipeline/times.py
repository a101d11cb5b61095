"""Stage ``times``: temporal expressions.

(Foundation: the raw DATE/TIME mentions spaCy's NER finds, unresolved. The
times issue replaces this with TIMEX3 normalisation.)
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..records import Time


def times_stage(doc: Doc) -> Doc:
    doc._.ew_times = [Time(id=f"t{i}", text=ent.text, span=(ent.start_char, ent.end_char),
                           type="TIME" if ent.label_ == "TIME" else "DATE", value=None)
                      for i, ent in enumerate((e for e in doc.ents if e.label_ in ("DATE", "TIME")), 1)]
    return doc


@Language.factory("ew_times", assigns=["doc._.ew_times"])
def make_times(nlp: Language, name: str):
    return times_stage
