"""Events stage, the type of verbal conflict and cooperation: judgements as
criticism, warnings with a condition, pressure to act, calls, and words that
name no event (a denial of responsibility, a share price hitting a low)."""
import pytest

from eventwire.nlp import load_pipeline, make_doc
from eventwire.records import Article


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def events(nlp, text):
    doc = next(nlp.pipe([make_doc(nlp, Article(id="t", text=text, date="2021-03-04"), 10**6)]))
    code = {a.id: (a.code or a.country or "")[:3] for a in doc._.ew_actors}
    return [(e.plover_type, [code.get(a) for a in e.source], [code.get(a) for a in e.target],
             e.rule) for e in doc._.ew_events]


def one(evs, ptype):
    hits = [e for e in evs if e[0] == ptype]
    assert hits, evs
    return hits[0]


@pytest.mark.parametrize("text,src,tgt", [
    ("Britain said Iran's seizure of the tanker was completely unacceptable.", "GBR", "IRN"),
    ("France called the Russian annexation illegal.", "FRA", "RUS"),
    ("Germany described the forced landing of the airliner by Belarus as an act of piracy.",
     "DEU", "BLR"),
])
def test_a_judgement_of_the_targets_deed_is_criticism(nlp, text, src, tgt):
    e = one(events(nlp, text), "ACCUSE")
    assert e[1] == [src] and tgt in e[2] and e[3].startswith("accuse.label")


def test_saying_without_a_judgement_is_no_event(nlp):
    assert events(nlp, "Britain said Iran's tanker was in the Gulf.") == []


def test_a_warning_with_a_condition_stands_and_the_condition_is_no_event(nlp):
    evs = events(nlp, "Germany warned Russia of serious consequences if it invaded Ukraine.")
    assert one(evs, "THREATEN")[1:3] == (["DEU"], ["RUS"])
    assert not [e for e in evs if e[0] == "ASSAULT"]


def test_pressure_to_act_is_a_request(nlp):
    e = one(events(nlp, "Clinton pushed India and Pakistan to step up cooperation."), "REQUEST")
    assert e[1] == ["USA"] and "IND" in e[2] and e[3] == "request.push"
    # no clause, no request
    assert not [e for e in events(nlp, "Kenyan troops pushed deeper into Somalia.")
                if e[0] == "REQUEST"]


def test_a_call_to_a_leader_is_consultation_and_a_day_is_no_call_on(nlp):
    evs = events(nlp, "The German chancellor called the Polish president on Tuesday.")
    assert one(evs, "CONSULT")[1:3] == (["DEU"], ["POL"])
    assert not [e for e in evs if e[0] == "REQUEST"]
    e = one(events(nlp, "On Tuesday the European Union called on Serbia to free the journalists."),
            "REQUEST")
    assert e[1] == ["EUR"] and e[2] == ["SRB"]


@pytest.mark.parametrize("text", [
    "Mexico denied responsibility for the explosion at the border crossing.",
    "Shares of the Brazilian airline hit a record low on Tuesday.",
    "Oil prices targeted 80 dollars a barrel.",
    "Chile gave the delegation a warm speech of thanks.",
])
def test_words_that_name_no_event(nlp, text):
    assert [e for e in events(nlp, text) if e[0] in ("REJECT", "ASSAULT", "AID")] == []


def test_giving_what_is_named_as_aid_is_aid(nlp):
    e = one(events(nlp, "Japan gave food and medicine to Haiti."), "AID")
    assert e[1:3] == (["JPN"], ["HTI"])
