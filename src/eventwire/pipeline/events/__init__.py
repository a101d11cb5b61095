"""Stage ``events``: code who did what to whom (CAMEO and PLOVER) from the parse.

Data: ``data/events/*.yml`` (triggers, syntax word lists, the ``role_rules``
table, confidence adjustments), codebook ``data/codebook/*.yml``; both
documented in ``docs/data/events.md``. The stage compiles the data files once
(:class:`EventsStage`); each Doc is built by a :class:`~.builder.Builder`:

1. Triggers (:mod:`.triggers`): one pass over the tokens finds candidates.
2. Roles (:mod:`.roles`): source and target from the parse, then the ordered
   role rules for what is missing, then the parties (several sources or
   targets, reciprocal and joint events, mediators).
3. Participants (:mod:`.participants`): the actor each role filler stands for.
4. Modality (:mod:`.modality`): asserted, intended, hypothetical, negated,
   reported.
5. Output (:mod:`.builder`): negated and hypothetical events are dropped;
   confidence from the trigger, the roles found and the role rules used.
"""
from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.strings import hash_string
from spacy.tokens import Doc

from ... import codebook
from ...config import packaged_and_user
from ...datafiles import load_data
from ...errors import InputError
from ...lexicon import Lexicon, get_lexicon
from ...stage import Stage
from .builder import Builder
from .roles import ROLE_LISTS, ROLE_MAPS, ROLE_NUMBERS
from .triggers import (FALLBACK_RULE_PREFIX, _SYNTAX_CODES, _SYNTAX_LISTS, _SYNTAX_MAPS,
                       TRIGGER_FRAMES, Trigger,
                       _as_list, _word)

__all__ = ["EventsStage", "make_events"]


