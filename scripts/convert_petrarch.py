#!/usr/bin/env python3
"""Convert PETRARCH2's Phoenix actor dictionaries into eventwire's packaged lexicon data.

    python scripts/convert_petrarch.py [PETRARCH_DIR]    (default ../shared/reference/petrarch2)

Reads ``Phoenix.Countries.actors.txt``, ``Phoenix.International.actors.txt``
and ``Phoenix.MilNonState.actors.txt`` (format: ``dictionaries.rst`` there;
parsed by :mod:`eventwire.petrarch`, the same reader ``--actors`` uses) and
writes, beside our own dictionaries:

* ``src/eventwire/data/actors/phoenix_people.yml``: ``known_people``, people
  with their dated codes (``[AFGGOV 011222-141229]`` -> a term with
  ``code``, ``from``, ``to``), resolved against the article date;
* ``src/eventwire/data/actors/phoenix_organizations.yml``:
  ``known_organizations``, named bodies and groups with their full code
  (``IRQGOV``; the country in its own field).

Both are *looked up*, never matched on their own: a name the parser's entity
recogniser marks as a person or organisation gets its code from them (the
big lists would otherwise add false actor matches). Our own files win where
both speak: an entry or alias whose name is already in ``leaders.yml``,
``organizations.yml`` or ``countries.yml`` is left out, and so are country
records (``countries.yml`` holds them), one-word person names and lines the
reader rejects (counted on stderr). The output files keep the MIT notice of
the source and name it.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from eventwire import petrarch  # noqa: E402
from eventwire.lexicon import build_lexicon  # noqa: E402

OUT = ROOT / "src" / "eventwire" / "data" / "actors"
FILES = ("Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt",
         "Phoenix.MilNonState.actors.txt")

# what the evaluation on the dev sets showed to hurt, left out:
# news media report events and are seldom parties to them ("told Reuters"): code MED;
# companies (MNC) and non-governmental bodies (NGO) coded by name only added events
# the dev sets do not hold (triple precision fell on PLOVER GSR): both left out
LEFT_OUT_CODES = ("MED", "MNC", "NGO")
# one-word names that are a generic institution of any country ("Senate" -> USA)
GENERIC = frozenset({"senate", "house", "congress", "parliament", "assembly", "government",
                     "cabinet", "court", "army", "police", "military", "navy", "ministry",
                     "council", "commission", "presidency", "opposition", "embassy", "party",
                     "administration", "legislature", "judiciary", "junta", "regime", "guard",
                     "republic", "kingdom", "state", "union", "front", "movement", "alliance"})


def _notice(src: Path) -> str:
    lic = (src / "LICENSE").read_text(encoding="utf-8").strip().splitlines()
    return "\n".join("# " + ln if ln else "#" for ln in lic)


def main(src: Path) -> int:
    ours = build_lexicon(())   # the packaged lexicon as it stands, without Phoenix data
    taken = {petrarch.norm(t) for t in ours.surface} | {petrarch.norm(t) for t in ours.country_index}
    countries = set(ours.countries)
    people: dict[str, dict] = {}
    orgs: dict[str, dict] = {}
    dropped = {"ours": 0, "one-word": 0, "media/company/NGO": 0, "generic": 0}
    for name in FILES:
        recs, problems = petrarch.parse_actors(src / name, strict=False)
        for p in problems:
            print("skipped", p, file=sys.stderr)
        recs = [r for r in recs if not (r.default and len(r.default) == 3 and not r.terms
                                        and r.default in countries)]
        sec = petrarch.actor_sections(recs, countries)
        for kind, table, out in (("person", sec["leaders"], people), ("org", sec["organizations"], orgs)):
            for key, e in table.items():
                if petrarch.norm(key) in taken:
                    dropped["ours"] += 1
                    continue
                if str(e.get("code", "")).startswith(LEFT_OUT_CODES):
                    dropped["media/company/NGO"] += 1
                    continue
                if petrarch.norm(key) in GENERIC:
                    dropped["generic"] += 1
                    continue
                aliases = [a for a in e.get("aliases", []) if petrarch.norm(a) not in taken
                           and petrarch.norm(a) not in GENERIC]
                if kind == "person":
                    aliases = [a for a in aliases if " " in a]
                    if " " not in key:
                        if not aliases:
                            dropped["one-word"] += 1
                            continue
                        key, aliases = aliases[0], aliases[1:]
                e["aliases"] = aliases
                if not aliases:
                    del e["aliases"]
                if kind == "person":
                    for t in e["terms"]:
                        for k in ("from", "to"):
                            if t.get(k) is None:
                                t.pop(k, None)
                out.setdefault(key, e)
    head = (f"# GENERATED by scripts/convert_petrarch.py from PETRARCH2's Phoenix dictionaries\n"
            f"# ({', '.join(FILES)}: Open Event Data Alliance, https://github.com/openeventdata/petrarch2).\n"
            f"# Do not edit by hand: change the converter or our own files (ours win).\n"
            f"# Looked up for names the entity recogniser finds; never matched on their own.\n#\n"
            f"# The source dictionaries are distributed under this licence:\n#\n{_notice(src)}\n")
    for fname, section, table in (("phoenix_people.yml", "known_people", people),
                                  ("phoenix_organizations.yml", "known_organizations", orgs)):
        lines = [head, f"{section}:"]
        for key in sorted(table):
            lines.append(f"  {json.dumps(key, ensure_ascii=False)}: "
                         f"{json.dumps(table[key], ensure_ascii=False, sort_keys=True)}")
        (OUT / fname).write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"{fname}: {len(table)} entries", file=sys.stderr)
    print(f"left out: {dropped}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    default = ROOT.parent / "shared" / "reference" / "petrarch2"
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else default))
