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
    e = find(run(nlp, "Fighting broke out between Chadian rebels and government forces "
                      "north of the capital."), "Fighting")
    assert e["type"] == "ASSAULT" and e["src"] == ["TCD"] and e["tgt"] == ["TCD"]


def test_compound_trigger_takes_phrases_of_its_head_noun(nlp):
    e = find(run(nlp, "Qatar's emir launched a mediation effort on Saturday between the "
                      "Emirates and Saudi Arabia."), "mediation")
    assert e["type"] == "CONSULT" and e["src"] == ["QAT"]
    assert set(e["tgt"]) == {"ARE", "SAU"}


def test_unnamed_participants_take_the_articles_one_country(nlp):
    evs = run(nlp, "Sri Lanka's army captured the rebel town of Kilinochchi. "
                   "Daily fighting escalated in the past nine months.")
    e = find(evs, "fighting")
    assert e["type"] == "ASSAULT" and e["src"] == ["LKA"] and e["tgt"] == ["LKA"]


def test_no_context_country_when_a_foreign_demonym_is_in_the_sentence(nlp):
    evs = run(nlp, "Lebanon complained on Tuesday. Two Israeli air raids hit the south "
                   "of Lebanon last Friday.")
    for e in evs:
        if e["trigger"] == "raids":
            assert e["src"] != ["LBN"] or e["tgt"] != ["LBN"]


def test_protest_without_target_is_against_own_government(nlp):
    evs = run(nlp, "Protesters marched in Colombo against President Rajapakse on Monday. "
                   "Thousands of students protested again on Tuesday.")
    e = find(evs, "protested")
    assert e["type"] == "PROTEST" and e["src"] == ["LKA"] and e["tgt"] == ["LKA"]


def test_threat_governor_and_unless_make_a_threat(nlp):
    e = find(run(nlp, "Al-Qaeda has threatened to deliver devastating blows to the "
                      "United States."), "deliver")
    assert e["type"] == "THREATEN" and e["code"].startswith("13") and e["tgt"] == ["USA"]
    e = find(run(nlp, "Nigeria said it will withdraw its peacekeeping force from Chad "
                      "unless a ceasefire is arranged."), "withdraw")
    assert e["type"] == "THREATEN" and e["src"] == ["NGA"] and e["tgt"] == ["TCD"]
    # without a condition, the same intention is a promise
    e = find(run(nlp, "Israel will withdraw its troops from Lebanon."), "withdraw")
    assert e["type"] == "AGREE"


def test_ultimatum_and_accepted_demands(nlp):
    e = find(run(nlp, "Peru has issued an ultimatum to Ecuador to halt attacks."), "ultimatum")
    assert e["type"] == "THREATEN" and e["code"] == "139" and e["tgt"] == ["ECU"]
    e = find(run(nlp, "The Mozambique government on Thursday accepted demands from rebels "
                      "in Mozambique."), "accepted")
    assert e["type"] == "CONCEDE" and e["code"] == "083"


def test_rejected_thing_owner_is_target(nlp):
    e = find(run(nlp, "Bangladesh has once again rejected an Indian proposal for a free "
                      "trade agreement."), "rejected")
    assert e["type"] == "REJECT" and e["src"] == ["BGD"] and e["tgt"] == ["IND"]


def test_ousting_a_president_is_a_coup_not_an_expulsion(nlp):
    e = find(run(nlp, "Soldiers ousted the elected president of Honduras yesterday."), "ousted")
    assert e["type"] == "COERCE" and e["src"] == ["HND"] and e["tgt"] == ["HND"]
    e = find(run(nlp, "Turkey expelled the Israeli ambassador."), "expelled")
    assert e["type"] == "SANCTION"


def test_event_noun_object_is_no_victim(nlp):
    e = find(run(nlp, "President Bush has threatened further action against Russia."),
             "threatened")
    assert e["tgt"] == ["RUS"]


def test_visit_target_is_the_visited_place(nlp):
    e = find(run(nlp, "Iraqi President Saddam Hussein arrived in Amman on a previously "
                      "unannounced visit on Wednesday.", date="1990-01-01"), "visit")
    assert e["type"] == "CONSULT" and e["src"] == ["IRQ"] and e["tgt"] == ["JOR"]


def test_event_noun_with_between_on_its_copula_complement(nlp):
    e = find(run(nlp, "Talks are still ongoing between Egypt, Sudan, and Ethiopia in "
                      "Washington over the dam."), "Talks")
    assert e["type"] == "CONSULT" and e["src"] == ["EGY"] and set(e["tgt"]) == {"SDN", "ETH"}


def test_reaction_to_an_event_targets_its_source(nlp):
    e = find(run(nlp, "The UN condemned the attack by Taliban fighters on the school."),
             "condemned")
    assert e["type"] == "ACCUSE" and e["src"] == ["UNO"] and e["tgt"] == ["AFG"]


def test_lifted_measure_falls_on_the_place_named(nlp):
    evs = run(nlp, "Serbia eased emergency measures on Wednesday in Montenegro province.")
    e = find(evs, "eased")
    assert e["type"] == "CONCEDE" and e["src"] == ["SRB"] and e["tgt"] == ["MNE"]
    evs = run(nlp, "The army lifted a curfew in Montenegro.")
    assert [e["type"] for e in evs] == ["CONCEDE"]   # the lifted curfew is no event of its own
