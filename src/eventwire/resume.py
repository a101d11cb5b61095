"""Resuming without parsing: an input already stored is skipped before spaCy sees it.

Every article that is written to the store leaves its *input key* in the
``article_inputs`` table (:class:`~eventwire.store.ingest_state.IngestState`):
the SHA-1 of the article's input fields (id, text, title, date, url, source)
and of the *pipeline fingerprint* (eventwire's version, the spaCy model and
its version, the character limit, and the content of every packaged and
user data file). A later run, after a kill or on the same input again, looks
the keys of each chunk of inputs up in one query and passes on only those it
does not find. A run with other settings or other data files has another
fingerprint, so it parses again (and the store replaces what changed).

Keys are written in their own transaction right after each batch: a kill
between the two costs at most one batch parsed twice, which the store then
skips as unchanged, never an article stored twice.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator

from .config import DATA_DIR, Settings
from .ingest import InputProblem
from .records import Article, Record

if TYPE_CHECKING:
    from .store.ingest_state import IngestState

LOOKUP_CHUNK = 256     # inputs looked up in the store per query


def pipeline_fingerprint(settings: Settings) -> str:
    """SHA-1 of everything besides the article that decides its record."""
    from importlib import metadata

    from . import __version__
    h = hashlib.sha1()
    try:
        model_version = metadata.version(settings.model)
    except Exception:  # not an installed package (a path, or another naming)
        model_version = ""
    for part in (__version__, settings.model, model_version, str(settings.max_chars)):
        h.update(part.encode("utf-8") + b"\x1f")
    user = [f for name in ("actors_files", "events_files", "cues_files", "landmarks_files",
                           "times_files") for f in getattr(settings, name)]
    for p in sorted(DATA_DIR.rglob("*.yml")) + [Path(f) for f in user]:
        h.update(str(p.name).encode("utf-8") + b"\x1f")
        try:
            h.update(hashlib.sha1(p.read_bytes()).digest())
        except OSError:
            h.update(b"<unreadable>")  # the pipeline reports it when it loads
    return h.hexdigest()


def input_key(article: Article, fingerprint: str) -> str:
    """The key under which ``article``, read the same way, is known to be stored."""
    h = hashlib.sha1(fingerprint.encode("ascii"))
    for v in (article.id, article.title, article.date, article.url, article.source,
              article.text):
        h.update(b"\x1e" if v is None else b"\x1f" + str(v).encode("utf-8", "surrogatepass"))
    return h.hexdigest()


@dataclass
class Resume:
    """Skips stored inputs and records the keys of written ones for one store.

    ``enabled=False`` (``--reparse``) parses everything but still records keys."""
    state: "IngestState"
    settings: Settings
    enabled: bool = True
    skipped: int = 0
    fingerprint: str = ""
    _keys: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.fingerprint = self.fingerprint or pipeline_fingerprint(self.settings)

    def filter(self, items: Iterable[Article | InputProblem]
               ) -> Iterator[Article | InputProblem]:
        """``items`` without the articles already stored, in order; problems pass through."""
        it = iter(items)
        while chunk := list(islice(it, LOOKUP_CHUNK)):
            keys = {id(x): input_key(x, self.fingerprint) for x in chunk
                    if isinstance(x, Article)}
            stored = self.state.stored_keys(list(set(keys.values()))) if self.enabled else set()
            for x in chunk:
                if isinstance(x, Article):
                    k = keys[id(x)]
                    if k in stored:
                        self.skipped += 1
                        continue
                    self._keys[x.id] = k
                yield x

    def mark(self, records: Iterable[Record]) -> None:
        """After a batch is written: record its input keys (one transaction)."""
        pairs = []
        for rec in records:
            k = self._keys.pop(rec.article.id, None)
            if k is not None:
                pairs.append((rec.article.id, k))
        self.state.mark_stored(pairs)
