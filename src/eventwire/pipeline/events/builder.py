"""Events stage, the per-document builder: candidates, roles, modality, events.

One :class:`Builder` per Doc holds that document's state (token -> actor,
entity and actor indexes, the candidates) and the stage's compiled tables;
its methods come from the stage's modules: :mod:`.triggers` (matching),
:mod:`.roles` (roles and role rules), :mod:`.participants` (actors) and
:mod:`.modality`. The output: negated and hypothetical events are not emitted
(the number dropped is kept in ``doc.user_data["ew_events_dropped"]``); bare
statements (CAMEO 01) have no PLOVER type and are never emitted.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.attrs import LEMMA, LOWER, POS
from spacy.parts_of_speech import AUX as _AUX, NOUN as _NOUN, PROPN as _PROPN, VERB as _VERB
from spacy.tokens import Doc

from ... import codebook
from ...doctools import char_span, sentence_index
from ...records import Actor, Event
from .modality import Modality
from .participants import Participants
from .roles import RoleFinder
from .triggers import TriggerMatcher, _Cand

if TYPE_CHECKING:
    from . import EventsStage


class Builder(TriggerMatcher, RoleFinder, Participants, Modality):
    """The events of one Doc, built with the stage's compiled tables."""

    def __init__(self, stage: EventsStage, doc: Doc):
        self.syn = stage.syn
        self.lex = stage.lex
        self.verbs, self.nouns = stage.verbs, stage.nouns
        self._intent_keys = stage._intent_keys
        self._verb_hashes = stage._verb_hashes
        self._noun_hashes = stage._noun_hashes
        self._oblig_hashes = stage._oblig_hashes
        self._obligation = stage._obligation
        self._role_rules = [(name, getattr(self, fn)) for name, fn in stage._role_rules]
        self.doc = doc
        self._vtrig: set[int] | None = None
        self._ents: dict | None = None
        self._acts: dict[str, Actor] = {}
        self._cidx: tuple | None = None
        self._trigger_toks: set[int] = set()
        self._cand_at: dict[int, _Cand] = {}
        self._mstarts: list[int] | None = None   # mention starts (participants._pair_of)

    def run(self) -> Doc:
        doc = self.doc
        n = len(doc)
        tok_actor: list = [None] * n
        for m in doc._.ew_mentions or []:
            for i in range(max(0, m.start), min(n, m.end)):
                if tok_actor[i] is None:
                    tok_actor[i] = m.actor
        self.tok_actor = tok_actor
        self._dateline = frozenset(doc._.ew_dateline or ())
        cands: list[_Cand] = []
        verbs, nouns = self.verbs, self.nouns
        oblig = self.syn["obligation_auxiliaries"]
        obligations = []
        # one cheap pass over the token arrays: Token objects only for candidates
        arr = doc.to_array([POS, LEMMA, LOWER]).tolist()
        vh, nh, oh = self._verb_hashes, self._noun_hashes, self._oblig_hashes
        for i, (p_, lem, low) in enumerate(arr):
            if p_ == _VERB:
                if lem not in vh:
                    continue
            elif p_ == _NOUN or p_ == _PROPN:
                if lem not in nh and low not in nh:
                    continue
            elif p_ == _AUX:
                if low not in oh:
                    continue
            else:
                continue
            tok = doc[i]
            pos = tok.pos_
            if tok.dep_ == "aux" and tok.lower_ in oblig:
                obligations.append(tok)
                continue
            if pos == "VERB":
                # participles used as adjectives ("the besieged town", "ousted
                # president", "a UN-brokered deal") name no event of their own
                if tok.dep_ == "amod" or (tok.dep_ == "compound" and tok.tag_ == "VBN"):
                    continue
                lst = verbs.get(tok.lemma_.lower())
                if lst:
                    c = self._match_verb(tok, lst)
                    if c:
                        cands.append(c)
            elif pos == "NOUN" or (pos == "PROPN" and not tok.ent_type_):
                lst = nouns.get(tok.lemma_.lower()) or (nouns.get(tok.lower_) if pos == "PROPN" else None)
                if lst:
                    c = self._match_noun(tok, lst)
                    if c:
                        cands.append(c)
        by_tok = {c.tok.i: c for c in cands}
        for aux in obligations:
            c = self._obligation_cand(aux.head, by_tok.get(aux.head.i))
            if c is not None:
                cands.append(c)
        doc._.ew_events = self._finish(doc, cands)
        return doc

    def _resolve_consumed(self, cands: list[_Cand]) -> list[_Cand]:
        """Drop the candidates another one took as part of its trigger. Mutual
        consumption ("suspended aid": the verb entry "suspend aid" takes the noun,
        the noun's reversal takes the verb): the nominal reading wins, as it
        carries the noun's refinements ("military aid")."""
        by_i = {c.tok.i: c for c in cands}
        consumed: set[int] = set()
        for c in cands:
            for i in c.consumed:
                o = by_i.get(i)
                if o is not None and c.tok.i in o.consumed and c.trig.pos == "verb":
                    continue
                consumed.add(i)
        return [c for c in cands if c.tok.i not in consumed]

    def _finish(self, doc: Doc, cands: list[_Cand]) -> list[Event]:
        cands = self._resolve_consumed(cands)
        self._trigger_toks = {c.tok.i for c in cands}
        by_i = self._cand_at = {c.tok.i: c for c in cands}
        absorbed: set[int] = set()
        for c in cands:
            if c.fixed:
                continue
            self._modality(c)
            if c.governor is not None and c.governor.i in self._trigger_toks and \
                    c.governor.lemma_.lower() in self.syn["absorbing_governors"] and \
                    c.modality != "hypothetical":
                # ("warned of consequences if it invaded": the warning stands alone)
                absorbed.add(c.governor.i)
                c.embedded_in = None
                g = by_i[c.governor.i]
                if any(c.tok.i in {t.i for t in k.subtree} for k in g.tok.children
                       if k.dep_ in ("dobj", "xcomp", "ccomp", "prep")):
                    # "pledged $2 billion in aid to Malawi": the governed event (in the
                    # governor's object or complement) takes the governor's
                    # participants where it names none of its own
                    if not c.source:
                        c.source = g.source
                    if not c.target and g.target and c.trig.pos == "noun":
                        c.target = g.target
        kept: list[tuple] = []
        theme_src: dict[int, list[str]] = {}
        dropped = 0
        art = doc._.ew_article
        adate = str(getattr(art, "date", None) or "")
        for c in cands:
            if c.tok.i in absorbed or c.embedded_in is not None:
                continue
            if adate[:4].isdigit() and self._dated_before(c.tok, adate):
                dropped += 1   # old background: "since the armistice in 1953"
                continue
            if c.negated and c.refused and c.modality == "asserted":
                # "declined to sign the accord with Japan": a rejection of the event
                c.code, c.negated = self.syn["refusal_code"], False
            if c.negated or c.modality == "hypothetical":
                dropped += 1
                continue
            code = self._final_code(c)
            if code is None:
                dropped += 1
                continue
            try:
                info = codebook.lookup(code)
            except codebook.UnknownCode:
                continue
            if not info.plover_type:
                continue
            src, tgt, used = self._roles(c, info)
            if c.trig.needs_target and (not tgt or "pair.domestic" in used):
                continue   # (a target the text names, not the context's country)
            if c.trig.pos == "noun" and not (src and tgt) and not c.consumed and \
                    self._governed(c.tok):
                # the theme of another event ("lifted the curfew", "accepted demands")
                if src:
                    theme_src[c.tok.i] = src
                continue
            kept.append((c, info, src, tgt, sentence_index(doc, c.tok.i), used))
        self._reaction_targets(kept, theme_src)
        kept += self._mediations(kept)
        kept = self._drop_themes(self._drop_background_modifiers(kept))
        # a nominal event with no participant at all only where its sentence has no other
        with_roles = {k[4] for k in kept if k[2] or k[3]}
        kept = [k for k in kept if k[2] or k[3] or k[0].trig.pos == "verb" or k[4] not in with_roles]
        events: list[Event] = []
        for c, info, src, tgt, sent, used in kept:
            rule = c.trig.rule + (".intent" if c.modality == "intended" else "")
            if used:
                rule += "+" + "+".join(used)
            sp = char_span(doc, c.tok.i, c.tok.i + 1)
            pairs = [(src, tgt)] if "pair.mediator" in used else self._split_parties(c, src, tgt, used)
            for s, t in pairs:
                conf = self._confidence(c, s, t, used)
                events.append(Event(
                    id=f"e{len(events) + 1}", sentence=sent,
                    trigger_text=c.tok.text, trigger_span=sp,
                    plover_type=info.plover_type, plover_mode=info.plover_mode,
                    plover_context=list(info.plover_context),
                    cameo_code=info.code, cameo_root=info.root, quad_class=info.quad_class,
                    goldstein=info.goldstein, source=s, target=t, negated=False,
                    modality=c.modality, reported_by=c.reported_by, date=None, location=None,
                    rule=rule, confidence=max(0.05, min(0.99, conf))))
        doc.user_data["ew_events_dropped"] = dropped
        return events

    @staticmethod
    def _dated_before(tok, adate: str) -> bool:
        """Whether the trigger's own phrase dates it more than a month before the
        article ("the armistice in 1953", "the 2008 war"): a year of a DATE
        entity among its dependents (or theirs, through a preposition)."""
        year, month = int(adate[:4]), int(adate[5:7]) if adate[5:7].isdigit() else 12
        near = []
        for c in tok.children:
            near.append(c)
            if c.dep_ == "prep":
                near.extend(g for g in c.children if g.dep_ == "pobj")
        for t in near:
            if t.ent_type_ != "DATE":
                continue
            for w in t.subtree:
                if w.ent_type_ == "DATE" and len(w.text) == 4 and w.text.isdigit() and (
                        int(w.text) < year - 1 or (int(w.text) == year - 1 and month >= 3)):
                    return True
        return False

    def _confidence(self, c: _Cand, src: list[str], tgt: list[str], used: list[str]) -> float:
        """How likely the event's (type, source, target) is right: the trigger's base,
        moved by the adjustments of ``confidence`` in ``syntax.yml`` (both roles
        named, one or none, not asserted, each role rule used)."""
        adj = self.syn["confidence"]
        conf = c.trig.confidence + adj.get(
            "both_roles" if src and tgt else "one_role" if src or tgt else "no_role", 0.0)
        if c.modality != "asserted":
            conf += adj.get("not_asserted", 0.0)
        for name in used:
            conf += adj.get(name, 0.0)
        return max(0.05, min(0.99, conf))
