"""Ingest: files, directories and stdin to :class:`~eventwire.records.Article`.

``read_inputs(paths)`` yields, in order, an ``Article`` for every article it
can read and an :class:`InputProblem` for every file or line it cannot (the
run goes on). The form is chosen by extension (``.jsonl``, ``.txt``,
``.html``/``.htm``, ``.warc``/``.warc.gz``) or forced with ``input_format``; ``-``
reads standard input: JSON Lines, or with ``input_format`` text or html one document
read whole; directories are read recursively in sorted order.
"""
from __future__ import annotations

import hashlib
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Iterable, Iterator

from ..dates import normalise_date  # noqa: F401  (the one date parser; re-exported for readers)
from ..records import Article

FORMATS = {".jsonl": "jsonl", ".json": "jsonl", ".ndjson": "jsonl", ".txt": "text",
           ".text": "text", ".html": "html", ".htm": "html", ".warc": "warc"}


def format_of(path: Path) -> str | None:
    """The input form of ``path`` by its name (``.warc.gz`` is a WARC archive)."""
    name = path.name.lower()
    if name.endswith((".warc.gz", ".arc.gz")):
        return "warc"
    return FORMATS.get(path.suffix.lower())


def split_where(where: str | None) -> tuple[str | None, int | None]:
    """``(path, line)`` of a ``where`` in the ``path`` or ``path:line`` form (the one
    place that splits it: the store's error rows keep path and line apart)."""
    if not where:
        return where, None
    head, sep, tail = where.rpartition(":")
    if sep and head and tail.isdigit():
        return head, int(tail)
    return where, None


@dataclass(slots=True)
class InputProblem:
    """A file or line that yielded no article: ``where`` is ``path`` or ``path:line``."""
    where: str
    code: str
    message: str

    def render(self) -> str:
        return f"{self.where}: [{self.code}] {self.message}"

    @property
    def path(self) -> str | None:
        return split_where(self.where)[0]

    @property
    def line(self) -> int | None:
        return split_where(self.where)[1]


def content_id(text: str) -> str:
    """SHA-1 of the normalised text (NFC, whitespace collapsed): the id of an article without one."""
    norm = " ".join(unicodedata.normalize("NFC", text).split())
    return hashlib.sha1(norm.encode("utf-8")).hexdigest()


def read_bytes_text(path: Path) -> tuple[str | None, InputProblem | None]:
    """The file's text, or the problem that stops it being read (empty, binary, bad UTF-8)."""
    try:
        data = path.read_bytes()
    except OSError as e:
        return None, InputProblem(str(path), "EW110", f"cannot read file ({e.strerror})")
    if not data.strip():
        return None, InputProblem(str(path), "EW102", "file is empty")
    if b"\x00" in data[:8192]:
        return None, InputProblem(str(path), "EW103", "file is binary (NUL bytes), not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data[:e.start].count(b"\n") + 1
        return None, InputProblem(f"{path}:{line}", "EW103",
                                  f"invalid UTF-8 at byte {e.start}")
    return text, None


def _files(path: Path) -> Iterator[Path]:
    if path.is_dir():
        for p in sorted(path.rglob("*")):
            if p.is_file() and format_of(p) and not p.name.startswith("."):
                yield p
    else:
        yield path


def _read_stdin_whole(stream: IO, fmt: str) -> Iterator[Article | InputProblem]:
    """Standard input read whole as one document of form ``fmt`` (``text`` or ``html``)."""
    from . import html, text as textdump
    if fmt not in ("text", "html"):
        yield InputProblem("<stdin>", "EW109", f"unsupported input format '{fmt}'")
        return
    data = stream.read()
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogatepass")
    if not data.strip():
        yield InputProblem("<stdin>", "EW102", "standard input is empty")
        return
    if b"\x00" in data[:8192]:
        yield InputProblem("<stdin>", "EW103", "standard input is binary (NUL bytes), not text")
        return
    try:
        raw = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data[:e.start].count(b"\n") + 1
        yield InputProblem(f"<stdin>:{line}", "EW103", f"invalid UTF-8 at byte {e.start}")
        return
    if fmt == "html":
        yield html.article_from_html(raw, "<stdin>")
    else:
        yield from textdump.article_from_text(raw, "<stdin>")


def read_inputs(paths: Iterable[str], input_format: str | None = None,
                stdin: IO[str] | None = None) -> Iterator[Article | InputProblem]:
    """Articles and problems from every path, in order (see module docstring)."""
    from . import html, jsonl, text as textdump, warc
    readers = {"jsonl": jsonl.read_file, "text": textdump.read_file, "html": html.read_file,
               "warc": warc.read_file}
    for raw in paths:
        if raw == "-":
            stream = stdin if stdin is not None else sys.stdin.buffer
            if input_format in (None, "jsonl"):
                yield from jsonl.read_lines(stream, "<stdin>")
            else:
                yield from _read_stdin_whole(stream, input_format)
            continue
        path = Path(raw)
        if not path.exists():
            yield InputProblem(raw, "EW101", "no such file or directory")
            continue
        for f in _files(path):
            fmt = input_format or format_of(f)
            if fmt not in readers:
                yield InputProblem(str(f), "EW109", f"unsupported input format '{f.suffix}' "
                                   "(use .jsonl, .txt, .html, .warc, .warc.gz, or --input-format)")
                continue
            yield from readers[fmt](f)


def estimate_total(paths: Iterable[str], input_format: str | None = None) -> int | None:
    """How many inputs ``read_inputs`` will yield (JSON Lines: non-blank lines; a text or
    HTML file: one), for the time left in progress displays; None when it cannot be told
    cheaply (standard input, WARC archives, JSON documents)."""
    total = 0
    for raw in paths:
        if raw == "-":
            return None
        path = Path(raw)
        if not path.exists():
            total += 1
            continue
        for f in _files(path):
            fmt = input_format or format_of(f)
            if fmt in ("warc", None) or f.suffix.lower() == ".json":
                return None
            if fmt == "jsonl":
                try:
                    with open(f, "rb") as fh:
                        total += sum(1 for line in fh if line.strip())
                except OSError:
                    total += 1
            else:
                total += 1
    return total
