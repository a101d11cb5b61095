"""Batch runs behind ``eventwire extract`` and ``eventwire ingest``: read inputs,
process them, write JSON Lines or the store, and count what happened."""
from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from dataclasses import dataclass, field
from typing import Callable, Iterable

from .api import process
from .config import Settings
from .ingest import InputProblem, read_inputs
from .records import Record


def record_problems(rec: Record) -> list[InputProblem]:
    """A record's own errors (bad date, long text, a failed stage) as problems naming the
    article's file and line (or its id), for reporting beside the unreadable inputs."""
    where = rec.article.path or f"article {rec.article.id}"
    return [InputProblem(where, e.code, e.message) for e in rec.errors]


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


def extract_to_jsonl(inputs: Iterable[str], output: str, workers: int = 1,
                     input_format: str | None = None, settings: Settings | None = None,
                     report: Callable[[InputProblem], None] | None = None) -> Summary:
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
        for item in process(read_inputs(inputs, input_format), workers=workers, settings=settings):
            if isinstance(item, InputProblem):
                summary.problems += 1
                if report:
                    report(item)
                continue
            summary.add(item)
            if report:
                for p in record_problems(item):
                    report(p)
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
                    progress: Callable[[int, int, float], None] | None = None) -> Summary:
    """Extract into the SQLite store at ``db``, one transaction per batch; every input
    that yields no article leaves an error row."""
    from .store import Store
    settings = settings or Settings()
    summary, t0, last = Summary(target=db), time.perf_counter(), 0.0
    batch: list[Record] = []
    with Store(db) as store:
        for item in process(read_inputs(inputs, input_format), workers=workers, settings=settings):
            if isinstance(item, InputProblem):
                summary.problems += 1
                store.record_problem(item.where, item.code, item.message)
                if report:
                    report(item)
            else:
                summary.add(item)
                if report:
                    for p in record_problems(item):
                        report(p)
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
