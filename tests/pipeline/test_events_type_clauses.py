"""Events stage, the type an event takes from its clause: refusals stated as
"will not", conditions ("until"), options weighed, offers and attempts, the
theme of a rejection or a concession, background clauses that describe a
noun, and the verb frames and refinements that decide a type ("called off the
strike", "withdrew its peacekeepers", "called for sanctions")."""
from tests.conftest import parse


def events(nlp, text):
    doc = parse(nlp, text, "2021-03-04")
    code = {a.id: (a.code or a.country or "")[:3] for a in doc._.ew_actors}
    return [(e.plover_type, [code.get(a) for a in e.source], [code.get(a) for a in e.target],
             e.rule, e.cameo_code) for e in doc._.ew_events]


def types(evs):
    return sorted({e[0] for e in evs})


def test_will_not_is_a_refusal_and_did_not_is_no_event(nlp):
    evs = events(nlp, "Poland said on Monday it will not lift its ban on Ukrainian grain imports.")
    assert types(evs) == ["REJECT"] and evs[0][1] == ["POL"]
    assert events(nlp, "Poland did not lift its ban on Ukrainian grain imports.") == []
    # the passive names no one who refuses
    assert not [e for e in events(nlp, "Chad's soldiers would not be allowed to cross the river.")
                if e[0] == "REJECT"]


def test_an_event_in_an_until_clause_of_a_refusal_is_a_condition(nlp):
    evs = events(nlp, "Egypt said it will not release the Israeli prisoners until Israel "
                      "withdraws its troops from Rafah.")
    assert types(evs) == ["REJECT"]


def test_an_event_in_a_present_until_clause_is_a_condition_not_yet_met(nlp):
    evs = events(nlp, "The union resisted the merger of the two ports until its demands "
                      "are met.")
    assert "CONCEDE" not in types(evs)
    # in the past it happened
    evs = events(nlp, "The rebels fought on until the army recaptured the town.")
    assert "COERCE" in types(evs)


def test_a_hostile_option_weighed_is_no_threat_but_a_cooperative_one_is_an_intent(nlp):
    assert events(nlp, "Chile is considering cutting trade ties with Peru.") == []
    assert types(events(nlp, "Norway is considering giving loans to Malawi.")) == ["AGREE"]


def test_forces_offered_are_an_offer_and_an_attempted_killing_is_an_assault(nlp):
    evs = events(nlp, "Kenya pledged to deploy troops in Somalia.")
    assert types(evs) == ["AGREE"] and evs[0][4] == "0334"
    assert types(events(nlp, "A gunman tried to shoot the Peruvian interior minister.")) == \
        ["ASSAULT"]


def test_a_protest_absorbs_the_demand_it_is_staged_for(nlp):
    evs = events(nlp, "Thousands of students staged demonstrations in Jakarta to demand "
                      "political reforms.")
    assert types(evs) == ["PROTEST"]


def test_the_theme_of_a_rejection_or_a_concession_is_no_event_of_its_own(nlp):
    evs = events(nlp, "Greece rejected a Turkish request to extend the fishing talks.")
    assert types(evs) == ["REJECT"] and evs[0][1:3] == (["GRC"], ["TUR"])
    assert "COERCE" not in types(events(nlp, "Nepal lifted the curfew in Kathmandu."))


def test_rejected_accusations_are_a_denial_with_no_event(nlp):
    assert events(nlp, "The Serbian government rejected the accusations by Croatia.") == []


def test_clauses_that_describe_a_noun_are_background_to_the_sentences_event(nlp):
    evs = events(nlp, "Kenya released the fishing boats seized by its navy in March.")
    assert types(evs) == ["RETREAT"]
    evs = events(nlp, "Chad protested to Sudan over the shelling of a border town where rebels "
                      "were killed last week.")
    assert "ASSAULT" not in types(evs)
    # a participle clause alone in its sentence still counts
    assert "COERCE" in types(events(nlp, "Fishing boats seized by the Kenyan navy in March."))


def test_calling_off_a_strike_eases_dissent_only_with_the_strike_as_object(nlp):
    evs = events(nlp, "Nigerian doctors called off their strike on Thursday.")
    assert types(evs) == ["CONCEDE"] and evs[0][3].startswith("concede.end_dissent")
    evs = events(nlp, "The mining company suspended its exports because of strikes at the "
                      "port.")
    assert not [e for e in evs if e[3].startswith("concede.end_dissent")]


def test_ending_mediation_and_withdrawing_peacekeepers_reduce_relations(nlp):
    evs = events(nlp, "Norway ended its mediation efforts on Friday.")
    assert types(evs) == ["SANCTION"] and evs[0][4] == "165"
    evs = events(nlp, "Fiji withdrew its peacekeepers from Syria on Sunday.")
    assert types(evs) == ["SANCTION"] and evs[0][1:3] == (["FJI"], ["SYR"])


