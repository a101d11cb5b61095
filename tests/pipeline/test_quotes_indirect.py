"""Indirect and mixed quotes from the parse: cue verbs, complements, "according to"."""
from __future__ import annotations

from tests.conftest import parse


def only(nlp, text, kind=None):
    doc = parse(nlp, text)
    qs = [q for q in doc._.ew_quotes if kind is None or q.kind == kind]
    return doc, qs


def test_said_that(nlp):
    doc, qs = only(nlp, "Police spokesman Carlos Mendez said that the ban would take effect on Monday.")
    assert len(qs) == 1
    q = qs[0]
    assert q.kind == "indirect"
    assert q.content_text == "the ban would take effect on Monday"
    assert q.cue_text == "said" and q.speaker_text == "Police spokesman Carlos Mendez"


def test_told_reporters_without_that(nlp):
    doc, qs = only(nlp, "Yildiz told reporters Ankara would do everything possible to help the Tripoli government.")
    assert len(qs) == 1
    assert qs[0].content_text == "Ankara would do everything possible to help the Tripoli government"
    assert qs[0].speaker_text == "Yildiz" and qs[0].cue_text == "told"


def test_content_before_the_cue(nlp):
    doc, qs = only(nlp, "Paris and Berlin are deepening their energy ties, "
                        "French President Emmanuel Macron said on Friday.")
    assert len(qs) == 1
    assert qs[0].content_text == "Paris and Berlin are deepening their energy ties"
    assert qs[0].speaker_text == "French President Emmanuel Macron"


def test_according_to_before_and_after(nlp):
    doc, qs = only(nlp, "According to an eyewitness, police have sealed off roads around the main square.")
    assert len(qs) == 1
    assert qs[0].content_text == "police have sealed off roads around the main square"
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
    doc, qs = only(nlp, "Colombia urged the guerrillas to hand over their weapons.")
    assert [q.content_text for q in qs] == ["the guerrillas to hand over their weapons"]
    doc, qs = only(nlp, "The opposition has called for another demonstration.")
    assert [q.content_text for q in qs] == ["another demonstration"]


def test_mixed_quote_keeps_the_fragment_inside(nlp):
    doc, qs = only(nlp, 'President Paul Kagame claimed the tense situation had "calmed" after days of protests.')
    assert len(qs) == 1
    assert qs[0].kind == "mixed"
    assert '"calmed"' in qs[0].content_text
    assert qs[0].speaker_text == "President Paul Kagame"


def test_no_quote_without_a_cue(nlp):
    doc, qs = only(nlp, "Rebel fighters captured the Syrian town of Hama last month.")
    assert qs == []


def test_relative_clause_keeps_its_side(nlp):
    doc, qs = only(nlp, "The board agreed to publish what it said was the mayor's final report.")
    assert [q.content_text for q in qs] == ["was the mayor's final report"]
    assert qs[0].speaker_text == "it"


def test_aside_after_a_verbless_opening_keeps_the_clause_after_it(nlp):
    doc, qs = only(nlp, "In particular, the minister said, the northern districts had received no aid.")
    assert len(qs) == 1
    assert qs[0].content_text == "the northern districts had received no aid"
    assert qs[0].speaker_text == "the minister"


def test_indirect_sweep_tokens_are_those_the_plain_test_picks(nlp):
    """The sweep's array prefilter and its verdicts kept across documents pick the same
    tokens as testing every token outside direct quotes, document after document."""
    stage = nlp.get_pipe("ew_quotes")
    texts = ["According to the harbour master, ferries will resume on Monday, officials said.",
             "\"We are hoping for calm,\" the mayor told reporters, citing a statement that "
             "warned of protests. The council denied it was planning new fees."]
    for text in texts * 2:
        doc = parse(nlp, text)
        inside, q = [False] * len(doc), False
        for t in doc:
            if t.text == '"':
                q = not q
            inside[t.i] = q
        heads, nominal, verbs = stage._phrase_heads, stage.cues.nominal, stage._all_verbs
        plain = [t.i for t in doc if not inside[t.i] and (
            t.lower_ in heads or (t.pos_ == "NOUN" and t.lemma_.lower() in nominal)
            or ((t.pos_ in ("VERB", "AUX") or t.tag_ in stage._VERB_TAGS)
                and (t.lemma_.lower() in verbs or (t.tag_ in ("VBG", "VBD", "VBN", "VBZ")
                                                   and t.lemma_.lower() + "e" in verbs))))]
        got = stage._indirect_candidates(doc, inside)
        assert got == plain
        assert any(doc[i].lower_ == "according" for i in got) or "According" not in text
        assert any(doc[i].lemma_ in ("say", "tell", "deny") for i in got)
