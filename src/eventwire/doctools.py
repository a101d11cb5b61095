"""Small helpers over a parsed ``Doc`` shared by every stage.

Sentences: the record's ``sentences`` are spaCy's sentences that hold
something other than whitespace, numbered from 0, their spans trimmed of
surrounding whitespace. ``sentence_index(doc, token_i)`` gives a token's
number in that list; every stage uses it so that ``event.sentence`` agrees
with ``record.sentences``.
"""
from __future__ import annotations

import re

from spacy.attrs import IDX, IS_SPACE
from spacy.tokens import Doc, Span, Token

_KEY = "ew_sentences"
_TEXT = "ew_text"
_STARTS = "ew_token_starts"
# Datelines ("MOSCOW (Reuters) - ", "GOMA, Democratic Republic of Congo, Nov 16 (Reuters) - ",
# "LIMA, Peru — "), every form a stage reads, in one place. They are not yet one
# pattern: the forms disagree on some openings (the city forms take "U.S. M-" of "U.S.
# M-1 money supply rose" for a dateline, the line form does not; the undated city form
# misses "DHAKA, Mar 5 AFP -"), so making them one changes the actors' and links' output.
# _DATELINE: at the start of any line, through the dash and the space after it
# (:func:`dateline_end`; quotes, places).
_DATELINE = re.compile(r"[ \t]*[A-Z][A-Z.'\- ]{1,40}(?:,[^\n]{1,80}?)?\s*(?:\([^)\n]{1,30}\)\s*)?"
                       r"(?:--?|\u2014|\u2013)\s+")
# the article's opening, group 1 the city, a date allowed after a comma (actors' home country)
DATELINE_CITY = re.compile(r"^\s*([A-Z][A-Z .'-]{2,40}?)(?:,\s*[A-Za-z0-9 .]+)?\s*(?:\([^)]{2,40}\))?"
                           r"\s*[-\u2013\u2014]")
# the same without digits after the comma (link: the dateline's place)
DATELINE_CITY_UNDATED = re.compile(r"^\s*([A-Z][A-Z .'-]{2,40}?)(?:,\s*[A-Za-z .]+)?\s*"
                                   r"(?:\([^)]{2,40}\))?\s*[-\u2013\u2014]")
# anything up to the agency or dash after the place ("GOMA, Congo, Nov 16 (Reuters) -",
# "KYIV, March 3 -"): what a date in it may sit in (link: the filing date is no event's)
DATELINE_DATED = re.compile(r"^\s*[A-Z][A-Z .'-]{2,40}?,[^\n()\u2013\u2014]{1,60}?"
                            r"(?:\([^)\n]{2,40}\)\s*)?[-\u2013\u2014]+\s")


def doc_text(doc: Doc, article: object = None) -> str:
    """``doc.text``, built once per Doc. ``Doc.text`` joins every token on each call,
    which costs each stage that reads it as much as a pass over the document; a Doc made
    from its article (``nlp.make_doc``, maybe cut at ``max_chars``) holds a prefix of the
    article's text (``article``, else ``doc._.ew_article``), which is checked at both
    ends and used without joining anything."""
    cached = doc.user_data.get(_TEXT)
    if cached is not None and cached[0] == len(doc):
        return cached[1]
    if article is None and Doc.has_extension("ew_article"):
        article = doc._.ew_article
    text = _article_prefix(doc, getattr(article, "text", None))
    if text is None:
        text = doc.text
    doc.user_data[_TEXT] = (len(doc), text)
    return text


def token_starts(doc: Doc) -> list[int]:
    """Each token's character offset (``Token.idx``), read once per Doc as one array:
    ``[t.idx for t in doc]`` makes a Token object for every token, each time."""
    cached = doc.user_data.get(_STARTS)
    if cached is not None and len(cached) == len(doc):
        return cached
    starts = token_columns(doc, [IDX])[0]
    doc.user_data[_STARTS] = starts
    return starts


def token_columns(doc: Doc, attrs: list[int | str]) -> list[list[int]]:
    """Token attributes (``spacy.attrs`` ids: POS, TAG, ORTH, LEMMA...) of every token,
    one list per attribute, read in one array: a stage scans these and makes a Token
    (``doc[i]``) only for the few candidates, where ``for tok in doc`` makes one for
    every token. String attributes come as hashes (``doc.vocab.strings``)."""
    if not len(doc):
        return [[] for _ in attrs]
    arr = doc.to_array(attrs)
    if len(attrs) == 1:
        return [arr.tolist()]
    return arr.T.tolist()


def doc_chars(doc: Doc) -> int:
    """Characters of a tokenized Doc, without building its text (``Doc.text`` joins
    every token)."""
    if not len(doc):
        return 0
    last = doc[-1]
    return last.idx + len(last.text_with_ws)


def _article_prefix(doc: Doc, full: object) -> str | None:
    if not isinstance(full, str) or not len(doc):
        return None
    first, last = doc[0], doc[-1]
    n = doc_chars(doc)
    if len(full) >= n and full.startswith(last.text_with_ws, last.idx) \
            and full.startswith(first.text, first.idx):
        return full[:n]
    return None


def content_sentences(doc: Doc) -> list[Span]:
    """Sentences with at least one non-space token, trimmed of leading/trailing space tokens."""
    cached = doc.user_data.get(_KEY)
    if cached is not None and len(cached[1]) == len(doc):
        return [doc[s:e] for s, e in cached[0]]
    bounds: list[tuple[int, int]] = []
    index = [-1] * len(doc)
    space = doc.to_array(IS_SPACE).tolist() if len(doc) else []
    for sent in doc.sents:
        start, end = sent.start, sent.end
        s = start
        while s < end and space[s]:
            s += 1
        if s == end:
            continue
        e = end
        while space[e - 1]:
            e -= 1
        index[start:end] = [len(bounds)] * (end - start)
        bounds.append((s, e))
    doc.user_data[_KEY] = (bounds, index)
    return [doc[s:e] for s, e in bounds]


def sentence_index(doc: Doc, token_i: int) -> int:
    """Number of the content sentence holding token ``token_i`` (-1 for a space-only one)."""
    if doc.user_data.get(_KEY) is None or len(doc.user_data[_KEY][1]) != len(doc):
        content_sentences(doc)
    return doc.user_data[_KEY][1][token_i]


def char_span(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Character span ``[start, end)`` of tokens ``doc[start:end]``."""
    return (doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text))


def span_root(doc: Doc, span: tuple[int, int]) -> Token | None:
    """The syntactic root of the tokens covering character span ``span`` (None when no
    token does): the token a stage's record stands for in the parse."""
    sp = doc.char_span(span[0], span[1], alignment_mode="expand")
    return sp.root if sp is not None and len(sp) else None


def dateline_end(text: str, pos: int) -> int:
    """End of the dateline opening the line that holds character ``pos`` (where the
    story proper starts), or -1 when that line opens with none."""
    ls = text.rfind("\n", 0, pos) + 1
    m = _DATELINE.match(text, ls)
    return m.end() if m else -1
