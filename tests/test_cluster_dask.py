"""Extraction on Dask: a real scheduler and worker processes; a worker killed mid-run."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

distributed = pytest.importorskip("distributed", reason="dask[distributed] is not installed")

from eventwire.cluster import process_dask  # noqa: E402
from eventwire.config import Settings  # noqa: E402
from eventwire.records import Record  # noqa: E402
from tests.corpus import article, write_jsonl  # noqa: E402

SRC = str(Path(__file__).resolve().parents[1] / "src")


def _env() -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = SRC + os.pathsep + env.get("PYTHONPATH", "")
    return env


def _dask(*args: str, log) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "distributed.cli.dask_" + args[0], *args[1:]],
                            env=_env(), stdout=log, stderr=log)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """A scheduler and two single-threaded workers without nannies, as real processes
    (the kill test runs last: it leaves one worker)."""
    tmp_path = tmp_path_factory.mktemp("dask")
    sched_file = tmp_path / "scheduler.json"
    log = open(tmp_path / "dask.log", "w")
    procs = [_dask("scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                   "--scheduler-file", str(sched_file), log=log)]
    try:
        for _ in range(200):
            if sched_file.exists() and sched_file.stat().st_size:
                break
            time.sleep(0.1)
        address = json.loads(sched_file.read_text())["address"]
        workers = [_dask("worker", address, "--nthreads", "1", "--no-nanny", "--no-dashboard",
                         "--host", "127.0.0.1", log=log) for _ in range(2)]
        procs += workers
        with distributed.Client(address, timeout=60) as c:
            c.wait_for_workers(2, timeout=120)
        yield address, workers
    finally:
        for p in reversed(procs):
            if p.poll() is None:
                p.terminate()
        for p in procs:
            try:
                p.wait(10)
            except subprocess.TimeoutExpired:
                p.kill()
        log.close()


def test_ingest_on_the_cluster_stores_what_a_plain_ingest_stores(cluster, tmp_path):
    from click.testing import CliRunner
    from eventwire.cli import main
    from eventwire.store import Store
    address, _ = cluster
    src = write_jsonl(tmp_path / "in.jsonl", range(10))
    r1 = CliRunner().invoke(main, ["ingest", str(src), "--db", str(tmp_path / "plain.db")])
    r2 = CliRunner().invoke(main, ["ingest", str(src), "--dask", address,
                                   "--db", str(tmp_path / "dask.db")])
    assert r1.exit_code == 0 and r2.exit_code == 0, r2.output
    with Store(tmp_path / "plain.db") as a, Store(tmp_path / "dask.db") as b:
        assert a.stats()["layers"]["articles"] == 10
        assert b.stats() == a.stats()
        assert [b.record(i).as_dict() for i in a.article_ids()] == \
            [a.record(i).as_dict() for i in a.article_ids()]


def test_a_worker_killed_mid_run_loses_no_article_and_duplicates_none(cluster):
    address, workers = cluster
    assert all(p.poll() is None for p in workers)
    arts = [article(n) for n in range(36)]
    out: list = []
    victim = None
    for item in process_dask(arts, address=address, settings=Settings(batch_size=2),
                             partition_size=2, max_in_flight=8):
        out.append(item)
        if victim is None:
            # kill the worker that holds the most unfinished partitions, now
            with distributed.Client(address, timeout=30) as c:
                busy = c.processing()
                pids = c.run(os.getpid)
            addr = max(busy, key=lambda w: len(busy[w]))
            assert busy[addr], "the victim must hold work when it dies"
            victim = next(p for p in workers if p.pid == pids[addr])
            os.kill(victim.pid, signal.SIGKILL)
            victim.wait(30)
    assert victim is not None and victim.returncode == -signal.SIGKILL
    assert all(isinstance(x, Record) for x in out)
    ids = [r.article.id for r in out]
    assert sorted(ids) == sorted(a["id"] for a in arts)      # every article exactly once
    assert all(r.events and not r.errors for r in out)       # really processed, not failed


def test_cli_extract_dask_on_a_local_cluster_equals_the_plain_run(tmp_path):
    from click.testing import CliRunner
    from eventwire.cli import main
    src = write_jsonl(tmp_path / "in.jsonl", range(6))
    plain, dask = tmp_path / "plain.jsonl", tmp_path / "dask.jsonl"
    r1 = CliRunner().invoke(main, ["extract", str(src), "-o", str(plain)])
    r2 = CliRunner().invoke(main, ["extract", str(src), "--dask", "--workers", "2",
                                   "-o", str(dask)])
    assert r1.exit_code == 0 and r2.exit_code == 0, r2.output
    lines = lambda p: sorted(p.read_text().splitlines())  # noqa: E731  (completion order)
    assert len(lines(dask)) == 6 and lines(dask) == lines(plain)


def test_dask_option_rejects_a_path_taken_for_an_address(tmp_path):
    from click.testing import CliRunner
    from eventwire.cli import main
    res = CliRunner().invoke(main, ["extract", "--dask", str(tmp_path), "x.txt"])
    assert res.exit_code == 2 and "not a scheduler address" in res.output
