"""eventwire's stages as spaCy components, for a pipeline of your own.

Every stage is a spaCy factory named ``ew_<stage>``: ``ew_paragraphs`` (a line
break ends a sentence; put it before the parser), then ``ew_actors``,
``ew_events``, ``ew_magnitudes``, ``ew_quotes``, ``ew_times``, ``ew_places`` and
``ew_link`` in that order (``nlp.STAGES``). They are registered by ``import
eventwire`` and, for an installed eventwire, also through the ``spacy_factories``
entry points, so that ``spacy.load`` of a saved pipeline that uses them finds them without an import::

    import spacy
    import eventwire.components

    nlp = spacy.load("en_core_web_sm")
    eventwire.components.add_stages(nlp)          # or nlp.add_pipe("ew_events"), ...
    doc = nlp("Rebels attacked Kidal on Monday.")
    doc._.ew_events, doc._.ew_actors              # typed records (eventwire.records)

Set ``doc._.ew_article`` (an :class:`~eventwire.records.Article` with its date)
on a Doc made with ``nlp.make_doc`` before running the stages to resolve
relative dates ("on Monday") against the article's date.
"""
from __future__ import annotations

import importlib

from spacy.language import Language

from .config import Settings

from .nlp import STAGES, stage_config  # the stages in the order of the flow; their settings

FACTORIES = ("ew_paragraphs",) + tuple(f"ew_{s}" for s in STAGES)


def register() -> None:
    """Import every stage module, so that each ``ew_*`` factory is registered with spaCy."""
    importlib.import_module("eventwire.nlp")
    for stage in STAGES:
        importlib.import_module(f"eventwire.pipeline.{stage}")


def make_paragraphs(nlp: Language, name: str):
    """The ``ew_paragraphs`` factory (the entry point of the component of that name)."""
    from .nlp import paragraphs
    return paragraphs


def add_stages(nlp: Language, stages: tuple[str, ...] = STAGES,
               settings: Settings | None = None) -> Language:
    """Add ``ew_paragraphs`` (before the parser or sentencizer) and eventwire's ``stages``
    (in the order of the flow) to ``nlp``; the settings' user data files go to the stages
    that take them. Returns ``nlp``."""
    register()
    settings = settings or Settings()
    if "ew_paragraphs" not in nlp.pipe_names:
        before = next((p for p in ("parser", "senter") if p in nlp.pipe_names), None)
        if before:
            nlp.add_pipe("ew_paragraphs", before=before)
        else:
            nlp.add_pipe("ew_paragraphs", first=True)
    for stage in stages:
        nlp.add_pipe(f"ew_{stage}", config=stage_config(stage, settings))
    return nlp
