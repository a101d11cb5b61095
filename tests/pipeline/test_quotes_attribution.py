"""Attributions beyond "X said S": coordinated reports, stances, passives, nesting."""
from __future__ import annotations

from tests.conftest import parse


def quotes(nlp, text):
    return parse(nlp, text)._.ew_quotes


def test_second_report_ends_the_first_content(nlp):
    qs = quotes(nlp, "The mayor said the bridge would reopen in May and insisted that "
                     "the repairs were on budget.")
    assert len(qs) == 2
    first, second = qs
    assert first.content_text == "the bridge would reopen in May"
    assert second.cue_text == "insisted"
    assert second.content_text == "the repairs were on budget"
    assert second.speaker_text == first.speaker_text == "The mayor"


def test_participle_report_is_its_own_quote(nlp):
    qs = quotes(nlp, "Local analysts said turnout was lower than expected, citing the heavy rain.")
    assert [q.cue_text for q in qs] == ["said", "citing"]
    assert qs[0].content_text == "turnout was lower than expected"
    assert qs[1].content_text == "the heavy rain"
    assert qs[1].speaker_text == "Local analysts"


def test_nested_report_is_part_of_the_outer_quote(nlp):
    qs = quotes(nlp, "The minister said the farmers believe the new tax is unfair.")
    assert len(qs) == 1
    assert qs[0].speaker_text == "The minister"
    assert qs[0].content_text == "the farmers believe the new tax is unfair"


def test_stance_verbs_take_their_object(nlp):
    for verb in ("endorsed", "opposed", "defended"):
        qs = quotes(nlp, f"The senator {verb} the plan to expand the port.")
        assert len(qs) == 1, verb
        assert qs[0].content_text == "the plan to expand the port"
        assert qs[0].speaker_text == "The senator" and qs[0].cue_text == verb


def test_gerund_object(nlp):
    qs = quotes(nlp, "The council favours closing the old bridge to lorries.")
    assert len(qs) == 1
    assert qs[0].content_text == "closing the old bridge to lorries"
    assert qs[0].speaker_text == "The council"


def test_passive_with_an_agent(nlp):
    qs = quotes(nlp, "The new budget was endorsed by the regional council on Friday.")
    assert len(qs) == 1
    assert qs[0].content_text == "The new budget"
    assert qs[0].speaker_text == "the regional council"


def test_preposition_marking_a_clause(nlp):
    qs = quotes(nlp, "A lawmaker is calling for the minister to be dismissed.")
    assert len(qs) == 1
    assert qs[0].content_text == "the minister to be dismissed"
    assert qs[0].speaker_text == "A lawmaker"


def test_what_a_poll_shows(nlp):
    qs = quotes(nlp, "The survey shows a narrow lead for the incumbent.")
    assert len(qs) == 1
    assert qs[0].content_text == "a narrow lead for the incumbent"
    assert qs[0].speaker_text == "The survey"


def test_appears_and_seems(nlp):
    qs = quotes(nlp, "The governor appeared to rule out a second lockdown.")
    assert [q.content_text for q in qs] == ["to rule out a second lockdown"]
    assert qs[0].speaker_text == "The governor"


def test_hoping_is_a_cue_whatever_the_lemmatizer_says(nlp):
    qs = quotes(nlp, "The farmers are hoping that the rains will come early this year.")
    assert len(qs) == 1
    assert qs[0].content_text == "the rains will come early this year"
    assert qs[0].speaker_text == "The farmers"


def test_no_stance_without_a_stance_verb(nlp):
    assert quotes(nlp, "The senator visited the port on Friday.") == []


def test_noun_of_stance_with_a_possessor(nlp):
    qs = quotes(nlp, "The governor's support for the new dam surprised the farmers.")
    assert len(qs) == 1
    assert qs[0].content_text == "the new dam"
    assert qs[0].speaker_text == "The governor" and qs[0].cue_text == "support"


def test_noun_of_saying_with_a_clause_takes_the_verbs_subject(nlp):
    qs = quotes(nlp, "The union raised concerns that the factory would close before winter.")
    assert len(qs) == 1
    assert qs[0].content_text == "the factory would close before winter"
    assert qs[0].speaker_text == "The union"


def test_noun_without_a_speaker_is_no_quote(nlp):
    assert quotes(nlp, "Support for the new dam has grown in the valley.") == []


def test_participle_takes_the_noun_it_qualifies_as_speaker(nlp):
    qs = quotes(nlp, "Dozens of farmers seeking to block the new highway gathered in the square.")
    assert len(qs) == 1
    assert qs[0].cue_text == "seeking"
    assert qs[0].speaker_text == "Dozens of farmers"


def test_ready_to_endorse_climbs_to_the_subject(nlp):
    qs = quotes(nlp, "The largest union was ready to endorse the budget of the governor.")
    assert len(qs) == 1
    assert qs[0].speaker_text == "The largest union"
