"""Long documents: parsed in chunks, processed whole.

A text longer than ``Settings.chunk_chars`` (default 100,000 characters) is
cut at paragraph breaks (else line breaks, sentence ends, spaces) into chunks
of at most that size; the model parses the chunks (its cost and memory stay
per chunk), and the parsed chunks are joined back into one ``Doc`` whose text
is the article's text, so that eventwire's stages (actors, coreference,
events, quotes, times, places, link) run once over the whole document and
carry actors and coreference across chunk boundaries. The record then holds a
warning, EW108, saying so. A text longer than ``Settings.max_chars`` is cut
there first (EW113): a bound on one article's memory, never silent.

The model's parse is most of a long article's cost (about 35 kB of text a
second on one core), so the chunks of one long article are parsed side by side
in ``Settings.chunk_processes`` processes (default: one per usable core) when
the caller is the main thread of the main process; each returns its parsed
chunk as bytes (``Doc.to_bytes``), and the joined Doc is the same as the one a
single process makes. Inside worker processes (``--workers``, Dask) the chunks
are parsed in the worker itself: the cores are already shared out.
"""
from __future__ import annotations

import gc
import multiprocessing as mp
import os
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Iterable, Iterator

import numpy
from spacy.language import Language
from spacy.tokens import Doc

from .config import Settings
from .doctools import doc_chars
from .records import Article, ErrorItem

# chunks of one article parsed in parallel when there are at least this many: a pool
# costs a fork per process (tenths of a second; with spawn, a model load), a chunk's
# parse seconds
PARALLEL_MIN_CHUNKS = 2

# where a chunk may end, best first: after a paragraph break, a line break, a sentence end, a space
_BREAKS = ("\n\n", "\n", ". ", " ")


def chunk_bounds(text: str, size: int) -> list[tuple[int, int]]:
    """``[start, end)`` character ranges of at most ``size`` characters that tile ``text``,
    each ending just after the best break (paragraph, line, sentence, space) in its
    second half. Linear in the length of the text."""
    if size <= 0:
        raise ValueError("chunk size must be positive")
    out: list[tuple[int, int]] = []
    start, n = 0, len(text)
    while n - start > size:
        lo, hi = start + size // 2, start + size
        cut = hi
        for brk in _BREAKS:
            k = text.rfind(brk, lo, hi)
            if k >= 0:
                cut = k + len(brk)
                break
        out.append((start, cut))
        start = cut
    out.append((start, n))
    return out


def article_docs(nlp: Language, art: Article, settings: Settings) -> tuple[list[Doc], list[ErrorItem]]:
    """The unparsed chunk Docs of one article and the warnings that go with them."""
    text, errors = art.text, []
    if len(text) > settings.max_chars:
        errors.append(ErrorItem("EW113", f"text has {len(text)} characters; only the first "
                                         f"{settings.max_chars} were processed"))
        text = text[:settings.max_chars]
    bounds = chunk_bounds(text, settings.chunk_chars)
    if len(bounds) > 1:
        errors.append(ErrorItem("EW108", f"text has {len(text)} characters (limit "
                                         f"{settings.chunk_chars}): parsed in {len(bounds)} "
                                         "chunks cut at paragraph breaks, processed as one "
                                         "document"))
    return [nlp.make_doc(text[s:e]) for s, e in bounds], errors


def join_docs(chunks: list[Doc]) -> Doc:
    """One Doc from parsed chunks; its text is the chunks' texts concatenated."""
    if len(chunks) == 1:
        return chunks[0]
    # spaCy 3.8 takes ``exclude``; its type stub does not list it
    return Doc.from_docs(chunks, ensure_whitespace=False, exclude=["user_data"])  # type: ignore[call-arg]


def stage_names(nlp: Language) -> list[str]:
    """eventwire's doc-level stages in the pipeline (run on the joined Doc)."""
    return [n for n in nlp.pipe_names if n.startswith("ew_") and n != "ew_paragraphs"]


def run_stages(nlp: Language, doc: Doc, stages: list[str]) -> Doc:
    """Run ``stages`` on one parsed Doc, each through its ``pipe`` (so that a stage that
    fails records EW202 and the Doc goes on, as in ``nlp.pipe``)."""
    for name in stages:
        comp = nlp.get_pipe(name)
        doc = next(iter(comp.pipe([doc]))) if hasattr(comp, "pipe") else comp(doc)
    return doc


def run_stages_paused(nlp: Language, doc: Doc, stages: list[str]) -> Doc:
    """:func:`run_stages` with the cycle collector paused: over a long document the
    stages make hundreds of thousands of objects (spans, mentions, records), few of
    them in cycles, and each full collection would rescan all of them, so the
    collector's work would grow faster than the document. Garbage cycles made
    meanwhile are collected after."""
    if not gc.isenabled():
        return run_stages(nlp, doc, stages)
    gc.disable()
    try:
        return run_stages(nlp, doc, stages)
    finally:
        gc.enable()


