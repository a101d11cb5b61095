"""Actors: offices that name their own state (the pope is the Holy See),
with a name, alone, or in apposition."""
import pytest

from eventwire.nlp import load_pipeline, make_doc
from eventwire.records import Article


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def codes(nlp, text, date="2016-06-01"):
    doc = next(nlp.pipe([make_doc(nlp, Article(id="t", text=text, date=date), 10**6)]))
    return {a.text: a.code for a in doc._.ew_actors}


def test_pope_with_a_name_is_the_holy_see(nlp):
    c = codes(nlp, "The Mexican president thanked Pope Benedict for his visit.")
    assert c["Pope Benedict"] == "VATREL", c


def test_the_pope_alone_is_the_holy_see(nlp):
    c = codes(nlp, "The pope urged Chile and Peru to settle the dispute.")
    assert any(v == "VATREL" for k, v in c.items() if k.lower().endswith("pope")), c


def test_pope_does_not_change_other_clerics(nlp):
    c = codes(nlp, "Iranian cleric Ahmad Khatami criticised the pope.")
    assert any(v.startswith("IRN") for k, v in c.items() if "Khatami" in k), c


def test_the_popes_nationality_is_not_his_state(nlp):
    c = codes(nlp, "The Argentine pope visited Cuba.")
    assert any(v == "VATREL" for k, v in c.items() if k.lower().endswith("pope")), c


def test_unnamed_police_take_the_datelines_country(nlp):
    # a neighbour named more often than the dateline's country does not own the police
    text = ("TBILISI (Reuters) - Police detained dozens of protesters on Friday after "
            "parliament in Georgia passed the bill. Armenia said Armenian citizens were "
            "among those held.")
    c = codes(nlp, text)
    assert c["Police"] == "GEOCOP", c


def test_without_a_dateline_the_most_named_country_owns_the_police(nlp):
    text = ("Police detained dozens of protesters on Friday after "
            "parliament in Georgia passed the bill. Armenia said Armenian citizens were "
            "among those held.")
    c = codes(nlp, text)
    assert c["Police"] == "ARMCOP", c


def test_a_shared_demonym_follows_the_country_the_article_names(nlp):
    c = codes(nlp, "Congolese troops clashed with rebels near Bukavu on Sunday.")
    assert c["Congolese troops"] == "CODMIL", c
    c = codes(nlp, "Congolese soldiers paraded in Brazzaville on Sunday.")
    assert c["Congolese soldiers"] == "COGMIL", c


def test_unnamed_police_take_the_country_of_the_city_their_clause_happens_in(nlp):
    c = codes(nlp, "Russia criticised the vote. Police clashed with protesters in Minsk on Monday.")
    assert c["Police"] == "BLRCOP", c


def test_a_place_of_another_clause_does_not_own_the_police(nlp):
    c = codes(nlp, "Russia criticised the vote. Police arrested ten people, a day after "
                   "officials met in Kyiv.")
    assert c["Police"] == "RUSCOP", c
