"""Events stage, roles: who is the source and who the target of a candidate.

Verbs: subject -> source, direct object -> target (unless the entry says the
object is a theme: "supply weapons to Iraq"), passive subject -> target and
``by`` agent -> source, the entry's prepositions -> target; a missing subject
is inherited up the clause chain (xcomp, conj, purpose clauses; the object of
an object-control verb: "encouraged Washington to work"). Nouns:
``by``/``from``/possessive/compound modifiers -> source, the entry's
prepositions (and ``of`` for ``of_target_nouns``) -> target; the subject of a
light verb ("held talks with") or of the clause a ``during``/``in`` phrase
attaches to -> source.

Then the role rules: a named, ordered table (``role_rules`` in
``data/events/syntax.yml``) of the ways a missing source or target is filled;
each rule that changes a role is named in the event's ``rule`` field. Last,
the parties: one event per direction of a reciprocal event, each pair of a
joint event among several parties, a mediator's event.
"""
from __future__ import annotations

from collections import deque
from collections.abc import Sequence

from spacy.attrs import LEMMA, POS
from spacy.parts_of_speech import VERB as _VERB
from spacy.tokens import Token

from ... import codebook
from ...doctools import sentence_index, token_columns
from .triggers import Trigger, _Cand
from ._shared import MixinBase, by_prefix, has_prefix


def _country_of_place(b, place: Token | None) -> str | None:
    """ISO3 of a place token (its named entity's text), per the lexicon."""
    if place is None:
        return None
    ent = b._ent(place.i)
    w = (ent.text if ent is not None else place.text).strip()
    return b.lex.country_of(w) if w and w[0].isupper() else None

def _state_from_place(b, place: Token) -> str | None:
    """The state actor of the country of a place token."""
    iso = _country_of_place(b, place)
    if not iso:
        return None
    ent = b._ent(place.i)
    s, e = (ent.start, ent.end) if ent is not None else (place.i, place.i + 1)
    return b._state_actor(s, e, b.doc[s:e].text, iso)


_PRON_REL = {"who", "which", "that", "whom"}
_SUBJ = {"nsubj", "csubj"}
_SUBJ_PASS = {"nsubjpass", "csubjpass"}
_OBJ = {"dobj", "obj"}
# word lists of syntax.yml read by the role rules (besides triggers._SYNTAX_LISTS)
ROLE_LISTS = ("joint_types", "condition_target_types", "patient_possessor_nouns",
              "own_forces_theme_types", "mediated_types", "pair_quantifiers",
              "negative_subjects", "place_source_codes", "partitive_nouns", "message_nouns",
              "outer_place_preps", "condition_marks")
ROLE_MAPS = ("pair_nouns",)
# numbers of syntax.yml read by the role rules (each must be given by a data file)
ROLE_NUMBERS = ("previous_window",)
_PLACE_PREPS_SOURCE = {"during", "at", "after", "before", "following", "in", "since", "throughout", "on"}