def _whole(parsed: list[Doc], art: Article, errors: list[ErrorItem]) -> Doc:
    for d in parsed:
        d.tensor = numpy.zeros((0, 0), dtype="float32")
    whole = join_docs(parsed)
    whole._.ew_article = art
    whole._.ew_errors = list(errors)
    return whole


def usable_cpus() -> int:
    """Cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def parse_processes(settings: Settings, chunks: int) -> int:
    """How many processes parse an article of ``chunks`` chunks: 1 unless it is long,
    this is the main thread of a process that is not itself a worker (daemonic pool
    workers cannot start processes; Dask runs tasks in threads), and there are cores."""
    if chunks < PARALLEL_MIN_CHUNKS:
        return 1
    if mp.current_process().daemon or threading.current_thread() is not threading.main_thread():
        return 1
    want = settings.chunk_processes if settings.chunk_processes > 0 else usable_cpus()
    return max(1, min(want, chunks))


def _init_parser(settings: Settings) -> None:
    from .nlp import load_and_freeze
    load_and_freeze(settings)   # with fork: already loaded (inherited); with spawn: once here


def _parse_chunk(job: tuple[Settings, str]) -> bytes:
    """One chunk parsed by the model (eventwire's stages off), as ``Doc.to_bytes``."""
    from .nlp import load_pipeline
    settings, text = job
    nlp = load_pipeline(settings)
    [doc] = nlp.pipe([nlp.make_doc(text)], batch_size=1, disable=stage_names(nlp))
    return doc.to_bytes(exclude=["tensor", "user_data"])


def parse_parallel(nlp: Language, docs: list[Doc], settings: Settings, processes: int) -> list[Doc]:
    """The chunk Docs parsed in ``processes`` processes, in order, as Docs of ``nlp``'s
    vocabulary (the same annotation a single process gives)."""
    ctx = mp.get_context(settings.start_method)
    jobs = [(settings, d.text) for d in docs]
    try:
        with ProcessPoolExecutor(processes, mp_context=ctx, initializer=_init_parser,
                                 initargs=(settings,)) as pool:
            return [Doc(nlp.vocab).from_bytes(b) for b in pool.map(_parse_chunk, jobs)]
    except BrokenProcessPool:
        # a parser process died (killed, out of memory): rather than wait for it forever,
        # this process parses the article itself (the same annotation, one core)
        return list(nlp.pipe(docs, batch_size=1, disable=stage_names(nlp)))


def process_article(nlp: Language, art: Article, settings: Settings) -> Doc:
    """One article's processed Doc, on its own (the fallback when a batch failed): its
    chunks parsed with ``nlp.pipe``, joined, then eventwire's stages."""
    stages = stage_names(nlp)
    docs, errors = article_docs(nlp, art, settings)
    parsed = list(nlp.pipe(docs, batch_size=1, disable=stages))
    return run_stages(nlp, _whole(parsed, art, errors), stages)


Piece = tuple[Doc, tuple[int, Article, list[ErrorItem]]]


def process_articles(nlp: Language, arts: Iterable[Article], settings: Settings) -> Iterator[Doc]:
    """One processed Doc per article, in order, with ``ew_article`` and ``ew_errors`` set:
    the model parses every article's chunks (``nlp.pipe`` with eventwire's stages
    disabled), the chunks of an article are joined, and the stages run on the whole.

    A batch holds at most ``batch_size`` pieces and about ``chunk_chars`` characters,
    so the model's working memory is bounded by the chunk size, not the article's.
    Each parsed piece drops its ``tensor`` (the model's token vectors, which no
    stage reads): it would otherwise be the biggest part of a long Doc. A long
    article's chunks are parsed in several processes (:func:`parse_processes`)."""
    stages = stage_names(nlp)
    batch: list[Piece] = []
    chars = 0                  # characters in ``batch``
    group: list[Doc] = []

    def parse_batch() -> Iterator[Doc]:
        nonlocal group
        for doc, (n, art, errors) in nlp.pipe(batch, as_tuples=True, batch_size=len(batch),
                                              disable=stages):
            group.append(doc)
            if len(group) == n:
                whole = _whole(group, art, errors)
                group = []
                yield (run_stages_paused if n > 1 else run_stages)(nlp, whole, stages)
        batch.clear()

    for art in arts:
        docs, errors = article_docs(nlp, art, settings)
        processes = parse_processes(settings, len(docs))
        if processes > 1:
            if batch:
                yield from parse_batch()
                chars = 0
            parsed = parse_parallel(nlp, docs, settings, processes)
            yield run_stages_paused(nlp, _whole(parsed, art, errors), stages)
            continue
        for d in docs:
            size = doc_chars(d)
            if batch and (len(batch) >= settings.batch_size or chars + size > settings.chunk_chars):
                yield from parse_batch()
                chars = 0
            batch.append((d, (len(docs), art, errors)))
            chars += size
    if batch:
        yield from parse_batch()
