"""The HTTP API and web UI of ``eventwire serve``: a thin FastAPI layer over the store.

``create_app(db, write_token=None, ...)`` builds the app. Every read goes
through :class:`~eventwire.store.Store` opened read-only (SQLite ``mode=ro``: the
connection itself cannot write) and its query layer (``store/sqlite.py`` for
lists, ``store/aggregates.py`` for the views' summaries); no SQL is written here.

Routes (all JSON unless ``format=csv`` or ``format=geojson`` is asked for):

==========================  ====================================================
``GET /api/events``         events with the CLI's filters, cursor-paginated
``GET /api/timeline``       events per day or week and PLOVER type, mean Goldstein
``GET /api/map``            events at their coordinates, clustered when dense;
                            ``/api/map/places`` places with their mention counts
``GET /api/network``        source -> target actor edges by quad class
``GET /api/happenings``     the deduplicated happenings (EW405 when the store has none);
                            ``/api/happenings/{id}`` one, with its reports
``GET /api/quotes``         quotes; ``/api/quotes/speakers`` counts by speaker
``GET /api/places``         place mentions (GeoJSON with ``format=geojson``)
``GET /api/actors``         actors grouped by name, with event counts
``GET /api/articles``       article list; ``/api/articles/{id}`` the full record
``GET /api/search``         full-text search over articles and quotes
``GET /api/stats``          counts, and what this server and store offer
``POST /api/articles``      extract and store articles: only with the write token
==========================  ====================================================

Safety: writes exist only when a write token was given at start, and need it
as ``Authorization: Bearer TOKEN`` (EW401 -> 401 without it, EW402 -> 403 when
wrong or when writes are off); request bodies over ``max_body`` bytes and
batches over ``max_batch`` articles are refused with EW403 (413); no CORS
headers unless ``cors_origins`` is given; every error is JSON
``{"error": {"code", "message", "status"}}`` and never a traceback.
"""
from __future__ import annotations

import base64
import contextlib
import csv
import gc
import hashlib
import hmac
import io
import json
import logging
import threading
from collections import OrderedDict
from importlib import resources
from typing import Any, Callable, Iterable, Literal

from fastapi import Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from ..errors import EventwireError, StoreError, WebError
from ..store import Store, aggregates
from ..store.sqlite import PLOVER_TYPES

log = logging.getLogger("eventwire.web")

MAX_LIMIT = 1000
_MAX_OFFSET = 10 ** 9

# CSV columns per list endpoint (JSON rows carry these and maybe more)
EVENT_CSV = ["article", "id", "date", "day", "type", "mode", "cameo", "quad_class", "goldstein",
             "source", "source_code", "source_country", "target", "target_code",
             "target_country", "place", "place_country", "lat", "lon", "trigger", "negated",
             "modality", "reported_by", "confidence", "dead", "injured", "arrested",
             "participants", "title"]
QUOTE_CSV = ["article", "id", "kind", "speaker", "actor", "actor_code", "country", "cue",
             "content", "date", "title"]
PLACE_CSV = ["article", "id", "text", "name", "country", "admin1", "lat", "lon", "geonameid",
             "feature", "population", "literal"]
ACTOR_CSV = ["name", "code", "country", "kind", "articles", "mentions", "events"]
HAPPENING_CSV = ["id", "date", "day", "precision", "type", "cameo", "quad_class", "source",
                 "target", "symmetric", "place", "geonameid", "country", "lat", "lon", "feature",
                 "mentions", "articles", "sources", "recalls", "first_seen", "last_seen",
                 "confidence", "sentence"]
ARTICLE_CSV = ["id", "date", "title", "url", "source", "sentences", "actors", "events",
               "quotes", "places", "times", "errors"]

_STATUS = {"EW301": 503, "EW302": 503, "EW303": 500, "EW304": 400}


def _error(code: str, message: str, status: int, headers: dict | None = None) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message, "status": status}},
                        status_code=status, headers=headers)


# ---------------------------------------------------------------- request models

class ArticleIn(BaseModel):
    """One article to extract, in the JSON Lines input form."""
    text: str = Field(min_length=1, description="the article text")
    id: str | None = Field(None, description="stable id (default: SHA-1 of the text)")
    title: str | None = None
    date: str | None = Field(None, description="publication date, ISO 8601")
    url: str | None = None
    source: str | None = None


class ArticleBatch(BaseModel):
    articles: list[ArticleIn]


