"""Indirect and mixed quotes from the parse: cue verbs, complements, "according to"."""
from __future__ import annotations

from tests.conftest import parse


def only(nlp, text, kind=None):
    doc = parse(nlp, text)
    qs = [q for q in doc._.ew_quotes if kind is None or q.kind == kind]
    return doc, qs


def test_said_that(nlp):
    doc, qs = only(nlp, "Army spokesman Didier Badjeck said that the curfew would come into force on Saturday.")
    assert len(qs) == 1
    q = qs[0]
    assert q.kind == "indirect"
    assert q.content_text == "the curfew would come into force on Saturday"
    assert q.cue_text == "said" and q.speaker_text == "Army spokesman Didier Badjeck"


def test_told_reporters_without_that(nlp):
    doc, qs = only(nlp, "Lavrov told reporters Moscow would make every effort to help the Baghdad government.")
    assert len(qs) == 1
    assert qs[0].content_text == "Moscow would make every effort to help the Baghdad government"
    assert qs[0].speaker_text == "Lavrov" and qs[0].cue_text == "told"


def test_content_before_the_cue(nlp):
    doc, qs = only(nlp, "Moscow and Baghdad are expanding military cooperation, "
                        "Russian President Vladimir Putin said on Thursday.")
    assert len(qs) == 1
    assert qs[0].content_text == "Moscow and Baghdad are expanding military cooperation"
    assert qs[0].speaker_text == "Russian President Vladimir Putin"


def test_according_to_before_and_after(nlp):
    doc, qs = only(nlp, "According to an eyewitness, security forces have cordoned off streets in central Khartoum.")
    assert len(qs) == 1
    assert qs[0].content_text == "security forces have cordoned off streets in central Khartoum"
    assert qs[0].speaker_text == "an eyewitness" and qs[0].cue_text == "According to"
    doc, qs = only(nlp, "The attack occurred on the main road, according to local sources.")
    assert len(qs) == 1
    assert qs[0].content_text == "The attack occurred on the main road"
    assert qs[0].speaker_text == "local sources"


def test_warned_and_insisted(nlp):
    for verb in ("warned", "insisted", "denied"):
        doc, qs = only(nlp, f"The opposition leader {verb} that the vote had been rigged.")
        assert len(qs) == 1, verb
        assert qs[0].content_text == "the vote had been rigged" and qs[0].cue_text == verb


def test_infinitive_and_object_complements(nlp):
    doc, qs = only(nlp, "Sri Lanka urged the rebels to lay down their arms.")
    assert [q.content_text for q in qs] == ["the rebels to lay down their arms"]
    doc, qs = only(nlp, "The opposition has called for another demonstration.")
    assert [q.content_text for q in qs] == ["another demonstration"]


def test_mixed_quote_keeps_the_fragment_inside(nlp):
    doc, qs = only(nlp, 'President Paul Biya claimed the volatile situation had "stabilised" after weeks of unrest.')
    assert len(qs) == 1
    assert qs[0].kind == "mixed"
    assert '"stabilised"' in qs[0].content_text
    assert qs[0].speaker_text == "President Paul Biya"


def test_no_quote_without_a_cue(nlp):
    doc, qs = only(nlp, "Islamic State insurgents overran the Iraqi city of Ramadi last weekend.")
    assert qs == []


def test_relative_clause_keeps_its_side(nlp):
    doc, qs = only(nlp, "Congress voted to accept what it said was Zelaya's letter of resignation.")
    assert [q.content_text for q in qs] == ["was Zelaya's letter of resignation"]
    assert qs[0].speaker_text == "it"
