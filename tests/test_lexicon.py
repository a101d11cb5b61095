"""One lexicon per settings: every stage codes with the ``--actors`` files of its own pipeline."""
from __future__ import annotations

import pytest

from eventwire.api import extract
from eventwire.config import Settings
from eventwire.lexicon import demonym_plural, get_lexicon
from eventwire.nlp import load_pipeline

# an invented country and group, coded differently in the two files
_FILE = """countries:
  {iso}: {{name: Zembla, demonyms: [Zemblan], capitals: [Onhava]}}
organizations:
  Onhava Liberation Front: {{aliases: [OLF], code: {iso}{sector}, country: {iso}, sector: {sector}, kind: group}}
"""


def _files(tmp_path, tag):
    a = tmp_path / f"a-{tag}.yml"
    b = tmp_path / f"b-{tag}.yml"
    a.write_text(_FILE.format(iso="ZBA", sector="REB"), encoding="utf-8")
    b.write_text(_FILE.format(iso="ZBB", sector="OPP"), encoding="utf-8")
    return Settings(actors_files=(str(a),)), Settings(actors_files=(str(b),))


def _codes(settings, text):
    rec = extract(text, date="2020-01-01", settings=settings)
    code = {a.id: a.code for a in rec.actors}
    return [(e.plover_type, [code[x] for x in e.source], [code[x] for x in e.target])
            for e in rec.events]


# the group is coded by the actors stage; "the Zemblan city of" by the events stage,
# which finds the state of a place filler through the lexicon
_GROUP = "The Onhava Liberation Front attacked a police station in northern Zembla on Monday."
_PLACE = "Russian jets bombed the Zemblan city of Kiv on Monday."


@pytest.mark.parametrize("order", ["a-first", "b-first"])
def test_two_pipelines_each_code_with_their_own_actors_file(tmp_path, order):
    sa, sb = _files(tmp_path, order)
    first, second = (sa, sb) if order == "a-first" else (sb, sa)
    load_pipeline(first)
    load_pipeline(second)
    for _ in range(2):  # interleaved use after both are built
        assert _codes(sa, _GROUP) == [("ASSAULT", ["ZBAREB"], ["ZBA"])]
        assert _codes(sb, _GROUP) == [("ASSAULT", ["ZBBOPP"], ["ZBB"])]
        assert _codes(sa, _PLACE) == [("ASSAULT", ["RUSMIL"], ["ZBA"])]
        assert _codes(sb, _PLACE) == [("ASSAULT", ["RUSMIL"], ["ZBB"])]


def test_every_stage_of_a_pipeline_shares_one_lexicon(tmp_path):
    sa, _ = _files(tmp_path, "shared")
    nlp = load_pipeline(sa)
    lex = get_lexicon(sa.actors_files)
    assert nlp.get_pipe("ew_actors").lex is lex
    assert nlp.get_pipe("ew_events").lex is lex
    assert nlp.get_pipe("ew_places").demonyms is lex.demonyms
    assert get_lexicon(()) is not lex and "ZBA" not in get_lexicon(()).countries


def test_one_demonym_plural_rule():
    assert demonym_plural("Iraqi") == "Iraqis" and demonym_plural("American") == "Americans"
    assert demonym_plural("Chinese") is None and demonym_plural("British") is None
    lex = get_lexicon(())
    assert lex.country_of("Afghans") == "AFG" and lex.demonyms["iraqis"] == "IRQ"
    assert lex.country_of("Chineses") is None