class Filters:
    """The event filters shared by the events, timeline, map and network endpoints
    (the CLI's ``events`` filters plus a bounding box)."""

    def __init__(
        self,
        since: str | None = Query(None, description="on or after (YYYY, YYYY-MM, YYYY-MM-DD)"),
        until: str | None = Query(None, description="on or before (YYYY, YYYY-MM, YYYY-MM-DD)"),
        country: str | None = Query(None, description="ISO3 country of a source or target actor"),
        actor: str | None = Query(None, description="source or target actor: name or code "
                                                    "(substring)"),
        type: str | None = Query(None, description="PLOVER type (ASSAULT) or CAMEO prefix (19)"),
        q: str | None = Query(None, description="full-text search over the article text"),
        place: str | None = Query(None, description="event location name (substring)"),
        bbox: str | None = Query(None, description="west,south,east,north in degrees"),
        min_dead: int | None = Query(None, ge=0, le=2**63 - 1, description="states at least this many dead"),
        min_injured: int | None = Query(None, ge=0, le=2**63 - 1, description="... injured"),
        min_arrested: int | None = Query(None, ge=0, le=2**63 - 1, description="... arrested"),
        min_participants: int | None = Query(None, ge=0, le=2**63 - 1, description="... participants"),
    ):
        self.values: dict[str, Any] = {
            "since": since, "until": until, "country": country, "actor": actor, "type": type,
            "search": q, "place": place, "bbox": _bbox(bbox)}
        for k, v in (("min_dead", min_dead), ("min_injured", min_injured),
                     ("min_arrested", min_arrested), ("min_participants", min_participants)):
            if v is not None:          # only when asked: stores without counts still answer
                self.values[k] = v

    def kw(self) -> dict[str, Any]:
        return dict(self.values)


def _bbox(value: str | None) -> tuple[float, float, float, float] | None:
    if value is None or value == "":
        return None
    parts = value.split(",")
    if len(parts) != 4:
        raise StoreError("EW304", f"bbox must be west,south,east,north, not {value!r}")
    return aggregates.check_bbox(parts)


class Page:
    """``limit`` and the opaque ``cursor`` of a list endpoint."""

    def __init__(self, limit: int = Query(100, ge=1, le=MAX_LIMIT, description="rows per page"),
                 cursor: str | None = Query(None, description="the `next` value of the "
                                                              "previous page")):
        self.limit = limit
        self.cursor = cursor

    def offset(self, key: str) -> int:
        if not self.cursor:
            return 0
        try:
            raw = base64.urlsafe_b64decode(self.cursor + "=" * (-len(self.cursor) % 4))
            obj = json.loads(raw)
            offset, k = obj["o"], obj["k"]
        except (ValueError, TypeError, KeyError, UnicodeDecodeError):
            raise WebError("EW406", "cursor is not one this server gave out") from None
        if (not isinstance(offset, int) or isinstance(offset, bool) or
                not 0 <= offset <= _MAX_OFFSET):
            raise WebError("EW406", "cursor is not one this server gave out")
        if k != key:
            raise WebError("EW406", "cursor belongs to a query with other filters")
        return offset

    def next(self, key: str, offset: int, more: bool) -> str | None:
        if not more:
            return None
        raw = json.dumps({"o": offset + self.limit, "k": key}, separators=(",", ":"))
        return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _key(path: str, values: dict[str, Any]) -> str:
    blob = json.dumps([path, values], sort_keys=True, default=str)
    return hashlib.sha1(blob.encode()).hexdigest()[:12]


Format = Literal["json", "csv", "geojson"]


# ---------------------------------------------------------------- output forms

def _cell(v: Any) -> Any:
    if v is None:
        return ""
    if isinstance(v, (list, tuple)):
        return "; ".join("" if x is None else str(x) for x in v)
    if isinstance(v, bool):
        return "true" if v else "false"
    return v


def _csv(rows: list[dict], columns: list[str], name: str) -> Response:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    w.writeheader()
    for r in rows:
        w.writerow({c: _cell(r.get(c)) for c in columns})
    return Response(buf.getvalue(), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'inline; filename="{name}.csv"'})


