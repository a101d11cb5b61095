"""Stage ``quotes``: who said what.

Sets ``doc._.ew_quotes`` to a list of :class:`~eventwire.records.Quote`, ids
``q1``, ``q2``, ... in text order. Three passes, each linear in the Doc:

1. **Direct quotes** from the quotation marks of the text (straight and curly),
   paired per paragraph; a paragraph that opens a quote without closing it
   continues into the next paragraph when that one opens with a quotation
   mark. Quotes nested inside another quote stay part of it. A long quote (a
   sentence or more) is a direct quote; a short quoted fragment is kept only
   inside an indirect quote (which then becomes ``mixed``) or when a cue verb
   governs it ('called it an "unparalleled victory"').
2. **Indirect quotes** from the dependency parse: a cue verb of the data files
   (``data/quotes/*.yml``: say, tell, warn, insist, deny, ...) and its clausal
   complement ("X said (that) S", "S, X said", "X told reporters S"), its
   infinitive complement ("X vowed to ...", "X urged Y to ..."), its object
   ("X denied the charges") or a preposition's object ("X called for talks");
   and "according to X, S".
3. **Speakers**: a direct quote takes the cue next to it ('"...," he said',
   'He added: "..."'); a direct quote with no cue of its own takes the speaker
   of the quote just before it in the same or the previous paragraph ('"A," he
   said. "B."'). The speaker is the cue's subject as written ("he", "the
   minister", "Ferreira"); ``speaker.actor`` is what the actors stage resolved
   that span to (``actors.actor_at``, the one in-document coreference). Where
   it resolves a pronoun speaker to nothing, the pronoun takes the actor of the
   previous quote's speaker.

A content span holds only what was said: the enclosing quotation marks and a
trailing comma or period are left out.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right, insort
from dataclasses import dataclass, field

import numpy
from spacy.attrs import IS_SPACE, LEMMA, LOWER, POS, TAG
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.symbols import AUX, NOUN, VERB
from spacy.tokens import Doc, Token

from ..config import packaged_and_user
from ..datafiles import load_data
from ..doctools import dateline_end, doc_text, token_columns, token_starts
from ..records import Quote
from ..stage import Stage
from .actors import actor_at


# opening mark -> closing mark; "''" and "``" are the typewriter marks of wire and
# newspaper archives (''We will,'' he said. / ``We will,'' he said.)
_OPEN = {"\u201c": "\u201d", "\u00ab": "\u00bb", '"': '"', "\u201e": "\u201d", "''": "''", "``": "''"}
_CLOSE_ONLY = ("\u201d", "\u00bb")
_SYMMETRIC = ('"', "''")            # the same mark opens and closes: no nesting
_MARK_RE = re.compile('\'\'|``|["\u201c\u201d\u00ab\u00bb\u201e]')
_QUOTE_TOKS = {'"', "\u201c", "\u201d", "\u00ab", "\u00bb", "\u201e", "''", "``", "'", "\u2018", "\u2019"}
_TRIM_END = {",", ".", ";", ":", "-", "\u2014", "\u2013", "--"}
_SUBJ = {"nsubj", "nsubjpass", "csubj"}
_RELPRON = {"who", "which", "that", "whom"}
_EXPLETIVE = {"it", "there", "this", "that", "which", "what"}
_TITLE_SMALL = {"the", "of", "and", "a", "an", "in", "on", "for", "to", "with", "at", "by", "or",
                "de", "la", "le", "du", "del", "da", "do", "von", "van"}
_CLIMB = {"xcomp", "advcl", "conj", "prep", "pcomp", "acl", "relcl", "acomp"}


@dataclass(slots=True)
class Cues:
    """The cue words of the data files, as sets (precompiled at construction)."""
    speech: set[str] = field(default_factory=set)
    cognition: set[str] = field(default_factory=set)
    to_complement: set[str] = field(default_factory=set)
    object: set[str] = field(default_factory=set)
    prepositional: dict[str, set[str]] = field(default_factory=dict)
    nominal: dict[str, set[str]] = field(default_factory=dict)
    source_phrases: list[tuple[str, ...]] = field(default_factory=list)
    fragment: set[str] = field(default_factory=set)
    object_not_content: dict[str, set[str]] = field(default_factory=dict)
    source_documents: set[str] = field(default_factory=set)
    non_speakers: set[str] = field(default_factory=set)
    no_content: set[str] = field(default_factory=set)
    person_pronouns: set[str] = field(default_factory=set)
    group_pronouns: set[str] = field(default_factory=set)
    line_speaker_words: int = 7
    join_split_quotes: bool = True

    def add(self, data: dict) -> None:
        for key in ("speech", "cognition", "to_complement", "object", "fragment"):
            getattr(self, key).update(str(w).lower() for w in data.get(key) or [])
        for verb, preps in (data.get("prepositional") or {}).items():
            self.prepositional.setdefault(str(verb).lower(), set()).update(
                str(p).lower() for p in preps or [])
        for noun, ways in (data.get("nominal") or {}).items():
            self.nominal.setdefault(str(noun).lower(), set()).update(str(w).lower() for w in ways or [])
        for verb, nouns in (data.get("object_not_content") or {}).items():
            self.object_not_content.setdefault(str(verb).lower(), set()).update(
                str(x).lower() for x in nouns or [])
        self.source_documents.update(str(w).lower() for w in data.get("source_documents") or [])
        self.non_speakers.update(str(w).lower() for w in data.get("non_speakers") or [])
        self.no_content.update(" ".join(str(w).lower().split()) for w in data.get("no_content") or [])
        for phrase in data.get("source_phrases") or []:
            words = tuple(str(phrase).lower().split())
            if words and words not in self.source_phrases:
                self.source_phrases.append(words)
        if data.get("join_split_quotes") is not None:
            self.join_split_quotes = bool(data["join_split_quotes"])
        if data.get("line_speaker_words") is not None:
            self.line_speaker_words = int(data["line_speaker_words"])
        pron = data.get("pronouns") or {}
        self.person_pronouns.update(str(w).lower() for w in pron.get("person") or [])
        self.group_pronouns.update(str(w).lower() for w in pron.get("group") or [])
        for w in data.get("remove") or []:
            w = str(w).lower()
            for key in ("speech", "cognition", "to_complement", "object", "fragment"):
                getattr(self, key).discard(w)
            self.prepositional.pop(w, None)
            self.nominal.pop(w, None)
            words = tuple(w.split())
            if words in self.source_phrases:
                self.source_phrases.remove(words)

    @property
    def clausal(self) -> set[str]:
        return self.speech | self.cognition


def load_cues(user_files: list[str] | tuple[str, ...] = ()) -> Cues:
    cues = Cues()
    for path in packaged_and_user("quotes", tuple(user_files)):
        cues.add(load_data(path, "quotes"))
    return cues


@dataclass(slots=True)
class _Q:
    """A quote being built (token spans; characters at the end)."""
    kind: str
    cs: int                      # content characters [cs, ce)
    ce: int
    ts: int = -1                 # content tokens [ts, te)
    te: int = -1
    cue: Token | None = None
    cue_end: int = -1            # token end of a multi-word cue ("according to")
    spk: tuple[int, int] | None = None
    actor: str | None = None
    full: bool = True            # direct: a sentence or more (not a fragment)
    para: int = 0


class QuotesStage(Stage):
    sets = ("ew_quotes",)

    def __init__(self, user_files: list[str]):
        self.user_files = list(user_files)
        self.cues = load_cues(self.user_files)
        self._clausal = self.cues.clausal
        self._all_verbs = (self._clausal | self.cues.to_complement | self.cues.object
                           | set(self.cues.prepositional))
        self._phrase_heads = {p[0] for p in self.cues.source_phrases}
        # the indirect sweep's first test, on the token arrays: a source phrase's head
        # (LOWER), a noun, a verb, or a verb tag; and its verdict per (LOWER, POS, TAG,
        # LEMMA), kept across documents (bounded)
        self._head_ids = numpy.array(sorted({get_string_id(h) for h in self._phrase_heads}),
                                     dtype="uint64")
        self._verb_tag_ids = numpy.array([get_string_id(t) for t in self._VERB_TAGS], dtype="uint64")
        self._cue_rows: dict[tuple[int, int, int, int], bool] = {}

    def _lemma(self, tok: Token) -> str:
        """The token's lemma, mended where the model's lemmatizer cut a final e off
        an inflected cue verb ("hoping" -> "hop", "citing" -> "cit")."""
        lem = tok.lemma_.lower()
        if lem not in self._all_verbs and tok.tag_ in ("VBG", "VBD", "VBN", "VBZ") and lem + "e" in self._all_verbs:
            return lem + "e"
        return lem

    # ------------------------------------------------------------------ entry
    def __call__(self, doc: Doc) -> Doc:
        doc._.ew_quotes = self.extract(doc)   # failures: api.process records EW202
        return doc

    def extract(self, doc: Doc) -> list[Quote]:
        if not len(doc):
            return []
        starts = token_starts(doc)
        text = doc_text(doc)
        paras = self._paragraph_index(text)
        direct = self._direct(doc, text, starts, paras)
        inside = [False] * len(doc)             # token inside a direct quote's marks
        for q in direct:
            for i in range(q.ts, q.te):
                inside[i] = True
        indirect = self._indirect(doc, inside, direct)
        if self.cues.line_speaker_words > 0:
            indirect.extend(self._line_speakers(doc))
        indirect = [q for q in indirect if self._plausible(doc, text, q)]
        quotes = self._merge(doc, direct, indirect)
        self._direct_speakers(doc, text, [q for q in quotes if q.kind == "direct"], inside)
        for q in quotes:
            if q.kind != "direct":
                q.para = bisect_left(paras, q.cs + 1) - 1
        # by start, the longer first at one start, so that the sweep meets the outer first
        quotes.sort(key=lambda q: (q.cs, -q.ce))
        quotes = self._outermost(self._dedupe(quotes))
        if self.cues.join_split_quotes:
            quotes = self._join_continued(quotes)
        self._inherit(quotes)
        self._resolve(doc, quotes)
        return [self._record(doc, text, i, q) for i, q in enumerate(quotes, 1)]

    def _plausible(self, doc: Doc, text: str, q: _Q) -> bool:
        """An indirect quote keeps out of the dateline ("GOMA, Congo, Nov 16 (Reuters) -"),
        and its speaker is no happening ("fierce clashes urged", "the surge in fighting
        claimed the lives of": ``non_speakers`` of the cues file)."""
        end = dateline_end(text, q.cs)
        if end > q.cs:
            if end >= q.ce:
                return False
            q.cs = end
            starts = token_starts(doc)
            q.ts = bisect_left(starts, end, q.ts, min(q.te, len(starts)))
        if q.spk is None or q.cue is None or q.cue.is_punct:
            return True
        head = doc[q.spk[0]:q.spk[1]].root
        return head.lemma_.lower() not in self.cues.non_speakers and head.lower_ not in self.cues.non_speakers

    @staticmethod
    def _dedupe(quotes: list[_Q]) -> list[_Q]:
        """One quote per content: a quote whose content lies inside another quote's with
        the same cue (or the same content twice) is the same report. The earlier quote
        found is kept. Kept quotes are indexed by content span and by cue, so the cost is
        linear in the number of quotes (not one comparison per pair)."""
        out: list[_Q] = []
        by_span: dict[tuple[int, int], int] = {}     # content span -> first kept quote
        by_cue: dict[int, list[int]] = {}             # cue token -> kept quotes, in order
        for q in quotes:
            dup = by_span.get((q.cs, q.ce))
            if q.cue is not None:
                for k in by_cue.get(q.cue.i, ()):
                    if dup is not None and k >= dup:
                        break
                    o = out[k]
                    if o.cue is not None and o.cue.i == q.cue.i and o.cs <= q.cs and q.ce <= o.ce:
                        dup = k
                        break
            if dup is None:
                by_span.setdefault((q.cs, q.ce), len(out))
                if q.cue is not None:
                    by_cue.setdefault(q.cue.i, []).append(len(out))
                out.append(q)
                continue
            o = out[dup]
            if o.spk is None and q.spk is not None:
                o.spk, o.cue, o.cue_end = q.spk, q.cue, q.cue_end
                if q.cue is not None:
                    insort(by_cue.setdefault(q.cue.i, []), dup)
        return out

    @staticmethod
    def _join_continued(quotes: list[_Q]) -> list[_Q]:
        """A direct quote broken by its attribution and going on in the same
        paragraph is one quote ('"A," she said. "B."': contract, "a quote that
        runs across sentences is one record"): the part with no cue of its own
        (or with the same cue) joins the cued part before it, and the content
        runs from A to B."""
        out: list[_Q] = []
        for q in quotes:
            # the last direct quote before q; reports in between (an aside such as
            # '"A," said X, speaking of Y, "B."') become part of the joined quote
            k = len(out) - 1
            while k >= 0 and out[k].kind != "direct" and out[k].para == q.para:
                k -= 1
            prev = out[k] if k >= 0 else None
            if (prev is not None and q.kind == "direct"
                    and prev.kind == "direct" and prev.full and prev.cue is not None
                    and prev.para == q.para
                    and (q.full and q.cue is None and q.spk is None
                         or q.cue is not None and q.cue.i == prev.cue.i)):
                prev.ce, prev.te = q.ce, q.te
                del out[k + 1:]
                continue
            out.append(q)
        return out

    @staticmethod
    def _outermost(quotes: list[_Q]) -> list[_Q]:
        """A report inside the content of another is part of that content, not a
        quote of its own: 'X said Y believes S' is one quote (X's), '"I think S,"
        he said' one. ``quotes`` are sorted by start; one sweep keeps the outer."""
        out: list[_Q] = []
        end = -1
        for q in quotes:
            if out and q.ce <= end and q.cs >= out[-1].cs:
                continue
            out.append(q)
            end = max(end, q.ce)
        return out

    # ---------------------------------------------------------- paragraphs
    @staticmethod
    def _paragraph_index(text: str) -> list[int]:
        """Character offsets where paragraphs (lines) start."""
        out = [0]
        pos = text.find("\n")
        while pos != -1:
            out.append(pos + 1)
            pos = text.find("\n", pos + 1)
        return out

    # ---------------------------------------------------------- direct quotes
    def _direct(self, doc: Doc, text: str, starts: list[int], paras: list[int]) -> list[_Q]:
        spans: list[tuple[int, int, int, int]] = []   # (open mark, close mark or end, paragraph, mark length)
        open_at = -1
        open_ch = ""
        nested = 0
        open_para = 0
        n_para = len(paras)
        marks = [(m.start(), m.group()) for m in _MARK_RE.finditer(text)]
        k = 0
        for p in range(n_para):
            p_start = paras[p]
            p_end = paras[p + 1] - 1 if p + 1 < n_para else len(text)
            if open_at >= 0:
                # a quote left open at the end of the last paragraph continues
                # here only when this paragraph opens with a quotation mark
                line = text[p_start:p_end]
                stripped = line.lstrip()
                if not stripped:
                    continue                    # blank line between paragraphs
                first = p_start + len(line) - len(stripped)
                if any(stripped.startswith(m) for m in _OPEN if m not in _CLOSE_ONLY):
                    while k < len(marks) and marks[k][0] <= first:
                        k += 1                  # the re-opening mark is no quote of its own
                else:
                    spans.append((open_at, self._para_end(text, paras, p - 1), open_para, len(open_ch)))
                    open_at, nested = -1, 0
            while k < len(marks) and marks[k][0] < p_end:
                pos, ch = marks[k]
                k += 1
                if open_at < 0:
                    if ch in _OPEN and ch not in _CLOSE_ONLY:
                        if self._is_apostrophe_like(text, pos, ch):
                            continue
                        open_at, open_ch, nested, open_para = pos, ch, 0, p
                    continue
                closer = _OPEN[open_ch]
                if ch == closer:
                    if nested and ch not in _SYMMETRIC:
                        nested -= 1
                        continue
                    spans.append((open_at, pos, open_para, len(open_ch)))
                    open_at, nested = -1, 0
                elif ch == open_ch and ch not in _SYMMETRIC:
                    nested += 1
            # paragraph ends: an open quote waits for the next paragraph
        if open_at >= 0:
            spans.append((open_at, len(text.rstrip()), open_para, len(open_ch)))
        out = []
        for o, c, p, olen in spans:
            cs, ce = o + olen, c
            while cs < ce and text[cs].isspace():
                cs += 1
            while ce > cs and (text[ce - 1].isspace() or text[ce - 1] in ",."):
                ce -= 1
            if ce - cs < 2:
                continue
            ts = bisect_left(starts, cs)
            te = bisect_left(starts, ce)
            if te <= ts:
                continue
            q = _Q("direct", cs, ce, ts, te, para=p)
            q.full = self._is_full(doc, text, o, olen, c, ts, te, paras[p])
            out.append(q)
        return out

    @staticmethod
    def _para_end(text: str, paras: list[int], p: int) -> int:
        end = paras[p + 1] - 1 if p + 1 < len(paras) else len(text)
        while end > paras[p] and text[end - 1].isspace():
            end -= 1
        return end

    @staticmethod
    def _is_apostrophe_like(text: str, pos: int, ch: str) -> bool:
        """A straight double quote used for inches ("5'10\"") and the like; a
        typewriter "''" right after a letter closes, it never opens."""
        if ch == "''":
            return pos > 0 and text[pos - 1].isalnum()
        return ch == '"' and pos > 0 and text[pos - 1].isdigit()

    @staticmethod
    def _is_full(doc: Doc, text: str, o: int, olen: int, c: int, ts: int, te: int, p_start: int) -> bool:
        """A sentence or more in quotation marks, not a quoted word or phrase."""
        words = sum(1 for i in range(ts, te) if not doc[i].is_punct)
        body = text[o + olen:c].strip()
        if not body:
            return False
        first = next((ch for ch in body if ch.isalnum()), "")
        alpha = [doc[i].text for i in range(ts, te) if doc[i].is_alpha]
        if len(alpha) <= 8 and (body[-1] not in ".?!," or len(alpha) <= 5) and all(
                w[0].isupper() or w.lower() in _TITLE_SMALL for w in alpha):
            return False                    # a title: "Meet the Press"
        before = text[p_start:o].rstrip()
        if not before or before.endswith(":"):
            return words >= 2
        if words >= 4 and (first.isupper() or first.isdigit()):
            return True
        if words >= 3 and body[-1] in ".?!" and (first.isupper() or first.isdigit()):
            return True
        return False

    # --------------------------------------------------------- indirect quotes
    _VERB_TAGS = ("VBD", "VBZ", "VBP", "VBG", "VBN", "VB")

    def _indirect_candidates(self, doc: Doc, inside: list[bool]) -> list[int]:
        """The tokens :meth:`_indirect` looks at (outside direct quotes; a source phrase's
        head, a noun, a verb or a verb tag), read from arrays: no Token for the rest."""
        if not len(doc):
            return []
        arr = doc.to_array([LOWER, POS, TAG, LEMMA])
        pos, tags = arr[:, 1], arr[:, 2]
        # only a head, a noun, a verb or a verb tag can pass the test below
        maybe = numpy.flatnonzero((pos == NOUN) | (pos == VERB) | (pos == AUX)
                                  | numpy.isin(tags, self._verb_tag_ids)
                                  | numpy.isin(arr[:, 0], self._head_ids)).tolist()
        strings, heads = doc.vocab.strings, self._phrase_heads
        nominal, verbs = self.cues.nominal, self._all_verbs
        seen = self._cue_rows
        if len(seen) > 100_000:
            seen.clear()
        out = []
        for i, row in zip(maybe, arr[maybe].tolist()):
            if inside[i]:
                continue
            key = (row[0], row[1], row[2], row[3])
            ok = seen.get(key)
            if ok is None:
                # what _indirect goes on with: a source phrase's head, a nominal cue, or a
                # verb whose lemma (mended as :meth:`_lemma` does) is a cue verb
                tag, lem = strings[row[2]], strings[row[3]].lower()
                ok = seen[key] = strings[row[0]] in heads \
                    or (row[1] == NOUN and lem in nominal) \
                    or ((row[1] == VERB or row[1] == AUX or tag in self._VERB_TAGS)
                        and (lem in verbs or (tag in ("VBG", "VBD", "VBN", "VBZ") and lem + "e" in verbs)))
            if ok:
                out.append(i)
        return out

    def _indirect(self, doc: Doc, inside: list[bool], direct: list[_Q]) -> list[_Q]:
        out: list[_Q] = []
        parallel: dict[int, Token] = {}      # second cue -> the cue whose content it ends
        n = len(doc)
        for i in self._indirect_candidates(doc, inside):
            tok = doc[i]
            low = tok.lower_
            if low in self._phrase_heads and tok.i + 1 < n:
                q = self._source_phrase(doc, tok, inside)
                if q is not None:
                    out.append(q)
                continue
            if tok.pos_ == "NOUN" and tok.lemma_.lower() in self.cues.nominal:
                q = self._nominal(doc, tok, inside)
                if q is not None:
                    out.append(q)
                continue
            if tok.pos_ not in ("VERB", "AUX") and tok.tag_ not in self._VERB_TAGS:
                continue
            lemma = self._lemma(tok)
            if lemma not in self._all_verbs:
                continue
            if tok.dep_ in ("amod", "compound"):
                continue
            span = self._content_of(doc, tok, lemma)
            if span is None:
                continue
            s, e = span
            s, e = self._trim(doc, s, e)
            if e <= s or all(doc[i].is_punct for i in range(s, e)):
                continue
            if doc[s:e].text.lower() in self.cues.no_content:
                continue        # "who asked not to be named"
            # content inside a direct quote: that quote's business
            if all(inside[i] for i in range(s, e) if not doc[i].is_punct):
                continue
            cut = self._parallel_cue(doc, tok, s, e)
            if cut is not None:
                parallel[cut.i] = tok
                e = cut.left_edge.i
                while e > s and (doc[e - 1].dep_ == "cc" or doc[e - 1].is_punct or doc[e - 1].is_space):
                    e -= 1
                s, e = self._trim(doc, s, e)
                if e <= s:
                    continue
            q = _Q("indirect", doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text), s, e, cue=tok)
            q.spk = self._speaker_of(doc, tok)
            first = parallel.get(tok.i)
            if first is not None and not any(c.dep_ in _SUBJ for c in tok.children):
                q.spk = self._speaker_of(doc, first)     # "X said A and insisted B": X's
            out.append(q)
        return out

    def _nominal(self, doc: Doc, noun: Token, inside: list[bool]) -> _Q | None:
        """A noun of saying or stance and what it is about: "her support for the
        plan", "the claim that S", "his decision to resign", "criticism of the
        deal by the unions". The speaker is the noun's possessor or its "by" /
        "from" phrase; none otherwise."""
        ways = self.cues.nominal[noun.lemma_.lower()]
        span = None
        for c in noun.children:
            if c.i < noun.i:
                continue
            if c.dep_ == "prep" and c.lower_ in ways:
                objs = [g for g in c.children if g.dep_ in ("pobj", "pcomp")]
                if objs:
                    span = (objs[0].left_edge.i, objs[-1].right_edge.i + 1)
                    break
            elif c.dep_ in ("acl", "ccomp", "relcl") and c.pos_ in ("VERB", "AUX"):
                mark = c.left_edge
                if "that" in ways and mark.lower_ == "that" and mark.dep_ == "mark":
                    span = (mark.i + 1, c.right_edge.i + 1)
                    break
                if "to" in ways and any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children) \
                        and c.left_edge.i > noun.i:
                    span = (c.left_edge.i, c.right_edge.i + 1)
                    break
        if span is None:
            return None
        s, e = self._trim(doc, *span)
        if e - s < 1 or all(inside[i] for i in range(s, e)) or all(doc[i].is_punct for i in range(s, e)):
            return None
        q = _Q("indirect", doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text), s, e, cue=noun)
        poss = [c for c in noun.children if c.dep_ == "poss"]
        by = [g for c in noun.children if c.dep_ == "prep" and c.lower_ in ("by", "from") and c.i > noun.i
              for g in c.children if g.dep_ == "pobj"]
        if poss:
            ps, pe = self._np_span(doc, poss[0]) if poss[0].pos_ != "PRON" else (poss[0].i, poss[0].i + 1)
            while pe - 1 > ps and doc[pe - 1].dep_ == "case":
                pe -= 1                         # "the governor's" -> "the governor"
            q.spk = (ps, pe)
        elif by and by[0].i < s:
            q.spk = self._np_span(doc, by[0])
        else:
            # "X expressed support for", "X raised questions about": the subject
            # of the verb the noun is the object of
            t = noun
            for _ in range(3):
                if t.dep_ not in ("dobj", "pobj", "prep", "attr", "conj") or t.head.i == t.i:
                    break
                t = t.head
                if t.pos_ in ("VERB", "AUX"):
                    sb = [c for c in t.children if c.dep_ == "nsubj"]
                    if sb and sb[0].lower_ not in _EXPLETIVE:
                        q.spk = self._np_span(doc, sb[0])
                    break
        return q if q.spk is not None else None

    def _parallel_cue(self, doc: Doc, cue: Token, s: int, e: int) -> Token | None:
        """A second report coordinated with the content ("X said A and insisted B",
        "X said A, citing B", "most said A, and 4 in 10 said B"): the cue the
        content of ``cue`` ends before. Nested reports ("X said Y believes B")
        stay inside: only a cue joined to the content's main clause as a conjunct
        or a participle counts."""
        root = next((doc[i] for i in range(s, e) if not s <= doc[i].head.i < e or doc[i].head.i == i), None)
        if root is None:
            return None
        for i in range(root.i + 1, e):
            x = doc[i]
            if x.dep_ not in ("conj", "advcl") or x.pos_ != "VERB" or self._lemma(x) not in self._all_verbs:
                continue
            if x.dep_ == "advcl" and x.tag_ != "VBG":
                continue
            h = x.head
            if h.i == root.i or h.i == cue.i or h.dep_ == "conj" and h.head.i == root.i:
                return x
        return None

    _LINE_POS = {"PROPN", "NOUN", "ADJ", "DET", "ADP", "PART", "NUM", "CCONJ", "PUNCT", "X"}

    def _line_speakers(self, doc: Doc) -> list[_Q]:
        """ "Name: words" at the start of a line (headlines, transcripts)."""
        out: list[_Q] = []
        n = len(doc)
        limit = self.cues.line_speaker_words
        # read once as an array: a Token made for every token of the document costs more
        # than this stage's rules (a token's whitespace_ is " " or "": never a newline)
        (space,) = token_columns(doc, [IS_SPACE])
        i = 0
        while i < n and space[i]:
            i += 1
        first = i       # "ANKARA: ..." opening the article is a dateline, no speaker
        while i < n:
            # i: first token of a line
            while i < n and space[i]:
                i += 1
            if i >= n:
                break
            j = i
            colon = -1
            while j < n and j - i <= limit + 1:
                t = doc[j]
                if t.text == ":":
                    colon = j
                    break
                if t.is_space or "\n" in t.whitespace_ or t.pos_ not in self._LINE_POS or t.text in _QUOTE_TOKS:
                    break
                j += 1
            # end of this line
            k = i
            while k < n and not space[k]:
                k += 1
            line_end = min(k + 1, n)
            dateline = i == first and all(doc[x].text.isupper() for x in range(i, max(i + 1, colon)))
            if colon > i and not dateline and doc[i].text[:1].isupper() and any(
                    doc[x].pos_ in ("PROPN", "NOUN") for x in range(i, colon)):
                s, e = self._trim(doc, colon + 1, line_end)
                words = sum(1 for x in range(s, e) if not doc[x].is_punct)
                if words >= 3:
                    ss = i
                    for x in range(colon - 1, i - 1, -1):
                        if doc[x].text in ("\u2013", "\u2014", "-", "--", "|"):
                            ss = x + 1
                            break
                    if ss < colon:
                        q = _Q("indirect", doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text), s, e,
                               cue=doc[colon])
                        q.spk = (ss, colon)
                        out.append(q)
            i = line_end
        return out

    def _content_of(self, doc: Doc, tok: Token, lemma: str) -> tuple[int, int] | None:
        cues = self.cues
        kids = list(tok.children)
        if lemma in self._clausal:
            cc = [c for c in kids if c.dep_ == "ccomp"]
            if cc:
                # the complement on the side away from the subject first ("said S")
                c = next((c for c in cc if c.i > tok.i), cc[0])
                return self._subtree_side(doc, c, tok)
            # "said before the vote began that S": the parser hung S on the adverbial
            for a in kids:
                if a.dep_ in ("advcl", "prep", "npadvmod") and a.i > tok.i and a.lemma_.lower() not in self._clausal:
                    for c in a.children:
                        if c.dep_ == "ccomp" and c.left_edge.lower_ == "that" and c.left_edge.dep_ == "mark":
                            return c.left_edge.i, c.right_edge.i + 1
            if lemma in cues.speech and tok.dep_ == "parataxis":
                # "S, X said" / "S1, X says, S2" parsed as S with the saying as an aside
                h = tok.head
                s, e = h.left_edge.i, h.right_edge.i + 1
                cs, ce = tok.left_edge.i, tok.right_edge.i + 1
                if ce >= e - 1 or cs > s:
                    if ce < e - 1 and not any(doc[i].pos_ in ("VERB", "AUX") for i in range(s, cs)) \
                            and any(doc[i].pos_ in ("VERB", "AUX") for i in range(ce, e)):
                        s = ce  # "In particular, he said, the fund had ...": the clause after
                    else:
                        e = cs  # "S, X said, as ...": the words before the aside
                elif cs <= s:
                    s = ce
                if e > s:
                    return s, e
            if lemma in cues.speech and tok.dep_ == "ROOT":
                # '"...," he said.' without a quote: "S, he said" with S as a sibling clause
                left = [c for c in kids if c.i < tok.i and c.dep_ in ("ccomp", "parataxis", "advcl")
                        and c.pos_ in ("VERB", "AUX")]
                if left:
                    return self._subtree_side(doc, left[0], tok)
        if lemma in cues.to_complement:
            xc = [c for c in kids if c.dep_ == "xcomp" and c.i > tok.i
                  and any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children)]
            if xc:
                x = xc[0]
                obj = [c for c in kids if c.dep_ in ("dobj", "dative") and tok.i < c.i < x.i]
                s = obj[0].left_edge.i if obj else x.left_edge.i
                return s, x.right_edge.i + 1
        preps = cues.prepositional.get(lemma)
        if preps:
            for c in kids:
                if c.dep_ in ("prep", "prt") and c.lower_ in preps and c.i > tok.i:
                    objs = [g for g in c.children if g.dep_ in ("pobj", "pcomp")]
                    if not objs:
                        continue
                    s = objs[0].left_edge.i
                    e = objs[-1].right_edge.i + 1
                    for x in kids:
                        if x.dep_ == "xcomp" and x.i >= e and x.i - e < 2:
                            e = x.right_edge.i + 1
                    return s, e
            # "called for Trump to be banned": the preposition marks a clause
            for c in kids:
                if c.dep_ in ("advcl", "ccomp", "xcomp") and c.i > tok.i and any(
                        m.dep_ == "mark" and m.lower_ in preps and m.i < c.i for m in c.children):
                    m = next(m for m in c.children if m.dep_ == "mark")
                    return m.i + 1, c.right_edge.i + 1
        if lemma in cues.object:
            # the object, a clause, or a gerund ("supports raising the minimum wage")
            obj = [c for c in kids if (c.dep_ in ("dobj", "ccomp") or c.dep_ == "xcomp" and c.tag_ == "VBG")
                   and c.i > tok.i]
            if not obj and tok.tag_ == "VBN" and any(c.dep_ == "agent" for c in kids):
                # "the plan was endorsed by the council": the subject is the content
                sp = [c for c in kids if c.dep_ == "nsubjpass" and c.i < tok.i]
                if sp and sp[0].lower_ not in _RELPRON and sp[0].pos_ != "PRON":
                    s, e = self._np_span(doc, sp[0])
                    return s, e
            if obj:
                o = obj[0]
                if o.dep_ == "dobj" and o.lemma_.lower() in cues.object_not_content.get(lemma, ()):
                    return None
                if o.lower_ in _EXPLETIVE and o.dep_ == "dobj" and not any(
                        c.dep_ in ("oprd", "xcomp") for c in kids):
                    return None
                s, e = o.left_edge.i, o.right_edge.i + 1
                for x in kids:
                    if x.i >= e and x.dep_ in ("oprd", "xcomp", "prep") and x.i - e < 2 and (
                            x.dep_ != "prep" or x.lower_ in ("of", "for", "as")):
                        e = x.right_edge.i + 1
                # "called the vote a fraud": the description is the content
                if lemma in cues.fragment:
                    op = [x for x in kids if x.dep_ in ("oprd",) and x.i > o.i]
                    if op:
                        s = op[0].left_edge.i
                return s, e
        return None

    @staticmethod
    def _subtree_side(doc: Doc, c: Token, cue: Token) -> tuple[int, int]:
        """The complement's tokens on its own side of the cue (a relative
        clause's "what it said was X" gives "was X")."""
        s, e = c.left_edge.i, c.right_edge.i + 1
        if s <= cue.i < e:
            if c.i > cue.i:
                s = cue.right_edge.i + 1 if cue.right_edge.i < c.i else cue.i + 1
                s = max(s, cue.i + 1)
                # skip the cue's own right dependents before the complement (adverbs, "that")
                while s < c.i and doc[s].dep_ in ("advmod", "mark", "punct", "prep", "pobj", "npadvmod"):
                    if doc[s].head.i == c.i or doc[s].dep_ == "punct":
                        break
                    s += 1
                s = max(s, c.left_edge.i if c.left_edge.i > cue.i else cue.i + 1)
            else:
                e = cue.left_edge.i
        return s, e

    def _source_phrase(self, doc: Doc, tok: Token, inside: list[bool]) -> _Q | None:
        """ "according to X, S" / "S, according to X"."""
        n = len(doc)
        phrase = next((p for p in self.cues.source_phrases
                       if tok.i + len(p) <= n and all(doc[tok.i + k].lower_ == w for k, w in enumerate(p))),
                      None)
        if phrase is None:
            return None
        last = doc[tok.i + len(phrase) - 1]
        objs = [c for c in last.children if c.dep_ == "pobj"]
        if not objs:
            objs = [t for t in doc[last.i + 1:min(n, last.i + 4)] if t.pos_ in ("NOUN", "PROPN", "PRON")]
            if not objs:
                return None
        src = objs[0]
        # the clause the phrase belongs to
        h = tok.head
        hops = 0
        while h.pos_ not in ("VERB", "AUX") and h.head.i != h.i and hops < 4:
            h = h.head
            hops += 1
        if h.i == tok.i:
            return None
        # already attributed by a cue of its own ("X said S, according to Y")
        if h.lemma_.lower() in self.cues.speech and any(c.dep_ in _SUBJ for c in h.children) and any(
                c.dep_ == "ccomp" for c in h.children):
            return None
        src = self._issuer(src)
        sent = tok.sent
        ph_s, ph_e = tok.i, max(src.right_edge.i, last.i) + 1
        s, e = h.left_edge.i, h.right_edge.i + 1
        s, e = max(s, sent.start), min(e, sent.end)
        while e > s and (doc[e - 1].is_punct or doc[e - 1].is_space) and doc[e - 1].text not in _QUOTE_TOKS:
            e -= 1
        if ph_s <= s:
            s = ph_e
        elif ph_e >= e:
            e = ph_s
        s, e = self._trim(doc, s, e)
        if e - s < 2 or all(inside[i] for i in range(s, e)):
            return None
        q = _Q("indirect", doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text), s, e, cue=tok,
               cue_end=last.i + 1)
        q.spk = self._np_span(doc, src)
        return q

    @staticmethod
    def _trim(doc: Doc, s: int, e: int) -> tuple[int, int]:
        while s < e and (doc[s].is_punct and doc[s].text not in _QUOTE_TOKS or doc[s].is_space
                         or doc[s].dep_ in ("mark", "cc") and doc[s].lower_ in ("that", "and", "but", "whether", "if") and s + 1 < e
                         and doc[s].lower_ in ("that", "and", "but")):
            s += 1
        if s < e and doc[s].lower_ in _RELPRON and doc[s].dep_ in _SUBJ | {"mark"} and doc[s].lower_ == "that":
            s += 1
        while e > s and (doc[e - 1].text in _TRIM_END or doc[e - 1].is_space):
            e -= 1
        # unbalanced quotation marks at either end
        if e > s and doc[e - 1].text in _QUOTE_TOKS:
            n = sum(1 for i in range(s, e) if doc[i].text in _QUOTE_TOKS)
            if n % 2:
                e -= 1
                while e > s and doc[e - 1].text in _TRIM_END:
                    e -= 1
        if e > s and doc[s].text in _QUOTE_TOKS:
            n = sum(1 for i in range(s, e) if doc[i].text in _QUOTE_TOKS)
            if n % 2:
                s += 1
        return s, e

    # ---------------------------------------------------------------- speakers
    def _speaker_of(self, doc: Doc, cue: Token) -> tuple[int, int] | None:
        t = cue
        for _ in range(6):
            if t.lemma_.lower() in ("quote", "cite") and any(c.dep_ == "prep" and c.lower_ == "as" for c in t.children):
                # "the paper quoted a farmer as saying"
                obj = [c for c in t.children if c.dep_ == "dobj"]
                if obj:
                    return self._np_span(doc, obj[0])
            subj = [c for c in t.children if c.dep_ in _SUBJ]
            agent = [g for c in t.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
            if agent:
                return self._np_span(doc, agent[0])
            if subj:
                sb = subj[0]
                if sb.dep_ == "nsubjpass":
                    # "X was quoted as saying", "X is reported to have said"
                    if t.i != cue.i or t.lemma_.lower() in ("quote", "cite"):
                        return self._np_span(doc, sb)
                    return None
                if sb.lower_ in _RELPRON and t.dep_ == "relcl":
                    return sb.i, sb.i + 1      # "who" as written; _resolve follows it back
                if sb.lower_ in ("what", "which"):
                    return None
                return self._np_span(doc, sb)
            if t.dep_ not in _CLIMB or t.head.i == t.i:
                return None
            if t.dep_ == "relcl":
                # "the minister, speaking in Ankara, ..." / "officials who said" handled above
                return None
            if t.dep_ == "acl" and t.tag_ in ("VBG", "VBN") and t.head.pos_ in ("NOUN", "PROPN") \
                    and t.head.lower_ not in self.cues.non_speakers:
                # "a new poll showing S", "supporters seeking to ...": the noun it qualifies
                return self._np_span(doc, t.head)
            t = t.head
        return None

    @staticmethod
    def _np_span(doc: Doc, h: Token) -> tuple[int, int]:
        """The noun phrase headed by ``h`` as written: its left modifiers, the
        head and close right modifiers ("officials in Uzbekistan"), cut at a
        comma, a dash or a bracket (appositions and relative clauses stay out)."""
        s = h.left_edge.i
        e = h.i + 1
        for c in h.rights:
            if c.dep_ in ("prep", "compound", "amod", "nummod", "pobj", "nmod", "case", "flat") and c.i == e:
                e = c.right_edge.i + 1
            else:
                break
        for i in range(h.i - 1, s - 1, -1):
            if doc[i].text in (",", "(", "\u2014", "--", "-", ";", ":") or doc[i].text in _QUOTE_TOKS:
                s = i + 1
                break
        for i in range(h.i + 1, e):
            if doc[i].text in (",", "(", "\u2014", "--", ";", ":"):
                e = i
                break
        while s < h.i and (doc[s].is_punct or doc[s].is_space):
            s += 1
        return s, e

    def _direct_speakers(self, doc: Doc, text: str, direct: list[_Q], inside: list[bool]) -> None:
        """Cue and speaker of each direct quote from the words around it; a quote
        without a cue takes the speaker of the quote before it (or after it, in
        the same paragraph)."""
        for q in direct:
            if q.cue is not None and q.spk is not None:
                continue
            cue = None
            # after the closing mark: '"...," he said' / '"...," said Ferreira'
            after = self._window_after(doc, q.te, inside)
            before = self._window_before(doc, q.ts, inside)
            pre_colon = bool(before) and doc[before[-1]].text in (":", ",")
            cands_after = [i for i in after if self._is_cue(doc[i])]
            if text[q.ce:q.ce + 1] in (".", "!", "?") or text[q.ce - 1:q.ce] in ("!", "?"):
                # '"... in my opinion." Reid said both men ...': a new sentence whose
                # cue has a content of its own after it is not this quote's cue
                cands_after = [i for i in cands_after
                               if not any(c.dep_ == "ccomp" and c.i > i for c in doc[i].children)]
            cands_before = [i for i in reversed(before) if self._is_cue(doc[i])]
            order = (cands_before + cands_after) if pre_colon else (cands_after + cands_before)
            for i in order:
                cue = doc[i]
                break
            if cue is None and (not before or doc[before[-1]].text == ":"):
                intro = self._colon_intro(doc, q.ts, before, inside)
                if intro is not None:
                    q.cue, q.spk = intro
                    continue
            if cue is None:
                # "...", according to X
                for i in after:
                    if doc[i].lower_ in self._phrase_heads:
                        qq = self._phrase_speaker(doc, doc[i])
                        if qq:
                            q.cue, q.cue_end, q.spk = doc[i], qq[0], qq[1]
                        break
                continue
            q.cue = cue
            spk = self._speaker_of(doc, cue)
            if spk is None:
                spk = self._adjacent_speaker(doc, cue, inside)
            if spk is not None and not (spk[1] <= q.ts or spk[0] >= q.te):
                spk = None
            q.spk = spk

    @staticmethod
    def _inherit(quotes: list[_Q]) -> None:
        """A direct quote without a cue takes the speaker of the quote just
        before it (same or previous paragraph: '"A," he said. "B."'; 'X said S.
        "..."'), else of the cued direct quote after it in its paragraph."""
        prev = None
        for k, q in enumerate(quotes):
            if q.spk is None and q.full and q.cue is None:
                src = None
                if prev is not None and prev.spk is not None and q.para - prev.para <= 2:
                    src = prev
                elif k + 1 < len(quotes):
                    nx = quotes[k + 1]
                    if nx.kind == "direct" and nx.spk is not None and nx.para == q.para and nx.cue is not None:
                        src = nx
                if src is not None:
                    q.spk, q.actor = src.spk, src.actor
            if q.spk is not None:
                prev = q

    def _colon_intro(self, doc: Doc, ts: int, before: list[int], inside: list[bool]):
        """A quote introduced by a colon: 'X observed:\n\n"..."', 'analyst Mira Holt: "..."'."""
        if before:
            colon = before[-1]
        else:
            colon = ts - 1
            while colon >= 0 and (doc[colon].text in _QUOTE_TOKS or doc[colon].is_space):
                colon -= 1
            if colon < 0 or doc[colon].text != ":" or inside[colon]:
                return None
        start = doc[colon].sent.start
        cues = [i for i in range(start, colon) if self._is_cue(doc[i]) and not inside[i]]
        if cues:
            cue = doc[cues[-1]]
            spk = self._speaker_of(doc, cue) or self._adjacent_speaker(doc, cue, inside)
            return (cue, spk) if spk is not None else None
        prev = doc[colon - 1] if colon > 0 else None
        if prev is not None and prev.pos_ in ("PROPN", "NOUN") and not inside[prev.i]:
            t = prev
            while t.dep_ in ("compound", "flat") and t.head.i > t.i and t.head.i < colon:
                t = t.head
            return doc[colon], self._np_span(doc, t)
        root = doc[colon].sent.root
        if root.pos_ in ("VERB", "AUX"):
            spk = self._speaker_of(doc, root)
            if spk is not None:
                return root, spk
        return None

    def _is_cue(self, tok: Token) -> bool:
        return (self._lemma(tok) in self.cues.speech and tok.pos_ in ("VERB", "AUX")
                or tok.lemma_.lower() in ("quote",) and tok.pos_ == "VERB")

    def _phrase_speaker(self, doc: Doc, tok: Token):
        n = len(doc)
        for p in self.cues.source_phrases:
            if tok.i + len(p) <= n and all(doc[tok.i + k].lower_ == w for k, w in enumerate(p)):
                last = doc[tok.i + len(p) - 1]
                objs = [c for c in last.children if c.dep_ == "pobj"]
                if objs:
                    return last.i + 1, self._np_span(doc, self._issuer(objs[0]))
        return None

    def _issuer(self, src: Token) -> Token:
        """ "a statement from the mission" -> "the mission": who issued a document speaks."""
        if src.lemma_.lower() in self.cues.source_documents:
            by = [g for c in src.children if c.dep_ == "prep" and c.lower_ in ("from", "by", "of")
                  for g in c.children if g.dep_ == "pobj"]
            if by:
                return by[0]
        return src

    @staticmethod
    def _window_after(doc: Doc, te: int, inside: list[bool], limit: int = 14) -> list[int]:
        out = []
        i = te
        n = len(doc)
        # skip the closing punctuation and quotation mark
        while i < n and (doc[i].is_punct or doc[i].is_space) and "\n" not in doc[i].text:
            if doc[i].text in (".", "!", "?") and i + 1 < n and doc[i + 1].text not in _QUOTE_TOKS:
                return out
            i += 1
        while i < n and len(out) < limit:
            t = doc[i]
            if inside[i] or t.text in _QUOTE_TOKS or "\n" in t.text or t.is_space:
                break
            out.append(i)
            if t.text in (".", "!", "?", ";") or "\n" in t.whitespace_:
                break
            i += 1
        return out

    @staticmethod
    def _window_before(doc: Doc, ts: int, inside: list[bool], limit: int = 14) -> list[int]:
        out = []
        i = ts - 1
        while i >= 0 and doc[i].text in _QUOTE_TOKS:
            i -= 1
        while i >= 0 and len(out) < limit:
            t = doc[i]
            if inside[i] or t.text in _QUOTE_TOKS or "\n" in t.text or "\n" in t.whitespace_ or t.is_space:
                break
            if t.text in (".", "!", "?", ";"):
                break
            out.append(i)
            i -= 1
        out.reverse()
        return out

    @staticmethod
    def _adjacent_speaker(doc: Doc, cue: Token, inside: list[bool]) -> tuple[int, int] | None:
        """A cue the parser left without a subject: the name or pronoun right
        next to it ('"...," Ferreira said' / '"...," said Ferreira')."""
        for j in (cue.i - 1, cue.i + 1):
            if 0 <= j < len(doc) and not inside[j] and doc[j].pos_ in ("PROPN", "PRON", "NOUN"):
                t = doc[j]
                while t.dep_ in ("compound", "flat") and t.head.i != t.i and abs(t.head.i - t.i) < 4:
                    t = t.head
                return QuotesStage._np_span(doc, t)
        return None

    # ------------------------------------------------------------------ merge
    def _merge(self, doc: Doc, direct: list[_Q], indirect: list[_Q]) -> list[_Q]:
        """Direct and indirect together: an indirect quote whose content is a
        direct quote gives that quote its cue and speaker; a quoted fragment
        inside an indirect quote makes it mixed; a fragment elsewhere is kept
        only when a cue verb governs it."""
        full = [q for q in direct if q.full]
        frags = [q for q in direct if not q.full]
        kept: list[_Q] = []
        seen: set[tuple[int, int]] = set()
        # only quotes that start within (longest quote) before a span can overlap it: a
        # window by start, so a long document does not compare every pair
        by_start = sorted(range(len(full)), key=lambda i: full[i].ts)
        starts = [full[i].ts for i in by_start]
        longest = max((d.te - d.ts for d in full), default=0)
        for q in indirect:
            key = (q.ts, q.te)
            if key in seen:
                continue
            seen.add(key)
            covered = 0
            host = None
            near = sorted(by_start[bisect_left(starts, q.ts - longest):bisect_left(starts, q.te)])
            for d in (full[i] for i in near):
                ov = min(q.te, d.te) - max(q.ts, d.ts)
                if ov > 0:
                    covered += ov
                    if host is None:
                        host = d
            if host is not None and covered >= 0.5 * (q.te - q.ts):
                if host.cue is None and q.cue is not None and (
                        q.cue.i < host.ts or q.cue.i >= host.te):
                    host.cue, host.cue_end, host.spk = q.cue, q.cue_end, q.spk
                continue
            if host is not None:
                q.kind = "mixed"
            kept.append(q)
        out = list(full)
        kept_by_start = sorted(kept, key=lambda k: k.ts)
        kept_starts = [k.ts for k in kept_by_start]
        kept_longest = max((k.te - k.ts for k in kept), default=0)
        for f in frags:
            hosts = [k for k in kept_by_start[bisect_left(kept_starts, f.ts - kept_longest):
                                              bisect_right(kept_starts, f.ts)]
                     if k.ts <= f.ts and f.te <= k.te]
            if hosts:
                for k in hosts:
                    k.kind = "mixed"
                continue
            gov = self._governor(doc, f)
            if gov is None:
                continue
            f.cue = gov
            f.spk = self._speaker_of(doc, gov)
            if f.spk is None:
                continue
            out.append(f)
        out.extend(kept)
        return out

    def _governor(self, doc: Doc, f: _Q) -> Token | None:
        """The cue verb that governs a quoted fragment, if any (within a few hops)."""
        root = None
        for i in range(f.ts, f.te):
            h = doc[i].head
            if h.i < f.ts or h.i >= f.te or h.i == i:
                root = doc[i]
                break
        if root is None or root.dep_ in _SUBJ:
            return None         # the quoted name is who speaks ('"Carta de Mocambique" reports')
        t = root.head if root.head.i != root.i else root
        for _ in range(4):
            lemma = t.lemma_.lower()
            if t.pos_ == "VERB" and (lemma in self.cues.fragment or lemma in self.cues.speech):
                return t
            if t.head.i == t.i:
                return None
            t = t.head
        return None

    # -------------------------------------------------------------- resolution
    def _resolve(self, doc: Doc, quotes: list[_Q]) -> None:
        last_person = last_group = None
        for q in quotes:
            if q.spk is None:
                continue
            s, e = q.spk
            if q.actor is None:
                if e - s == 1 and doc[s].lower_ in _RELPRON and doc[s].head.dep_ == "relcl":
                    q.actor = self._actor(doc, *self._np_span(doc, doc[s].head.head))
                else:
                    q.actor = self._actor(doc, s, e)
            words = doc[s:e]
            low = words.text.lower()
            if q.actor is None and e - s == 1:
                if low in self.cues.person_pronouns:
                    q.actor = last_person
                elif low in self.cues.group_pronouns:
                    q.actor = last_group or last_person
            if q.actor is not None:
                kind = self._actor_kind(doc, q.actor)
                if kind == "person":
                    last_person = q.actor
                else:
                    last_group = q.actor

    @staticmethod
    def _actor(doc: Doc, s: int, e: int) -> str | None:
        """The actor the actors stage resolved tokens ``[s, e)`` to (its one coreference)."""
        return actor_at(doc, s, e)

    @staticmethod
    def _actor_kind(doc: Doc, aid: str) -> str | None:
        for a in doc._.ew_actors or []:
            if a.id == aid:
                return a.kind
        return None

    # ------------------------------------------------------------------ output
    @staticmethod
    def _record(doc: Doc, text: str, n: int, q: _Q) -> Quote:
        cue_text = cue_span = None
        if q.cue is not None:
            end_tok = doc[q.cue_end - 1] if q.cue_end > q.cue.i else q.cue
            cue_span = (q.cue.idx, end_tok.idx + len(end_tok.text))
            cue_text = text[cue_span[0]:cue_span[1]]
        spk_text = spk_span = None
        if q.spk is not None:
            s, e = q.spk
            spk_span = (doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text))
            spk_text = text[spk_span[0]:spk_span[1]]
        return Quote(id=f"q{n}", kind=q.kind, content_text=text[q.cs:q.ce],
                     content_span=(q.cs, q.ce), cue_text=cue_text, cue_span=cue_span,
                     speaker_text=spk_text, speaker_span=spk_span,
                     speaker_actor=q.actor if q.spk is not None else None)


@Language.factory("ew_quotes", assigns=["doc._.ew_quotes"], requires=["doc._.ew_mentions"],
                  default_config={"user_files": []})
def make_quotes(nlp: Language, name: str, user_files: list[str]) -> QuotesStage:
    return QuotesStage(user_files)
