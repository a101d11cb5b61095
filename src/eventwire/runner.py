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
from itertools import chain
from typing import TYPE_CHECKING, Callable, Iterable, Iterator

from .api import process
from .config import Settings
from .ingest import InputProblem, read_inputs
from .records import Article, Record

if TYPE_CHECKING:
    from .progress import Progress
    from .resume import Resume


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
    skipped: int = 0             # articles already stored, skipped without parsing

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
                + (f", {self.skipped} already stored (not parsed)" if self.skipped else "")
                + (f" -> {self.target}" if self.target else ""))


LOCAL_CLUSTER = "local"      # ``--dask`` without an address: a LocalCluster on this machine


def records_of(inputs: Iterable[str], input_format: str | None = None, workers: int = 1,
               settings: Settings | None = None,
               dask: str | None = None) -> Iterable[Record | InputProblem]:
    """The records (and input problems) of ``inputs``: forked workers on this machine,
    or a Dask cluster when ``dask`` is a scheduler address or :data:`LOCAL_CLUSTER`
    (records then come in completion order, each article once; see ``cluster.py``)."""
    return process_items(read_inputs(inputs, input_format), workers, settings, dask)


def process_items(items: Iterable[object], workers: int = 1, settings: Settings | None = None,
                  dask: str | None = None) -> Iterable[Record | InputProblem]:
    """:func:`eventwire.api.process`, or its Dask form when ``dask`` is given."""
    if dask is None:
        return process(items, workers=workers, settings=settings)
    from .cluster import process_dask
    return process_dask(items, address=None if dask == LOCAL_CLUSTER else dask,
                        settings=settings, workers=workers if workers > 1 else None)


def counted(items: Iterable[Record | InputProblem], summary: Summary,
            report: Callable[[InputProblem], None] | None = None,
            on_problem: Callable[[InputProblem], None] | None = None) -> Iterator[Record]:
    """The records of ``items``, each counted in ``summary`` and its own errors (a bad
    date, a failed stage) reported; each input that yielded no article is counted,
    handed to ``on_problem`` (a store records it) and reported, and not yielded. The one
    loop of every writer: JSON Lines, Parquet and the store."""
    for item in items:
        if isinstance(item, InputProblem):
            summary.problems += 1
            if on_problem:
                on_problem(item)
            if report:
                report(item)
            continue
        summary.add(item)
        if report:
            for p in record_problems(item):
                report(p)
        yield item


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
        for rec in counted(records_of(inputs, input_format, workers, settings, dask),
                           summary, report):
            out.write(json.dumps(rec.as_dict(), ensure_ascii=False) + "\n")
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
                    progress: "Progress | None" = None, reparse: bool = False,
                    happenings: bool = True, dask: str | None = None,
                    on_work: Callable[[], None] | None = None) -> Summary:
    """Extract into the store at ``db`` (a SQLite file or a ``postgresql://`` URL), one
    transaction per batch; every input that yields no article leaves an error row. ``happenings``: fold each batch's events
    into happenings in the same transaction. Articles already stored from the same
    input with the same pipeline are skipped without parsing (:mod:`eventwire.resume`),
    so a killed run restarted resumes; ``reparse`` parses everything again. ``on_work``:
    called once before the first article to parse (see :func:`ingest_items`)."""
    from .store import Store
    settings = settings or Settings()
    summary, t0 = Summary(target=shown(db)), time.perf_counter()
    inputs = list(inputs)  # read twice when the total is counted for the progress display
    if progress is not None and progress.total is None and not progress.quiet:
        from .ingest import estimate_total
        progress.total = estimate_total(inputs, input_format)
    with Store(db, happenings=happenings) as store:
        ingest_items(store, read_inputs(inputs, input_format), summary, workers=workers,
                     settings=settings, report=report, progress=progress, reparse=reparse,
                     dask=dask, on_work=on_work)
    if progress is not None:
        progress.close()
    summary.seconds = time.perf_counter() - t0
    return summary


def ingest_items(store, items: Iterable[Article | InputProblem], summary: Summary,
                 workers: int = 1, settings: Settings | None = None,
                 report: Callable[[InputProblem], None] | None = None,
                 progress: "Progress | None" = None, reparse: bool = False,
                 resume: "Resume | None" = None, dask: str | None = None,
                 on_work: Callable[[], None] | None = None) -> Summary:
    """The loop behind ``ingest``, ``watch`` and ``feeds``: skip stored inputs, parse the
    rest, write one transaction per batch, then record the batch's input keys. Counts
    go into ``summary`` (which is returned). ``on_work`` (``eventwire ingest`` loads the
    pipeline with it) is called once, after the inputs up to the first article not
    stored are read and before anything is parsed; when every article is stored it is
    not called, and nothing is parsed or started (no model, no worker processes): the
    inputs' problems are only counted and recorded."""
    from .resume import Resume
    from .store.ingest_state import IngestState
    settings = settings or Settings()
    resume = resume or Resume(IngestState(store), settings, enabled=not reparse)
    skipped0, base = resume.skipped, summary.skipped
    batch: list[Record] = []

    def flush() -> None:
        store.write_batch(batch)
        resume.mark(batch)
        batch.clear()

    def show(force: bool = False) -> None:
        summary.skipped = base + resume.skipped - skipped0
        if progress is not None:
            progress.update(articles=summary.articles, events=summary.counts["events"],
                            errors=summary.with_errors + summary.problems,
                            skipped=summary.skipped, problems=summary.problems, force=force)

    def problem(p: InputProblem) -> None:
        store.record_problem(p.where, p.code, p.message)
        show()

    todo: Iterable[Article | InputProblem] = resume.filter(items)
    work = True
    if on_work is not None:
        todo, work = _read_to_work(todo)
        if work:
            on_work()
    found: Iterable[Record | InputProblem] = process_items(todo, workers, settings, dask) \
        if work else (x for x in todo if isinstance(x, InputProblem))   # nothing to parse
    for rec in counted(found, summary, report, problem):
        batch.append(rec)
        if len(batch) >= settings.batch_size:
            flush()
        show()
    if batch:
        flush()
    show()
    return summary


def _read_to_work(items: Iterable[Article | InputProblem]
                  ) -> tuple[Iterator[Article | InputProblem], bool]:
    """``items`` unchanged, read now up to their first article, and whether there is one."""
    it = iter(items)
    ahead: list[Article | InputProblem] = []
    for x in it:
        ahead.append(x)
        if isinstance(x, Article):
            return chain(ahead, it), True
    return iter(ahead), False
