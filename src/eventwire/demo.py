"""``eventwire demo``: ingest the bundled example articles and show what was extracted."""
from __future__ import annotations

import os
import tempfile

from .config import data_path
from .runner import ingest_to_store


def serve_address(host: str = "127.0.0.1", port: int = 8000) -> str:
    """The address ``eventwire serve`` listens on by default."""
    return f"http://{host}:{port}/"


def run_demo(db: str | None = None) -> str:
    """Ingest ``data/examples`` into ``db`` (a temporary file by default); the tables as text."""
    from .cli import (EVENT_COLUMNS, PLACE_COLUMNS, QUOTE_COLUMNS, render_table)
    from .store import Store
    tmpdir = None
    if db is None:
        tmpdir = tempfile.TemporaryDirectory(prefix="eventwire-demo-")
        db = os.path.join(tmpdir.name, "demo.db")
    try:
        summary = ingest_to_store([str(data_path("examples"))], db)
        with Store(db) as store:
            events, quotes, places = store.events(), store.quotes(), store.places()
        parts = [f"eventwire demo: {summary.render()}",
                 f"\nEvents ({len(events)})", render_table(events, EVENT_COLUMNS, 36),
                 f"\nQuotes ({len(quotes)})", render_table(quotes, QUOTE_COLUMNS, 60),
                 f"\nPlaces ({len(places)})", render_table(places, PLACE_COLUMNS, 30)]
        if tmpdir is None:           # the store is kept: say where to browse it
            parts.append(f"\nBrowse this store: eventwire serve --db {db}\n"
                         f"  then open {serve_address()}")
        return "\n".join(parts) + "\n"
    finally:
        if tmpdir:
            tmpdir.cleanup()
