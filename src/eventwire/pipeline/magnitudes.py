"""Stage ``magnitudes``: how many were killed, injured, arrested, or took part.

Each event gets a ``size`` list (PLOVER 2.0's size object, see
``records.Size``). The stage reads the parse, not the surface:

1. **Numbers as people write them.** A run of number tokens ("1,200", "two
   dozen", "1.5 million", "twenty-five") becomes one value; a modifier before
   it ("at least", "nearly", "some", "up to") becomes ``mod``. Vague words
   ("dozens", "hundreds") give no value; ages, dates, money and percentages are
   no count.
2. **What is counted.** The number's head noun ("23 *people*"), the object of
   its "of" ("12 *of the protesters*"), or nothing ("23 were killed"). A noun
   that is not a person (weapons, dollars, buildings) is no magnitude.
3. **The field**, by the word that governs the count, best first (the named
   rules of :data:`FIELD_RULES`, written into nothing but chosen in order):
   an adjective ("12 dead", "left 30 wounded"), the verb for which the count
   is object or passive subject ("killed 12", "12 were detained"), the verb
   for which it is active subject ("12 died", "5,000 marched"), a noun that
   governs it ("a death toll of 23", "the arrest of 12"), and the counted noun
   itself ("5,000 protesters").
4. **The event.** The count attaches to an event of its sentence whose
   trigger governs it, else to the nearest one of a type that fits the field
   (``event_types`` in the data file), else to such an event in the two
   sentences before; when there is none, an event of the field's type is
   added with no actors (rule ``magnitude.<field>``), so no count is lost.
   A count over a long period ("since the war began") attaches to nothing.

Word lists live in ``data/magnitudes/rules.yml``; a user file
(``--magnitudes FILE``) adds to them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import numpy
from spacy.attrs import LIKE_NUM, LOWER
from spacy.language import Language
from spacy.strings import hash_string
from spacy.tokens import Doc, Span, Token

from ..codebook import lookup
from ..config import packaged_and_user
from ..datafiles import load_data
from ..doctools import content_sentences, doc_text, sentence_index, span_root
from ..errors import InputError
from ..records import Event, Size
from ..stage import Stage

FIELDS = ("dead", "injured", "arrested", "participants")
_LIST_KEYS = ("troops", "people", "long_period", "things", "passive_only", "need_people")
_MAP_KEYS = ("numbers", "multipliers", "modifiers", "implied_codes")
_NESTED_KEYS = ("verbs", "nouns", "governing_nouns", "event_types")
_VERB_ROLES = ("object", "subject", "adjective")
_SKIP_ENTS = {"DATE", "TIME", "MONEY", "PERCENT", "ORDINAL", "QUANTITY"}
_HYPOTHETICAL = {"could", "would", "might", "may", "should"}
_DIGITS = re.compile(r"^\d{1,3}(,\d{3})+$|^\d+(\.\d+)?$")


@dataclass(slots=True)
class MagnitudeRules:
    """The tables of ``data/magnitudes/rules.yml`` (plus the user's files)."""
    numbers: dict[str, int] = field(default_factory=dict)
    multipliers: dict[str, int] = field(default_factory=dict)
    modifiers: dict[tuple[str, ...], str] = field(default_factory=dict)
    longest_modifier: int = 0
    number_hashes: numpy.ndarray = field(default_factory=lambda: numpy.zeros(0, numpy.uint64))
    verbs: dict[str, dict[str, str]] = field(default_factory=lambda: {r: {} for r in _VERB_ROLES})
    nouns: dict[str, str] = field(default_factory=dict)
    governing_nouns: dict[str, str] = field(default_factory=dict)
    need_people: set[str] = field(default_factory=set)
    troops: set[str] = field(default_factory=set)
    people: set[str] = field(default_factory=set)
    things: set[str] = field(default_factory=set)
    passive_only: set[str] = field(default_factory=set)
    long_period: list[tuple[str, ...]] = field(default_factory=list)
    event_types: dict[str, list[str]] = field(default_factory=dict)
    implied_codes: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, paths: list[Path]) -> "MagnitudeRules":
        rules = cls()
        for path in paths:
            rules._add(path, load_data(path, "magnitudes"))
        rules.long_period = sorted(set(rules.long_period), key=len, reverse=True)
        rules.longest_modifier = max((len(m) for m in rules.modifiers), default=0)
        rules.number_hashes = numpy.array(
            [hash_string(w) for w in (*rules.numbers, *rules.multipliers)], dtype=numpy.uint64)
        return rules

    def _add(self, path: Path, data: object) -> None:
        def bad(key: str, why: str) -> InputError:
            return InputError("EW111", f"key '{key}': {why}", str(path))

        if not isinstance(data, dict):
            raise bad("(top)", "a mapping of the keys of data/magnitudes/rules.yml is expected")
        for key, body in data.items():
            if key in _LIST_KEYS:
                if not isinstance(body, list):
                    raise bad(key, "a list is expected")
                words = [str(w).lower() for w in body]
                if key == "long_period":
                    self.long_period += [tuple(w.split()) for w in words]
                else:
                    getattr(self, key).update(words)
            elif key in _MAP_KEYS:
                if not isinstance(body, dict):
                    raise bad(key, "a mapping is expected")
                for k, v in body.items():
                    if key in ("numbers", "multipliers"):
                        if not isinstance(v, int) or isinstance(v, bool):
                            raise bad(f"{key}.{k}", "an integer is expected")
                        getattr(self, key)[str(k).lower()] = v
                    elif key == "modifiers":
                        self.modifiers[tuple(str(k).lower().split())] = str(v)
                    else:
                        self.implied_codes[str(k)] = str(v)
            elif key in _NESTED_KEYS:
                self._add_nested(key, body, bad)
            else:
                raise bad(key, "unknown key")

    def _add_nested(self, key: str, body: object, bad: Callable[[str, str], InputError]) -> None:
        if not isinstance(body, dict):
            raise bad(key, "a mapping is expected")
        if key == "verbs":
            for role, by_field in body.items():
                if role not in _VERB_ROLES or not isinstance(by_field, dict):
                    raise bad(f"verbs.{role}", f"one of {', '.join(_VERB_ROLES)}, each a mapping "
                                               f"of field to words, is expected")
                for fld, words in by_field.items():
                    self._check_field(f"verbs.{role}.{fld}", fld, words, bad)
                    self.verbs[role].update((str(w).lower(), fld) for w in words)
        elif key in ("nouns", "governing_nouns"):
            for fld, words in body.items():
                self._check_field(f"{key}.{fld}", fld, words, bad)
                getattr(self, key).update((str(w).lower(), fld) for w in words)
        else:
            for fld, types in body.items():
                if fld not in (*FIELDS, "troops") or not isinstance(types, list):
                    raise bad(f"event_types.{fld}", "a field and a list of PLOVER types is expected")
                self.event_types[fld] = [str(t).upper() for t in types]

    @staticmethod
    def _check_field(where: str, fld: object, words: object,
                     bad: Callable[[str, str], InputError]) -> None:
        if fld not in FIELDS:
            raise bad(where, f"field must be one of {', '.join(FIELDS)}")
        if not isinstance(words, list):
            raise bad(where, "a list of words is expected")