class EventsStage(Stage):
    """The events component. Compiles the trigger and syntax files once; builds
    each Doc's events with a per-document :class:`~.builder.Builder`."""

    sets = ("ew_events",)

    def __init__(self, user_files: list[str], lexicon: Lexicon | None = None):
        self.user_files = list(user_files)
        self.lex = lexicon or get_lexicon(())   # the packaged dictionaries by default
        self._load(packaged_and_user("events", tuple(self.user_files)))

    # ------------------------------------------------------------------ loading
    def _load(self, paths) -> None:
        entries: dict[str, dict] = {}
        fallback: dict[str, str] = {}      # verb phrase -> CAMEO code
        lists = _SYNTAX_LISTS + ROLE_LISTS
        syn: dict[str, Any] = {k: [] for k in lists}
        maps = _SYNTAX_MAPS + ROLE_MAPS
        for k in maps:
            syn[k] = {}
        syn["obligation_code"] = "100"
        syn["threat_code"] = "130"
        syn["mediation_code"] = "045"
        syn["refusal_code"] = "120"
        role_file = ""
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
                if (e.get("frame") or "") not in TRIGGER_FRAMES:
                    raise InputError("EW111", f"unknown frame {e['frame']!r} in rule "
                                     f"{e['rule']!r} (one of: "
                                     f"{', '.join(f for f in TRIGGER_FRAMES if f)})", str(path))
                entries[str(e["rule"])] = e
            for code, phrases in (data.get("fallback_verbs") or {}).items():
                if not codebook.is_code(str(code)):
                    raise InputError("EW111", f"unknown CAMEO code {code!r} in fallback_verbs",
                                     str(path))
                for ph in _as_list(phrases):
                    fallback[" ".join(ph.split())] = str(code)
            for k in lists:
                if k in data:
                    syn[k] = list(syn[k]) + _as_list(data[k])
            for k in maps:
                if isinstance(data.get(k), dict):
                    syn[k].update({str(a): (b if isinstance(b, (int, float)) else str(b) if b is not None
                                            else None) for a, b in data[k].items()})
            for k in ROLE_NUMBERS:
                if k in data:
                    syn[k] = data[k]
            for k in _SYNTAX_CODES:
                if data.get(k):
                    syn[k] = str(data[k])
            if "role_rules" in data:   # an ordered list: a user file replaces it
                syn["role_rules"] = _as_list(data["role_rules"])
                role_file = str(path)
        for k in ROLE_NUMBERS:
            if k not in syn:
                raise InputError("EW111", f"no number {k!r} in the events data files",
                                 ", ".join(str(p) for p in paths))
        order = list(syn.pop("role_rules"))
        self.syn: dict[str, Any] = {k: (frozenset(v) if isinstance(v, list) else v) for k, v in syn.items()}
        self._role_rules: list[tuple[str, str]] = []
        for name in order:
            fn = "_rr_" + name.replace(".", "_")
            if not hasattr(Builder, fn):
                raise InputError("EW111", f"unknown role rule {name!r} in role_rules", role_file)
            self._role_rules.append((name, fn))
        dtp, dsp = self.syn["default_target_preps"], self.syn["default_source_preps"]
        self.verbs: dict[str, list[Trigger]] = {}
        self.nouns: dict[str, list[Trigger]] = {}
        # the hand-written entries first; a fallback entry (the generated CAMEO
        # vocabulary) only for a lemma none of them lists: ours win where both speak
        for e in entries.values():
            self._add_entry(e, dtp, dsp, set(), set())
        own_verbs, own_nouns = set(self.verbs), set(self.nouns)
        for phrase, code in fallback.items():
            # (nor where its object is one of our event nouns: "expanded cooperation")
            rule = f"{FALLBACK_RULE_PREFIX}{code}.{phrase.replace(' ', '_')}"
            self._add_entry({"rule": rule, "code": code,
                             "verbs": [phrase]}, dtp, dsp, own_verbs, own_nouns)
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

    def _add_entry(self, e: dict, dtp: frozenset, dsp: frozenset,
                   skip_verbs: set[str], skip_nouns: set[str]) -> None:
        """Compile one trigger entry into the verb and noun tables; a verb phrase whose
        verb is in ``skip_verbs`` or another word in ``skip_nouns``, a noun phrase whose
        noun is in ``skip_nouns``, is left out."""
        common = dict(
            rule=str(e["rule"]), code=str(e["code"]),
            object=str(e.get("object") or "target"),
            target_preps=frozenset(_as_list(e.get("target_preps"))) or dtp,
            source_preps=frozenset(_as_list(e.get("source_preps"))) or dsp,
            symmetric=bool(e.get("symmetric")),
            refine={_word(k): str(v) for k, v in (e.get("refine") or {}).items()},
            confidence=float(e.get("confidence", 0.7)),
            needs_target=bool(e.get("needs_target")),
            complements=frozenset(_as_list(e.get("complements"))),
            needs_refine=bool(e.get("needs_refine")),
            frame=str(e.get("frame") or ""))
        for phrase in _as_list(e.get("verbs")):
            words = str(phrase).lower().split()
            if words[0] not in skip_verbs and not skip_nouns.intersection(words[1:]):
                self.verbs.setdefault(words[0], []).append(
                    Trigger(pos="verb", head=words[0], extra=tuple(words[1:]), **common))
        for phrase in _as_list(e.get("nouns")):
            words = str(phrase).lower().split()
            if words[-1] not in skip_nouns:
                self.nouns.setdefault(words[-1], []).append(
                    Trigger(pos="noun", head=words[-1], extra=tuple(words[:-1]), **common))

    # --------------------------------------------------------------- the stage
    def __call__(self, doc: Doc) -> Doc:
        return Builder(self, doc).run()


@Language.factory("ew_events", assigns=["doc._.ew_events", "doc._.ew_actors", "doc._.ew_mentions"],
                  requires=["doc._.ew_actors", "doc._.ew_mentions", "doc._.ew_dateline"],
                  default_config={"user_files": [], "actors_files": []})
def make_events(nlp: Language, name: str, user_files: list[str],
                actors_files: list[str]) -> EventsStage:
    return EventsStage(user_files, get_lexicon(actors_files))
