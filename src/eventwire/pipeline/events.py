"""Stage ``events``: code who did what to whom (CAMEO and PLOVER) from the parse.

How it works (data: ``data/events/*.yml``, codebook: ``data/codebook/*.yml``;
both documented in ``docs/data/events.md``):

1. Triggers. One pass over the tokens: a verb or noun whose lemma is listed
   in a trigger entry (``triggers:``) is a candidate; multi-word entries
   ("seize control", "call for", "air strike") also need their other words
   among the trigger's dependents. The most specific entry wins.
2. Roles. Verbs: subject -> source, direct object -> target (unless the entry
   says the object is a theme: "supply weapons to Iraq"), passive subject ->
   target and ``by`` agent -> source, the entry's prepositions -> target; a
   missing subject is inherited up the clause chain (xcomp, conj, purpose
   clauses; the object of an object-control verb: "encouraged Washington to
   work"). Nouns: ``by``/``from``/possessive/compound modifiers -> source,
   the entry's prepositions -> target; the subject of a light verb ("held
   talks with", "expanding cooperation") or of the clause that a
   ``during``/``in`` phrase attaches to -> source. Conjoined fillers become
   lists; a symmetric event with a compound source and no target is split
   ("X and Y held talks" -> X -> Y).
3. Actors. A role filler maps to the actor of a mention over its head, of a
   compound / possessive / demonym modifier, or of an ``of``/``by`` phrase;
   a place filler ("the Iraqi city of Ramadi", "Palmyra in neighbouring
   Syria") maps to its country's state actor, added through the actors
   stage's ``add_actor``. Country names, demonyms and capitals come from the
   one :class:`~eventwire.lexicon.Lexicon` of the pipeline's settings.
4. Modality. Walking up from the trigger: ``will``/``would``/"ready to"/
   "pledged to" -> intended (the code becomes its CAMEO 03x / 13x statement
   of intent); ``could``/``if`` -> hypothetical; ``not``/"failed to" ->
   negated; the clausal complement of a reporting verb -> ``reported`` with
   ``reported_by`` = the speaker's actor (the saying itself is no event unless
   its verb is a trigger). An event embedded under another trigger ("urged X
   to attack", "help Iraq fight") is left to the governing one.
5. Output. Negated and hypothetical events are not emitted (the gold
   conventions count them as false; the number dropped is kept in
   ``doc.user_data["ew_events_dropped"]``). Bare statements (CAMEO 01) have no
   PLOVER type and are never emitted.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from spacy.attrs import LEMMA, LOWER, POS
from spacy.language import Language
from spacy.parts_of_speech import AUX as _AUX, NOUN as _NOUN, PROPN as _PROPN, VERB as _VERB
from spacy.strings import hash_string
from spacy.tokens import Doc, Token

from .. import codebook
from ..config import packaged_and_user
from ..datafiles import load_data
from ..doctools import char_span, sentence_index
from ..errors import InputError
from ..lexicon import Lexicon, get_lexicon
from ..records import Event
from ..stage import Stage
from .actors import add_actor

_PRON_REL = {"who", "which", "that", "whom"}
_SUBJ = {"nsubj", "csubj"}
_SUBJ_PASS = {"nsubjpass", "csubjpass"}
_OBJ = {"dobj", "obj"}
_MOD_SOURCE = {"poss", "compound", "amod", "nmod", "npadvmod"}
_CLAUSAL_EMBED = {"xcomp", "ccomp", "advcl", "acl", "pcomp", "relcl_", "csubj"}
_PLACE_PREPS_SOURCE = {"during", "at", "after", "before", "following", "in", "since", "throughout", "on"}
_SYNTAX_LISTS = ("default_target_preps", "default_source_preps", "light_verbs",
                 "reporting_verbs", "intent_governors", "intent_auxiliaries",
                 "hypothetical_auxiliaries", "hypothetical_marks", "hypothetical_governors",
                 "negation_governors", "object_control",
                 "absorbing_governors", "reversal_verbs", "obligation_auxiliaries",
                 "own_government_target_types", "domestic_types", "threat_governors", "reaction_types", "place_target_codes",
                 "own_population_codes",
                 "threat_marks")
_SYNTAX_MAPS = ("intent_codes", "reversal_codes", "obligation_refine")


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


class EventsStage(Stage):
    """The events component. Compiles the trigger and syntax files once."""

    sets = ("ew_events",)

    def __init__(self, user_files: list[str], lexicon: Lexicon | None = None):
        self.user_files = list(user_files)
        self.lex = lexicon or get_lexicon(())   # the packaged dictionaries by default
        self._load(packaged_and_user("events", tuple(self.user_files)))

    # ------------------------------------------------------------------ loading
    def _load(self, paths) -> None:
        entries: dict[str, dict] = {}
        syn: dict[str, object] = {k: [] for k in _SYNTAX_LISTS}
        for k in _SYNTAX_MAPS:
            syn[k] = {}
        syn["obligation_code"] = "100"
        for path in paths:
            data = load_data(path, "events")
            for e in data.get("triggers") or []:
                if not isinstance(e, dict) or "rule" not in e or "code" not in e:
                    raise InputError("EW111", f"trigger entry needs 'rule' and 'code': {e!r}",
                                     str(path))
                code = str(e["code"])
                if not codebook.is_code(code):
                    raise InputError("EW111", f"unknown CAMEO code {code!r} in rule "
                                     f"{e['rule']!r}", str(path))
                entries[str(e["rule"])] = e
            for k in _SYNTAX_LISTS:
                if k in data:
                    syn[k] = list(syn[k]) + _as_list(data[k])
            for k in _SYNTAX_MAPS:
                if isinstance(data.get(k), dict):
                    syn[k].update({str(a): (str(b) if b is not None else None)
                                   for a, b in data[k].items()})
            if data.get("obligation_code"):
                syn["obligation_code"] = str(data["obligation_code"])
        self.syn = {k: (frozenset(v) if isinstance(v, list) else v) for k, v in syn.items()}
        dtp, dsp = self.syn["default_target_preps"], self.syn["default_source_preps"]
        self.verbs: dict[str, list[Trigger]] = {}
        self.nouns: dict[str, list[Trigger]] = {}
        for e in entries.values():
            common = dict(
                rule=str(e["rule"]), code=str(e["code"]),
                object=str(e.get("object") or "target"),
                target_preps=frozenset(_as_list(e.get("target_preps"))) or dtp,
                source_preps=frozenset(_as_list(e.get("source_preps"))) or dsp,
                symmetric=bool(e.get("symmetric")),
                refine={_word(k): str(v) for k, v in (e.get("refine") or {}).items()},
                confidence=float(e.get("confidence", 0.7)),
                needs_target=bool(e.get("needs_target")))
            for phrase in _as_list(e.get("verbs")):
                words = str(phrase).lower().split()
                t = Trigger(pos="verb", head=words[0], extra=tuple(words[1:]), **common)
                self.verbs.setdefault(words[0], []).append(t)
            for phrase in _as_list(e.get("nouns")):
                words = str(phrase).lower().split()
                t = Trigger(pos="noun", head=words[-1], extra=tuple(words[:-1]), **common)
                self.nouns.setdefault(words[-1], []).append(t)
        for table in (self.verbs, self.nouns):
            for lst in table.values():
                lst.sort(key=lambda t: -len(t.extra))
        self._intent_keys = sorted(self.syn["intent_codes"], key=len, reverse=True)
        self._verb_hashes = {hash_string(w) for w in self.verbs}
        self._noun_hashes = {hash_string(w) for w in self.nouns}
        self._oblig_hashes = {hash_string(w) for w in self.syn["obligation_auxiliaries"]}
        self._obligation = Trigger(rule="request.obligation", code=self.syn["obligation_code"],
                                   pos="verb", head="", extra=(), object="target",
                                   target_preps=frozenset(), source_preps=frozenset(),
                                   confidence=0.6)

    # --------------------------------------------------------------- the stage
    def __call__(self, doc: Doc) -> Doc:
        self.doc = doc
        self._vtrig = None
        n = len(doc)
        tok_actor: list = [None] * n
        for m in doc._.ew_mentions or []:
            for i in range(max(0, m.start), min(n, m.end)):
                if tok_actor[i] is None:
                    tok_actor[i] = m.actor
        self.tok_actor = tok_actor
        cands: list[_Cand] = []
        consumed: set[int] = set()
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
                        consumed.update(c.consumed)
            elif pos == "NOUN" or (pos == "PROPN" and not tok.ent_type_):
                lst = nouns.get(tok.lemma_.lower()) or (nouns.get(tok.lower_) if pos == "PROPN" else None)
                if lst:
                    c = self._match_noun(tok, lst)
                    if c:
                        cands.append(c)
                        consumed.update(c.consumed)
        by_tok = {c.tok.i: c for c in cands}
        for aux in obligations:
            c = self._obligation_cand(aux.head, by_tok.get(aux.head.i))
            if c is not None:
                cands.append(c)
        doc._.ew_events = self._finish(doc, cands, consumed)
        self.doc = None
        return doc

    # ------------------------------------------------------------- matching
    @staticmethod
    def _near_lemmas(tok: Token) -> dict[str, Token]:
        out: dict[str, Token] = {}
        for c in tok.children:
            out.setdefault(c.lemma_.lower(), c)
            out.setdefault(c.lower_, c)
            if c.dep_ in ("dobj", "prep", "prt", "pobj", "compound", "amod", "xcomp", "nsubjpass"):
                for g in c.children:
                    out.setdefault(g.lemma_.lower(), g)
                    out.setdefault(g.lower_, g)
        return out

    def _match_verb(self, tok: Token, lst: list[Trigger]) -> _Cand | None:
        near = None
        for trig in lst:
            if trig.extra:
                if near is None:
                    near = self._near_lemmas(tok)
                if not all(w in near for w in trig.extra):
                    continue
                extra_toks = tuple(near[w] for w in trig.extra)
            else:
                extra_toks = ()
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

    # ---------------------------------------------------------------- roles
    def _subject(self, v: Token, depth: int = 0) -> tuple[list[Token], bool]:
        """(subject tokens of verb ``v`` as agent, whether they came from a passive agent)."""
        for c in v.children:
            if c.dep_ in _SUBJ:
                if c.lower_ in _PRON_REL and v.dep_ == "relcl":
                    return [v.head], False
                return [c], False
        for c in v.children:
            if c.dep_ == "agent":
                return [g for g in c.children if g.dep_ == "pobj"], True
        if any(c.dep_ in _SUBJ_PASS for c in v.children):
            return [], True
        return self._inherited_subject(v, depth), False

    def _inherited_subject(self, v: Token, depth: int = 0) -> list[Token]:
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
        return [g for g in prep.children if g.dep_ in ("pobj", "pcomp")]

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
        if passive:
            source = subj
            sp = [c for c in v.children if c.dep_ in _SUBJ_PASS]
            if trig.object == "target":
                target = sp
            else:
                target = self._prep_fillers(v, trig.target_preps)
        else:
            source = subj
            if trig.object == "target":
                target = objs
            target = target + self._prep_fillers(v, trig.target_preps)
        for x in extra_toks:
            if x.pos_ in ("NOUN", "PROPN"):
                target = target + self._prep_fillers(x, trig.target_preps)
        if not target and trig.object == "target":
            # "help the Tripoli government drive out": the object parsed as a subject
            for c in v.children:
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
            cand.where = ins[0] if ins else None
        return cand

    def _verb_trigger_toks(self) -> set:
        """Tokens that are verb triggers (their lemma is listed), computed once per Doc."""
        if self._vtrig is None:
            vh = self._verb_hashes
            self._vtrig = {t.i for t in self.doc if t.pos == _VERB and t.lemma in vh}
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
        extra_preps = [c for c in self._noun_preps(n) if c.head is not n]
        h0 = n.head
        if n.dep_ == "compound" and h0.pos_ == "NOUN" and h0.lemma_.lower() not in self.nouns:
            # "a mediation mission between Syria and Arafat": the phrases of the
            # head noun the trigger qualifies
            extra_preps += [c for c in self._noun_preps(h0) if c.lemma_.lower() == "between"]
        for c in kids + extra_preps:
            d = c.dep_
            if d == "prep":
                lem = c.lemma_.lower()
                if lem in trig.source_preps:
                    source.extend(self._pobjs(c))
                elif lem in trig.target_preps or lem == "between":
                    target.extend(self._pobjs(c))
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
        h = base.head
        if not source and h is not base:
            if base.dep_ in ("dobj", "nsubjpass", "attr", "conj") and h.pos_ in ("VERB", "AUX") and (
                    h.lemma_.lower() in self.syn["light_verbs"]):
                subj, passive = self._subject(h)
                source = subj if not passive or base.dep_ != "nsubjpass" else subj
                if not target:
                    target = self._prep_fillers(h, trig.target_preps)
            elif base.dep_ == "dobj" and h.pos_ == "VERB" and h.i not in self._verb_trigger_toks():
                subj, passive = self._subject(h)
                if not passive:
                    source = subj
            elif base.dep_ == "pobj" and h.dep_ == "prep" and h.lemma_.lower() in _PLACE_PREPS_SOURCE:
                v = h.head
                if v.pos_ in ("VERB", "AUX"):
                    subj, passive = self._subject(v)
                    if not passive:
                        source = subj
        code = self._refine(trig, n, [])
        consumed: tuple = ()
        if n.dep_ in ("dobj", "nsubjpass") and h.pos_ == "VERB" and \
                h.lemma_.lower() in self.syn["reversal_verbs"]:
            rev = self._by_prefix(self.syn["reversal_codes"], code)
            if rev:
                code = rev
                consumed = (h.i,)
                if not source:
                    subj, passive = self._subject(h)
                    source = subj if not passive else source
                if not target:
                    target = self._prep_fillers(h, trig.target_preps | {"to", "with", "for"})
        return _Cand(n, trig, source, target, code, consumed=consumed)

    @staticmethod
    def _by_prefix(table: dict, code: str) -> str | None:
        for n in range(len(code), 1, -1):
            if code[:n] in table:
                return table[code[:n]]
        return None

    def _obligation_cand(self, v: Token, own: _Cand | None) -> _Cand | None:
        """"X said Y must do Z": a demand by X on Y."""
        if v.dep_ not in ("ccomp",) or v.head.lemma_.lower() not in self.syn["reporting_verbs"]:
            return None
        rep = v.head
        subj, passive = self._subject(rep)
        if passive:
            return None
        target = [c for c in v.children if c.dep_ in _SUBJ]
        if not target:
            return None
        code = self.syn["obligation_code"]
        if own is not None:
            code = self._by_prefix(self.syn["obligation_refine"], own.code) or code
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

    # --------------------------------------------------------------- actors
    def _actor_of(self, tok: Token, depth: int = 0, place: bool = True) -> str | None:
        a = self.tok_actor[tok.i]
        if a is not None:
            return a
        kids = list(tok.children)
        for dep in ("poss", "compound", "amod", "nmod"):
            for c in kids:
                if c.dep_ == dep and c.i < tok.i:
                    a = self.tok_actor[c.i]
                    if a is None and c.dep_ == "compound":
                        for g in c.children:
                            if g.dep_ in ("compound", "amod") and self.tok_actor[g.i]:
                                a = self.tok_actor[g.i]
                    if a is not None:
                        return a
        if depth < 2:
            for c in (self._noun_preps(tok) if tok.pos_ == "NOUN" else kids):
                if c.dep_ == "prep" and c.lower_ in ("of", "by"):
                    for p in self._pobjs(c):
                        a = self._actor_of(p, depth + 1, place)
                        if a is not None:
                            return a
        if place:
            return self._place_actor(tok)
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
            ent = next((e for e in self.doc.ents if e.start <= tok.i < e.end), None)
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
            act = next((x for x in self.doc._.ew_actors or [] if x.id == a), None)
            return a if act is not None and act.kind == "state" else None
        iso = _country_of(tok.text, self.lex)
        return self._state_actor(tok.i, tok.i + 1, tok.text, iso) if iso else None

    def _domestic(self, filler: Token, source: str) -> list[str]:
        """An unnamed victim or place ("protesters", "a village") with no actor of its
        own, in a conflict event whose source is of a country: of that country."""
        if filler.pos_ not in ("NOUN",) or self.tok_actor[filler.i] is not None:
            return []
        src = next((a for a in self.doc._.ew_actors or [] if a.id == source), None)
        iso = src.country if src is not None else None
        if not iso or len(iso) != 3 or iso in _NOT_COUNTRIES:
            return []
        s, e = filler.left_edge.i, filler.i + 1
        aid = add_actor(self.doc, s, e, self.doc[s:e].text, iso, "CVL", iso + "CVL", "group", "agent")
        if aid == source:
            return []
        for i in range(s, e):
            self.tok_actor[i] = aid
        return [aid]

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
        src = next((a for a in acts if a.id == source), None)
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
        tg = next((a for a in acts if a.id == target), None)
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
        whose phrase or object it is ("arrived in Amman on a visit")."""
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

    def _first_actor_after(self, v: Token, src: list[str]) -> list[str]:
        """The first actor mentioned after the trigger in its own phrase, outside
        clauses of their own: "the army launched a crackdown in the north against Tamil
        rebels" -> the rebels."""
        skip = {c.i for c in v.children if c.dep_ in ("ccomp", "advcl", "conj", "relcl",
                                                       "parataxis", "xcomp")}
        blocked: set[int] = set()
        for c in v.children:
            if c.i in skip:
                blocked.update(t.i for t in c.subtree)
        n = 0
        for t in v.subtree:
            if t.i <= v.i or t.i in blocked:
                continue
            n += 1
            if n > 10:
                break
            a = self.tok_actor[t.i]
            if a is not None and a not in src:
                return [a]
        return []

    def _governed_target(self, v: Token, src: list[str]) -> list[str]:
        """"agreed to provide aid for Romania": the first other actor of the governed clause."""
        for c in v.children:
            # "demanded that the US cancel": the subject of the demanded clause
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

    def _fill(self, toks: list[Token]) -> list[str]:
        out: list[str] = []
        seen: set[int] = set()
        for t in toks:
            for x in [t, *t.conjuncts]:
                if x.i in seen:
                    continue
                seen.add(x.i)
                a = self._actor_of(x)
                if a is not None and a not in out:
                    out.append(a)
        return out

    # ------------------------------------------------------------- modality
    def _modality(self, cand: _Cand) -> None:
        syn = self.syn
        t = cand.tok
        node = t
        came = None          # dependency of the clause we came up from
        modality = "asserted"
        negated = False
        passed_that = False  # came up through a "that"-clause
        for _ in range(8):
            if node is not t:
                lem = node.lemma_.lower()
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
                                                                 "dobj", "acl"):
                    if modality == "asserted":
                        modality = "intended"
                    if cand.governor is None:
                        cand.governor = node
                elif is_trig and clausal and cand.embedded_in is None:
                    cand.embedded_in = node
                if lem in syn["hypothetical_governors"]:
                    modality = "hypothetical"
                if lem in syn["negation_governors"] and came in ("xcomp", "dobj"):
                    negated = True
            for c in node.children:
                d = c.dep_
                if d == "neg":
                    negated = True
                elif d in ("aux", "auxpass"):
                    cl = c.lower_
                    if cl in syn["hypothetical_auxiliaries"]:
                        modality = "hypothetical"
                    elif cl in syn["intent_auxiliaries"] and modality == "asserted":
                        modality = "intended"
                elif d == "mark" and c.lower_ in syn["hypothetical_marks"]:
                    modality = "hypothetical"
                elif d == "det" and c.lower_ == "no" and node is t:
                    negated = True
            d = node.dep_
            h = node.head
            if d == "ccomp" and any(c.dep_ == "mark" and c.lower_ == "that" for c in node.children):
                passed_that = True
            if h is node or d not in ("xcomp", "ccomp", "conj", "advcl", "acl", "acomp", "dobj",
                                      "pobj", "prep", "pcomp", "parataxis", "nsubjpass", "attr"):
                break
            if d == "conj" and node.pos_ != h.pos_:
                break
            if d != "conj" and not (d == "prep" and came == "pcomp"):
                came = d
            node = h
        cand.modality = modality
        cand.negated = negated

    # --------------------------------------------------------------- output
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

    def _finish(self, doc: Doc, cands: list[_Cand], consumed: set[int]) -> list[Event]:
        # mutual consumption ("suspended aid": the verb entry "suspend aid" takes the
        # noun, the noun's reversal takes the verb): the nominal reading wins, as
        # it carries the noun's refinements ("military aid")
        by_i = {c.tok.i: c for c in cands}
        consumed = set()
        for c in cands:
            for i in c.consumed:
                o = by_i.get(i)
                if o is not None and c.tok.i in o.consumed and c.trig.pos == "verb":
                    continue
                consumed.add(i)
        cands = [c for c in cands if c.tok.i not in consumed]
        self._trigger_toks = {c.tok.i for c in cands}
        absorbed: set[int] = set()
        for c in cands:
            if c.fixed:
                continue
            self._modality(c)
            if c.governor is not None and c.governor.i in self._trigger_toks and \
                    c.governor.lemma_.lower() in self.syn["absorbing_governors"]:
                absorbed.add(c.governor.i)
                c.embedded_in = None
        kept: list[tuple] = []
        theme_src: dict[int, list[str]] = {}
        dropped = 0
        for c in cands:
            if c.tok.i in absorbed or c.embedded_in is not None:
                continue
            if c.negated or c.modality == "hypothetical":
                dropped += 1
                continue
            code = c.code
            if c.modality == "intended":
                threat = self._is_threat(c)
                code = self._intent_code(code)
                if threat and not (code or "").startswith("13"):
                    # "threatened to deliver blows", "will withdraw unless ...": a
                    # threat, whatever the governed event
                    code = _THREAT_CODE
                if code is None:
                    dropped += 1
                    continue
            try:
                info = codebook.lookup(code)
            except codebook.UnknownCode:
                continue
            if not info.plover_type:
                continue
            src = self._fill(c.source)
            tgt = [a for a in self._fill(c.target) if a not in src]
            if not tgt and c.where is not None and (c.target or info.quad_class == 4):
                # "seized control of Palmyra in neighbouring Syria": the place's country
                w = self._state_of(c.where)
                if w and w not in src:
                    tgt = [w]
            if not tgt and src and any(info.code.startswith(k) for k in self.syn["place_target_codes"]):
                # "arrived in Amman on a visit": the visited place's state
                tgt = [a for a in self._visited(c.tok) if a not in src]
            if not tgt and c.target and src and info.quad_class in (3, 4):
                # "threatened further action against Russia": an actor after the
                # trigger before an unnamed victim; an event noun ("a crackdown",
                # "the coup") is no victim
                tgt = self._first_actor_after(c.tok, src)
                f = c.target[0]
                if not tgt and f.lemma_.lower() not in self.nouns:
                    tgt = self._domestic(f, src[0])
            if not tgt and src and c.trig.object == "theme" and c.trig.pos == "verb":
                # "rejected an Indian proposal": the owner of what is rejected
                tgt = self._theme_owner(c.tok, src)
            if not tgt and src and info.plover_type in _CLAUSE_TARGET_TYPES:
                tgt = self._governed_target(c.tok, src)
            if not tgt and src:
                tgt = self._first_actor_after(c.tok, src)
            if not tgt and src and any(info.code.startswith(k) or str(c.code).startswith(k)
                                       for k in self.syn["own_population_codes"]):
                # curfews, bans, emergency rule imposed (or lifted) with no one named:
                # on the population of the place named ("lifted a curfew in
                # Montenegro"), else the source's own
                if c.where is not None and c.trig.pos == "verb":
                    w = self._state_of(c.where) or self._place_actor(c.where)
                    if w and w not in src:
                        tgt = [w]
                if not tgt:
                    obj = next((x for x in c.tok.children if x.dep_ in _OBJ), None)
                    tgt = self._domestic(obj if obj is not None else c.tok, src[0])
            if not src and tgt and c.passive and info.quad_class == 4:
                # "protesters were dispersed", "22 soldiers were killed": no agent named;
                # domestic news codes the country's own forces
                src = self._home_forces(tgt[0])
            if c.trig.symmetric and not tgt and len(src) > 1:
                src, tgt = src[:1], src[1:]
            if not src and len(tgt) > 1 and any(p.head.lower_ == "between" for p in c.target):
                src, tgt = tgt[:1], tgt[1:]
            if not tgt and src and info.plover_type.lower() in self.syn["own_government_target_types"]:
                # "students protested": with no one named, against their own government
                tgt = self._own_government(src[0], sentence_index(doc, c.tok.i))
            if not src and not tgt and info.plover_type.lower() in self.syn["domestic_types"] \
                    and not any(t.ent_type_ for t in (*c.source, *c.target)) \
                    and not (c.trig.pos == "noun" and not c.consumed and self._governed(c.tok)):
                # "Daily fighting escalated": no participant named in a sentence (and
                # article) about one country: that country's own conflict
                src, tgt = self._context_pair(sentence_index(doc, c.tok.i), c.tok)
            if c.trig.needs_target and not tgt:
                continue
            if c.trig.pos == "noun" and not (src and tgt) and not c.consumed and \
                    self._governed(c.tok):
                # the theme of another event ("lifted the curfew", "accepted demands")
                if src:
                    theme_src[c.tok.i] = src
                continue
            kept.append((c, info, src, tgt, sentence_index(doc, c.tok.i)))
        # "condemned the coup", "denounced the attacks": a reaction to another event
        # with no target named is aimed at that event's source
        src_at = dict(theme_src)
        src_at.update({k[0].tok.i: k[2] for k in kept if k[2]})
        for k in kept:
            c, info, src, tgt, _ = k
            if tgt or not src or info.plover_type.lower() not in self.syn["reaction_types"]:
                continue
            for o in c.tok.children:
                if o.dep_ in _OBJ or (o.dep_ == "prep" and c.trig.pos == "noun"):
                    for x in ([o] if o.dep_ in _OBJ else self._pobjs(o)):
                        other = [a for a in src_at.get(x.i, []) if a not in src]
                        if other:
                            tgt.extend(other)
                            break
                if tgt:
                    break
        # a nominal event with no participant at all only where its sentence has no other
        with_roles = {k[4] for k in kept if k[2] or k[3]}
        kept = [k for k in kept if k[2] or k[3] or k[0].trig.pos == "verb" or k[4] not in with_roles]
        events: list[Event] = []
        for c, info, src, tgt, sent in kept:
            conf = c.trig.confidence + (0.1 if src and tgt else -0.2 if not (src or tgt) else 0)
            if c.modality != "asserted":
                conf -= 0.05
            sp = char_span(doc, c.tok.i, c.tok.i + 1)
            events.append(Event(
                id=f"e{len(events) + 1}", sentence=sent,
                trigger_text=c.tok.text, trigger_span=sp,
                plover_type=info.plover_type, plover_mode=info.plover_mode,
                plover_context=list(info.plover_context),
                cameo_code=info.code, cameo_root=info.root, quad_class=info.quad_class,
                goldstein=info.goldstein, source=src, target=tgt, negated=False,
                modality=c.modality, reported_by=c.reported_by, date=None, location=None,
                rule=c.trig.rule + (".intent" if c.modality == "intended" else ""),
                confidence=max(0.05, min(0.99, conf))))
        doc.user_data["ew_events_dropped"] = dropped
        return events


def _country_of(word: str, lex: Lexicon) -> str | None:
    """ISO3 of a capitalised country name, demonym, capital or listed city, per the lexicon."""
    w = word.strip()
    if not w or not w[0].isupper():
        return None
    return lex.country_of(w)


_THREAT_CODE = "130"   # CAMEO 130, threaten: a threat that names no kind
_CLAUSE_TARGET_TYPES = frozenset({"AGREE", "REQUEST", "REJECT", "THREATEN", "ACCUSE"})
_NOT_COUNTRIES = frozenset({"IGO", "IMG", "UNO", "NAT", "EUR", "NGO", "MNC", "AFR", "WST", "INT"})


@Language.factory("ew_events", assigns=["doc._.ew_events", "doc._.ew_actors", "doc._.ew_mentions"],
                  requires=["doc._.ew_actors", "doc._.ew_mentions"],
                  default_config={"user_files": [], "actors_files": []})
def make_events(nlp: Language, name: str, user_files: list[str],
                actors_files: list[str]) -> EventsStage:
    return EventsStage(user_files, get_lexicon(actors_files))
