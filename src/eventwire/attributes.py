"""The model's rule-based components by table look-up: the same annotation, in a fraction of the time.

**The attribute ruler.**
spaCy's ``AttributeRuler`` (the tag map: POS and morphology from the fine tag, plus
word exceptions such as "'s" or "gonna") runs a general ``Matcher`` over every
token with every rule: in ``en_core_web_sm`` about 180 rules of one or two tokens,
which cost about as much as the parser (15% of the model's time). The rules are
plain conditions on a token's tag, lower-case form, dependency or space flag, so
:class:`FastAttributes` decides them by dictionary look-up instead:

* a rule whose first token asks for given words (``LOWER``, ``ORTH``, ``NORM``) is
  found through an index of those words;
* a rule whose first token asks only for tags, labels and flags is decided once
  per combination of those values (a handful) and remembered;
* any other rule is tried at every token;

then the rest of the rule's tokens are checked, and each matched token gets the
attributes of its rules in rule order (a later rule wins), set by spaCy's own
``set_token_attrs`` as the ruler does. The Matcher's semantics for the
conditions used (equality, ``IN``, ``NOT_IN``, ``REGEX`` by ``re.search``) are
reproduced; a ruler with any other kind of condition (an operator, a
comparison, an extension attribute) is kept as it is (:func:`speed_up`).

**The lemmatizer.** spaCy's rule lemmatizer looks each token up in its cache
by (word, POS, morphology) through a ``Token`` object and sets the lemma by its
string. :class:`FastLemmas` reads those three values for the whole Doc as one
array, keeps the lemma's hash for each combination met (asking the lemmatizer
itself, once, for a new one; never caching a token without POS, for which spaCy
warns) and writes the Doc's lemmas back as one array. Only the rule and lookup
modes of ``Lemmatizer`` and ``EnglishLemmatizer``, whose result depends on those
three values alone, are replaced.
"""
from __future__ import annotations

import re
from typing import Any, Callable

from spacy.attrs import DEP, IS_ALPHA, IS_DIGIT, IS_PUNCT, IS_SPACE, LEMMA, LIKE_NUM, LOWER, MORPH, \
    NORM, ORTH, POS, TAG
from spacy.language import Language
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs

# the conditions supported: matcher key -> (attribute id, holds a string)
_ATTRS: dict[str, tuple[int, bool]] = {
    "ORTH": (ORTH, True), "TEXT": (ORTH, True), "LOWER": (LOWER, True), "NORM": (NORM, True),
    "TAG": (TAG, True), "POS": (POS, True), "DEP": (DEP, True), "LEMMA": (LEMMA, True),
    "IS_SPACE": (IS_SPACE, False), "IS_PUNCT": (IS_PUNCT, False), "IS_ALPHA": (IS_ALPHA, False),
    "IS_DIGIT": (IS_DIGIT, False), "LIKE_NUM": (LIKE_NUM, False),
}
_WORD_KEYS = (ORTH, LOWER, NORM)   # first-token conditions an index of words can serve

_CACHE_MAX = 50_000                # token look-ups remembered (distinct tag, word, label, flag)
Test = Callable[[int], bool]       # a condition on one attribute's value (a hash or a flag)


class Unsupported(ValueError):
    """A rule uses a condition this module does not reproduce."""


def _test(attr: int, is_string: bool, value: Any, strings) -> tuple[Test, set[int] | None]:
    """A condition on one attribute and, when it is equality or ``IN``, the values it accepts."""
    if isinstance(value, dict):
        if len(value) != 1:
            raise Unsupported(value)
        (op, arg), = value.items()
        if op in ("IN", "NOT_IN") and isinstance(arg, list):
            vals = {_value(a, is_string, strings) for a in arg}
            if op == "IN":
                return vals.__contains__, vals
            return (lambda v: v not in vals), None
        if op == "REGEX" and isinstance(arg, str) and is_string:
            rx = re.compile(arg)
            return (lambda v: rx.search(strings[v]) is not None), None
        raise Unsupported(value)
    v = _value(value, is_string, strings)
    return v.__eq__, {v}


def _value(value: Any, is_string: bool, strings) -> int:
    if is_string:
        if not isinstance(value, str):
            raise Unsupported(value)
        return strings.add(value)
    if not isinstance(value, bool):
        raise Unsupported(value)
    return int(value)


