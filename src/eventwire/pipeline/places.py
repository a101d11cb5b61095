"""Stage ``places``: every place mention, resolved offline to a GeoNames entry.

What it sets
------------
``doc._.ew_places``: :class:`~eventwire.records.Place` list, ids ``p1``,
``p2`` ... in text order. A resolved place has a name, coordinates (a country
or a division at its centroid), ISO3 country, division, feature and
population; an unresolved one keeps text and span with null coordinates.
``literal`` is False for a name used to mean an actor ("Moscow said", "the
Baghdad government", "Washington's policy"): such places never become event
locations.

How
---
1. Recognition: spaCy's GPE/LOC/FAC entities (a leading "the" and demonyms
   dropped), plus a scan of capitalised token runs against the gazetteer's
   "strong" names (countries, aliases such as "U.S.", divisions, regions,
   landmarks, cities of 100,000 or more) which mends NER misses and finds
   names inside organisation names ("the U.S. State Department"); a weaker
   name (a town NER took for a person: "Palmyra") is kept only in a place
   phrase ("in Palmyra", "the city of X", "X, Syria"). Stop lists in
   ``data/places/stop.yml``.
2. Disambiguation (:meth:`eventwire.gazetteer.Gazetteer.resolve`): kind and
   population, the article's dominant countries, explicit context ("the Iraqi
   city of Ramadi", "Palmyra in neighbouring Syria", "Paris, Texas").
3. Metonymy: the actors stage's ``metonym`` mentions, and a country or city
   that is a subject, possessor or object of a verb or modifies an actor noun
   (``actor_nouns`` in ``stop.yml``).
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from spacy.language import Language
from spacy.attrs import ORTH
from spacy.tokens import Doc, Span, Token

from ..doctools import dateline_end, doc_text, token_starts
from ..gazetteer import Entry, Gazetteer, get_gazetteer, norm
from ..lexicon import Lexicon, get_lexicon
from ..records import Place
from ..stage import Stage

_ACTOR_DEPS = {"nsubj", "nsubjpass", "poss", "agent", "dobj"}
_MAXN = 5
_QUALIFIED = re.compile(r"\b([A-Z][\w'\u2019-]*(?: [A-Z][\w'\u2019-]*){0,2}),[ \t]+"
                        r"((?:[A-Z][a-z]{0,3}\.){1,3}|[A-Z][a-z]+(?: [A-Z][a-z]+){0,2}\b)")
_PREV_NAME = re.compile(r"[A-Z][\w'\u2019-]*[ \t]+$")


_OF_NAME = re.compile(r" of [A-Z]")
# a compass direction in lower case, one word or two ("north-west", "far north")
_DIRECTION = re.compile(r"(?:far |extreme )?(?:north|south)(?:-?(?:east|west))?|east|west|cent(?:re|er|ral)")


class PlacesStage(Stage):
    sets = ("ew_places",)

    def __init__(self, user_files: list[str], lexicon: Lexicon):
        self.user_files = list(user_files)
        self.gaz: Gazetteer = get_gazetteer(tuple(str(p) for p in user_files))
        data = self.gaz.data
        self.demonyms = lexicon.demonyms   # lower-cased demonym -> ISO3
        self.stop = self.gaz.stop
        self.common = {w.lower() for w in data["common"]}
        self.place_nouns = lexicon.place_nouns   # one list for every stage
        self.actor_nouns = {w.lower() for w in data["actor_nouns"]}
        self.particles = {w.lower() for w in data.get("particles", ())}
        self.not_before = {w.lower() for w in data.get("not_before", ())}
        self.locative = {w.lower() for w in data.get("locative", ())}
        self.actor_preps = {k: set(v) for k, v in data.get("actor_preps", {}).items()}
        self.big_city = int(data.get("big_city") or 1_000_000)
        self.namesake_pop = 100_000
        self._norms: dict[str, str] = {}
        self.stop_words = set(data.get("function_words", ()))    # (lower case: names.yml)
        self.compass = set(data.get("compass_words", ()))
        self.context_words = set(data.get("context_words", ()))
        self.landmark_heads = set(data.get("landmark_heads", ()))
        self.settlement_words = set(data.get("settlement_words", ()))
        self.located_words = set(data.get("located_words", ()))
        self.org_words = set(data.get("org_words", ()))
        self.street_words = set(data.get("street_words", ()))
        words = sorted((re.escape(w) for w in self.street_words), key=len, reverse=True)
        routes = "|".join(re.escape(w) for w in sorted(data.get("route_words", ()), key=len, reverse=True))
        self.street = re.compile(
            r"\b((?:[A-Z][\w'\u2019-]*[ \t]){1,3}(?:%s)(?![\w.])%s)"
            % ("|".join(words), r"|(?:%s)[ \t]\d+\b" % routes if routes else "")) if words else None
        self.kind_words = {k: {part: {tuple(w.split()) for w in v[part]} for part in v}
                           for k, v in data.get("kind_words", {}).items()}
        self.kind_span = max((len(w) for v in self.kind_words.values() for w in v.get("before", ())), default=0)
        self.ground_verbs = {w.lower() for w in data.get("ground_verbs", ())}
        self.abbrev = {norm(k) for k in data.get("abbreviations", {})}
        # the letters of each listed abbreviation as written: "M.D." (a degree) is no "Md."
        self.abbrev_forms: dict[str, set[str]] = {}
        self.abbrev_full: dict[str, str] = {}
        for k, v in data.get("abbreviations", {}).items():
            self.abbrev_forms.setdefault(norm(k), set()).add(k.replace(".", ""))
            if "." not in k and len(k) >= 3:    # "NSW", "Qld"; "Miss." and "Col." stay in "X, Miss."
                self.abbrev_full[norm(k)] = v[0]
        self.inside_words = {w.lower() for w in data.get("inside_words", ())}
        # the heads of kind phrases ("village of", "towns of"): head -> plural?
        self.marked_heads: dict[str, bool] = {}
        for v in self.kind_words.values():
            for w in v.get("before", ()):
                if len(w) == 2 and w[1] == "of":
                    self.marked_heads[w[0]] = w[0].endswith("s") and w[0] != "us"
        # "the north-west region", "the southwest and northwest regions" (lower case)
        divs = "|".join(re.escape(w) for w in sorted(data.get("division_words", ()), key=len, reverse=True))
        one = _DIRECTION.pattern
        self.division_rx = re.compile(r" (?:%s)s?\b" % divs) if divs else None
        self.compass_rx = re.compile(
            r"(?<![\w-])((?:%s)(?:(?:,|,? and|,? or) (?:%s))*) (?:%s)s?\b" % (one, one, divs)) if divs else None

    # ------------------------------------------------------------------ recognition
    def _candidates(self, doc: Doc, text: str, pins: dict[tuple[int, int], Entry],
                    datelines: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
        """(start_char, end_char, source) spans, non-overlapping, in text order; ``pins``
        gets the entries the text itself fixes ("Springfield, Ill.")."""
        gaz = self.gaz
        out: list[tuple[int, int, str]] = []
        taken = bytearray(len(doc) + 1)
        person = bytearray(len(doc) + 1)
        names: set[str] = set()
        surnames: set[str] = set()
        ent_spans = list(doc.ents)
        ents = [(x.start, x.end, x.label_) for x in ent_spans]
        for e in ent_spans:
            if e.label_ == "PERSON" and len(e) > 1 and e[-1].lower_ not in self.landmark_heads:
                for i in range(e.start, e.end):
                    person[i] = 1
                names.add(e[0].lower_)
                surnames.add(e[-1].lower_)
        # a name that is a person's given name elsewhere in the article ("Austin Miller"
        # ... "Georgia said") is that person, not a place
        # the tokens' texts without making a Token for each (indexing a Doc makes one each time)
        strings = doc.vocab.strings
        words = [strings[o] for o in doc.to_array(ORTH).tolist()]
        caps = [w[:1].isupper() for w in words]
        if names or surnames:
            for i, w in enumerate(words):
                if person[i] or (i + 1 < len(words) and caps[i + 1]):
                    continue
                low = w.lower()
                if low in names or (low in surnames and not self._country_name(low)):
                    person[i] = 2
        # 0) qualified names: "Thompson, Man.", "Sudbury, Ont.", "Paris, Texas": a town of the
        # division named after the comma, however small, and the division itself
        for a, b, c, d, town, div in self._qualified(text):
            ts, te = _tok_range(doc, a, b)
            qs, qe = _tok_range(doc, c, d)
            if ts < 0 or qs < 0 or any(taken[i] for i in range(ts, qe)):
                continue
            out.append((a, b, "qual"))
            out.append((c, d, "qual"))
            pins[(a, b)], pins[(c, d)] = town, div
            for i in range(ts, qe):
                taken[i] = 1
        # 1) NER; a span that joins names with "and" ("Qarbaliyeh and Zawrakta") is one place only
        # where the gazetteer knows it whole ("Trinidad and Tobago")
        ner_parts: list[tuple[int, int, str]] = []
        for e in ent_spans:
            if e.label_ not in ("GPE", "LOC", "FAC"):
                continue
            cut = [i for i in range(e.start + 1, e.end - 1) if words[i] in ("and", "or")]
            if not cut or gaz.candidates(e.text):
                ner_parts.append((e.start, e.end, e.label_))
                continue
            a = e.start
            for i in cut + [e.end]:
                if i > a:
                    ner_parts.append((a, i, e.label_))
                a = i + 1
        for s, t, label in ner_parts:
            while s < t and doc[s].lower_ in ("the", "a", "an"):
                s += 1
            while t > s and (doc[t - 1].is_punct or doc[t - 1].lower_ in ("'s", "’s")):
                t -= 1
            if s >= t or any(taken[i] for i in range(s, t)):
                continue
            s, t = self._extend(doc, s, t, words, caps)
            txt = doc[s:t].text
            k = norm(txt)
            if k in self.demonyms or not k:
                continue
            if t - s == 1 and person[s] == 2:
                continue
            if k in self.stop and not (label in ("GPE", "LOC") and person[s] != 2 and any(
                    c.kind != "city" or (c.population or 0) >= 100000 for c in gaz.candidates(txt))):
                continue
            if t < len(doc) and (doc[t].lower_ in self.not_before or doc[t].text in self.org_words):
                continue   # "Hendra virus", "Lassa fever", "Lincoln Elementary"
            if self._not_abbrev(txt):
                continue   # "Jane Roe, M.D.": a degree, not Maryland
            if label == "FAC" and not gaz.candidates(txt):
                continue
            if not doc[s].text[:1].isupper() and not doc[s].text[:1].isdigit():
                continue
            out.append((doc[s].idx, doc[t - 1].idx + len(doc[t - 1].text), "ner"))
            for i in range(s, t):
                taken[i] = 1
        # 2) gazetteer scan of capitalised runs; a division's abbreviation counts as a strong
        # name in an article that names the division in full ("New South Wales ... NSW")
        named_abbrev = {k for k, full in self.abbrev_full.items() if full in text}
        n = len(doc)
        starts = token_starts(doc)
        # the first taken token at or after each position (the scan marks only tokens it
        # has passed, so this holds for the tokens ahead of it)
        next_taken = [n] * (n + 1)
        for j in range(n - 1, -1, -1):
            next_taken[j] = j if taken[j] else next_taken[j + 1]
        i = 0
        while i < n:
            if taken[i] or not caps[i] or words[i].lower() in ("the", "a", "an"):
                i += 1
                continue
            tok = doc[i]
            found = 0
            for m in range(min(_MAXN, n - i, next_taken[i] - i), 0, -1):
                if not caps[i + m - 1]:
                    continue
                # the span's text cut from the text (``Span.text`` makes a Token for each word)
                last = i + m - 1
                stext = text[starts[i]:starts[last] + len(words[last])]
                k = self._norm(stext)
                if not k or k in self.stop:
                    continue
                span = doc[i:i + m]
                if gaz.is_strong(k) and self._accept_strong(doc, span, k, person, datelines):
                    found = m
                    break
                if k in named_abbrev and not self._not_abbrev(stext) and not person[i]:
                    found = m
                    break
                if m <= 3 and stext.isupper() and _dateline_head(text, datelines, span.start_char,
                                                                 span.end_char) and any(
                        c.kind != "city" or (c.population or 0) >= 1000 for c in gaz.plausible(stext)):
                    found = m       # "PONOKA - ": the town a report was filed from
                    break
                if m <= 3 and self._weak_ok(doc, span, k):
                    found = m
                    break
            if found and i + found < n and (doc[i + found].lower_ in self.not_before
                                            or doc[i + found].text in self.street_words
                                            or doc[i + found].text in self.org_words):
                found = 0       # "Hendra virus", "Mill Street"
            if found:
                out.append((tok.idx, doc[i + found - 1].idx + len(doc[i + found - 1].text), "gaz"))
                for j in range(i, i + found):
                    taken[j] = 1
                i += found
                continue
            # "U.S.-led", "Russia-backed", "U.S.-Russian"
            if "-" in tok.text[1:]:
                head = tok.text.split("-", 1)[0]
                kh = norm(head)
                if kh and kh not in self.demonyms and gaz.is_strong(kh) and not gaz.strong[kh] is False:
                    out.append((tok.idx, tok.idx + len(head), "gaz"))
                    taken[i] = 1
            i += 1
        out += self._marked(doc, text, taken, person, words, caps)
        out += self._list_mates(doc, out, taken, person, ents)
        out += self._repeats(doc, text, out, taken, person, words, caps, starts)
        out += self._compass_divisions(doc, text, out, taken, pins)
        out += self._streets(doc, text, taken)
        out.sort()
        return out

    def _streets(self, doc: Doc, text: str, taken: bytearray) -> list[tuple[int, int, str]]:
        """Streets and roads ("on Elm Street", "Mill Creek Road, Lacombe", "Highway 61"),
        less a leading "The"/"At" and names that go on ("Wall Street Journal")."""
        out: list[tuple[int, int, str]] = []
        if self.street is None:
            return out
        for m in self.street.finditer(text):
            a, b = m.span(1)
            words = text[a:b].split()
            while len(words) > 1 and (words[0].lower() in self.stop_words or words[0].lower() in self.locative):
                a = text.index(words[1], a + len(words[0]))
                words = words[1:]
            if len(words) < 2:
                continue
            ts, te = _tok_range(doc, a, b)
            if ts < 0 or any(taken[i] for i in range(ts, te)):
                continue
            if te < len(doc) and doc[te].text[:1].isupper() and not doc[te].is_sent_start:
                continue        # "Wall Street Journal"
            if norm(text[a:b]) in self.stop or doc[ts].ent_type_ == "PERSON" or words[0].lower() in self.demonyms:
                continue
            out.append((a, b, "street"))
            for i in range(ts, te):
                taken[i] = 1
        return out

    def _list_mates(self, doc: Doc, found: list[tuple[int, int, str]], taken: bytearray,
                    person: bytearray, ents: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
        """Names listed with a place ("Eldoret, Kericho, Bomet and Narok"; "Hordaland,
        Nordland, Finnmark"): a capitalised run of one to three words right after or
        before a place, across a comma, "and" or "or", that the gazetteer knows in the
        same country as that place, and that no person or organisation holds."""
        gaz = self.gaz
        n = len(doc)
        queue = []
        for s, e, _ in found:
            a, b = _tok_range(doc, s, e)
            if a >= 0:
                queue.append((a, b))
        out: list[tuple[int, int, str]] = []
        seen: dict[str, tuple[set[str], bool]] = {}

        def countries(a: int, b: int) -> tuple[set[str], bool]:
            t = doc[a:b].text
            if t not in seen:
                r = gaz.resolve(t)
                seen[t] = (({r.country} if r is not None and r.country else set()),
                           r is not None and r.kind == "country")
            return seen[t]

        def mate(a: int, b: int, ctry: set[str], local: bool) -> bool:
            if a < 0 or b > n or a >= b or any(taken[i] or person[i] == 2 for i in range(a, b)):
                return False    # (a given name elsewhere in the article is that person)
            toks = doc[a:b]
            if any(not (t.text[:1].isupper() or t.text == "-") or t.is_stop for t in toks):
                return False
            if any(t.ent_type_ in ("NORP", "DATE", "MONEY", "CARDINAL") for t in toks):
                return False
            # the NER's person or organisation, only when it is exactly this run and the list
            # is one of towns or divisions ("Kericho, Bomet, Narok"), not of countries
            for t in toks:
                if t.ent_type_ in ("PERSON", "ORG"):
                    ent = next((x for x in ents if x[0] <= t.i < x[1]), None)
                    if not local or ent is None or ent[0] < a or ent[1] > b:
                        return False
            k = norm(toks.text)
            if len(k) < 3 or k in self.stop or k in self.demonyms:
                return False
            return any(c.country in ctry and c.kind in ("city", "admin1", "admin2")
                       for c in gaz.plausible(toks.text))

        seps = {",", "and", "or"}
        while queue:
            a, b = queue.pop()
            if not ((b < n and doc[b].lower_ in seps) or (a >= 1 and doc[a - 1].lower_ in seps)):
                continue
            ctry, is_country = countries(a, b)
            if not ctry:
                continue
            local = not is_country
            # right: "X, Y", "X and Y", "X, and Y"
            j = b
            if j < n and doc[j].lower_ in seps:
                j += 1
                if j < n and doc[j].lower_ in ("and", "or") and doc[j - 1].text == ",":
                    j += 1
                for m in (3, 2, 1):
                    end = j + m
                    if end <= n and (end == n or not doc[end].text[:1].isupper()) and mate(j, end, ctry, local):
                        out.append((doc[j].idx, doc[end - 1].idx + len(doc[end - 1].text), "list"))
                        for i in range(j, end):
                            taken[i] = 1
                        queue.append((j, end))
                        break
            # left: "Y, X", "Y and X"
            j = a - 1
            if j >= 1 and doc[j].lower_ in seps:
                for m in (3, 2, 1):
                    st = j - m
                    if st >= 0 and (st == 0 or not doc[st - 1].text[:1].isupper()
                                    or doc[st - 1].is_sent_start) and mate(st, j, ctry, local):
                        out.append((doc[st].idx, doc[j - 1].idx + len(doc[j - 1].text), "list"))
                        for i in range(st, j):
                            taken[i] = 1
                        queue.append((st, j))
                        break
        return out

    def _marked(self, doc: Doc, text: str, taken: bytearray, person: bytearray, words: list[str],
                caps: list[bool]) -> list[tuple[int, int, str]]:
        """Names the text marks as places, known to the gazetteer or not: the capitalised
        run of one to three words right after a kind phrase ("the village of Tell Ruman", "the
        province of Nineveh"), and, after a plural one, the runs listed with it ("the towns
        of Ashby and Kirkton"). An organisation's or a street's name ("the city of London
        Police"), a person's and a nationality are none."""
        if not any(text[max(0, m.start() - 12):m.start()].rsplit(" ", 1)[-1].lower() in self.marked_heads
                   for m in _OF_NAME.finditer(text)):
            return []
        n = len(doc)
        out: list[tuple[int, int, str]] = []

        def run(j: int) -> int:
            """End of the name starting at token ``j``, or -1."""
            e = j
            while e < n and e - j < 3 and caps[e] and not taken[e] and words[e].lower() not in self.stop_words:
                e += 1
            if e == j or (e < n and caps[e]):
                return -1
            if e < n and words[e].lower() in self.not_before:
                return -1
            if any(words[t] in self.org_words or words[t] in self.street_words for t in range(j, e + (e < n))):
                return -1
            k = norm(" ".join(words[j:e]))
            if (len(k) < 3 or k in self.demonyms or k in self.stop or any(person[i] for i in range(j, e))
                    or any(doc[i].ent_type_ in ("PERSON", "NORP", "DATE", "TIME", "MONEY", "CARDINAL",
                                                "ORDINAL", "WORK_OF_ART", "EVENT", "LAW")
                           for i in range(j, e))):
                return -1
            return e

        for i in range(n - 2):
            low = words[i].lower()
            if low not in self.marked_heads or caps[i] or words[i + 1] != "of" or not caps[i + 2]:
                continue
            j = i + 2
            while True:
                e = run(j)
                if e < 0:
                    break
                out.append((doc[j].idx, doc[e - 1].idx + len(words[e - 1]), "kind"))
                for t in range(j, e):
                    taken[t] = 1
                if not self.marked_heads[low]:
                    break           # one name after a singular head
                j = e
                if j < n and words[j] == ",":
                    j += 1
                if j < n and words[j] in ("and", "or"):
                    j += 1
                if j == e or j >= n or not caps[j]:
                    break
        return out

    def _repeats(self, doc: Doc, text: str, found: list[tuple[int, int, str]], taken: bytearray,
                 person: bytearray, words: list[str], caps: list[bool],
                 starts: list[int]) -> list[tuple[int, int, str]]:
        """One sense per article: the other mentions of a name the article has already
        taken for a place ("in Wangaratta ... the Wangaratta brigade", "fled to Tamworth
        ... flights to Armidale and Tamworth"), where the NER and the place phrases missed them.
        A mention must stand alone as a capitalised run (not the end of a longer name) and
        be no person's."""
        names: dict[tuple[str, ...], int] = {}
        seen: set[str] = set()
        for s, e, src in found:
            seg = text[s:e]
            if src == "street" or seg in seen or text.count(seg) < 2:
                continue    # (no other mention: the common case, found without token work)
            seen.add(seg)
            a, b = bisect_left(starts, s), bisect_left(starts, e)
            if a >= len(starts) or starts[a] != s or not all(caps[a:b]):
                continue
            key = tuple(words[a:b])
            k = self._norm(" ".join(key))
            if (k in self.demonyms or k in self.stop or (len(k) <= 3 and text[s:e].isupper())
                    or not self.gaz.plausible(text[s:e])):
                continue    # (a name the gazetteer lacks, or an acronym, proves no place)
            names[key] = b - a
        if not names:
            return []
        firsts: dict[str, list[tuple[str, ...]]] = {}
        for key in names:
            firsts.setdefault(key[0], []).append(key)
        out: list[tuple[int, int, str]] = []
        n = len(doc)
        for i, w in enumerate(words):
            if w not in firsts or taken[i] or person[i]:
                continue
            if i > 0 and ((caps[i - 1] and not doc[i].is_sent_start and words[i - 1] != "The")
                          or words[i - 1] == "-"):
                continue    # the end of a longer name: "Hope Children's Village Tamworth"
            for key in sorted(firsts[w], key=len, reverse=True):
                m = len(key)
                if i + m > n or tuple(words[i:i + m]) != key or any(taken[j] or person[j] for j in range(i, i + m)):
                    continue
                if doc[i].ent_type_ in ("PERSON", "NORP") or (
                        i + m < n and (caps[i + m] or words[i + m] == "-" or words[i + m].lower() in self.not_before)):
                    break   # the start of a longer name: "Springfield Academy", "Dayton Public Library"
                out.append((doc[i].idx, doc[i + m - 1].idx + len(words[i + m - 1]), "repeat"))
                for j in range(i, i + m):
                    taken[j] = 1
                break
        return out

    def _compass_divisions(self, doc: Doc, text: str, found: list[tuple[int, int, str]],
                           taken: bytearray, pins: dict[tuple[int, int], Entry]) -> list[tuple[int, int, str]]:
        """Divisions named by a compass word in lower case ("from Cameroon's northwest
        region to the southwest region", "the north-west region"): a direction right
        before a division word ("region", "province", plural too), or listed before one,
        where a country the article names has a first-level division of that very name
        (Cameroon's Northwest).
        The direction alone, as an adjective ("the eastern region") or of a country with no
        such division, names nothing."""
        if self.compass_rx is None or self.division_rx is None:
            return []
        if not self.division_rx.search(text):
            return []
        hits = list(self.compass_rx.finditer(text))
        if not hits:
            return []
        countries = set()
        for s, e, _ in found:
            r = self.gaz.resolve(text[s:e])
            if r is not None and r.kind == "country" and r.country:
                countries.add(r.country)
        if not countries:
            return []
        out: list[tuple[int, int, str]] = []
        for m in hits:
            for w in _DIRECTION.finditer(m.group(1)):
                a, b = m.start(1) + w.start(), m.start(1) + w.end()
                word = w.group(0)
                keys = {norm(word), norm(word).replace(" ", "")}
                divs = [c for k in keys for c in self.gaz.candidates(k)
                        if c.kind == "admin1" and c.country in countries and norm(c.name).replace(" ", "") == norm(word).replace(" ", "")]
                ts, te = _tok_range(doc, a, b)
                if len({c.country for c in divs}) != 1 or ts < 0 or any(taken[i] for i in range(ts, te)):
                    continue
                out.append((a, b, "compass"))
                pins[(a, b)] = divs[0]
                for i in range(ts, te):
                    taken[i] = 1
        return out

    def _qualified(self, text: str) -> list[tuple[int, int, int, int, Entry, Entry]]:
        """(town start, end, division start, end, town, division) of each "Town,
        Division" whose division is a first-level one (by name or news
        abbreviation) that has a town of that name in the gazetteer, or, in a
        place phrase or a dateline, of a town the gazetteer lacks (placed at
        the division)."""
        out: list[tuple[int, int, int, int, Entry, Entry]] = []
        for m in _QUALIFIED.finditer(text):
            q = m.group(2)
            if _PREV_NAME.search(text, max(0, m.start() - 30), m.start()):
                continue        # the middle of a longer name
            div = [c for c in self.gaz.candidates(q) if c.kind == "admin1"]
            if not div or (norm(q) not in self.abbrev and len(q) <= 4) or self._not_abbrev(q):
                continue
            names = {norm(x) for d in div for x in (d.name, d.admin1 or d.name)}
            words = list(re.finditer(r"\S+", m.group(1)))
            for k in range(len(words)):       # the run, less leading function words ("In")
                if k and words[k - 1].group().lower() not in self.locative | {"the", "a", "an"}:
                    break
                town = m.group(1)[words[k].start():]
                if norm(town) in self.stop:
                    continue
                if any(c.kind == "admin1" and c.country in {d.country for d in div}
                       for c in self.gaz.plausible(town)):
                    break       # "Georgia, Oklahoma, Pennsylvania": a list of states
                towns = [c for c in self.gaz.plausible(town) if c.kind in ("city", "admin2")
                         and c.admin1 and norm(c.admin1) in names]
                if towns:
                    t = max(towns, key=lambda c: (c.kind == "city", c.population or 0))
                    d = next(x for x in div if norm(x.admin1 or x.name) == norm(t.admin1 or "")
                             or norm(x.name) == norm(t.admin1 or ""))
                    out.append((m.start(1) + words[k].start(), m.end(1), m.start(2), m.end(2), t, d))
                    break
            else:
                # a town too small for the gazetteer, in a place phrase or a dateline ("south of
                # Zarqville, Missouri", "ZARQVILLE, Mo. -"): it lies in the division, at least
                town = m.group(1)
                line = text.rfind("\n", 0, m.start()) + 1
                before = text[max(line, m.start() - 25):m.start()].split()
                lead = (not text[line:m.start()].strip() and town.isupper()) or (
                    bool(before) and before[-1].lower() in self.locative)
                if (lead and len(words) <= 2 and len({d.country for d in div}) == 1
                        and norm(town) not in self.stop and norm(town) not in self.demonyms
                        and not any(c.kind != "city" for c in self.gaz.candidates(town))):
                    out.append((m.start(1), m.end(1), m.start(2), m.end(2), div[0], div[0]))
        return out

    def _not_abbrev(self, text: str) -> bool:
        """Dotted letters whose key is a listed abbreviation's but not its letters as written
        ("M.D." against "Md.")."""
        if "." not in text:
            return False
        forms = self.abbrev_forms.get(norm(text))
        return forms is not None and text.replace(".", "") not in forms

    def _norm(self, text: str) -> str:
        """:func:`norm`, remembered per stage (the scan normalises the same runs in every article)."""
        k = self._norms.get(text)
        if k is None:
            if len(self._norms) > 100_000:
                self._norms.clear()
            k = self._norms[text] = norm(text)
        return k

    def _contested(self, name: str, r: Entry) -> bool:
        """A town whose name a town of 100,000 or more in another country also bears:
        the name alone says nothing about the article's country."""
        return any(c.kind == "city" and c.country != r.country and (c.population or 0) >= self.namesake_pop
                   for c in self.gaz.plausible(name))

    def _country_name(self, low: str) -> bool:
        c = self.gaz.candidates(low)
        return bool(c) and c[0].kind == "country"

    def _extend(self, doc: Doc, s: int, t: int, words: list[str], caps: list[bool]) -> tuple[int, int]:
        """Widen an NER span to a longer gazetteer name: "New Mexico", "Guinea-Bissau", and the
        rest of a town's name the NER cut short ("San Jose" + "del Monte", "San Juan" + "del
        Cesar": a name of other entries than the short one's, a particle inside)."""
        gaz = self.gaz
        best = (s, t)
        inner = {"-", "of", "the"} | self.particles
        own: set[int] | None = None
        for ls in range(0, 3):
            for rt in range(0, 4):
                if ls == rt == 0:
                    continue
                a, b = s - ls, t + rt
                if a < 0 or b > len(doc) or not caps[a] or not caps[b - 1]:
                    continue
                if any(not (caps[x] or words[x] in inner) for x in range(a, b)):
                    continue
                toks = doc[a:b]
                if not toks[0].text[:1].isupper() or not toks[-1].text[:1].isupper():
                    continue
                if toks[0].lower_ in ("the", "a", "an") or self._norm(toks.text) == self._norm(doc[s:t].text):
                    continue
                if any(not (x.text[:1].isupper() or x.text == "-" or x.lower_ in inner)
                       for x in toks):
                    continue    # ("Democratic Republic" + "of the Congo")
                if any(x.ent_type_ == "PERSON" for x in doc[a:t]):
                    continue
                if any(x.ent_type_ == "PERSON" for x in doc[t:b]) and (ls or doc[t].ent_iob_ != "B"):
                    continue    # (the NER's person right after it may be the rest: "Fort St." "John")
                if gaz.is_strong(self._norm(toks.text)):
                    ok = True
                else:
                    big = [c for c in gaz.plausible(toks.text) if c.kind != "city" or (c.population or 0) >= 10000]
                    if ls or not big:
                        ok = bool(big)      # "Goz" + "Beida"
                    else:
                        if own is None:
                            own = {c.eid for c in gaz.candidates(doc[s:t].text)}
                        ok = any(c.eid not in own for c in big)
                if ok and (b - a) > best[1] - best[0]:
                    best = (a, b)
        return best

    def _accept_strong(self, doc: Doc, span: Span, k: str, person: bytearray,
                       datelines: list[tuple[int, int]]) -> bool:
        if k in self.demonyms:
            return False
        if _in_dateline(datelines, span.start_char, span.end_char):
            return True   # "OSH, Kyrgyzstan (Reuters) -"
        if len(k) <= 3 and span.text.replace(".", "").isupper() and k not in self.gaz.alias_keys:
            return False  # "BA", "PM": abbreviations other than the listed aliases
        noncity = self.gaz.strong[k]
        if len(span) == 1:
            tok = span[0]
            if person[tok.i]:
                return False
            if tok.is_sent_start and tok.lower_ in self.common:
                return False
            if not noncity and tok.i > 0:
                prev = doc[tok.i - 1]
                if prev.lower_ in self.particles:
                    return False  # part of a longer name: "Vila do Conde"
            if tok.ent_type_ == "PERSON" and not noncity:
                # a big city the NER took for a person ("troops attacked Kharkiv"): in a
                # place phrase, as the object of a verb or preposition, or when it is a
                # city of a million or more and no person in the article bears the name
                if self._place_context(doc, span) or tok.dep_ in ("dobj", "pobj"):
                    return True
                best = self.gaz.candidates(span.text)
                return bool(best) and (best[0].population or 0) >= self.big_city
        else:
            if any(person[t.i] for t in span) and not noncity:
                return False
        return True

    def _place_context(self, doc: Doc, span: Span) -> bool:
        s, e = span.start, span.end
        if s > 0:
            prev = doc[s - 1]
            if prev.lower_ in self.locative and prev.lower_ != "of":
                return True
            if prev.text == "," and s > 1 and doc[s - 2].lower_ in self.place_nouns:
                return True     # "the second largest city, Kutaisi"
            if prev.lower_ == "of" and s > 1 and doc[s - 2].lower_ in self.place_nouns:
                return True
        if e < len(doc) and doc[e].is_lower and doc[e].lower_ in self.place_nouns:
            return True         # "the Telavi region", "the Ajloun district"
        if e + 1 < len(doc) and doc[e].text == ",":
            k = norm(doc[e + 1].text)
            if self.gaz.is_strong(k) and self.gaz.strong[k]:
                return True
        if e + 1 < len(doc) and doc[e].lower_ == "in":
            j = e + 1
            while j < len(doc) and doc[j].lower_ in self.locative | {"the"}:
                j += 1
            if j < len(doc):
                k = norm(doc[j].text)
                if self.gaz.is_strong(k) and self.gaz.strong[k]:
                    return True
        return False

    def _weak_ok(self, doc: Doc, span: Span, k: str) -> bool:
        """A name outside the strong list: only in a place phrase, and known to the gazetteer."""
        if k in self.demonyms or len(k) < 3:
            return False
        tok = span[0]
        if tok.ent_type_ == "ORG" and not (len(span) == 1 and tok.i > 0 and doc[tok.i - 1].lower_ in self.inside_words
                                           and any((c.population or 0) >= 10000 for c in self.gaz.plausible(span.text))):
            return False    # an organisation, unless a town of 10,000 or more right after "in" ("in Wamena")
        if tok.ent_type_ in ("NORP", "DATE", "TIME", "MONEY", "CARDINAL", "WORK_OF_ART"):
            return False
        if any(not t.text[:1].isupper() for t in span) or any(t.is_stop and t.lower_ != "of" for t in span):
            return False
        if span.start > 0 and doc[span.start - 1].text[:1].isupper() and not doc[span.start - 1].is_sent_start:
            return False
        if span.start > 0 and doc[span.start - 1].lower_ in self.particles:
            return False    # the end of a longer name: "Sao Joao da Madeira"
        if span.end < len(doc) and doc[span.end].text[:1].isupper():
            return False
        if not self._place_context(doc, span):
            return False
        cands = self.gaz.candidates(span.text)
        return any(c.kind != "city" or (c.population or 0) >= 1000 for c in cands)

    # ------------------------------------------------------------------ context
    def _explicit(self, doc: Doc, cspans: list[tuple[int, int]], idx: int,
                  resolved: list[Entry | None],
                  starts: list[int] | None = None) -> tuple[set[str], set[str]]:
        """Countries and divisions the text ties mention ``idx`` to (``starts``: the
        mentions' start characters, passed in so that each call is not linear)."""
        s, e = cspans[idx]
        countries: set[str] = set()
        adm: set[str] = set()
        if starts is None:
            starts = [c[0] for c in cspans]
        tok_s = _tok_at(doc, s)
        tok_e = _tok_at(doc, e - 1)
        if tok_s is None or tok_e is None:
            return countries, adm
        # "X, Syria" / "Paris, Texas"
        j = tok_e.i + 1
        if j + 1 < len(doc) and doc[j].text == ",":
            k = bisect_left(starts, doc[j + 1].idx)
            if k < len(cspans) and cspans[k][0] == doc[j + 1].idx and (r := resolved[k]) is not None:
                if r.kind in ("country", "region") and r.country:
                    countries.add(r.country)
                elif r.kind == "admin1":
                    adm.add(r.name)
                    if r.admin1:
                        adm.add(r.admin1)
                    countries.add(r.country)  # type: ignore[arg-type]  # (as before)
        # "X in (neighbouring) Syria", "X County (,) located in Pennsylvania"
        j = tok_e.i + 1
        if j + 1 < len(doc) and doc[j].text == "," and doc[j + 1].lower_ in self.located_words:
            j += 1
        if j + 1 < len(doc) and doc[j].lower_ in self.located_words and doc[j + 1].lower_ == "in":
            j += 1
        if j < len(doc) and doc[j].lower_ in ("in", "of"):
            j += 1
            while j < len(doc) and doc[j].lower_ == "the":
                j += 1
            j0 = j      # "in South West England": the mention may start at the direction word
            while j < len(doc) and (doc[j].lower_ in self.context_words or doc[j].lower_ in self.compass):
                j += 1
            for j in dict.fromkeys((j0, j)):
                if j >= len(doc):
                    continue
                k = bisect_left(starts, doc[j].idx)
                if k < len(cspans) and cspans[k][0] == doc[j].idx and (r := resolved[k]) is not None:
                    if r.kind in ("country", "admin1", "region") and r.country:
                        countries.add(r.country)
                        if r.kind == "admin1":
                            adm.add(r.admin1 or r.name)
        # "the Iraqi city of Ramadi", "Syria's Palmyra", "the Syrian town Palmyra"
        i = tok_s.i - 1
        if i >= 0 and doc[i].lower_ == "of":
            i -= 1
        if i >= 0 and doc[i].lower_ in self.place_nouns:
            i -= 1
        for t in doc[max(0, i - 2):i + 1]:
            code = self.demonyms.get(t.lower_)
            if code:
                countries.add(code)
        if tok_s.i >= 2 and doc[tok_s.i - 1].lower_ in ("'s", "’s"):
            k = bisect_left(starts, doc[tok_s.i - 2].idx)
            if k < len(cspans) and (r := resolved[k]) is not None and r.kind == "country":
                countries.add(r.country)  # type: ignore[arg-type]  # (as before)
        return countries, adm

    def _kind(self, doc: Doc, s: int, e: int) -> str | None:
        """The kind of place the words around the mention at characters ``s``..``e`` give it."""
        a, b = _tok_at(doc, s), _tok_at(doc, e - 1)
        if a is None or b is None:
            return None
        nxt = doc[b.i + 1] if b.i + 1 < len(doc) else None
        nxt_low = nxt.lower_.rstrip(".") if nxt is not None else ""
        prev = tuple(t.lower_ for t in doc[max(0, a.i - self.kind_span):a.i])
        for kind, cue in self.kind_words.items():
            for words in cue.get("before", ()):
                if prev[len(prev) - len(words):] == words and len(prev) >= len(words):
                    return kind
            if nxt is not None and ((nxt_low,) in cue.get("after", ())
                                    or (nxt.text.islower() and (nxt_low,) in cue.get("after_lower", ()))):
                return kind
        return None

    def _container(self, doc: Doc, cspans: list[tuple[int, int]], starts: list[int],
                   resolved: list[Entry | None], idx: int) -> Entry | None:
        """The town or division right after ("X, Y"; "X in the Y"; "X <one or two nouns> in/of
        Y") or right before ("Y's X") mention ``idx``, when the gazetteer knows it."""
        def entry_at(char: int) -> Entry | None:
            k = bisect_left(starts, char)
            if k < len(cspans) and cspans[k][0] == char and k != idx:
                r = resolved[k]
                if r is not None and r.kind in ("city", "admin1", "admin2") and r.lat is not None:
                    return r
            return None
        a, b = _tok_at(doc, cspans[idx][0]), _tok_at(doc, cspans[idx][1] - 1)
        if a is None or b is None:
            return None
        n = len(doc)

        def skip(k: int) -> int:    # line breaks inside a sentence ("in\n   the Ajloun district")
            while k < n and doc[k].is_space:
                k += 1
            return k
        j = skip(b.i + 1)
        if j < n and doc[j].text == ",":
            if skip(j + 1) < n and (r := entry_at(doc[skip(j + 1)].idx)) is not None:
                return r
        else:
            k = j
            while k < n and k - j < 2 and doc[k].is_lower and doc[k].is_alpha and doc[k].lower_ not in ("in", "of"):
                k = skip(k + 1)
            if k < n and doc[k].lower_ in ("in", "of"):
                k = skip(k + 1)
                if k < n and doc[k].lower_ == "the":
                    k = skip(k + 1)
                if k < n and (r := entry_at(doc[k].idx)) is not None:
                    return r
        if a.i >= 2 and doc[a.i - 1].lower_ in ("'s", "’s"):
            k = bisect_left(starts, doc[a.i - 2].idx + len(doc[a.i - 2].text)) - 1
            if 0 <= k < len(cspans) and cspans[k][1] == doc[a.i - 2].idx + len(doc[a.i - 2].text):
                return entry_at(cspans[k][0])
        return None

    @staticmethod
    def _sentence_division(doc: Doc, cspans: list[tuple[int, int]], resolved: list[Entry | None],
                           idx: int) -> Entry | None:
        """The first-level division named nearest mention ``idx`` within its sentence."""
        tok = _tok_at(doc, cspans[idx][0])
        if tok is None:
            return None
        sent = tok.sent
        lo, hi = sent.start_char, sent.end_char
        best, dist = None, 10 ** 9
        for j, (s, e) in enumerate(cspans):
            r = resolved[j]
            if j == idx or r is None or r.kind != "admin1" or s < lo or e > hi:
                continue
            d = abs(s - cspans[idx][0])
            if d < dist:
                best, dist = r, d
        return best

    def _settlement(self, doc: Doc, s: int, e: int) -> bool:
        """The mention ends in, or is followed by, a word for a settlement ("Miyoe village")."""
        b = _tok_at(doc, e - 1)
        if b is None:
            return False
        if b.lower_ in self.settlement_words:
            return True
        nxt = doc[b.i + 1] if b.i + 1 < len(doc) else None
        return nxt is not None and nxt.is_lower and nxt.lower_ in self.settlement_words

    # ------------------------------------------------------------------ literal
    def _literal(self, doc: Doc, s: int, e: int, ent: Entry | None, metonyms: list[tuple[int, int]],
                 datelines: list[tuple[int, int]]) -> bool:
        tok = _tok_at(doc, e - 1)
        if tok is None:
            return True
        if _in_dateline(datelines, s, e):
            return True     # "CAIRO, Jan 5 (Reuters) -": where the report was filed
        if tok.dep_ == "pobj" and tok.head.lower_ in self.locative and tok.head.lower_ != "of":
            return True
        # metonyms are sorted, non-overlapping mention spans: look only at those around s..e
        k = bisect_right(metonyms, s, key=lambda m: m[1])
        if k < len(metonyms) and metonyms[k][0] < e:
            return False
        if ent is not None and ent.kind not in ("country", "city", "landmark", "admin1"):
            return True
        if tok.ent_type_ == "ORG" or tok.ent_type_ == "NORP":
            return False
        if tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ in ("'s", "’s"):
            return False
        t = tok
        while t.dep_ == "conj" and t.head is not t:
            t = t.head
        if t.dep_ == "dobj":
            verb = t.head.lemma_.lower()
            if any(c.dep_ == "prt" and c.lower_ in self.actor_preps.get(verb, ()) for c in t.head.children):
                return False    # "called on Kinshasa" parsed as a particle verb
            if verb in self.ground_verbs:
                return True     # "troops attacked Kharkiv", "visited Goma"
        if t.dep_ in _ACTOR_DEPS:
            return False
        if t.dep_ == "pobj" and t.head.dep_ in ("prep", "agent"):
            prep, verb = t.head.lower_, t.head.head.lemma_.lower()
            if prep in self.actor_preps.get("*", ()) or prep in self.actor_preps.get(verb, ()):
                return False    # "talks with Moscow", "called on Kinshasa"
        if t.dep_ in ("compound", "amod", "nmod") and t.head.lower_ in self.actor_nouns:
            return False
        return True

    @staticmethod
    def _group_names(doc: Doc) -> list[tuple[int, int]]:
        """Character spans of the names of actors that are no state (groups, organisations, people)."""
        kinds = {a.id: a.kind for a in getattr(doc._, "ew_actors", None) or []}
        out = []
        for m in getattr(doc._, "ew_mentions", None) or []:
            if m.kind == "name" and kinds.get(m.actor, "state") != "state" and m.start < len(doc):
                out.append((doc[m.start].idx, doc[m.end - 1].idx + len(doc[m.end - 1].text)))
        return out

    # ------------------------------------------------------------------ main
    def __call__(self, doc: Doc) -> Doc:
        gaz = self.gaz
        text = doc_text(doc)
        datelines = _datelines(text)
        pins: dict[tuple[int, int], Entry] = {}
        cands = self._candidates(doc, text, pins, datelines)
        for s, e, _ in cands:
            if (s, e) not in pins and _in_dateline(datelines, s, e):
                # a dateline names the town the report was filed from
                towns = [c for c in gaz.plausible(text[s:e]) if c.kind == "city" and (c.population or 0) >= 10000]
                if towns:
                    pins[(s, e)] = max(towns, key=lambda c: c.population or 0)
        cspans = [(s, e) for s, e, _ in cands]
        # a street the NER found ("Ross Street" as a GPE) is a street all the same
        sources = ["street" if src == "street" or (src == "ner" and self.street is not None and (s, e) not in pins
                                                   and self.street.fullmatch(text[s:e])
                                                   and not gaz.candidates(text[s:e])) else src
                   for s, e, src in cands]
        texts = [text[s:e] for s, e in cspans]
        # first pass: priors only, to find the article's countries
        first = [None if src == "street" else pins.get(sp) or gaz.resolve(t)
                 for sp, t, src in zip(cspans, texts, sources)]
        counts: dict[str, float] = {}
        own_votes: dict[str, dict[str, float]] = {}     # name -> its own mentions' votes
        seen_names: set[str] = set()
        for t, r in zip(texts, first):
            if r is not None and r.country and r.kind in ("country", "admin1", "city", "landmark"):
                # a repeated ambiguous name ("London" ten times) must not vote for itself ten times
                w = 1.0 if r.kind != "city" else 0.5
                if r.kind != "country" and norm(t) in seen_names:
                    w = 0.1
                if r.kind == "city" and self._contested(t, r):
                    w = 0.0     # "London" votes neither for England nor for Ontario
                seen_names.add(norm(t))
                counts[r.country] = counts.get(r.country, 0.0) + w
                votes = own_votes.setdefault(norm(t), {})
                votes[r.country] = votes.get(r.country, 0.0) + w
        top = max(counts.values(), default=0.0) or 1.0
        dominant = {c: v / top for c, v in counts.items()}
        resolved: list[Entry | None] = list(first)
        anchors = [(norm(t), r.lat, r.lon) for t, r in zip(texts, first)
                   if r is not None and r.lat is not None and r.kind in ("admin1", "city", "landmark")
                   and (r.kind != "city" or (r.population or 0) >= 50000)
                   and dominant.get(r.country or "", 0.0) >= 0.5]   # a guess abroad anchors nothing
        anchors = list(dict.fromkeys(anchors))  # a name repeated is one anchor, not many
        doc_adm = {norm(r.admin1 or r.name) for r in first if r is not None and r.kind == "admin1"}
        adm_by_country: dict[str, set[str]] = {}
        for t, r in zip(texts, first):
            if r is not None and r.kind == "admin1" and r.country:
                adm_by_country.setdefault(r.country, set()).add(norm(t))
        pinned: dict[str, Entry] = {}
        starts = [c[0] for c in cspans]
        # the same name with the same local clues resolves the same way: once per distinct
        # (name, clues), so that a long document's repeated names cost nothing more
        memo: dict[tuple, Entry | None] = {}
        kinds: list[str | None] = []
        for idx, t in enumerate(texts):
            ctry, adm = self._explicit(doc, cspans, idx, first, starts)
            kind = self._kind(doc, *cspans[idx]) or _list_kind(text, cspans, first, idx)
            kinds.append(kind)
            kt = norm(t)
            mkey = (t, frozenset(ctry), frozenset(adm), kind)
            if mkey not in memo:
                near = [(a, b) for k, a, b in anchors if k != kt]
                others = {c for c, names in adm_by_country.items() if names - {kt}}
                memo[mkey] = gaz.resolve(t, ctry, context_admin1=adm, dominant=dominant,
                                         near=near, doc_admin1=doc_adm, adm_countries=others, kind=kind,
                                         rivals=_less(counts, own_votes.get(kt)))
            r = pins.get(cspans[idx]) or memo[mkey]
            resolved[idx] = r
            if (ctry or adm or kind) and r is not None and kt not in pinned:
                pinned[kt] = r
        # a street lies in the town the article names nearest before it (else after it)
        town_idx = [i for i, r in enumerate(resolved) if r is not None and r.kind in ("city", "admin2")
                    and sources[i] != "street"]
        for idx in range(len(cspans)):
            if sources[idx] == "street":
                k = bisect_left(town_idx, idx)
                near_town = town_idx[k - 1] if k > 0 else (town_idx[k] if k < len(town_idx) else None)
                resolved[idx] = resolved[near_town] if near_town is not None else None
        # a name the gazetteer lacks lies in the town or division the text puts it in:
        # "Tondo, Manila", "Kfraya in Idlib", "Kakuma refugee camp in Turkana",
        # "the Mathare district of Nairobi", "Khartoum's Zorbaka"
        for idx in range(len(cspans)):
            if resolved[idx] is None and sources[idx] != "street":
                c = self._container(doc, cspans, starts, resolved, idx)
                if c is not None:
                    resolved[idx] = c
        # an unknown village the text marks as one ("Ngodo village", "the village of X") lies
        # near the town or district the article names nearest before it (else after it)
        for idx in range(len(cspans)):
            if resolved[idx] is None and sources[idx] != "street" and (
                    kinds[idx] == "city" or self._settlement(doc, *cspans[idx])):
                k = bisect_left(town_idx, idx)
                near_town = town_idx[k - 1] if k > 0 else (town_idx[k] if k < len(town_idx) else None)
                if near_town is not None:
                    resolved[idx] = resolved[near_town]
                else:
                    # no town in the article: the division its own sentence names nearest
                    # ("the hamlets of X and Y in Hama province")
                    resolved[idx] = self._sentence_division(doc, cspans, resolved, idx)
        # one sense per article: a name the text once tied to a place ("Springfield, Missouri")
        # means that place in its other mentions too
        named = {r.country for r in first if r is not None and r.kind == "country"}
        for idx, t in enumerate(texts):
            r, own = pinned.get(norm(t)), resolved[idx]
            if (r is not None and own is not None and own.kind != "country"
                    and own.country not in named):     # "Paris, Texas" ... "Paris" ... "France"
                resolved[idx] = r
        metonyms = []
        for m in getattr(doc._, "ew_mentions", None) or []:
            if getattr(m, "kind", None) == "metonym" and m.start < len(doc):
                metonyms.append((doc[m.start].idx, doc[m.end - 1].idx + len(doc[m.end - 1].text)))
        groups = self._group_names(doc)
        places = []
        for (s, e), t, r, src in zip(cspans, texts, resolved, sources):
            if r is None and src != "kind" and any(a < e and s < b for a, b in groups):
                continue    # "M23", "Hamas": a group the actors stage names, unknown as a place
            p = Place(id=f"p{len(places) + 1}", text=t, span=(s, e))
            if r is not None:
                p.name, p.geonameid, p.lat, p.lon = r.name, r.geonameid, r.lat, r.lon
                p.country, p.admin1, p.feature, p.population = r.country, r.admin1, r.feature, r.population
                if p.lat is not None:
                    p.lat, p.lon = round(p.lat, 5), round(p.lon, 5)
            p.literal = self._literal(doc, s, e, r, metonyms, datelines)
            places.append(p)
        doc._.ew_places = places
        return doc


def _less(counts: dict[str, float], own: dict[str, float] | None) -> dict[str, float] | None:
    """The article's countries, weighted in [0, 1] as ``dominant`` is, less one name's own
    votes (None where the name cast none: ``dominant`` as it is)."""
    if not own:
        return None
    rest = {c: v - own.get(c, 0.0) for c, v in counts.items()}
    top = max(rest.values(), default=0.0)
    return {c: v / top for c, v in rest.items() if v > 0} if top > 0 else {}


def _datelines(text: str) -> list[tuple[int, int]]:
    """(start, end) of each dateline ("MOSCOW (Reuters) -") opening a line of ``text``."""
    out = []
    ls = 0
    while ls < len(text):
        end = dateline_end(text, ls)
        if end > ls:
            out.append((ls, end))
        nl = text.find("\n", ls)
        if nl < 0:
            break
        ls = nl + 1
    return out


def _in_dateline(datelines: list[tuple[int, int]], s: int, e: int) -> bool:
    """The place lies in a dateline: where the report was filed."""
    return any(a <= s and e <= b for a, b in datelines)


_LIST_SEP = re.compile(r",?\s+(?:and|or)\s+|,\s+")


def _list_kind(text: str, cspans: list[tuple[int, int]], first: list[Entry | None], idx: int) -> str | None:
    """``admin1`` for a name listed with first-level divisions ("Vermont, Utah, New
    York, Kansas"; "Quebec, Nova Scotia, Saskatchewan and Yukon")."""
    for j in (idx - 1, idx + 1):
        if not 0 <= j < len(cspans) or first[j] is None or first[j].kind != "admin1":
            continue
        a, b = (cspans[j][1], cspans[idx][0]) if j < idx else (cspans[idx][1], cspans[j][0])
        if _LIST_SEP.fullmatch(text[a:b]):
            return "admin1"
    return None


def _dateline_head(text: str, datelines: list[tuple[int, int]], s: int, e: int) -> bool:
    """Characters ``s``..``e`` open a dateline ("PONOKA - ", "ZARQVILLE, Conn. - ")."""
    return any(a <= s and e <= b and not text[a:s].strip() for a, b in datelines)


def _tok_range(doc: Doc, a: int, b: int) -> tuple[int, int]:
    span = doc.char_span(a, b, alignment_mode="expand")
    return (span.start, span.end) if span is not None and len(span) else (-1, -1)


def _tok_at(doc: Doc, char: int) -> Token | None:
    """The token holding character ``char`` (None in the space after a token), as
    ``doc.char_span(char, char + 1, alignment_mode="expand")`` finds it, by bisection
    over the token starts: one Token made, not a Span's several."""
    i = bisect_right(token_starts(doc), char) - 1
    if i < 0:
        return None
    tok = doc[i]
    return tok if char < tok.idx + len(tok) else None


@Language.factory("ew_places", assigns=["doc._.ew_places"], requires=["doc._.ew_mentions"],
                  default_config={"user_files": [], "actors_files": []})
def make_places(nlp: Language, name: str, user_files: list[str],
                actors_files: list[str]) -> PlacesStage:
    return PlacesStage(user_files, get_lexicon(actors_files))
