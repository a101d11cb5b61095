"""The Python API: ``extract``, ``extract_many`` and ``process``.

``process`` is the one loop every front door uses: it streams articles through
``nlp.pipe`` in batches, the model's components and eventwire's stages alike;
a stage that fails on one article records an EW202 error in that article's
record and the run goes on (:class:`eventwire.stage.Stage`).
``workers > 1`` starts worker processes (``Settings.start_method``: fork,
spawn or forkserver; the platform's default when unset), each running the same
loop on chunks of the input; output order equals input order. An article
longer than ``Settings.chunk_chars`` is parsed in chunks and processed as one
Doc (:mod:`eventwire.longdocs`).
"""
from __future__ import annotations

import multiprocessing as mp
from collections import deque
from itertools import islice
from typing import Iterable, Iterator

from .assemble import check_record, record_from_doc
from .config import Settings
from .errors import InputError
from .ingest import InputProblem, content_id, normalise_date
from .ingest.jsonl import article_from_obj
from .longdocs import process_article, process_articles
from .nlp import load_and_freeze, load_pipeline
from .records import Article, ErrorItem, EventDate, EventLocation, Record

Item = Article | InputProblem


def _as_item(x: object, n: int) -> Item:
    if isinstance(x, (Article, InputProblem)):
        return x
    if isinstance(x, str):
        return Article(id=content_id(x), text=x) if x.strip() else \
            InputProblem(f"item {n}", "EW105", "empty text")
    return article_from_obj(x, f"item {n}")


def _finish(doc) -> Record:
    art = doc._.ew_article
    for ev in doc._.ew_events or []:  # the link stage failed or skipped an event
        if ev.date is None:
            ev.date = EventDate(value=art.date[:10] if art.date else None, defaulted=True)
        if ev.location is None:
            ev.location = EventLocation()
    rec = record_from_doc(doc)
    rec.errors = list(rec.article.errors) + rec.errors
    problems = check_record(rec.as_dict())
    if problems:  # a record that breaks the contract is never silent
        rec.errors.append(ErrorItem("EW204", "record failed the contract check: "
                                             + "; ".join(problems[:5])))
    return rec


def _failed(art: Article, e: Exception) -> Record:
    return Record(article=art, errors=list(art.errors) + [ErrorItem(
        "EW202", f"article could not be processed: {type(e).__name__}: {e}")])


def _one(nlp, art: Article, settings: Settings) -> Record:
    try:
        return _finish(process_article(nlp, art, settings))
    except Exception as e:
        return _failed(art, e)


def _run(items: list[Item], settings: Settings) -> list[Record | InputProblem]:
    nlp = load_pipeline(settings)
    arts = [x for x in items if isinstance(x, Article)]
    try:
        docs = process_articles(nlp, arts, settings)
        out_recs = []
        for art, doc in zip(arts, docs):
            try:
                out_recs.append(_finish(doc))
            except Exception as e:
                out_recs.append(_failed(art, e))
    except Exception:
        # the model failed on some article of the batch: redo it one article at a time
        out_recs = [_one(nlp, a, settings) for a in arts]
    it = iter(out_recs)
    return [next(it) if isinstance(x, Article) else x for x in items]


def _chunks(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


_worker_settings: Settings | None = None


def _init_worker(settings: Settings) -> None:
    global _worker_settings
    _worker_settings = settings
    load_and_freeze(settings)   # a worker process is eventwire's own: its heap may be frozen


def _work(chunk: list[Item]) -> list[Record | InputProblem]:
    return _run(chunk, _worker_settings)


def process(items: Iterable[object], workers: int = 1,
            settings: Settings | None = None) -> Iterator[Record | InputProblem]:
    """Records (and, passed through in place, input problems) for every item.

    Items are :class:`Article`, :class:`InputProblem`, dicts in the JSON Lines
    form, or plain strings."""
    settings = settings or Settings()
    items = (_as_item(x, n) for n, x in enumerate(items, 1))
    chunk = settings.batch_size * 4
    if workers <= 1:
        for c in _chunks(items, chunk):
            yield from _run(c, settings)
        return
    ctx = mp.get_context(settings.start_method)   # None: the platform's default method
    if ctx.get_start_method() == "fork":
        load_pipeline(settings)  # load once, before forking: workers share it
    # The input is read here, in the caller's thread, not in the pool's feeder thread:
    # an input filter may hold a SQLite connection (resuming an ingest skips what the
    # store has), and such a connection serves only the thread that made it. At most
    # 2 x workers chunks are in flight, so memory stays bounded; output keeps input order.
    with ctx.Pool(workers, initializer=_init_worker, initargs=(settings,)) as pool:
        pending: deque = deque()
        for c in _chunks(items, chunk):
            pending.append(pool.apply_async(_work, (c,)))
            if len(pending) >= 2 * workers:
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()


def extract(text: str, date: str | None = None, title: str | None = None,
            settings: Settings | None = None, **meta: str) -> Record:
    """The record of one article. Raises :class:`InputError` on empty text or a bad date."""
    if not isinstance(text, str) or not text.strip():
        raise InputError("EW105", "text is empty")
    iso = normalise_date(date)
    if date is not None and iso is None:
        raise InputError("EW106", f"unparseable date {date!r}")
    art = Article(id=meta.pop("id", None) or content_id(text), text=text, title=title,
                  date=iso, **meta)
    return next(r for r in process([art], settings=settings) if isinstance(r, Record))


def extract_many(items: Iterable[object], workers: int = 1,
                 settings: Settings | None = None) -> Iterator[Record]:
    """Records for many articles (see :func:`process`); an item that cannot be read
    yields a record with an empty article and the coded error, never nothing."""
    for r in process(items, workers=workers, settings=settings):
        if isinstance(r, InputProblem):
            yield Record(article=Article(id=content_id(r.where), text="", path=r.where),
                         errors=[ErrorItem(r.code, r.render())])
        else:
            yield r