def test_extradition_is_judicial_cooperation(nlp):
    evs = events(nlp, "Spain extradited a Russian businessman to the United States on Monday.")
    assert types(evs) == ["COOPERATE"] and evs[0][1:3] == (["ESP"], ["USA"])


def test_a_call_for_sanctions_threatens_and_a_call_to_lift_them_appeals(nlp):
    evs = events(nlp, "Sweden called for sanctions against Belarus on Wednesday.")
    assert types(evs) == ["THREATEN"] and evs[0][1:3] == (["SWE"], ["BLR"])
    evs = events(nlp, "Cuba called for the lifting of sanctions on Venezuela.")
    assert types(evs) == ["REQUEST"]


def test_returning_property_is_a_retreat_and_returning_home_is_no_event(nlp):
    evs = events(nlp, "Germany returned the looted bronzes to Nigeria on Tuesday.")
    assert types(evs) == ["RETREAT"] and evs[0][1:3] == (["DEU"], ["NGA"])
    assert events(nlp, "The Iraqi foreign minister returned to Baghdad on Tuesday.") == []


def test_failing_to_reach_agreement_is_a_rejection(nlp):
    evs = events(nlp, "Japan and Brazil failed to reach an agreement on fishing rights.")
    assert types(evs) == ["REJECT"]


def test_cyber_attacks_coerce_and_human_shields_assault(nlp):
    evs = events(nlp, "North Korea mounted a cyber attack on South Korea's banks.")
    assert types(evs) == ["COERCE"] and evs[0][4] == "176"
    evs = events(nlp, "The militants used villagers as human shields.")
    assert types(evs) == ["ASSAULT"] and evs[0][4] == "184"


def test_will_not_is_a_refusal_only_of_an_offer_aid_or_concession(nlp):
    # a concession refused, on the verb it takes ("lift") or its own trigger
    evs = events(nlp, "Canada will not lift the sanctions on Venezuela.")
    assert types(evs) == ["REJECT"] and evs[0][1:3] == (["CAN"], ["VEN"])
    assert types(events(nlp, "Japan will not send aid to North Korea.")) == ["REJECT"]
    # a hostile event stated so is an intention of no event, not a rejection
    assert events(nlp, "Serbia will not attack Kosovo, its defence minister said on Friday.") == []
    # nor "would not" (reported or conditional speech), nor a fallback verb
    assert events(nlp, "Analysts were confident that Brazil would not block the merger "
                       "with Argentina.") == []
    assert events(nlp, "Analysts said Turkey would not lift the sanctions on Syria.") == []
    # ... unless the one who refuses reports it
    assert types(events(nlp, "Turkey said it would not lift the sanctions on Syria.")) == ["REJECT"]
    assert events(nlp, "The drought will not affect Kenya's coffee exports, the minister said.") == []
    # nor a subject that names no actor
    assert events(nlp, "The central bank will not offer any new bonds this month.") == []



def test_only_a_political_thing_returned_is_a_retreat(nlp):
    evs = events(nlp, "Peru handed back the seized fishing trawler to Ecuador.")
    assert types(evs) == ["RETREAT"] and evs[0][1:3] == (["PER"], ["ECU"])
    evs = events(nlp, "Russia returned three captured Ukrainian sailors to Ukraine.")
    assert types(evs) == ["RETREAT"] and evs[0][4] == "0841"
    assert types(events(nlp, "The Libyan authorities returned the remains of two Egyptian "
                             "workers to Egypt.")) == ["RETREAT"]
    # what was seized, captured or taken, whatever it is
    evs = events(nlp, "Colombia returned the weapons confiscated from the smugglers to Venezuela.")
    assert types(evs) == ["RETREAT"] and evs[0][4] == "0842"
    evs = events(nlp, "The rebels returned the kidnapped Italian engineers to Italy.")
    assert types(evs) == ["RETREAT"] and evs[0][4] == "0841"
    evs = events(nlp, "The Belgian police returned two stolen paintings to Poland.")
    assert types(evs) == ["RETREAT"] and evs[0][2] == ["POL"]
    # anything else where the party it goes back to is named
    evs = events(nlp, "The Belgian police returned two violins to Poland.")
    assert types(evs) == ["RETREAT"] and evs[0][2] == ["POL"]
    # papers, money and leased planes returned are business, no event
    assert events(nlp, "Most of the tax forms have already been returned.") == []
    assert events(nlp, "The airline will return the leased planes on short notice.") == []
    assert events(nlp, "Half of the money raised will be returned, the company said.") == []
    assert events(nlp, "The company returned the borrowed funds ahead of schedule.") == []
