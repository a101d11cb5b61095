"""The web UI in a real browser: Playwright driving Debian's Chromium against a live
``eventwire serve`` process on a store of the example articles.

Screenshots go to ``tests/artifacts/`` (ignored by git; the path is printed).
Chromium comes from ``apt-get install chromium`` (``.ci/run`` installs it); where
it is absent these tests skip and say why."""
from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("EVENTWIRE_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
VIEWS = ["timeline", "map", "network", "article", "quotes"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str):
    with urllib.request.urlopen(url, timeout=10) as r:
        return json.loads(r.read())


@pytest.fixture(scope="module")
def server(example_db):
    """``eventwire serve`` as a subprocess, on a free port."""
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(Path(__file__).resolve().parents[2] / "src"), os.environ.get("PYTHONPATH", "")])}
    proc = subprocess.Popen([sys.executable, "-m", "eventwire.cli", "serve", "--db",
                             str(example_db), "--port", str(port)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                _get(base + "/api/stats")
                break
            except OSError:
                if proc.poll() is not None:
                    pytest.fail("eventwire serve exited: " + proc.stdout.read().decode())
                time.sleep(0.1)
        else:
            pytest.fail("eventwire serve did not answer within 20 s")
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(scope="module")
def browser():
    if not (shutil.which(CHROMIUM) or os.path.exists(CHROMIUM)):
        pytest.skip(f"Chromium not found at {CHROMIUM} (apt-get install chromium; "
                    f".ci/run installs it)")
    sync_api = pytest.importorskip("playwright.sync_api")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    print(f"\nscreenshots in {ARTIFACTS}")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


class Page:
    """A browser page that records console errors and uncaught exceptions."""

    def __init__(self, browser, base: str):
        self.page = browser.new_page(viewport={"width": 1300, "height": 850})
        self.base = base
        self.errors: list[str] = []
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(f"page error: {e}"))

    def open(self, query: str, view: str) -> None:
        self.page.goto(f"{self.base}/?{query}")
        self.page.wait_for_selector(f"body[data-ready={view}]", timeout=15000)

    def renders(self) -> int:
        return int(self.page.evaluate("Number(document.body.dataset.renders || 0)"))

    def wait_render(self, before: int) -> None:
        self.page.wait_for_function(f"Number(document.body.dataset.renders || 0) > {before}",
                                    timeout=15000)

    def shot(self, name: str) -> None:
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)

    def query(self) -> dict[str, str]:
        from urllib.parse import parse_qsl, urlsplit
        return dict(parse_qsl(urlsplit(self.page.url).query))


@pytest.fixture
def page(browser, server):
    p = Page(browser, server)
    yield p
    p.page.close()


