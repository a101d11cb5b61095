"""PETRARCH / TABARI dictionaries: actor files and agent files, read into the lexicon's form.

Formats (PETRARCH2's ``dictionaries.rst``; comments start with ``#``):

actor file
    a record is a primary phrase with an optional default code, synonyms on
    lines starting with ``+``, then date restrictions on indented lines::

        HAMID_KARZAI_  [AFGELI]
        +KARZAI_
            [AFGGOV 011222-141229]
            [AFGELI >141229]

    A restriction is ``[CODE]`` (the default), ``[CODE <date]``,
    ``[CODE >date]`` or ``[CODE date-date]``; a date is ``YYMMDD`` (years up
    to 30 are 20xx) or ``YYYYMMDD``; limits are inclusive.
agent file
    ``PHRASE {plural} [~CODE]`` (the code follows the actor's) or
    ``[CODE~]`` (it comes before); ``!NAME! = a, b`` defines a substitution
    set used as ``!NAME!`` inside phrases.

:func:`sniff` tells the kinds apart by content; :func:`read_actors` and
:func:`read_agents` return the sections of the lexicon (``leaders``,
``organizations``, ``agents``) so that a PETRARCH user brings their files
unchanged (``--actors FILE``). A line that fits neither form is an EW111
error naming the file and line.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError

# codes whose first three letters are no country: the sector is the next three
INTERNATIONAL = frozenset({"IGO", "NGO", "IMG", "MNC", "UNO", "NAT", "EUR", "AFR", "ASA", "WST",
                           "INT", "NGM", "UIS", "REG", "CRM", "REB", "BUS", "MED", "CVL", "ELI"})

_CODE = r"[A-Z0-9]{3,15}"
_RESTRICTION = re.compile(rf"^\[\s*(?P<code>~?{_CODE}~?)?\s*(?:(?P<lt><)\s*(?P<d1>\d{{6,8}})"
                          rf"|(?P<gt>>)\s*(?P<d2>\d{{6,8}})|(?P<a>\d{{6,8}})\s*-\s*(?P<b>\d{{6,8}}))?\s*\]$")
_AGENT = re.compile(rf"^(?P<phrase>[^\[\]{{}}]+?)\s*(?:\{{(?P<plural>[^}}]*)\}})?\s*"
                    rf"\[\s*(?P<code>~{_CODE}|{_CODE}~)\s*[\]}}]\s*$")
_SUBST = re.compile(r"^!(?P<name>[A-Z]+)!\s*=\s*(?P<items>.+)$")


@dataclass
class ActorRecord:
    names: list[str]                        # primary phrase, then synonyms
    line: int
    default: str | None = None              # code without a date
    terms: list[tuple[str, str | None, str | None]] = field(default_factory=list)  # (code, from, to)


def _strip_comment(line: str) -> str:
    return line.split("#", 1)[0].rstrip()


_SMALL = frozenset({"of", "the", "and", "for", "de", "del", "des", "du", "la", "le", "in", "on",
                    "y", "e", "da", "do", "dos", "van", "von", "der", "den", "to", "at"})


def phrase_text(phrase: str) -> str:
    """"HAMID_KARZAI_" -> "Hamid Karzai", "AL-ASSAD" -> "Al-Assad", "BANK_OF_GHANA" ->
    "Bank of Ghana"; acronyms ("U.N.", "PFLP", "UN") and mixed case stay as written."""
    words = [w for w in re.split(r"[_\s]+", phrase.strip().lstrip("+")) if w]
    out = []
    for n, w in enumerate(words):
        if n and w.lower() in _SMALL:
            w = w.lower()
        elif w.isupper() and not re.search(r"[.\d/]", w) and re.search(r"[AEIOUY]", w) and \
                (len(w) > 3 or "-" in w or n):
            w = "-".join(p[:1] + p[1:].lower() for p in w.split("-"))
        out.append(w)
    return " ".join(out)


def norm(name: str) -> str:
    """The look-up key of a name: lower case, underscores and runs of spaces as one space,
    no leading "the", no possessive."""
    s = re.sub(r"[_\s]+", " ", name.strip().lstrip("+")).strip().lower()
    if s.startswith("the "):
        s = s[4:]
    if s.endswith("'s") or s.endswith("’s"):
        s = s[:-2]
    return s


def parse_date(s: str) -> str | None:
    """``YYMMDD`` or ``YYYYMMDD`` -> ISO date; ``None`` when it is no date."""
    if len(s) == 6:
        yy = int(s[:2])
        s = ("20" if yy <= 30 else "19") + s
    if len(s) != 8:
        return None
    y, m, d = int(s[:4]), int(s[4:6]), int(s[6:])
    if not (1 <= m <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{m:02d}-{d:02d}"


def _fail(path: str | Path, n: int, msg: str):
    raise InputError("EW111", msg, f"{path}:{n}")


def sniff(path: str | Path) -> str:
    """``"yaml"``, ``"petrarch-actors"`` or ``"petrarch-agents"``, from the content."""
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            head = [ln for ln in (f.readline() for _ in range(400)) if ln]
    except OSError as e:
        raise InputError("EW111", f"cannot read data file ({e.strerror})", str(path)) from None
    body = [_strip_comment(ln) for ln in head]
    body = [ln for ln in body if ln.strip() and not ln.lstrip().startswith("<!--")]
    if not body:
        return "yaml"
    if any(re.search(r"\[\s*~[A-Z0-9]+\s*[\]}]|\[\s*[A-Z0-9]+~\s*[\]}]", ln) for ln in body) or \
            any(_SUBST.match(ln.strip()) for ln in body):
        return "petrarch-agents"
    if re.match(r"^[\w\"'. -]+:(\s|$)", body[0]) or body[0].startswith(("---", "{")):
        return "yaml"
    if any(ln.lstrip().startswith("[") or ln.startswith("+") or re.search(r"_\s*(\[|$)", ln)
           for ln in body):
        return "petrarch-actors"
    return "yaml"


def parse_actors(path: str | Path, strict: bool = True) -> tuple[list[ActorRecord], list[str]]:
    """The records of an actor file, and the problems met (``file:line: what``).
    ``strict``: the first problem raises EW111 instead."""
    records: list[ActorRecord] = []
    problems: list[str] = []
    cur: ActorRecord | None = None

    def bad(n: int, msg: str) -> None:
        if strict:
            _fail(path, n, msg)
        problems.append(f"{path}:{n}: {msg}")

    with open(path, encoding="utf-8", errors="replace") as f:
        for n, raw in enumerate(f, 1):
            line = _strip_comment(raw.rstrip("\n")).split(";", 1)[0].rstrip()  # TABARI: "; note"
            if not line.strip() or line.lstrip().startswith("<!--"):
                continue
            stripped = line.strip()
            if stripped.startswith("["):
                if cur is None:
                    bad(n, f"date restriction before any actor: {stripped!r}")
                    continue
                for group in re.findall(r"\[[^\]]*\]", stripped) or [stripped]:
                    _restriction(cur, group, n, bad)
                continue
            if stripped.startswith("+"):
                if cur is None:
                    bad(n, f"synonym before any actor: {stripped!r}")
                    continue
                name = re.sub(r"\[.*$", "", stripped[1:]).strip()
                if name:
                    cur.names.append(name)
                continue
            phrase = stripped.split("[", 1)[0].strip()
            if not re.search(r"[A-Za-z]", phrase) or re.search(r"[{}\]]", phrase):
                bad(n, f"not an actor line (PHRASE [CODE], +SYNONYM or an indented "
                       f"[CODE date] restriction): {stripped!r}")
                cur = None
                continue
            cur = ActorRecord(names=[phrase], line=n)
            records.append(cur)
            for group in re.findall(r"\[[^\]]*\]", stripped[len(phrase):]):
                _restriction(cur, group, n, bad)
    return records, problems


def _restriction(cur: ActorRecord, text: str, n: int, bad) -> None:
    """One ``[CODE ...]`` group into the record (``[---]``: the null code, nothing)."""
    if re.fullmatch(r"\[\s*-{3}\s*\]", text):
        return
    m = _RESTRICTION.match(text)
    if not m or not m.group("code"):
        bad(n, f"not a code restriction ([CODE], [CODE <date], [CODE >date] or "
               f"[CODE date-date]): {text!r}")
        return
    code = m.group("code").strip("~")
    if m.group("lt"):
        fr, to = None, parse_date(m.group("d1"))
        ok = to is not None
    elif m.group("gt"):
        fr, to = parse_date(m.group("d2")), None
        ok = fr is not None
    elif m.group("a"):
        fr, to = parse_date(m.group("a")), parse_date(m.group("b"))
        ok = fr is not None and to is not None
    else:
        cur.default = code
        return
    if not ok:
        bad(n, f"bad date in {text!r} (YYMMDD or YYYYMMDD)")
        return
    cur.terms.append((code, fr, to))


def split_code(code: str) -> tuple[str, str | None]:
    """"AFGGOV" -> ("AFG", "GOV"); "IGOUNO" -> ("IGO", "UNO"); "USA" -> ("USA", None)."""
    return code[:3], (code[3:6] or None)


def _default_term(code: str) -> dict:
    """The undated term: "[AFGELI]" or a bare sector "[ELI]" (the person's country kept)."""
    if len(code) == 3 and code in ("ELI", "GOV", "MIL", "OPP", "REB", "BUS", "MED", "CVL"):
        return {"sector": code}
    return {"code": code, "sector": split_code(code)[1] or "GOV"}


def actor_sections(records: list[ActorRecord], countries: set[str] | None = None) -> dict:
    """Records as lexicon sections: people (dated codes) -> ``leaders``, the rest ->
    ``organizations``. Names are written as in running text ("Hamid Karzai")."""
    leaders: dict[str, dict] = {}
    orgs: dict[str, dict] = {}
    for r in records:
        name = phrase_text(r.names[0])
        if not name:
            continue
        aliases = [a for a in dict.fromkeys(phrase_text(x) for x in r.names[1:]) if a and a != name]
        if r.terms:
            terms = [{"code": c, "from": fr, "to": to, "sector": split_code(c)[1] or "GOV"}
                     for c, fr, to in r.terms]
            if r.default:
                terms.append(_default_term(r.default))
            latest = max(r.terms, key=lambda t: t[1] or t[2] or "")[0]
            entry: dict = {"aliases": aliases, "country": split_code(latest)[0], "terms": terms}
            leaders.setdefault(name, entry)
        elif r.default:
            c, sector = split_code(r.default)
            entry = {"aliases": aliases, "code": r.default, "kind": "organization"}
            if c in INTERNATIONAL or (countries is not None and c not in countries):
                entry["sector"] = c if c in ("IGO", "NGO", "IMG", "MNC") else (sector or c)
            else:
                entry["country"] = c
                if sector:
                    entry["sector"] = sector
            orgs.setdefault(name, entry)
    return {"leaders": leaders, "organizations": orgs}


def parse_agents(path: str | Path, strict: bool = True) -> tuple[dict[str, dict], list[str]]:
    """An agent file as the lexicon's ``agents`` section (phrase -> sector, kind, code)."""
    subst: dict[str, list[str]] = {}
    agents: dict[str, dict] = {}
    problems: list[str] = []
    with open(path, encoding="utf-8", errors="replace") as f:
        for n, raw in enumerate(f, 1):
            line = _strip_comment(raw.rstrip("\n")).strip()
            if not line or line.startswith("<!--"):
                continue
            m = _SUBST.match(line)
            if m:
                subst[m.group("name")] = [x.strip() for x in m.group("items").split(",") if x.strip()]
                continue
            m = _AGENT.match(line)
            if not m:
                msg = f"not an agent line (PHRASE {{plural}} [~CODE] or [CODE~]): {line!r}"
                if strict:
                    _fail(path, n, msg)
                problems.append(f"{path}:{n}: {msg}")
                continue
            code = m.group("code")
            bare = code.strip("~")
            phrases = [m.group("phrase")]
            for k, items in subst.items():
                if f"!{k}!" in phrases[0]:
                    phrases = [phrases[0].replace(f"!{k}!", it) for it in items]
            for ph in phrases:
                words = " ".join(w for w in re.split(r"[_\s]+", ph.lower()) if w)
                if not words or "!" in words:
                    continue
                agents.setdefault(words, {"sector": bare[:3], "kind": "group"})
    return agents, problems
