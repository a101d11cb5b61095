"""The happenings and export commands: exit codes, messages, no tracebacks."""
from __future__ import annotations

import json

from click.testing import CliRunner

from eventwire import Store
from eventwire.cli import main

from tests.dedup.reports import KABUL, report


def _db(tmp_path) -> str:
    db = str(tmp_path / "h.db")
    with Store(db, happenings=False) as store:
        store.write([report("r1", "2024-03-04", "ASSAULT", "183", ["TALREB"], ["AFGCVL"], KABUL,
                            "2024-03-03"),
                     report("r2", "2024-03-04", "ASSAULT", "183", ["TAL"], ["AFGCVL"], KABUL,
                            "2024-03-03", outlet="Other Daily")])
    return db


def test_dedup_then_rebuild_gives_the_same_happenings(tmp_path):
    db, run = _db(tmp_path), CliRunner().invoke
    r = run(main, ["dedup", "--db", db])
    assert r.exit_code == 0 and "1 happenings: 1 opened, 1 mentions joined" in r.output
    first = run(main, ["happenings", "--db", db, "--format", "jsonl"]).output
    assert run(main, ["dedup", "--db", db, "--rebuild"]).exit_code == 0
    assert run(main, ["happenings", "--db", db, "--format", "jsonl"]).output == first
    assert json.loads(first)["sources"] == 2


def test_export_errors_are_coded_lines(tmp_path):
    db, run = _db(tmp_path), CliRunner().invoke
    r = run(main, ["export", "quotes", "--db", db, "--format", "plover", "-o",
                   str(tmp_path / "q.jsonl")])
    assert r.exit_code == 1 and "[EW304]" in r.output and "Traceback" not in r.output
    r = run(main, ["export", "events", "--db", str(tmp_path / "none.db"), "-o",
                   str(tmp_path / "e.jsonl")])
    assert r.exit_code == 1 and "[EW301]" in r.output
    r = run(main, ["happenings", "--db", db, "--type", "BOMBING"])
    assert r.exit_code == 1 and "[EW304]" in r.output
