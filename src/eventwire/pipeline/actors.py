"""Stage ``actors``: find participants and resolve them to one Actor per entity.

What it sets
------------
``doc._.ew_actors``: :class:`~eventwire.records.Actor` list, ids ``a1``, ``a2``
... in order of first mention, one per entity, its mentions merged.
``doc._.ew_mentions``: :class:`~eventwire.records.Mention` list sorted by start
token: every token span that refers to an actor (names, titles, pronouns,
definite descriptions, metonyms, unnamed agents). Mentions never overlap.

How
---
1. A ``PhraseMatcher`` built once from the dictionaries (``data/actors/*.yml``:
   countries with aliases, demonyms, capitals and cities; organisations and
   militant groups; leaders) marks every dictionary name, mending NER misses.
2. spaCy's entities add people (PERSON) and organisations (ORG) the
   dictionaries do not know.
3. People take titles and demonyms on their left ("Russian Foreign Minister
   Sergei Lavrov") or in an apposition; a known leader with no title is coded
   from the term that covers the article's date.
4. Agents without names ("Iraq's army", "police in Lagos", "a U.S.-led
   coalition", "Western diplomats") come from nouns listed in ``agents.yml``
   and take their country from modifiers, prepositional phrases or, for
   domestic sectors, the article's dominant country.
5. Capitals acting as subjects or possessors ("Moscow would help",
   "Washington's policy") are metonyms for the state; a demonym or country in
   a place phrase ("the Iraqi city of Ramadi") is no actor.
6. In-document coreference (:mod:`eventwire.pipeline.coref`): surnames,
   pronouns and definite descriptions.

The dictionaries are one :class:`~eventwire.lexicon.Lexicon`, built once per
settings and shared with the other stages. Public helpers used by later
stages: :func:`actor_at` and :func:`add_actor`.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from spacy.attrs import LEMMA, LOWER, ORTH, POS
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.parts_of_speech import NOUN as _NOUN, PROPN as _PROPN, X as _X
from spacy.strings import get_string_id
from spacy.tokens import Doc, Token

from ..doctools import DATELINE_CITY, char_span, doc_text, token_columns
from ..lexicon import Lexicon, as_date, get_lexicon
from ..records import Actor, Mention
from ..stage import Stage
from . import coref

# ----------------------------------------------------------------------------------------------
# building actors within one doc

_NOT_PERSON = {"DATE", "TIME", "GPE", "LOC", "FAC", "CARDINAL", "ORDINAL", "MONEY", "PERCENT",
               "QUANTITY", "EVENT", "LAW", "LANGUAGE", "PRODUCT", "WORK_OF_ART"}


# the dateline ("MINSK (Reuters) -", "KABUL, May 3 -"): where the story happens; its
# country weighs as much as this many more mentions when an unnamed agent ("police")
# takes the article's dominant country
_DATELINE = DATELINE_CITY
DATELINE_WEIGHT = 2
# a place name and a colon opening one of the first paragraphs: "Nairobi: Ethiopia and ..."
_COLON_DATELINE = re.compile(r"(?:^|\n)\s*([A-Z][A-Za-z .'-]{2,30}?):[ \t]+(?=[A-Z])")

# dependencies that open another clause: its places are not the agent's
_OTHER_CLAUSE = frozenset({"advcl", "ccomp", "relcl", "acl", "conj", "parataxis", "pcomp"})

MENTION_RANK = {"name": 0, "title": 1, "agent": 2, "metonym": 3, "description": 4, "pronoun": 5}


@dataclass
class _Ent:
    key: str
    name: str
    country: str | None
    sector: str | None
    code: str | None
    kind: str
    titles: set[str] = field(default_factory=set)
    plural: bool = False


def _code(country: str | None, sector: str | None) -> str | None:
    if not country:
        return None
    if sector == "IGO":
        return country
    if sector and not country.endswith(sector):
        return country + sector
    return country


class ActorsStage(Stage):
    sets = ("ew_actors", "ew_mentions", "ew_dateline")

    def __init__(self, nlp: Language, lexicon: Lexicon):
        self.lex = lexicon
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        texts = list(self.lex.surface)
        for text, pdoc in zip(texts, nlp.tokenizer.pipe(texts)):
            self.matcher.add(text, [pdoc])
        # names of the user's PETRARCH files ("HAMID_KARZAI_"): matched in any case
        self.caseless = PhraseMatcher(nlp.vocab, attr="LOWER")
        texts = list(self.lex.caseless)
        for text, pdoc in zip(texts, nlp.tokenizer.pipe(texts)):
            self.caseless.add(text, [pdoc])
        self.strings = nlp.vocab.strings
        # the last word of every agent phrase: a noun that is none of them (nor its lemma)
        # is no agent, and the agents' sweep makes no Token for it
        self.agent_words = frozenset(k[-1] for k in self.lex.agent_phrases)

    # -- entry point
    def __call__(self, doc: Doc) -> Doc:
        art = doc._.ew_article
        date = as_date(art.date) if art is not None else None
        b = _Builder(self, doc, date)
        b.run()
        return doc


class _Builder:
    """Per-doc state: candidate mentions, then entities, then coreference."""

    def __init__(self, stage: ActorsStage, doc: Doc, date: str | None):
        self.st = stage
        self.lex = stage.lex
        self.doc = doc
        self.date = date
        self.taken = [False] * len(doc)          # token already in a mention
        self.ments: list[tuple[int, int, str, str]] = []   # (start, end, key, kind)
        self.ents: dict[str, _Ent] = {}
        self.dict_at: dict[int, tuple[int, int, str, str]] = {}  # token -> (s, e, type, key)
        self.country_count: dict[str, int] = {}
        self.deferred: dict[int, dict] = {}      # agent noun -> info, owner given by a pronoun
        self.dateline: list[int] = []            # tokens of a dateline: no actor

    @property
    def text(self) -> str:
        """The doc's text (:func:`doc_text`: the article's, checked, without joining
        every token, once per Doc)."""
        return doc_text(self.doc)

    # ---------------------------------------------------------------- helpers
    def _free(self, s: int, e: int) -> bool:
        return not any(self.taken[s:e])

    def _take(self, s: int, e: int, key: str, kind: str) -> None:
        for i in range(s, e):
            self.taken[i] = True
        self.ments.append((s, e, key, kind))

    def _ent(self, key: str, **kw) -> _Ent:
        e = self.ents.get(key)
        if e is None:
            e = _Ent(key=key, **kw)
            self.ents[key] = e
        return e

    def dominant_country(self) -> str | None:
        if not self.country_count:
            return None
        return max(self.country_count.items(), key=lambda kv: kv[1])[0]

    def _country_of_tok(self, tok: Token) -> tuple[str | None, str | None]:
        """(type, country/region code) of a token inside a dictionary match."""
        m = self.dict_at.get(tok.i)
        if not m:
            return None, None
        _, _, typ, key = m
        if typ in ("COUNTRY", "CAPITAL", "CITY", "DEMONYM"):
            return typ, key
        if typ == "REGION":
            return typ, self.lex.regions[key].get("code")
        if typ == "ORG":
            o = self.lex.org(key)
            return "ORG", o.get("country") or (o.get("code") or "")[:3] or None
        return typ, None

    # ---------------------------------------------------------------- pipeline
    def run(self) -> None:
        doc = self.doc
        self._dictionary_matches()
        self._leds()
        self._agents()
        self._people_and_orgs()
        self._surnames()
        self._places_and_states()
        coref.resolve(self)
        self._finish()

    # 1. dictionary names
    def _dictionary_matches(self) -> None:
        doc, lex = self.doc, self.lex
        strings = self.st.strings
        spans = []
        for mid, s, e in self.st.matcher(doc):
            spans.append((s, e, strings[mid]))
        if lex.caseless:
            for mid, s, e in self.st.caseless(doc):
                if doc[s].is_title or doc[s].is_upper:   # a name, not a word
                    spans.append((s, e, strings[mid]))
        # longest first, then leftmost
        spans.sort(key=lambda x: (-(x[1] - x[0]), x[0]))
        used = [False] * len(doc)
        chosen = []
        for s, e, text in spans:
            if any(used[s:e]):
                continue
            typ, key = lex.surface.get(text) or lex.caseless[text]
            if text in lex.ambiguous or text in lex.weak:
                t = doc[s]
                if t.pos_ != "PROPN" or t.ent_type_ in _NOT_PERSON:
                    continue
                if text in lex.ambiguous and t.is_sent_start:
                    continue
            for i in range(s, e):
                used[i] = True
            chosen.append((s, e, typ, key, text))
        chosen.sort()
        chosen = self._shared_demonyms(self._elided_names(chosen, used))
        # ambiguous aliases need an unambiguous mention of the same entity
        named = {(typ, key) for s, e, typ, key, text in chosen if text not in lex.ambiguous}
        for s, e, typ, key, text in chosen:
            if text in lex.ambiguous and (typ, key) not in named:
                continue
            for i in range(s, e):
                self.dict_at[i] = (s, e, typ, key)
            if typ in ("COUNTRY", "CAPITAL", "CITY", "DEMONYM"):
                self.country_count[key] = self.country_count.get(key, 0) + 1
        m = _DATELINE.match(doc_text(doc)[:120])
        home = lex.country_of(m.group(1).strip().title()) if m else None
        if home:
            self.country_count[home] = self.country_count.get(home, 0) + DATELINE_WEIGHT
        for cm in _COLON_DATELINE.finditer(doc_text(doc)[:400]):
            # "Nairobi: Ethiopia and Eritrea signed": where the story was filed, no actor
            if lex.country_of(cm.group(1).strip()):
                for t in doc:
                    if t.idx >= cm.end(1):
                        break
                    if t.idx >= cm.start(1):
                        self.taken[t.i] = True
                        self.dateline.append(t.i)
        if m:
            # the dateline's city and agency ("CAIRO (Reuters) -") name no actor: they
            # say where the story was filed and by whom, not who acts (a country after
            # the city, "LA PAZ, Bolivia -", stays: "the country" may point back to it)
            par = m.group(0).find("(")
            for t in doc:
                if t.idx >= m.end():
                    break
                if t.idx < m.end(1) or (par >= 0 and t.idx >= m.start() + par):
                    self.taken[t.i] = True
                    self.dateline.append(t.i)

    def _elided_names(self, chosen: list, used: list) -> list:
        """"North and South Korea", "North and South Korean troops": the first word of a
        coordinated name whose shared last words are written once names its own
        country (when the words, with the shared ones, are a name or demonym)."""
        doc, lex = self.doc, self.lex
        out = list(chosen)
        for s, e, typ, key, text in chosen:
            if typ not in ("COUNTRY", "DEMONYM") or e - s < 2 or s < 2:
                continue
            if doc[s - 1].lower_ not in ("and", "or", ",", "&") or used[s - 2]:
                continue
            w = doc[s - 2]
            if not w.is_title:
                continue
            rest = doc[s + 1:e].text
            hit = lex.surface.get(f"{w.text} {rest}")
            if hit and hit[0] == typ and hit[1] != key:
                out.append((s - 2, s - 1, typ, hit[1], f"{w.text} {rest}"))
                used[s - 2] = True
        return sorted(out)

    def _shared_demonyms(self, chosen: list) -> list:
        """A demonym of several countries ("Congolese") is the one the article names
        (by name, capital or city: "Goma", "DR Congo"); else the first listed."""
        shared = self.lex.shared_demonyms
        if not any(text in shared for *_, text in chosen):
            return chosen
        named: dict[str, int] = {}
        for s, e, typ, key, text in chosen:
            if typ in ("COUNTRY", "CAPITAL", "CITY"):
                named[key] = named.get(key, 0) + 1
        out = []
        for s, e, typ, key, text in chosen:
            cands = shared.get(text)
            if cands:
                key = max(cands, key=lambda c: (named.get(c, 0), -cands.index(c)))
            out.append((s, e, typ, key, text))
        return out

    # 2. "a U.S.-led coalition"
    def _leds(self) -> None:
        doc, lex = self.doc, self.lex
        text = self.text
        if "-led" not in text and "-Led" not in text and "-LED" not in text:
            return
        for tok in doc:
            low = tok.lower_
            if not (low.endswith("-led") or low.endswith("-backed")) or len(low) < 6:
                continue
            prefix = tok.text.rsplit("-", 1)[0]
            hit = lex.surface.get(prefix)
            if not hit:
                continue
            typ, key = hit
            if typ in ("COUNTRY", "DEMONYM", "CAPITAL"):
                country = key
            elif typ == "ORG":
                country = lex.org(key).get("code")
            else:
                continue
            head = tok.head if tok.dep_ in ("amod", "compound", "nmod") else None
            if head is None or head.pos_ not in ("NOUN", "PROPN"):
                continue
            if low.endswith("-backed"):
                continue  # backed forces are the backer's clients: coded by their own noun
            info = self._agent_info(head)
            sector = info.get("sector") if info else "MIL"
            s, e = self._np_bounds(head)
            if not self._free(s, e):
                continue
            name = doc[s:e].text
            if doc[s].lower_ in ("a", "an", "the"):
                name = doc[s + 1:e].text
            key_ = f"LED:{country}:{head.lemma_.lower()}"
            self._ent(key_, name=name, country=country[:3], sector=sector,
                      code=_code(country, sector), kind="group", plural=head.tag_ in ("NNS", "NNPS"))
            self._take(s, e, key_, "agent")

    def _np_bounds(self, head: Token) -> tuple[int, int]:
        """Span of the head noun with its left modifiers (det, amod, compound, poss, nummod)."""
        s = head.i
        for c in head.lefts:
            if c.dep_ in ("det", "amod", "compound", "poss", "nmod", "nummod", "quantmod"):
                if c.dep_ == "poss" and c.pos_ == "PRON":
                    continue  # "their armies": the pronoun is a mention of its own
                s = min(s, c.left_edge.i)
        while s < head.i and (self.taken[s] or self.doc[s].is_punct):
            s += 1
        return s, head.i + 1

    def _agent_info(self, tok: Token) -> dict | None:
        lex = self.lex
        low = tok.lower_
        lem = tok.lemma_.lower()
        if tok.i > 0:
            prev = tok.doc[tok.i - 1].lower_
            for words in ((prev, low), (prev, lem)):
                a = lex.agent_phrases.get(words)
                if a:
                    return dict(a, _two=True)
        a = lex.agent_phrases.get((lem,)) or lex.agent_phrases.get((low,))
        if a is None:
            return None
        if a.get("plural_only") and tok.tag_ not in ("NNS", "NNPS"):
            return None
        return a

    # 3. agents without names
    def _agents(self) -> None:
        doc, lex = self.doc, self.lex
        taken = self.taken
        pos, lower, lemma = token_columns(doc, [POS, LOWER, LEMMA])
        strings, words = self.st.strings, self.st.agent_words
        for i, p in enumerate(pos):
            if (p != _NOUN and p != _PROPN) or taken[i]:
                continue
            if strings[lower[i]] not in words and strings[lemma[i]].lower() not in words:
                continue    # what _agent_info would find no phrase for
            tok = doc[i]
            info = self._agent_info(tok)
            if info is None:
                continue
            m = self.dict_at.get(tok.i)
            if m is not None and m[2] == "ORG" and m[0] < tok.i:
                continue  # the last word of a named body ("the European Union")
            # a noun inside a longer noun compound is a modifier ("police station")
            if tok.dep_ == "compound" and tok.head.pos_ in ("NOUN", "PROPN") and tok.head.i > tok.i:
                continue
            # "the group"/"the army": without a country this is a description, left to coref
            s, e = self._np_bounds(tok)
            if info.get("_two"):
                s = min(s, tok.i - 1)
            country, owner = self._agent_country(tok, s)
            country = info.get("country") or country   # "the (Argentine) Pope": the Holy See
            if owner is not None:
                # "Islamic State insurgents", "Hamas fighters": a mention of the group itself
                okey, ment_kind = owner
                if self._free(s, e):
                    if okey not in self.ents:
                        # the group is named only here: its entity from the dictionary
                        o = lex.org(okey[4:])
                        self._ent(okey, name=okey[4:], country=o.get("country"),
                                  sector=o.get("sector"), code=o.get("code"),
                                  kind=o.get("kind") or "organization",
                                  plural=o.get("kind") == "group")
                    self._take(s, e, okey, "agent")
                continue
            if info.get("needs_leader"):
                continue
            sector = info.get("sector")
            if sector in ("GOV", "CVL"):
                # "military officials", "police sources", "opposition activists"
                for c in tok.lefts:
                    if c.dep_ in ("amod", "compound") and c.i < tok.i:
                        ca = lex.agent_phrases.get((c.lower_,))
                        if ca and ca.get("sector") and ca["sector"] != sector:
                            sector = ca["sector"]
            definite = any(c.dep_ == "det" and c.lower_ in ("the", "this", "that", "these", "those")
                           for c in tok.lefts)
            if country is None and sector in ("MIL", "COP") and tok.dep_ == "dobj":
                # "Russia sent troops", "Moscow deployed forces": the sender's forces
                for c in tok.head.children:
                    if c.dep_ == "nsubj" and c.i in self.dict_at:
                        typ, cc = self._country_of_tok(c)
                        if typ in ("COUNTRY", "CAPITAL") and cc:
                            country = cc
            if country is None and any(c.dep_ == "poss" and c.pos_ == "PRON" for c in tok.lefts):
                self.deferred[tok.i] = info   # "its fighters": decided when "its" is resolved
                continue
            if country is None:
                if definite or info.get("needs_country"):
                    continue  # coreference decides ("the militants", "the government")
                if sector in ("GOV", "MIL", "COP", "JUD", "LEG", "CVL", "OPP", "REB", "UAF",
                              "PTY", "REF", "LAB", "EDU", "MED", "HLH", "BUS"):
                    # the place its clause happens in ("police clashed with protesters in
                    # Minsk"), else the article's dominant country, filled in at the end
                    country = self._clause_place(tok) or "?"
            if not self._free(s, e):
                continue
            plural = tok.tag_ in ("NNS", "NNPS") or info.get("kind") == "group"
            key = f"AGENT:{country}:{sector}"
            name = doc[s:e].text
            if doc[s].lower_ in ("a", "an", "the", "some", "several", "many"):
                name = doc[s + 1:e].text
            ent = self._ent(key, name=name, country=country, sector=sector,
                            code=None, kind=info.get("kind") or "group", plural=plural)
            self._take(s, e, key, "agent")

    def _clause_place(self, tok: Token) -> str | None:
        """Country of the place where the agent's clause happens: a city, capital or
        country as the object of "in"/"at" in the agent's verb phrase."""
        verb = tok
        while verb.dep_ != "ROOT" and verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
            verb = verb.head
        for prep in verb.subtree:
            if prep.dep_ != "prep" or prep.lower_ not in ("in", "at"):
                continue
            up = prep.head
            while up.i != verb.i and up.dep_ not in _OTHER_CLAUSE and up.head.i != up.i:
                up = up.head
            if up.i != verb.i:
                continue   # a place of another clause ("..., a day after talks in Kyiv")
            for obj in prep.children:
                if obj.dep_ != "pobj":
                    continue
                for t in obj.subtree:
                    m = self.dict_at.get(t.i)
                    if m and m[2] in ("CITY", "CAPITAL", "COUNTRY"):
                        return m[3]
        return None

    def _agent_country(self, tok: Token, s: int) -> tuple[str | None, tuple[str, str] | None]:
        """Country of an agent noun from its phrase; or the named group that owns it."""
        cands: list[Token] = []
        for c in tok.lefts:
            if c.dep_ in ("amod", "compound", "poss", "nmod", "npadvmod"):
                cands.extend(c.subtree)
        for c in tok.rights:
            if c.dep_ == "prep" and c.lower_ in ("of", "in", "from", "for"):
                for g in c.children:
                    if g.dep_ == "pobj":
                        cands.append(g)
                        cands.extend(x for x in g.children if x.dep_ in ("compound", "conj"))
        for c in cands:
            m = self.dict_at.get(c.i)
            if not m:
                continue
            ms, me, typ, key = m
            if typ == "ORG":
                o = self.lex.org(key)
                if o.get("kind") == "group" or (o.get("sector") in ("REB", "PRM")):
                    if ms >= s and me <= tok.i:
                        return None, (f"ORG:{key}", "agent")
                    continue
                return (o.get("country") or (o.get("code") or "")[:3] or None), None
            if typ in ("COUNTRY", "CAPITAL", "CITY", "DEMONYM"):
                return key, None
            if typ == "REGION":
                return self.lex.regions[key].get("code"), None
            if typ == "LEADER" and (c.dep_ in ("poss", "compound") or c.head.dep_ in ("poss", "compound")):
                # "Donald Trump's administration", "Putin's army", "the Obama
                # administration": the leader's country
                lc = self.lex.leader_code_at(key, self.date)[0]
                if lc:
                    return lc, None
        return None, None

    # 4. people and organisations: dictionary entries and NER
    def _people_and_orgs(self) -> None:
        doc, lex = self.doc, self.lex
        ners = []
        for ent in doc.ents:
            s, e = ent.start, ent.end
            while s < e and doc[s].lower_ in ("the", "a", "an"):
                s += 1
            while e > s and (doc[e - 1].tag_ == "POS" or doc[e - 1].is_punct):
                e -= 1
            if s < e:
                ners.append((s, e, ent.label_))
        dict_ms = sorted(set(self.dict_at.values()))
        # people first (they absorb titles and organisations on their left), then organisations
        for s, e, typ, key in dict_ms:
            if typ == "LEADER":
                self._person(s, e, leader=key)
        for n, (s, e, label) in enumerate(ners):
            if label == "ORG" and e - s >= 2 and doc[s].lower_ in lex.title_words \
                    and doc[e - 1].pos_ == "PROPN" and not any(i in self.dict_at for i in range(s, e)):
                # NER took a titled person for an organisation ("Rear Adm. Tran Van Minh")
                k = s
                while k < e - 1 and (doc[k].lower_ in lex.title_words or doc[k].lower_ in lex.title_modifiers):
                    k += 1
                if k > s and all(t.pos_ == "PROPN" for t in doc[k:e]):
                    ners[n] = (k, e, "PERSON")
            elif label == "ORG" and s > 0 and doc[s - 1].lower_ in lex.title_words \
                    and 2 <= sum(t.text != "-" for t in doc[s:e]) <= 3 \
                    and all((t.pos_ == "PROPN" and t.is_title and t.text not in lex.org_words) or (
                        t.text == "-" and not t.whitespace_ and not doc[t.i - 1].whitespace_)
                            for t in doc[s:e]) \
                    and not any(i in self.dict_at for i in range(s, e)):
                # a titled name the recogniser took for an organisation ("government
                # spokeswoman Jane Doe"): a person
                ners[n] = (s, e, "PERSON")
        for s, e, label in ners:
            if label != "PERSON" or not self._free(s, e):
                continue
            if doc[s:e].text.islower():
                continue  # "the bush": not a name
            if all(i in self.dict_at for i in range(s, e)):
                continue
            if any(i in self.dict_at and self.dict_at[i][2] in ("ORG", "COUNTRY", "DEMONYM")
                   for i in range(s, e)):
                # NER folded a dictionary name into the person ("Russia's Putin"): keep the rest
                while s < e and (s in self.dict_at or doc[s].tag_ == "POS"):
                    s += 1
                if s >= e:
                    continue
            # NER sometimes folds a title or an honorific into the name ("President Obama")
            while s < e - 1 and (doc[s].lower_ in lex.title_words or doc[s].lower_ in lex.honorifics):
                s += 1
            name = doc[s:e].text
            hit = lex.surface.get(name)
            if not hit or hit[0] != "LEADER":
                hit = lex.lookup(name)   # the looked-up dictionaries (Phoenix)
            if hit and hit[0] == "ORG":  # a person coded without dates ("[IGOUNOREF]")
                self._known_org(s, e, hit[1], kind="person")
                continue
            self._person(s, e, leader=hit[1] if hit and hit[0] == "LEADER" else None)
        for s, e, typ, key in dict_ms:
            if typ != "ORG" or not self._free(s, e):
                continue
            o = lex.org(key)
            self._ent(f"ORG:{key}", name=key, country=o.get("country"), sector=o.get("sector"),
                      code=o.get("code"), kind=o.get("kind") or "organization",
                      plural=o.get("kind") == "group")
            self._take(s, e, f"ORG:{key}", o.get("mention") or "name")
        for s, e, label in ners:
            if label == "ORG" and self._free(s, e) and not any(i in self.dict_at for i in range(s, e)):
                self._org(s, e)

    def _person(self, s: int, e: int, leader: str | None) -> None:
        doc, lex = self.doc, self.lex
        if not self._free(s, e):
            return
        name = leader or doc[s:e].text
        ts, country, sector, titles, code = self._left_title(s, e)
        if ts == s:
            ap = self._appos_title(s, e)
            if ap:
                country, sector, titles = ap
        role = None
        if leader:
            lcountry, lsector, role = lex.leader_code_at(leader, self.date)
            country = country or lcountry
            if sector is None or (lsector == "ELI" and sector == "GOV" and not titles):
                sector = lsector
        k = f"PER:{name}"
        ent = self._ent(k, name=name, country=None, sector=None, code=None, kind="person")
        ent.titles.update(titles)
        if role:
            ent.titles.add("role:" + role)
        if country and not ent.country:
            ent.country = country
        if sector and (not ent.sector or ent.sector == "ELI"):
            ent.sector = sector
        if leader and lex.person(leader).get("code") and not code:
            code = lex.person(leader)["code"]
            if sector == "ELI":
                code = None
        if code and not ent.code:
            ent.code = code
        self._take(ts, e, k, "name")


    def _left_title(self, s: int, e: int):
        """Extend a name leftwards over its titles, demonyms, countries, organisations.

        Returns (start, country, sector, titles, code): ``code`` is set when an
        organisation's name qualifies the title ("Hamas spokesman X")."""
        doc, lex = self.doc, self.lex
        i = s - 1
        toks: list[Token] = []
        roles: list[Token] = []   # "American pastor X": role nouns that are no title
        while i >= 0 and not self.taken[i]:
            t = doc[i]
            low = t.lower_
            if "\n" in t.whitespace_ or t.is_space:
                break
            if low in lex.title_words or low in lex.title_modifiers or (
                    (low,) in lex.agent_phrases and toks and t.dep_ in ("compound", "amod", "nmod")):
                toks.append(t)
                i -= 1
                continue
            if t.pos_ in ("NOUN", "ADJ") and t.is_lower and len(roles) < 2 and \
                    t.dep_ in ("compound", "amod", "nmod") and (
                        s <= t.head.i < e or (toks and t.head.i == toks[-1].i)):
                toks.append(t)
                roles.append(t)
                i -= 1
                continue
            if i in self.dict_at and self.dict_at[i][2] in ("COUNTRY", "DEMONYM", "CAPITAL", "ORG",
                                                              "REGION"):
                ms = self.dict_at[i][0]
                if any(self.taken[j] for j in range(ms, i + 1)):
                    break
                toks.extend(doc[j] for j in range(i, ms - 1, -1))
                i = ms - 1
                continue
            if t.tag_ == "POS" and i - 1 >= 0 and (i - 1) in self.dict_at:
                toks.append(t)
                i -= 1
                continue
            # a word of an organisation's name in the same phrase ("Defence Ministry spokesman")
            if t.ent_type_ == "ORG" and t.pos_ == "PROPN" and s <= t.head.i < e + 3:
                toks.append(t)
                i -= 1
                continue
            if t.ent_type_ == "ORG" and t.pos_ == "PROPN" and toks and t.head.i >= toks[-1].i:
                toks.append(t)
                i -= 1
                continue
            break
        if not toks:
            return s, None, None, set(), None
        toks.reverse()
        # words, joining hyphenated ones ("Secretary - General")
        words: list[str] = []
        for t in toks:
            if words and (t.text == "-" or words[-1].endswith("-")) and not doc[t.i - 1].whitespace_:
                words[-1] += t.lower_
            else:
                words.append(t.lower_)
        country = sector = code = own = None
        titles: set[str] = set()
        j, n = 0, len(words)
        while j < n:
            found = None
            for L in range(min(lex.max_title, n - j), 0, -1):
                tp = tuple(words[j:j + L])
                if tp in lex.title_phrases:
                    found = (L, lex.title_phrases[tp], " ".join(tp))
                    break
            if found:
                L, info, phrase = found
                sector = info.get("sector") or sector
                titles.add(phrase)
                if info.get("intl"):
                    sector = "IGO"
                own = own or info.get("country")
                j += L
            else:
                j += 1
        # an agent noun qualifying the title gives the sector: "rebel spokesman", "army chief"
        for t in toks:
            a = lex.agent_phrases.get((t.lower_,))
            if a and a.get("sector") and not any(t.lower_ in ph.split() for ph in titles):
                sector = a["sector"]
        for t in toks:
            typ, c = self._country_of_tok(t)
            if typ == "ORG":
                o = lex.org(self.dict_at[t.i][3])
                code = o.get("code")
                country = o.get("country") or (code or "")[:3] or None
                if o.get("sector") and o.get("sector") != "IGO":
                    sector = o.get("sector") if not titles or sector in ("GOV", None) else sector
                break
            if c and typ in ("COUNTRY", "DEMONYM", "CAPITAL", "REGION"):
                country = c
                break
        country = own or country   # a title that names its own state ("Pope")
        if code is None and country is None:
            # an unlisted organisation on the left: its country and sector
            for t in toks:
                if t.ent_type_ == "ORG" and t.text in lex.org_words:
                    sector = sector or lex.org_words[t.text]
        if not titles and code is None and not (roles and country and toks[0] not in roles):
            return s, None, None, set(), None
        start = toks[0].i
        while start < s and doc[start].lower_ in ("-", "'s", "of", "and", "state", "general"):
            if doc[start].lower_ in ("state", "general") and doc[start - 1].lower_ != "of":
                break
            start += 1
        return start, country, sector, titles, code

    def _appos_title(self, s: int, e: int):
        """"Sergei Lavrov, Russia's foreign minister," / "the foreign minister, Sergei Lavrov"."""
        doc, lex = self.doc, self.lex
        head = doc[s:e].root
        cands = [c for c in head.children if c.dep_ == "appos"]
        if head.dep_ == "appos":
            cands.append(head.head)
        for c in cands:
            if c.i >= s and c.i < e:
                continue
            phrase = None
            # the longest title ending at c
            for L in range(min(lex.max_title, c.i + 1), 0, -1):
                tp = tuple(t.lower_ for t in doc[c.i - L + 1:c.i + 1])
                if tp in lex.title_phrases:
                    phrase = (tp, lex.title_phrases[tp])
                    break
            if not phrase:
                continue
            country = None
            for t in c.subtree:
                typ, cc = self._country_of_tok(t)
                if cc and typ in ("COUNTRY", "DEMONYM", "CAPITAL", "ORG"):
                    country = cc
                    break
            info = phrase[1]
            if info.get("intl") and country is None:
                country = "UNO"
            country = info.get("country") or country
            return country, info.get("sector"), {" ".join(phrase[0])}
        return None

    def _org(self, s: int, e: int) -> None:
        doc, lex = self.doc, self.lex
        name = doc[s:e].text
        if name.isupper() and (name.title() in lex.surface or len(name) <= 4 and e - s == 1
                               and doc[s].is_sent_start):
            return  # a dateline ("CAIRO (Reuters) -") or a shouted place name
        hit = lex.lookup(name)
        if hit and hit[0] == "ORG":
            self._known_org(s, e, hit[1])
            return
        sector = None
        for t in doc[s:e]:
            if t.text in lex.org_words:
                sector = lex.org_words[t.text]
        country = None
        for t in list(doc[s:e]) + [c for c in doc[e - 1].lefts if c.i < s]:
            typ, c = self._country_of_tok(t)
            if c and typ in ("COUNTRY", "DEMONYM", "CAPITAL"):
                country = c
                break
        if country is None and any(t.lower_ in lex.intl_org_words for t in doc[s:e]):
            # "the International Fisheries Bureau": an international body, of no country
            sector = "IGO"
        if country is None and sector in ("GOV", "MIL", "COP", "JUD", "LEG"):
            country = "?"
        k = f"ORG:{name}"
        self._ent(k, name=name, country=country, sector=sector, code=None, kind="organization")
        self._take(s, e, k, "name")

    def _known_org(self, s: int, e: int, key: str, kind: str | None = None) -> None:
        """An entity the recogniser found whose name a looked-up dictionary codes."""
        o = self.lex.org(key)
        code = o.get("code")
        self._ent(f"ORG:{key}", name=key, country=o.get("country"), sector=o.get("sector"),
                  code=code, kind=kind or o.get("kind") or "organization",
                  plural=o.get("kind") == "group")
        self._take(s, e, f"ORG:{key}", "name")

    # 5. surnames of people named in full ("Lavrov" after "Sergei Lavrov")
    def _surnames(self) -> None:
        doc = self.doc
        surnames: dict[str, str] = {}
        for k, ent in self.ents.items():
            if ent.kind != "person":
                continue
            parts = ent.name.replace("-", " ").split()
            if len(parts) >= 2:
                surnames.setdefault(parts[-1], k)
        if not surnames:
            return
        # merge single-token person entities that are a known surname
        for k, ent in list(self.ents.items()):
            if ent.kind == "person" and " " not in ent.name and ent.name in surnames \
                    and surnames[ent.name] != k:
                self._merge(k, surnames[ent.name])
        ids = {get_string_id(w) for w in surnames}
        orth, pos = token_columns(doc, [ORTH, POS])
        for i, o in enumerate(orth):
            if o not in ids or self.taken[i] or pos[i] not in (_PROPN, _NOUN, _X):
                continue
            tok = doc[i]
            s = tok.i
            if s >= 2 and doc[s - 1].text == "-" and doc[s - 2].lower_ in self.lex.name_particles:
                s -= 2
            if not self._free(s, tok.i + 1):
                s = tok.i
            self._take(s, tok.i + 1, surnames[tok.text], "name")

    def _merge(self, src: str, dst: str) -> None:
        a, b = self.ents.pop(src), self.ents[dst]
        b.titles |= a.titles
        b.country = b.country or a.country
        if not b.sector or b.sector == "ELI":
            b.sector = a.sector or b.sector
        self.ments = [(s, e, dst if k == src else k, kind) for s, e, k, kind in self.ments]

    # 6. countries and capitals
    def _places_and_states(self) -> None:
        doc, lex = self.doc, self.lex
        seen = set()
        for i, m in sorted(self.dict_at.items()):
            if m in seen:
                continue
            seen.add(m)
            s, e, typ, key = m
            if typ not in ("COUNTRY", "CAPITAL", "DEMONYM") or not self._free(s, e):
                continue
            root = doc[e - 1]
            head = root.head
            if typ == "DEMONYM":
                # plural people nouns: "Americans", "Iraqis" -> citizens
                if root.tag_ in ("NNS", "NNPS") or (root.pos_ in ("PROPN", "NOUN") and
                                                    root.text.endswith("s") and root.dep_ not in ("amod", "compound")):
                    country, s = self._people_country(root, s, key)
                    k = f"AGENT:{country}:CVL" if country else f"ETHNIC:{key}"
                    self._ent(k, name=doc[s:e].text, country=country, sector="CVL", code=None,
                              kind="group", plural=True)
                    self._take(s, e, k, "agent")
                continue
            # in a place phrase: "the Iraqi city of Ramadi", "Baghdad province"
            if root.dep_ in ("compound", "amod", "nmod") and head.lower_ in lex.place_nouns:
                continue
            c = lex.countries[key]
            if typ == "CAPITAL":
                if not self._metonymic(root):
                    continue
                kind = "metonym"
            else:
                # a country name modifying another noun ("U.S. air strikes") still stands
                # for the state; one modifying a place noun was skipped above
                kind = "name"
            k = f"STATE:{key}"
            self._ent(k, name=c.get("name") or key, country=key, sector=None, code=key, kind="state")
            self._take(s, e, k, kind)


    def _people_country(self, root: Token, s: int, key: str) -> tuple[str | None, int]:
        """(country, start) of a people named by a plural demonym: a state's demonym
        before it names the state they live in ("Bosnian Serbs", "Iraqi Kurds"); an
        ethnic group ("ethnic Albanians") is of the country its phrase or clause
        places it in, else of none: a minority is not the state of its name."""
        for c in root.lefts:
            m = self.dict_at.get(c.i)
            if c.dep_ in ("amod", "compound", "nmod") and m and m[2] in ("DEMONYM", "COUNTRY") \
                    and m[3] != key and self._free(m[0], m[1]):
                return m[3], min(s, m[0])
        if not any(c.dep_ in ("amod", "compound") and c.lower_ in self.lex.ethnic_words
                   for c in root.lefts):
            return key, s
        for c in root.rights:
            if c.dep_ == "prep" and c.lower_ in self.lex.people_place_preps:
                for t in c.subtree:
                    m = self.dict_at.get(t.i)
                    if m and m[2] in ("COUNTRY", "CAPITAL", "CITY") and m[3] != key:
                        return m[3], s
        place = self._clause_place(root)
        return (place if place != key else None), s

    def _metonymic(self, tok: Token) -> bool:
        """A capital acts (subject, possessor, agent) rather than being a location."""
        t = tok
        while t.dep_ == "conj" and t.head is not t:
            t = t.head
        dep = t.dep_
        if dep in ("nsubj", "nsubjpass", "poss", "agent", "dobj", "appos"):
            return True
        if dep == "pobj":
            prep = t.head.lower_
            if prep in ("with", "against", "by") :
                return True
            return False
        if dep in ("compound", "amod", "nmod"):
            return False  # "the Baghdad government" is an agent; "Moscow airport" a place
        return False

    # 7. ids, codes and records
    def _finish(self) -> None:
        doc = self.doc
        dom = self.dominant_country()
        if dom is None:
            # no country named: the country of the article's coded actors ("President X
            # conceded to demands from UNITA" is about Angola)
            counts: dict[str, int] = {}
            for ent in self.ents.values():
                if ent.country and ent.country in self.lex.countries:
                    counts[ent.country] = counts.get(ent.country, 0) + 1
            if counts:
                dom = max(counts.items(), key=lambda kv: kv[1])[0]
        for ent in self.ents.values():
            if ent.country == "?":
                ent.country = dom
            if ent.kind == "person" and not ent.country and not ent.code and ent.sector in self.lex.domestic_sectors:
                ent.country = dom   # "President Paul Biya" in an article about Cameroon
            if ent.code is None:
                ent.code = _code(ent.country, ent.sector)
            if ent.code is None and ent.sector in ("NGO", "IGO"):
                ent.code = ent.sector     # an unnamed aid group, an international body
            if ent.country and len(ent.country) == 3 and ent.country not in self.lex.countries:
                # regional or international codes are no ISO country
                ent.country = None
        ments = sorted(self.ments)
        text = self.text
        order: list[str] = []
        seen = set()
        for s, e, k, kind in ments:
            if k not in seen and k in self.ents:
                seen.add(k)
                order.append(k)
        ids = {k: f"a{n + 1}" for n, k in enumerate(order)}
        actors: list[Actor] = []
        by_key: dict[str, Actor] = {}
        best: dict[str, tuple] = {}
        for s, e, k, kind in ments:
            if k not in ids:
                continue
            rank = (MENTION_RANK.get(kind, 9), -(e - s), s)
            if k not in best or rank < best[k][0]:
                best[k] = (rank, s, e)
        for k in order:
            ent = self.ents[k]
            _, s, e = best[k]
            span = char_span(doc, s, e)
            a = Actor(id=ids[k], name=ent.name, text=text[span[0]:span[1]], span=span,
                      mentions=[], country=ent.country if ent.country in self.lex.countries else None,
                      sector=ent.sector, code=ent.code, kind=ent.kind)
            actors.append(a)
            by_key[k] = a
        mentions: list[Mention] = []
        for s, e, k, kind in ments:
            if k not in by_key:
                continue
            by_key[k].mentions.append(char_span(doc, s, e))
            mentions.append(Mention(s, e, ids[k], kind))
        doc._.ew_actors = actors
        doc._.ew_mentions = mentions
        # the dateline's tokens name no actor, for the later stages too
        doc._.ew_dateline = list(self.dateline)
        doc.user_data["ew_actor_meta"] = {ids[k]: {"titles": sorted(self.ents[k].titles),
                                                   "plural": self.ents[k].plural}
                                          for k in order}


