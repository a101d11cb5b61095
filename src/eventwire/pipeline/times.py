"""Stage ``times``: temporal expressions, normalised as TimeML TIMEX3.

Finding: the rules of ``data/times/rules.yml`` (plus the user's files) are
compiled at construction, and each rule's possible first three characters are
worked out from its parsed pattern (and its first seven, a run of whitespace as
one space and any digit as any other); one regex finds the word starts some
rule can begin at, and there only the rules that can begin with the next three
and seven characters are tried, in file order, and the first that matches and
passes its checks wins (a rule that fails its checks hands the position on).
All of it is built once per stage; the narrowing caches live on the stage.
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
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy
from spacy.attrs import ENT_IOB, ENT_TYPE, IDX, LENGTH
from spacy.language import Language
from spacy.tokens import Doc

from .. import timex
from ..config import packaged_and_user
from ..datafiles import load_data as load_data_file
from ..errors import InputError
from ..doctools import doc_text
from ..records import Time
from ..stage import Stage

_MACRO = re.compile(r"\{([a-z_][a-z0-9_]*)\}")
_GROUP = re.compile(r"\(\?P<([a-zA-Z_][a-zA-Z0-9_]*)>")
_PREV_WORDS = re.compile(r"([\w'’.-]+)\s+(?:([\w'’.-]+)\s+)?$")
_NUMBERISH = re.compile(r"^(?:\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|"
                        r"twelve|twenty|thirty|forty|fifty|hundred|dozen|several|few)$")
_PLURAL = re.compile(r"^[a-z]{2,}[^su'’]s$")
_FUTURE_AUX = {"will", "'ll", "wo", "shall", "would", "ll"}
_NOMINAL_DEPS = {"pobj", "dobj", "nsubj", "nsubjpass", "compound", "poss"}
_ENT_OK = {"DATE", "TIME"}
_BOUND_WORDS = {"by", "until", "till", "since", "before", "after", "through", "from", "to"}
_K = 3                                  # rules are dispatched on a word's first _K characters
_K2 = 7                                 # ... and narrowed on its first _K2 (whitespace runs as one)
_SEG = 24                               # text read to find those _K2
_NARROWED_MAX = 50000                   # narrowed candidate lists kept per stage
_WS = re.compile(r"\s")
_WS_RUN = re.compile(r"\s\s")
_YM = re.compile(r"(\d{4})(?:-(\d{2}))?(?!\d)")
_WORD_START = re.compile(r"(?<!\w)[\w'’‘]")
_LIMIT = 20000


_OPEN_Q = re.compile(r"(?:``|''|[\"“‘])([^\"“”`‘’'\n]{0,40})$")
_CLOSE_Q = re.compile(r"^([^\"“”`‘’'\n]{0,40}?)[,.!?]?(?:''|[\"”’])")
_TITLE_WORD = re.compile(r"[A-Z0-9][\w'’.-]*|the|of|and|a|an|in|on|with|for|to|at")


def _in_title(text: str, s: int, e: int) -> bool:
    """The expression lies in a short quoted title, every word capitalised: a programme or a
    film ("on \"Sunday Morning,\"", "the film ``Tomorrow Never Dies''"), not a time."""
    if text[s:s + 1] in ("'", "’"):          # "''60 Minutes": the year's apostrophe
        s += 1
    left = _OPEN_Q.search(text, max(0, s - 42), s)
    if left is None:
        return False
    right = _CLOSE_Q.match(text[e:e + 42])
    if right is None:
        return False
    words = (left[1] + text[s:e] + right[1]).split()
    return 2 <= len(words) <= 6 and (words[0][0].isupper() or words[0][0].isdigit()) and \
        all(_TITLE_WORD.fullmatch(w.strip(",.")) for w in words)


class _TooMany(Exception):
    pass


# -- which characters can a rule's pattern start with --------------------------
# A small reader for the part of regular-expression syntax the rules use, so that
# each rule is tried only at words whose first characters it can match. Anything
# it cannot bound (\w, ".", a negated class) puts the rule among those tried
# everywhere.

_ANY = None          # a character class too wide to enumerate


def _parse(pattern: str) -> list:
    """The pattern as a sequence of items: ("lit", ch), ("set", chars | None),
    ("alt", [seq, ...]), ("rep", lo, hi, seq), ("zero",)."""
    alts, i = _parse_alts(pattern, 0)
    if i != len(pattern):
        raise _TooMany
    return [("alt", alts)]


def _parse_alts(p: str, i: int) -> tuple[list[list], int]:
    alts: list[list] = [[]]
    while i < len(p) and p[i] != ")":
        if p[i] == "|":
            alts.append([])
            i += 1
            continue
        item, i = _parse_atom(p, i)
        item, i = _parse_quant(p, i, item)
        alts[-1].append(item)
    return alts, i


def _parse_atom(p: str, i: int) -> tuple[tuple, int]:
    c = p[i]
    if c == "(":
        zero = False
        j = i + 1
        if p.startswith("?", j):
            if p.startswith("?P<", j):
                j = p.index(">", j) + 1
            elif p.startswith("?:", j):
                j += 2
            elif p[j + 1:j + 2] in ("=", "!") or p[j + 1:j + 3] in ("<=", "<!"):
                zero = True
                j += 2 if p[j + 1] in "=!" else 3
            else:                                   # inline flags: (?-i:...), (?i:...)
                k = p.index(":", j)
                j = k + 1
        alts, j = _parse_alts(p, j)
        if j >= len(p) or p[j] != ")":
            raise _TooMany
        return (("zero",) if zero else ("alt", alts)), j + 1
    if c == "[":
        return _parse_class(p, i)
    if c == "\\":
        e = p[i + 1]
        if e in "sS" or e in "dD" or e in "wW":
            chars = {"s": {" "}, "d": set("0123456789")}.get(e, _ANY)
            return ("set", frozenset(chars) if chars else _ANY), i + 2
        if e in "bBAZ":
            return ("zero",), i + 2
        return ("lit", e.lower()), i + 2
    if c == ".":
        return ("set", _ANY), i + 1
    if c in "^$":
        return ("zero",), i + 1
    return ("lit", " " if c.isspace() else c.lower()), i + 1


def _parse_class(p: str, i: int) -> tuple[tuple, int]:
    j = i + 1
    negated = p.startswith("^", j)
    if negated:
        j += 1
    chars: set[str] = set()
    first = True
    not_space = False
    while j < len(p) and (p[j] != "]" or first):
        first = False
        if p[j] == "\\":
            e = p[j + 1]
            if e == "s":
                chars.add(" ")
            elif e == "d":
                chars.update("0123456789")
            elif e == "S" and negated:
                not_space = True        # [^\S...]: some whitespace
            elif e in "wWSD":
                negated = True          # too wide
            else:
                chars.add(e.lower())
            j += 2
            continue
        if j + 2 < len(p) and p[j + 1] == "-" and p[j + 2] != "]":
            a, b = ord(p[j]), ord(p[j + 2])
            if b - a > 80:
                negated = True
            else:
                chars.update(chr(x).lower() for x in range(a, b + 1))
            j += 3
            continue
        chars.add(" " if p[j].isspace() else p[j].lower())
        j += 1
    if not_space:
        return ("set", frozenset(" ")), j + 1
    return ("set", _ANY if negated else frozenset(chars)), j + 1


_QUANT = re.compile(r"\{(\d*)(?:(,)(\d*))?\}")


def _parse_quant(p: str, i: int, item: tuple) -> tuple[tuple, int]:
    if i >= len(p):
        return item, i
    c = p[i]
    if c in "?*+":
        lo, hi = {"?": (0, 1), "*": (0, _LIMIT), "+": (1, _LIMIT)}[c]
        i += 1
    elif c == "{" and _QUANT.match(p, i):
        m = _QUANT.match(p, i)
        lo = int(m[1] or 0)
        hi = lo if not m[2] else (int(m[3]) if m[3] else _LIMIT)
        i = m.end()
    else:
        return item, i
    if i < len(p) and p[i] in "?+":               # lazy or possessive
        i += 1
    return ("rep", lo, hi, [item]), i


def _prefixes(seq: list, k: int, collapse: bool = False) -> set[str]:
    """Every lower-cased string of up to ``k`` characters a parsed pattern can start with
    (shorter ones only where the pattern can end there); whitespace as ' '. With
    ``collapse`` a run of whitespace counts as one ' ' and every digit as '0' (the
    window :meth:`TimesStage._window` reads), and a string cut short by that is kept as it is: a shorter string than the
    truth only lets a rule through more often."""
    results = {""}
    for item in seq:
        todo = {r for r in results if len(r) < k}
        if not todo:
            break
        new = {r for r in results if len(r) >= k}
        for r in todo:
            for x in _item_prefixes(item, k - len(r), collapse):
                if collapse:
                    if r[-1:] == " " and x[:1] == " " and len(r) + len(x) >= k:
                        # r's last space and x's first merge, and x may have been cut:
                        # the string left one short could be taken for the whole start
                        raise _TooMany
                    new.add(_squeeze(r + x)[:k])
                else:
                    new.add(r + x)
        results = new
        if len(results) > _LIMIT:
            raise _TooMany
    return results


_FOLD = str.maketrans("123456789", "000000000")
# the same for text with no run of whitespace: each whitespace character one space
_FOLD_WS = str.maketrans({**{c: " " for c in "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f"},
                          **{d: "0" for d in "123456789"}})


def _squeeze(s: str) -> str:
    """A window's form: each digit as '0', each run of spaces one space."""
    s = s.translate(_FOLD)
    while "  " in s:
        s = s.replace("  ", " ")
    return s


