"""Ingest: files, directories and stdin to :class:`~eventwire.records.Article`.

``read_inputs(paths)`` yields, in order, an ``Article`` for every article it
can read and an :class:`InputProblem` for every file or line it cannot (the
run goes on). The form is chosen by extension (``.jsonl``, ``.txt``,
``.html``/``.htm``, ``.warc``/``.warc.gz``) or forced with ``input_format``; ``-`` reads JSON Lines
from standard input; directories are read recursively in sorted order.
"""
from __future__ import annotations

import hashlib
import sys
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import IO, Iterable, Iterator

from ..records import Article

FORMATS = {".jsonl": "jsonl", ".json": "jsonl", ".ndjson": "jsonl", ".txt": "text",
           ".text": "text", ".html": "html", ".htm": "html", ".warc": "warc"}


def format_of(path: Path) -> str | None:
    """The input form of ``path`` by its name (``.warc.gz`` is a WARC archive)."""
    name = path.name.lower()
    if name.endswith((".warc.gz", ".arc.gz")):
        return "warc"
    return FORMATS.get(path.suffix.lower())


@dataclass(slots=True)
class InputProblem:
    """A file or line that yielded no article: ``where`` is ``path`` or ``path:line``."""
    where: str
    code: str
    message: str

    def render(self) -> str:
        return f"{self.where}: [{self.code}] {self.message}"


def content_id(text: str) -> str:
    """SHA-1 of the normalised text (NFC, whitespace collapsed): the id of an article without one."""
    norm = " ".join(unicodedata.normalize("NFC", text).split())
    return hashlib.sha1(norm.encode("utf-8")).hexdigest()


def normalise_date(value: object) -> str | None:
    """An ISO date (``YYYY-MM-DD``) or datetime string from common forms; None if unparseable."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    s = str(value).strip()
    try:
        if len(s) == 10:
            return date.fromisoformat(s).isoformat()
        dt = datetime.fromisoformat(s.replace("Z", "+00:00"))
        return dt.isoformat()
    except ValueError:
        pass
    for fmt in ("%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y", "%B %d %Y", "%Y/%m/%d",
                "%d.%m.%Y", "%A, %B %d, %Y", "%a, %d %b %Y", "%b. %d, %Y"):
        try:
            return datetime.strptime(s, fmt).date().isoformat()
        except ValueError:
            continue
    if len(s) > 60 or not any(c.isdigit() for c in s):
        return None
    import dateparser  # slow to import; only for unusual forms
    dt = dateparser.parse(s, languages=["en"], settings={"STRICT_PARSING": True,
                                                          "REQUIRE_PARTS": ["day", "month", "year"]})
    return dt.date().isoformat() if dt else None


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


def read_inputs(paths: Iterable[str], input_format: str | None = None,
                stdin: IO[str] | None = None) -> Iterator[Article | InputProblem]:
    """Articles and problems from every path, in order (see module docstring)."""
    from . import html, jsonl, text as textdump, warc
    readers = {"jsonl": jsonl.read_file, "text": textdump.read_file, "html": html.read_file,
               "warc": warc.read_file}
    for raw in paths:
        if raw == "-":
            stream = stdin if stdin is not None else sys.stdin.buffer
            yield from jsonl.read_lines(stream, "<stdin>")
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
