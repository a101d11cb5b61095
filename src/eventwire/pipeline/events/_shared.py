"""The state the event builder's mixins share, declared for the type checker only,
and the look-ups of CAMEO codes by prefix the mixins share.

:class:`~eventwire.pipeline.events.builder.Builder` sets these attributes in its
``__init__`` (and ``run``) and combines the mixins (triggers, roles, participants,
modality) whose methods call one another. At run time :data:`MixinBase` is plain
``object``, so the builder's method resolution order is unchanged.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any


def has_prefix(code: str, prefixes: Iterable[str]) -> bool:
    """Whether CAMEO ``code`` starts with one of ``prefixes`` (a table of code prefixes)."""
    return any(code.startswith(k) for k in prefixes)


def longest_prefix(table: Mapping[str, Any], code: str) -> str | None:
    """The longest prefix of ``code`` (two digits at least) that is a key of ``table``."""
    for n in range(len(code), 1, -1):
        if code[:n] in table:
            return code[:n]
    return None


def by_prefix(table: Mapping[str, Any], code: str) -> Any:
    """The value of the longest prefix of ``code`` in ``table``, or None."""
    k = longest_prefix(table, code)
    return None if k is None else table[k]


if TYPE_CHECKING:
    from spacy.tokens import Doc

    from ...lexicon import Lexicon
    from ...records import Actor

    class MixinBase:
        doc: Doc
        syn: dict[str, Any]
        lex: Lexicon
        verbs: Any
        nouns: Any
        tok_actor: list[Any]
        _intent_keys: Any
        _verb_hashes: Any
        _noun_hashes: Any
        _oblig_hashes: Any
        _obligation: Any
        _role_rules: list[Any]
        _vtrig: set[int] | None
        _ents: dict[Any, Any] | None
        _acts: dict[str, Actor]
        _trigger_toks: set[int]
        _mstarts: list[int] | None
        _dateline: frozenset[int]
        _cand_at: dict[int, Any]
        _cidx: tuple[Any, ...] | None
        # methods one mixin calls on another (defined in the named mixin)
        _roles_verb: Any       # roles.RoleFinder
        _roles_noun: Any       # roles.RoleFinder
        _subject: Any          # roles.RoleFinder
        _pobjs: Any            # roles.RoleFinder (static)
        _noun_preps: Any       # roles.RoleFinder (static)
        _when_preps: Any       # roles.RoleFinder (static)
        _described: Any        # triggers.TriggerMatcher
        _actor: Any            # participants.Participants
        _actor_of: Any         # participants.Participants
        _fill: Any             # participants.Participants
        _foreign: Any          # participants.Participants
else:
    MixinBase = object
