"""In-document coreference for the actors stage: pronouns and definite descriptions.

Runs inside :class:`eventwire.pipeline.actors.ActorsStage` after names, agents
and metonyms are known, walking the tokens once in order:

* personal pronouns (he, him, his, she, her ...) take the most recent person,
  preferring the subject of its sentence (the speaker of "X said ..."), within
  a few sentences;
* it / its take the most recent state or organisation (in the same sentence
  the nearest one; in earlier sentences the subject first);
* they / them / their take the most recent group (named groups, plural agents);
* we / our / us inside a quotation take the speaker's organisation or state
  when the quotation's speaker is a coded person;
* definite descriptions: "the group", "the militants", "the government",
  "the ministry" take the most recent compatible actor (``descriptions`` and
  ``agents`` in ``data/actors/agents.yml``); titles ("the minister", "the
  Russian president") take the most recent person with that title, or the
  holder of the office on the article's date (``leaders.yml``).

Everything here is linear in the number of tokens: the search back is bounded
to a window of sentences.
"""
from __future__ import annotations

from typing import Any, Protocol

from spacy.attrs import HEAD, LEMMA, LOWER, POS, TAG
from spacy.parts_of_speech import NOUN as _NOUN, PRON as _PRON, PROPN as _PROPN
from spacy.strings import get_string_id
from spacy.tokens import Doc, Token

from ..doctools import sentence_index, token_columns
from ..lexicon import Lexicon


class _Builder(Protocol):
    """What coreference needs of the actors stage's per-doc builder (no import of it)."""

    doc: Doc
    lex: Lexicon
    date: str | None
    ments: list[tuple[int, int, str, str]]
    ents: dict[str, Any]
    taken: list[bool]
    deferred: dict[int, dict]

    def _free(self, s: int, e: int) -> bool: ...
    def _take(self, s: int, e: int, key: str, kind: str) -> None: ...
    def _ent(self, key: str, **kw: Any) -> Any: ...
    def dominant_country(self) -> str | None: ...
    def _country_of_tok(self, tok: Token) -> tuple[str | None, str | None]: ...
    def _agent_info(self, tok: Token) -> Any: ...

SUBJ = {"nsubj", "nsubjpass"}
WINDOW = {"person": 6, "it": 3, "they": 3, "desc": 12}
QUOTES = {'"', "“", "”", "«", "»"}
_PRP_TAGS = frozenset(get_string_id(t) for t in ("PRP", "PRP$"))


def _is_subject(tok: Token) -> bool:
    if tok.dep_ in SUBJ:
        return True
    if tok.dep_ == "poss" and tok.head.dep_ in SUBJ:
        return True
    return False


def _speech_subject(tok: Token, speech: set[str]) -> bool:
    return tok.dep_ in SUBJ and tok.head.lemma_ in speech


def _quote_mask(doc) -> list[bool]:
    """True for tokens inside straight or curly double quotation marks (per paragraph)."""
    inside = False
    mask = [False] * len(doc)
    for t in doc:
        if t.text in QUOTES:
            if t.text == "“":
                inside = True
            elif t.text == "”":
                inside = False
            else:
                inside = not inside
            continue
        if "\n\n" in t.text or ("\n" in t.whitespace_ and not inside):
            pass
        mask[t.i] = inside
    return mask


