"""Events stage, triggers: the compiled trigger entries and their matching.

A verb or noun whose lemma is listed in a trigger entry is a candidate;
multi-word entries ("seize control", "call for", "air strike") also need their
other words among the trigger's dependents, and the most specific entry wins.
An entry with ``complements`` takes a verb only with one of those words as
its complement: the verb's own ("called the move illegal", "described it as
a provocation") or, for a reporting verb, the predicate of the clause it
reports ("said Iran's actions were unacceptable"); the target is the thing so
described (its owner or agent first), or the reported clause's subject.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Token
from ._shared import MixinBase

_SYNTAX_LISTS = ("default_target_preps", "default_source_preps", "light_verbs",
                 "reporting_verbs", "intent_governors", "intent_auxiliaries",
                 "hypothetical_auxiliaries", "hypothetical_marks", "hypothetical_governors",
                 "negation_governors", "refusal_governors", "cessation_governors", "object_control",
                 "absorbing_governors", "reversal_verbs", "obligation_auxiliaries",
                 "own_government_target_types", "domestic_types", "threat_governors", "reaction_types", "place_target_codes",
                 "own_population_codes", "threat_marks",
                 "clause_target_types", "decision_governors", "decided_codes",
                 "reciprocal_words", "role_rules", "home_forces_codes", "own_agent_sectors",
                 "victim_nouns", "of_target_nouns", "place_preps", "member_preps",
                 "owner_preps", "mediator_words", "time_marks",
                 "relational_nouns", "theme_event_types", "deliberation_governors",
                 "offer_governors", "attempt_governors", "attempted_codes", "purpose_types",
                 "refusal_auxiliaries", "reported_refusal_auxiliaries",
                 "refusable_codes",
                 "failure_governors", "failed_codes")
_SYNTAX_CODES = ("obligation_code", "threat_code", "mediation_code", "refusal_code")
_SYNTAX_MAPS = ("intent_codes", "reversal_codes", "obligation_refine", "confidence", "offer_codes")


# what a trigger entry's ``frame`` may ask of its verb ("" : nothing)
TRIGGER_FRAMES = ("", "clause", "actor_object", "object", "transitive")


@dataclass(slots=True)
class Trigger:
    """One trigger entry of a data file, compiled."""
    rule: str
    code: str
    pos: str                      # "verb" | "noun"
    head: str                     # the lemma looked up
    extra: tuple[str, ...]        # the other words of a multi-word trigger
    object: str = "target"        # target | theme
    target_preps: frozenset = frozenset()
    source_preps: frozenset = frozenset()
    symmetric: bool = False
    refine: dict = field(default_factory=dict)
    confidence: float = 0.7
    needs_target: bool = False
    complements: frozenset = frozenset()   # the verb counts only with one of these as its
    #                                        complement ("called the move illegal")
    needs_refine: bool = False    # the entry counts only where a refine word names what
    #                               it is about ("gave weapons", not "gave it control")
    frame: str = ""               # "clause": only with a clausal complement ("pushed X to
    #                               act"); "actor_object": only with an actor as direct
    #                               object and no complement ("called Lee on Tuesday");
    #                               "object": the entry's other words are the verb's
    #                               object ("called off the strike", "the rally was
    #                               postponed"), not in a phrase ("because of the protests");
    #                               "transitive": only with a direct object ("returned the
    #                               artifacts", not "returned to Kabul")


@dataclass(slots=True)
class _Cand:
    tok: Token
    trig: Trigger
    source: list
    target: list
    code: str
    modality: str = "asserted"
    negated: bool = False
    reported_by: str | None = None
    governor: Token | None = None     # intent governor token ("ready", "pledged")
    embedded_in: Token | None = None  # governing trigger token
    consumed: tuple = ()
    fixed: bool = False               # modality decided at match time
    where: Token | None = None        # "in <country>" of the clause: the target's country
    passive: bool = False             # a passive verb with no agent
    refused: bool = False             # negated by a refusal ("declined to sign")


# the rule names of the entries compiled from ``fallback_verbs`` start with this
FALLBACK_RULE_PREFIX = "cameo."


def is_fallback(trig: Trigger) -> bool:
    """Whether ``trig`` comes from ``fallback_verbs`` (the generated CAMEO vocabulary)."""
    return trig.rule.startswith(FALLBACK_RULE_PREFIX)


def _word(x) -> str:
    # YAML 1.1 reads bare on/off/yes/no as booleans: take them back as words
    if x is True:
        return "on"
    if x is False:
        return "no"
    return str(x).lower()


def _as_list(x) -> list:
    if x is None:
        return []
    return [_word(x)] if isinstance(x, (str, bool)) else [_word(w) for w in x]


class TriggerMatcher(MixinBase):
    """Matching a token against the trigger entries of its lemma (a mixin of the
    per-document builder, which provides ``_roles_verb`` and ``_roles_noun``)."""

    @staticmethod
    def _near_lemmas(tok: Token) -> dict[str, Token]:
        out: dict[str, Token] = {}
        for c in tok.children:
            if c.dep_ == "prep" and TriggerMatcher._time_phrase(c):
                continue   # "called on Tuesday": a time phrase, not the trigger's word
            out.setdefault(c.lemma_.lower(), c)
            out.setdefault(c.lower_, c)
            if c.dep_ in ("dobj", "prep", "prt", "pobj", "compound", "amod", "xcomp", "nsubjpass"):
                for g in c.children:
                    out.setdefault(g.lemma_.lower(), g)
                    out.setdefault(g.lower_, g)
                    if g.dep_ == "prep" and c.dep_ in ("dobj", "nsubjpass"):
                        # "declared a state of emergency" ("a state of emergency was
                        # declared"): the object's own phrase
                        for p in g.children:
                            if p.dep_ == "pobj":
                                out.setdefault(p.lemma_.lower(), p)
        return out

    _COMP_DEPS = ("oprd", "xcomp", "acomp", "attr")

    def _complement(self, v: Token, words: frozenset) -> tuple[Token, list[Token]] | None:
        """(the complement of ``v`` among ``words``, the tokens it describes)."""
        def hit(t: Token) -> bool:
            if t.lemma_.lower() in words or t.lower_ in words:
                return True
            # "an act of piracy": the noun the "of" phrase names
            return any(g.dep_ == "pobj" and (g.lemma_.lower() in words or g.lower_ in words)
                       for c in t.children if c.dep_ == "prep" and c.lower_ == "of"
                       for g in c.children)

        objs = [c for c in v.children if c.dep_ in ("dobj", "obj")]
        for c in v.children:
            d = c.dep_
            if (d in self._COMP_DEPS or (d == "advcl" and c.pos_ in ("ADJ", "NOUN"))) and hit(c):
                # ("held the army responsible": the adjective often parsed as an adverbial clause)
                return c, objs
            if d == "prep" and c.lower_ == "as":
                # "described the move as a provocation" (the phrase on the verb)
                for p in c.children:
                    if p.dep_ in ("pobj", "amod", "acomp") and hit(p):
                        return p, objs
            if d == "ccomp":
                # "said Iran's actions were unacceptable": the reported predicate
                subj = [g for g in c.children if g.dep_ in ("nsubj", "nsubjpass")]
                if not subj:
                    continue
                for g in c.children:
                    if g.dep_ in self._COMP_DEPS and hit(g):
                        return g, subj
        for o in objs:
            for c in o.children:
                # "viewed the move as counterproductive" (the phrase on the object)
                if c.dep_ == "prep" and c.lower_ == "as":
                    for p in c.children:
                        if p.dep_ in ("pobj", "amod", "acomp") and hit(p):
                            return p, objs
        return None

    def _described(self, things: list[Token]) -> list[Token]:
        """The actors behind what a complement describes: its owner ("Iran's actions"),
        its agent ("the claim by North Korea"), then the thing itself."""
        out: list[Token] = []
        for t in things:
            out += [c for c in t.children if c.dep_ == "poss"]
            out += [g for c in t.children if c.dep_ in ("prep", "agent") and c.lower_ == "by"
                    for g in c.children if g.dep_ == "pobj"]
            out.append(t)
        return out

    @staticmethod
    def _time_phrase(prep: Token) -> bool:
        objs = [g for g in prep.children if g.dep_ == "pobj"]
        return bool(objs) and all(o.ent_type_ in ("DATE", "TIME") for o in objs)

    _CLAUSE_DEPS = ("xcomp", "ccomp")

    def _frame_ok(self, v: Token, frame: str) -> bool:
        """Whether verb ``v`` has the frame an entry asks for (``Trigger.frame``)."""
        kids = list(v.children)
        # ("pushed India to step up": the infinitive often parsed as an adverbial clause)
        clause = any(c.dep_ in self._CLAUSE_DEPS or (c.dep_ == "advcl" and any(
            a.dep_ == "aux" and a.lower_ == "to" for a in c.children)) for c in kids)
        if frame == "clause":
            return clause
        if frame == "transitive":
            return any(c.dep_ in ("dobj", "obj") for c in kids) or any(
                c.dep_ == "auxpass" for c in kids)
        if frame == "actor_object":
            if v.dep_ == "acl" or clause or any(c.dep_ in self._COMP_DEPS or
                                                (c.dep_ == "prep" and c.lower_ == "as") for c in kids):
                return False
            return any(c.dep_ in ("dobj", "obj") and self.tok_actor[c.i] is not None for c in kids)
        return True

    @staticmethod
    def _names_refine(v: Token, refine: dict) -> bool:
        """Whether a word of ``refine`` is among the verb's dependents or in its object
        and complement phrases (what ``needs_refine`` asks: "sent aid", "gave weapons")."""
        for c in v.children:
            if c.lemma_.lower() in refine or c.lower_ in refine:
                return True
            if c.dep_ in ("dobj", "obj", "nsubjpass", "prep", "xcomp", "dative"):
                for g in c.subtree:
                    if g.i - c.i > 8:
                        break
                    if g.lemma_.lower() in refine or g.lower_ in refine:
                        return True
        return False

    def _match_verb(self, tok: Token, lst: list[Trigger]) -> _Cand | None:
        near = None
        for trig in lst:
            if trig.complements:
                found = self._complement(tok, trig.complements)
                if found is None:
                    continue
                cand = self._roles_verb(tok, trig, ())
                cand.target = self._described(found[1])
                return cand
            if trig.extra:
                if near is None:
                    near = self._near_lemmas(tok)
                if not all(w in near for w in trig.extra):
                    continue
                extra_toks = tuple(near[w] for w in trig.extra)
            else:
                extra_toks = ()
            if trig.frame == "object":
                if not all(x.pos_ not in ("NOUN", "PROPN") or (x.head.i == tok.i and x.dep_ in (
                        "dobj", "obj", "nsubjpass")) for x in extra_toks):
                    continue
            elif trig.frame and not self._frame_ok(tok, trig.frame):
                continue
            if is_fallback(trig) and any(
                    c.dep_ in ("dobj", "obj", "nsubj") and c.lemma_.lower() in self.nouns and
                    not is_fallback(self.nouns[c.lemma_.lower()][0])
                    for c in tok.children):
                # a fallback verb of one of our event nouns: "expanded cooperation",
                # "fighting raged"
                continue
            if trig.needs_refine and not self._names_refine(tok, trig.refine):
                continue
            return self._roles_verb(tok, trig, extra_toks)
        return None

    def _match_noun(self, tok: Token, lst: list[Trigger]) -> _Cand | None:
        for trig in lst:
            if trig.extra:
                mods = {c.lemma_.lower() for c in tok.lefts} | {c.lower_ for c in tok.lefts}
                if not all(w in mods for w in trig.extra):
                    continue
            return self._roles_noun(tok, trig)
        return None