class RoleFinder(MixinBase):
    """Roles from the parse and the role rules (a mixin of the per-document builder)."""

    def _subject(self, v: Token) -> tuple[list[Token], bool]:
        """(subject tokens of verb ``v`` as agent, whether they came from a passive agent)."""
        subs = [c for c in v.children if c.dep_ in _SUBJ]
        if subs:
            if v.dep_ == "relcl" and (subs[0].lower_ in _PRON_REL or any(
                    g.lower_ in _PRON_REL for c in subs[0].children if c.dep_ == "prep"
                    and c.lower_ == "of" for g in c.children)):
                # "Chad, Niger and Benin, all of whom have sent troops": the antecedent
                return [v.head], False
            # "Japan as well as India praised": two subjects
            return subs, False
        for c in v.children:
            if c.dep_ == "agent":
                return [g for g in c.children if g.dep_ == "pobj"], True
        if any(c.dep_ in _SUBJ_PASS or c.dep_ == "auxpass" for c in v.children):
            return [], True
        return self._inherited_subject(v), False

    def _inherited_subject(self, v: Token) -> list[Token]:
        t = v
        for _ in range(5):
            dep, h = t.dep_, t.head
            if h is t:
                return []
            if dep in ("xcomp", "ccomp") and h.pos_ in ("VERB", "AUX", "ADJ"):
                if h.lemma_.lower() in self.syn["object_control"]:
                    objs = [c for c in h.children if c.dep_ in _OBJ]
                    if objs:
                        return objs
                subs = [c for c in h.children if c.dep_ in _SUBJ]
                if subs:
                    return [h.head] if subs[0].lower_ in _PRON_REL and h.dep_ == "relcl" else subs
                t = h
            elif dep in ("conj", "advcl", "acomp", "pcomp", "prep"):
                subs = [c for c in h.children if c.dep_ in _SUBJ]
                if subs and dep != "prep":
                    return [h.head] if subs[0].lower_ in _PRON_REL and h.dep_ == "relcl" else subs
                t = h
            elif dep == "relcl":
                return [h]
            elif dep in ("acl", "dobj", "pobj", "attr") :
                if dep == "acl" and t.tag_ == "VBN":
                    return []
                t = h
            elif dep in ("nsubj", "nsubjpass") and h.pos_ == "VERB":
                t = h
            else:
                return []
            if t.pos_ in ("VERB", "AUX") and dep not in ("xcomp", "ccomp"):
                subs = [c for c in t.children if c.dep_ in _SUBJ]
                if subs:
                    return [t.head] if subs[0].lower_ in _PRON_REL and t.dep_ == "relcl" else subs
        return []

    @staticmethod
    def _pobjs(prep: Token) -> list[Token]:
        out = [g for g in prep.children if g.dep_ in ("pobj", "pcomp")]
        # "granted asylum to five officers holed up in an embassy": the parser took
        # the object of the preposition for the subject of the reduced relative
        # clause after it
        out = [next((s for s in g.children if s.dep_ == "nsubj" and s.left_edge.i == prep.i + 1
                     and s.pos_ in ("NOUN", "PROPN")), g) if g.dep_ == "pcomp" and g.pos_ == "VERB"
               else g for g in out]
        if not out and prep.n_rights == 0:
            for k in prep.head.rights:
                if k.i > prep.i and k.dep_ in ("advcl", "acl", "relcl", "ccomp") and \
                        k.tag_ in ("VBN", "VBG", "VBD") and not any(a.dep_ in ("aux", "auxpass") for a in k.children):
                    out += [g for g in k.children if g.dep_ == "nsubj" and g.left_edge.i == prep.i + 1
                            and g.pos_ in ("NOUN", "PROPN")]
        return out

    def _prep_fillers(self, tok: Token, preps: frozenset) -> list[Token]:
        out = []
        for c in tok.children:
            if c.dep_ in ("prep", "dative") and (c.lemma_.lower() in preps
                                                  or c.lemma_.lower() == "between"):
                out.extend(self._pobjs(c))
            elif c.dep_ == "dative" and c.pos_ in ("NOUN", "PROPN", "PRON"):
                out.append(c)
        return out

    def _roles_verb(self, v: Token, trig: Trigger, extra_toks: tuple) -> _Cand:
        subj, passive = self._subject(v)
        source: list[Token] = []
        target: list[Token] = []
        objs = [c for c in v.children if c.dep_ in _OBJ and c not in extra_toks]
        if not objs:
            objs = self._up_to_objects(v)
        # a reduced passive relative: "protesters arrested by police"
        reduced = v.dep_ == "acl" and v.tag_ == "VBN" and v.head.pos_ in ("NOUN", "PROPN", "PRON",
                                                                            "NUM")
        if passive:
            source = subj
            sp = [c for c in v.children if c.dep_ in _SUBJ_PASS]
            if not sp and reduced:
                sp = [v.head]
            if not sp and v.dep_ == "conj":
                # "protesters took the streets but were dispersed by police"
                sp = [c for c in v.head.children if c.dep_ in _SUBJ | _SUBJ_PASS]
            if trig.object == "target":
                target = sp
            else:
                target = self._prep_fillers(v, trig.target_preps)
        elif reduced and trig.object == "target" and not objs:
            # "two dozen Americans detained after the coup", "protesters arrested by
            # police": a passive participle's noun is the one the event is done to
            source = subj
            target = [v.head]
        else:
            source = subj
            if trig.object == "target":
                target = objs
            target = target + self._prep_fillers(v, trig.target_preps)
            if trig.object == "theme" and not target:
                # "recalled its ambassador from Peru": the phrase hangs on the object
                for o in objs:
                    target = target + self._prep_fillers(o, trig.target_preps)
        for x in extra_toks:
            if x.pos_ in ("NOUN", "PROPN"):
                target = target + self._prep_fillers(x, trig.target_preps)
            elif x.dep_ == "prep" and x.head.i == v.i and trig.object == "target":
                # "called on Kinshasa to negotiate", "fired at the convoy"
                target = target + self._pobjs(x)
        if not target and trig.object == "target":
            # "help the Tripoli government drive out": the object parsed as a subject
            for c in v.children:
                named = [g for g in c.children if g.dep_ in ("oprd", "attr")]
                if c.dep_ == "ccomp" and named and any(
                        g.dep_ == "dobj" and g.lower_ == "what" for g in c.children):
                    # "denounced what she called a rigged vote by the ruling party": the
                    # thing so named (its owner or agent first), not the namer
                    target = self._described(named)
                    break
                if c.dep_ in ("ccomp", "xcomp"):
                    target = [g for g in c.children if g.dep_ in _SUBJ]
                    if target:
                        break
        if trig.object == "target":
            themes = objs
        else:
            themes = objs + [c for c in v.children if c.dep_ == "nsubjpass"]
        code = self._refine(trig, v, themes)
        cand = _Cand(v, trig, source, target, code, consumed=tuple(t.i for t in extra_toks),
                     passive=passive and not source)
        if target or trig.object == "theme":
            ins = [p for c in v.children if c.dep_ == "prep" and c.lower_ == "in"
                   for p in self._pobjs(c)]
            for th in themes:
                # "lifted a curfew in Montenegro": the phrase hangs on the object
                ins += [p for c in th.children if c.dep_ == "prep" and c.lower_ == "in"
                        for p in self._pobjs(c)]
            if not ins:
                # "killed nine shoppers when two bombers blew themselves up in Kano": the
                # place of the clause that tells when it happened
                ins = [p for c in self._when_preps(v) if c.lower_ == "in" for p in self._pobjs(c)]
            cand.where = ins[0] if ins else None
        return cand

    @staticmethod
    def _when_preps(v: Token) -> list[Token]:
        """The prepositional phrases of a clause after ``v`` that tells when it happened
        ("wounded two guards when they stormed a depot in the capital")."""
        return [c for k in v.children if k.dep_ == "advcl" and k.i > v.i and any(
                    m.dep_ == "advmod" and m.lower_ == "when" for m in k.children)
                for c in k.children if c.dep_ == "prep"]

    def _up_to_objects(self, v: Token) -> list[Token]:
        """"kidnapped up to 16 advisers": the object the parser hung on "up to" (a
        particle and a preposition) when it counts something."""
        ups = [c for c in v.children if c.dep_ in ("prt", "advmod", "prep") and c.lower_ == "up"]
        tos = [g for u in ups for g in u.children if g.dep_ == "prep" and g.lower_ == "to"]
        tos += [c for c in v.children if c.dep_ == "prep" and c.lower_ == "to" and c.i > 0
                and self.doc[c.i - 1].lower_ == "up"]
        return [p for g in tos for p in self._pobjs(g)
                if p.pos_ == "NUM" or any(k.dep_ == "nummod" for k in p.children)]

    def _verb_trigger_toks(self) -> set:
        """Tokens that are verb triggers (their lemma is listed), computed once per Doc."""
        if self._vtrig is None:
            vh = self._verb_hashes
            pos, lemma = token_columns(self.doc, [POS, LEMMA])
            self._vtrig = {i for i, (p, lem) in enumerate(zip(pos, lemma)) if p == _VERB and lem in vh}
        return self._vtrig

    @staticmethod
    def _noun_preps(n: Token) -> list[Token]:
        """The noun's prepositional phrases, with those the parser hung on the verb
        right after the noun ("criticized [strikes] [by a coalition]")."""
        preps = [c for c in n.children if c.dep_ == "prep"]
        h = n.head
        if n.dep_ == "dobj" and h.pos_ == "VERB" and not any(
                c.dep_ in _SUBJ_PASS for c in h.children):
            preps += [c for c in h.children if c.dep_ == "prep" and c.i > n.i]
        return preps

    def _roles_noun(self, n: Token, trig: Trigger) -> _Cand:
        source: list[Token] = []
        target: list[Token] = []
        kids = list(n.children)
        extra_preps = [c for c in self._noun_preps(n) if c.head.i != n.i]
        h0 = n.head
        if n.dep_ == "compound" and h0.pos_ == "NOUN" and h0.lemma_.lower() not in self.nouns:
            # "a mediation mission between Sudan and Chad": the phrases of the
            # head noun the trigger qualifies
            extra_preps += [c for c in self._noun_preps(h0) if c.lemma_.lower() == "between"]
        # the possessor of an arrest, detention, release... with no "of" phrase is
        # the one arrested ("his detention"); with one it is the agent ("Iran's
        # seizure of tankers")
        patient_poss = n.lemma_.lower() in self.syn["patient_possessor_nouns"] and not any(
            c.dep_ == "prep" and c.lower_ == "of" for c in kids)
        for c in kids + extra_preps:
            d = c.dep_
            if d == "prep":
                lem = c.lemma_.lower()
                if lem in trig.source_preps:
                    source.extend(self._pobjs(c))
                elif lem in trig.target_preps or lem == "between" or (
                        lem == "of" and n.lemma_.lower() in self.syn["of_target_nouns"]):
                    # "the arrest of the opposition leader": the patient
                    for p in self._pobjs(c):
                        target.append(p)
                        # "... of the opposition leader by police": the agent
                        # phrase hung on the patient
                        source.extend(g for b in p.children if b.dep_ in ("prep", "agent")
                                      and b.lower_ == "by" for g in self._pobjs(b))
            elif d == "poss" and patient_poss:
                target.append(c)   # "his detention", "Brunson's release": the patient
            elif d in ("poss", "compound", "amod", "nmod") and c.i < n.i:
                if c.lower_ not in trig.extra and c.lemma_.lower() not in trig.extra:
                    source.append(c)
            elif d == "agent":
                source.extend(self._pobjs(c))
        h = n.head
        if not target and n.dep_ in ("nsubj", "nsubjpass") and h.pos_ in ("VERB", "AUX"):
            # "Fighting broke out between rebels and government forces": the
            # participants hang on the verb the event noun is the subject of
            for c in h.children:
                if c.dep_ == "prep" and c.lemma_.lower() == "between":
                    target.extend(self._pobjs(c))
                elif c.dep_ in ("acomp", "advmod", "attr") and not target:
                    # "Negotiations remain open between Chile and Peru"
                    for g in c.children:
                        if g.dep_ == "prep" and g.lemma_.lower() == "between":
                            target.extend(self._pobjs(g))
        if not target:
            # "strikes by a coalition against IS positions": the target phrase hangs
            # on the source
            for x in source:
                for c in x.children:
                    if c.dep_ == "prep" and c.lemma_.lower() in trig.target_preps \
                            and c.lemma_.lower() not in trig.source_preps:
                        target.extend(self._pobjs(c))
        # drop modifiers that resolve to no actor (kept only if they do)
        source = [t for t in source if t.dep_ not in ("compound", "amod", "nmod")
                  or self._actor_of(t, 0, place=False)]
        base = n
        if base.dep_ == "compound" and n.head.pos_ == "NOUN" and n.head.lemma_.lower() not in self.nouns:
            base = n.head   # "undertook a mediation mission": the phrase's own head
            if not target:
                # "a health aid program for Zambia": the target hangs on the phrase's head
                target = self._prep_fillers(base, trig.target_preps)
        if base.dep_ == "pobj" and base.head.lower_ == "of" and \
                base.head.head.lemma_.lower() in self.syn["partitive_nouns"]:
            base = base.head.head   # "suspended part of its aid": the share stands for the whole
        h = base.head
        # a source phrase that names no actor ("release ... from house arrest") leaves
        # the source to the clause
        if not any(self._actor_of(t) for t in source) and h is not base:
            if base.dep_ in ("dobj", "nsubjpass", "attr", "conj") and h.pos_ in ("VERB", "AUX") and (
                    h.lemma_.lower() in self.syn["light_verbs"]):
                source, _passive = self._subject(h)
                source = self._not_events(source)
                if not target:
                    target = self._prep_fillers(h, trig.target_preps)
            elif base.dep_ == "dobj" and h.pos_ == "VERB" and h.i not in self._verb_trigger_toks():
                subj, passive = self._subject(h)
                if not passive:
                    # ("the arrest drew condemnation": an event is no one's source)
                    source = self._not_events(subj)
            elif base.dep_ == "pobj" and h.dep_ == "prep" and h.lower_ in ("to", "on", "upon") and \
                    h.head.pos_ == "VERB" and h.head.lemma_.lower() in self.syn["light_verbs"] and \
                    h.head.lemma_.lower() not in self.syn["intent_governors"]:
                # "embarked on talks with" (not "agreed to talks": an intention)
                subj, passive = self._subject(h.head)
                if not passive:
                    source = self._not_events(subj)
            elif base.dep_ == "pobj" and h.dep_ == "prep" and h.lemma_.lower() in _PLACE_PREPS_SOURCE:
                v = h.head
                if v.pos_ in ("VERB", "AUX"):
                    subj, passive = self._subject(v)
                    if not passive:
                        source = subj
                elif v.pos_ == "NOUN" and v.dep_ == "dobj":
                    # "signed a deal at Qatari-brokered talks": the clause's subject
                    source = self._clause_subject(base)
        if not any(self._actor_of(t) for t in source) and (
                n.dep_ == "advcl" or any(t.dep_ == "poss" and t.pos_ == "PRON" for t in source)):
            # "cut short their summit", "Meeting for their summit, the two leaders
            # cancelled": an owner pronoun no one was found for, or an event noun as a
            # clause of its own, is the clause's subject
            subj = self._clause_subject(n)
            if subj:
                source = subj
        code = self._refine(trig, n, [])
        consumed: tuple = ()
        # ("ended mediation efforts": the reversed object may be the phrase the trigger qualifies)
        if base.dep_ in ("dobj", "nsubjpass") and h.pos_ == "VERB" and \
                h.lemma_.lower() in self.syn["reversal_verbs"]:
            rev = by_prefix(self.syn["reversal_codes"], code)
            if rev:
                code = rev
                consumed = (h.i,)
                if not source:
                    subj, passive = self._subject(h)
                    source = subj if not passive else source
                if not target:
                    target = self._prep_fillers(h, trig.target_preps | {"to", "with", "for"})
        return _Cand(n, trig, source, target, code, consumed=consumed)

    def _clause_subject(self, n: Token) -> list[Token]:
        """The active subject of the clause noun ``n`` is the object, phrase or
        adverbial clause of (a few steps up, no further than its own verb)."""
        t = n
        for _ in range(4):
            if t.dep_ not in ("dobj", "pobj", "prep", "advcl", "npadvmod", "oprd") or t.head.i == t.i:
                return []
            t = t.head
            if t.pos_ in ("VERB", "AUX"):
                subj, passive = self._subject(t)
                return [] if passive else self._not_events(subj)
        return []

    def _not_events(self, toks: list[Token]) -> list[Token]:
        """``toks`` less the event nouns: "the arrest drew condemnation" names no
        one who condemned."""
        return [t for t in toks if t.pos_ not in ("NOUN", "PROPN")
                or t.lemma_.lower() not in self.nouns or self.tok_actor[t.i] is not None]

    def _obligation_cand(self, v: Token, own: _Cand | None) -> _Cand | None:
        """"X said Y must do Z": a demand by X on Y."""
        if v.dep_ == "acl" and v.head.lemma_.lower() in self.syn["message_nouns"] and \
                v.head.dep_ == "dobj" and v.head.head.pos_ == "VERB" and \
                any(m.dep_ == "mark" and m.lower_ == "that" for m in v.children):
            rep = v.head.head   # "sent a message to Iran that it must stop": the sender
        elif v.dep_ not in ("ccomp",) or v.head.lemma_.lower() not in self.syn["reporting_verbs"]:
            return None
        else:
            rep = v.head
        subj, passive = self._subject(rep)
        if passive:
            return None
        target = [c for c in v.children if c.dep_ in _SUBJ]
        if not target:
            return None
        code = self.syn["obligation_code"]
        if own is not None:
            code = by_prefix(self.syn["obligation_refine"], own.code) or code
        c = _Cand(v, self._obligation, subj, target, code, fixed=True)
        return c

    def _refine(self, trig: Trigger, tok: Token, themes: list[Token]) -> str:
        if not trig.refine:
            return trig.code
        ref = trig.refine
        for c in tok.children:
            for w in (c.lemma_.lower(), c.lower_):
                if w in ref:
                    return ref[w]
        for th in themes + [c for c in tok.children if c.dep_ in ("prep", "xcomp", "dobj")]:
            for g in th.subtree:
                if g.i - th.i > 8:
                    break
                for w in (g.lemma_.lower(), g.lower_):
                    if w in ref:
                        return ref[w]
        return trig.code

    # ------------------------------------------------------------ role rules
    # Each rule fills a missing source or target from the sentence around the
    # trigger. They run in the order of ``role_rules`` in ``syntax.yml``; the
    # name of each rule that changed a role is written into the event's
    # ``rule`` field after a "+" ("accuse.criticize+target.reaction").
    def _rr_target_reaction(self, c, info, src, tgt):
        """"condemned the Saudi air strikes on Yemen": a reaction (``reaction_types``)
        to another event named as its object is aimed at that event's source."""
        if tgt or not src or info.plover_type.lower() not in self.syn["reaction_types"]:
            return None
        for o in c.tok.children:
            if o.dep_ in _OBJ or (o.dep_ == "prep" and c.trig.pos == "noun"):
                for x in ([o] if o.dep_ in _OBJ else self._pobjs(o)):
                    other = self._cand_at.get(x.i)
                    if other is not None and other is not c:
                        ids = [a for a in self._fill(other.source) if a not in src]
                        if ids:
                            return src, ids
        return None

    def _rr_target_place(self, c, info, src, tgt):
        """"seized control of Palmyra in neighbouring Syria": the place's country; an
        unnamed victim named by the parse ("dispersed opposition supporters in
        Nairobi") is of that country, not the place itself."""
        if tgt or c.where is None or not (c.target or info.quad_class == 4) or \
                info.plover_type.lower() in self.syn["own_government_target_types"]:
            return None   # (where a protest happens is not what it is against)
        if src and c.target and c.target[0].lemma_.lower() in self.syn["victim_nouns"]:
            t = self._domestic(c.target[0], src[0], trigger=c.tok)
            if t:
                return src, t
        w = self._state_of(c.where)
        return (src, [w]) if w and w not in src else None

    def _rr_target_visited(self, c, info, src, tgt):
        """"arrived in Lima on a visit": the visited place's state."""
        if tgt or not src or not has_prefix(info.code, self.syn["place_target_codes"]):
            return None
        t = [a for a in self._visited(c.tok) if a not in src]
        return (src, t) if t else None

    def _rr_target_after_conflict(self, c, info, src, tgt):
        """"threatened more sanctions against Iran": the first actor after the
        trigger before an unnamed victim; an unnamed victim ("protesters") of a
        source of one country is of that country; an event noun is no victim."""
        if tgt or not c.target or not src or info.quad_class not in (3, 4):
            return None
        t = self._foreign(self._first_actor_after(c.tok, src), src)
        f = c.target[0]
        if not t and f.lemma_.lower() not in self.nouns:
            t = self._domestic(f, src[0], trigger=c.tok)
        return (src, t) if t else None

    def _rr_target_purpose_victim(self, c, info, src, tgt):
        """"police fired tear gas to scatter the crowd", "... fired, killing one
        person": material conflict with no target named, whose purpose clause or
        participle has an unnamed victim as its object: that victim (of the source's
        country, or of the place the trigger names)."""
        if tgt or c.target or not src or info.quad_class != 4 or c.trig.pos != "verb" or \
                info.plover_type.lower() in self.syn["own_government_target_types"]:
            return None
        for k in c.tok.children:
            if k.dep_ not in ("xcomp", "advcl") or k.pos_ != "VERB":
                continue
            for o in k.children:
                if o.dep_ not in _OBJ or o.pos_ != "NOUN" or \
                        o.lemma_.lower() not in self.syn["victim_nouns"]:
                    continue
                t = self._foreign([a for a in self._fill([o]) if a not in src], src) \
                    if self.tok_actor[o.i] is not None else self._domestic(o, src[0], trigger=c.tok)
                if t:
                    return src, t
        return None

    def _rr_target_theme_owner(self, c, info, src, tgt):
        """"rejected an Indian proposal": the owner of what is rejected."""
        if tgt or not src or c.trig.object != "theme" or c.trig.pos != "verb":
            return None
        t = self._theme_owner(c.tok, src)
        return (src, t) if t else None

    def _rr_target_clause(self, c, info, src, tgt):
        """"demanded that France withdraw", "agreed to provide aid for Romania". Not
        when the trigger has an object of its own that names no actor: "urged all
        sides to protect civilians" is aimed at "all sides", not at the civilians."""
        if tgt or not src or info.plover_type.lower() not in self.syn["clause_target_types"]:
            return None
        if c.trig.pos == "verb" and c.trig.object == "target" and \
                any(t.dep_ in _OBJ for t in c.target):
            return None
        t = self._foreign(self._governed_target(c.tok, src), src)
        return (src, t) if t else None

    def _rr_target_own_people(self, c, info, src, tgt):
        """"The Kenyan minister urged farmers to accept the plan": an unnamed
        people (``victim_nouns``) addressed by a verbal event of an actor of one
        country, with no country of its own, is that country's people."""
        if tgt or not src or not c.target or info.quad_class not in (1, 3):
            return None
        f = c.target[0]
        a = self._actor(src[0])
        if f.pos_ != "NOUN" or self.tok_actor[f.i] is not None or a is None or not a.country \
                or f.lemma_.lower() not in self.syn["victim_nouns"]:
            return None
        if any(k.dep_ in ("compound", "nmod", "poss") for k in f.children) or \
                codebook.lookup(c.trig.code).quad_class not in (1, 3):
            # ("council members" are of some body; "threatened to kill people": a
            # threat of violence, whose victims are not assumed its own)
            return None
        t = self._domestic(f, src[0], population=True)
        return (src, t) if t else None

    def _rr_target_condition(self, c, info, src, tgt):
        """"threatened to strike unless Argentina lifted its tariffs": a threat with no
        target named is aimed at the subject of its condition (an "if"/"unless" clause
        of the trigger or of the verbs that govern it)."""
        if tgt or not src or info.plover_type.lower() not in self.syn["condition_target_types"]:
            return None
        marks = self.syn["threat_marks"] | self.syn["hypothetical_marks"]
        node = c.tok
        for _ in range(4):
            for a in node.children:
                if a.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in marks
                                             for m in a.children):
                    subj = [g for g in a.children if g.dep_ in _SUBJ | _SUBJ_PASS]
                    t = self._foreign([x for x in self._fill(subj) if x not in src], src)
                    if t:
                        return src, t
            if node.dep_ not in ("xcomp", "ccomp", "dobj", "pobj", "prep", "conj") or node.head is node:
                break
            node = node.head
        return None

    def _rr_target_after(self, c, info, src, tgt):
        """The first actor after the trigger in its own phrase."""
        if tgt or not src:
            return None
        t = self._foreign(self._first_actor_after(c.tok, src), src)
        return (src, t) if t else None

    def _rr_target_population(self, c, info, src, tgt):
        """Curfews, bans, emergency rule imposed (or lifted) with no one named: on
        the population of the place named ("lifted a curfew in Montenegro"), else
        the source's own."""
        if tgt or not src or not (has_prefix(info.code, self.syn["own_population_codes"]) or
                                  has_prefix(str(c.code), self.syn["own_population_codes"])):
            return None
        if c.trig.pos == "noun" and self._governed(c.tok):
            return None   # "demanded his resignation": the theme of another event
        t: list[str] = []
        if c.where is not None and c.trig.pos == "verb":
            w = self._state_of(c.where) or self._place_actor(c.where)
            if w and w not in src:
                t = [w]
        if not t:
            obj = next((x for x in c.tok.children if x.dep_ in _OBJ), None)
            t = self._domestic(obj if obj is not None else c.tok, src[0], population=True)
        return (src, t) if t else None

    def _rr_source_place(self, c, info, src, tgt):
        """"A landmine blast outside Kandahar wounded two aid workers", "four drivers were
        killed in a blast at a bus depot in Lahore": an attack (``place_source_codes``)
        whose agent is no one (none named, or a thing: a bomb, an explosion) is of the
        country it happens in."""
        if src or not tgt or not has_prefix(info.code, self.syn["place_source_codes"]):
            return None
        for t in c.source:
            if self._actor_of(t, 0, place=False) is not None or t.pos_ not in ("NOUN",) or \
                    t.lemma_.lower() in self.syn["victim_nouns"]:
                return None
        for node in (c.tok, *c.source):
            place = self._place_of(node)
            if place is not None:
                s = _state_from_place(self, place)
                if s and s not in tgt:
                    return [s], tgt
        return None

    def _place_of(self, tok: Token) -> Token | None:
        """The first place (a named place of a known country) of a place phrase of
        ``tok`` (``place_preps``, and "near the town of X", "outside of X")."""
        for p in tok.children:
            if p.dep_ != "prep" or p.lower_ not in self.syn["place_preps"] and \
                    p.lower_ not in self.syn["outer_place_preps"]:
                continue
            for t in p.subtree:
                if t.i - p.i > 10:
                    break
                if t.ent_type_ in ("GPE", "LOC", "NORP") and _country_of_place(self, t):
                    return t
        return None

    def _rr_source_home_forces(self, c, info, src, tgt):
        """"protesters were dispersed": no agent named; the country's own forces."""
        if src or not tgt or not c.passive or \
                not has_prefix(info.code, self.syn["home_forces_codes"]):
            return None
        s = self._home_forces(tgt[0])
        return (s, tgt) if s else None

    def _rr_pair_joint(self, c, info, src, tgt):
        """"X and Y held talks": a joint event with several sources and no target."""
        if tgt or len(src) < 2 or not (c.trig.symmetric or
                                       info.plover_type.lower() in self.syn["joint_types"]):
            return None
        # ("Biden and Austin held meetings": two officials of one government are one party)
        others = self._other_parties(src[0], src[1:])
        return (src[:1], others) if others else None

    def _other_parties(self, first: str, rest: list[str]) -> list[str]:
        """``rest`` less the actors of ``first``'s own side: the same code, or the
        same country's state and government ("the U.S." and its Secretary of State
        are one party, not two; a government and its country's rebels are two)."""
        a = self._actor(first)
        if a is None or not (a.code or a.country):
            return list(rest)

        def official(x) -> bool:
            return x.kind == "state" or (x.sector or "").upper() == "GOV"

        out = []
        for xid in rest:
            x = self._actor(xid)
            if x is not None and ((a.code and x.code == a.code) or (
                    a.country and x.country == a.country and official(a) and official(x))):
                continue
            out.append(xid)
        return out

    def _rr_pair_between(self, c, info, src, tgt):
        """"talks between X and Y": the parties of a "between" phrase."""
        if src or len(tgt) < 2 or not any(p.head.lower_ == "between" for p in c.target):
            return None
        others = self._other_parties(tgt[0], tgt[1:])
        return (tgt[:1], others) if others else None

    def _rr_source_people(self, c, info, src, tgt):
        """"Thousands of people rallied against the government of Zimbabwe": an
        unnamed crowd (``victim_nouns``) protesting (``own_government_target_types``)
        against a state or its government is of that country."""
        if src or not c.source or \
                info.plover_type.lower() not in self.syn["own_government_target_types"]:
            return None
        # the crowd is of the place it gathers in ("in Paris", "the streets of
        # Hong Kong"), else of the state it protests against
        place = None
        node = c.tok
        for _ in range(3):
            place = self._place_token(node)
            if place is not None or node.dep_ not in ("xcomp", "advcl", "conj", "ccomp"):
                break
            node = node.head
        iso = _country_of_place(self, place)
        if tgt:
            t = self._actor(tgt[0])
            if t is None or not t.country or len(t.country) != 3 or not (
                    t.kind == "state" or (t.sector or "").upper() == "GOV"):
                return None
            iso = iso or t.country
        if not iso:
            return None
        s = self._crowd(c.source[0], iso)
        if not s:
            return None
        if not tgt:
            # with no target named, against its own state ("protested against the
            # extradition law in Hong Kong": HKG -> HKG)
            tgt = self._own_government(s, sentence_index(self.doc, c.tok.i)) or \
                [self._state_actor(place.i, place.i + 1, place.text, iso)]
        return [s], tgt

    def _place_token(self, v: Token) -> Token | None:
        """The first place named by an "in/on/across/near/at" phrase of ``v`` (or of
        its object: "took to the streets of Santiago")."""
        preps = [c for c in v.children if c.dep_ == "prep"]
        for c in v.children:
            if c.dep_ in _OBJ or (c.dep_ == "prep" and c.lower_ in ("to", "into")):
                for o in ([c] if c.dep_ in _OBJ else self._pobjs(c)):
                    preps += [g for g in o.children if g.dep_ == "prep" and g.lower_ in ("of", "in")]
        for p in preps:
            if p.lower_ not in self.syn["place_preps"] and p.lower_ != "of":
                continue
            for o in self._pobjs(p):
                if o.ent_type_ in ("GPE", "LOC"):
                    return o
        return None

    def _rr_target_protest_cause(self, c, info, src, tgt):
        """"Farmers burned tyres outside the port in protest at French tariffs",
        "rallied in opposition to the Egyptian government": a protest (``own_government_target_types``)
        with no target is aimed at the first other actor of its phrase or purpose
        clause: of another country than its source, or a state or government."""
        if tgt or info.plover_type.lower() not in self.syn["own_government_target_types"]:
            return None
        own = {a.country for a in map(self._actor, src) if a is not None and a.country}
        for aid in self._first_actor_after(c.tok, src, purpose=True):
            a = self._actor(aid)
            if a is None or not (a.code or a.country):
                continue
            if a.country in own and not (a.kind == "state" or (a.sector or "").upper() == "GOV"):
                continue
            return src, [aid]
        return None

    def _rr_target_own_government(self, c, info, src, tgt):
        """"students protested": with no one named, against their own government."""
        if tgt or not src or info.plover_type.lower() not in self.syn["own_government_target_types"]:
            return None
        t = self._own_government(src[0], sentence_index(self.doc, c.tok.i))
        return (src, t) if t else None

    def _rr_pair_domestic(self, c, info, src, tgt):
        """"Daily fighting escalated": no participant named in a sentence (and
        article) about one country: that country's own conflict."""
        if src or tgt or info.plover_type.lower() not in self.syn["domestic_types"] \
                or any(t.ent_type_ for t in (*c.source, *c.target)) \
                or (c.trig.pos == "noun" and not c.consumed and self._governed(c.tok)):
            return None
        s, t = self._context_pair(sentence_index(self.doc, c.tok.i), c.tok)
        return (s, t) if s or t else None

    def _roles(self, c: _Cand, info) -> tuple[list[str], list[str], list[str]]:
        """(source ids, target ids, names of the role rules that filled them)."""
        src = self._fill(c.source)
        tgt = [a for a in self._fill(c.target) if a not in src]
        if tgt and info.plover_type.lower() in self.syn["own_forces_theme_types"]:
            # "North Korea put its troops on alert": its own forces are no target
            tgt = self._foreign(tgt, src)
        used: list[str] = []
        if len(src) > 1 and not tgt and self._reciprocal(c):
            return src, tgt, used
        for name, fn in self._role_rules:
            r = fn(c, info, src, tgt)
            if r is not None:
                src, tgt = list(r[0]), [a for a in r[1]]
                used.append(name)
        return src, tgt, used

    def _reciprocal(self, c: _Cand) -> bool:
        return any(t.lower_ in self.syn["reciprocal_words"] for t in c.target)

    def _split_parties(self, c: _Cand, src: list[str], tgt: list[str],
                       used: Sequence[str] = ()) -> list[tuple]:
        """One (source, target) pair of lists per event: a reciprocal object ("accused
        each other") gives each source the others as target; a joint event among
        several parties ("talks between A, B and C", "A, B and C held talks") gives
        each pair once; one party meeting several ("X held talks with A, B and C")
        meets each of them, and they do not meet each other."""
        if len(src) > 1 and not tgt and self._reciprocal(c):
            return [([s], [o for o in src if o != s]) for s in src]
        joint = "pair.between" in used or "pair.joint" in used or any(
            t.head.lower_ == "between" for t in c.target)
        if joint and c.trig.symmetric and len(tgt) > 1 and len(src) == 1:
            parties = src + tgt
            return [([p], parties[k + 1:]) for k, p in enumerate(parties[:-1])]
        if len(src) > 1 and tgt:
            # "Obama and Lee agreed ... cooperation with South Korea": no source is its
            # own side's target
            split = [([s], self._other_parties(s, tgt)) for s in src]
            if any(len(t) < len(tgt) for _s, t in split):
                return [(s, t) for s, t in split if t]
        return [(src, tgt)]

    def _mediator(self, n: Token) -> list[str]:
        """The mediator named with a joint event: "EU-brokered talks", "talks
        hosted by Norway", "Qatar, which mediated the truce"."""
        words = self.syn["mediator_words"]
        toks: list[Token] = []
        heads = [n]
        if n.dep_ == "pobj" and n.head.lower_ == "of" and n.head.head.pos_ == "NOUN":
            heads.append(n.head.head)   # "the second session of the talks, hosted by"
        for c in (k for h in heads for k in h.children):
            if c.lemma_.lower() in words and c.dep_ in ("amod", "compound"):
                toks += [g for g in c.children if g.dep_ in ("npadvmod", "compound", "nmod")]
            elif c.lemma_.lower() in words and c.dep_ == "acl":
                toks += [p for a in c.children if a.dep_ == "agent" for p in self._pobjs(a)]
        h = n.head
        if n.dep_ == "dobj" and h.lemma_.lower() in words and h.pos_ == "VERB":
            subj, passive = self._subject(h)
            if not passive:
                toks += subj
        return self._fill(toks)

    def _mediations(self, kept: list[tuple]) -> list[tuple]:
        """One mediation event (every mediator -> the parties) per joint event of
        ``mediated_types`` (talks, deals) with a mediator. A mediator of talks
        or a deal that names no party ("Qatar, which mediated the truce", "the
        second session of the talks, hosted by Norway") mediates between
        the parties of the joint events of that kind before it: all of them within
        ``previous_window`` sentences, else the latest."""
        out: list[tuple] = []
        try:
            info = codebook.lookup(self.syn["mediation_code"])
        except codebook.UnknownCode:
            return out
        joint = self.syn["joint_types"]
        window = int(self.syn["previous_window"])
        # the joint events so far, by type (None: of any type): those of the last
        # ``window`` sentences (the kept events come in sentence order, so an entry
        # out of the window stays out) and the latest one
        near: dict[str | None, deque[tuple[int, list[str]]]] = {}   # (sentence, parties)
        last: dict[str | None, tuple[int, list[str]]] = {}

        def trimmed(key: str | None, sent: int) -> deque[tuple[int, list[str]]]:
            q = near.setdefault(key, deque())
            while q and sent - q[0][0] > window:
                q.popleft()
            return q

        def record(ptype: str | None, sent: int, parties: list[str]) -> None:
            for key in ((None,) if ptype is None else (ptype, None)):
                trimmed(key, sent).append((sent, parties))
                last[key] = (sent, parties)

        def previous(ptype: str | None, sent: int) -> list[str]:
            if ptype not in last:
                return []
            parties: list[str] = []
            for h in (trimmed(ptype, sent) or (last[ptype],)):
                parties += [a for a in h[1] if a not in parties]
            return parties

        for c, inf, src, tgt, sent, used in sorted(kept, key=lambda k: k[0].tok.i):
            if c.trig.code == self.syn["mediation_code"] and c.modality == "asserted" and \
                    src and not tgt and None in last:
                # "Qatar, which mediated the truce": the parties of the joint
                # events of the kind brokered before it
                obj = next((self._cand_at.get(o.i) for o in c.tok.children
                            if o.dep_ in _OBJ and o.i in self._cand_at), None)
                ptype = None
                if obj is not None:
                    ptype = codebook.lookup(obj.code).plover_type if codebook.is_code(obj.code) else None
                parties = [a for a in (previous(ptype, sent) or previous(None, sent)) if a not in src]
                if len(parties) > 1:
                    out.append((c, info, src, parties, sent, used + ["pair.previous"]))
                continue
            symmetric = c.trig.symmetric or (inf.plover_type or "").lower() in joint
            if symmetric and src and tgt and len(set(src + tgt)) > 1:
                record(inf.plover_type, sent, list(dict.fromkeys(src + tgt)))
            if not symmetric or c.modality != "asserted" or \
                    (inf.plover_type or "").lower() not in self.syn["mediated_types"]:
                continue
            med = []
            for t in (c.tok, *(self.doc[i] for i in c.consumed)):
                med = med or self._mediator(t)
            parties = [a for a in src + tgt if a not in med]
            extra = []
            before = previous(inf.plover_type, sent) or previous(None, sent) \
                if med and not src and not tgt else []
            if len(before) > 1:
                # "The second session of the talks, hosted by Norway, ...": talks
                # that name no party are those of the joint events before them
                parties, extra = [a for a in before if a not in med], ["pair.previous"]
            if med and parties:
                out.append((c, info, med, parties, sent, used + ["pair.mediator"] + extra))
        return out

    def _reaction_targets(self, kept: list[tuple], theme_src: dict[int, list[str]]) -> None:
        """"condemned the coup", "denounced the attacks": a reaction to another event
        with no target named is aimed at that event's source."""
        src_at = dict(theme_src)
        src_at.update({k[0].tok.i: k[2] for k in kept if k[2]})
        for c, info, src, tgt, _s, used in kept:
            if tgt or not src or info.plover_type.lower() not in self.syn["reaction_types"]:
                continue
            for o in c.tok.children:
                if o.dep_ in _OBJ or (o.dep_ == "prep" and c.trig.pos == "noun"):
                    for x in ([o] if o.dep_ in _OBJ else self._pobjs(o)):
                        other = [a for a in src_at.get(x.i, []) if a not in src]
                        if other:
                            tgt.extend(other)
                            used.append("target.reaction")
                            break
                if tgt:
                    break