@dataclass(slots=True)
class Count:
    """One number read from the text, before it is given a field."""
    value: int
    mod: str | None
    first: int                 # token index where its words begin (modifier included)
    root: Token                # the number token whose head lies outside the number


# ---------------------------------------------------------------- numbers

def _is_number(text: str, low: str, like_num: bool, rules: MagnitudeRules) -> bool:
    return (like_num and bool(_DIGITS.match(text))) or low in rules.numbers or low in rules.multipliers


def _value(words: list[str], rules: MagnitudeRules) -> int | None:
    total, cur, seen = 0.0, 0.0, False
    for w in words:
        if _DIGITS.match(w):
            cur += float(w.replace(",", ""))
            seen = True
        elif w in rules.numbers:
            cur += rules.numbers[w]
            seen = True
        elif w in rules.multipliers:
            m = rules.multipliers[w]
            cur = (cur or 1.0) * m
            seen = True
            if m >= 1000:
                total, cur = total + cur, 0.0
        elif w in ("a", "an", "-"):
            continue
        else:
            return None
    value = total + cur
    return int(value) if seen and value >= 1 and value == int(value) else None


def _modifier(lows: list[str], k: int, rules: MagnitudeRules) -> tuple[str | None, int]:
    """The longest modifier that ends just before position ``k`` of the sentence's words,
    and the position where it begins."""
    for n in range(min(rules.longest_modifier, k), 0, -1):
        mod = rules.modifiers.get(tuple(lows[k - n:k]))
        if mod is not None:
            return mod, k - n
    return None, k


