"""Stage quotes on wire-story shapes: datelines, document sources, acts that are
no speech, happenings as subjects, one quote per content (invented sentences)."""
from __future__ import annotations

from tests.conftest import parse


def test_dateline_is_not_content(nlp):
    doc = parse(nlp, "BUKAVU, Democratic Republic of Congo, March 3 (Reuters) - Rebels took the "
                     "airport overnight, a regional official said.")
    qs = doc._.ew_quotes
    assert len(qs) == 1
    assert qs[0].content_text == "Rebels took the airport overnight"
    assert qs[0].speaker_text == "a regional official"


def test_agreed_to_is_no_quote(nlp):
    doc = parse(nlp, "The two ministers agreed to reopen the crossing next week.")
    assert doc._.ew_quotes == []


def test_denied_responsibility_is_no_quote(nlp):
    doc = parse(nlp, "The militia denied responsibility for the ambush.")
    assert doc._.ew_quotes == []


def test_statement_from_an_organisation_speaks_through_it(nlp):
    doc = parse(nlp, "Convoys resumed on Friday, according to a statement from the World Food Programme.")
    qs = doc._.ew_quotes
    assert len(qs) == 1
    assert qs[0].content_text == "Convoys resumed on Friday"
    assert qs[0].speaker_text == "the World Food Programme"


def test_happenings_never_speak(nlp):
    doc = parse(nlp, "Heavy clashes urged thousands to flee the valley.")
    assert doc._.ew_quotes == []


def test_aside_cue_keeps_the_words_before_it(nlp):
    doc = parse(nlp, "Shelling hit the market on Sunday, a local official said, as residents fled north.")
    qs = doc._.ew_quotes
    assert [q.content_text for q in qs] == ["Shelling hit the market on Sunday"]


def test_title_in_quotation_marks_is_no_quote(nlp):
    doc = parse(nlp, 'The two sides signed the "Northern Corridor Transit Accord," officials said.')
    assert all(q.kind != "direct" for q in doc._.ew_quotes)


def test_anonymity_formula_is_no_quote(nlp):
    doc = parse(nlp, "A diplomat, who asked not to be named, said the talks had stalled.")
    assert [(q.content_text, q.speaker_text) for q in doc._.ew_quotes] == [
        ("the talks had stalled", "A diplomat")]


def test_quoted_name_of_a_paper_is_its_speaker_not_a_quote(nlp):
    doc = parse(nlp, 'The weekly "Nile Courier" reports an exchange of fire near the border.')
    assert all(q.content_text != "Nile Courier" for q in doc._.ew_quotes)
