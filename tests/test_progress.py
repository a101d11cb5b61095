"""Progress: a live line on a terminal, plain lines every few seconds elsewhere, or nothing."""
from __future__ import annotations

import io
import json

from eventwire.progress import Progress


def test_plain_lines_are_spaced_and_carry_the_figures():
    out = io.StringIO()
    p = Progress(total=200, stream=out, interval=3600)
    p.update(articles=10, events=25, errors=1, skipped=40, problems=1)   # first line at once?
    p.update(articles=11, events=26, errors=1, skipped=40, problems=1)
    lines = out.getvalue().splitlines()
    assert len(lines) <= 1                                  # not more often than the interval
    p.update(articles=50, events=90, errors=2, skipped=40, problems=2, force=True)
    last = out.getvalue().splitlines()[-1]
    assert "92/200 inputs (46%)" in last and "50 parsed" in last and "90 events" in last
    assert "2 errors" in last and "40 already stored" in last and "left" in last
    assert "articles/s" in last


def test_time_left_only_when_the_total_is_known():
    p = Progress(stream=io.StringIO(), interval=0)
    p.update(articles=5, events=0, errors=0)
    assert p.eta() is None and "left" not in p.line()
    p.total = 10
    assert p.eta() is not None and p.eta() > 0


def test_quiet_prints_nothing_and_a_terminal_gets_a_live_display():
    out = io.StringIO()
    p = Progress(total=5, stream=out, quiet=True, interval=0)
    p.update(articles=5, events=1, errors=0, force=True)
    p.close()
    assert out.getvalue() == ""
    out = io.StringIO()
    with Progress(total=5, stream=out, live=True) as p:
        p.update(articles=3, events=7, errors=0)
    assert "7 events" in out.getvalue() and "3/5 inputs" in out.getvalue()


def test_ingest_quiet_and_plain_progress_on_a_pipe(tmp_path, nlp):
    from click.testing import CliRunner

    from eventwire.cli import main
    src = tmp_path / "a.jsonl"
    src.write_text(json.dumps({"text": "Police arrested protesters in Sarnik."}) + "\n")
    runner = CliRunner()
    res = runner.invoke(main, ["ingest", str(src), "--db", str(tmp_path / "q.db"), "--quiet"])
    assert res.exit_code == 0 and "eventwire:" not in res.output
    assert "1 articles" in res.output                        # the summary is still printed
    res = runner.invoke(main, ["ingest", str(src), "--db", str(tmp_path / "q.db")])
    assert res.exit_code == 0 and "1 already stored (not parsed)" in res.output
    assert "\r" not in res.output                            # no terminal control on a pipe
