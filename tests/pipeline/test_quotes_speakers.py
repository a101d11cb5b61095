"""Speakers: the span as written and the actor the actors stage resolves it to."""
from __future__ import annotations

import json

import pytest

from eventwire.assemble import check_record, record_from_doc
from tests.conftest import parse

TEXT = ("Turkish Foreign Minister Mehmet Kaya said on Friday that Turkey was ready to "
        "send drones to Ukraine.\n\n"
        "\"The blockade is the real danger,\" he said.\n\n\"It has to end soon.\"\n\n"
        "\"We are supporting both Ukraine and Moldova,\" Kaya said.")


@pytest.fixture(scope="module")
def doc(nlp):
    return parse(nlp, TEXT)


def test_every_quote_of_one_speaker_has_one_actor(doc):
    qs = doc._.ew_quotes
    assert len(qs) == 4
    assert [q.speaker_text for q in qs] == ["Turkish Foreign Minister Mehmet Kaya", "he", "he", "Kaya"]
    actors = {a.id: a for a in doc._.ew_actors}
    ids = {q.speaker_actor for q in qs}
    assert len(ids) == 1 and None not in ids
    assert "Kaya" in actors[ids.pop()].name


def test_records_are_consistent(doc):
    rec = record_from_doc(doc).as_dict()
    assert check_record(rec) == []
    json.dumps(rec)
    for q in rec["quotes"]:
        s, e = q["content"]["span"]
        assert TEXT[s:e] == q["content"]["text"]
        assert not q["content"]["text"].endswith((",", ".", '"'))


def test_ids_in_text_order(doc):
    qs = doc._.ew_quotes
    assert [q.id for q in qs] == [f"q{i}" for i in range(1, len(qs) + 1)]
    assert [q.content_span for q in qs] == sorted(q.content_span for q in qs)


def test_quoted_as_saying(nlp):
    doc = parse(nlp, '"I heard the sound of explosions," the agency quoted a shopkeeper as saying.')
    qs = doc._.ew_quotes
    assert len(qs) == 1 and qs[0].speaker_text == "a shopkeeper"
