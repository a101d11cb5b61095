"""Coded errors.

Exception tree::

    EventwireError                  every error eventwire raises carries a code
    ├── InputError      EW1xx       an article or input file cannot be read
    ├── PipelineError   EW2xx       a stage failed on an article, or the model is missing
    ├── StoreError      EW3xx       the store (SQLite or PostgreSQL) cannot be opened or written
    └── WebError        EW4xx       an HTTP request to ``eventwire serve`` is refused

Codes are stable; ``CODES`` lists them with their meaning (``docs/errors.md``
is generated from it). One article's failure never stops a run: batch
functions record an :class:`~eventwire.records.ErrorItem` in that article's
record (and the store keeps it); only the API's single-article calls raise.
"""
from __future__ import annotations

CODES: dict[str, str] = {
    "EW101": "input path does not exist",
    "EW102": "input file is empty",
    "EW103": "input file is binary or not valid UTF-8",
    "EW104": "JSON Lines line is not valid JSON or not an object",
    "EW105": "JSON Lines record lacks a non-empty string 'text'",
    "EW106": "article date cannot be parsed; relative times are left unresolved",
    "EW107": "HTML page has no extractable article text",
    "EW108": "article text longer than the chunk size: parsed in chunks cut at paragraph breaks, "
             "processed as one document (a warning)",
    "EW109": "unsupported input format",
    "EW110": "input file cannot be read (permission or I/O error)",
    "EW111": "data file is invalid (packaged or user; YAML or PETRARCH): file, line and key named",
    "EW112": "evaluation scorer not found or failed",
    "EW113": "article text longer than the configured maximum; only its start was processed",
    "EW130": "WARC archive is corrupt or truncated; reading went on at the next record",
    "EW131": "feed or page cannot be fetched (network error, timeout, HTTP error, redirect loop)",
    "EW132": "feed is not valid RSS or Atom, or one of its entries has no usable link",
    "EW133": "feed or page is larger than the size limit",
    "EW134": "feed or page has the wrong content type",
    "EW135": "page is disallowed by the site's robots.txt",
    "EW150": "the Parquet output folder exists and is not empty",
    "EW201": "spaCy model is not installed",
    "EW202": "a pipeline stage failed on this article",
    "EW203": "a pipeline stage could not be built (broken data file or stage)",
    "EW204": "a record failed the contract check (a span or reference is wrong)",
    "EW250": "the Dask cluster cannot be reached or started (--dask)",
    "EW301": "database cannot be opened",
    "EW302": "database schema is newer than this eventwire",
    "EW303": "database write failed",
    "EW304": "query is invalid",
    "EW401": "HTTP: a write request carries no write token (Authorization: Bearer TOKEN)",
    "EW402": "HTTP: the write token is wrong, or the server was started without one",
    "EW403": "HTTP: request body or batch larger than the server's limit",
    "EW404": "HTTP: no such resource (article, event, route)",
    "EW405": "HTTP: the store lacks this layer (e.g. happenings before deduplication)",
    "EW406": "HTTP: request parameters or body are invalid",
    "EW407": "HTTP: internal server error (details in the server log, never in the reply)",
}


class EventwireError(Exception):
    """Base class: ``code`` is an ``EWnnn`` code, ``where`` the file (and line)."""

    code = "EW000"

    def __init__(self, code: str, message: str, where: str | None = None):
        self.code = code
        self.message = message
        self.where = where
        super().__init__(self.render())

    def render(self) -> str:
        loc = f"{self.where}: " if self.where else ""
        return f"[{self.code}] {loc}{self.message}"


class InputError(EventwireError):
    """EW1xx: input cannot be read."""


class PipelineError(EventwireError):
    """EW2xx: processing failed."""


class StoreError(EventwireError):
    """EW3xx: the store failed."""


class WebError(EventwireError):
    """EW4xx: an HTTP request is refused; ``status`` is the HTTP status to answer with."""

    def __init__(self, code: str, message: str, status: int = 400, where: str | None = None):
        self.status = status
        super().__init__(code, message, where)
