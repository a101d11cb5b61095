"""PETRARCH/TABARI dictionaries: user actor and agent files, and the packaged Phoenix data."""
from __future__ import annotations

import pytest

from eventwire.api import extract
from eventwire.config import Settings
from eventwire.errors import InputError
from eventwire.lexicon import get_lexicon
from eventwire.petrarch import parse_date, sniff

# invented names and codes, in PETRARCH's own formats
ACTORS = """# invented test dictionary
ZORBLAT_QUIMBY_  [ZBAELI]
+ZORBLAT_Q._QUIMBY_
\t[ZBAGOV 100101-151231]
\t[ZBAOPP >160101]
ONHAVA_PEOPLES_FRONT_ [ZBAREB]  # a made-up group
+OPF_
"""
AGENTS = """# invented agents
!FOLK! = GLORBIST, GLORBISTS
!FOLK! [~REB]  # a made-up word
VIZIERATE {} [~GOV]
"""
TEXT = ("Zorblat Quimby accused the Onhava Peoples Front of attacking a police station. "
        "Russian glorbists attacked a police station in Moscow on Monday.")


@pytest.fixture(scope="module")
def settings(tmp_path_factory):
    d = tmp_path_factory.mktemp("petrarch")
    (d / "zembla.actors").write_text(ACTORS, encoding="utf-8")
    (d / "zembla.agents").write_text(AGENTS, encoding="utf-8")
    return Settings(actors_files=(str(d / "zembla.actors"), str(d / "zembla.agents")))


def test_files_are_told_apart_by_content(settings):
    assert [sniff(p) for p in settings.actors_files] == ["petrarch-actors", "petrarch-agents"]


@pytest.mark.parametrize("date,person", [("2012-05-01", "ZBAGOV"), ("2018-05-01", "ZBAOPP"),
                                         ("2005-05-01", "ZBAELI")])
def test_user_petrarch_files_code_with_dated_roles(settings, date, person):
    rec = extract(TEXT, date=date, settings=settings)
    code = {a.id: a.code for a in rec.actors}
    events = [(e.plover_type, [code[x] for x in e.source], [code[x] for x in e.target])
              for e in rec.events]
    assert ("ACCUSE", [person], ["ZBAREB"]) in events
    assert ("ASSAULT", ["RUSREB"], ["RUS"]) in events   # the agent word, with its country


@pytest.mark.parametrize("text,line", [
    ("ZORBLAT_QUIMBY_ [ZBAELI]\n\t[ZBAGOV 10-15]\n", 2),
    ("+QUIMBY_\n", 1),
    ("ZORBLAT_QUIMBY_ [ZBAELI]\n\t[ZBAGOV 101399-151231]\n", 2),
])
def test_a_bad_actor_line_is_ew111_with_file_and_line(tmp_path, text, line):
    f = tmp_path / "bad.actors"
    f.write_text("# invented\n" + text, encoding="utf-8")
    with pytest.raises(InputError) as exc:
        get_lexicon((str(f),))
    assert exc.value.code == "EW111" and exc.value.where == f"{f}:{line + 1}"


def test_a_bad_agent_line_is_ew111_with_file_and_line(tmp_path):
    f = tmp_path / "bad.agents"
    f.write_text("GLORBIST [~REB]\nVIZIERATE without a code\n", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        get_lexicon((str(f),))
    assert exc.value.code == "EW111" and exc.value.where == f"{f}:2"


def test_dates_of_both_widths():
    assert parse_date("011222") == "2001-12-22" and parse_date("451231") == "1945-12-31"
    assert parse_date("20160101") == "2016-01-01" and parse_date("161301") is None


def test_packaged_phoenix_people_are_looked_up_with_their_dated_codes():
    lex = get_lexicon(())
    assert len(lex.known_people) > 10_000 and lex.known_organizations
    # any looked-up person with one closed dated term: coded inside it, not after it
    name, p = next((k, v) for k, v in lex.known_people.items()
                   if len(v["terms"]) == 1 and v["terms"][0]["from"] and v["terms"][0]["to"]
                   and v["terms"][0].get("code", "")[:3] in lex.countries)
    t = p["terms"][0]
    assert lex.lookup(name) == ("LEADER", name)
    assert lex.leader_code_at(name, t["from"])[:2] == (t["code"][:3], t["sector"])
    assert lex.leader_code_at(name, "2099-01-01") == (None, None, None)
    # our own dictionaries win: a name we list is never a looked-up one
    assert all(lex.lookup(n) is None for n in list(lex.leaders)[:50])
