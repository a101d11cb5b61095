"""Plain-text news dumps: title line, date line, body, optional ``Original url:`` + ``<url>``.

A file whose second non-blank line is not a date is read as body only (no
title, no date). The stored body is stripped of surrounding blank lines; spans
index it exactly.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Iterator

from ..records import Article
from . import InputProblem, content_id, normalise_date, read_bytes_text

_URL_TAIL = re.compile(r"\n\s*Original url:\s*\n*\s*<?(?P<url>[^\s<>]+)>?\s*$", re.IGNORECASE)


def parse_dump(raw: str) -> tuple[str | None, str | None, str, str | None]:
    """(title, date, body, url) of a news-dump text."""
    url = None
    m = _URL_TAIL.search(raw)
    if m:
        url, raw = m.group("url"), raw[:m.start()]
    lines = raw.split("\n")
    nonblank = [i for i, ln in enumerate(lines) if ln.strip()]
    if len(nonblank) >= 3:
        t_i, d_i = nonblank[0], nonblank[1]
        date = normalise_date(lines[d_i].strip()) if len(lines[d_i].strip()) <= 60 else None
        if date:
            body = "\n".join(lines[d_i + 1:]).strip()
            return lines[t_i].strip(), date, body, url
    return None, None, raw.strip(), url


def article_from_text(raw: str, where: str) -> Iterator[Article | InputProblem]:
    """The article of one news-dump text (``where`` names it in problems and records)."""
    raw = raw.replace("\r\n", "\n")
    title, date, body, url = parse_dump(raw)
    if not body:
        yield InputProblem(where, "EW102", "file has a title and date but no body text")
        return
    yield Article(id=content_id(body), text=body, title=title, date=date, url=url, path=where)


def read_file(path: Path) -> Iterator[Article | InputProblem]:
    raw, problem = read_bytes_text(path)
    if raw is None:
        assert problem is not None   # read_bytes_text gives the text or the problem
        yield problem
        return
    yield from article_from_text(raw, str(path))
