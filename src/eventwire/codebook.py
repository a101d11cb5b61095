"""CAMEO event codebook and the CAMEO -> PLOVER mapping, loaded once.

Data: ``data/codebook/cameo.yml`` (generated from gdelt-py by
``scripts/build_codebook.py``: name, quad class, Goldstein value of every
CAMEO code) and ``data/codebook/plover.yml`` (eventwire's CAMEO -> PLOVER
type / mode / context mapping). See ``docs/data/events.md``.

>>> from eventwire.codebook import lookup
>>> c = lookup("0332")
>>> (c.root, c.quad_class, c.plover_type, c.plover_context)
('03', 1, 'AGREE', ['military'])
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from .config import data_path
from .datafiles import load_data

PLOVER_TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT",
                "REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE",
                "COERCE", "ASSAULT")

# CAMEO's own quad classes by root, used when a code is missing from the codebook
_QUAD_OF_ROOT = {**{f"{r:02d}": 1 for r in range(1, 6)}, **{f"{r:02d}": 2 for r in range(6, 9)},
                 **{f"{r:02d}": 3 for r in range(9, 14)}, **{f"{r:02d}": 4 for r in range(14, 21)}}


@dataclass(frozen=True, slots=True)
class CameoCode:
    code: str
    name: str
    root: str
    quad_class: int | None
    goldstein: float | None
    plover_type: str | None
    plover_mode: str | None
    plover_context: list[str] = field(default_factory=list)


class UnknownCode(KeyError):
    pass


@lru_cache(maxsize=1)
def _tables() -> tuple[dict, dict, dict]:
    cameo = load_data(data_path("codebook", "cameo.yml"), "codebook").get("codes") or {}
    plover = load_data(data_path("codebook", "plover.yml"), "codebook")
    return ({str(k): v for k, v in cameo.items()},
            {str(k): v for k, v in (plover.get("roots") or {}).items()},
            {str(k): v for k, v in (plover.get("codes") or {}).items()})


def is_code(code: str) -> bool:
    code = str(code)
    return code in _tables()[0] or (code[:2] in _tables()[1] and code.isdigit()
                                    and 2 <= len(code) <= 4)


def known(code: str) -> str:
    """The longest prefix of ``code`` that the codebook lists ("0334" -> "0334", "0339" -> "033")."""
    cameo = _tables()[0]
    c = str(code)
    while len(c) > 2 and c not in cameo:
        c = c[:-1]
    return c


@lru_cache(maxsize=1024)
def lookup(code: str) -> CameoCode:
    """Name, root, quad class, Goldstein value and PLOVER type/mode/context of a CAMEO code.

    Raises :class:`UnknownCode` for a code whose root is not a CAMEO root."""
    code = str(code).strip()
    cameo, roots, overrides = _tables()
    root = code[:2]
    if not code.isdigit() or root not in roots or not 2 <= len(code) <= 4:
        raise UnknownCode(code)
    entry = cameo.get(known(code)) or cameo.get(root) or {}
    pl = dict(roots[root])
    for n in range(3, len(code) + 1):
        o = overrides.get(code[:n])
        if o:
            # a listed code overrides its parent's fields; context is replaced, not merged
            pl.update(o)
    ctx = pl.get("context") or []
    ctx = [ctx] if isinstance(ctx, str) else list(ctx)
    quad = entry.get("quad", _QUAD_OF_ROOT.get(root))
    g = entry.get("goldstein")
    return CameoCode(code=code, name=str(entry.get("name") or ""), root=root,
                     quad_class=int(quad) if quad is not None else None,
                     goldstein=float(g) if g is not None else None,
                     plover_type=pl.get("type"), plover_mode=pl.get("mode") or None,
                     plover_context=ctx)
