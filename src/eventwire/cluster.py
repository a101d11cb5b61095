"""Extraction on a Dask distributed cluster (``eventwire extract|ingest --dask [ADDRESS]``).

    >>> from eventwire.cluster import process_dask
    >>> for item in process_dask(read_inputs(["corpus/"]), address="tcp://sched:8786"):
    ...     ...                                    # Record or InputProblem

How it works
    * The client connects to the scheduler at ``address``, or starts a
      ``LocalCluster`` sized to the machine (one single-threaded worker process
      per core, or ``workers`` of them) when there is none.
    * :class:`PipelinePlugin`, a Dask ``WorkerPlugin``, loads the spaCy pipeline
      and eventwire's stages once per worker, when the worker starts (and on
      every worker that joins later, a restarted one included).
    * The client reads the inputs lazily and submits partitions of
      ``partition_size`` articles as futures, never more than
      ``max_in_flight`` at once; it yields each partition's records as soon as
      it completes (completion order, not input order). Memory on the client is
      bounded by the in-flight partitions, whatever the size of the corpus.
    * A worker that dies mid-run: the scheduler reruns its partitions on the
      other workers. A partition that fails anyway (``KilledWorker`` after
      repeated deaths) is resubmitted once more; if that fails too, each of its
      articles yields a record carrying an EW202 error, so nothing is dropped
      silently. Records are deduplicated by article id on the client: every
      article comes out once (an id repeated in the input, too).

Inputs that yield no article (:class:`~eventwire.ingest.InputProblem`) never
travel: the client yields them at once.
"""
from __future__ import annotations

import logging
import os
from itertools import islice
from typing import Iterable, Iterator

from .api import _as_item, _failed, _run
from .config import Settings
from .ingest import InputProblem
from .records import Article, Record

PLUGIN_NAME = "eventwire-pipeline"


def _distributed():
    """The ``distributed`` package (imported only when a Dask run is asked for)."""
    import distributed
    return distributed


def _plugin_base():
    try:
        return _distributed().WorkerPlugin
    except ImportError:     # the class below must exist even without dask installed
        return object


class PipelinePlugin(_plugin_base()):  # type: ignore[misc]
    """Loads the pipeline once per worker; partitions find it through the worker."""
    name = PLUGIN_NAME

    def __init__(self, settings: Settings):
        self.settings = settings
        self.nlp: object = None

    def setup(self, worker) -> None:
        from .nlp import load_pipeline
        self.nlp = load_pipeline(self.settings)   # cached in the worker process


def run_partition(articles: list[Article | InputProblem]) -> list[Record | InputProblem]:
    """Task body: the records of one partition, on the worker's loaded pipeline."""
    worker = _distributed().get_worker()
    plugin = worker.plugins.get(PLUGIN_NAME)
    settings = plugin.settings if plugin is not None else Settings()
    return _run(articles, settings)


# Dask settings for eventwire's workers: the statistical profiler samples the running
# thread's stack every 10 ms, which costs CPU on long pure-Python tasks; it is off
WORKER_CONFIG = {"distributed.worker.profile.enabled": False}


def local_cluster(workers: int | None = None, **kw):
    """A ``LocalCluster`` of single-threaded worker processes, one per core by default
    (each worker gets :data:`WORKER_CONFIG`)."""
    import dask
    n = workers if workers and workers > 1 else (os.cpu_count() or 1)
    with dask.config.set(WORKER_CONFIG):
        return _distributed().LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                                           dashboard_address=None,
                                           silence_logs=logging.ERROR, **kw)


def _chunks(items: Iterable[object], size: int) -> Iterator[list]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def process_dask(items: Iterable[object], address: str | None = None,
                 settings: Settings | None = None, workers: int | None = None,
                 partition_size: int | None = None,
                 max_in_flight: int | None = None) -> Iterator[Record | InputProblem]:
    """Records (and input problems) for ``items`` computed on a Dask cluster (module doc).

    ``address``: a scheduler (``tcp://host:8786``), or None for a local cluster of
    ``workers`` processes (default: one per core). ``partition_size``: articles per
    task (default ``4 * batch_size``). ``max_in_flight``: partitions submitted and
    not yet consumed (default ``2 * threads + 1``)."""
    from .errors import PipelineError
    settings = settings or Settings()
    size = partition_size or settings.batch_size * 4
    try:
        dist = _distributed()
    except ImportError:
        raise PipelineError("EW250", "--dask needs the 'distributed' package "
                                     "(pip install 'dask[distributed]')") from None
    cluster = None
    try:
        if address:
            client = dist.Client(address, timeout=10)
        else:
            cluster = local_cluster(workers)
            client = dist.Client(cluster)
    except (OSError, TimeoutError) as e:
        raise PipelineError("EW250", f"cannot reach the Dask scheduler: {e}",
                            address or "local cluster") from None
    try:
        client.register_plugin(PipelinePlugin(settings), name=PLUGIN_NAME)
        threads = sum(client.nthreads().values()) or 1
        limit = max_in_flight or 2 * threads + 1
        yield from _stream(client, dist, items, size, limit)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _stream(client, dist, items: Iterable[object], size: int,
            limit: int) -> Iterator[Record | InputProblem]:
    """Submit partitions with at most ``limit`` in flight; yield records as they finish."""
    done = dist.as_completed()
    parts: dict = {}                   # future -> (partition, attempt)
    seen: set[str] = set()

    def submit(chunk: list[Article | InputProblem], attempt: int = 0) -> None:
        fut = client.submit(run_partition, chunk, pure=False)
        parts[fut] = (chunk, attempt)
        done.add(fut)

    def collect(fut) -> Iterator[Record | InputProblem]:
        chunk, attempt = parts.pop(fut)
        try:
            out = fut.result()
        except Exception as e:        # KilledWorker, a crashed task: retry, then record it
            if attempt < 1:
                submit(chunk, attempt + 1)
                return
            out = [_failed(a, e) if isinstance(a, Article) else a for a in chunk]
        finally:
            fut.release()
        for rec in out:
            aid = rec.article.id if isinstance(rec, Record) else None
            if aid is not None:
                if aid in seen:
                    continue
                seen.add(aid)
            yield rec

    buf: list[Article | InputProblem] = []
    for n, raw in enumerate(items, 1):
        x = _as_item(raw, n)
        if isinstance(x, InputProblem):
            yield x
            continue
        buf.append(x)
        if len(buf) >= size:
            submit(buf)
            buf = []
            while len(parts) >= limit:
                yield from collect(next(done))
    if buf:
        submit(buf)
    while parts:
        yield from collect(next(done))
