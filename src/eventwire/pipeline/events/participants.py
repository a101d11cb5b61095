"""Events stage, participants: the actor a role filler stands for.

A role filler maps to the actor of a mention over its head, of a compound /
possessive / demonym modifier, or of an ``of``/``by``/``from`` phrase; a place
filler ("the Iraqi city of Ramadi") maps to its country's state actor, a
filler with a national modifier ("British tankers") to that state, added
through the actors stage's ``add_actor``; an unnamed victim ("protesters")
to a civilian actor of its country. Country names, demonyms and capitals come
from the one :class:`~eventwire.lexicon.Lexicon` of the pipeline's settings.
"""
from __future__ import annotations

from bisect import bisect_left

from spacy.tokens import Token

from ...doctools import sentence_index
from ...lexicon import Lexicon
from ...records import Actor
from ..actors import add_actor
from .roles import _OBJ, _SUBJ
from ._shared import MixinBase

_NOT_COUNTRIES = frozenset({"IGO", "IMG", "UNO", "NAT", "EUR", "NGO", "MNC", "AFR", "WST", "INT"})


def _country_of(word: str, lex: Lexicon) -> str | None:
    """ISO3 of a capitalised country name, demonym, capital or listed city, per the lexicon."""
    w = word.strip()
    if not w or not w[0].isupper():
        return None
    return lex.country_of(w)


