"""watch: settled files only, done files passed over without parsing, restarts resume."""
from __future__ import annotations

import json
import os
import shutil
import threading
import time

import pytest

from eventwire.store import Store
from eventwire.watch import Watcher, is_temporary, scan, watch

# invented articles
TEXTS = [
    "The prime minister of Arvenia met the president of Kolstan in Velmora on Monday.",
    "Rebels attacked an army post near the town of Doranth on Sunday, officials said.",
    "Protesters gathered outside the parliament in Sarnik to demand new elections.",
    "The foreign minister said the two countries would sign a trade treaty next month.",
]


def jsonl(texts, start=0) -> str:
    return "".join(json.dumps({"id": f"w{start + i}", "text": t, "date": "2024-05-0"
                               + str(i % 9 + 1)}) + "\n" for i, t in enumerate(texts))


def _stored(db) -> list[str]:
    with Store(db) as s:
        return [r["id"] for r in s.sql("SELECT id FROM articles ORDER BY id")]


def _age(path, seconds: float = 5.0) -> None:
    """Set the file's mtime ``seconds`` in the past (a file written a while ago)."""
    t = time.time() - seconds
    os.utime(path, (t, t))


def test_temporary_names_and_scan(tmp_path):
    for name in (".hidden.jsonl", "a.jsonl.part", "b.tmp", "c.jsonl~", "d.crdownload"):
        assert is_temporary(name)
    assert not is_temporary("news.jsonl")
    (tmp_path / "sub" / "deep").mkdir(parents=True)
    (tmp_path / "sub" / "deep" / "x.jsonl").write_text(jsonl(TEXTS[:1]))
    (tmp_path / "y.jsonl.part").write_text("{}")
    (tmp_path / "notes.pdf").write_text("not an input form")
    (tmp_path / "z.warc.gz").write_bytes(b"")
    assert sorted(os.path.relpath(p, tmp_path) for p in scan(tmp_path)) == [
        "sub/deep/x.jsonl", "z.warc.gz"]


def test_files_are_read_when_settled_and_done_files_are_passed_over(tmp_path, nlp):
    d, db = tmp_path / "in", str(tmp_path / "w.db")
    d.mkdir()
    growing = d / "growing.jsonl"
    growing.write_text(jsonl(TEXTS[:1]))                     # still being written: fresh mtime
    ready = d / "ready.jsonl"
    ready.write_text(jsonl(TEXTS[1:2], start=1))
    _age(ready)
    (d / "upload.jsonl.part").write_text(jsonl(TEXTS[3:], start=3))
    outcomes = []
    with Store(db) as store:
        w = Watcher(str(d), store, settle=0.6, on_file=outcomes.append)
        assert w.poll() == []                               # first sight: nothing is read
        time.sleep(0.35)
        with open(growing, "a") as f:                       # the writer goes on
            f.write(jsonl(TEXTS[2:3], start=2)[:30])        # ... half a line so far
        time.sleep(0.35)
        w.poll()                                            # ready has settled, growing not
        assert [os.path.basename(o.path) for o in outcomes] == ["ready.jsonl"]
        with open(growing, "a") as f:
            f.write(jsonl(TEXTS[2:3], start=2)[30:])
        w.poll()
        assert len(outcomes) == 1
        time.sleep(0.7)
        w.poll()
        assert [os.path.basename(o.path) for o in outcomes] == ["ready.jsonl", "growing.jsonl"]
        assert outcomes[1].articles == 2 and outcomes[1].problems == 0
        os.rename(d / "upload.jsonl.part", d / "upload.jsonl")  # the writer's finishing move
        _age(d / "upload.jsonl")
        w.poll()
        time.sleep(0.7)
        w.poll()
        assert outcomes[-1].path.endswith("upload.jsonl") and outcomes[-1].articles == 1
        before = w.summary.articles
        for _ in range(2):
            w.poll()
            time.sleep(0.05)
        assert w.summary.articles == before and len(outcomes) == 3   # done: not read again
    assert _stored(db) == ["w0", "w1", "w2", "w3"]
    with Store(db) as store:
        errors = store.sql("SELECT * FROM errors")
    assert errors == []                                     # no half-read line ever seen


