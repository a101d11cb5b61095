"""Events stage: triggers, roles, modality and coding on real parses."""
from pathlib import Path

import pytest

from eventwire.config import Settings
from eventwire.nlp import load_pipeline, make_doc
from eventwire.records import Article


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def run(nlp, text, date="2015-05-21"):
    doc = next(nlp.pipe([make_doc(nlp, Article(id="t", text=text, date=date), 10**6)]))
    code = {a.id: (a.code or a.country or "")[:3] for a in doc._.ew_actors}
    out = []
    for e in doc._.ew_events:
        out.append({"type": e.plover_type, "code": e.cameo_code, "trigger": e.trigger_text,
                    "src": [code.get(a) for a in e.source], "tgt": [code.get(a) for a in e.target],
                    "modality": e.modality, "reported_by": code.get(e.reported_by),
                    "rule": e.rule, "event": e})
    return doc, out


def find(events, ptype):
    hits = [e for e in events if e["type"] == ptype]
    assert hits, f"no {ptype} event in {[(e['type'], e['trigger']) for e in events]}"
    return hits[0]


def test_verbal_trigger_subject_object(nlp):
    _, evs = run(nlp, "Turkish troops attacked Kurdish militia positions in Iraq on Tuesday.")
    e = find(evs, "ASSAULT")
    assert e["trigger"] == "attacked" and e["src"] == ["TUR"]
    # the target is the country of "in Iraq": the role rule is named after the trigger's
    assert e["code"].startswith("19") and e["rule"] == "assault.attack+target.place"
    ev = e["event"]
    assert ev.quad_class == 4 and ev.goldstein < 0 and ev.cameo_root == "19"
    assert ev.id == "e1" and ev.sentence == 0
    # the link stage dates the event from "on Tuesday" (article date Thursday 2015-05-21)
    assert ev.date is not None and ev.date.value == "2015-05-19" and not ev.date.defaulted


def test_nominal_trigger_with_by_and_against(nlp):
    _, evs = run(nlp, "Tehran has condemned drone strikes by a U.S.-led military coalition "
                      "against ISIS hideouts in Syria.")
    strike = next(e for e in evs if e["trigger"] == "strikes")
    assert strike["type"] == "ASSAULT" and strike["code"] == "195"
    assert strike["src"] == ["USA"] and strike["tgt"] == ["IMG"]
    crit = find(evs, "ACCUSE")
    assert crit["src"] == ["IRN"] and crit["tgt"] == ["USA"]


def test_seize_control_of_place_in_country(nlp):
    _, evs = run(nlp, "Rebels seized control of the town of Kidal in neighboring Mali on Sunday.")
    e = next(e for e in evs if e["trigger"] == "seized")
    assert e["type"] == "COERCE" and e["code"] == "192" and e["tgt"] == ["MLI"]


def test_passive_agent_is_source(nlp):
    _, evs = run(nlp, "The Syrian town was attacked by Turkish forces on Monday.")
    e = find(evs, "ASSAULT")
    assert e["src"] == ["TUR"]


def test_symmetric_talks_split_compound_subject(nlp):
    _, evs = run(nlp, "China and Russia held talks on energy in Beijing.")
    e = find(evs, "CONSULT")
    assert {e["src"][0], e["tgt"][0]} == {"CHN", "RUS"}
    assert [x for x in evs if x["trigger"] == "held"] == [] or len(evs) == 1


def test_compound_targets_stay_one_event(nlp):
    _, evs = run(nlp, "Iran condemned Israel and the United States on Friday.")
    accuse = [e for e in evs if e["type"] == "ACCUSE"]
    assert len(accuse) == 1 and set(accuse[0]["tgt"]) == {"ISR", "USA"}


def test_reported_speech_intent(nlp):
    _, evs = run(nlp, "Turkish Foreign Minister Mevlut Cavusoglu said Turkey was ready to supply "
                      "weapons to Ukraine.")
    assert all(e["trigger"] != "said" for e in evs)
    e = find(evs, "AGREE")
    assert e["code"] == "0332" and e["src"] == ["TUR"] and e["tgt"] == ["UKR"]
    assert e["modality"] == "intended" and e["reported_by"] == "TUR"
    assert e["event"].reported_by is not None


def test_would_help_is_intent_with_both_targets(nlp):
    _, evs = run(nlp, "He said Ankara would help Libya and Tunisia fight the militants.")
    e = find(evs, "AGREE")
    assert e["code"].startswith("03") and set(e["tgt"]) == {"LBY", "TUN"}
    assert all(x["type"] != "ASSAULT" for x in evs)  # the fighting is not asserted


def test_object_control_appeal(nlp):
    _, evs = run(nlp, "China encouraged Pyongyang to work with South Korean President Moon Jae-in.")
    e = find(evs, "REQUEST")
    assert e["src"] == ["CHN"] and e["tgt"] == ["PRK"]
    assert all(x["type"] != "COOPERATE" for x in evs)


def test_negated_and_hypothetical_events_are_not_emitted(nlp):
    doc, evs = run(nlp, "Canada did not criticize Saudi Arabia.")
    assert evs == [] and doc.user_data["ew_events_dropped"] == 1
    _, evs = run(nlp, "If Serbia attacks Kosovo, the alliance could strike Belgrade.")
    assert all(e["type"] != "ASSAULT" for e in evs)


def test_threat_absorbs_governed_attack(nlp):
    _, evs = run(nlp, "North Korea threatened to attack South Korea.")
    assert [e["type"] for e in evs] == ["THREATEN"]
    assert evs[0]["code"] == "138" and evs[0]["src"] == ["PRK"] and evs[0]["tgt"] == ["KOR"]


