"""Actors stage: peoples named by demonyms, people named with a demonym and a
role noun, a leader's own body (issues 8-9). Invented sentences."""
from eventwire.nlp import make_doc
from eventwire.records import Article


def actors(nlp, text, date="2024-05-14"):
    doc = next(nlp.pipe([make_doc(nlp, Article(id="t", text=text, date=date), 10**6)]))
    return {a.text: (a.country, a.code) for a in doc._.ew_actors}


def test_an_ethnic_minority_is_of_the_country_it_lives_in(nlp):
    got = actors(nlp, "Hundreds of ethnic Hungarians demonstrated in Romania on Sunday.")
    assert got.get("Hungarians", (None,))[0] == "ROU", got


def test_an_ethnic_minority_with_no_place_has_no_country(nlp):
    got = actors(nlp, "Ethnic Hungarians gathered on Sunday.")
    assert got.get("Hungarians", ("?",))[0] is None, got


def test_a_states_demonym_before_a_people_names_its_country(nlp):
    got = actors(nlp, "Bosnian Serbs rejected the plan.")
    assert got.get("Bosnian Serbs", (None,))[0] == "BIH", got


def test_a_demonym_and_role_noun_before_a_name_give_its_country(nlp):
    got = actors(nlp, "A judge in Cairo freed Canadian engineer Paul Whitlock on Monday.")
    assert ("CAN", "CAN") in got.values(), got
    assert not any(t == "Canadian" for t in got), got   # one actor, not a person and a state


def test_a_titled_hyphenated_name_tagged_as_an_organisation_is_a_person(nlp):
    got = actors(nlp, "Kazakh President Kassym-Jomart Tokayev spoke on Friday.")
    assert any(code == "KAZGOV" for _c, code in got.values()), got


def test_a_leaders_administration_is_of_the_leaders_country(nlp):
    got = actors(nlp, "President Joe Biden's administration pressed Turkey on Friday.")
    assert any(code == "USAGOV" for _c, code in got.values()), got


def test_a_place_and_colon_opening_a_paragraph_is_a_dateline_not_a_party(nlp):
    text = ("Chile and Peru agree to reopen border\n\nLima: Chile and Peru agreed on Friday "
            "to reopen their border.")
    doc = next(nlp.pipe([make_doc(nlp, Article(id="t", text=text, date="2024-05-14"), 10**6)]))
    code = {a.id: a.code for a in doc._.ew_actors}
    parties = {code[x] for e in doc._.ew_events for x in e.source + e.target}
    assert parties == {"CHL", "PER"}, parties


def test_with_no_country_named_an_unknown_officials_country_is_that_of_the_coded_actors(nlp):
    got = actors(nlp, "President Harold Abani conceded to demands from UNITA on Friday.")
    assert got.get("President Harold Abani") == ("AGO", "AGOGOV"), got


def test_an_unlisted_international_body_is_of_no_country(nlp):
    got = actors(nlp, "The International Fisheries Office criticised Norway on Monday.")
    body = next(v for k, v in got.items() if "Fisheries Office" in k)
    assert body == (None, "IGO"), got
