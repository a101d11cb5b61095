"""The CLI loads the spaCy pipeline only once it has work: a usage error comes at once,
and an ingest rerun that finds every article stored loads no model at all. Each test
gives the run a model that fails when loaded, so a load shows as a failed run."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

import eventwire
from eventwire.cli import main
from eventwire.config import DEFAULT_MODEL
from eventwire.runner import ingest_to_store

TEXTS = ["Border guards of Velmora detained two smugglers near Tarsk on Tuesday.",
         "The foreign minister of Kolstan met her Velmoran counterpart in Doranth."]


def test_a_usage_error_comes_before_the_model_is_loaded(tmp_path):
    src = tmp_path / "a.jsonl"
    src.write_text(json.dumps({"text": TEXTS[0], "date": "2024-05-07"}) + "\n")
    res = CliRunner().invoke(main, ["extract", str(src), "--format", "parquet"],
                             env={"EVENTWIRE_MODEL": "no_such_model_xq"})
    assert res.exit_code == 2, res.output
    assert "--format parquet needs -o FOLDER" in res.output
    assert "EW201" not in res.output and "no_such_model_xq" not in res.output


def _broken_model(tmp_path: Path) -> Path:
    """A folder that, first on the import path, makes the installed default model fail
    to load (its package raises on import) while its name, version and so the store's
    input keys (``resume.pipeline_fingerprint``) stay those of the installed one."""
    shadow = tmp_path / "shadow" / DEFAULT_MODEL
    shadow.mkdir(parents=True)
    (shadow / "__init__.py").write_text(
        "raise OSError('the test model was loaded')\n")
    return shadow.parent


def _cli(args: list[str], pythonpath: list[Path]) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env.pop("EVENTWIRE_MODEL", None)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(p) for p in pythonpath] + [str(Path(eventwire.__file__).parents[1])]
        + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else []))
    return subprocess.run([sys.executable, "-m", "eventwire.cli", *args], env=env,
                          capture_output=True, text=True, timeout=600)


def test_an_ingest_rerun_with_every_article_stored_loads_no_model(tmp_path, nlp,
                                                                  monkeypatch):
    monkeypatch.delenv("EVENTWIRE_MODEL", raising=False)
    src, db = tmp_path / "a.jsonl", tmp_path / "ew.db"
    src.write_text("".join(json.dumps({"text": t, "date": "2024-05-07"}) + "\n"
                           for t in TEXTS))
    first = ingest_to_store([str(src)], str(db))        # the session's pipeline
    assert (first.articles, first.skipped) == (2, 0)
    broken = _broken_model(tmp_path)
    again = _cli(["ingest", str(src), "--db", str(db), "-q"], [broken])
    assert again.returncode == 0, again.stderr
    assert "2 already stored (not parsed)" in again.stderr
    assert "EW201" not in again.stderr
    # nor with worker processes (none is started), an unreadable input beside: only it
    # is reported
    more = _cli(["ingest", str(src), str(tmp_path / "missing.jsonl"), "--db", str(db), "-q",
                 "--workers", "2"], [broken])
    assert more.returncode == 1 and "EW101" in more.stderr, more.stderr
    assert "2 already stored (not parsed)" in more.stderr and "EW201" not in more.stderr
    # the same run with work to do loads the model, and so fails: the model is broken
    parse = _cli(["ingest", str(src), "--db", str(db), "-q", "--reparse"], [broken])
    assert parse.returncode == 1 and "EW201" in parse.stderr, parse.stderr


def test_ingest_calls_on_work_once_when_an_article_is_to_parse(tmp_path, nlp, monkeypatch):
    # the library hook behind the CLI's preload: once, before parsing; never on a rerun
    monkeypatch.delenv("EVENTWIRE_MODEL", raising=False)
    db = str(tmp_path / "ew.db")
    part, full = tmp_path / "part.jsonl", tmp_path / "full.jsonl"
    part.write_text(json.dumps({"text": TEXTS[0], "date": "2024-05-07"}) + "\n")
    full.write_text("".join(json.dumps({"text": t, "date": "2024-05-07"}) + "\n"
                            for t in TEXTS))
    calls: list[str] = []
    runs = [ingest_to_store([str(src)], db, on_work=lambda: calls.append(str(src)))
            for src in (part, full, full)]
    assert [(s.articles, s.skipped) for s in runs] == [(1, 0), (1, 1), (0, 2)]
    assert calls == [str(part), str(full)]