def test_must_under_reporting_verb_is_a_demand(nlp):
    _, evs = run(nlp, "The Polish president said Germany must pay reparations.")
    e = find(evs, "REQUEST")
    assert e["src"] == ["POL"] and e["tgt"] == ["DEU"] and e["rule"] == "request.obligation"


def test_reversal_of_cooperation_is_a_sanction(nlp):
    _, evs = run(nlp, "On Monday Germany suspended its military aid to Niger.")
    e = find(evs, "SANCTION")
    assert e["code"] == "1622" and e["src"] == ["DEU"] and e["tgt"] == ["NER"]


def test_bare_statement_is_no_event(nlp):
    _, evs = run(nlp, "The minister said the economy was growing.")
    assert evs == []


def test_user_file_adds_a_trigger(tmp_path: Path):
    f = tmp_path / "my.yml"
    f.write_text('triggers:\n  - rule: my.torpedo\n    code: "190"\n    verbs: [torpedo]\n')
    nlp2 = load_pipeline(Settings(events_files=(str(f),)))
    doc = next(nlp2.pipe([make_doc(nlp2, Article(id="u", text="Japan torpedoed the ship."),
                                   10**6)]))
    assert [e.rule for e in doc._.ew_events] == ["my.torpedo"]


def test_bad_user_file_is_a_coded_error(tmp_path: Path):
    from eventwire.errors import InputError
    from eventwire.pipeline.events import EventsStage
    f = tmp_path / "bad.yml"
    f.write_text('triggers:\n  - rule: my.bad\n    code: "999"\n    verbs: [x]\n')
    with pytest.raises(InputError) as ei:
        EventsStage([str(f)])
    assert "EW111" in str(ei.value)


def pairs(evs, ptype):
    return sorted((s, t) for e in evs if e["type"] == ptype for s in e["src"] for t in e["tgt"])


def test_every_party_of_a_coordinated_subject_and_a_reciprocal_object(nlp):
    _, evs = run(nlp, "Ghana, Togo and Benin cut diplomatic ties with Niger.")
    assert pairs(evs, "SANCTION") == [("BEN", "NER"), ("GHA", "NER"), ("TGO", "NER")]
    _, evs = run(nlp, "Chile and Peru accused each other of violating the maritime border.")
    assert pairs(evs, "ACCUSE") == [("CHL", "PER"), ("PER", "CHL")]
    assert all(len(e["src"]) == 1 for e in evs)   # one event per direction


def test_joint_event_among_three_parties_pairs_each_once(nlp):
    _, evs = run(nlp, "Talks between Morocco, Algeria and Tunisia resumed in Rabat.")
    assert pairs(evs, "CONSULT") == [("DZA", "TUN"), ("MAR", "DZA"), ("MAR", "TUN")]
    assert all("pair.between" in e["rule"] for e in evs)


def test_mediator_of_joint_talks_consults_each_party(nlp):
    _, evs = run(nlp, "Lebanon and Syria resumed EU-brokered talks in Geneva.")
    med = [e for e in evs if "pair.mediator" in e["rule"]]
    assert len(med) == 1 and med[0]["code"] == "045"
    assert med[0]["src"] == ["EUR"] and sorted(med[0]["tgt"]) == ["LBN", "SYR"]


def test_nominal_event_of_patient_and_by_agent(nlp):
    _, evs = run(nlp, "The arrest of the opposition leader by Ugandan police sparked anger.")
    e = find(evs, "COERCE")
    assert e["trigger"] == "arrest" and e["src"] == ["UGA"] and e["tgt"] == ["UGA"]


def test_reaction_aimed_at_the_source_of_the_event_it_names(nlp):
    _, evs = run(nlp, "Iran condemned the Saudi air strikes on Yemen.")
    e = find(evs, "ACCUSE")
    assert e["src"] == ["IRN"] and e["tgt"] == ["SAU"]


def test_no_target_is_made_up(nlp):
    # the text names no one the event is aimed at: an empty target, not the source's country
    for text, ptype in (("Chad deployed troops along its northern border.", "MOBILIZE"),
                        ("Venezuela seized a cargo ship in the Caribbean.", "COERCE"),
                        ("Egypt condemned the bombing.", "ACCUSE")):
        _, evs = run(nlp, text)
        e = find(evs, ptype)
        assert e["src"] and e["tgt"] == [], (text, e)


def test_own_troops_are_no_target(nlp):
    _, evs = run(nlp, "France sent soldiers to help restore order in Chad.")
    assert all("FRA" not in e["tgt"] for e in evs)


def test_confidence_is_lower_without_both_roles(nlp):
    _, evs = run(nlp, "Egypt condemned the bombing. Pakistan accused India of sheltering separatists.")
    lone = find(evs, "ACCUSE")
    both = [e for e in evs if e["tgt"]][0]
    assert lone["event"].confidence < 0.7 <= both["event"].confidence


def test_role_rules_table_is_data(tmp_path: Path):
    # a user file that lists role_rules replaces the packaged order; a rule left out is off
    f = tmp_path / "roles.yml"
    f.write_text("role_rules: [pair.joint]\n")
    nlp2 = load_pipeline(Settings(events_files=(str(f),)))
    _, evs = run(nlp2, "Turkish troops attacked Kurdish militia positions in Iraq on Tuesday.")
    e = find(evs, "ASSAULT")
    assert e["rule"] == "assault.attack" and e["tgt"] == []
    g = tmp_path / "bad.yml"
    g.write_text("role_rules: [target.guess]\n")
    with pytest.raises(Exception, match="EW111"):
        load_pipeline(Settings(events_files=(str(g),)))
