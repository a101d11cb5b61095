"""From text: invented articles through the real pipeline (spaCy and every stage), the
ingest command's store, and the happenings export."""
from __future__ import annotations

import json

from click.testing import CliRunner

from eventwire.cli import main

ARTICLES = [
    {"id": "w1", "date": "2024-03-05", "source": "Example Wire", "title": "Bomb kills 12 in Kabul",
     "text": "KABUL (Example Wire) - Taliban militants attacked a market in Kabul on Monday, "
             "killing 12 civilians, police said."},
    {"id": "w2", "date": "2024-03-05", "source": "Other Daily", "title": "Kabul market attack",
     "text": "Taliban militants attacked a crowded market in Kabul on Monday, officials said. "
             "Twelve civilians were killed."},
    {"id": "w3", "date": "2024-03-20", "source": "Example Wire", "title": "New attack in Kabul",
     "text": "KABUL (Example Wire) - Taliban militants attacked a checkpoint in Kabul on "
             "Tuesday, police said."},
]


def test_two_reports_one_happening_and_the_lookalike_apart(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES), encoding="utf-8")
    db, out = str(tmp_path / "e.db"), str(tmp_path / "h.jsonl")
    run = CliRunner().invoke
    assert run(main, ["ingest", str(src), "--db", db]).exit_code == 0
    r = run(main, ["export", "happenings", "--db", db, "--format", "jsonl", "-o", out])
    assert r.exit_code == 0, r.output
    hs = [json.loads(line) for line in open(out, encoding="utf-8")]
    assault = [h for h in hs if h["plover"]["type"] == "ASSAULT"]
    arts = [{m["article"] for m in h["mentions"]} for h in assault]
    assert {"w1", "w2"} in arts                     # one happening, two outlets
    assert not any("w3" in a and ("w1" in a or "w2" in a) for a in arts)   # another day
    [h] = [h for h in assault if {m["article"] for m in h["mentions"]} == {"w1", "w2"}]
    assert h["date"]["day"] == "2024-03-04" and h["counts"]["sources"] == 2
    # the same file again adds nothing
    before = open(out, encoding="utf-8").read()
    assert run(main, ["ingest", str(src), "--db", db]).exit_code == 0
    assert run(main, ["export", "happenings", "--db", db, "-o", out]).exit_code == 0
    assert open(out, encoding="utf-8").read() == before
    # the CLI lists it and its reports
    r = run(main, ["happenings", "--db", db, "--min-sources", "2", "--format", "jsonl"])
    assert [json.loads(x)["id"] for x in r.output.splitlines()] == [h["id"]]
    r = run(main, ["events", "--db", db, "--happening", h["id"], "--format", "jsonl"])
    assert {json.loads(x)["title"] for x in r.output.splitlines()} == \
        {"Bomb kills 12 in Kabul", "Kabul market attack"}