class _Rule:
    __slots__ = ("rid", "specs", "index")

    def __init__(self, rid: int, specs: list[list[tuple[int, Test]]], index: int):
        self.rid, self.specs, self.index = rid, specs, index


class FastAttributes:
    """Applies an ``AttributeRuler``'s rules to a Doc exactly as the ruler does."""

    def __init__(self, ruler: Any):
        strings = ruler.vocab.strings
        self.ruler = ruler
        self.attrs: list[dict] = list(ruler.attrs)
        cols: list[int | str] = []
        self.by_word: dict[tuple[int, int], list[_Rule]] = {}  # (column, value) -> rules
        self.plain: list[tuple[list[tuple[int, Test]], _Rule]] = []  # first token: tags, flags
        self.other: list[_Rule] = []                            # first token: anything else
        for rid, attrs in enumerate(self.attrs):
            if "_" in attrs:
                raise Unsupported("extension attributes")
            for pattern in ruler.matcher.get(strings[str(rid)])[1]:
                if not pattern:
                    raise Unsupported("empty pattern")
                specs, words = [], None
                for k, spec in enumerate(pattern):
                    tests = []
                    for key, value in spec.items():
                        if not isinstance(key, str) or key.upper() not in _ATTRS:
                            raise Unsupported(key)
                        attr, is_string = _ATTRS[key.upper()]
                        if attr not in cols:
                            cols.append(attr)
                        test, accepted = _test(attr, is_string, value, strings)
                        tests.append((cols.index(attr), test))
                        if k == 0 and accepted is not None and attr in _WORD_KEYS:
                            words = (cols.index(attr), accepted)
                    specs.append(tests)
                index = ruler.indices[rid]
                if not -len(specs) <= index < len(specs):
                    raise Unsupported(f"index {index} outside a {len(specs)}-token pattern")
                rule = _Rule(rid, specs, index)
                if words is not None:
                    for v in words[1]:
                        self.by_word.setdefault((words[0], v), []).append(rule)
                elif all(cols[c] not in _WORD_KEYS for c, _ in specs[0]):
                    self.plain.append((specs[0], rule))
                else:
                    self.other.append(rule)
        self.cols = cols
        self.word_cols = sorted({c for c, _ in self.by_word})
        plain_cols = sorted({c for tests, _ in self.plain for c, _ in tests})
        self.plain_cols = plain_cols
        self._plain_cache: dict[tuple[int, ...], list[_Rule]] = {}
        self._first_cache: dict[tuple[int, ...], tuple[tuple[int, ...], tuple[_Rule, ...]]] = {}
        self._merged: dict[tuple[int, ...], dict] = {}

    def _first(self, row: list[int]) -> tuple[tuple[int, ...], tuple[_Rule, ...]]:
        """For a token with attribute values ``row``: the one-token rules it matches, and
        the longer rules whose first token it matches."""
        key = tuple(row)
        found = self._first_cache.get(key)
        if found is not None:
            return found
        pkey = tuple(row[c] for c in self.plain_cols)
        plain = self._plain_cache.get(pkey)
        if plain is None:
            plain = [rule for tests, rule in self.plain if all(t(row[c]) for c, t in tests)]
            self._plain_cache[pkey] = plain
        cands = list(plain)     # (their first token tested above, once per pkey)
        for c in self.word_cols:
            cands.extend(r for r in self.by_word.get((c, row[c]), ())
                         if all(t(row[k]) for k, t in r.specs[0]))
        cands.extend(r for r in self.other if all(t(row[c]) for c, t in r.specs[0]))
        found = (tuple(r.rid for r in cands if len(r.specs) == 1),
                 tuple(r for r in cands if len(r.specs) > 1))
        if len(self._first_cache) < _CACHE_MAX:
            self._first_cache[key] = found
        return found

    def __call__(self, doc: Doc) -> Doc:
        n = len(doc)
        if not n:
            return doc
        if len(self.cols) > 1:
            rows = doc.to_array(self.cols).tolist()
        else:   # one attribute (or none): to_array gives a flat array
            rows = [[v] for v in doc.to_array(self.cols[0]).tolist()] if self.cols else [[]] * n
        hits: dict[int, list[int]] = {}      # token -> ids of the rules that set it
        cache, first = self._first_cache, self._first
        for j, row in enumerate(rows):
            found = cache.get(tuple(row)) or first(row)
            if found[0]:
                hits.setdefault(j, []).extend(found[0])
            for rule in found[1]:
                specs = rule.specs
                end = j + len(specs)
                if end <= n and all(all(t(rows[j + k][c]) for c, t in specs[k])
                                    for k in range(1, len(specs))):
                    at = (j if rule.index >= 0 else end) + rule.index
                    hits.setdefault(at, []).append(rule.rid)
        merged_of = self._merged
        for at, rids in hits.items():
            key = tuple(sorted(set(rids)))
            merged = merged_of.get(key)
            if merged is None:      # in rule order, a later rule's value wins
                merged = {}
                for rid in key:
                    merged.update(self.attrs[rid])
                merged_of[key] = merged
            set_token_attrs(doc[at], merged)
        return doc

    def pipe(self, docs, batch_size: int | None = None):
        for doc in docs:
            yield self(doc)