def _merge(spans: list[list[int]]) -> list[tuple[int, int]]:
    out: list[list[int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return [tuple(x) for x in out]


# ---------------------------------------------------------------- tests

def test_each_view_loads_without_console_errors(page, server):
    stats = _get(server + "/api/stats")
    network = _get(server + "/api/network")
    for view in VIEWS:
        page.open(f"view={view}", view)
        page.page.wait_for_timeout(300)
        page.shot(f"view-{view}")
        assert page.errors == [], (view, page.errors)
    pg = page.page
    page.open("view=timeline", "timeline")
    assert pg.locator("#timeline-svg rect").count() > 0
    assert pg.locator("#events-table tbody tr").count() == stats["layers"]["events"]
    page.open("view=map&places=1", "map")
    pg.wait_for_selector("path.ev-point")
    assert pg.locator(".leaflet-overlay-pane path").count() > 100      # country outlines
    assert pg.locator("path.place-point").count() == len(_get(server + "/api/map/places")["points"])
    page.shot("map-with-places")
    page.open("view=network", "network")
    assert pg.locator("#network circle").count() == len(network["nodes"])
    assert pg.locator("#network line").count() == len(network["edges"])
    page.open("view=article", "article")
    assert pg.locator("#article-list li").count() == stats["layers"]["articles"]
    page.open("view=quotes", "quotes")
    assert pg.locator("#quotes blockquote").count() == stats["layers"]["quotes"]
    assert page.errors == []


def test_click_on_a_map_point_opens_its_event(page, server):
    cells = _get(server + "/api/map")["cells"]
    def room(c):                     # a point well apart from the others, so none covers it
        return min(abs(c["lat"] - o["lat"]) + abs(c["lon"] - o["lon"]) for o in cells if o is not c)
    single = max((c for c in cells if c["count"] == 1), key=room)
    page.open("view=map", "map")
    before = page.renders()
    page.page.locator(f"path.ev-{single['article']}-{single['id']}").click()
    page.wait_render(before)
    page.page.wait_for_selector("body[data-ready=article] #article:not([hidden])")
    q = page.query()
    assert (q["view"], q["article"], q["event"]) == ("article", single["article"], single["id"])
    assert page.page.locator("#article-events li.selected").get_attribute("data-event") == \
        single["id"]
    page.shot("map-click-opens-event")
    assert page.errors == []


def _highlights(page, cls: str) -> list[tuple[int, int]]:
    spans = page.page.evaluate(
        f"""[...document.querySelectorAll('#article-text .{cls}')].map(
            e => [Number(e.dataset.start), Number(e.dataset.end), e.textContent])""")
    return spans


def test_article_view_highlights_trigger_and_actors_at_their_characters(page, server,
                                                                        store_rows):
    aid = next(a["id"] for a in store_rows["articles"] if a["title"].startswith("Turkey"))
    rec = store_rows["records"][aid]
    text = rec.article.text
    actors = {a.id: a for a in rec.actors}
    checked = 0
    for ev in rec.events:
        if not ev.source or not ev.target:
            continue
        page.open(f"view=article&article={aid}&event={ev.id}", "article")
        trig = _highlights(page, "sel-trigger")
        assert all(text[s:e] == t for s, e, t in trig)            # the words shown are there
        assert _merge([[s, e] for s, e, _ in trig]) == [tuple(ev.trigger_span)]
        want = []
        for x in ev.source + ev.target:
            a = actors[x]
            want += [list(m) for m in a.mentions] + ([list(a.span)] if a.span else [])
        got = _highlights(page, "sel-actor")
        assert all(text[s:e] == t for s, e, t in got)
        assert _merge([[s, e] for s, e, _ in got]) == _merge(want)
        assert "".join(t for *_, t in trig) == ev.trigger_text
        checked += 1
    assert checked >= 2
    page.shot("article-highlights")
    # a click on another event in the list moves the highlight to its words
    other = next(e for e in rec.events if e.id != ev.id and e.trigger_span)
    page.page.locator(f"#article-events li[data-event={other.id}]").click()
    trig = _highlights(page, "sel-trigger")
    assert _merge([[s, e] for s, e, _ in trig]) == [tuple(other.trigger_span)]
    assert page.query()["event"] == other.id
    assert page.errors == []


def test_a_filter_set_in_one_view_changes_the_others_and_survives_reload(page, server):
    pg = page.page
    page.open("view=timeline", "timeline")
    all_rows = pg.locator("#events-table tbody tr").count()
    before = page.renders()
    pg.select_option("#filters select[name=type]", "CONSULT")
    page.wait_render(before)
    assert page.query()["type"] == "CONSULT"
    types = pg.locator("#events-table tbody tr td:nth-child(2)").all_inner_texts()
    assert types and set(types) == {"CONSULT"} and len(types) < all_rows
    page.shot("filter-timeline")

    want_map = _get(server + "/api/map?type=CONSULT")["total"]
    before = page.renders()
    pg.click("#views a[data-view=map]")
    page.wait_render(before)
    assert pg.locator("#map-total").inner_text().split()[0] == str(want_map)
    page.shot("filter-map")

    want_net = _get(server + "/api/network?type=CONSULT")
    before = page.renders()
    pg.click("#views a[data-view=network]")
    page.wait_render(before)
    assert pg.locator("#network line").count() == len(want_net["edges"]) > 0
    page.shot("filter-network")

    pg.reload()
    pg.wait_for_selector("body[data-ready=network]")
    assert pg.locator("#filters select[name=type]").input_value() == "CONSULT"
    assert pg.locator("#network line").count() == len(want_net["edges"])
    assert page.query() == {"view": "network", "type": "CONSULT"}
    assert page.errors == []


def test_brushing_the_timeline_filters_the_other_views(page, server):
    pg = page.page
    page.open("view=timeline&unit=day", "timeline")
    box = pg.locator("#timeline-svg").bounding_box()
    before = page.renders()
    y = box["y"] + box["height"] / 2
    pg.mouse.move(box["x"] + 45, y)                 # from the left edge of the plot ...
    pg.mouse.down()
    pg.mouse.move(box["x"] + box["width"] * 0.3, y, steps=8)   # ... over the first bars
    pg.mouse.up()
    page.wait_render(before)
    q = page.query()
    assert q["since"] and q["until"] and q["since"] <= q["until"]
    dates = pg.locator("#events-table tbody tr td:nth-child(1)").all_inner_texts()
    events = _get(f"{server}/api/events?since={q['since']}&until={q['until']}")["items"]
    assert len(dates) == len(events) > 0
    assert all(q["since"] <= e["day"] <= q["until"] for e in events)
    page.shot("brush-timeline")
    before = page.renders()
    pg.click("#views a[data-view=quotes]")
    page.wait_render(before)
    quotes = _get(f"{server}/api/quotes?since={q['since']}&until={q['until']}")["items"]
    assert pg.locator("#quotes blockquote").count() == len(quotes)
    assert page.errors == []
