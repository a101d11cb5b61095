"""The store: eventwire's records in SQLite (see ``docs/store.md``).

:class:`Store` opens (and creates or migrates) a database, writes records one
transaction per batch, and answers the queries behind ``eventwire events``,
``quotes``, ``places``, ``articles`` and ``stats``.
"""
from .schema import SCHEMA_VERSION
from .sqlite import PLOVER_TYPES, Store, parse_bound, record_digest

__all__ = ["Store", "SCHEMA_VERSION", "PLOVER_TYPES", "parse_bound", "record_digest"]