class Participants(MixinBase):
    """Actor look-ups for role fillers (a mixin of the per-document builder)."""

    def _actor_of(self, tok: Token, depth: int = 0, place: bool = True) -> str | None:
        a = self.tok_actor[tok.i]
        if a is not None:
            return a
        kids = list(tok.children)
        pron_owner = None
        for dep in ("poss", "compound", "amod", "nmod"):
            for c in kids:
                if c.dep_ == dep and c.i < tok.i:
                    a = self.tok_actor[c.i]
                    if a is not None and dep == "poss" and c.pos_ == "PRON":
                        # "his Tunisian counterpart": a national modifier goes first
                        pron_owner = pron_owner or a
                        continue
                    if a is None and c.dep_ == "compound":
                        for g in c.children:
                            if g.dep_ in ("compound", "amod") and self.tok_actor[g.i]:
                                a = self.tok_actor[g.i]
                    if a is not None:
                        return a
        if pron_owner is not None:
            # "its treatment of journalists": the owner, unless a national modifier says otherwise
            return (self._national_actor(tok) if place else None) or pron_owner
        if depth < 2 and tok.lemma_.lower() not in self.syn["relational_nouns"]:
            # ("the ally of Chavez" is not Chavez: relational nouns stand for no owner)
            for c in (self._noun_preps(tok) if tok.pos_ == "NOUN" else kids):
                if c.dep_ == "prep" and c.lower_ in self.syn["owner_preps"]:
                    for p in self._pobjs(c):
                        a = self._actor_of(p, depth + 1, place)
                        if a is not None:
                            return a
        if place:
            return self._place_actor(tok) or self._national_actor(tok)
        return None

    def _ent(self, i: int):
        """The named entity over token ``i``, or None (an index built once per Doc)."""
        if self._ents is None:
            self._ents = {k: e for e in self.doc.ents for k in range(e.start, e.end)}
        return self._ents.get(i)

    def _actor(self, aid: str | None) -> Actor | None:
        """The actor with id ``aid`` (an index kept as actors are added)."""
        if aid is None:
            return None
        a = self._acts.get(aid)
        if a is None:
            self._acts = {x.id: x for x in self.doc._.ew_actors or []}
            a = self._acts.get(aid)
        return a

    def _coded(self, aid: str) -> bool:
        a = self._actor(aid)
        return a is not None and bool(a.code or a.country)

    def _national_actor(self, tok: Token) -> str | None:
        """The state actor of a filler with no actor of its own but a national
        modifier: "seized British tankers" -> GBR, "a Saudi-led coalition" -> SAU."""
        if tok.pos_ not in ("NOUN", "PROPN"):
            return None
        for c in self.doc[tok.left_edge.i:tok.i]:
            if c.ent_type_ in ("NORP", "GPE") and c.ent_iob_ == "B":
                ent = self._ent(c.i)
                s, e = (ent.start, ent.end) if ent is not None else (c.i, c.i + 1)
            elif c.pos_ in ("ADJ", "PROPN") and c.dep_ in ("amod", "compound"):
                s, e = c.i, c.i + 1   # "the Philippine Marines": a demonym inside a name
            else:
                continue
            iso = _country_of(self.doc[s:e].text, self.lex)
            if iso:
                return self._state_actor(s, e, self.doc[s:e].text, iso)
        return None

    def _demonym_country(self, tok: Token) -> str | None:
        """ISO3 of a demonym (NORP) modifying ``tok`` directly ("Russian irregulars")."""
        for c in tok.children:
            if c.i < tok.i and c.dep_ == "amod" and c.ent_type_ == "NORP":
                return _country_of(c.text, self.lex)
        return None

    def _place_country(self, tok: Token) -> str | None:
        """ISO3 of a place named in the trigger's "in/on/across/near" phrases (or those
        of their objects): "killed 18 people in airstrikes on Sanaa" -> YEM."""
        preps = [c for c in tok.children if c.dep_ == "prep"]
        if not preps:
            # "killed nine shoppers when two bombers blew themselves up in Kano": the place
            # of the clause that tells when it happened
            preps = self._when_preps(tok)
        for p in list(preps):
            for o in self._pobjs(p):
                preps += [c for c in o.children if c.dep_ == "prep"]
        for p in preps:
            if p.lower_ not in self.syn["place_preps"]:
                continue
            for o0 in self._pobjs(p):
                # "in the northern province of Balkh": the place the place noun names
                os_ = [o0] + ([g for c in o0.children if c.dep_ == "prep" and c.lower_ == "of"
                               for g in self._pobjs(c)]
                              if o0.lemma_.lower() in self.lex.place_nouns else [])
                o = next((x for x in os_ if x.ent_type_ in ("GPE", "LOC") or x.pos_ == "PROPN"), o0)
                if o.ent_type_ in ("GPE", "LOC") or o.pos_ == "PROPN":
                    ent = self._ent(o.i)
                    iso = _country_of(ent.text if ent is not None else o.text, self.lex)
                    if iso:
                        return iso
        return None

    def _place_actor(self, tok: Token) -> str | None:
        """The state actor of a place filler: a demonym or "in <country>" in its phrase,
        else the gazetteer's country of the place name."""
        is_place = tok.ent_type_ in ("GPE", "LOC", "FAC") or tok.lemma_.lower() in self.lex.place_nouns
        if not is_place:
            return None
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ in ("in", "of"):
                for p in self._pobjs(c):
                    a = self.tok_actor[p.i]
                    if a is not None:
                        return a
        iso = None
        words = []
        if tok.ent_type_ in ("GPE", "LOC", "FAC"):
            ent = self._ent(tok.i)
            if ent is not None:
                words.append((ent.start, ent.end, ent.text))
        for c in tok.children:
            if c.dep_ in ("amod", "compound") and c.i < tok.i:
                words.append((c.i, c.i + 1, c.text))
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ in ("in", "of"):
                for p in self._pobjs(c):
                    words.append((p.i, p.i + 1, p.text))
        for s, e, w in words:
            iso = _country_of(w, self.lex)
            if iso:
                return self._state_actor(s, e, w, iso)
        return None

    def _state_actor(self, s: int, e: int, text: str, iso: str) -> str | None:
        doc = self.doc
        for a in doc._.ew_actors or []:
            if a.code == iso or (a.country == iso and a.kind == "state"):
                return a.id
        aid = add_actor(doc, s, e, self.lex.country_name(iso), iso, None, iso, "state", "metonym")
        for i in range(s, e):
            self.tok_actor[i] = aid
        return aid

    def _state_of(self, tok: Token) -> str | None:
        a = self.tok_actor[tok.i]
        if a is not None:
            act = self._actor(a)
            return a if act is not None and act.kind == "state" else None
        iso = _country_of(tok.text, self.lex)
        return self._state_actor(tok.i, tok.i + 1, tok.text, iso) if iso else None

    def _domestic(self, filler: Token, source: str, population: bool = False,
                  trigger: Token | None = None) -> list[str]:
        """An unnamed victim or place ("protesters", "a village") with no actor of its
        own, in a conflict event whose source is of a country: of that country, or
        of the country of the victims' national modifier or of the place the
        trigger names ("killed 18 people in Sanaa")."""
        if filler.pos_ not in ("NOUN",) or self.tok_actor[filler.i] is not None:
            return []
        lem = filler.lemma_.lower()
        if not population and lem not in self.syn["victim_nouns"] and lem not in self.lex.place_nouns:
            return []   # "torpedoed the ship": no actor named, none made up
        if not population and lem in self.lex.place_nouns and any(
                c.dep_ == "poss" and c.pos_ == "PRON" for c in filler.children):
            return []   # "deployed troops along its border": the source's own place
        if not population and lem in self.lex.place_nouns:
            for c in filler.children:
                # "a camp for Congolese refugees", "the homes of Serb villagers": the
                # people the place is of
                if c.dep_ == "prep" and c.lower_ in ("for", "of"):
                    for o in self._pobjs(c):
                        a = self.tok_actor[o.i]
                        oa = self._actor(a)
                        if a is not None and a != source and oa is not None and oa.country:
                            return [a]
        src = self._actor(source)
        iso = src.country if src is not None else None
        if not population and src is not None and src.kind == "state":
            iso = None   # a state acting (often abroad): its victims are not assumed its own
        if trigger is not None and not population:
            iso = self._place_country(trigger) or iso
        for c in filler.children:
            # "killing three Indian soldiers": the victims' own nationality
            if c.dep_ in ("amod", "compound", "nmod") and c.i < filler.i and c.ent_type_ in ("NORP", "GPE"):
                ent = self._ent(c.i)
                other = _country_of(ent.text if ent is not None else c.text, self.lex)
                if other:
                    iso = other
                    break
        if not iso or len(iso) != 3 or iso in _NOT_COUNTRIES:
            return []
        s, e = filler.left_edge.i, filler.i + 1
        aid = add_actor(self.doc, s, e, self.doc[s:e].text, iso, "CVL", iso + "CVL", "group", "agent")
        if aid == source:
            return []
        for i in range(s, e):
            self.tok_actor[i] = aid
        return [aid]

    def _crowd(self, filler: Token, iso: str) -> str | None:
        """A civilian actor of country ``iso`` for an unnamed crowd ("thousands of
        people", "protesters") with no actor of its own; None for anything else."""
        if filler.pos_ not in ("NOUN", "NUM", "PRON") or self.tok_actor[filler.i] is not None:
            return None
        words = self.syn["victim_nouns"]
        heads = [filler] + [p for c in filler.children if c.dep_ == "prep" and c.lower_ == "of"
                            for p in self._pobjs(c)]
        if not any(h.lemma_.lower() in words or h.lower_ in words for h in heads) or \
                any(self.tok_actor[h.i] is not None for h in heads):
            return None
        s, e = filler.left_edge.i, filler.right_edge.i + 1
        if e - s > 8:
            s, e = filler.left_edge.i, filler.i + 1
        aid = add_actor(self.doc, s, e, self.doc[s:e].text, iso, "CVL", iso + "CVL", "group", "agent")
        for i in range(s, e):
            if self.tok_actor[i] is None:
                self.tok_actor[i] = aid
        return aid

    def _country_index(self) -> tuple:
        """(sentence index -> {ISO3: [actor ids]}, the article's dominant country or None),
        computed once per Doc from the actor mentions."""
        ci = getattr(self, "_cidx", None)
        if ci is not None and ci[0] is self.doc:
            return ci[1], ci[2]
        doc = self.doc
        acts = {a.id: a for a in doc._.ew_actors or []}
        by_sent: dict[int, dict[str, list[str]]] = {}
        counts: dict[str, int] = {}
        for m in doc._.ew_mentions or []:
            a = acts.get(m.actor)
            iso = a.country if a is not None else None
            if not iso or len(iso) != 3 or iso in _NOT_COUNTRIES or m.start >= len(doc):
                continue
            si = sentence_index(doc, m.start)
            lst = by_sent.setdefault(si, {}).setdefault(iso, [])
            if a.id not in lst:
                lst.append(a.id)
            counts[iso] = counts.get(iso, 0) + 1
        total = sum(counts.values())
        main = None
        if counts:
            iso, n = max(counts.items(), key=lambda kv: kv[1])
            if n * 2 > total:
                main = iso
        self._cidx = (doc, by_sent, main)
        return by_sent, main

    def _own_government(self, source: str, sent: int) -> list[str]:
        """The government (or state) of an unnamed domestic source's own country,
        among the article's actors: protests name no target when they are against it."""
        acts = self.doc._.ew_actors or []
        src = self._actor(source)
        iso = src.country if src is not None else None
        if not iso or iso in _NOT_COUNTRIES or src.sector == "GOV" or src.kind == "state":
            return []
        for a in acts:
            if a.id != source and a.country == iso and (a.kind == "state" or a.sector == "GOV"):
                return [a.id]
        return []

    def _context_pair(self, sent: int, tok: Token) -> tuple[list[str], list[str]]:
        by_sent, main = self._country_index()
        here = by_sent.get(sent, {})
        if len(here) > 1:
            return [], []
        iso = next(iter(here)) if here else main
        if iso is None or (here and main is not None and iso != main):
            return [], []
        # a demonym or place of another country in the sentence ("Israeli air raids",
        # "Palestinian prisoners rioted") names a participant the parse did not reach
        for t in tok.sent:
            if t.ent_type_ in ("NORP", "GPE") and t.ent_iob_ == "B":
                other = _country_of(t.text, self.lex)
                if other and other != iso:
                    return [], []
        ids = here.get(iso) or []
        if not ids:
            ids = [x for d in by_sent.values() for x in d.get(iso, [])]
            acts = {a.id: a for a in self.doc._.ew_actors or []}
            states = [x for x in ids if acts[x].kind == "state"]
            ids = states or ids
        if not ids:
            return [], []
        return [ids[0]], [ids[1] if len(ids) > 1 else ids[0]]

    def _home_forces(self, target: str) -> list[str]:
        acts = self.doc._.ew_actors or []
        tg = self._actor(target)
        iso = tg.country if tg is not None else None
        if not iso or iso in _NOT_COUNTRIES:
            return []
        for sector in ("COP", "MIL", "GOV"):
            for a in acts:
                if a.id != target and a.country == iso and a.sector == sector:
                    return [a.id]
        return []

    def _visited(self, tok: Token) -> list[str]:
        """The state of an "in/to <place>" phrase of the trigger, or of the verb
        whose phrase or object it is ("arrived in Lima on a visit")."""
        nodes = [tok]
        h = tok.head
        if tok.dep_ == "pobj" and h.dep_ == "prep":
            nodes.append(h.head)
        elif tok.dep_ in ("dobj", "nsubj") and h.pos_ in ("VERB", "AUX"):
            nodes.append(h)
        for node in nodes:
            for c in node.children:
                if c.dep_ == "prep" and c.lower_ in ("in", "to"):
                    for p in self._pobjs(c):
                        a = self._state_of(p)
                        if a is None:
                            a = self._place_actor(p)
                        if a is not None:
                            return [a]
        return []

    def _theme_owner(self, v: Token, src: list[str]) -> list[str]:
        """The actor or state named as the owner of the verb's object: its possessor,
        demonym or national compound ("an Australian ultimatum", "Iraq's offer")."""
        for o in v.children:
            if o.dep_ not in _OBJ:
                continue
            for c in o.children:
                if c.i > o.i or c.dep_ not in ("poss", "amod", "compound", "nmod"):
                    continue
                a = self.tok_actor[c.i]
                if a is None and c.ent_type_ in ("NORP", "GPE"):
                    a = self._state_of(c)
                if a is not None and a not in src:
                    return [a]
        return []

    def _foreign(self, ids: list[str], src: list[str]) -> list[str]:
        """``ids`` less the source's own agents: a target found by looking around the
        trigger is another party, not the state or forces of the state or
        government that acts ("Russia sent troops", "Obama promised that the U.S.
        will"); a government's own citizens, rebels or opposition stay."""
        own = self._own_side(src)
        return [a for a in ids if not own(a)] if own is not None else ids

    def _own_side(self, src: list[str]):
        """A test of whether an actor is the acting state's (or government's) own state
        or agent (``own_agent_sectors``); None when the source is no state or government."""
        own = {a.country for a in map(self._actor, src) if a is not None and a.country and (
            a.kind == "state" or (a.sector or "").lower() == "gov")}
        if not own:
            return None

        def agent_of_own(aid: str) -> bool:
            a = self._actor(aid)
            return a is not None and a.country in own and (
                a.kind == "state" or (a.sector or "").lower() in self.syn["own_agent_sectors"])
        return agent_of_own

    def _first_actor_after(self, v: Token, src: list[str], purpose: bool = False) -> list[str]:
        """The first actor mentioned after the trigger in its own phrase, outside
        clauses of their own: "the army launched a crackdown in the north against Tamil
        rebels" -> the rebels. With ``purpose``, its purpose clauses count as its own
        phrase ("burned tyres outside the port in protest at French tariffs")."""
        own_clauses = ("ccomp", "conj", "relcl", "parataxis") if purpose else \
            ("ccomp", "advcl", "conj", "relcl", "parataxis", "xcomp")
        skip = {c.i for c in v.children if c.dep_ in own_clauses}
        blocked: set[int] = set()
        for c in v.children:
            if c.i in skip:
                blocked.update(t.i for t in c.subtree)
        n = 0
        own = self._own_side(src)
        for t in v.subtree:
            if t.i <= v.i or t.i in blocked:
                continue
            n += 1
            if n > (16 if purpose else 10):
                break
            a = self.tok_actor[t.i]
            if a is not None and own is not None and own(a):
                continue   # "deployed troops to the border with Ukraine": past its own troops
            if a is not None and purpose and t.ent_type_ in ("GPE", "LOC", "FAC"):
                r = t
                while r.dep_ == "compound" and r.head.i != r.i:
                    r = r.head
                p = r.head
                if p.dep_ == "prep" and p.lower_ in self.syn["place_preps"] and (
                        p.head.i == v.i or (p.head.dep_ in _OBJ and p.head.head.i == v.i)):
                    continue   # "blocked roads in Santiago": where, not against whom
            if a is not None and a not in src:
                # "urged a ceasefire between Armenia and Azerbaijan": every party
                r = t
                for _ in range(4):
                    if r.head.i == r.i or self.tok_actor[r.head.i] != a:
                        break
                    r = r.head
                return [x for x in self._fill([r]) if x not in src] or [a]
        return []

    def _governed_target(self, v: Token, src: list[str]) -> list[str]:
        """"agreed to provide aid for Romania": the first other actor of the governed clause."""
        for c in v.children:
            # "demanded that France withdraw": the subject of the demanded clause
            if c.dep_ == "ccomp":
                for g in c.children:
                    if g.dep_ in _SUBJ:
                        ids = [a for a in self._fill([g]) if a not in src]
                        if ids:
                            return ids
        for c in v.children:
            if c.dep_ in ("xcomp", "ccomp", "prep"):
                for t in c.subtree:
                    if t.i - c.i > 12:
                        break
                    a = self.tok_actor[t.i]
                    if a is not None and a not in src:
                        return [a]
        return []

    def _pair_of(self, tok: Token) -> list[str]:
        """"the two leaders", "both countries", "the two sides": the last two parties
        of that kind (``pair_nouns``: person, state or any) named before, of two
        different countries, within the sentence and the two before it."""
        if tok.pos_ != "NOUN" or self.tok_actor[tok.i] is not None:
            return []
        kind = self.syn["pair_nouns"].get(tok.lemma_.lower())
        if kind is None or not any(c.dep_ in ("nummod", "det", "predet") and
                                   c.lower_ in self.syn["pair_quantifiers"] for c in tok.children):
            return []
        first = sentence_index(self.doc, tok.i) - 2
        out: list[str] = []
        seen_countries: set[str] = set()
        ments = self.doc._.ew_mentions or []
        # (mentions are kept in start order: begin at the last one before the noun)
        starts = self._mstarts
        if starts is None or len(starts) != len(ments):   # (rebuilt when actors were added)
            starts = self._mstarts = [m.start for m in ments]
        k = bisect_left(starts, tok.i)
        for m in reversed(ments[:k]):
            if sentence_index(self.doc, m.start) < first or len(out) == 2:
                break
            a = self._actor(m.actor)
            if a is None or not a.country or a.country in _NOT_COUNTRIES or m.actor in out \
                    or a.country in seen_countries:
                continue
            if (kind == "person" and a.kind != "person") or (kind == "state" and a.kind != "state"):
                continue
            out.append(m.actor)
            seen_countries.add(a.country)
        return out[::-1] if len(out) == 2 else []

    def _fill(self, toks: list[Token]) -> list[str]:
        out: list[str] = []
        seen: set[int] = set()
        for t in toks:
            pair = self._pair_of(t)
            if pair:
                out.extend(a for a in pair if a not in out)
                continue
            xs = [t, *t.conjuncts]
            # "President X, the Cypriot leader, and his counterpart Y": conjuncts the
            # parser hung on an apposition of the filler
            for ap in [c for x in list(xs) for c in x.children if c.dep_ == "appos" and c.conjuncts]:
                for y in (ap, *ap.conjuncts):
                    xs.append(y)
                    xs += [g for g in y.children if g.dep_ == "appos"]
                    xs += [z for g in y.children if g.dep_ == "appos" for z in g.conjuncts]
            # "delegations of Chile and Bolivia", "the ministers of Rwanda and Burundi":
            # an agent of several owners is each of them
            xs += [y for x in list(xs) if x.pos_ == "NOUN"
                   for c in x.children if c.dep_ == "prep" and c.lower_ in ("of", "from")
                   for p in self._pobjs(c) if p.conjuncts for y in (p, *p.conjuncts)]
            if self.tok_actor[t.i] is None:
                # "several countries, including Australia and Israel": the members
                members = [p for c in t.children if c.dep_ == "prep"
                           and c.lower_ in self.syn["member_preps"] for p in self._pobjs(c)]
                # "mediators Norway, Qatar and Egypt": the named members
                members += [c for c in t.children if c.dep_ == "appos"]
                # "delegations of Chile and Bolivia": every owner
                owners = [p for c in t.children if c.dep_ == "prep"
                          and c.lower_ in self.syn["owner_preps"] for p in self._pobjs(c)]
                if owners and (len(owners[0].conjuncts) > 0 or any(
                        c.i < owners[0].i and any(g.dep_ == "conj" for g in c.children)
                        for c in owners[0].children)):
                    members += owners
                xs += [y for p in members for y in (p, *p.conjuncts)]
            # "North and South Korea", "US and British strikes": coordinated modifiers
            xs += [y for x in list(xs) for c in x.children
                   if c.i < x.i and c.dep_ in ("nmod", "compound", "amod", "poss")
                   and any(g.dep_ == "conj" for g in c.children) for y in (c, *c.conjuncts)]
            for x in xs:
                if x.i in seen or x.i in self._dateline:
                    continue   # (a dateline, "CAIRO (Reuters) -", "Dubai:", is no party)
                seen.add(x.i)
                a = self._actor_of(x)
                if a is None and x.ent_type_ in ("NORP", "GPE") and x.dep_ in ("conj", "amod", "compound", "nmod"):
                    # "US and British strikes": a national modifier in a coordination
                    a = self._state_of(x)
                if a is not None and not self._coded(a):
                    # "American pastor Andrew Brunson": a person of no known country
                    # with a national modifier stands for that country
                    a = self._national_actor(x) or a
                elif a is not None and x.pos_ == "NOUN":
                    # "Russian irregulars" coded with another country from the context:
                    # the demonym of the phrase itself wins
                    own = self._demonym_country(x)
                    act = self._actor(a)
                    if own and act is not None and act.country and act.country != own:
                        a = self._national_actor(x) or a
                if a is not None and a not in out:
                    out.append(a)
        return out