def number_positions(doc: Doc, rules: MagnitudeRules) -> list[int]:
    """Token positions that may be part of a number (one vectorised pass over the Doc)."""
    if not len(doc):
        return []
    arr = doc.to_array([LIKE_NUM, LOWER])
    words = rules.number_hashes.astype(arr.dtype)
    hits = numpy.flatnonzero((arr[:, 0] != 0) | (arr[:, 1][:, None] == words[None, :]).any(axis=1))
    return [t.i for t in (doc[int(i)] for i in hits)
            if _is_number(t.text, t.lower_, t.like_num, rules)]


def read_counts(sent: Span, rules: MagnitudeRules, positions: list[int] | None = None) -> list[Count]:
    """Every count the sentence states, in order (not yet checked for what it counts).
    ``positions``: the number tokens of the sentence, when already known."""
    doc = sent.doc
    nums = set(positions) if positions is not None else {
        t.i for t in sent if _is_number(t.text, t.lower_, t.like_num, rules)}
    out: list[Count] = []
    k = sent.start
    for k0 in sorted(nums):
        if k0 < k:
            continue                               # inside the previous number
        k = k0
        low = doc[k].lower_
        start = k
        if low in rules.multipliers:
            if k > sent.start and doc[k - 1].lower_ in ("a", "an"):
                start = k - 1                      # "a dozen"
            else:
                k += 1                             # a bare "hundred" counts nothing
                continue
        j = k
        while j < sent.end and (j in nums or (doc[j].text == "-" and j > k and j + 1 < sent.end
                                              and doc[j + 1].lower_ in rules.numbers)):
            j += 1
        span = doc[start:j]
        nxt = doc[j] if j < sent.end else None
        k = j
        if _not_a_count(span, nxt, rules):
            continue
        value = _value([t.lower_ for t in span], rules)
        if value is None:
            continue
        lo = max(sent.start, start - rules.longest_modifier)
        mod, first = _modifier([t.lower_ for t in doc[lo:start]], start - lo, rules)
        root = next((t for t in span if not span.start <= t.head.i < span.end or t.head == t),
                    span[-1])
        out.append(Count(value=value, mod=mod, first=lo + first, root=root))
    return out


def _not_a_count(toks: Span, nxt: Token | None, rules: MagnitudeRules) -> bool:
    if any(t.ent_type_ in _SKIP_ENTS for t in toks):
        return True
    if nxt is not None and (nxt.lower_ in ("%", "percent", "per", "pc") or nxt.text.startswith("-year")
                            or nxt.lower_ in ("-",) and nxt.i + 1 < len(nxt.doc)
                            and nxt.doc[nxt.i + 1].lower_.startswith("year")):
        return True
    first = toks[0]
    if first.i > 0 and first.doc[first.i - 1].text in ("$", "€", "£", "#", "No", "No."):
        return True
    # a bare four-digit number is a year more often than a count
    return len(toks) == 1 and re.fullmatch(r"(1[89]|20)\d\d", toks[0].text) is not None


# ---------------------------------------------------------------- fields

def _phrases(v: Token) -> list[str]:
    """The verb's lemma and its phrasal forms ("round up", "take into custody", "shoot dead")."""
    lemma = v.lemma_.lower()
    out = [lemma]
    for c in v.children:
        if c.dep_ in ("prt", "acomp", "oprd", "advmod", "dobj", "xcomp"):
            out.append(f"{lemma} {c.lower_}")
            out.append(f"{lemma} {c.lemma_.lower()}")
        elif c.dep_ == "prep":
            for p in c.children:
                if p.dep_ == "pobj":
                    dets = " ".join(d.lower_ for d in p.children if d.dep_ == "det")
                    for noun in {p.lower_, p.lemma_.lower()}:
                        out.append(f"{lemma} {c.lower_} {noun}")
                        if dets:
                            out.append(f"{lemma} {c.lower_} {dets} {noun}")
    return out


def _verb_field(v: Token, role: str, rules: MagnitudeRules) -> str | None:
    if v.lemma_.lower() in rules.passive_only and not _passive(v) and v.tag_ != "VBN":
        return None
    table = rules.verbs[role]
    for ph in sorted(_phrases(v), key=len, reverse=True):
        if ph in table:
            return table[ph]
    return None


def _adjective_field(tok: Token, rules: MagnitudeRules, after: int | None = None) -> str | None:
    """The field an adjective of ``tok`` gives ("12 dead", "left 30 wounded", "five injured
    soldiers"): an adjective after the count, or between the count (token ``after``) and ``tok``."""
    adj = rules.verbs["adjective"]
    lo = after if after is not None else tok.i
    for c in tok.children:
        if c.dep_ in ("amod", "acomp", "oprd", "xcomp", "advcl", "ccomp") and c.lower_ in adj \
                and (c.i > tok.i or lo < c.i < tok.i
                     or c.dep_ == "amod" and c.i > 0 and tok.doc[c.i - 1].pos_ == "VERB"):  # "shot dead 12 men"
            return adj[c.lower_]
    return None


