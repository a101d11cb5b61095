"""The SQL dialect layer: the store's one schema and its queries, as PostgreSQL.

The schema (``schema.MIGRATIONS``) and the queries in ``sqlite.py`` are written
once, in SQLite's SQL kept portable. :func:`pg_migration` turns a migration
script into PostgreSQL statements and :func:`pg_query` turns a query; each is
a table of named rewrites (:data:`DDL_REWRITES`, :data:`QUERY_REWRITES`), so a
new migration written in portable SQL works on both backends with no extra
work. What cannot be rewritten (a non-FTS trigger, say) raises
:class:`NotPortable`; such a migration gives its PostgreSQL form in
``schema.POSTGRES_MIGRATIONS`` (``{index: script}``).

Rewrites of a migration:

``fts5``      ``CREATE VIRTUAL TABLE T_fts USING fts5(cols, content='T', ...)``
              becomes a stored generated ``tsvector`` column ``T.T_fts`` over
              those columns, with a GIN index; the FTS5 triggers that kept the
              SQLite index in step are dropped (a generated column needs none).
``rowid``     ``INTEGER PRIMARY KEY`` (SQLite's rowid alias) becomes an identity column.
``types``     ``INTEGER`` -> ``BIGINT`` (SQLite's integers are 8 bytes: nanosecond
              times fit), ``REAL`` -> ``DOUBLE PRECISION``, ``BLOB`` -> ``BYTEA``,
              ``TEXT`` -> ``TEXT COLLATE "C"`` (byte order and ASCII-only case folding,
              as SQLite compares). :data:`PG_PRELUDE` adds ``substr``/``left``/``right``
              taking BIGINT, as SQLite's do.
``without rowid``, ``pragma``   dropped.
``reserved``  a name PostgreSQL reserves (``symmetric``, :data:`PG_RESERVED_NAMES`) is quoted,
              in migrations and queries alike.
``data``      ``INSERT``/``UPDATE``/``DELETE`` statements get the query rewrites below.

Rewrites of a query: ``?`` -> ``%s`` (``:name`` -> ``%(name)s`` with a dict of
parameters), ``%`` doubled, ``LIKE`` -> ``ILIKE`` (SQLite's LIKE ignores ASCII
case), ``INSERT OR IGNORE`` -> ``... ON CONFLICT DO NOTHING``, ``ifnull(`` ->
``coalesce(``, ``BEGIN IMMEDIATE`` -> ``BEGIN``.
"""
from __future__ import annotations

import re
import sqlite3
from functools import lru_cache
from typing import Iterator, Sequence

FTS_CONFIG = "english"     # PostgreSQL text-search configuration (porter-like stemming)


class NotPortable(ValueError):
    """A statement has no automatic PostgreSQL form."""


def statements(script: str) -> list[str]:
    """Split a SQLite script into complete statements (triggers included)."""
    out, buf = [], ""
    for line in script.splitlines(keepends=True):
        if line.lstrip().startswith("--") and not buf.strip():
            continue
        buf += line
        if sqlite3.complete_statement(buf):
            out.append(buf.strip())
            buf = ""
    if buf.strip():
        out.append(buf.strip())
    return out


# ---------------------------------------------------------------- literals

_TOKENS = re.compile(r"""('(?:[^']|'')*')|("(?:[^"]|"")*")|(--[^\n]*)""")


def _outside_literals(sql: str, fn) -> str:
    """Apply ``fn`` to the parts of ``sql`` outside string literals, quoted names and
    comments (comments dropped); literals get only their ``%`` doubled when
    ``fn`` says so via ``fn.literal``."""
    out, pos = [], 0
    for m in _TOKENS.finditer(sql):
        out.append(fn(sql[pos:m.start()]))
        if m.group(1):
            lit = getattr(fn, "literal", None)
            out.append(lit(m.group(1)) if lit else m.group(1))
        elif m.group(2):
            out.append(m.group(2))
        pos = m.end()
    out.append(fn(sql[pos:]))
    return "".join(out)


# words PostgreSQL reserves that SQLite takes as plain names (and never as keywords
# in the SQL we write): always quoted as names, lower case ("symmetric")
PG_RESERVED_NAMES = ("symmetric", "asymmetric", "both", "leading", "trailing", "placing",
                     "variadic", "lateral", "analyse", "array")
