"""Progress of long runs on stderr.

On a terminal, a live line drawn with rich: articles parsed, articles/s,
events, errors, articles skipped as already stored, and the time left when
the total is known. When stderr is not a terminal (a log file, a pipe, CI),
one plain line every ``interval`` seconds instead, so logs stay readable.
``quiet`` shows nothing. The library calls :meth:`Progress.update` with
counts; it never decides where or whether to draw.
"""
from __future__ import annotations

import sys
import time
from typing import IO


def _duration(seconds: float) -> str:
    s = int(round(seconds))
    if s >= 3600:
        return f"{s // 3600}h{s % 3600 // 60:02d}m"
    if s >= 60:
        return f"{s // 60}m{s % 60:02d}s"
    return f"{s}s"


class Progress:
    """A progress display (see module docstring). Use as a context manager or call close()."""

    def __init__(self, total: int | None = None, *, stream: IO[str] | None = None,
                 quiet: bool = False, live: bool | None = None, interval: float = 5.0,
                 label: str = "eventwire"):
        self.stream = stream if stream is not None else sys.stderr
        self.total = total
        self.quiet = quiet
        self.interval = interval
        self.label = label
        self.t0 = time.monotonic()
        self._last = self.t0
        self.counts = {"articles": 0, "skipped": 0, "events": 0, "errors": 0, "problems": 0}
        isatty = getattr(self.stream, "isatty", lambda: False)
        self.live = (isatty() if live is None else live) and not quiet
        self._rich = None
        if self.live:
            from rich.console import Console
            from rich.live import Live
            self._rich = Live("", console=Console(file=self.stream), refresh_per_second=4,
                              transient=False)
            self._rich.start()

    # ------------------------------------------------------------ figures

    @property
    def done(self) -> int:
        """Inputs dealt with: articles parsed or skipped, and inputs that yielded none."""
        return self.counts["articles"] + self.counts["skipped"] + self.counts["problems"]

    def rate(self) -> float:
        elapsed = time.monotonic() - self.t0
        return self.counts["articles"] / elapsed if elapsed > 0 else 0.0

    def eta(self) -> float | None:
        """Seconds left, when the total is known and articles are coming."""
        if not self.total:
            return None
        rate = self.rate()
        left = max(self.total - self.done, 0)
        if left == 0:
            return 0.0
        return left / rate if rate > 0 else None

    def line(self) -> str:
        c = self.counts
        done = f"{self.done}/{self.total}" if self.total else str(self.done)
        pct = f" ({100 * self.done // self.total}%)" if self.total else ""
        parts = [f"{done} inputs{pct}", f"{c['articles']} parsed",
                 f"{self.rate():.1f} articles/s", f"{c['events']} events",
                 f"{c['errors']} errors"]
        if c["skipped"]:
            parts.append(f"{c['skipped']} already stored")
        eta = self.eta()
        if eta is not None:
            parts.append(f"{_duration(eta)} left")
        return f"{self.label}: " + ", ".join(parts)

    # ------------------------------------------------------------ drawing

    def update(self, *, articles: int, events: int, errors: int, skipped: int = 0,
               problems: int = 0, total: int | None = None, force: bool = False) -> None:
        """New running counts (totals so far, not increments)."""
        if total is not None:
            self.total = total
        self.counts.update(articles=articles, events=events, errors=errors, skipped=skipped,
                           problems=problems)
        if self.quiet:
            return
        now = time.monotonic()
        if self._rich is not None:
            self._rich.update(self.line())
        elif force or now - self._last >= self.interval:
            self._last = now
            print(self.line(), file=self.stream, flush=True)

    def close(self) -> None:
        if self._rich is not None:
            self._rich.update(self.line())
            self._rich.stop()
            self._rich = None

    def __enter__(self) -> "Progress":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
