"""Stage ``times``: temporal expressions, normalised as TimeML TIMEX3.

Finding: the rules of ``data/times/rules.yml`` (plus the user's files) are
compiled at construction into one regular expression, tried left to right over
the text; at each position the first rule that matches and passes its checks
wins (a rule that fails its checks hands the position to the rules after it).
Checks use the parse already there: spaCy's DATE/TIME entities confirm
ambiguous words ("May", "fall", "the 17th"), other entities veto them
("Theresa May", "2,000 troops").

Normalising: ``eventwire.timex`` turns a rule's named groups into a TIMEX3
type, value and mod against the article date (``doc._.ew_article.date``); the
tense of the governing verb decides the direction of bare weekdays, months and
seasons ("said on Thursday" is the past Thursday, "will meet on Thursday" the
next one); "the same day", "a year earlier" and bare clock times follow the
last date the text named. Without an article date no date is invented.

Output: ``doc._.ew_times``, :class:`~eventwire.records.Time` records ``t1``,
``t2``, ... in text order; ``rule`` names the rule that fired.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from .. import timex
from ..config import load_yaml, packaged_and_user
from ..errors import InputError
from ..records import Time

_MACRO = re.compile(r"\{([a-z_][a-z0-9_]*)\}")
_GROUP = re.compile(r"\(\?P<([a-zA-Z_][a-zA-Z0-9_]*)>")
_PREV_WORDS = re.compile(r"([\w'’.-]+)\s+(?:([\w'’.-]+)\s+)?$")
_NUMBERISH = re.compile(r"^(?:\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|"
                        r"twelve|twenty|thirty|forty|fifty|hundred|dozen|several|few)$")
_FUTURE_AUX = {"will", "'ll", "wo", "shall", "would", "ll"}
_ENT_OK = {"DATE", "TIME"}
_BEFORE, _AFTER = 60, 100    # characters around a trigger word where a match may lie


@dataclass(slots=True)
class Rule:
    name: str
    action: str
    pattern: str
    context: frozenset[str] | None = None   # words accepted right before the match
    needs_number: bool = False
    sure: tuple[str, ...] = ()
    ner: bool = True
    veto: frozenset[str] = frozenset()
    type: str | None = None
    groups: tuple[tuple[str, str], ...] = ()
    compiled: re.Pattern | None = None


def _alternation(words: list[str]) -> str:
    alts = sorted({w for w in words}, key=lambda w: (-len(w), w))
    return "(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in alts) + ")"


def load_data(files: list[Path], user_files: list[Path] = ()
              ) -> tuple[dict[str, Any], dict[str, str], list[dict], list[str]]:
    """Merge the data files: word lists (later files add and override), macros, rules.

    Rules of the user's files come before the packaged ones (so that they win);
    a user rule with a packaged rule's name replaces it; ``disabled: true``
    removes it."""
    words: dict[str, Any] = {}
    case_sensitive: set[str] = set()
    macros: dict[str, str] = {}
    packaged: list[dict] = []
    user: list[dict] = []
    triggers: list[str] = []
    n_packaged = len(files)
    for i, path in enumerate(list(files) + list(user_files)):
        data = load_yaml(path) or {}
        if not isinstance(data, dict):
            raise InputError("EW111", "a times data file must be a mapping", str(path))
        for name, entries in (data.get("words") or {}).items():
            if isinstance(entries, dict):
                words.setdefault(name, {}).update(entries)
            elif isinstance(entries, list):
                words.setdefault(name, [])
                if isinstance(words[name], list):
                    words[name].extend(entries)
            else:
                raise InputError("EW111", f"word list '{name}' must be a mapping or a list", str(path))
        case_sensitive.update(data.get("case_sensitive") or [])
        macros.update(data.get("macros") or {})
        triggers.extend(str(t) for t in data.get("triggers") or [])
        for r in data.get("rules") or []:
            if not isinstance(r, dict) or "name" not in r:
                raise InputError("EW111", "each rule needs a name", str(path))
            if not r.get("disabled") and ("pattern" not in r or "action" not in r):
                raise InputError("EW111", f"rule '{r['name']}' needs a pattern and an action", str(path))
            (packaged if i < n_packaged else user).append(r)
    rules: list[dict] = []
    user_names = {r["name"] for r in user}
    for r in user:
        if not r.get("disabled"):
            rules.append(r)
    for r in packaged:
        if r["name"] not in user_names and not r.get("disabled"):
            rules.append(r)
    for name, entries in words.items():
        if isinstance(entries, dict) and name not in macros:
            alt = _alternation([str(k) for k in entries])
            macros[name] = f"(?-i:{alt})" if name in case_sensitive else alt
    return words, macros, rules, triggers


def expand(pattern: str, macros: dict[str, str], where: str = "") -> str:
    for _ in range(10):
        new = _MACRO.sub(lambda m: macros[m[1]] if m[1] in macros else m[0], pattern)
        if new == pattern:
            break
        pattern = new
    left = _MACRO.search(pattern)
    if left:
        raise InputError("EW111", f"unknown word list or macro '{{{left[1]}}}'", where)
    return pattern


class TimesStage:
    def __init__(self, user_files: list[str] | tuple[str, ...] = ()):
        words, macros, rule_dicts, triggers = load_data(packaged_and_user("times"), [Path(p) for p in user_files])
        tables: dict[str, Any] = {}
        for name, entries in words.items():
            if isinstance(entries, dict):
                tables[name] = {timex.key(str(k)): v for k, v in entries.items()}
            else:
                tables[name] = {timex.key(str(k)): True for k in entries}
        self.lex = timex.Lexicon(tables)
        self.future_governors = set(tables.get("future_governors", {}))
        self.rules: list[Rule] = []
        parts = []
        for i, r in enumerate(rule_dicts):
            pat = expand(str(r["pattern"]), macros, f"times rule {r['name']}")
            if r["action"] not in timex.ACTIONS:
                raise InputError("EW111", f"unknown action '{r['action']}'", f"times rule {r['name']}")
            groups = tuple((f"r{i}_{g}", g) for g in _GROUP.findall(pat))
            renamed = _GROUP.sub(lambda m: f"(?P<r{i}_{m[1]}>", pat)
            ctx = None
            needs_number = False
            if r.get("context") or r.get("after"):
                ctx_words = set(tables.get(r.get("context") or "", {}))
                after = [str(a) for a in (r.get("after") or [])]
                needs_number = "#num" in after
                ctx_words.update(timex.key(a) for a in after if a != "#num")
                ctx = frozenset(ctx_words)
            body = f"(?P<r{i}>{renamed})"
            try:
                compiled = re.compile(rf"(?<!\w){body}(?!\w)", re.IGNORECASE)
            except re.error as e:
                raise InputError("EW111", f"bad pattern ({e})", f"times rule {r['name']}") from None
            self.rules.append(Rule(name=r["name"], action=r["action"], pattern=pat, context=ctx,
                                   needs_number=needs_number, sure=tuple(r.get("sure") or ()),
                                   ner=r.get("ner", True) is not False,
                                   veto=frozenset(r.get("veto") or ()), type=r.get("type"),
                                   groups=groups, compiled=compiled))
            parts.append(body)
        self.index = {f"r{i}": i for i in range(len(self.rules))}
        trig = "|".join(expand(t, macros, "times triggers") for t in dict.fromkeys(triggers))
        self.trigger = re.compile(trig, re.IGNORECASE) if trig else None
        self.regex = re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)", re.IGNORECASE) \
            if parts else None

    # -- checks -----------------------------------------------------------
    @staticmethod
    def _ents_over(ents: list[tuple[int, int, str]], s: int, e: int) -> set[str]:
        return {lab for (a, b, lab) in ents if a < e and b > s}

    def _passes(self, rule: Rule, g: dict, text: str, s: int, e: int,
                ents: list[tuple[int, int, str]]) -> bool:
        labels = self._ents_over(ents, s, e) if ents else set()
        if rule.veto and labels & rule.veto and not labels & _ENT_OK:
            return False
        if rule.context is None and not rule.needs_number:
            return True
        if rule.ner and labels & _ENT_OK:
            return True
        if any(g.get(x) for x in rule.sure):
            return True
        m = _PREV_WORDS.search(text, max(0, s - 40), s)
        if not m:
            return False
        w2, w1 = (m[1], m[2]) if m[2] else (None, m[1])
        w1k = timex.key(w1)
        if rule.context is not None:
            if w1k in rule.context:
                return True
            if w2 and f"{timex.key(w2)} {w1k}" in rule.context:
                return True
        if rule.needs_number and _NUMBERISH.match(w1k):
            return True
        return False

    # -- tense --------------------------------------------------------------
    def tense(self, doc: Doc, s: int, e: int) -> str | None:
        span = doc.char_span(s, e, alignment_mode="expand")
        if span is None or len(span) == 0:
            return None
        tok = span.root
        for _ in range(10):
            if tok.pos_ in ("VERB", "AUX") and not (tok.i >= span.start and tok.i < span.end):
                break
            if tok.head.i == tok.i:
                break
            tok = tok.head
        if tok.pos_ not in ("VERB", "AUX"):
            return None
        return self.verb_tense(tok)

    def verb_tense(self, verb, depth: int = 0) -> str | None:
        auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
        lowers = {a.lower_ for a in auxes}
        if lowers & _FUTURE_AUX or verb.lower_ in _FUTURE_AUX:
            return timex.FUTURE
        if "to" in lowers:
            head = verb.head
            if head.i != verb.i and (head.lemma_.lower() in self.future_governors or
                                     (head.lemma_ == "go" and head.tag_ == "VBG")):
                return timex.FUTURE
            if head.i != verb.i and depth < 4:
                return self.verb_tense(head, depth + 1) if head.pos_ in ("VERB", "AUX") else None
        if verb.tag_ == "VBD" or any(a.tag_ == "VBD" for a in auxes):
            return timex.PAST
        if verb.tag_ == "VBN":
            if any(a.lemma_ == "have" for a in auxes) or not auxes:
                return timex.PAST
            return timex.PRESENT
        if verb.tag_ == "VBG" and any(a.lemma_ == "be" and a.tag_ in ("VBZ", "VBP") for a in auxes):
            return timex.FUTURE
        if verb.tag_ in ("VBZ", "VBP", "VBG", "VB"):
            return timex.PRESENT
        return None

    # -- the stage ------------------------------------------------------------
    def find(self, text: str, ents: list[tuple[int, int, str]]):
        """``(start, end, rule, groups)`` for every accepted match, in text order.

        The rules are tried only in a window around each trigger word, so the
        cost grows with the number of triggers, not with the text times the rules."""
        out: list = []
        if self.regex is None:
            return out
        n = len(text)
        pos = 0
        if self.trigger is None:
            windows = [(0, n, n)]
        else:
            windows = ((t.start(), t.end(), min(n, t.end() + _AFTER)) for t in self.trigger.finditer(text))
        search = self.regex.search
        for t_start, t_end, w_end in windows:
            if t_end <= pos:
                continue
            while pos < t_end:
                m = search(text, max(pos, t_start - _BEFORE), w_end)
                if m is None or m.start() >= t_end:
                    break
                found = self._accept(m, text, ents)
                if found:
                    out.append(found)
                    pos = found[1]
                else:
                    pos = m.start() + 1
        return out

    def _accept(self, m: re.Match, text: str, ents):
        i = self.index[m.lastgroup]
        rule = self.rules[i]
        g = {short: m.group(full) for full, short in rule.groups}
        s, e = m.start(), m.end()
        if self._passes(rule, g, text, s, e, ents):
            return (s, e, rule, g)
        # hand the position to the rules after this one
        for rule2 in self.rules[i + 1:]:
            m2 = rule2.compiled.match(text, s)
            if m2 is None:
                continue
            g2 = {short: m2.group(full) for full, short in rule2.groups}
            if self._passes(rule2, g2, text, s, m2.end(), ents):
                return (s, m2.end(), rule2, g2)
        return None

    def __call__(self, doc: Doc) -> Doc:
        article = doc._.ew_article
        dct = timex.parse_dct(getattr(article, "date", None)) if article is not None else None
        ents = [(ent.start_char, ent.end_char, ent.label_) for ent in doc.ents]
        text = doc.text
        times: list[Time] = []
        ctx = timex.Context(dct=dct)
        sent_of_anchor = -1
        for s, e, rule, g in self.find(text, ents):
            try:
                tok = doc.char_span(s, e, alignment_mode="expand")
                sent_start = tok[0].sent.start if tok is not None and len(tok) else -1
            except Exception:
                sent_start = -1
            ctx.tense = self.tense(doc, s, e)
            if sent_start != sent_of_anchor:
                ctx.anchor_sentence_day = None
            val = timex.normalise(rule.action, g, self.lex, ctx)
            if val is None or not val.value:
                continue
            if val.day is not None:
                ctx.anchor_day = val.day
                ctx.anchor_sentence_day = val.day
                sent_of_anchor = sent_start
            if val.quarter is not None:
                ctx.anchor_quarter = val.quarter
            if val.hour is not None and val.day is not None:
                ctx.anchor_time = (val.day, val.hour[0], val.hour[1])
            start, end = timex.interval(val.value) if val.type in ("DATE", "TIME") else (None, None)
            times.append(Time(id=f"t{len(times) + 1}", text=text[s:e], span=(s, e),
                              type=rule.type or val.type, value=val.value, mod=val.mod,
                              start=start, end=end, rule=rule.name))
        doc._.ew_times = times
        return doc


@Language.factory("ew_times", assigns=["doc._.ew_times"], default_config={"user_files": []})
def make_times(nlp: Language, name: str, user_files: list[str]) -> TimesStage:
    return TimesStage(user_files)
