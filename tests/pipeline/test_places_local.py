"""Stage places: divisions from GeoNames' own admin codes, qualified local names,
group names, names the NER misses, and `literal` (invented sentences)."""
from __future__ import annotations

import pytest

from tests.conftest import parse


def _place(doc, text, nth=0):
    hits = [p for p in doc._.ew_places if p.text == text]
    assert len(hits) > nth, f"{text!r} not found in {[p.text for p in doc._.ew_places]}"
    return hits[nth]


@pytest.mark.parametrize("city,iso3,admin1", [
    ("Mosul", "IRQ", "Nineveh"), ("Kinshasa", "COD", "Kinshasa"), ("Goma", "COD", "Nord-Kivu"),
    ("Kigali", "RWA", "Kigali"), ("Houston", "USA", "Texas"), ("Toronto", "CAN", "Ontario")])
def test_division_of_a_city_comes_from_its_admin_code(nlp, city, iso3, admin1):
    doc = parse(nlp, f"Aid workers arrived in {city} on Tuesday after a long delay.")
    p = _place(doc, city)
    assert (p.country, p.admin1) == (iso3, admin1)


def test_english_names_of_divisions(nlp):
    doc = parse(nlp, "Families fled from North Kivu into South Kivu during the week.")
    assert _place(doc, "North Kivu").name == "Nord-Kivu"
    assert _place(doc, "South Kivu").name == "Sud-Kivu"


def test_rebel_group_is_no_place(nlp):
    doc = parse(nlp, "M23 rebels seized two villages near Goma, and M23 later withdrew.")
    assert "M23" not in [p.text for p in doc._.ew_places]
    assert _place(doc, "Goma").country == "COD"


def test_big_city_as_object_of_an_attack(nlp):
    doc = parse(nlp, "Russian troops attacked Kharkiv overnight with drones.")
    p = _place(doc, "Kharkiv")
    assert p.country == "UKR" and p.literal is True


@pytest.mark.parametrize("text,town,div,iso3,admin1", [
    ("Lena Ortiz was born in Churchill, Man. and grew up there.", "Churchill", "Man.", "CAN", "Manitoba"),
    ("The family sold its home in Barrie, Ont., last spring.", "Barrie", "Ont.", "CAN", "Ontario"),
    ("A fire destroyed a barn outside Springfield, Ill. on Sunday.", "Springfield", "Ill.", "USA", "Illinois"),
    ("The band played in Paris, Texas, to a full hall.", "Paris", "Texas", "USA", "Texas"),
])
def test_qualified_names_pin_town_and_division(nlp, text, town, div, iso3, admin1):
    doc = parse(nlp, text)
    t, d = _place(doc, town), _place(doc, div)
    assert (t.country, t.admin1) == (iso3, admin1)
    assert d.name == admin1 and d.feature == "A.ADM1"


def test_a_state_among_states_is_no_village_of_another_state(nlp):
    doc = parse(nlp, "Cases were found in Arizona, Georgia, Illinois, Missouri and Ohio.")
    assert _place(doc, "Illinois").feature == "A.ADM1"
    assert _place(doc, "Georgia").country == "USA"


def test_dateline_is_literal(nlp):
    doc = parse(nlp, "KAMPALA (Reuters) - Uganda said on Monday it would reopen the border.")
    assert _place(doc, "KAMPALA").literal is True


def test_government_sense_is_not_literal(nlp):
    doc = parse(nlp, "Washington called on Kinshasa to protect civilians in the east.")
    assert _place(doc, "Kinshasa").literal is False


def test_country_of_is_conservative():
    from eventwire.gazetteer import country_of
    assert country_of("Mosul") == "IRQ"
    assert country_of("North Kivu") == "COD"
    assert country_of("Tuesday") is None
    assert country_of("Reuters") is None
