"""What every doc-level stage shares: one article's failure stays in that article.

A stage is a spaCy component (a callable from ``Doc`` to ``Doc``). Called
alone (``nlp(doc)``, the tests) it raises. Streamed (``nlp.pipe``, which
``api.process`` and so ``extract`` and every front door use), spaCy hands it
the stream through :meth:`Stage.pipe`: a Doc on which the stage fails gets an
EW202 error item, the attributes the stage sets (``sets``) become empty
lists, and the Doc goes on to the next stage, so that the record keeps every
other layer.
"""
from __future__ import annotations

from typing import Iterable, Iterator

from spacy.tokens import Doc

from .extensions import errors_of
from .records import ErrorItem


class Stage:
    name = "stage"                  # spaCy sets the component name ("ew_events")
    sets: tuple[str, ...] = ()      # the Doc attributes it writes

    def __call__(self, doc: Doc) -> Doc:  # pragma: no cover - every stage defines it
        raise NotImplementedError

    def pipe(self, docs: Iterable[Doc], batch_size: int | None = None) -> Iterator[Doc]:
        for doc in docs:
            try:
                yield self(doc)
            except Exception as e:  # one article's failure must not stop the run (EW202)
                stage_failed(doc, self, e)
                yield doc


def stage_failed(doc: Doc, stage: Stage, e: Exception) -> None:
    """Record the failure in the Doc and leave the stage's layers empty."""
    errors_of(doc).append(ErrorItem("EW202", f"stage {stage.name} failed: "
                                             f"{type(e).__name__}: {e}"))
    for attr in stage.sets:
        setattr(doc._, attr, [])