class FastLemmas:
    """Sets the lemmas a rule or lookup ``Lemmatizer`` would set, by one cache per
    (word, POS, morphology) and array reads and writes."""

    def __init__(self, lemmatizer: Any):
        self.lemmatizer = lemmatizer
        self.strings = lemmatizer.vocab.strings
        self.cache: dict[tuple[int, int, int], int] = {}

    def __call__(self, doc: Doc) -> Doc:
        lem = self.lemmatizer
        if not getattr(lem, "_validated", True) or not len(doc):
            return lem(doc)        # its own first call checks its tables
        rows = doc.to_array([LEMMA, ORTH, POS, MORPH])
        lemmas = rows[:, :1].copy()
        overwrite, cache, strings = lem.overwrite, self.cache, self.strings
        changed = False
        for i, (lemma, orth, pos, morph) in enumerate(rows.tolist()):
            if lemma and not overwrite:
                continue
            key = (orth, pos, morph)
            h = cache.get(key)
            if h is None:
                h = strings.add(lem.lemmatize(doc[i])[0])
                if pos and len(cache) < _CACHE_MAX:
                    cache[key] = h
            if h != lemma:
                lemmas[i, 0] = h
                changed = True
        if changed:
            doc.from_array([LEMMA], lemmas)  # type: ignore[arg-type]
        return doc

    def pipe(self, docs, batch_size: int | None = None):
        for doc in docs:
            yield self(doc)


@Language.factory("ew_attribute_ruler", default_config={"ruler": "attribute_ruler"})
def make_fast_attributes(nlp: Language, name: str, ruler: str) -> FastAttributes:
    """The factory: the compiled rules of the pipeline's component named ``ruler``."""
    return FastAttributes(nlp.get_pipe(ruler))


@Language.factory("ew_lemmatizer", default_config={"lemmatizer": "lemmatizer"})
def make_fast_lemmas(nlp: Language, name: str, lemmatizer: str) -> FastLemmas:
    """The factory: the cached look-ups of the pipeline's component named ``lemmatizer``."""
    return FastLemmas(nlp.get_pipe(lemmatizer))


def _swap(nlp: Language, name: str, factory: str, config: dict) -> bool:
    try:   # added under the factory's name, then renamed to the one it replaces
        nlp.add_pipe(factory, name=factory, before=name, config=config)
    except Unsupported:
        return False
    nlp.remove_pipe(name)
    nlp.rename_pipe(factory, name)
    return True


def speed_up(nlp: Language, ruler: str = "attribute_ruler", lemmatizer: str = "lemmatizer") -> bool:
    """Replace ``nlp``'s attribute ruler ``ruler`` by its :class:`FastAttributes` and its
    lemmatizer ``lemmatizer`` by its :class:`FastLemmas`, each under the same name and at
    the same place. A component that is not there, or that these classes do not
    reproduce (a rule condition they do not know, another lemmatizer), stays. True when
    the attribute ruler was replaced."""
    from spacy.lang.en.lemmatizer import EnglishLemmatizer
    from spacy.pipeline import Lemmatizer
    done = False
    if ruler in nlp.pipe_names and type(nlp.get_pipe(ruler)).__name__ == "AttributeRuler":
        done = _swap(nlp, ruler, "ew_attribute_ruler", {"ruler": ruler})
    if lemmatizer in nlp.pipe_names:
        lem = nlp.get_pipe(lemmatizer)
        if type(lem) in (Lemmatizer, EnglishLemmatizer) and getattr(lem, "mode", None) in ("rule", "lookup"):
            _swap(nlp, lemmatizer, "ew_lemmatizer", {"lemmatizer": lemmatizer})
    return done
