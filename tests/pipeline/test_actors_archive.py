"""Actors: office holders of earlier decades, pre-1993 bodies, unnamed agents
added to the dictionaries (ships, people, servicemen)."""
import pytest

from eventwire.nlp import load_pipeline, make_doc
from eventwire.records import Article


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def codes(nlp, text, date="1990-06-01"):
    doc = next(nlp.pipe([make_doc(nlp, Article(id="t", text=text, date=date), 10**6)]))
    return {a.text: a.code for a in doc._.ew_actors}


def test_earlier_heads_of_state_with_title_and_misspelling(nlp):
    c = codes(nlp, "President Francois Mitterand welcomed King Hassan of Morocco in Paris.")
    assert c["President Francois Mitterand"].startswith("FRA")
    assert any(k.startswith("King Hassan") and v.startswith("MAR") for k, v in c.items())


def test_leader_after_his_terms_keeps_his_country(nlp):
    c = codes(nlp, "Gorbachev met the press.", date="2005-01-01")
    assert c["Gorbachev"].startswith("RUS")


def test_european_community_is_an_igo_not_the_eu(nlp):
    c = codes(nlp, "The European Community gave the Ivory Coast aid.")
    assert c["European Community"].startswith("IGO")
    c = codes(nlp, "The European Union gave the Ivory Coast aid.", date="2015-01-01")
    assert any(v == "EUR" for k, v in c.items() if "European Union" in k), c


def test_liberation_movements_are_coded_to_their_country(nlp):
    c = codes(nlp, "The PLO and UNITA issued statements.")
    assert c["PLO"].startswith("PSE") and c["UNITA"].startswith("AGO")


def test_unnamed_vessels_and_people_take_their_country(nlp):
    c = codes(nlp, "Chinese ships rammed Vietnamese vessels. Terrorists killed 13 people "
                   "in Mozambique.", date="2014-05-07")
    assert c["Chinese ships"].startswith("CHN") and c["Vietnamese vessels"].startswith("VNM")
    assert c["13 people"] == "MOZCVL"
