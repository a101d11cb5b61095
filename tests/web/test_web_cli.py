"""``eventwire serve`` and ``eventwire demo`` from the command line."""
from __future__ import annotations

from click.testing import CliRunner

from eventwire.cli import main


def test_serve_has_help_naming_its_options():
    res = CliRunner().invoke(main, ["serve", "--help"])
    assert res.exit_code == 0
    for opt in ("--db", "--host", "--port", "--write-token", "--cors", "--max-body",
                "--max-batch", "--cache-size"):
        assert opt in res.output


def test_serve_refuses_a_missing_store_with_a_coded_error(tmp_path):
    res = CliRunner().invoke(main, ["serve", "--db", str(tmp_path / "none.db")])
    assert res.exit_code == 1
    assert "[EW301]" in res.output and "Traceback" not in res.output
    assert not (tmp_path / "none.db").exists()            # read-only: nothing created


def test_demo_with_a_store_ends_with_the_address_to_browse_it(tmp_path):
    db = tmp_path / "demo.db"
    res = CliRunner().invoke(main, ["demo", "--db", str(db)])
    assert res.exit_code == 0, res.output
    last = res.output.strip().splitlines()[-2:]
    assert last[0] == f"Browse this store: eventwire serve --db {db}"
    assert last[1].strip() == "then open http://127.0.0.1:8000/"
    assert db.exists()