def _item_prefixes(item: tuple, k: int, collapse: bool = False) -> set[str]:
    kind = item[0]
    if kind == "lit":
        return {_squeeze(item[1]) if collapse else item[1]}
    if kind == "set":
        if item[1] is _ANY:
            raise _TooMany
        return {_squeeze(c) for c in item[1]} if collapse else set(item[1])
    if kind == "zero":
        return {""}
    if kind == "alt":
        out: set[str] = set()
        for b in item[1]:
            out |= _prefixes(b, k, collapse)
        return out
    lo, hi, sub = item[1], item[2], item[3]
    one = _prefixes(sub, k, collapse)
    out, cur = set(), {""}
    for count in range(0, k + 1):
        if count >= lo:
            out |= cur
        if count >= hi:
            break
        cur = {a + b for a in cur if len(a) < k for b in one} | {a for a in cur if len(a) >= k}
        cur = {(_squeeze(c) if collapse else c)[:k] for c in cur}
        if len(cur) > _LIMIT:
            raise _TooMany
    # collapsed, a repeat can stay short however often it runs ("\s{12}"): what it
    # reached is a prefix of what more runs give
    out |= cur if collapse else {c for c in cur if len(c) >= k}
    return {c[:k] for c in out}


def _trie(keys: set[str]) -> str:
    """A regex that matches where one of ``keys`` (lower-case, ' ' for any whitespace)
    starts, case-blind for ASCII letters through classes ("[tT]"), which the regex
    engine tests faster than its IGNORECASE literals."""
    tree: dict = {}
    for k in keys:
        node = tree
        for ch in k:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        alts = []
        for ch in sorted(node):
            if ch == "":
                continue
            if ch == " ":
                c = r"\s"
            elif ch.isascii() and ch.isalpha():
                c = f"[{ch}{ch.upper()}]"
            else:
                c = re.escape(ch)
            alts.append(c + emit(node[ch]))
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(tree)


