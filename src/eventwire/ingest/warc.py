"""WARC archives (``.warc``, ``.warc.gz``, read with warcio): HTML responses to articles.

Every ``response`` record with an HTTP status 2xx and an HTML content type is
one page: its main text, title and date are extracted as for an HTML file
(:func:`eventwire.ingest.html.article_from_html`); the article's ``url`` is
the record's ``WARC-Target-URI`` and its ``date`` the record's ``WARC-Date``
(the capture time; the page's own date is used only when the header lacks
one). Requests, metadata, revisits, redirects, error pages and non-HTML
responses (images, scripts, robots.txt) are not articles and are passed over.

A record is named ``archive.warc.gz#N`` (its position in the archive, from 1).
A page without article text is EW107, a page over :data:`MAX_PAGE_BYTES`
EW133. Corrupt or truncated data is EW130: reading goes on at the next record
header (the next gzip member of a ``.warc.gz``, the next ``WARC/1.x`` line of
a ``.warc``), so one bad stretch loses only the records it covers.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import IO, Iterator

from ..records import Article
from . import InputProblem, normalise_date
from .html import article_from_html

MAX_PAGE_BYTES = 20 * 1024 * 1024
HTML_TYPES = ("text/html", "application/xhtml+xml")
_GZIP_MAGIC = b"\x1f\x8b\x08"
_WARC_MAGIC = re.compile(rb"(WARC/1\.[01]\r?\n)")
_CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_SCAN = 1 << 20


def decode_html(body: bytes, content_type: str | None) -> str:
    """Text of an HTML body: the HTTP charset, else a ``<meta charset>``, else UTF-8,
    else Windows-1252 (which decodes any byte string)."""
    candidates = []
    if content_type and "charset=" in content_type.lower():
        candidates.append(content_type.lower().split("charset=")[-1].split(";")[0].strip(" \"'"))
    m = _CHARSET.search(body[:4096])
    if m:
        candidates.append(m.group(1).decode("ascii", "replace"))
    candidates += ["utf-8", "cp1252"]
    for enc in candidates:
        try:
            return body.decode(enc)
        except (LookupError, UnicodeDecodeError):
            continue
    return body.decode("latin-1")


def _next_record_start(f: IO[bytes], start: int) -> int | None:
    """The offset of the next record header (a gzip member or a ``WARC/1.x`` line, whichever
    comes first) at or after ``start``, or None at the end of the file."""
    pos = start
    while True:
        f.seek(pos)
        chunk = f.read(_SCAN + 16)
        if not chunk:
            return None
        found = [i for i in (chunk.find(_GZIP_MAGIC),) if i >= 0]
        m = _WARC_MAGIC.search(chunk)
        if m:
            found.append(m.start(1))
        if found:
            return pos + min(found)
        if len(chunk) <= 16:
            return None
        pos += len(chunk) - 16


def _article(record, where: str) -> Article | InputProblem | None:
    """The article of one record, a problem, or None when the record is not a page."""
    if record.rec_type != "response" or record.http_headers is None:
        return None
    status = record.http_headers.get_statuscode() or ""
    ctype = record.http_headers.get_header("Content-Type") or ""
    if not status.startswith("2") or not ctype.lower().strip().startswith(HTML_TYPES):
        return None
    url = record.rec_headers.get_header("WARC-Target-URI")
    body = record.content_stream().read(MAX_PAGE_BYTES + 1)
    if len(body) > MAX_PAGE_BYTES:
        return InputProblem(where, "EW133", f"page larger than {MAX_PAGE_BYTES} bytes ({url})")
    while record.raw_stream.read(1 << 16):   # whatever the decoders left of the record
        pass
    if getattr(record.raw_stream, "limit", 0) > 0:   # the data ended before Content-Length
        return InputProblem(where, "EW130", f"record is truncated ({url})")
    art = article_from_html(decode_html(body, ctype), where)
    if isinstance(art, InputProblem):
        art.message = f"{art.message} ({url})"
        return art
    art.url = url or art.url
    art.date = normalise_date(record.rec_headers.get_header("WARC-Date")) or art.date
    return art


def read_file(path: Path) -> Iterator[Article | InputProblem]:
    """Articles and problems of one archive, in record order (see module docstring)."""
    from warcio.archiveiterator import ArchiveIterator
    try:
        f = open(path, "rb")
    except OSError as e:
        yield InputProblem(str(path), "EW110", f"cannot read file ({e.strerror})")
        return
    with f:
        head = f.read(4)
        if not head.strip():
            yield InputProblem(str(path), "EW102", "file is empty")
            return
        base: int | None = 0
        n = 0
        while base is not None:
            f.seek(base)
            it = ArchiveIterator(f, arc2warc=False)
            good_end = base
            try:
                for record in it:
                    if not record.rec_type or not str(
                            record.rec_headers.get_header("Content-Length") or "").isdigit():
                        raise ValueError("record header without WARC-Type or Content-Length")
                    n += 1
                    where = f"{path}#{n}"
                    try:
                        item = _article(record, where)
                    except Exception as e:  # broken record content (bad chunking, gzip)
                        item = InputProblem(where, "EW130",
                                            f"record content is corrupt ({type(e).__name__})")
                    if item is not None:
                        yield item
                    it.read_to_end()
                    good_end = it.get_record_offset() + it.get_record_length()  # absolute
                f.seek(good_end)
                tail = f.read(_SCAN)
                if tail.strip(b"\r\n\t \x00"):  # warcio ends quietly on a cut gzip member
                    yield InputProblem(f"{path}#{n + 1}", "EW130",
                                       f"data after the last complete record at byte "
                                       f"{good_end} (a truncated record?)")
                return
            except Exception as e:  # warcio raises assorted errors on broken archives
                n += 1
                yield InputProblem(f"{path}#{n}", "EW130",
                                   f"corrupt or truncated archive data after byte {good_end} "
                                   f"({type(e).__name__}); reading went on at the next record")
            base = _next_record_start(f, good_end + 1)
