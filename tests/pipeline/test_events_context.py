"""Events stage: participants from context (domestic country, own government),
threats, "between X and Y" under another word, owners of rejected things."""
import pytest

from eventwire.nlp import load_pipeline, make_doc
from eventwire.records import Article


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def run(nlp, text, date="2008-01-05"):
    doc = next(nlp.pipe([make_doc(nlp, Article(id="t", text=text, date=date), 10**6)]))
    code = {a.id: (a.code or a.country or "")[:3] for a in doc._.ew_actors}
    return [{"type": e.plover_type, "code": e.cameo_code, "trigger": e.trigger_text,
             "src": [code.get(a) for a in e.source], "tgt": [code.get(a) for a in e.target],
             "rule": e.rule} for e in doc._.ew_events]


def find(events, trigger):
    hits = [e for e in events if e["trigger"] == trigger]
    assert hits, f"no event on {trigger!r} in {[(e['type'], e['trigger']) for e in events]}"
    return hits[0]


def test_event_noun_subject_takes_between_phrase_of_its_verb(nlp):
    e = find(run(nlp, "Clashes erupted between Sudanese rebels and government troops "
                      "east of the capital."), "Clashes")
    assert e["type"] == "ASSAULT" and e["src"] == ["SDN"] and e["tgt"] == ["SDN"]


def test_compound_trigger_takes_phrases_of_its_head_noun(nlp):
    e = find(run(nlp, "Oman's sultan began a mediation effort on Monday between Qatar "
                      "and Bahrain."), "mediation")
    assert e["type"] == "CONSULT" and e["src"] == ["OMN"]
    assert set(e["tgt"]) == {"QAT", "BHR"}


def test_unnamed_participants_take_the_articles_one_country(nlp):
    evs = run(nlp, "Nepal's army seized the rebel stronghold of Rolpa. "
                   "Heavy fighting intensified over the last six months.")
    e = find(evs, "fighting")
    assert e["type"] == "ASSAULT" and e["src"] == ["NPL"] and e["tgt"] == ["NPL"]


def test_no_context_country_when_a_foreign_demonym_is_in_the_sentence(nlp):
    evs = run(nlp, "Lebanon complained on Tuesday. Two Israeli air raids hit the south "
                   "of Lebanon last Friday.")
    raids = [e for e in evs if e["type"] == "ASSAULT"]
    assert raids, evs
    assert all(e["src"] != ["LBN"] for e in raids)  # not an internal Lebanese affair


def test_protest_without_target_is_against_own_government(nlp):
    evs = run(nlp, "Protesters rallied in Dhaka against Prime Minister Hasina on Sunday. "
                   "Hundreds of students protested again on Monday.")
    e = find(evs, "protested")
    assert e["type"] == "PROTEST" and e["src"] == ["BGD"] and e["tgt"] == ["BGD"]


def test_threat_governor_and_unless_make_a_threat(nlp):
    evs = run(nlp, "Hezbollah has threatened to inflict painful blows on Israel.")
    e = find(evs, "threatened")
    assert e["type"] == "THREATEN" and e["code"].startswith("13") and e["tgt"] == ["ISR"]
    assert all(x["type"] != "ASSAULT" for x in evs)  # the threatened blows are not asserted
    e = find(run(nlp, "Ghana said it will pull its peacekeeping troops out of Liberia "
                      "unless the fighting stops."), "pull")
    assert e["type"] == "THREATEN" and e["src"] == ["GHA"] and e["tgt"] == ["LBR"]
    # without a condition, the same intention is a promise
    e = find(run(nlp, "Israel will withdraw its troops from Lebanon."), "withdraw")
    assert e["type"] == "AGREE"


def test_ultimatum_and_accepted_demands(nlp):
    e = find(run(nlp, "Chile has given an ultimatum to Bolivia to end the blockade."),
             "ultimatum")
    assert e["type"] == "THREATEN" and e["code"] == "139" and e["tgt"] == ["BOL"]
    e = find(run(nlp, "The Angolan government on Friday accepted demands from rebels "
                      "in Angola."), "accepted")
    assert e["type"] == "CONCEDE" and e["code"] == "083"


def test_rejected_thing_owner_is_target(nlp):
    e = find(run(nlp, "Pakistan has again rejected an Afghan offer of a border agreement."),
             "rejected")
    assert e["type"] == "REJECT" and e["src"] == ["PAK"] and e["tgt"] == ["AFG"]


def test_ousting_a_president_is_a_coup_not_an_expulsion(nlp):
    e = find(run(nlp, "Troops toppled the elected president of Niger on Tuesday."), "toppled")
    assert e["type"] == "COERCE" and e["src"] == ["NER"] and e["tgt"] == ["NER"]
    e = find(run(nlp, "Turkey expelled the Israeli ambassador."), "expelled")
    assert e["type"] == "SANCTION"


def test_event_noun_object_is_no_victim(nlp):
    e = find(run(nlp, "President Obama has threatened further measures against Iran."),
             "threatened")
    assert e["tgt"] == ["IRN"]


def test_visit_target_is_the_visited_place(nlp):
    e = find(run(nlp, "Syrian President Hafez al-Assad arrived in Cairo on a surprise "
                      "visit on Monday.", date="1990-01-01"), "visit")
    assert e["type"] == "CONSULT" and e["src"] == ["SYR"] and e["tgt"] == ["EGY"]


def test_event_noun_with_between_on_its_copula_complement(nlp):
    e = find(run(nlp, "Negotiations are still continuing between Kenya, Uganda, and Tanzania "
                      "in Geneva over the lake."), "Negotiations")
    assert e["type"] == "CONSULT" and e["src"] == ["KEN"] and set(e["tgt"]) == {"UGA", "TZA"}


def test_reaction_to_an_event_targets_its_source(nlp):
    e = find(run(nlp, "The UN condemned the attack by Taliban fighters on the school."),
             "condemned")
    assert e["type"] == "ACCUSE" and e["src"] == ["UNO"] and e["tgt"] == ["AFG"]


def test_lifted_measure_falls_on_the_place_named(nlp):
    evs = run(nlp, "Croatia relaxed security measures on Monday in Bosnia province.")
    e = find(evs, "relaxed")
    assert e["type"] == "CONCEDE" and e["src"] == ["HRV"] and e["tgt"] == ["BIH"]
    evs = run(nlp, "The army lifted a curfew in Bosnia.")
    assert [e["type"] for e in evs] == ["CONCEDE"]   # the lifted curfew is no event of its own