@dataclass(slots=True)
class Rule:
    name: str
    action: str
    pattern: str
    context: frozenset[str] | None = None   # words accepted right before the match
    needs_number: bool = False
    needs_plural: bool = False              # "#plural": a plural noun right before ("trips a week")
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
              ) -> tuple[dict[str, Any], dict[str, str], list[dict]]:
    """Merge the data files: word lists (later files add and override), macros, rules.

    Rules of the user's files come before the packaged ones (so that they win);
    a user rule with a packaged rule's name replaces it; ``disabled: true``
    removes it."""
    words: dict[str, Any] = {}
    case_sensitive: set[str] = set()
    macros: dict[str, str] = {}
    packaged: list[dict] = []
    user: list[dict] = []
    n_packaged = len(files)
    for i, path in enumerate(list(files) + list(user_files)):
        data = load_data_file(path, "times")
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
    return words, macros, rules


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


def entity_spans(doc: Doc) -> list[tuple[int, int, str]]:
    """``(start_char, end_char, label)`` of ``doc.ents``, read from the token arrays: the
    same spans without making a Token object for every word (``doc.ents`` does), which
    was a fifth of this stage's cost."""
    if len(doc) == 0:
        return []
    arr = doc.to_array([ENT_IOB, ENT_TYPE, IDX, LENGTH])
    iob, typ = arr[:, 0], arr[:, 1]
    out: list[tuple[int, int, str]] = []
    cur: list | None = None
    strings = doc.vocab.strings
    for i in numpy.flatnonzero((iob == 1) | (iob == 3)).tolist():   # 1 = I, 3 = B
        t = int(typ[i])
        if cur is not None and iob[i] == 1 and cur[3] == i and cur[2] == t:
            cur[1], cur[3] = int(arr[i, 2] + arr[i, 3]), i + 1
            continue
        if cur is not None:
            out.append((cur[0], cur[1], strings[cur[2]]))
        cur = [int(arr[i, 2]), int(arr[i, 2] + arr[i, 3]), t, i + 1]
    if cur is not None:
        out.append((cur[0], cur[1], strings[cur[2]]))
    return out