def _geojson(rows: list[dict], nxt: str | None) -> Response:
    feats = []
    for r in rows:
        if r.get("lat") is None or r.get("lon") is None:
            continue
        props = {k: v for k, v in r.items() if k not in ("lat", "lon")}
        feats.append({"type": "Feature", "id": f"{r.get('article')}/{r.get('id')}",
                      "geometry": {"type": "Point", "coordinates": [r["lon"], r["lat"]]},
                      "properties": props})
    return JSONResponse({"type": "FeatureCollection", "features": feats, "next": nxt},
                        media_type="application/geo+json")


def _listing(rows: list[dict], page: Page, offset: int, key: str, fmt: str,
             columns: list[str], name: str) -> Response | dict:
    more = len(rows) > page.limit
    rows = rows[:page.limit]
    nxt = page.next(key, offset, more)
    if fmt == "csv":
        resp = _csv(rows, columns, name)
        if nxt:
            resp.headers["X-Next-Cursor"] = nxt
        return resp
    if fmt == "geojson":
        if "lat" not in columns:
            raise WebError("EW406", f"format=geojson is offered for events and places only, "
                                    f"not {name}")
        return _geojson(rows, nxt)
    return JSONResponse({"items": rows, "count": len(rows), "next": nxt})


# ---------------------------------------------------------------- the ASGI guard

class _Guard:
    """Outermost ASGI layer: refuses request bodies over ``max_body`` bytes (EW403,
    413) and turns any unexpected exception into a coded JSON 500 (EW407), the
    traceback going to the server log only."""

    def __init__(self, app: Callable, max_body: int):
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False
        overflow = False               # the body grew past the limit while being read
        too_big = _error("EW403", f"request body over the limit of {self.max_body} bytes", 413)

        async def send_(message):
            nonlocal started
            if overflow:               # whatever the app answers, the answer is 413
                if message["type"] == "http.response.start" and not started:
                    started = True
                    await too_big(scope, receive, send)
                return
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        async def answer(resp: Response) -> None:
            await resp(scope, receive, send_)

        length = dict(scope.get("headers") or []).get(b"content-length")
        if length is not None:
            try:
                if int(length) > self.max_body:
                    await answer(too_big)
                    return
            except ValueError:
                await answer(_error("EW406", "Content-Length is not a number", 400))
                return
        seen = 0

        async def receive_():
            nonlocal seen, overflow
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_body:
                    overflow = True    # the app's body read fails: the endpoint never runs
                    raise _BodyTooLarge()
            return message

        try:
            await self.app(scope, receive_, send_)
        except Exception:
            if overflow:
                if not started:
                    await too_big(scope, receive, send)
                return
            log.exception("unexpected error on %s %s", scope.get("method"), scope.get("path"))
            if not started:
                await answer(_error("EW407", "internal server error", 500))


class _BodyTooLarge(Exception):
    pass


# ---------------------------------------------------------------- the app

class _Answers:
    """The last ``size`` answers of the aggregate endpoints, each kept with the store's
    change stamp when it was computed (``Store.change_stamp``: the SQLite file and its
    WAL, or PostgreSQL's snapshot): a change to the store (a write by this server or by
    anyone else) makes every kept answer stale. ``size=0``: keep none."""

    def __init__(self, stamp: Callable[[], tuple], size: int):
        self.stamp = stamp
        self.size = size
        self.kept: OrderedDict[tuple, tuple[tuple, bytes]] = OrderedDict()
        self.lock = threading.Lock()

    def answer(self, request: Request, compute: Callable[[], Any]) -> Response:
        if self.size <= 0:
            return JSONResponse(compute())
        key = (request.url.path, tuple(sorted(request.query_params.multi_items())))
        stamp = self.stamp()
        with self.lock:
            hit = self.kept.get(key)
            if hit is not None and hit[0] == stamp:
                self.kept.move_to_end(key)
                return Response(hit[1], media_type="application/json",
                                headers={"X-Cache": "hit"})
        body = bytes(JSONResponse(compute()).body)
        with self.lock:
            self.kept[key] = (stamp, body)
            self.kept.move_to_end(key)
            while len(self.kept) > self.size:
                self.kept.popitem(last=False)
        return Response(body, media_type="application/json", headers={"X-Cache": "miss"})


def settle_heap() -> None:
    """Collect once, then keep every object alive now (the imported code, spaCy's
    tables) out of the garbage collector's full scans. A long-running server otherwise
    rescans that whole heap every few requests whose answers build many objects (the
    timeline of 100,000 events: 75-110 ms per full collection on a loaded 2-core
    machine, the whole tail of its latency). Called once by ``eventwire serve``
    before it starts serving; call it likewise when running :func:`create_app`'s app
    under another server."""
    gc.collect()
    gc.freeze()


