"""Batch runs behind ``eventwire extract`` and ``eventwire ingest``: read inputs,
process them, write JSON Lines or the store, and count what happened."""
from __future__ import annotations

import json
import os
import re
import sys
import tempfile
import time
from dataclasses import dataclass, field
from typing import Callable, Iterable

from .api import process
from .config import Settings
from .ingest import InputProblem, read_inputs
from .records import Record


@dataclass
class Summary:
    articles: int = 0
    problems: int = 0            # inputs that yielded no article
    with_errors: int = 0         # articles whose record carries errors
    counts: dict[str, int] = field(default_factory=lambda: {
        "events": 0, "quotes": 0, "actors": 0, "places": 0, "times": 0})
    seconds: float = 0.0
    target: str = ""

    def add(self, rec: Record) -> None:
        self.articles += 1
        self.with_errors += bool(rec.errors)
        for k in self.counts:
            self.counts[k] += len(getattr(rec, k))

    def render(self) -> str:
        rate = self.articles / self.seconds if self.seconds else 0.0
        layers = ", ".join(f"{v} {k}" for k, v in self.counts.items())
        return (f"{self.articles} articles in {self.seconds:.1f}s ({rate:.1f}/s): {layers}; "
                f"{self.with_errors} with errors, {self.problems} inputs unreadable"
                + (f" -> {self.target}" if self.target else ""))


LOCAL_CLUSTER = "local"      # ``--dask`` without an address: a LocalCluster on this machine


def records_of(inputs: Iterable[str], input_format: str | None = None, workers: int = 1,
               settings: Settings | None = None,
               dask: str | None = None) -> Iterable[Record | InputProblem]:
    """The records (and input problems) of ``inputs``: forked workers on this machine,
    or a Dask cluster when ``dask`` is a scheduler address or :data:`LOCAL_CLUSTER`
    (records then come in completion order, each article once; see ``cluster.py``)."""
    items = read_inputs(inputs, input_format)
    if dask is None:
        return process(items, workers=workers, settings=settings)
    from .cluster import process_dask
    return process_dask(items, address=None if dask == LOCAL_CLUSTER else dask,
                        settings=settings, workers=workers if workers > 1 else None)


def shown(db: str) -> str:
    """A database location fit to print: a URL's password hidden."""
    return re.sub(r"^(\w+://[^:/@]+):[^@/]*@", r"\1:***@", str(db))


def extract_to_jsonl(inputs: Iterable[str], output: str, workers: int = 1,
                     input_format: str | None = None, settings: Settings | None = None,
                     report: Callable[[InputProblem], None] | None = None,
                     dask: str | None = None) -> Summary:
    """Write one contract record per article to ``output`` ("-" for stdout). A file is
    written to a temporary name and renamed at the end, so it is never half-written."""
    summary, t0 = Summary(target="" if output == "-" else output), time.perf_counter()
    if output == "-":
        out, tmp = sys.stdout, None
    else:
        fd, tmp = tempfile.mkstemp(prefix=".eventwire-", suffix=".jsonl",
                                   dir=os.path.dirname(os.path.abspath(output)))
        out = os.fdopen(fd, "w", encoding="utf-8")
    try:
        for item in records_of(inputs, input_format, workers, settings, dask):
            if isinstance(item, InputProblem):
                summary.problems += 1
                if report:
                    report(item)
                continue
            summary.add(item)
            out.write(json.dumps(item.as_dict(), ensure_ascii=False) + "\n")
        if tmp:
            out.close()
            os.replace(tmp, output)
            tmp = None
    finally:
        if tmp:
            out.close()
            os.unlink(tmp)
        elif out is sys.stdout:
            out.flush()
    summary.seconds = time.perf_counter() - t0
    return summary


def ingest_to_store(inputs: Iterable[str], db: str, workers: int = 1,
                    input_format: str | None = None, settings: Settings | None = None,
                    report: Callable[[InputProblem], None] | None = None,
                    progress: Callable[[int, int, float], None] | None = None,
                    happenings: bool = True, dask: str | None = None) -> Summary:
    """Extract into the store at ``db`` (a SQLite file or a ``postgresql://`` URL), one
    transaction per batch; every input that yields no article leaves an error row.
    ``happenings``: fold each batch's events into happenings in the same transaction."""
    from .store import Store
    settings = settings or Settings()
    summary, t0, last = Summary(target=shown(db)), time.perf_counter(), 0.0
    batch: list[Record] = []
    with Store(db, happenings=happenings) as store:
        for item in records_of(inputs, input_format, workers, settings, dask):
            if isinstance(item, InputProblem):
                summary.problems += 1
                store.record_problem(item.where, item.code, item.message)
                if report:
                    report(item)
            else:
                summary.add(item)
                batch.append(item)
                if len(batch) >= settings.batch_size:
                    store.write_batch(batch)
                    batch = []
            now = time.perf_counter()
            if progress and now - last > 0.5:
                progress(summary.articles, summary.with_errors + summary.problems,
                         summary.articles / (now - t0))
                last = now
        if batch:
            store.write_batch(batch)
    if progress:
        progress(summary.articles, summary.with_errors + summary.problems,
                 summary.articles / max(time.perf_counter() - t0, 1e-9))
        sys.stderr.write("\n")
    summary.seconds = time.perf_counter() - t0
    return summary
