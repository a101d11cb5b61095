"""RSS and Atom feeds: poll, fetch each new entry's page, extract, ingest.

One *poll* (:func:`poll_feeds`):

1. entries left ``extracted`` by a run that was killed are settled: ``done``
   when their article is stored, ``new`` again otherwise;
2. every feed whose retry time has come is fetched with a conditional GET
   (the ``ETag`` and ``Last-Modified`` of its last good fetch are kept in the
   store; ``304 Not Modified`` costs nothing) and parsed with feedparser;
   each entry link not seen before is added as ``new``;
3. every ``new`` entry, and every ``failed`` one whose retry time has come,
   is fetched (robots.txt obeyed), its article extracted with trafilatura,
   dated by the feed entry (else by the page), and ingested in batches.

Fetching (:class:`Fetcher`, httpx): connect and read timeouts and a deadline
per request, retries with exponential backoff on network errors, 429 and
5xx, a minimum interval between requests to one host, a size limit (checked
on ``Content-Length`` and while streaming), at most ``max_redirects``
redirects (a loop is an error), and robots.txt (RFC 9309: 4xx means no
rules, an unreachable one means wait).

A feed or page that fails is an error row (EW131 fetch failed, EW132 not a
feed, EW133 too large, EW134 wrong content type, EW135 robots.txt, EW107 no
article text) in the store's ``errors`` table, with the URL as its path, and
is tried again after a backoff that doubles with each failure (an entry
gives up after :attr:`FeedOptions.max_tries`); it never stops the loop.
"""
from __future__ import annotations

import calendar
import re
import threading
import time
import urllib.robotparser
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Iterable, Iterator
from urllib.parse import urljoin, urlsplit

from ..records import Article
from . import InputProblem

FEED_TYPES = ("xml", "rss", "atom", "rdf")
HTML_TYPES = ("text/html", "application/xhtml+xml")


class FetchError(Exception):
    """A fetch that failed: ``code`` (EW13x), a message, and the HTTP status if any."""

    def __init__(self, code: str, message: str, status: int | None = None,
                 retry: bool = True):
        super().__init__(message)
        self.code, self.message, self.status, self.retry = code, message, status, retry


@dataclass(frozen=True)
class FetchOptions:
    """How pages and feeds are fetched (the defaults are polite for real sites)."""
    timeout: float = 10.0               # connect and read timeout, seconds
    deadline: float = 60.0              # a whole request, seconds (slow trickles end here)
    retries: int = 2                    # extra tries on network errors, 429 and 5xx
    backoff: float = 1.0                # first retry wait; doubles each time
    host_interval: float = 1.0          # minimum seconds between requests to one host
    max_bytes: int = 10 * 1024 * 1024   # largest feed or page accepted
    max_redirects: int = 5
    robots: bool = True                 # obey robots.txt
    user_agent: str = ""                # default: eventwire/<version>


@dataclass
class Response:
    url: str
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").lower()


