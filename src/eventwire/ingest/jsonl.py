"""JSON Lines input: one article a line; only ``text`` is required."""
from __future__ import annotations

import json
from pathlib import Path
from typing import IO, Iterable, Iterator

from ..records import Article, ErrorItem
from . import InputProblem, content_id, normalise_date, read_bytes_text


def article_from_obj(obj: object, where: str) -> Article | InputProblem:
    if not isinstance(obj, dict):
        return InputProblem(where, "EW104", "line is not a JSON object")
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        return InputProblem(where, "EW105", "record lacks a non-empty string 'text'")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as e:
        return InputProblem(where, "EW103", f"'text' holds a lone surrogate at character {e.start}"
                                            " (not encodable as UTF-8)")
    errors = []
    date = normalise_date(obj.get("date"))
    if obj.get("date") not in (None, "") and date is None:
        errors.append(ErrorItem("EW106", f"unparseable date {obj.get('date')!r}; "
                                         "relative times are left unresolved"))
    opt = {k: (str(obj[k]) if obj.get(k) is not None else None) for k in ("title", "url", "source")}
    return Article(id=str(obj.get("id") or content_id(text)), text=text, date=date,
                   path=where, errors=errors, **opt)


def read_lines(lines: Iterable[str | bytes], name: str) -> Iterator[Article | InputProblem]:
    """Articles from JSON Lines; ``lines`` may be bytes (stdin), decoded one by one."""
    for n, line in enumerate(lines, 1):
        where = f"{name}:{n}"
        if isinstance(line, bytes):
            try:
                line = line.decode("utf-8-sig" if n == 1 else "utf-8")
            except UnicodeDecodeError as e:
                yield InputProblem(where, "EW103", f"invalid UTF-8 at byte {e.start} of the line")
                continue
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            yield InputProblem(where, "EW104", f"invalid JSON ({e.msg}, column {e.colno})")
            continue
        yield article_from_obj(obj, where)


def read_file(path: Path) -> Iterator[Article | InputProblem]:
    """A ``.jsonl`` file line by line; a ``.json`` file holding one object or a list
    of objects (an object may wrap its fields in ``article``) is read whole. Lines are
    decoded one by one, so a line of bad bytes is one problem and the others are read."""
    if path.suffix.lower() == ".json":
        text, problem = read_bytes_text(path)
        if problem is None and text is not None:
            try:
                data = json.loads(text)
            except json.JSONDecodeError:
                data = None  # not one JSON document: read it as JSON Lines
            if isinstance(data, (dict, list)):
                for n, obj in enumerate(data if isinstance(data, list) else [data], 1):
                    if isinstance(obj, dict) and isinstance(obj.get("article"), dict):
                        obj = obj["article"]
                    yield article_from_obj(obj, f"{path}#{n}")
                return
    try:
        raw = path.read_bytes()
    except OSError as e:
        yield InputProblem(str(path), "EW110", f"cannot read file ({e.strerror})")
        return
    if not raw.strip():
        yield InputProblem(str(path), "EW102", "file is empty")
        return
    # split on newlines only: JSON strings may hold U+2028 and other line separators
    yield from read_lines(raw.split(b"\n"), str(path))