def _noun_field(tok: Token, table: dict[str, str]) -> str | None:
    if tok.pos_ != "NOUN" or tok.ent_type_ in _SKIP_ENTS:
        return None                       # "March" the month, "Rally" a name
    if tok.i > 0 and tok.doc[tok.i - 1].text == "-" and not tok.doc[tok.i - 1].whitespace_:
        return None                       # a hyphenated compound: "wide-bodies"
    lemma = tok.lemma_.lower()
    compound = " ".join(c.lemma_.lower() for c in tok.children if c.dep_ == "compound")
    if compound and f"{compound} {lemma}" in table:
        return table[f"{compound} {lemma}"]
    return table.get(lemma) or table.get(tok.lower_)


def _passive(v: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in v.children)


def _counted(count: Count, rules: MagnitudeRules) -> tuple[Token, Token | None, bool] | None:
    """(the token that plays the count's role in the clause, the noun it counts or None,
    whether that noun is known to be people); None when it counts things."""
    root = count.root
    doc = root.doc
    noun: Token | None = None
    strong = doc[root.i + 1:root.i + 3]
    if len(strong) == 2 and strong[0].text == "-" and strong[1].lower_ == "strong":
        noun = strong[1].head if strong[1].head.pos_ in ("NOUN", "PROPN") else None  # "a 5,000-strong force"
        role = noun if noun is not None else root
    elif root.dep_ in ("nummod", "quantmod", "compound", "amod", "nmod") \
            and root.head.pos_ in ("NOUN", "PROPN", "ADJ") and root.head.i > root.i:
        noun = root.head
        role = noun
    else:
        role = root
        of = next((p for c in root.children if c.dep_ == "prep" and c.lower_ == "of"
                   for p in c.children if p.dep_ == "pobj"), None)
        if of is not None and count.value == 1:
            return None                       # "one of two dozen": the count is the other number
        noun = of
    if noun is None:
        return role, None, False
    lemma = noun.lemma_.lower()
    if lemma in rules.things or noun.lower_ in rules.things:
        return None
    person = (lemma in rules.people or noun.lower_ in rules.people or lemma in rules.nouns
              or lemma in rules.troops or noun.ent_type_ == "NORP"
              or noun.pos_ == "ADJ" and noun.lower_ in rules.verbs["adjective"])
    return role, noun, person


