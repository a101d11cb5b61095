"""doctools' array reads agree with what spaCy's Token objects say (real parses)."""
from __future__ import annotations

from spacy.attrs import LEMMA, ORTH, POS, TAG

from eventwire.doctools import token_columns
from eventwire.pipeline.places import _tok_at

from .conftest import parse

TEXT = ("NAIROBI (Reuters) - Two  ministers met in Mombasa on Tuesday.\n\n"
        "They said the talks, which lasted hours, had gone well.")


def test_token_columns_match_the_tokens(nlp):
    doc = parse(nlp, TEXT)
    pos, tag, orth, lemma = token_columns(doc, [POS, TAG, ORTH, LEMMA])
    assert pos == [t.pos for t in doc]
    assert tag == [t.tag for t in doc]
    assert [doc.vocab.strings[o] for o in orth] == [t.text for t in doc]
    assert lemma == [t.lemma for t in doc]
    (only,) = token_columns(doc, [POS])
    assert only == pos


def test_token_columns_of_an_empty_doc(nlp):
    assert token_columns(nlp.make_doc(""), [POS, TAG]) == [[], []]


def test_token_at_a_character_agrees_with_char_span(nlp):
    doc = parse(nlp, TEXT)
    for c in range(len(TEXT) + 2):
        span = doc.char_span(c, c + 1, alignment_mode="expand")
        want = span[0].i if span is not None and len(span) else None
        got = _tok_at(doc, c)
        assert (got.i if got is not None else None) == want, c
