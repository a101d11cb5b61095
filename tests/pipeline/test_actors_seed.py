"""Actors stage on the seed article (read from ../shared when present)."""

import pytest

from eventwire.config import Settings
from eventwire.nlp import load_pipeline, make_doc
from eventwire.pipeline.actors import actor_at
from eventwire.records import Article

@pytest.fixture(scope="module")
def seed(shared):
    path = shared / "eval" / "data" / "seed" / "article.txt"
    if not path.exists():
        pytest.skip("seed article not available")
    text = path.read_text(encoding="utf-8")
    nlp = load_pipeline(Settings(), ("actors",))   # this stage alone
    doc = make_doc(nlp, Article(id="seed", text=text, date="2015-05-21"), 10**6)
    for name, proc in nlp.pipeline:       # as the actors stage leaves it
        doc = proc(doc)
        if name == "ew_actors":
            break
    return doc


def _by_name(doc, name):
    hits = [a for a in doc._.ew_actors if a.name == name]
    assert hits, [a.name for a in doc._.ew_actors]
    assert len(hits) == 1
    return hits[0]


def _actor_of_text(doc, text, nth=0):
    """The actor of the nth occurrence of ``text`` (a token sequence) in the doc."""
    words = text.split()
    found = 0
    for i in range(len(doc) - len(words) + 1):
        if [t.text for t in doc[i:i + len(words)]] == words:
            if found == nth:
                aid = actor_at(doc, i, i + len(words))
                return next((a for a in doc._.ew_actors if a.id == aid), None)
            found += 1
    raise AssertionError(f"{text!r} not in doc")


def test_people_codes_and_informative_text(seed):
    putin = _by_name(seed, "Vladimir Putin")
    assert (putin.code, putin.kind, putin.country) == ("RUSGOV", "person", "RUS")
    assert putin.text == "Russian President Vladimir Putin"
    lavrov = _by_name(seed, "Sergei Lavrov")
    assert lavrov.code == "RUSGOV" and lavrov.text == "Russian Foreign Minister Sergei Lavrov"
    assert len(lavrov.mentions) >= 6          # surnames and pronouns merged
    abadi = _by_name(seed, "Haider al-Abadi")
    assert abadi.code == "IRQGOV"
    assad = _by_name(seed, "Bashar al-Assad")
    assert assad.code.startswith("SYR")


def test_surnames_and_pronouns_resolve_to_lavrov(seed):
    lavrov = _by_name(seed, "Sergei Lavrov")
    # "Lavrov told reporters" (before the full name) and "Lavrov's statement"
    assert _actor_of_text(seed, "Lavrov told").id == lavrov.id
    assert _actor_of_text(seed, "Lavrov 's statement").id == lavrov.id
    # the attribution that closes the quoted paragraph
    assert _actor_of_text(seed, "he said at the time").id == lavrov.id
    assert _actor_of_text(seed, "he made in late").id == lavrov.id


def test_islamic_state_with_group_and_is(seed):
    ist = _by_name(seed, "Islamic State")
    assert ist.code == "IMGMUSISI" and ist.kind == "group" and ist.country is None
    assert _actor_of_text(seed, "the group seized").id == ist.id
    assert _actor_of_text(seed, "alongside IS").id == ist.id
    assert _actor_of_text(seed, "Islamic State insurgents").id == ist.id
    kinds = {m.kind for m in seed._.ew_mentions if m.actor == ist.id}
    assert {"name", "description"} <= kinds


def test_metonyms_and_states(seed):
    moscow = _actor_of_text(seed, "Moscow would make")
    assert moscow.code[:3] == "RUS" and moscow.kind == "state"
    baghdad = _actor_of_text(seed, "Baghdad are expanding")
    assert baghdad.code[:3] == "IRQ"
    gov = _actor_of_text(seed, "the Baghdad government push")
    assert gov.code == "IRQGOV"
    wash = _actor_of_text(seed, "Washington to work")
    assert wash.code[:3] == "USA"
    kremlin = _actor_of_text(seed, "the Kremlin")
    assert kremlin.code == "RUSGOV"
    m = next(m for m in seed._.ew_mentions if seed[m.start:m.end].text == "Washington")
    assert m.kind == "metonym"


def test_agents_coalition_army_and_place(seed):
    coal = _actor_of_text(seed, "a U.S.-led coalition")
    assert coal.code.startswith("USA")
    army = _actor_of_text(seed, "Iraq 's army")
    assert army.code == "IRQMIL"
    # "the Iraqi city of Ramadi" is a place: no actor covers it
    assert _actor_of_text(seed, "Iraqi city of Ramadi") is None


def test_mentions_sorted_consistent_and_disjoint(seed):
    ments = seed._.ew_mentions
    assert ments == sorted(ments, key=lambda m: (m.start, m.end))
    for a, b in zip(ments, ments[1:]):
        assert a.end <= b.start
    ids = [a.id for a in seed._.ew_actors]
    assert ids == [f"a{i + 1}" for i in range(len(ids))]
    firsts = {}
    for m in ments:
        firsts.setdefault(m.actor, m.start)
    assert list(firsts) == ids                        # ids in order of first mention
    for a in seed._.ew_actors:
        spans = [(seed[m.start].idx, seed[m.end - 1].idx + len(seed[m.end - 1].text))
                 for m in ments if m.actor == a.id]
        assert [tuple(s) for s in a.mentions] == spans
        assert seed.text[a.span[0]:a.span[1]] == a.text
        assert tuple(a.span) in spans