def resolve(b: "_Builder") -> None:
    doc, lex, ents = b.doc, b.lex, b.ents
    if not len(doc):
        return
    names = sorted(b.ments)
    ni = 0
    # history: (start, end, key, sent, subject, speech_subject)
    hist: list[tuple[int, int, str, int, bool, bool]] = []
    qmask = None
    descr = lex.descriptions
    heads = lex.desc_heads
    pron = lex.pronouns          # person / it / they / we (data/actors/words.yml)
    new: list[tuple[int, int, str, str]] = []

    # each token's head (absolute index), read once: no Token made for the mention's words
    head_of = [i + h for i, h in enumerate(doc.to_array(HEAD).astype("int64").tolist())]

    def push(s: int, e: int, key: str) -> None:
        hi = e - 1
        # the head of the mention: the token whose head lies outside it
        for k in range(s, e):
            h = head_of[k]
            if not (s <= h < e) or h == k:
                hi = k
                break
        head = doc[hi]
        if head.dep_ == "attr":
            # a predicate nominal ("farmers who are not trained fighters") says
            # what its subject is: the subject is the one pronouns point back to
            return
        hist.append((s, e, key, sentence_index(doc, s), _is_subject(head), _speech_subject(head, lex.speech_verbs),
                     head.head.i if head.dep_ in SUBJ else -1))

    def compatible(key: str, want: str) -> bool:
        ent = ents.get(key)
        if ent is None:
            return False
        if want == "person":
            return ent.kind == "person" and not ent.plural
        if want == "it":
            return ent.kind in ("state", "organization") or (ent.kind == "group" and key.startswith("ORG:"))
        if want == "they":
            return ent.kind == "group" or ent.plural
        return False

    def find(tok: Token, want: str, pred=None) -> str | None:
        sent = sentence_index(doc, tok.i)
        window = WINDOW.get(want, 3)
        best_sent = None
        cands = []
        verb = tok.head.i if tok.dep_ in ("dobj", "iobj", "dative") else -2
        for s, e, key, si, subj, speech, subj_of in reversed(hist):
            if si < sent - window:
                break
            if subj_of == verb:
                continue  # "Cameroon denied it": not its own verb's subject
            if pred is not None:
                if not pred(key):
                    continue
            elif not compatible(key, want):
                continue
            if best_sent is None:
                best_sent = si
            elif si != best_sent:
                break
            cands.append((s, key, subj, speech))
        if not cands:
            return None
        if want == "person":
            for s, key, subj, speech in cands:
                if speech:
                    return key
            for s, key, subj, speech in cands:
                if subj:
                    return key
            return cands[0][1]
        if best_sent != sent:
            for s, key, subj, speech in cands:
                if subj:
                    return key
        return cands[0][1]

    pos, tag, lower, lemma = token_columns(doc, [POS, TAG, LOWER, LEMMA])
    strings = doc.vocab.strings
    for i in range(len(doc)):
        while ni < len(names) and names[ni][0] <= i:
            s, e, key, kind = names[ni]
            push(s, e, key)
            ni += 1
        if b.taken[i]:
            continue
        p = pos[i]
        if p != _PRON and p != _NOUN and p != _PROPN and tag[i] not in _PRP_TAGS:
            continue  # neither a pronoun nor a noun: no mention (and no Token made)
        if p != _PRON and tag[i] not in _PRP_TAGS and strings[lower[i]] not in heads \
                and strings[lemma[i]].lower() not in heads:
            continue  # a noun that heads no description
        tok = doc[i]
        low = tok.lower_
        key = None
        kind = None
        s, e = tok.i, tok.i + 1
        if tok.pos_ == "PRON" or tok.tag_ in ("PRP", "PRP$"):
            if low in pron["person"]:
                key, kind = find(tok, "person"), "pronoun"
            elif low in pron["it"]:
                if tok.dep_ == "expl" or _pleonastic(tok, lex.pleonastic):
                    continue
                key, kind = find(tok, "it"), "pronoun"
            elif low in pron["they"]:
                key, kind = find(tok, "they"), "pronoun"
            elif low in pron["we"]:
                if qmask is None:
                    qmask = _quote_mask(doc)
                if qmask[tok.i]:
                    key = _speaker_group(b, tok, hist)
                    kind = "pronoun"
        elif tok.pos_ in ("NOUN", "PROPN") and (low in heads or tok.lemma_.lower() in heads):
            res = _description(b, tok, find, descr)
            if res:
                key, s, e, kind = res
        if key is None or not b._free(s, e):
            continue
        b._take(s, e, key, kind)
        push(s, e, key)
        if kind == "pronoun" and tok.dep_ == "poss" and tok.head.i in b.deferred:
            _owned_agent(b, tok.head, b.deferred.pop(tok.head.i), key)


def _owned_agent(b: "_Builder", noun: Token, info: dict, owner: str) -> None:
    """"its fighters", "their armies": the owner's own forces, or an agent of its country."""
    ent = b.ents.get(owner)
    if ent is None or not b._free(noun.i, noun.i + 1):
        return
    sector = info.get("sector")
    if ent.kind == "group" and owner.startswith("ORG:") and sector in ("REB", "MIL", "UAF"):
        b._take(noun.i, noun.i + 1, owner, "agent")
        return
    country = ent.country
    if not country or country == "?":
        return
    k = f"AGENT:{country}:{sector}"
    b._ent(k, name=noun.text, country=country, sector=sector, code=None,
           kind=info.get("kind") or "group", plural=noun.tag_ in ("NNS", "NNPS"))
    b._take(noun.i, noun.i + 1, k, "agent")