_RESERVED = re.compile(r"\b(" + "|".join(PG_RESERVED_NAMES) + r")\b", re.I)


def _quote_reserved(part: str) -> str:
    return _RESERVED.sub(lambda m: f'"{m.group(1).lower()}"', part)


# ---------------------------------------------------------------- migrations

_FTS5 = re.compile(r"CREATE\s+VIRTUAL\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?(\w+)\s+USING\s+fts5\s*"
                   r"\((.*)\)\s*;?\s*$", re.I | re.S)
_TRIGGER = re.compile(r"^\s*CREATE\s+(?:TEMP\w*\s+)?TRIGGER\b", re.I)
_PRAGMA = re.compile(r"^\s*PRAGMA\b", re.I)


def _fts_column(stmt: str) -> list[str]:
    m = _FTS5.match(stmt)
    assert m
    name, args = m.group(1), [a.strip() for a in m.group(2).split(",")]
    cols = [a.strip('"') for a in args if "=" not in a]
    opts = dict((k.strip(), v.strip().strip("'\"")) for k, v in
                (a.split("=", 1) for a in args if "=" in a))
    table = opts.get("content")
    if not table:
        raise NotPortable(f"FTS5 table {name} without content= has no PostgreSQL form")
    doc = " || ' ' || ".join(f'coalesce("{c}", \'\')' for c in cols)
    return [f"ALTER TABLE {table} ADD COLUMN {name} tsvector GENERATED ALWAYS AS "
            f"(to_tsvector('{FTS_CONFIG}', {doc})) STORED",
            f"CREATE INDEX {name}_gin ON {table} USING gin ({name})"]


def _types(part: str) -> str:
    part = _quote_reserved(part)
    part = re.sub(r"\bINTEGER\s+PRIMARY\s+KEY(\s+AUTOINCREMENT)?",
                  "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY", part, flags=re.I)
    part = re.sub(r"\)\s*WITHOUT\s+ROWID", ")", part, flags=re.I)
    part = re.sub(r"\bINTEGER\b", "BIGINT", part, flags=re.I)
    part = re.sub(r"\bREAL\b", "DOUBLE PRECISION", part, flags=re.I)
    part = re.sub(r"\bBLOB\b", "BYTEA", part, flags=re.I)
    # a column declared TEXT (after "(", ",", line start or ADD COLUMN and its name)
    part = re.sub(r"((?:^|[(,]|\bCOLUMN)\s*\w+\s+)TEXT\b", r'\1TEXT COLLATE "C"', part,
                  flags=re.I | re.M)
    return part


# name -> (applies to the statement?, rewrite to a list of statements)
DDL_REWRITES = {
    "pragma": (lambda s: bool(_PRAGMA.match(s)), lambda s: []),
    "fts5": (lambda s: bool(_FTS5.match(s)), _fts_column),
    "fts5 trigger": (lambda s: bool(_TRIGGER.match(s)) and re.search(r"\w+_fts\b", s) is not None,
                     lambda s: []),
}


@lru_cache(maxsize=64)
def pg_migration(script: str) -> tuple[str, ...]:
    """The PostgreSQL statements of a SQLite migration script (see the module doc)."""
    out: list[str] = []
    for stmt in statements(script):
        for _name, (applies, rewrite) in DDL_REWRITES.items():
            if applies(stmt):
                out += rewrite(stmt)
                break
        else:
            if _TRIGGER.match(stmt):
                raise NotPortable("a CREATE TRIGGER other than an FTS5 one has no automatic "
                                  "PostgreSQL form; give it in schema.POSTGRES_MIGRATIONS")
            if re.match(r"^\s*(INSERT|REPLACE|UPDATE|DELETE)\b", stmt, re.I):
                out.append(pg_query(stmt).replace("%%", "%"))   # data: no placeholders
            else:
                out.append(_outside_literals(stmt, _types).rstrip().rstrip(";"))
    return tuple(out)


