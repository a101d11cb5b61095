"""Watching a folder: files that appear or change under it are ingested as they arrive.

The watcher polls (``os.scandir``, recursively; no extra dependency, works on
network shares where file events do not) every ``interval`` seconds. A file
is read only once it is *settled*: the same size and modification time over
two polls at least ``settle`` seconds apart, and last modified at least
``settle`` seconds ago, so a file still being written is not read half-way.
Temporary names (hidden files, ``*.tmp``, ``*.part``, ``*.partial``,
``*.crdownload``, ``*.swp``, ``*~``) are never read: a writer that writes to
such a name and renames it when done is always safe, whatever its pauses.
Only the input forms ``ingest`` reads (JSON Lines, text, HTML, WARC) are
considered.

What is done is kept in the store (``watched_files``): a file whose path,
size and modification time match a finished one is passed over without
being read; a file whose content hash (SHA-1) matches a finished one (a copy,
a touched file) is passed over without being parsed. Articles of a file are
skipped before parsing when already stored (:mod:`eventwire.resume`), so a
watcher killed half-way through a file and restarted stores each article
once. A file is marked finished only after all its articles are written.
"""
from __future__ import annotations

import hashlib
import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from .config import Settings
from .ingest import InputProblem, format_of, read_inputs
from .runner import Summary, ingest_items

if TYPE_CHECKING:
    from .progress import Progress
    from .store import Store

TEMP_SUFFIXES = (".tmp", ".temp", ".part", ".partial", ".crdownload", ".download", ".swp",
                 ".lock", "~")
TEMP_PREFIXES = (".", "~", "#")


def is_temporary(name: str) -> bool:
    """True for names that writers use before a file is complete."""
    low = name.lower()
    return low.startswith(TEMP_PREFIXES) or low.endswith(TEMP_SUFFIXES)


@dataclass(frozen=True, slots=True)
class Signature:
    size: int
    mtime_ns: int


@dataclass
class FileOutcome:
    """What happened to one settled file: ``skipped`` says why it was not parsed."""
    path: str
    articles: int = 0
    problems: int = 0
    stored_before: int = 0
    skipped: str | None = None


def scan(root: str | os.PathLike) -> dict[str, Signature]:
    """Every candidate input file under ``root`` (recursively) with its size and mtime.
    Symbolic links to folders are not followed (no loops); unreadable folders are passed."""
    out: dict[str, Signature] = {}
    stack = [os.fspath(root)]
    while stack:
        d = stack.pop()
        try:
            with os.scandir(d) as it:
                entries = list(it)
        except OSError:
            continue
        for e in entries:
            if is_temporary(e.name):
                continue
            try:
                if e.is_dir(follow_symlinks=False):
                    stack.append(e.path)
                elif e.is_file() and format_of(Path(e.name)):
                    st = e.stat()
                    out[e.path] = Signature(st.st_size, st.st_mtime_ns)
            except OSError:  # vanished between listing and stat
                continue
    return out


def file_sha1(path: str) -> str:
    h = hashlib.sha1()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


@dataclass
class Watcher:
    """Polls ``root`` and ingests settled files into ``store`` (see module docstring).

    Call :meth:`poll` repeatedly, or :meth:`run`. ``on_file`` hears of each
    settled file's outcome, ``report`` of each input problem."""
    root: str
    store: "Store"
    settings: Settings = field(default_factory=Settings)
    settle: float = 2.0
    workers: int = 1
    report: Callable[[InputProblem], None] | None = None
    on_file: Callable[[FileOutcome], None] | None = None
    progress: "Progress | None" = None
    summary: Summary = field(default_factory=Summary)
    _pending: dict[str, tuple[Signature, float]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        from .resume import Resume
        from .store.ingest_state import IngestState
        self.state = IngestState(self.store)
        self.resume = Resume(self.state, self.settings)

    def poll(self) -> list[FileOutcome]:
        """One scan: note new and changed files, ingest those that have settled."""
        now_mono, now_wall = time.monotonic(), time.time()
        files = scan(self.root)
        for gone in set(self._pending) - set(files):
            del self._pending[gone]
        done = []
        for path, sig in sorted(files.items()):
            if self.state.file_done(path, sig.size, sig.mtime_ns):
                self._pending.pop(path, None)
                continue
            seen = self._pending.get(path)
            if seen is None or seen[0] != sig:
                self._pending[path] = (sig, now_mono)
                continue
            age = now_wall - sig.mtime_ns / 1e9      # a future mtime (clock skew) does not block
            if now_mono - seen[1] < self.settle or 0 <= age < self.settle:
                continue
            outcome = self._ingest(path, sig)
            if outcome is not None:
                self._pending.pop(path, None)
                done.append(outcome)
                if self.on_file:
                    self.on_file(outcome)
        return done

    @property
    def waiting(self) -> int:
        """Files seen but not settled (or not yet finished)."""
        return len(self._pending)

    def _ingest(self, path: str, sig: Signature) -> FileOutcome | None:
        try:
            sha1 = file_sha1(path)
            if os.stat(path).st_mtime_ns != sig.mtime_ns:
                return None  # changed while hashed: wait for it to settle again
        except OSError:
            return None  # vanished or unreadable now: next poll sees
        if self.state.hash_done(sha1):
            self.state.mark_file(path, sig.size, sig.mtime_ns, sha1, 0, 0)
            return FileOutcome(path, skipped="same content as a finished file")
        s = self.summary
        a0, p0, k0 = s.articles, s.problems, s.skipped
        ingest_items(self.store, read_inputs([path]), s, workers=self.workers,
                     settings=self.settings, report=self.report, progress=self.progress,
                     resume=self.resume)
        out = FileOutcome(path, s.articles - a0, s.problems - p0, s.skipped - k0)
        try:
            changed = os.stat(path).st_mtime_ns != sig.mtime_ns
        except OSError:
            changed = True
        if not changed:  # a file that changed while read is read again when it settles
            self.state.mark_file(path, sig.size, sig.mtime_ns, sha1, out.articles, out.problems)
        return out

    def run(self, interval: float = 1.0, once: bool = False,
            stop: threading.Event | None = None) -> Summary:
        """Poll every ``interval`` seconds until ``stop`` is set; with ``once``, until every
        file present has settled and been ingested."""
        stop = stop or threading.Event()
        t0 = time.perf_counter()
        while True:
            self.poll()
            if once and not self._pending:
                break
            if stop.wait(interval):
                break
        self.summary.seconds = time.perf_counter() - t0
        return self.summary


def watch(root: str, db: str, settings: Settings | None = None, *, interval: float = 1.0,
          settle: float = 2.0, once: bool = False, stop: threading.Event | None = None,
          workers: int = 1, report: Callable[[InputProblem], None] | None = None,
          on_file: Callable[[FileOutcome], None] | None = None,
          progress: "Progress | None" = None) -> Summary:
    """Watch ``root`` and ingest into the store at ``db`` (see :class:`Watcher`)."""
    from .errors import InputError
    from .store import Store
    if not os.path.isdir(root):
        raise InputError("EW101", "no such directory to watch", root)
    with Store(db) as store:
        w = Watcher(root, store, settings or Settings(), settle=settle, workers=workers,
                    report=report, on_file=on_file, progress=progress,
                    summary=Summary(target=db))
        try:
            return w.run(interval=interval, once=once, stop=stop)
        finally:
            if progress is not None:
                progress.close()
