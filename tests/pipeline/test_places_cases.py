"""Stage places: recognition, resolution and metonymy on real parses."""
from __future__ import annotations

import math

import pytest

from tests.conftest import parse


def _km(lat1, lon1, lat2, lon2):
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 2 * 6371.0 * math.asin(math.sqrt(a))


def _place(doc, text, nth=0):
    hits = [p for p in doc._.ew_places if p.text == text]
    assert len(hits) > nth, f"{text!r} not found in {[p.text for p in doc._.ew_places]}"
    return hits[nth]


@pytest.fixture(scope="module")
def seed(nlp, shared):
    """The seed article, read from the evaluation kit (skipped when it is absent)."""
    text = (shared / "eval" / "data" / "seed" / "article.jsonl").read_text(encoding="utf-8")
    import json
    return parse(nlp, json.loads(text)["text"])


def test_seed_ramadi_in_iraq(seed):
    p = _place(seed, "Ramadi")
    assert p.country == "IRQ"
    assert _km(p.lat, p.lon, 33.43, 43.30) < 20


def test_seed_palmyra_is_tadmur_in_syria(seed):
    p = _place(seed, "Palmyra")          # the small model tags it PERSON
    assert p.country == "SYR"
    assert _km(p.lat, p.lon, 34.56, 38.28) < 20


def test_seed_kremlin_at_moscow(seed):
    p = _place(seed, "Kremlin")
    assert p.country == "RUS"
    assert _km(p.lat, p.lon, 55.75, 37.62) < 5
    assert p.literal                    # "talks ... in the Kremlin" is a location


def test_seed_country_at_centroid_not_capital(seed):
    p = _place(seed, "Syria")
    assert _km(p.lat, p.lon, 35.0, 38.0) < 161   # the centroid, not Damascus
    assert _km(p.lat, p.lon, 33.51, 36.29) > 161


def test_seed_us_resolves(seed):
    p = _place(seed, "U.S.")
    assert p.country == "USA" and p.lat is not None


def test_metonyms_are_not_literal(seed):
    assert not _place(seed, "Moscow", 1).literal     # "Moscow would make every effort"
    assert not _place(seed, "Baghdad", 1).literal    # "the Baghdad government"


def test_ids_in_text_order(seed):
    ps = seed._.ew_places
    assert [p.id for p in ps] == [f"p{i}" for i in range(1, len(ps) + 1)]
    assert [p.span for p in ps] == sorted(p.span for p in ps)
    for p in ps:
        assert seed.text[p.span[0]:p.span[1]] == p.text


def test_demonyms_are_not_places(seed):
    assert not [p for p in seed._.ew_places if p.text in ("Iraqi", "Russian")]


def test_paris_texas_and_paris_france(nlp):
    doc = parse(nlp, "A storm hit Paris, Texas, on Monday. Later the mayor flew to Paris for a "
                     "conference in France.")
    assert _place(doc, "Paris", 0).country == "USA"
    assert _place(doc, "Paris", 1).country == "FRA"


def test_dominant_country_decides(nlp):
    doc = parse(nlp, "Fighting spread across Syria this week. Rebels in Syria said government "
                     "forces shelled targets in Palmyra.")
    assert _place(doc, "Palmyra").country == "SYR"
    doc = parse(nlp, "Flooding hit Pennsylvania on Monday. Residents in Pennsylvania said roads "
                     "were closed in Palmyra and Harrisburg.")
    assert _place(doc, "Palmyra").country == "USA"


def test_uk_and_province(nlp):
    doc = parse(nlp, "The UK sent aid to Anbar province in Iraq.")
    assert _place(doc, "UK").country == "GBR"
    anbar = [p for p in doc._.ew_places if p.text.startswith("Anbar")][0]
    assert anbar.country == "IRQ" and anbar.feature == "A.ADM1"
    assert _km(anbar.lat, anbar.lon, 32.8, 41.6) < 161   # the governorate's centre, not Ramadi


def test_user_landmarks_file(tmp_path, monkeypatch):
    from eventwire.config import Settings
    from eventwire.nlp import load_pipeline
    monkeypatch.setenv("EVENTWIRE_CACHE", str(tmp_path / "cache"))
    f = tmp_path / "my.yml"
    f.write_text("landmarks:\n  Zorblat Tower: {lat: 10.5, lon: 20.5, country: TCD}\n",
                 encoding="utf-8")
    # the user file only extends the overlay: the cache must not be rebuilt for it
    from eventwire import gazetteer
    g = gazetteer.get_gazetteer((str(f),))
    e = g.resolve("Zorblat Tower")
    assert e is not None and e.country == "TCD" and abs(e.lat - 10.5) < 1e-6