def test_restart_and_copies_are_not_parsed_again(tmp_path, nlp):
    d, db = tmp_path / "in", str(tmp_path / "w.db")
    d.mkdir()
    (d / "a.jsonl").write_text(jsonl(TEXTS[:2]))
    _age(d / "a.jsonl")
    s1 = watch(str(d), db, interval=0.05, settle=0.1, once=True)
    assert s1.articles == 2
    shutil.copy(d / "a.jsonl", d / "copy-of-a.jsonl")       # same content, new name
    _age(d / "copy-of-a.jsonl")
    outcomes = []
    s2 = watch(str(d), db, interval=0.05, settle=0.1, once=True, on_file=outcomes.append)
    assert s2.articles == 0 and s2.skipped == 0               # nothing parsed, nothing even read
    assert [o.skipped for o in outcomes] == ["same content as a finished file"]
    assert _stored(db) == ["w0", "w1"]


def test_a_file_half_done_before_a_kill_resumes_without_parsing_the_stored_part(tmp_path, nlp):
    from eventwire.runner import ingest_to_store
    d, db = tmp_path / "in", str(tmp_path / "w.db")
    d.mkdir()
    part = tmp_path / "first-half.jsonl"
    part.write_text(jsonl(TEXTS[:2]))
    ingest_to_store([str(part)], db)                        # what a killed watcher had stored
    (d / "all.jsonl").write_text(jsonl(TEXTS))
    _age(d / "all.jsonl")
    outcomes = []
    s = watch(str(d), db, interval=0.05, settle=0.1, once=True, on_file=outcomes.append)
    assert s.articles == 2 and s.skipped == 2
    assert outcomes[0].stored_before == 2
    assert _stored(db) == ["w0", "w1", "w2", "w3"]


def test_watch_runs_until_stopped_and_picks_up_new_files(tmp_path, nlp):
    d, db = tmp_path / "in", str(tmp_path / "w.db")
    d.mkdir()
    stop = threading.Event()
    result = {}
    t = threading.Thread(target=lambda: result.update(s=watch(str(d), db, interval=0.05,
                                                               settle=0.2, stop=stop)))
    t.start()
    try:
        time.sleep(0.2)
        tmp = d / "drop.jsonl.tmp"
        tmp.write_text(jsonl(TEXTS[:1]))
        os.rename(tmp, d / "drop.jsonl")
        deadline = time.time() + 30
        while time.time() < deadline and _stored(db) != ["w0"]:
            time.sleep(0.1)
    finally:
        stop.set()
        t.join(30)
    assert _stored(db) == ["w0"] and result["s"].articles == 1


def test_watch_command_once_and_a_missing_folder(tmp_path, nlp):
    from click.testing import CliRunner

    from eventwire.cli import main
    d = tmp_path / "in"
    d.mkdir()
    (d / "a.jsonl").write_text(jsonl(TEXTS[:1]) + "{broken\n")
    _age(d / "a.jsonl")
    db = str(tmp_path / "c.db")
    res = CliRunner().invoke(main, ["watch", str(d), "--db", db, "--once", "--settle", "0.1",
                                    "--interval", "0.05"])
    assert res.exit_code == 0, res.output
    assert "a.jsonl: 1 articles, 1 problems" in res.output and "[EW104]" in res.output
    res = CliRunner().invoke(main, ["watch", str(tmp_path / "nope"), "--db", db, "--once"])
    assert res.exit_code == 1 and "[EW101]" in res.output and "Traceback" not in res.output


@pytest.mark.parametrize("name", ["news.warc", "news.warc.gz"])
def test_watch_reads_warc_archives(tmp_path, nlp, name):
    from tests.ingest.warc_factory import page, write_warc
    d = tmp_path / "in"
    d.mkdir()
    write_warc(d / name, [("https://news.example/a", "2024-03-05T10:00:00Z", "200 OK",
                           "text/html", page("Talks", " ".join(TEXTS)))])
    _age(d / name)
    s = watch(str(d), str(tmp_path / "w.db"), interval=0.05, settle=0.1, once=True)
    assert s.articles == 1
    with Store(str(tmp_path / "w.db")) as st:
        [row] = st.sql("SELECT url, day FROM articles")
    assert row == {"url": "https://news.example/a", "day": "2024-03-05"}