# ----------------------------------------------------------------------------------------------
# helpers for later stages


def _mention_index(doc: Doc) -> list[int]:
    """Token -> index into doc._.ew_mentions (-1 where none); cached per mention list."""
    ments = doc._.ew_mentions or []
    cache = doc.user_data.get("ew_mention_index")
    stamp = (id(ments), len(ments))
    if cache is not None and cache[0] == stamp:
        return cache[1]
    idx = [-1] * len(doc)
    for n, m in enumerate(ments):
        for i in range(m.start, min(m.end, len(doc))):
            idx[i] = n
    doc.user_data["ew_mention_index"] = (stamp, idx)
    return idx


def actor_at(doc: Doc, start_tok: int, end_tok: int) -> str | None:
    """Id of the actor whose mention covers or heads tokens ``[start_tok, end_tok)``.

    Prefers the mention that contains the span's syntactic head; otherwise the
    mention covering most of the span's tokens; ``None`` when no mention
    overlaps the span."""
    ments = doc._.ew_mentions or []
    if not ments or start_tok >= end_tok:
        return None
    idx = _mention_index(doc)
    start_tok = max(0, start_tok)
    end_tok = min(len(doc), end_tok)
    if start_tok >= end_tok:
        return None
    root = doc[start_tok:end_tok].root
    n = idx[root.i]
    if n >= 0:
        return ments[n].actor
    counts: dict[int, int] = {}
    for i in range(start_tok, end_tok):
        if idx[i] >= 0:
            counts[idx[i]] = counts.get(idx[i], 0) + 1
    if not counts:
        return None
    best = max(counts.items(), key=lambda kv: (kv[1], -kv[0]))[0]
    return ments[best].actor