class Fetcher:
    """An httpx client with the politeness rules of :class:`FetchOptions`."""

    def __init__(self, options: FetchOptions | None = None):
        import httpx

        from .. import __version__
        self.options = options or FetchOptions()
        self.agent = self.options.user_agent or f"eventwire/{__version__}"
        self._httpx = httpx
        self.client = httpx.Client(
            timeout=httpx.Timeout(self.options.timeout), follow_redirects=True,
            max_redirects=self.options.max_redirects, headers={"User-Agent": self.agent})
        self._last: dict[str, float] = {}
        self._robots: dict[str, tuple[float, urllib.robotparser.RobotFileParser | None]] = {}

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> "Fetcher":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ------------------------------------------------------------ requests

    def _wait_for_host(self, url: str) -> None:
        host = urlsplit(url).netloc.lower()
        wait = self._last.get(host, -1e9) + self.options.host_interval - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        self._last[host] = time.monotonic()

    def _once(self, url: str, headers: dict[str, str]) -> Response:
        httpx, opt = self._httpx, self.options
        self._wait_for_host(url)
        deadline = time.monotonic() + opt.deadline
        try:
            with self.client.stream("GET", url, headers=headers) as r:
                length = r.headers.get("content-length", "")
                if length.isdigit() and int(length) > opt.max_bytes:
                    raise FetchError("EW133", f"{length} bytes, over the limit of "
                                     f"{opt.max_bytes}", r.status_code, retry=False)
                body = bytearray()
                for chunk in r.iter_bytes():
                    body += chunk
                    if len(body) > opt.max_bytes:
                        raise FetchError("EW133", f"more than {opt.max_bytes} bytes",
                                         r.status_code, retry=False)
                    if time.monotonic() > deadline:
                        raise FetchError("EW131", f"took longer than {opt.deadline:g}s",
                                         r.status_code)
                return Response(str(r.url), r.status_code,
                                {k.lower(): v for k, v in r.headers.items()}, bytes(body))
        except httpx.TooManyRedirects:
            raise FetchError("EW131", f"redirect loop or more than {opt.max_redirects} "
                             "redirects", retry=False) from None
        except httpx.TimeoutException as e:
            raise FetchError("EW131", f"timed out ({type(e).__name__})") from None
        except httpx.InvalidURL as e:
            raise FetchError("EW131", f"invalid URL ({e})", retry=False) from None
        except (httpx.HTTPError, httpx.StreamError) as e:
            raise FetchError("EW131", f"network error ({type(e).__name__}: {e})") from None
        except (ValueError, UnicodeError) as e:  # malformed URLs httpx rejects late
            raise FetchError("EW131", f"invalid URL ({type(e).__name__})", retry=False) from None

    def get(self, url: str, headers: dict[str, str] | None = None) -> Response:
        """GET ``url`` with retries; a final status other than 2xx or 304 raises EW131."""
        opt, headers = self.options, dict(headers or {})
        if not _web_url(url):
            raise FetchError("EW131", "not an absolute http(s) URL", retry=False)
        for attempt in range(opt.retries + 1):
            last = attempt == opt.retries
            try:
                r = self._once(url, headers)
            except FetchError as e:
                if not e.retry or last:
                    raise
                time.sleep(opt.backoff * 2 ** attempt)
                continue
            if r.status == 429 or r.status >= 500:
                if last:
                    raise FetchError("EW131", f"HTTP {r.status}", r.status)
                time.sleep(opt.backoff * 2 ** attempt)
                continue
            if r.status >= 400 or r.status < 200 or 300 <= r.status < 400 and r.status != 304:
                raise FetchError("EW131", f"HTTP {r.status}", r.status, retry=r.status != 404)
            return r
        raise AssertionError("unreachable")

    # ------------------------------------------------------------ robots.txt

    def allowed(self, url: str) -> bool:
        """Whether robots.txt lets this agent fetch ``url`` (cached per site for an hour).
        Raises EW135 when robots.txt cannot be fetched (try again later)."""
        if not self.options.robots:
            return True
        parts = urlsplit(url)
        site = f"{parts.scheme}://{parts.netloc}".lower()
        cached = self._robots.get(site)
        if cached is None or time.monotonic() - cached[0] > 3600:
            rp: urllib.robotparser.RobotFileParser | None = None
            try:
                r = self.get(site + "/robots.txt")
                rp = urllib.robotparser.RobotFileParser()
                rp.parse(r.body.decode("utf-8", "replace").splitlines())
            except FetchError as e:
                if e.status is not None and 400 <= e.status < 500:
                    rp = None  # no robots.txt: everything allowed
                else:
                    raise FetchError("EW135", f"robots.txt cannot be fetched ({e.message})",
                                     e.status) from None
            cached = self._robots[site] = (time.monotonic(), rp)
        return cached[1] is None or cached[1].can_fetch(self.agent, url)


# ---------------------------------------------------------------- feeds

@dataclass(slots=True)
class Entry:
    link: str
    title: str | None = None
    date: str | None = None


def _iso(struct) -> str | None:
    try:
        return datetime.fromtimestamp(calendar.timegm(struct), timezone.utc).isoformat()
    except (TypeError, ValueError, OverflowError):
        return None


def _why(d) -> str:
    why = d.get("bozo_exception")
    return f" ({type(why).__name__}: {str(why)[:120]})" if why else ""


