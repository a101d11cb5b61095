"""The CLI: every command has help, errors are one clean line, ingest is idempotent."""
from __future__ import annotations

import json
import sqlite3

import pytest
from click.testing import CliRunner

from eventwire.assemble import check_record
from eventwire.cli import main
from tests.conftest import EXAMPLES


@pytest.fixture()
def runner():
    return CliRunner()


@pytest.fixture(scope="module")
def example_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("db") / "ew.db"
    res = CliRunner().invoke(main, ["ingest", str(EXAMPLES), "--db", str(db)])
    assert res.exit_code == 0, res.output
    return db


@pytest.mark.parametrize("command", sorted(main.commands))
def test_every_command_has_help(runner, command):
    res = runner.invoke(main, [command, "--help"])
    assert res.exit_code == 0
    assert res.output.startswith("Usage: ")
    assert (main.commands[command].help or "").strip(), f"{command} has no help text"


def test_extract_writes_contract_records(runner, tmp_path):
    out = tmp_path / "out.jsonl"
    res = runner.invoke(main, ["extract", str(EXAMPLES), "-o", str(out)])
    assert res.exit_code == 0, res.output
    recs = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(recs) == len(list(EXAMPLES.glob("*.txt")))
    assert all(check_record(r) == [] for r in recs)


