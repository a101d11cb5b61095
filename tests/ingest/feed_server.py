"""A real HTTP server on loopback serving feeds and pages, good and bad (test helper)."""
from __future__ import annotations

import threading
import time
from collections import defaultdict
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from xml.sax.saxutils import escape

# invented articles, long enough for trafilatura to keep them
ARTICLES = {
    "/news/talks": ("Water talks open in border town",
                    "Ministers from the two neighbouring republics met in the border town of "
                    "Velmora on Tuesday to discuss the sharing of river water.\nThe foreign "
                    "minister said both sides wanted a treaty before the dry season.\nThe talks "
                    "will continue next week in the capital, officials said."),
    "/news/protest": ("Farmers protest fuel prices",
                      "Thousands of farmers marched through the city of Doranth on Friday to "
                      "protest against higher fuel prices.\nPolice said the march was peaceful "
                      "and ended near the parliament building.\nThe union threatened further "
                      "strikes if the government did not reverse the decision."),
    "/news/flaky": ("Aid convoy reaches valley",
                    "An aid convoy reached the flooded valley of Sarnik on Monday after roads "
                    "reopened.\nThe relief agency said it delivered food and medicine to "
                    "several thousand families.\nMore convoys are planned for the coming days."),
}
BIG = 50 * 1024 * 1024


def html_page(title: str, body: str) -> bytes:
    paras = "".join(f"<p>{p}</p>" for p in body.split("\n"))
    return (f"<!doctype html><html><head><title>{title}</title></head><body><article>"
            f"<h1>{title}</h1>{paras}</article></body></html>").encode("utf-8")


def rss(base: str, links: list[str], dates: bool = True) -> bytes:
    items = "".join(
        f"<item><title>{escape(ARTICLES.get(p, ('Item ' + p, ''))[0])}</title>"
        f"<link>{escape(base + p if p.startswith('/') else p)}</link>"
        + (f"<pubDate>Tue, 0{i % 9 + 1} Apr 2025 08:00:00 GMT</pubDate>" if dates else "")
        + "</item>" for i, p in enumerate(links))
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Test wire</title>'
            f"<link>{base}/</link><description>test</description>{items}</channel></rss>"
            ).encode("utf-8")


class FeedServer:
    """Routes (see ``_route``); ``hits[path]`` lists the monotonic time of each request and
    ``headers[path]`` the request headers of the last one."""

    FEED_LINKS = ["/news/talks", "/news/protest", "/news/flaky", "/slow", "/missing",
                  "/error", "/big", "/big-chunked", "/image", "/loop", "/private/memo",
                  "/empty-page", "mailto:desk@example.org"]

    def __init__(self, slow: float = 1.5):
        self.slow = slow
        self.hits: dict[str, list[float]] = defaultdict(list)
        self.headers: dict[str, dict[str, str]] = {}
        self.flaky_failures = 2          # /news/flaky fails this many polls' worth of tries
        self.etag = '"v1"'
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *a):  # quiet
                pass

            def do_GET(self):
                server.hits[self.path].append(time.monotonic())
                server.headers[self.path] = dict(self.headers)
                try:
                    server._route(self)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> "FeedServer":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    @staticmethod
    def _send(h, status: int, body: bytes, ctype: str = "text/html; charset=utf-8",
              extra: dict | None = None) -> None:
        h.send_response(status)
        h.send_header("Content-Type", ctype)
        h.send_header("Content-Length", str(len(body)))
        for k, v in (extra or {}).items():
            h.send_header(k, v)
        h.end_headers()
        h.wfile.write(body)

    def _route(self, h) -> None:
        p = h.path
        if p == "/robots.txt":
            return self._send(h, 200, b"User-agent: *\nDisallow: /private/\n", "text/plain")
        if p == "/feed.xml":
            if h.headers.get("If-None-Match") == self.etag:
                h.send_response(304)
                h.send_header("ETag", self.etag)
                h.send_header("Content-Length", "0")
                h.end_headers()
                return
            return self._send(h, 200, rss(self.base, self.FEED_LINKS), "application/rss+xml",
                              {"ETag": self.etag,
                               "Last-Modified": "Tue, 01 Apr 2025 08:00:00 GMT"})
        if p == "/malformed.xml":
            return self._send(h, 200, b"<?xml version='1.0'?><rss><channel><title>x</titl"
                                      b"<<item>&&&</channel", "application/rss+xml")
        if p == "/not-a-feed.png":
            return self._send(h, 200, b"\x89PNG\r\n\x1a\n" + bytes(200), "image/png")
        if p == "/slow-feed.xml" or p == "/slow":
            time.sleep(self.slow)
            return self._send(h, 200, html_page("Late", "Too late."))
        if p in ARTICLES:
            if p == "/news/flaky" and self.flaky_failures > 0:
                self.flaky_failures -= 1
                return self._send(h, 503, b"busy")
            return self._send(h, 200, html_page(*ARTICLES[p]))
        if p == "/error":
            return self._send(h, 500, b"internal error")
        if p == "/big":
            h.send_response(200)
            h.send_header("Content-Type", "text/html")
            h.send_header("Content-Length", str(BIG))
            h.end_headers()
            return self._stream(h, BIG)
        if p == "/big-chunked":  # no Content-Length: the size limit must hold while reading
            h.send_response(200)
            h.send_header("Content-Type", "text/html")
            h.send_header("Connection", "close")
            h.end_headers()
            h.close_connection = True
            return self._stream(h, BIG)
        if p == "/image":
            return self._send(h, 200, b"GIF89a" + bytes(100), "image/gif")
        if p in ("/loop", "/loop2"):
            h.send_response(302)
            h.send_header("Location", "/loop2" if p == "/loop" else "/loop")
            h.send_header("Content-Length", "0")
            h.end_headers()
            return
        if p == "/empty-page":
            return self._send(h, 200, b"<html><body><nav>Home</nav></body></html>")
        return self._send(h, 404, b"not found")

    @staticmethod
    def _stream(h, size: int) -> None:
        chunk = b"<p>" + b"x" * 65530 + b"</p>"
        sent = 0
        while sent < size:
            h.wfile.write(chunk)
            sent += len(chunk)
