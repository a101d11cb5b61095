"""A command-line run ends without tearing down the interpreter's heap (issue 8's
start-up figure): what it wrote must still be complete, and its exit status right."""
from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.conftest import EXAMPLES


def _run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "eventwire.cli", *args], input=stdin,
                          capture_output=True, text=True, env=dict(os.environ), timeout=600)


def test_a_command_line_run_flushes_its_output_and_keeps_its_exit_status(tmp_path):
    src = sorted(EXAMPLES.glob("*.txt"))[0]
    out = tmp_path / "out.jsonl"
    ok = _run("extract", str(src), "-o", str(out))
    assert ok.returncode == 0, ok.stderr
    [rec] = [json.loads(line) for line in out.read_text().splitlines()]
    assert rec["events"] and "1 articles" in ok.stderr
    # to stdout (a pipe): every byte arrives
    piped = _run("extract", str(src))
    assert piped.returncode == 0
    assert json.loads(piped.stdout)["article"]["id"] == rec["article"]["id"]
    # an unreadable input: reported, and the status says so
    bad = _run("extract", str(tmp_path / "missing.txt"))
    assert bad.returncode == 1 and "EW101" in bad.stderr
    # a usage error: click's status 2
    assert _run("extract").returncode == 2