def _pleonastic(tok: Token, cues: dict[str, set[str]]) -> bool:
    """An "it" that refers to nothing ("it rained", "it is clear that"): ``pleonastic`` in
    ``data/actors/words.yml``."""
    head = tok.head
    if head.lemma_ in cues["weather_verbs"]:
        return True
    if tok.dep_ == "nsubj" and head.lemma_ in cues["copulas"]:
        nxt = tok.doc[tok.i + 1:tok.i + 5]
        if any(c.dep_ in ("ccomp", "xcomp", "csubj") for c in head.children):
            return True
        if any(t.lower_ in cues["predicates"] for t in nxt):
            return True
    return False


def _ments_in(b: "_Builder", sents: tuple[int, ...]) -> list[tuple[int, tuple[int, int, str, str]]]:
    """``b.ments`` of the given sentences, in ``b.ments`` order, as (position, mention).

    An index by sentence, kept on the builder and extended as ``b.ments`` grows,
    so that asking for one sentence does not scan the whole document's mentions."""
    idx = getattr(b, "_ments_by_sent", None)
    if idx is None or idx[0] is not b.ments:
        fresh: dict[int, list[tuple[int, tuple[int, int, str, str]]]] = {}
        idx = (b.ments, [0], fresh)
        setattr(b, "_ments_by_sent", idx)
    ments, done, by_sent = idx
    for pos in range(done[0], len(ments)):
        m = ments[pos]
        by_sent.setdefault(sentence_index(b.doc, m[0]), []).append((pos, m))
    done[0] = len(ments)
    return sorted(x for si in sents for x in by_sent.get(si, ()))


def _speaker_group(b: "_Builder", tok: Token, hist) -> str | None:
    """For we/our inside a quotation: the state or organisation of the quote's speaker."""
    doc = b.doc
    sent = sentence_index(doc, tok.i)
    # the speaker: a person subject of a speech verb in this sentence or the next one,
    # else the most recent person
    speaker = None
    for _, (s, e, key, kind) in _ments_in(b, (sent, sent + 1)):
        ent = b.ents.get(key)
        if ent is None or ent.kind != "person":
            continue
        if doc[e - 1].head.lemma_ in b.lex.speech_verbs:
            speaker = ent
            break
    if speaker is None:
        for s, e, key, si, subj, speech, _ in reversed(hist):
            ent = b.ents.get(key)
            if ent is not None and ent.kind == "person":
                speaker = ent
                break
    if speaker is None or not speaker.country or speaker.country == "?":
        return None
    c = speaker.country
    if c in b.lex.countries:
        k = f"STATE:{c}"
        if k not in b.ents:
            b._ent(k, name=b.lex.countries[c].get("name") or c, country=c, sector=None,
                   code=c, kind="state")
        return k
    return None


_DEFS = {"the", "this", "that", "these", "those"}


