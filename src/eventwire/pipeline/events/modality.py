"""Events stage, modality: asserted, intended, hypothetical, negated, reported.

Walking up from the trigger: ``will``/``would``/"ready to"/"pledged to" ->
intended (the code becomes its CAMEO 03x / 13x statement of intent; a decision,
"agreed to impose sanctions", is the act); ``could``/``if`` -> hypothetical;
``not``/"failed to" -> negated; the clausal complement of a reporting verb ->
``reported`` with ``reported_by`` = the speaker's actor (the saying itself is
no event unless its verb is a trigger). An event embedded under another
trigger ("urged X to attack", "help Iraq fight") is left to the governing one,
unless it sits in a clause of time ("injured when ships rammed vessels").
"""
from __future__ import annotations

from spacy.tokens import Token

from .triggers import _Cand, is_fallback
from ._shared import MixinBase, has_prefix, longest_prefix


class Modality(MixinBase):
    """Modality of candidates (a mixin of the per-document builder)."""

    def _modality(self, cand: _Cand) -> None:
        syn = self.syn
        t = cand.tok
        node = t
        came = None          # dependency of the clause we came up from
        modality = "asserted"
        negated = False
        passed_that = False  # came up through a "that"-clause
        timed = False        # came up through a clause of time ("when ...")
        own_neg = own_will = False   # "will not lift": negation and intent on the trigger
        #                              (or on the verb it took: "will not lift the sanctions")
        own_toks = {t.i, *cand.consumed}
        own_would = False    # "X said it would not lift": a refusal the refuser reports
        pending = False      # came up through "until"/"before": a condition if what it
        #                      qualifies is not yet done ("will not lift it until X signs")
        for _ in range(8):
            if node is not t:
                lem = node.lemma_.lower()
                if pending and any(c.dep_ == "neg" or (c.dep_ in ("aux", "auxpass") and (
                        c.lower_ in syn["intent_auxiliaries"] or c.lower_ in syn["obligation_auxiliaries"]
                        or c.lower_ in syn["hypothetical_auxiliaries"])) for c in node.children):
                    modality = "hypothetical"
                    break
                clausal = came in ("xcomp", "ccomp", "advcl", "pcomp", "acl")
                if lem in syn["reporting_verbs"] and (came in ("ccomp", "parataxis") or (
                        came == "advcl" and passed_that)):
                    # (an advcl: "said after the meeting ended that ...", the
                    # that-clause misattached to the adverbial clause)
                    subj, _p = self._subject(node)
                    ids = self._fill(subj)
                    cand.reported_by = ids[0] if ids else None
                    if modality == "asserted":
                        modality = "reported"
                    break
                is_trig = node.i in self._trigger_toks
                if is_trig and clausal and lem in syn["absorbing_governors"]:
                    if cand.governor is None:
                        cand.governor = node
                    if modality == "asserted":
                        modality = "intended"
                elif lem in syn["intent_governors"] and came in ("xcomp", "ccomp", "acomp",
                                                                 "dobj", "acl") and not (
                        came == "dobj" and any(c.dep_ == "prt" for c in node.children)):
                    # ("set up barricades": a phrasal verb is not the governor "set to")
                    if modality == "asserted":
                        modality = "intended"
                    if cand.governor is None:
                        cand.governor = node
                elif is_trig and clausal and cand.embedded_in is None and not timed:
                    # ("injured when ships rammed vessels": a clause of time is an
                    # event of its own, not one embedded in the governing trigger)
                    cand.embedded_in = node
                if lem in syn["hypothetical_governors"]:
                    modality = "hypothetical"
                if lem in syn["negation_governors"] and (came == "xcomp" or (
                        came == "dobj" and lem not in syn["cessation_governors"])):
                    negated = True
                    cand.refused = (lem in syn["refusal_governors"] or (
                        # "failed to reach agreement": no deal, a rejection
                        lem in syn["failure_governors"] and
                        has_prefix(cand.code, syn["failed_codes"]))) and \
                        not cand.refused and node.i not in self._trigger_toks
            for c in node.children:
                d = c.dep_
                if d == "neg":
                    negated = True
                    own_neg = own_neg or node.i in own_toks
                elif d in ("nsubj", "nsubjpass") and (node is t or came in ("xcomp", "oprd")) and (
                        c.lower_ in syn["negative_subjects"] or (c.lower_ == "one" and any(
                            g.dep_ == "det" and g.lower_ == "no" for g in c.children))):
                    # "No one was reported injured", "nobody was hurt"
                    negated = True
                elif d in ("aux", "auxpass"):
                    cl = c.lower_
                    if cl in syn["hypothetical_auxiliaries"]:
                        modality = "hypothetical"
                    elif cl in syn["intent_auxiliaries"] and modality == "asserted":
                        modality = "intended"
                        # ("would not": reported or conditional speech, no refusal)
                        own_will = node.i in own_toks and cl in syn["refusal_auxiliaries"]
                        own_would = node.i in own_toks and cl in syn["reported_refusal_auxiliaries"]
                elif d == "mark" and c.lower_ in syn["hypothetical_marks"]:
                    modality = "hypothetical"
                elif d == "det" and c.lower_ == "no" and node is t:
                    negated = True
            d = node.dep_
            h = node.head
            if d == "ccomp" and any(c.dep_ == "mark" and c.lower_ == "that" for c in node.children):
                passed_that = True
            if d == "advcl" and any(c.dep_ == "mark" and c.lower_ in syn["condition_marks"]
                                    for c in node.children):
                pending = True
                if any(w.tag_ in ("VBZ", "VBP") for w in [node] + [
                        c for c in node.children if c.dep_ in ("aux", "auxpass")]):
                    # "until their demands are met": in the present, a condition not yet met
                    modality = "hypothetical"
                    break
            if h is node or d not in ("xcomp", "ccomp", "conj", "advcl", "acl", "acomp", "dobj",
                                      "pobj", "prep", "pcomp", "parataxis", "nsubjpass", "attr"):
                break
            if d == "conj" and node.pos_ != h.pos_:
                break
            if d != "conj" and not (d == "prep" and came == "pcomp"):
                came = d
                timed = d == "advcl" and any(c.dep_ in ("mark", "advmod") and c.lower_ in syn["time_marks"]
                                             for c in node.children)
            node = h
        if own_neg and (own_will or (own_would and self._self_reported(cand))) and \
                modality == "intended" and cand.governor is None and \
                not any(c.dep_ == "auxpass" for i in own_toks for c in self.doc[i].children) and \
                self._refusable(cand):
            # "will not reopen the embassy", "won't accept refugees": a refusal stated
            # now (a rejection, as "refused to lift"), not an intention of no event
            modality, cand.refused = "asserted", True
        cand.modality = modality
        cand.negated = negated

    def _refusable(self, cand: _Cand) -> bool:
        """Whether "X will not <trigger>" is a refusal: a hand-written trigger (no
        ``cameo.*`` fallback) of one of ``refusable_codes`` (cooperation offered,
        aid, a concession: "will not lift the sanctions") with a named source.
        Other events stated so are intentions of no event ("will not attack")."""
        if is_fallback(cand.trig) or not has_prefix(cand.code, self.syn["refusable_codes"]):
            return False
        return bool(cand.source) and bool(self._fill(cand.source))

    def _self_reported(self, cand: _Cand) -> bool:
        """Whether the speaker that reports the candidate is its own source ("Iran said
        it would not ..."), not another's forecast ("analysts said Iran would not ...")."""
        return cand.reported_by is not None and cand.reported_by in self._fill(cand.source)

    @staticmethod
    def _background(t: Token) -> bool:
        """Whether trigger ``t`` is in a clause that describes a noun: a participle
        clause ("the property seized by the army", "the ceasefire agreement signed in
        March"), or a relative clause of place or time ("the town where 28 people
        were killed", "raids in which 20 died"), in the passive ("observers who were
        taken hostage") or in the perfect ("whom they had taken hostage")."""
        for _ in range(4):
            # a nominal event: the clause it is in ("the town where they face imprisonment")
            if t.pos_ in ("VERB", "AUX") or t.dep_ not in ("dobj", "pobj", "prep", "nsubj",
                                                           "nsubjpass", "attr", "conj"):
                break
            t = t.head
        d = t.dep_
        if d == "acl":
            return True
        if d != "relcl":
            return False
        for c in t.children:
            cd = c.dep_
            if cd == "auxpass" or (cd == "aux" and c.lemma_ == "have") or (
                    cd == "advmod" and c.lower_ in ("where", "when")) or (
                    cd == "prep" and any(g.lower_ in ("which", "whom") for g in c.children)):
                return True
        return False

    def _drop_background_modifiers(self, kept: list[tuple]) -> list[tuple]:
        """Drop the events of clauses that describe a noun (``_background``) where
        their sentence has an event of its own: background to the sentence's event.
        ``kept`` holds (candidate, info, source, target, sentence, rules) tuples."""
        bg = {k[0].tok.i for k in kept if self._background(k[0].tok)}
        if not bg:
            return kept
        mains = {k[4] for k in kept if k[0].tok.i not in bg}
        return [k for k in kept if k[0].tok.i not in bg or k[4] not in mains]

    def _drop_purposes(self, kept: list[tuple]) -> list[tuple]:
        """Drop the requests that are the purpose of an event of ``purpose_types``
        ("held sit-ins to demand higher wages", "began a hunger strike to demand his
        release"): what the protest is about, not a request of its own."""
        types = self.syn["purpose_types"]
        hosts = {k[0].tok.i for k in kept if k[1].plover_type.lower() in types}
        if not hosts:
            return kept

        def purpose(t: Token) -> bool:
            if t.dep_ not in ("advcl", "xcomp", "acl") or not any(
                    c.dep_ == "aux" and c.lower_ == "to" for c in t.children):
                return False
            h = t.head   # the protest itself, or the verb that holds it ("held sit-ins")
            return h.i in hosts or any(c.i in hosts for c in h.children if c.dep_ in ("dobj", "obj"))

        return [k for k in kept if not (k[1].plover_type == "REQUEST" and k[0].trig.pos == "verb"
                                        and purpose(k[0].tok))]

    def _drop_themes(self, kept: list[tuple]) -> list[tuple]:
        """Drop the nominal events that are the object of a verb event of a type of
        ``theme_event_types`` ("refused the union's appeal to ...", "turned down an offer
        from the mayor"): the one event is the rejection, its code already
        refined by what it rejects."""
        kept = self._drop_purposes(kept)
        types = self.syn["theme_event_types"]
        verbs = {k[0].tok.i for k in kept if k[0].trig.pos == "verb" and k[1].plover_type.lower() in types}
        if not verbs:
            return kept
        return [k for k in kept if not (k[0].trig.pos == "noun" and k[0].tok.dep_ in ("dobj", "obj")
                                        and k[0].tok.head.i in verbs)]

    def _governed(self, n: Token) -> bool:
        """Whether noun ``n`` is the object (or in the object phrase) of another trigger verb."""
        t = n
        for _ in range(4):
            d, h = t.dep_, t.head
            if h is t or d not in ("dobj", "pobj", "prep", "conj", "nsubjpass", "attr", "appos"):
                return False
            if h.i in self._trigger_toks and h.pos_ == "VERB":
                return True
            t = h
        return False

    def _is_threat(self, c: _Cand) -> bool:
        """An intention stated as a threat: governed by "threaten"/"warn", or with a
        condition clause marked "unless" on the event or its governor."""
        syn = self.syn
        g = c.governor
        if g is not None and g.lemma_.lower() in syn["threat_governors"]:
            return True
        for node in (c.tok, g):
            if node is None:
                continue
            for ch in node.children:
                if ch.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in syn["threat_marks"]
                                               for m in ch.children):
                    return True
        return False

    def _intent_code(self, code: str) -> str | None:
        table = self.syn["intent_codes"]
        for k in self._intent_keys:
            if code.startswith(k):
                return table[k]
        return code

    def _final_code(self, c: _Cand) -> str | None:
        """The CAMEO code of a kept candidate after its modality; None: no event."""
        code: str | None = c.code
        if c.modality != "intended":
            return code
        gov = c.governor
        if gov is not None and gov.lemma_.lower() in self.syn["decision_governors"] and \
                has_prefix(c.code, self.syn["decided_codes"]):
            # "agreed to impose sanctions", "decided to expel": the decision is the act
            c.modality = "asserted"
            return code
        if gov is not None and gov.lemma_.lower() in self.syn["attempt_governors"] and \
                has_prefix(c.code, self.syn["attempted_codes"]):
            c.modality = "asserted"   # "tried to kill the governor": the attempt is the act
            return c.code
        if gov is not None and gov.lemma_.lower() in self.syn["offer_governors"]:
            offers = self.syn["offer_codes"]
            k = longest_prefix(offers, c.code)
            if k is not None:
                return offers[k]   # "pledged to deploy troops": forces offered, no threat
        threat = self._is_threat(c)
        code = self._intent_code(code)
        if not threat and code is not None and code.startswith("13") and gov is not None and \
                gov.lemma_.lower() in self.syn["deliberation_governors"]:
            return None   # "considering sanctions": an option weighed, not a threat
        if threat and code is not None and not code.startswith("13"):
            # "threatened to deliver blows", "will withdraw unless ...": a
            # threat, whatever the governed event
            code = self.syn["threat_code"]
        return code