def test_extract_reports_bad_inputs_in_one_line_and_goes_on(runner, tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text('{"id": "ok", "text": "Protesters marched in Caracas."}\n{broken\n')
    res = runner.invoke(main, ["extract", str(src), str(tmp_path / "missing.txt"), "-o",
                               str(tmp_path / "out.jsonl")])
    assert res.exit_code == 1
    assert f"{src}:2: [EW104]" in res.output
    assert "missing.txt: [EW101]" in res.output
    assert "Traceback" not in res.output
    assert [json.loads(x)["article"]["id"] for x in (tmp_path / "out.jsonl").read_text().splitlines()] == ["ok"]


def _dump(db) -> list[str]:
    con = sqlite3.connect(db)
    try:
        return list(con.iterdump())
    finally:
        con.close()


def test_ingesting_twice_changes_nothing(runner, tmp_path):
    db = tmp_path / "twice.db"
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x"}\n')
    args = ["ingest", str(EXAMPLES), str(bad), "--db", str(db)]
    assert runner.invoke(main, args).exit_code == 1
    first = _dump(db)
    assert runner.invoke(main, args).exit_code == 1
    assert _dump(db) == first
    assert any("EW105" in line for line in first)  # the failed input left a row
    listed = runner.invoke(main, ["errors", "--db", str(db), "--format", "jsonl"])
    assert [json.loads(x)["code"] for x in listed.output.splitlines()] == ["EW105"]


@pytest.mark.parametrize("command", ["events", "quotes", "places", "articles"])
def test_query_commands_in_every_format(runner, example_db, command):
    table = runner.invoke(main, [command, "--db", str(example_db)])
    assert table.exit_code == 0, table.output
    js = runner.invoke(main, [command, "--db", str(example_db), "--format", "jsonl"])
    rows = [json.loads(x) for x in js.output.splitlines()]
    assert rows, f"{command} returned no rows from the examples"
    csv_out = runner.invoke(main, [command, "--db", str(example_db), "--format", "csv"])
    assert csv_out.exit_code == 0
    cs = _csv_rows(csv_out.output)
    assert len(cs) == len(rows)
    # every format shows the same rows: the table has one line per row (after the header
    # and its rule), and the CSV's ids match the JSON's
    assert len(table.output.rstrip("\n").splitlines()) == len(rows) + 2
    key = "id" if command != "quotes" else "content"
    assert [c[key] for c in cs] == [str(r[key]) for r in rows]
    if command == "articles":
        assert len(rows) == len(list(EXAMPLES.glob("*.txt")))


def test_article_search_and_stats(runner, example_db):
    res = runner.invoke(main, ["articles", "--db", str(example_db), "--search", "Maiduguri",
                               "--format", "jsonl"])
    rows = [json.loads(x) for x in res.output.splitlines()]
    assert len(rows) == 1 and "Nigeria" in rows[0]["title"]
    st = runner.invoke(main, ["stats", "--db", str(example_db), "--format", "json"])
    assert st.exit_code == 0 and json.loads(st.output)


def test_query_on_a_missing_database_is_a_clean_error(runner, tmp_path):
    res = runner.invoke(main, ["events", "--db", str(tmp_path / "none.db")])
    assert res.exit_code != 0 and "Traceback" not in res.output and "EW301" in res.output


def test_bad_date_filter_is_a_clean_error(runner, example_db):
    res = runner.invoke(main, ["events", "--db", str(example_db), "--since", "yesterdayish"])
    assert res.exit_code != 0 and "EW304" in res.output


def test_demo_prints_tables(runner):
    res = runner.invoke(main, ["demo"])
    assert res.exit_code == 0, res.output
    assert "Events (" in res.output and "Quotes (" in res.output and "Places (" in res.output


def test_broken_user_data_file_is_a_clean_error(runner, tmp_path):
    bad = tmp_path / "my-actors.yml"
    bad.write_text("people:\n  - name: [unclosed\n")
    src = tmp_path / "in.jsonl"
    src.write_text('{"text": "Police arrested two men."}\n')
    res = runner.invoke(main, ["extract", str(src), "--actors", str(bad)])
    assert res.exit_code != 0 and "Traceback" not in res.output
    assert "EW111" in res.output and "my-actors.yml" in res.output


def test_output_in_a_missing_folder_is_a_clean_error(runner, tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text('{"text": "Police arrested two men."}\n')
    res = runner.invoke(main, ["extract", str(src), "-o", str(tmp_path / "no" / "out.jsonl")])
    assert res.exit_code != 0 and "Traceback" not in res.output and "no" in res.output


def test_stdin_input(runner):
    res = runner.invoke(main, ["extract", "-"], input='{"id": "s", "text": "Rebels attacked a town."}\n')
    assert res.exit_code == 0
    assert json.loads(res.output.splitlines()[0])["article"]["id"] == "s"


def test_stdin_html_with_input_format(runner):
    from tests.test_ingest_inputs import HTML_PAGE
    res = runner.invoke(main, ["extract", "--input-format", "html", "-"], input=HTML_PAGE)
    assert res.exit_code == 0, res.output
    rec = json.loads(res.output.splitlines()[0])
    assert "Diplomats from both sides met in Geneva" in rec["article"]["text"]
    assert "EW104" not in res.output


def test_error_rows_have_one_shape_and_record_errors_reach_stderr(runner, tmp_path):
    src = tmp_path / "three.jsonl"
    src.write_text('{"id": "a", "text": "Police arrested two men in Lagos."}\n'
                   '{"id": "b", "text": "Rebels attacked a town.", "date": "not a date"}\n'
                   '{"id": "c"}\n')
    db = tmp_path / "three.db"
    res = runner.invoke(main, ["ingest", str(src), "--db", str(db)])
    assert res.exit_code == 1
    assert f"{src}:2: [EW106]" in res.output     # an article's own error, on stderr too
    assert f"{src}:3: [EW105]" in res.output
    listed = runner.invoke(main, ["errors", "--db", str(db), "--format", "jsonl"])
    rows = {r["code"]: r for r in map(json.loads, listed.output.splitlines())}
    assert (rows["EW106"]["path"], rows["EW106"]["line"]) == (str(src), 2)
    assert (rows["EW105"]["path"], rows["EW105"]["line"]) == (str(src), 3)
    assert rows["EW106"]["article"] == "b" and rows["EW105"]["article"] is None
    out = runner.invoke(main, ["extract", str(src), "-o", str(tmp_path / "o.jsonl")])
    assert f"{src}:2: [EW106]" in out.output
    # every writer reports them the same way: the Parquet data set too
    out = runner.invoke(main, ["extract", str(src), "--format", "parquet",
                               "-o", str(tmp_path / "o.parquet")])
    assert f"{src}:2: [EW106]" in out.output and f"{src}:3: [EW105]" in out.output


def _csv_rows(text: str) -> list[dict]:
    import csv
    import io
    return list(csv.DictReader(io.StringIO(text)))


def test_events_csv_has_ids_coordinates_and_full_precision(runner, example_db):
    js = runner.invoke(main, ["events", "--db", str(example_db), "--format", "jsonl"])
    rows = [json.loads(x) for x in js.output.splitlines()]
    out = runner.invoke(main, ["events", "--db", str(example_db), "--format", "csv"])
    cs = _csv_rows(out.output)
    assert len(cs) == len(rows) > 0
    for want in ("article", "id", "date", "place", "lat", "lon", "geonameid", "goldstein",
                 "source", "source_code", "target", "target_code"):
        assert want in cs[0], want
    located = [(r, c) for r, c in zip(rows, cs) if r["lat"] is not None]
    assert located, "no event of the examples has coordinates"
    for r, c in located:
        assert (c["article"], c["id"]) == (r["article"], r["id"])
        assert float(c["lat"]) == r["lat"] and float(c["lon"]) == r["lon"]
        assert int(c["geonameid"]) == r["geonameid"]
    for r, c in zip(rows, cs):
        assert c["goldstein"] == ("" if r["goldstein"] is None else str(r["goldstein"]))
        assert c["source_code"] == "; ".join(x or "" for x in r["source_code"])


def test_places_csv_has_geonames_id_admin1_and_full_precision(runner, example_db):
    js = runner.invoke(main, ["places", "--db", str(example_db), "--format", "jsonl"])
    rows = [json.loads(x) for x in js.output.splitlines()]
    cs = _csv_rows(runner.invoke(main, ["places", "--db", str(example_db), "--format", "csv"]).output)
    assert len(cs) == len(rows) > 0
    resolved = [(r, c) for r, c in zip(rows, cs) if r["geonameid"] is not None]
    assert resolved
    for r, c in resolved:
        assert int(c["geonameid"]) == r["geonameid"]
        assert c["admin1"] == (r["admin1"] or "")
        assert float(c["lat"]) == r["lat"] and float(c["lon"]) == r["lon"]
    assert any(len(c["lat"].split(".")[-1]) > 2 for c in cs if c["lat"])  # not rounded to 4 digits