def _description(b: "_Builder", tok: Token, find, descr) -> tuple[str, int, int, str] | None:
    """A definite description or bare title: (key, start, end, kind) or None."""
    doc, lex = b.doc, b.lex
    # only phrase heads
    if tok.dep_ == "compound" and tok.head.i > tok.i and tok.head.pos_ in ("NOUN", "PROPN"):
        return None
    dets = [c for c in tok.lefts if c.dep_ in ("det", "poss")]
    definite = any(c.lower_ in _DEFS for c in dets)
    indefinite = any(c.lower_ in ("a", "an") for c in dets)
    low, lem = tok.lower_, tok.lemma_.lower()
    s = min([c.left_edge.i for c in tok.lefts if c.dep_ in ("det", "amod", "compound", "poss",
                                                               "nmod")] + [tok.i])
    e = tok.i + 1
    if not b._free(s, e):
        s = tok.i
        if not b._free(s, e):
            return None
    # titles: "the minister", "the Russian president", "a police spokesman"
    title = None
    for L in range(min(lex.max_title, tok.i + 1), 0, -1):
        tp = tuple(t.lower_ for t in doc[tok.i - L + 1:tok.i + 1])
        if tp in lex.title_phrases and tok.tag_ in ("NN", "NNP"):
            title = (" ".join(tp), lex.title_phrases[tp])
            break
    if title and (definite or indefinite or any(c.dep_ == "poss" for c in dets)):
        phrase, info = title
        country = None
        for c in tok.lefts:
            for t in c.subtree:
                typ, cc = b._country_of_tok(t)
                if cc and typ in ("COUNTRY", "DEMONYM", "CAPITAL"):
                    country = cc
        for c in tok.rights:
            if c.dep_ == "prep" and c.lower_ == "of":
                for t in c.subtree:
                    typ, cc = b._country_of_tok(t)
                    if cc and typ in ("COUNTRY", "DEMONYM", "CAPITAL", "ORG"):
                        country = cc
                        break
        for c in tok.lefts:
            if country is None and c.dep_ == "poss" and c.pos_ == "PRON":
                # "its ambassador": the country of what "its" refers to
                owner = next((k for ms, me, k, kd in reversed(b.ments) if ms == c.i), None)
                oe = b.ents.get(owner) if owner else None
                if oe is not None and oe.country and oe.country != "?":
                    country = oe.country
        role = info.get("leader")
        if country is None and role and definite and not info.get("intl"):
            dom = b.dominant_country()
            k0 = find(tok, "desc", lambda key: key in b.ents and "role:" + role in b.ents[key].titles)
            if k0:
                return k0, s, e, "title"
            country = dom
        if country and role:
            name = lex.leader_for_role(country, role, b.date)
            if name:
                k = f"PER:{name}"
                ent = b.ents.get(k)
                if ent is None:
                    lc, ls, _ = lex.leader_code_at(name, b.date)
                    ent = b._ent(k, name=name, country=lc, sector=ls, code=None, kind="person")
                ent.titles.add(phrase)
                return k, s, e, "title"
        if definite or any(c.dep_ == "poss" for c in dets):
            last = phrase.split()[-1]

            def pred(key: str) -> bool:
                ent = b.ents.get(key)
                if ent is None or ent.kind != "person":
                    return False
                if country and ent.country and ent.country != country:
                    return False
                if role and "role:" + role in ent.titles:
                    return True
                return any(t == phrase or t.split()[-1] == last for t in ent.titles)
            k = find(tok, "desc", pred)
            if k:
                return k, s, e, "title"
        # a new unnamed person: "a police spokesman", "the Iraqi defence minister"
        sector = info.get("sector")
        if country is None and info.get("intl"):
            country = "UNO"
        if country is None and sector in ("GOV", "MIL", "COP", "JUD", "LEG", "OPP", "REB"):
            country = "?"
        if country is None:
            return None
        k = f"UNNAMED:{country}:{phrase}:{tok.i}"
        if definite:
            k = f"UNNAMED:{country}:{phrase}"
        ent = b._ent(k, name=doc[s:e].text if doc[s].lower_ not in ("a", "an", "the")
                     else doc[s + 1:e].text, country=country, sector=sector, code=None,
                     kind="person")
        ent.titles.add(phrase)
        return k, s, e, "title"
    if not definite:
        return None
    # "the group", "the organisation"
    d = descr.get(lem) or descr.get(low)
    if d is not None and tok.tag_ in ("NN", "NNS", "NNP"):
        kinds = set(d.get("kinds") or [])
        sectors = set(d.get("sectors") or [])
        # "the Azerbaijani republic": a description that names its country is of that country
        own = next((cc for c in tok.lefts if c.dep_ in ("amod", "compound", "nmod")
                    for typ, cc in [b._country_of_tok(c)]
                    if cc and typ in ("COUNTRY", "DEMONYM")), None)

        def pred(key: str) -> bool:
            ent = b.ents.get(key)
            if ent is None or ent.kind == "person":
                return False
            if own and ent.country and ent.country != own:
                return False
            if kinds and ent.kind not in kinds:
                return False
            if sectors and ent.sector not in sectors:
                return False
            return True
        k = find(tok, "desc", pred)
        if k:
            return k, s, e, "description"
    # definite agent nouns without a country: "the militants", "the government"
    info = b._agent_info(tok)
    if info is not None:
        sector = info.get("sector")

        def pred2(key: str) -> bool:
            ent = b.ents.get(key)
            return ent is not None and ent.kind != "person" and ent.sector == sector \
                and (not key.startswith("STATE:"))
        k = find(tok, "desc", pred2)
        if k:
            return k, s, e, "description"
        if sector in ("REB", "UAF"):
            # "the militants" before the article names them: the one named armed group
            named = {key for key, ent in b.ents.items()
                     if key.startswith("ORG:") and ent.sector == sector}
            if len(named) == 1:
                return named.pop(), s, e, "description"
        if info.get("needs_country") or info.get("needs_leader"):
            return None
        k = f"AGENT:?:{sector}"
        b._ent(k, name=doc[s + 1:e].text if doc[s].lower_ in _DEFS else doc[s:e].text,
               country="?", sector=sector, code=None, kind=info.get("kind") or "group",
               plural=tok.tag_ in ("NNS", "NNPS"))
        return k, s, e, "agent"
    return None