def _web_url(url: str) -> bool:
    """An absolute http(s) URL with a host (and a valid port, if any)."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018  (raises ValueError on a bad port)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def parse_feed(body: bytes, url: str, content_type: str = "", name: str | None = None
               ) -> tuple[list[Entry], list[InputProblem]]:
    """Entries of an RSS or Atom document fetched from ``url`` (links are resolved against
    it), and a problem for each entry without a usable link (named ``name#N``); a document
    that is not a feed is one problem named ``name`` (default ``url``): EW132, or EW134
    when its content type says it is something else."""
    import feedparser
    harmless = (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)
    name = name or url
    try:
        d = feedparser.parse(body)
    except Exception as e:  # feedparser is lenient, but not everywhere
        return [], [InputProblem(name, "EW132", f"feed cannot be parsed ({type(e).__name__})")]
    entries, problems = [], []
    if not d.get("version") and not d.entries:
        if content_type and not any(t in content_type for t in FEED_TYPES):
            return [], [InputProblem(name, "EW134", f"content type '{content_type}' is not a "
                                                    "feed")]
        return [], [InputProblem(name, "EW132", f"not valid RSS or Atom{_why(d)}")]
    if d.get("bozo") and not isinstance(d.get("bozo_exception"), harmless):
        if not d.entries:
            return [], [InputProblem(name, "EW132", f"malformed feed{_why(d)}")]
        problems.append(InputProblem(f"{name}#0", "EW132", f"malformed feed{_why(d)}; "
                                     f"{len(d.entries)} entries recovered"))
    for n, entry in enumerate(d.entries, 1):
        raw = entry.get("link") or ""
        link = urljoin(url, raw.strip()) if isinstance(raw, str) and raw.strip() else ""
        if not _web_url(link):
            problems.append(InputProblem(f"{name}#{n}", "EW132",
                                         f"entry {n} has no usable link ({str(raw)[:80]!r})"))
            continue
        date = _iso(entry.get("published_parsed") or entry.get("updated_parsed"))
        title = entry.get("title")
        entries.append(Entry(link, title.strip() if isinstance(title, str) and title.strip()
                             else None, date))
    return entries, problems


def read_feed_list(args: Iterable[str]) -> list[str]:
    """Feed URLs: each argument is a URL or a file of URLs (one a line; ``#`` at the start of
    a line or after a space starts a comment)."""
    from ..errors import InputError
    urls: list[str] = []
    for a in args:
        if re.match(r"^https?://", a, re.IGNORECASE):
            urls.append(a)
            continue
        try:
            lines = Path(a).read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as e:
            raise InputError("EW101", f"not a feed URL nor a readable list of them ({e})",
                             a) from None
        for n, line in enumerate(lines, 1):
            line = re.sub(r"(^|\s)#.*$", "", line).strip()   # a comment; '#' in a URL stays
            if not line:
                continue
            if not re.match(r"^https?://\S+$", line, re.IGNORECASE):
                raise InputError("EW101", f"not an http(s) URL: {line[:80]!r}", f"{a}:{n}")
            urls.append(line)
    return list(dict.fromkeys(urls))


def parse_every(value: str) -> float:
    """Seconds in ``15m``, ``30s``, ``2h``, ``1d`` or a plain number of seconds."""
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*", value or "", re.IGNORECASE)
    if not m or float(m.group(1)) <= 0:
        raise ValueError(f"not a duration: {value!r} (use e.g. 30s, 15m, 2h)")
    return float(m.group(1)) * {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}[
        m.group(2).lower()]


# ---------------------------------------------------------------- the poll

@dataclass(frozen=True)
class FeedOptions:
    retry_base: float = 300.0           # first wait after a failure; doubles per failure
    retry_max: float = 86400.0
    max_tries: int = 8                  # an entry gives up after this many failures
    fetch: FetchOptions = field(default_factory=FetchOptions)


@dataclass
class PollResult:
    feeds: int = 0
    not_modified: int = 0
    new_entries: int = 0
    pages: int = 0
    errors: int = 0

    def render(self) -> str:
        return (f"{self.feeds} feeds ({self.not_modified} unchanged), {self.new_entries} new "
                f"entries, {self.pages} pages fetched, {self.errors} errors")


class FeedPoller:
    """Polls a list of feeds into one store (see module docstring)."""

    def __init__(self, store, feeds: list[str], settings=None, options: FeedOptions | None = None,
                 report: Callable[[InputProblem], None] | None = None, progress=None,
                 workers: int = 1):
        from ..config import Settings
        from ..resume import Resume
        from ..runner import Summary
        from ..store.ingest_state import IngestState
        self.store, self.feeds = store, feeds
        self.settings = settings or Settings()
        self.options = options or FeedOptions()
        self.report, self.progress, self.workers = report, progress, workers
        self.state = IngestState(store)
        self.resume = Resume(self.state, self.settings)
        self.summary = Summary(target=store.path)
        self.fetcher = Fetcher(self.options.fetch)

    def close(self) -> None:
        self.fetcher.close()

    def _backoff(self, failures: int) -> float:
        return min(self.options.retry_base * 2 ** max(failures - 1, 0), self.options.retry_max)

    def _error(self, where: str, code: str, message: str, result: PollResult) -> None:
        result.errors += 1
        self.summary.problems += 1
        self.store.record_error(where, None, code, message)
        if self.report:
            self.report(InputProblem(where, code, message))

    def poll(self) -> PollResult:
        """One poll of every feed and every due entry."""
        from ..runner import ingest_items
        result = PollResult()
        for item in self.state.extracted_items():   # left by a killed run
            stored = item["article_id"] and self.state.article_stored(item["article_id"])
            self.state.set_item(item["url"], "done" if stored else "new")
        for url in self.feeds:
            self._poll_feed(url, result)
        extracted: dict[str, str] = {}
        arts = self._pages(result, extracted)
        ingest_items(self.store, arts, self.summary, workers=self.workers,
                     settings=self.settings, progress=self.progress, resume=self.resume)
        for link, article_id in extracted.items():
            self.state.set_item(link, "done", article_id=article_id)
        return result

    def _poll_feed(self, url: str, result: PollResult) -> None:
        old = self.state.feed(url) or {}
        now = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        if old.get("next_try") and old["next_try"] > now:
            return
        result.feeds += 1
        headers = {"Accept": "application/rss+xml, application/atom+xml, application/xml;q=0.9,"
                             " text/xml;q=0.9, */*;q=0.1"}
        if old.get("etag"):
            headers["If-None-Match"] = old["etag"]
        if old.get("last_modified"):
            headers["If-Modified-Since"] = old["last_modified"]
        try:
            r = self.fetcher.get(url, headers)
        except FetchError as e:
            self._error(url, e.code, f"feed: {e.message}", result)
            self.state.update_feed(url, status=e.status, ok=False,
                                   retry_after=self._backoff((old.get("failures") or 0) + 1))
            return
        if r.status == 304:
            result.not_modified += 1
            self.state.update_feed(url, status=304, ok=True)
            return
        entries, problems = parse_feed(r.body, r.url, r.content_type, name=url)
        for p in problems:
            self._error(p.where, p.code, f"feed: {p.message}", result)
        if any(p.where == url for p in problems):  # the document itself is no feed
            self.state.update_feed(url, status=r.status, ok=False,
                                   retry_after=self._backoff((old.get("failures") or 0) + 1))
            return
        for entry in entries:
            if self.state.item(entry.link) is None:
                result.new_entries += 1
                self.state.add_item(entry.link, url, entry.title, entry.date)
        self.state.update_feed(url, status=r.status, ok=True, etag=r.headers.get("etag"),
                               last_modified=r.headers.get("last-modified"))

    def _fail(self, item: dict, e: FetchError, result: PollResult) -> None:
        self._error(item["url"], e.code, f"page: {e.message}", result)
        tries = item["tries"] + 1
        give_up = tries >= self.options.max_tries
        self.state.set_item(item["url"], "gave_up" if give_up else "failed", error=e.code,
                            retry_after=None if give_up else self._backoff(tries))

    def _pages(self, result: PollResult, extracted: dict[str, str]) -> Iterator[Article]:
        """Fetch and extract every due entry; articles are yielded for ingestion."""
        from .html import article_from_html
        from .warc import decode_html
        for item in self.state.due_items():
            link = item["url"]
            try:
                if not self.fetcher.allowed(link):
                    raise FetchError("EW135", "disallowed by robots.txt", retry=False)
                r = self.fetcher.get(link, {"Accept": "text/html, application/xhtml+xml"})
                result.pages += 1
                if not r.content_type.startswith(HTML_TYPES):
                    raise FetchError("EW134", f"content type '{r.content_type or 'none'}' is "
                                              "not HTML", r.status)
                art = article_from_html(decode_html(r.body, r.content_type), link)
                if isinstance(art, InputProblem):
                    raise FetchError(art.code, art.message, r.status)
            except FetchError as e:
                self._fail(item, e, result)
                continue
            art.url = link
            art.title = item["title"] or art.title
            art.date = item["date"] or art.date
            self.state.set_item(link, "extracted", article_id=art.id)
            extracted[link] = art.id
            yield art


def poll_feeds(feeds: list[str], db: str, settings=None, *, every: float = 900.0,
               once: bool = False, options: FeedOptions | None = None,
               stop: threading.Event | None = None, report=None, progress=None,
               on_poll: Callable[[int, PollResult], None] | None = None, workers: int = 1):
    """Poll ``feeds`` into the store at ``db`` every ``every`` seconds (once with ``once``)
    until ``stop`` is set. Returns the run's :class:`~eventwire.runner.Summary`."""
    from ..store import Store
    stop = stop or threading.Event()
    t0 = time.perf_counter()
    with Store(db) as store:
        poller = FeedPoller(store, feeds, settings, options, report, progress, workers)
        try:
            n = 0
            while True:
                started = time.monotonic()
                n += 1
                res = poller.poll()
                if on_poll:
                    on_poll(n, res)
                if once or stop.wait(max(every - (time.monotonic() - started), 0.0)):
                    break
        finally:
            poller.close()
            if progress is not None:
                progress.close()
        poller.summary.seconds = time.perf_counter() - t0
        return poller.summary