# functions SQLite has that PostgreSQL lacks for BIGINT arguments (created in the
# store's schema, before each migration; idempotent)
PG_PRELUDE = (
    "CREATE OR REPLACE FUNCTION substr(text, bigint, bigint) RETURNS text LANGUAGE sql "
    "IMMUTABLE AS 'SELECT pg_catalog.substr($1, $2::int, $3::int)'",
    "CREATE OR REPLACE FUNCTION substr(text, bigint) RETURNS text LANGUAGE sql "
    "IMMUTABLE AS 'SELECT pg_catalog.substr($1, $2::int)'",
    "CREATE OR REPLACE FUNCTION \"left\"(text, bigint) RETURNS text LANGUAGE sql "
    "IMMUTABLE AS 'SELECT pg_catalog.left($1, $2::int)'",
    "CREATE OR REPLACE FUNCTION \"right\"(text, bigint) RETURNS text LANGUAGE sql "
    "IMMUTABLE AS 'SELECT pg_catalog.right($1, $2::int)'",
)

_REPLACE_COLS = re.compile(r"^\s*(?:INSERT\s+OR\s+REPLACE|REPLACE)\s+INTO\s+(\w+)\s*\(([^)]*)\)",
                           re.I)


def replace_table(sql: str) -> tuple[str, list[str]] | None:
    """``(table, columns)`` of an ``INSERT OR REPLACE INTO table (columns) ...``, else None."""
    m = _REPLACE_COLS.match(sql)
    if not m:
        return None
    return m.group(1), [c.strip().strip('"') for c in m.group(2).split(",")]


def pg_upsert(sql: str, key: list[str], named: bool = False) -> str:
    """``INSERT OR REPLACE`` as ``INSERT ... ON CONFLICT (key) DO UPDATE`` of the other
    columns (``key``: the table's primary key)."""
    found = replace_table(sql)
    assert found
    _, cols = found
    body = _OR_REPLACE.sub("INSERT INTO", sql, count=1)
    out = _outside_literals(body, _query_part(named)).rstrip().rstrip(";")
    rest = [c for c in cols if c not in key]
    action = ("DO UPDATE SET " + ", ".join(f'"{c}" = EXCLUDED."{c}"' for c in rest)
              if rest else "DO NOTHING")
    return f"{out} ON CONFLICT ({', '.join(chr(34) + k + chr(34) for k in key)}) {action}"


# ---------------------------------------------------------------- queries

def _query_part(named: bool):
    def fn(part: str) -> str:
        part = _quote_reserved(part.replace("%", "%%"))
        part = re.sub(r"\bBEGIN\s+(IMMEDIATE|EXCLUSIVE|DEFERRED)\b", "BEGIN", part, flags=re.I)
        part = re.sub(r"\bLIKE\b", "ILIKE", part, flags=re.I)
        part = re.sub(r"\bifnull\s*\(", "coalesce(", part, flags=re.I)
        if named:
            part = re.sub(r"(?<!:):([A-Za-z_]\w*)", r"%(\1)s", part)
        else:
            part = part.replace("?", "%s")
        return part
    fn.literal = lambda lit: lit.replace("%", "%%")  # type: ignore[attr-defined]
    return fn


_OR_IGNORE = re.compile(r"^\s*INSERT\s+OR\s+IGNORE\s+INTO\b", re.I)
_OR_REPLACE = re.compile(r"^\s*(INSERT\s+OR\s+REPLACE|REPLACE)\s+INTO\b", re.I)


@lru_cache(maxsize=1024)
def pg_query(sql: str, named: bool = False) -> str:
    """A SQLite query in PostgreSQL's form, placeholders for psycopg (see the module doc)."""
    if _OR_REPLACE.match(sql):
        raise NotPortable("INSERT OR REPLACE needs the table's primary key: see pg_upsert")
    ignore = bool(_OR_IGNORE.match(sql))
    if ignore:
        sql = _OR_IGNORE.sub("INSERT INTO", sql, count=1)
    out = _outside_literals(sql, _query_part(named)).rstrip().rstrip(";")
    if ignore:
        out += " ON CONFLICT DO NOTHING"
    return out


# host parameters in one statement: well below SQLite's limit
PARAMS_PER_QUERY = 500


def chunked(seq: Sequence, n: int = PARAMS_PER_QUERY) -> Iterator[Sequence]:
    """``seq`` in slices of at most ``n``: one ``IN (...)`` query each."""
    for i in range(0, len(seq), n):
        yield seq[i:i + n]


def marks(n: int) -> str:
    """``?,?,...``: ``n`` placeholders for an ``IN (...)`` list."""
    return ",".join("?" * n)
