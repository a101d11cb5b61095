"""Events stage, parties: every party of a coordination, joint events, domestic
events, and no target made up (issue 9, items 2-5). Invented sentences."""
from eventwire.nlp import make_doc
from eventwire.records import Article


def run(nlp, text, date="2024-05-14"):
    doc = next(nlp.pipe([make_doc(nlp, Article(id="t", text=text, date=date), 10**6)]))
    code = {a.id: a.code or a.country or "" for a in doc._.ew_actors}
    return doc, [{"type": e.plover_type, "trigger": e.trigger_text, "rule": e.rule,
                  "src": sorted(code.get(a, "") for a in e.source),
                  "tgt": sorted(code.get(a, "") for a in e.target)} for e in doc._.ew_events]


def pairs(events, ptype):
    """The (source, target) pairs of the events of one type, three-letter codes."""
    return {(s[:3], t[:3]) for e in events if e["type"] == ptype
            for s in e["src"] for t in e["tgt"]}


def test_an_elided_coordinated_name_is_each_country(nlp):
    # "North and South Korea": "North" names North Korea, not nothing
    _, evs = run(nlp, "Envoys of North and South Korea met in Panmunjom on Friday.")
    assert pairs(evs, "CONSULT") & {("PRK", "KOR"), ("KOR", "PRK")}, evs


def test_coordinated_national_modifiers_are_every_party(nlp):
    _, evs = run(nlp, "The Houthis condemned US and British strikes on Yemen.")
    assert {("YEM", "USA"), ("YEM", "GBR")} <= pairs(evs, "ACCUSE"), evs


def test_every_conjunct_of_the_first_actor_after_the_trigger(nlp):
    _, evs = run(nlp, "Russia and China urged a ceasefire between Armenia and Azerbaijan.")
    assert {("RUS", "ARM"), ("RUS", "AZE"), ("CHN", "ARM"), ("CHN", "AZE")} <= pairs(evs, "REQUEST")


def test_several_parties_agreeing_are_each_others_party(nlp):
    _, evs = run(nlp, "Chile and Peru agreed to reopen their border.")
    e = next(e for e in evs if e["type"] == "AGREE")
    assert pairs(evs, "AGREE") == {("CHL", "PER")} and "pair.joint" in e["rule"]


def test_one_governments_officials_are_one_party(nlp):
    # two officials of one government meeting is no meeting between two parties
    _, evs = run(nlp, "President Joe Biden and Secretary of State Antony Blinken held meetings "
                      "on Monday.")
    assert not pairs(evs, "CONSULT"), evs
    # a government and its country's rebels are two
    _, evs = run(nlp, "The Colombian government and the ELN rebels held talks in Havana.")
    assert pairs(evs, "CONSULT") == {("COL", "COL")}, evs


def test_a_crowd_protesting_against_a_government_is_of_its_country(nlp):
    _, evs = run(nlp, "Thousands of people marched in Lima against the government of Peru.")
    e = next(e for e in evs if e["type"] == "PROTEST")
    assert e["src"] == ["PERCVL"] and e["tgt"] == ["PERGOV"] and "source.people" in e["rule"]


def test_unnamed_victims_with_a_place_are_of_its_country_not_the_place(nlp):
    _, evs = run(nlp, "Riot police dispersed opposition supporters in Nairobi.")
    e = next(e for e in evs if e["src"] == ["KENCOP"])
    assert e["tgt"] == ["KENCVL"], evs


def test_domestic_arrests_keep_one_country(nlp):
    _, evs = run(nlp, "Police in Dhaka arrested dozens of students.")
    assert pairs(evs, "COERCE") == {("BGD", "BGD")}, evs


def test_no_target_from_the_requested_clause_when_the_object_names_no_actor(nlp):
    # "all sides" is whom the appeal is aimed at; the civilians are not
    _, evs = run(nlp, "The United Nations urged all sides to protect civilians.")
    e = next(e for e in evs if e["type"] == "REQUEST")
    assert e["src"] == ["UNO"] and e["tgt"] == [], evs


def test_a_called_on_state_is_the_target(nlp):
    _, evs = run(nlp, "The African Union called on Kinshasa to negotiate with the rebels.")
    e = next(e for e in evs if e["type"] == "REQUEST")
    assert [t[:3] for t in e["tgt"]] == ["COD"], evs


def test_an_event_noun_is_no_source(nlp):
    _, evs = run(nlp, "The arrest of a Malian journalist by police in Bamako drew condemnation.")
    assert pairs(evs, "COERCE") == {("MLI", "MLI")}
    assert not any(e["src"] for e in evs if e["type"] == "ACCUSE"), evs


def test_all_of_whom_is_every_party_of_the_antecedent(nlp):
    _, evs = run(nlp, "Brazil and Peru, both of which condemned Venezuela, recalled their "
                      "ambassadors.")
    assert pairs(evs, "ACCUSE") == {("BRA", "VEN"), ("PER", "VEN")}, evs


def test_the_two_leaders_are_the_last_two_named(nlp):
    _, evs = run(nlp, "U.S. President Donald Trump arrived in Hanoi on Tuesday to see North "
                      "Korean leader Kim Jong Un. The two leaders held talks on Wednesday.")
    assert pairs(evs, "CONSULT") == {("USA", "PRK")}, evs


def test_no_source_is_its_own_sides_target(nlp):
    _, evs = run(nlp, "Canada and Japan agreed to expand cooperation with Canada.")
    assert ("CAN", "CAN") not in pairs(evs, "AGREE"), evs


def test_an_event_the_text_dates_years_back_is_background(nlp):
    _, evs = run(nlp, "Peru and Ecuador signed a border treaty in 1998.",
                 date="2010-11-23")
    assert not evs, evs
    _, evs = run(nlp, "Russia attacked Georgia on Friday.", date="2010-11-23")
    assert pairs(evs, "ASSAULT") == {("RUS", "GEO")}, evs


def test_their_summit_is_the_summit_of_the_clauses_subjects(nlp):
    _, evs = run(nlp, "Kenyan President William Ruto and Tanzanian President Samia Suluhu "
                      "Hassan opened their summit in Arusha on Monday.")
    assert pairs(evs, "CONSULT") & {("KEN", "TZA"), ("TZA", "KEN")}, evs


def test_a_protesting_crowd_is_of_the_place_it_gathers_in(nlp):
    _, evs = run(nlp, "Thousands of people protested in Paris against Israel.")
    assert pairs(evs, "PROTEST") == {("FRA", "ISR")}, evs
    _, evs = run(nlp, "Some 20,000 demonstrators marched through central Hong Kong on "
                      "Sunday to protest against a new security bill.")
    assert pairs(evs, "PROTEST") == {("HKG", "HKG")}, evs


def test_an_agent_of_several_owners_is_each_and_meets_the_other(nlp):
    _, evs = run(nlp, "Delegations of Chile and Bolivia signed a deal at Vatican-brokered "
                      "talks in Rome on Monday.")
    assert pairs(evs, "CONSULT") & {("CHL", "BOL"), ("BOL", "CHL")}, evs


def test_conjuncts_hung_on_an_apposition_are_parties_too(nlp):
    _, evs = run(nlp, "Blinken held meetings with William Ruto, the Kenyan president, and the "
                      "foreign ministers of Rwanda, Burundi and Tanzania.")
    got = {t[:3] for e in evs if e["type"] == "CONSULT" for t in e["tgt"]}
    assert {"KEN", "RWA", "BDI", "TZA"} <= got, evs