def create_app(db: str, write_token: str | None = None, cors_origins: Iterable[str] = (),
               max_body: int = 1_000_000, max_batch: int = 100, settings=None,
               cache_size: int = 256) -> Any:
    """The ASGI app serving the store at ``db`` (which must exist).

    ``write_token``: enables ``POST /api/articles`` for requests bearing it.
    ``cors_origins``: origins allowed by CORS (none by default).
    ``max_body``: largest request body in bytes; ``max_batch``: most articles per POST.
    ``settings``: :class:`~eventwire.config.Settings` for extraction on POST.
    ``cache_size``: how many answers of the aggregate endpoints (timeline, map,
    network, speakers, stats) to keep until the store changes (0: none)."""
    Store(db, readonly=True).close()          # fail now (EW301) rather than per request
    local = threading.local()                 # one read-only connection per worker thread
    opened: list[Store] = []                  # ... all closed when the server stops
    write_lock = threading.Lock()

    def store() -> Store:
        s = getattr(local, "store", None)
        if s is None:
            s = local.store = Store(db, readonly=True, check_same_thread=False)
            with write_lock:
                opened.append(s)
        return s

    answers = _Answers(lambda: store().change_stamp(), cache_size)

    @contextlib.asynccontextmanager
    async def lifespan(_app):
        yield
        with write_lock:
            for s in opened:
                s.close()
            opened.clear()

    app = FastAPI(title="eventwire", version=__version__, lifespan=lifespan,
                  description="Political event data extracted from news articles: events, "
                              "happenings, quotes, places, actors and articles with their "
                              "spans. Read-only unless started with a write token.",
                  docs_url=None, redoc_url=None)

    # ------------------------------------------------------------ errors

    @app.exception_handler(EventwireError)
    async def _coded(request: Request, e: EventwireError):
        status = getattr(e, "status", None) or _STATUS.get(e.code, 400)
        headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
        return _error(e.code, e.message, status, headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, e: RequestValidationError):
        parts = []
        for err in e.errors()[:5]:
            where = ".".join(str(x) for x in err.get("loc", ()))
            parts.append(f"{where}: {err.get('msg')}")
        return _error("EW406", "; ".join(parts) or "invalid request", 422)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, e: StarletteHTTPException):
        if e.status_code == 404:
            return _error("EW404", f"no such resource: {request.url.path}", 404)
        if e.status_code == 405:
            return _error("EW406", f"method {request.method} not allowed on "
                                   f"{request.url.path}", 405)
        return _error("EW406", str(e.detail), e.status_code)

    # ------------------------------------------------------------ lists

    @app.get("/api/events", tags=["events"],
             summary="Events, newest first (undated last), with filters and pagination")
    def get_events(request: Request, f: Filters = Depends(), page: Page = Depends(),
                   format: Format = "json"):
        key = _key("events", f.values)
        off = page.offset(key)
        rows = store().events(**f.kw(), limit=page.limit + 1, offset=off, newest_first=True)
        return _listing(rows, page, off, key, format, EVENT_CSV, "events")

    @app.get("/api/quotes", tags=["quotes"], summary="Quotes: who said what")
    def get_quotes(page: Page = Depends(), format: Format = "json",
                   speaker: str | None = Query(None, description="speaker as written or "
                                                                 "actor name (substring)"),
                   actor: str | None = Query(None, description="speaker's actor code or "
                                                               "country (prefix)"),
                   q: str | None = Query(None, description="full-text search in quote content"),
                   since: str | None = None, until: str | None = None):
        vals = {"speaker": speaker, "actor": actor, "search": q, "since": since, "until": until}
        key = _key("quotes", vals)
        off = page.offset(key)
        rows = store().quotes(**vals, limit=page.limit + 1, offset=off)
        return _listing(rows, page, off, key, format, QUOTE_CSV, "quotes")

    @app.get("/api/quotes/speakers", tags=["quotes"], summary="Quote counts by speaker")
    def get_speakers(request: Request, speaker: str | None = None, q: str | None = None,
                     since: str | None = None, until: str | None = None,
                     limit: int = Query(50, ge=1, le=MAX_LIMIT)):
        return answers.answer(request, lambda: {"items": aggregates.speakers(
            store(), search=q, speaker=speaker, since=since, until=until, limit=limit)})

    @app.get("/api/places", tags=["places"], summary="Place mentions with coordinates")
    def get_places(page: Page = Depends(), format: Format = "json",
                   name: str | None = Query(None, description="place name (substring)"),
                   country: str | None = Query(None, description="ISO3 country"),
                   bbox: str | None = Query(None, description="west,south,east,north")):
        vals: dict[str, Any] = {"name": name, "country": country, "bbox": _bbox(bbox)}
        key = _key("places", vals)
        off = page.offset(key)
        rows = store().places(**vals, limit=page.limit + 1, offset=off)
        return _listing(rows, page, off, key, format, PLACE_CSV, "places")

    @app.get("/api/actors", tags=["actors"], summary="Actors by name, with event counts")
    def get_actors(page: Page = Depends(), format: Literal["json", "csv"] = "json",
                   name: str | None = Query(None, description="name, text or code (substring)"),
                   country: str | None = Query(None, description="ISO3 country")):
        vals = {"name": name, "country": country}
        key = _key("actors", vals)
        off = page.offset(key)
        rows = aggregates.actors(store(), **vals, limit=page.limit + 1, offset=off)
        return _listing(rows, page, off, key, format, ACTOR_CSV, "actors")

    @app.get("/api/articles", tags=["articles"], summary="Articles with extraction counts")
    def get_articles(page: Page = Depends(), format: Literal["json", "csv"] = "json",
                     q: str | None = Query(None, description="full-text search"),
                     since: str | None = None, until: str | None = None):
        vals = {"search": q, "since": since, "until": until}
        key = _key("articles", vals)
        off = page.offset(key)
        rows = store().articles(**vals, limit=page.limit + 1, offset=off)
        return _listing(rows, page, off, key, format, ARTICLE_CSV, "articles")

    @app.get("/api/articles/{article_id}", tags=["articles"],
             summary="One article: the full record with every span")
    def get_article(article_id: str):
        s = store()
        rec = s.record(article_id)
        if rec is None:
            raise WebError("EW404", f"no article with id {article_id!r}", 404)
        out = rec.as_dict()
        out["happenings"] = aggregates.happening_links(s, article_id)
        return out

    @app.get("/api/happenings", tags=["events"],
             summary="Happenings: one row per real-world event across articles")
    def get_happenings(page: Page = Depends(), f: Filters = Depends(), format: Format = "json",
                       min_sources: int | None = Query(None, ge=1, le=2**63 - 1, description="reported by "
                                                                         "at least N outlets"),
                       mentions: bool = Query(False, description="with each one's mentions")):
        s = store()
        if not aggregates.has_happenings(s):
            raise WebError("EW405", "this store has no happenings layer (build it with "
                                    "'eventwire dedup')", 404)
        vals = {k: v for k, v in f.kw().items() if k in (
            "actor", "country", "type", "since", "until", "place", "search")}
        key = _key("happenings", {**vals, "min_sources": min_sources, "mentions": mentions})
        off = page.offset(key)
        rows = s.happenings(**vals, min_sources=min_sources, with_mentions=mentions,
                            limit=off + page.limit + 1)[off:]
        return _listing(rows, page, off, key, format, HAPPENING_CSV, "happenings")

    @app.get("/api/happenings/{happening_id}", tags=["events"],
             summary="One happening, with the mentions (events in articles) merged into it")
    def get_happening(happening_id: str):
        s = store()
        if not aggregates.has_happenings(s):
            raise WebError("EW405", "this store has no happenings layer (build it with "
                                    "'eventwire dedup')", 404)
        row = s.happening(happening_id)
        if row is None:
            raise WebError("EW404", f"no happening with id {happening_id!r}", 404)
        return JSONResponse(row)

    @app.get("/api/search", tags=["articles"], summary="Full-text search: articles and quotes")
    def get_search(q: str = Query(..., min_length=1, description="FTS5 query or plain words"),
                   limit: int = Query(20, ge=1, le=200)):
        s = store()
        return {"articles": s.articles(search=q, limit=limit),
                "quotes": s.quotes(search=q, limit=limit)}

    @app.get("/api/stats", tags=["stats"], summary="Counts, and what this server offers")
    def get_stats(request: Request):
        return answers.answer(request, stats)

    def stats() -> dict:
        s = store()
        out = s.stats()
        span = s.sql("SELECT min(day) AS first, max(day) AS last FROM events")[0]
        out["server"] = {"version": __version__, "writable": write_token is not None,
                         "happenings": aggregates.has_happenings(s),
                         "plover_types": list(PLOVER_TYPES), "days": span,
                         "max_body": max_body, "max_batch": max_batch}
        return out

    # ------------------------------------------------------------ aggregates (views)

    @app.get("/api/timeline", tags=["views"],
             summary="Events per day or week by PLOVER type, with mean Goldstein")
    def get_timeline(request: Request, f: Filters = Depends(),
                     unit: Literal["day", "week", "auto"] = "day"):
        return answers.answer(request, lambda: aggregates.timeline(store(), f.kw(), unit))

    @app.get("/api/map", tags=["views"], summary="Events at their coordinates, clustered")
    def get_map(request: Request, f: Filters = Depends(), zoom: int = Query(2, ge=0, le=18)):
        return answers.answer(request, lambda: aggregates.event_map(store(), f.kw(), zoom))

    @app.get("/api/map/places", tags=["views"],
             summary="Places at their coordinates with mention counts (a map layer)")
    def get_map_places(request: Request,
                       country: str | None = Query(None, description="ISO3 country"),
                       bbox: str | None = Query(None, description="west,south,east,north"),
                       limit: int = Query(1000, ge=1, le=5000)):
        box = _bbox(bbox)
        return answers.answer(request, lambda: aggregates.place_points(store(), country, box,
                                                                       limit))

    @app.get("/api/network", tags=["views"], summary="Actor network: who acts on whom")
    def get_network(request: Request, f: Filters = Depends(),
                    max_edges: int = Query(150, ge=1, le=1000)):
        return answers.answer(request, lambda: aggregates.network(store(), f.kw(), max_edges))

    # ------------------------------------------------------------ writes

    def _authorise(request: Request) -> None:
        if write_token is None:
            raise WebError("EW402", "this server is read-only (start it with --write-token "
                                    "to accept writes)", 403)
        auth = request.headers.get("authorization", "")
        scheme, _, token = auth.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise WebError("EW401", "send the write token as 'Authorization: Bearer TOKEN'",
                           401)
        if not hmac.compare_digest(token.strip().encode(), write_token.encode()):
            raise WebError("EW402", "the write token is wrong", 403)

    @app.post("/api/articles", tags=["articles"], status_code=201,
              summary="Extract and store one article or a batch (write token required)",
              dependencies=[Depends(_authorise)])
    def post_articles(body: ArticleIn | ArticleBatch | list[ArticleIn]):
        items = (body.articles if isinstance(body, ArticleBatch)
                 else body if isinstance(body, list) else [body])
        if not items:
            raise WebError("EW406", "the batch holds no article")
        if len(items) > max_batch:
            raise WebError("EW403", f"batch of {len(items)} articles over the limit of "
                                    f"{max_batch}", 413)
        from ..api import process
        from ..config import Settings
        from ..ingest import InputProblem
        with write_lock:                      # one extraction at a time (the model is shared)
            records, problems = [], []
            objs = [it.model_dump(exclude_none=True) for it in items]
            for r in process(objs, settings=settings or Settings()):
                if isinstance(r, InputProblem):
                    problems.append({"where": r.where, "code": r.code, "message": r.message})
                else:
                    records.append(r)
            with Store(db) as w:
                counts = w.write_batch(records) if records else {}
        return {**counts, "problems": problems,
                "articles": [{"id": r.article.id, "events": len(r.events),
                              "quotes": len(r.quotes),
                              "errors": [e.as_dict() for e in r.errors]} for r in records]}

    # ------------------------------------------------------------ the UI

    static = resources.files("eventwire.web") / "static"

    @app.get("/", include_in_schema=False)
    def index():
        return FileResponse(str(static / "index.html"))

    @app.get("/docs", include_in_schema=False)
    def docs():
        return FileResponse(str(static / "api.html"))

    app.mount("/static", StaticFiles(directory=str(static)), name="static")

    cors = [o for o in cors_origins if o]
    if cors:
        from fastapi.middleware.cors import CORSMiddleware
        app.add_middleware(CORSMiddleware, allow_origins=cors, allow_methods=["GET", "POST"],
                           allow_headers=["Authorization", "Content-Type"])
    app.state.db = db
    app.add_middleware(_Guard, max_body=max_body)   # outermost of the app's own layers
    return app