def _field(role: Token, noun: Token | None, rules: MagnitudeRules,
           count_i: int) -> tuple[str, Token] | None:
    """The field of a count and the word that decided it."""
    # 1. an adjective of the count: "12 (people) dead", "left 30 wounded", "left nine dead"
    if role.pos_ == "ADJ" and role.lower_ in rules.verbs["adjective"]:
        return rules.verbs["adjective"][role.lower_], role
    fld = _adjective_field(role, rules)
    if fld:
        return fld, role
    if noun is not None:
        fld = _adjective_field(noun, rules, after=count_i)
        if fld:
            return fld, noun
    # the first of several conjuncts carries the clause role: "12 soldiers and 3 civilians were killed"
    anchor = role
    while anchor.dep_ == "conj" and anchor.head.pos_ in ("NOUN", "PROPN", "NUM", "PRON"):
        anchor = anchor.head
    head = anchor.head
    dep = anchor.dep_
    # 2. relative clauses and participles on the counted noun: "12 people killed in", "who were arrested"
    for c in role.children:
        if c.dep_ in ("acl", "relcl") and c.pos_ in ("VERB", "AUX", "ADJ"):
            subj_rel = (c.dep_ == "relcl" and not _passive(c)
                        and any(g.dep_ == "nsubj" for g in c.children))
            fld = _verb_field(c, "subject" if subj_rel else "object", rules)
            if fld:
                return fld, c
    # 3. the governing verb
    if head.pos_ in ("VERB", "AUX") and head is not anchor:
        if dep in ("dobj", "nsubjpass", "oprd"):
            fld = _verb_field(head, "object", rules)
            if dep == "dobj":
                adj = _adjective_field(head, rules)  # "leaving 12 dead"
                fld = adj or fld
            if fld:
                return fld, head
        elif dep == "nsubj":
            if _passive(head):
                fld = _verb_field(head, "object", rules)
            else:
                fld = _verb_field(head, "subject", rules)
                if fld is None and head.lemma_ == "be":
                    fld = _adjective_field(head, rules)
                if fld is None and anchor.pos_ == "NUM" and head.lower_ in rules.verbs["adjective"] \
                        and not any(c.dep_ == "dobj" for c in head.children):
                    fld = rules.verbs["adjective"][head.lower_]   # "... and 30 wounded"
            if fld:
                return fld, head
        elif dep == "attr" and head.lemma_ == "be":
            subj = next((c for c in head.children if c.dep_ == "nsubj"), None)
            if subj is not None and (fld := _noun_field(subj, rules.governing_nouns)):
                return fld, subj
    # 4. a governing noun or a noun's verb: "a death toll of 23", "the toll rose to 23"
    if dep == "pobj" and head.dep_ == "prep":
        gov = head.head
        if gov.pos_ in ("NOUN", "PROPN") and (fld := _noun_field(gov, rules.governing_nouns)):
            return fld, gov
        if gov.pos_ in ("VERB", "AUX"):
            subj = next((c for c in gov.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subj is not None and (fld := _noun_field(subj, rules.governing_nouns)):
                return fld, subj
    if dep == "appos" and (fld := _noun_field(head, rules.governing_nouns)):
        return fld, head
    # 5. the counted noun itself: "5,000 protesters", "12 bodies"
    if noun is not None and (fld := _noun_field(noun, rules.nouns)):
        return fld, noun
    # 6. the verb right before the count, whatever the parse made of it: "killing at least 13 people"
    doc = role.doc
    k = count_i - 1
    while k >= role.sent.start and doc[k].pos_ in ("ADV", "ADJ", "ADP", "DET") and count_i - k <= 4:
        k -= 1
    if k >= role.sent.start and doc[k].pos_ == "VERB" and (fld := _verb_field(doc[k], "object", rules)):
        return fld, doc[k]
    return None


def _troops(noun: Token | None, rules: MagnitudeRules) -> bool:
    return noun is not None and noun.lemma_.lower() in rules.troops


def _hypothetical(decider: Token) -> bool:
    v = decider if decider.pos_ in ("VERB", "AUX") else decider.head
    return any(c.dep_ == "aux" and c.lower_ in _HYPOTHETICAL for c in v.children)


def _long_period(sent: Span, decider: Token, rules: MagnitudeRules) -> bool:
    """A total over a long period: a long-period phrase in the clause of the count."""
    clause = decider if decider.pos_ in ("VERB", "AUX") else decider.head
    while clause.dep_ in ("conj", "xcomp", "aux") and clause.head is not clause:
        clause = clause.head
    words = [t.lower_ for t in clause.subtree]
    for phrase in rules.long_period:
        n = len(phrase)
        for k in range(len(words) - n + 1):
            if tuple(w if not (p.isdigit() and w.startswith(p)) else p
                     for w, p in zip(words[k:k + n], phrase)) == phrase:
                return True
    return False


# ---------------------------------------------------------------- attaching

@dataclass(slots=True)
class Found:
    size: Size
    field_key: str             # the field, or "troops" for a deployment's participants
    decider: Token
    sentence: int


class MagnitudesStage(Stage):
    """The spaCy component: reads counts and attaches them to events (already in ew_events)."""

    def __init__(self, user_files: list[str]):
        self.rules = MagnitudeRules.load(packaged_and_user("magnitudes", tuple(user_files)))

    def find(self, doc: Doc) -> list[Found]:
        """Every count with its field, in text order."""
        found: list[Found] = []
        positions = number_positions(doc, self.rules)
        if not positions:
            return found
        by_sent: dict[int, list[int]] = {}
        for i in positions:
            by_sent.setdefault(sentence_index(doc, i), []).append(i)
        sents = content_sentences(doc)
        for si, pos in sorted(by_sent.items()):
            if si < 0:
                continue
            for count in read_counts(sents[si], self.rules, pos):
                got = _counted(count, self.rules)
                if got is None:
                    continue
                role, noun, person = got
                fr = _field(role, noun, self.rules, count.first)
                if fr is None:
                    continue
                fld, decider = fr
                troops = _troops(noun, self.rules)
                if not person and self._needs_people(decider, fld, noun):
                    continue                  # "held by 15 banks", "executed two licences"
                if fld == "participants" and decider.pos_ == "VERB" and not troops \
                        and _verb_field(decider, "object", self.rules) == "participants":
                    continue                  # "sent 12 letters": deployments count troops only
                if _hypothetical(decider) or _long_period(sents[si], decider, self.rules) \
                        or self._either_or(decider, fld):
                    continue
                end_tok = noun if noun is not None and noun.i > count.root.i else count.root
                if count.root.i > end_tok.i:
                    end_tok = count.root
                s = doc[count.first].idx
                e = end_tok.idx + len(end_tok.text)
                size = Size(field=fld, value=count.value, mod=count.mod, text=doc_text(doc)[s:e], span=(s, e))
                key = "troops" if fld == "participants" and troops else fld
                found.append(Found(size, key, decider, si))
        return found

    def _either_or(self, decider: Token, fld: str) -> bool:
        """"killed or wounded 1,500": verbs of two fields joined by "or" give neither."""
        if decider.pos_ not in ("VERB", "AUX"):
            return False
        pairs = [(decider.head, decider)] if decider.dep_ == "conj" else []
        pairs += [(decider, c) for c in decider.children if c.dep_ == "conj"]
        for first, second in pairs:
            if any(c.dep_ == "cc" and c.lower_ == "or" for c in (*first.children, *second.children)):
                other = second if first is decider else first
                got = _verb_field(other, "object", self.rules)
                if got is not None and got != fld:
                    return True
        return False

    def _needs_people(self, decider: Token, fld: str, noun: Token | None) -> bool:
        """Whether a count that is not known to be of people is refused: a noun not listed
        as people counts only with a verb of its field that needs no people noun; a bare
        number is refused only with such a verb."""
        if decider.pos_ in ("VERB", "AUX"):
            loose = any(p in self.rules.need_people for p in _phrases(decider))
            return loose or (noun is not None and fld == "participants")
        return noun is not None and decider is noun

    def __call__(self, doc: Doc) -> Doc:
        events: list[Event] = doc._.ew_events if doc._.ew_events is not None else []
        found = self.find(doc)
        if not found:
            return doc
        triggers = {ev.id: span_root(doc, ev.trigger_span) for ev in events}
        next_id = max((int(ev.id[1:]) for ev in events if ev.id[1:].isdigit()), default=0) + 1
        for f in found:
            ev = self._event_for(f, events, triggers)
            if ev is None:
                ev = self._implied(doc, f, next_id)
                next_id += 1
                events.append(ev)
                triggers[ev.id] = f.decider
            if not any(s.field == f.size.field and s.value == f.size.value for s in ev.size):
                ev.size.append(f.size)
        doc._.ew_events = events
        return doc

    def _event_for(self, f: Found, events: list[Event], triggers: dict) -> Event | None:
        types = self.rules.event_types.get(f.field_key) or self.rules.event_types.get(f.size.field) or []
        same = [ev for ev in events if ev.sentence == f.sentence and not ev.negated]
        # the event whose trigger decided the count, else the nearest that governs it
        for gov in (f.decider, *f.decider.ancestors):
            for ev in same:
                t = triggers.get(ev.id)
                if t is not None and t.i == gov.i and ev.plover_type in types:
                    return ev
        # else the nearest event of the field's own type in the sentence, then in the two before
        primary = types[:1]
        for back in (0, 1, 2):
            cands = [ev for ev in events if ev.sentence == f.sentence - back and not ev.negated
                     and ev.plover_type in primary and triggers.get(ev.id) is not None]
            if cands:
                return min(cands, key=lambda ev: abs(triggers[ev.id].i - f.decider.i))
        return None

    def _implied(self, doc: Doc, f: Found, n: int) -> Event:
        code = self.rules.implied_codes.get(f.field_key) or self.rules.implied_codes[f.size.field]
        info = lookup(code)
        tok = f.decider
        return Event(id=f"e{n}", sentence=f.sentence, trigger_text=tok.text,
                     trigger_span=(tok.idx, tok.idx + len(tok.text)),
                     plover_type=info.plover_type or "", cameo_code=code,
                     plover_mode=info.plover_mode, plover_context=list(info.plover_context),
                     cameo_root=info.root, quad_class=info.quad_class, goldstein=info.goldstein,
                     rule=f"magnitude.{f.size.field}", confidence=0.4)


@Language.factory("ew_magnitudes", assigns=["doc._.ew_events"], requires=["doc._.ew_events"],
                  default_config={"user_files": []})
def make_magnitudes(nlp: Language, name: str, user_files: list[str]) -> MagnitudesStage:
    return MagnitudesStage(user_files)