def add_actor(doc: Doc, start_tok: int, end_tok: int, name: str, country: str | None,
              sector: str | None, code: str | None, kind: str = "state",
              mention_kind: str = "name") -> str:
    """Add (or merge into) an actor and its mention; returns the actor id.

    If a mention already covers the span's head, that actor's id is returned
    unchanged. Otherwise an actor with the same ``code`` and ``name`` is reused,
    or a new one gets the next id. The mention is inserted in start order and
    ``doc._.ew_actors``/``doc._.ew_mentions`` stay consistent."""
    if doc._.ew_actors is None:
        doc._.ew_actors = []
    if doc._.ew_mentions is None:
        doc._.ew_mentions = []
    existing = actor_at(doc, start_tok, end_tok)
    if existing is not None:
        idx = _mention_index(doc)
        root = doc[start_tok:end_tok].root
        if idx[root.i] >= 0:
            return existing
    actors = doc._.ew_actors
    actor = next((a for a in actors if a.code == code and a.name == name), None)
    span = char_span(doc, start_tok, end_tok)
    if actor is None:
        used = {a.id for a in actors}
        n = len(actors) + 1
        while f"a{n}" in used:
            n += 1
        actor = Actor(id=f"a{n}", name=name, text=doc_text(doc)[span[0]:span[1]], span=span,
                      mentions=[], country=country, sector=sector, code=code, kind=kind)
        actors.append(actor)
    # drop the overlap with existing mentions: keep the new span only on free tokens
    ments = doc._.ew_mentions
    if not any(m.start < end_tok and start_tok < m.end for m in ments):
        starts = [m.start for m in ments]
        pos = bisect_right(starts, start_tok)
        ments.insert(pos, Mention(start_tok, end_tok, actor.id, mention_kind))
        mspans = actor.mentions
        mspans.insert(bisect_left(mspans, span), span)
    return actor.id


@Language.factory("ew_actors",
                  assigns=["doc._.ew_actors", "doc._.ew_mentions", "doc._.ew_dateline"],
                  default_config={"actors_files": []})
def make_actors(nlp: Language, name: str, actors_files: list[str]) -> ActorsStage:
    return ActorsStage(nlp, get_lexicon(actors_files))