class TimesStage(Stage):
    sets = ("ew_times",)

    def __init__(self, user_files: list[str] | tuple[str, ...] = ()):
        words, macros, rule_dicts = load_data(packaged_and_user("times"), [Path(p) for p in user_files])
        tables: dict[str, Any] = {}
        for name, entries in words.items():
            if isinstance(entries, dict):
                tables[name] = {timex.key(str(k)): v for k, v in entries.items()}
            else:
                tables[name] = {timex.key(str(k)): True for k in entries}
        self.lex = timex.Lexicon(tables)
        self.future_governors = set(tables.get("future_governors", {}))
        self.future_signals = {k: str(v) for k, v in tables.get("future_signals", {}).items()}
        self.past_signals = set(tables.get("past_signals", {}))
        self.not_plural = set(tables.get("not_plural", {}))
        self.planning_verbs = set(tables.get("planning_verbs", {}))
        self.schedule_verbs = set(tables.get("schedule_verbs", {}))
        self.rules: list[Rule] = []
        for i, r in enumerate(rule_dicts):
            pat = expand(str(r["pattern"]), macros, f"times rule {r['name']}")
            if r["action"] not in timex.ACTIONS:
                raise InputError("EW111", f"unknown action '{r['action']}'", f"times rule {r['name']}")
            groups = tuple((f"r{i}_{g}", g) for g in _GROUP.findall(pat))
            renamed = _GROUP.sub(lambda m: f"(?P<r{i}_{m[1]}>", pat)
            ctx = None
            needs_number = needs_plural = False
            if r.get("context") or r.get("after"):
                ctx_words = set(tables.get(r.get("context") or "", {}))
                after = [str(a) for a in (r.get("after") or [])]
                needs_number = "#num" in after
                needs_plural = "#plural" in after
                ctx_words.update(timex.key(a) for a in after if a not in ("#num", "#plural"))
                ctx = frozenset(ctx_words)
            body = f"(?P<r{i}>{renamed})"
            try:
                compiled = re.compile(rf"(?<!\w){body}(?!\w)", re.IGNORECASE)
            except re.error as e:
                raise InputError("EW111", f"bad pattern ({e})", f"times rule {r['name']}") from None
            self.rules.append(Rule(name=r["name"], action=r["action"], pattern=pat, context=ctx,
                                   needs_number=needs_number, needs_plural=needs_plural,
                                   sure=tuple(r.get("sure") or ()),
                                   ner=r.get("ner", True) is not False,
                                   veto=frozenset(r.get("veto") or ()), type=r.get("type"),
                                   groups=groups, compiled=compiled))
        self.index = {f"r{i}": i for i in range(len(self.rules))}
        self._build_dispatch()

    # -- checks -----------------------------------------------------------
    @staticmethod
    def _ents_over(ents: list[tuple[int, int, str]], s: int, e: int) -> set[str]:
        # ents are doc.ents: sorted and non-overlapping, so their ends are sorted too
        lo = bisect_right(ents, s, key=lambda x: x[1])
        hi = bisect_left(ents, e, lo=lo, key=lambda x: x[0])
        return {lab for (a, b, lab) in ents[lo:hi]}

    def _passes(self, rule: Rule, g: dict, text: str, s: int, e: int,
                ents: list[tuple[int, int, str]]) -> bool:
        labels = self._ents_over(ents, s, e) if ents else set()
        if rule.veto and labels & rule.veto and not labels & _ENT_OK:
            return False
        if rule.context is None and not rule.needs_number and not rule.needs_plural:
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
        if rule.needs_plural and _PLURAL.match(w1k) and w1k not in self.not_plural:
            return True
        return False

    def _signal_mod(self, text: str, s: int) -> str | None:
        """The mod a signal word right before the expression gives it ("since 2022")."""
        m = _PREV_WORDS.search(text, max(0, s - 40), s)
        if not m:
            return None
        w2, w1 = (m[1], m[2]) if m[2] else (None, m[1])
        if w2:
            two = self.lex.get("signal_mod", f"{w2} {w1}")
            if two:
                return str(two)
        one = self.lex.get("signal_mod", w1)
        return str(one) if one else None

    @staticmethod
    def _bound_word(text: str, s: int) -> bool:
        """A word right before the expression that makes it a bound ("by 1992", "until 2030",
        "since 1990") rather than the period the text is about."""
        m = _PREV_WORDS.search(text, max(0, s - 40), s)
        return m is not None and timex.key(m[2] or m[1]) in _BOUND_WORDS

    def _signal_tense(self, text: str, s: int, tense: str | None,
                      open_ended: bool = False) -> str | None:
        """A signal right before the expression that points ahead ("as soon as Tuesday",
        "as early as May", "postponed until"): the future, whatever the verb; "until
        Friday" too, unless the verb is past ("held until May 5") and not open-ended
        (:meth:`open_ended`). One that points back ("since November"): the past."""
        words = text[max(0, s - 30):s].lower().split()
        for n in (3, 2, 1):
            if len(words) >= n:
                kind = self.future_signals.get(" ".join(words[-n:]))
                if kind == "always" or (kind == "unless_past" and (tense != timex.PAST or open_ended)):
                    return timex.FUTURE
                if " ".join(words[-n:]) in self.past_signals:
                    return timex.PAST
        return tense

    # -- tense --------------------------------------------------------------
    def tense(self, doc: Doc, s: int, e: int) -> str | None:
        verb = self.governor(doc, s, e)
        return self.verb_tense(verb) if verb is not None else None

    @staticmethod
    def governor(doc: Doc, s: int, e: int):
        """The verb that governs the expression at ``[s, e)``, or None."""
        span = doc.char_span(s, e, alignment_mode="expand")
        if span is None or len(span) == 0:
            return None
        tok = span.root
        for _ in range(10):
            # a gerund used as a noun ("in writing on Monday") has no tense of its own
            if tok.pos_ in ("VERB", "AUX") and not (tok.i >= span.start and tok.i < span.end) \
                    and tok.dep_ not in _NOMINAL_DEPS:
                break
            if tok.head.i == tok.i:
                break
            tok = tok.head
        if tok.pos_ not in ("VERB", "AUX"):
            return None
        return tok

    @staticmethod
    def open_ended(verb) -> bool:
        """A verb whose state can reach past the article date though it is told in the
        past: the present perfect ("has kept the markets closed until Friday") or an
        infinitive ("was named to lead the panel until March 14")."""
        return any(c.dep_ == "aux" and ((c.lemma_ == "have" and c.tag_ in ("VBZ", "VBP")) or
                                        (c.lower_ == "to" and verb.tag_ == "VB"))
                   for c in verb.children)

    @staticmethod
    def _plans_ahead(verb, auxes) -> bool:
        """A planning verb whose plan lies ahead: present ("plans to meet on Tuesday"), or
        past or perfect with its plan as object ("planned a rally on Saturday", "has
        scheduled a news conference Thursday"); not "had planned", nor "planned to" in the
        past, nor a participle ("a service planned for Saturday")."""
        if any(a.lower_ == "had" for a in auxes):
            return False
        if verb.tag_ in ("VBZ", "VBP"):
            return True
        has_object = any(c.dep_ == "dobj" for c in verb.children)
        if verb.tag_ == "VBD":
            return has_object
        return verb.tag_ == "VBN" and has_object and any(a.lemma_ == "have" for a in auxes)

    def verb_tense(self, verb, depth: int = 0) -> str | None:
        auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
        lowers = {a.lower_ for a in auxes}
        if lowers & _FUTURE_AUX or verb.lower_ in _FUTURE_AUX:
            return timex.FUTURE
        if "to" in lowers:
            head = verb.head
            # an infinitive subject ("countries to accede on Friday were ...") is no plan
            if head.i != verb.i and verb.dep_ not in ("csubj", "csubjpass") and \
                    (head.lemma_.lower() in self.future_governors or
                     (head.lemma_ == "go" and head.tag_ == "VBG")):
                # "had been scheduled to expire Friday", "had been due to expire Friday":
                # a plan already behind
                holders = [head] + ([head.head] if head.pos_ == "ADJ" and head.head.i != head.i
                                    else [])
                if any(c.dep_ in ("aux", "auxpass") and c.lower_ == "had"
                       for h in holders for c in h.children):
                    return timex.PAST
                return timex.FUTURE
            if head.i != verb.i and depth < 4:
                return self.verb_tense(head, depth + 1) if head.pos_ in ("VERB", "AUX") else None
        if verb.lemma_.lower() in self.planning_verbs and self._plans_ahead(verb, auxes):
            return timex.FUTURE                  # "planned a rally on Saturday": what is planned
        if verb.tag_ in ("VBZ", "VBP") and not auxes and verb.lemma_.lower() in self.schedule_verbs:
            return timex.FUTURE                  # "the leaders meet Monday": the timetable
        if verb.tag_ == "VBD" or any(a.tag_ == "VBD" for a in auxes):
            return timex.PAST
        if verb.tag_ == "VBN":
            if any(a.lemma_ == "have" for a in auxes) or not auxes:
                return timex.PAST
            return timex.PRESENT
        if verb.tag_ == "VBG" and any(a.lemma_ == "have" for a in auxes):
            return timex.PAST                   # "have been searching since Oct. 23"
        if verb.tag_ == "VBG" and any(a.lemma_ == "be" and a.tag_ in ("VBZ", "VBP") for a in auxes):
            return timex.FUTURE
        if verb.tag_ in ("VBZ", "VBP", "VBG", "VB"):
            return timex.PRESENT
        return None

    # -- the stage ------------------------------------------------------------
    def _build_dispatch(self) -> None:
        """Which rules can start with which three characters (from the parsed patterns),
        and, to narrow that down where several can, which first seven characters each
        can start with, a run of whitespace read as one space ("the  last wee" and
        "the last week" alike: ``the las``)."""
        self.dispatch: dict[str, list[int]] = {}
        self.short: dict[str, list[int]] = {}
        self.always: list[int] = []
        # the rules (bit i: rule i) that can start with a seven-character window, that can
        # end after a shorter start of it, and those too wide to say (never narrowed away)
        self.wide: dict[str, int] = {}
        self.wide_short: dict[str, int] = {}
        self.wide_always = 0
        for i, rule in enumerate(self.rules):
            try:
                parsed = _parse(rule.pattern)
            except (ValueError, IndexError):
                self.always.append(i)
                self.wide_always |= 1 << i
                continue
            try:
                for p in _prefixes(parsed, _K):
                    (self.dispatch if len(p) == _K else self.short).setdefault(p, []).append(i)
            except (_TooMany, ValueError, IndexError):
                self.always.append(i)
            try:
                wide = _prefixes(parsed, _K2, collapse=True)
            except (_TooMany, ValueError, IndexError):
                self.wide_always |= 1 << i
                continue
            for p in wide:
                table = self.wide if len(p) == _K2 else self.wide_short
                table[p] = table.get(p, 0) | 1 << i
        self.short_lengths = sorted({len(p) for p in self.wide_short})
        self._cache: dict[str, tuple[int, ...]] = {}
        self._narrowed: dict[str, tuple[int, ...]] = {}
        # the word starts where some rule can begin, found by one regex: what the look-up
        # of _candidates takes for a key (ASCII letters either case, ' ' any whitespace),
        # and every start with a non-ASCII character among its first three (looked up)
        if self.always:
            self.scan = _WORD_START
        else:
            self.scan = re.compile(r"(?<!\w)(?=[\w'’‘])(?=" + _trie(set(self.dispatch) | set(self.short))
                                   + r"|[\s\S]{0,2}[^\x00-\x7f])")

    def _candidates(self, text: str, p: int) -> tuple[int, ...]:
        raw = text[p:p + _K].lower()
        hit = self._cache.get(raw)          # keyed by the raw characters: no regex on the hot path
        if hit is None:
            k = _WS.sub(" ", raw)
            idx = set(self.dispatch.get(k, ())) | set(self.always)
            for L in range(1, _K):
                idx.update(self.short.get(k[:L], ()))
            hit = self._cache[raw] = tuple(sorted(idx))
        return hit

    @staticmethod
    def _window(text: str, p: int) -> str | None:
        """The first ``_K2`` characters at ``p``, lower-cased, each run of whitespace one
        space; None where that is not certain from ASCII text (what ``str.lower`` and the
        patterns' case-blind matching could read differently) or a long run of
        whitespace hides how it goes on."""
        seg = text[p:p + _SEG]
        if not seg.isascii():
            return None
        w = " ".join(seg.lower().split())
        if seg[-1:].isspace():
            w += " "
        if len(w) < _K2 and p + _SEG < len(text):
            return None
        return w[:_K2].translate(_FOLD)

    def _tried(self, text: str, p: int) -> tuple[int, ...]:
        """The rules to try at ``p``, in their order: those of :meth:`_candidates`, less,
        where there are several, those that cannot start with the window at ``p``
        (:meth:`_window`). Kept by the text's next ``_K2`` characters where they alone
        decide it (ASCII, no run of whitespace); the first rule that matches is the same
        either way."""
        raw = text[p:p + _K2]
        hit = self._narrowed.get(raw)
        if hit is not None:
            return hit
        hit = self._candidates(text, p)
        if len(hit) > 1:
            clean = raw.isascii() and _WS_RUN.search(raw) is None
            # ``raw`` alone gives the window where it is ASCII with no run of whitespace
            w = raw.lower().translate(_FOLD_WS) if clean else self._window(text, p)
            if w is not None:
                can = self.wide_always | self.wide.get(w, 0)
                for L in self.short_lengths:
                    if L <= len(w):
                        can |= self.wide_short.get(w[:L], 0)
                hit = tuple(i for i in hit if can >> i & 1)
                if not clean:
                    return hit              # the window read past ``raw``
        if len(self._narrowed) >= _NARROWED_MAX:
            self._narrowed.clear()
        self._narrowed[raw] = hit
        return hit

    def find(self, text: str, ents: list[tuple[int, int, str]]):
        """``(start, end, rule, groups)`` for every accepted match, in text order.

        At each word start only the rules that can begin with its first three
        characters are tried (in their order), and where there are several, only
        those that can begin with its first seven (:meth:`_tried`), so the cost
        stays linear in the text and small."""
        out: list = []
        rules = self.rules
        search = self.scan.search
        w = search(text, 0)
        while w is not None:
            p = w.start()
            nxt = p + 1
            for i in self._tried(text, p):
                rule = rules[i]
                m = rule.compiled.match(text, p)
                if m is None:
                    continue
                g = {short: m.group(full) for full, short in rule.groups}
                if self._passes(rule, g, text, p, m.end(), ents):
                    out.append((p, m.end(), rule, g))
                    nxt = max(nxt, m.end())
                    break
            w = search(text, nxt)
        return out

    @staticmethod
    def _move_anchor(ctx: timex.Context, val: timex.Value) -> None:
        """The value becomes the last date named, for "the same day", "a year earlier"."""
        if val.day is not None:
            ctx.anchor_day = val.day
            ctx.anchor_sentence_day = val.day
        ym = _YM.match(val.value)
        if ym and val.type in ("DATE", "TIME"):
            ctx.anchor_ym = (int(ym[1]), int(ym[2]) if ym[2] else None)
        if val.quarter is not None:
            ctx.anchor_quarter = val.quarter
        if val.hour is not None and val.day is not None:
            ctx.anchor_time = (val.day, val.hour[0], val.hour[1])

    def __call__(self, doc: Doc) -> Doc:
        article = doc._.ew_article
        dct = timex.parse_dct(getattr(article, "date", None)) if article is not None else None
        ents = entity_spans(doc)
        text = doc_text(doc, article)
        times: list[Time] = []
        ctx = timex.Context(dct=dct)
        sent_of_anchor = -1
        for s, e, rule, g in self.find(text, ents):
            try:
                tok = doc.char_span(s, e, alignment_mode="expand")
                sent_start = tok[0].sent.start if tok is not None and len(tok) else -1
            except ValueError:  # no sentence boundaries (E030)
                sent_start = -1
            # a signal that the rule took in ("until 4 p.m. Thursday") counts as one before it
            lead = g.get("mod")
            sig_end = s + len(lead) if lead and text.startswith(lead, s) else s
            verb = self.governor(doc, s, e)
            tense = self.verb_tense(verb) if verb is not None else None
            ctx.tense = self._signal_tense(text, sig_end, tense,
                                           verb is not None and self.open_ended(verb))
            if sent_start != sent_of_anchor:
                ctx.anchor_sentence_day = None
            if _in_title(text, s, e):
                continue
            val = timex.normalise(rule.action, g, self.lex, ctx)
            if val is None or not val.value:
                continue
            if not val.comparison:
                ym = ctx.anchor_ym
                self._move_anchor(ctx, val)
                if val.type == "DATE" and len(val.value) == 4 and self._bound_word(text, s):
                    ctx.anchor_ym = ym      # "by 1992", "since 1990": a bound, not the year in view
                if val.day is not None:
                    sent_of_anchor = sent_start
            start, end = timex.interval(val.value) if val.type in ("DATE", "TIME") else (None, None)
            mod = val.mod
            if mod is None and val.type in ("DATE", "TIME") and (rule.type or val.type) != "SET":
                mod = self._signal_mod(text, s)
            times.append(Time(id=f"t{len(times) + 1}", text=text[s:e], span=(s, e),
                              type=rule.type or val.type, value=val.value, mod=mod,
                              start=start, end=end, rule=rule.name))
        doc._.ew_times = times
        return doc


@Language.factory("ew_times", assigns=["doc._.ew_times"], requires=["doc._.ew_article"],
                  default_config={"user_files": []})
def make_times(nlp: Language, name: str, user_files: list[str]) -> TimesStage:
    return TimesStage(user_files)
