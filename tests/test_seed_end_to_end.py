"""The seed article, whole: the facts eventwire exists to produce, tied together."""
from __future__ import annotations

import pytest

import eventwire
from eventwire.assemble import check_record


@pytest.fixture(scope="module")
def seed(shared):
    [rec] = list(eventwire.process(eventwire.ingest.read_inputs(
        [str(shared / "eval" / "data" / "seed" / "article.txt")])))
    return rec.as_dict()


def _events(rec):
    actors = {a["id"]: a for a in rec["actors"]}
    places = {p["id"]: p for p in rec["places"]}
    out = []
    for e in rec["events"]:
        out.append({"type": e["plover"]["type"], "code": e["cameo"]["code"],
                    "src": {actors[i]["code"][:3] for i in e["source"]},
                    "tgt": {actors[i]["code"][:3] for i in e["target"]},
                    "date": e["date"]["value"], "place": places.get(e["location"]["place"]),
                    "trigger": e["trigger"]["text"], "event": e})
    return out


def test_record_is_sound(seed):
    assert check_record(seed) == [] and seed["article"]["date"] == "2015-05-21"


def test_talks_in_the_kremlin(seed):
    [talks] = [e for e in _events(seed) if e["type"] == "CONSULT"]
    assert talks["src"] | talks["tgt"] == {"RUS", "IRQ"}
    assert talks["date"] == "2015-05-21"
    assert talks["place"]["country"] == "RUS"
    assert abs(talks["place"]["lat"] - 55.75) < 0.1  # Moscow


def test_offer_of_weapons_is_an_intent_to_give_military_aid(seed):
    offers = [e for e in _events(seed) if e["code"] == "0332"]
    assert offers and offers[0]["type"] == "AGREE"
    assert offers[0]["src"] == {"RUS"} and offers[0]["tgt"] == {"IRQ"}
    assert offers[0]["event"]["modality"] == "intended"
    lavrov = next(a for a in seed["actors"] if a["name"].endswith("Lavrov"))
    assert offers[0]["event"]["reported_by"] == lavrov["id"]


def test_ramadi_taken_last_weekend_at_ramadi(seed):
    [ramadi] = [e for e in _events(seed) if e["trigger"] == "overran"]
    assert ramadi["type"] == "ASSAULT" and ramadi["src"] == {"IMG"} and ramadi["tgt"] == {"IRQ"}
    assert ramadi["date"] == "2015-W20-WE"
    assert ramadi["place"]["name"] == "Ramadi" and ramadi["place"]["country"] == "IRQ"


def test_palmyra_seized_on_thursday_in_syria(seed):
    [palmyra] = [e for e in _events(seed) if e["trigger"] == "seized"]
    assert palmyra["src"] == {"IMG"} and palmyra["tgt"] == {"SYR"}
    assert palmyra["date"] == "2015-05-21" and palmyra["place"]["country"] == "SYR"


def test_criticism_of_us_air_strikes(seed):
    assert any(e["type"] == "ACCUSE" and e["src"] == {"RUS"} and e["tgt"] == {"USA"}
               for e in _events(seed))


def test_lavrov_speaks_even_as_he(seed):
    actors = {a["id"]: a for a in seed["actors"]}
    hes = [q for q in seed["quotes"] if q["speaker"] and q["speaker"]["text"] == "he"]
    assert hes and all(actors[q["speaker"]["actor"]]["name"] == "Sergei Lavrov" for q in hes)
    direct = [q for q in seed["quotes"] if q["kind"] == "direct"]
    assert any(q["content"]["text"].startswith("Islamic State is our main enemy") for q in direct)
