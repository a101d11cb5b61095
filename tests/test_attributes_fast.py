"""The model's attribute ruler and lemmatizer by table look-up (eventwire.attributes): the same
annotation."""
from __future__ import annotations

import spacy

from eventwire.attributes import FastAttributes, FastLemmas, speed_up
from eventwire.config import Settings

TEXTS = [
    "The minister's aides ain't gonna say whether they'd met the rebels, let's be clear.",
    "Police said 12 protesters were arrested in Varnok on Tuesday; two were injured.\n\n"
    "  \"We won't leave,\" shouted one of them. Y'all can't stop us!",
    "GORLAN, March 3 (Wirenews) - The army shelled the northern town, officials said. "
    "It's the third attack since Jan. 5, he'd told reporters.",
    "",
    "   \n ",
]


def _annotation(doc):
    return [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_) for t in doc]


def test_fast_rules_give_the_rulers_annotation():
    model = Settings().model
    plain, fast = spacy.load(model), spacy.load(model)
    assert speed_up(fast)
    assert fast.pipe_names == plain.pipe_names            # same place, same name
    assert isinstance(fast.get_pipe("attribute_ruler"), FastAttributes)
    assert isinstance(fast.get_pipe("lemmatizer"), FastLemmas)
    for _ in range(2):     # the second time from the caches
        for a, b in zip(plain.pipe(TEXTS), fast.pipe(TEXTS)):
            assert _annotation(a) == _annotation(b)


def test_a_rule_it_cannot_reproduce_leaves_the_ruler_in_place():
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "very", "OP": "+"}]], {"TAG": "RB"})   # an operator
    assert not speed_up(nlp)
    assert type(nlp.get_pipe("attribute_ruler")).__name__ == "AttributeRuler"


def test_later_rules_win_and_two_token_rules_set_their_index():
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "gon"}, {"LOWER": "na"}]], {"LEMMA": "to"}, index=1)
    ruler.add([[{"LOWER": {"IN": ["gon", "wan"]}}]], {"LEMMA": "go", "POS": "VERB"})
    ruler.add([[{"LOWER": {"REGEX": "^g"}}]], {"POS": "AUX"})
    texts = ["I'm gonna go, gon na!", "wanna gon"]
    want = [_annotation(d) for d in nlp.pipe(texts)]
    assert speed_up(nlp)
    assert [_annotation(d) for d in nlp.pipe(texts)] == want
    doc = nlp("gon na")
    assert (doc[0].lemma_, doc[0].pos_, doc[1].lemma_) == ("go", "AUX", "to")
