"""Feeds: polled from a real HTTP server on loopback, every failure an error row, never a stop."""
from __future__ import annotations

import time

import pytest

from eventwire.errors import CODES, InputError
from eventwire.ingest.feeds import (FeedOptions, Fetcher, FetchError, FetchOptions, parse_every,
                                    parse_feed, poll_feeds, read_feed_list)
from eventwire.store import Store

from .feed_server import ARTICLES, FeedServer, rss

FAST = FetchOptions(timeout=0.5, deadline=5.0, retries=1, backoff=0.05, host_interval=0.0)
OPTIONS = FeedOptions(retry_base=0.2, fetch=FAST)

# what each bad link of the test feed must leave in the errors table
EXPECTED_PAGE_ERRORS = {"/slow": "EW131", "/missing": "EW131", "/error": "EW131",
                        "/big": "EW133", "/big-chunked": "EW133", "/image": "EW134",
                        "/loop": "EW131", "/private/memo": "EW135", "/empty-page": "EW107"}
EXPECTED_FEED_ERRORS = {"/malformed.xml": "EW132", "/not-a-feed.png": "EW134",
                        "/slow-feed.xml": "EW131", "/gone.xml": "EW131"}


@pytest.fixture(scope="module")
def two_polls(tmp_path_factory):
    """Two polls of a good feed and four bad ones; the first poll meets a flaky page."""
    db = str(tmp_path_factory.mktemp("feeds") / "feeds.db")
    with FeedServer(slow=1.5) as srv:
        feeds = [srv.base + "/feed.xml"] + [srv.base + p for p in EXPECTED_FEED_ERRORS]
        polls, problems = [], []
        first = poll_feeds(feeds, db, once=True, options=OPTIONS, report=problems.append,
                           on_poll=lambda n, r: polls.append(r))
        with Store(db) as store:
            after_first = {r["url"]: dict(r) for r in store.sql("SELECT * FROM feed_items")}
        time.sleep(0.25)  # the failed entries' retry time passes
        second = poll_feeds(feeds, db, once=True, options=OPTIONS, report=problems.append,
                            on_poll=lambda n, r: polls.append(r))
        hits = {k: list(v) for k, v in srv.hits.items()}
        feed_headers = srv.headers["/feed.xml"]
        base = srv.base
    with Store(db) as store:
        yield dict(db=db, base=base, first=first, second=second, polls=polls, hits=hits,
                   problems=problems, after_first=after_first, feed_headers=feed_headers,
                   errors=store.sql("SELECT path, code, message FROM errors"),
                   articles=store.sql("SELECT id, url, date, title FROM articles"),
                   items={r["url"]: r for r in store.sql("SELECT * FROM feed_items")})


def test_good_pages_are_stored_with_the_feed_date_and_title(two_polls):
    arts = {a["url"].removeprefix(two_polls["base"]): a for a in two_polls["articles"]}
    assert set(arts) == set(ARTICLES)
    assert arts["/news/talks"]["title"] == ARTICLES["/news/talks"][0]
    assert arts["/news/talks"]["date"].startswith("2025-04-01")
    assert all(two_polls["items"][two_polls["base"] + p]["state"] == "done" for p in ARTICLES)


def test_every_failure_is_an_error_row_and_the_loop_goes_on(two_polls):
    base = two_polls["base"]
    by_path = {}
    for e in two_polls["errors"]:
        by_path.setdefault(e["path"], set()).add(e["code"])
    for path, code in {**EXPECTED_PAGE_ERRORS, **EXPECTED_FEED_ERRORS}.items():
        assert code in by_path.get(base + path, set()), (path, by_path.get(base + path))
    entry_problem = [p for p, codes in by_path.items() if p.startswith(base + "/feed.xml#")]
    assert entry_problem and by_path[entry_problem[0]] == {"EW132"}  # the mailto: entry
    assert all(e["code"] in CODES for e in two_polls["errors"])
    assert len(two_polls["polls"]) == 2 and two_polls["second"].problems > 0


def test_failed_pages_are_tried_again_later_and_a_flaky_one_gets_in(two_polls):
    base = two_polls["base"]
    assert two_polls["after_first"][base + "/news/flaky"]["state"] == "failed"
    assert two_polls["items"][base + "/news/flaky"]["state"] == "done"
    assert two_polls["items"][base + "/missing"]["tries"] == 2
    assert two_polls["second"].articles == 1    # only the flaky page, nothing parsed twice


def test_conditional_get_with_the_stored_etag(two_polls):
    assert two_polls["feed_headers"].get("If-None-Match") == '"v1"'
    assert two_polls["feed_headers"].get("If-Modified-Since")
    assert two_polls["polls"][1].not_modified == 1
    assert two_polls["polls"][1].new_entries == 0


def test_no_page_of_the_feed_is_read_past_the_size_limit_or_the_robots_rules(two_polls):
    assert "/private/memo" not in two_polls["hits"]
    assert len(two_polls["hits"]["/robots.txt"]) == 2      # once per site and run


def test_retries_back_off_and_the_host_interval_is_kept():
    with FeedServer() as srv:
        with Fetcher(FetchOptions(timeout=2, retries=2, backoff=0.2, host_interval=0)) as f:
            srv.flaky_failures = 2
            assert f.get(srv.base + "/news/flaky").status == 200
            t = srv.hits["/news/flaky"]
            assert len(t) == 3 and t[1] - t[0] >= 0.18 and t[2] - t[1] >= 0.38  # 0.2, then 0.4
            with pytest.raises(FetchError) as e:
                f.get(srv.base + "/missing")
            assert e.value.code == "EW131" and e.value.status == 404
            assert len(srv.hits["/missing"]) == 1               # a 404 is not retried at once
        with Fetcher(FetchOptions(timeout=2, retries=0, host_interval=0.3)) as f:
            for p in ("/news/talks", "/news/protest", "/robots.txt"):
                f.get(srv.base + p)
            starts = sorted(srv.hits["/news/talks"] + srv.hits["/news/protest"]
                            + srv.hits["/robots.txt"])
            assert all(b - a >= 0.25 for a, b in zip(starts, starts[1:])), starts


def test_parse_feed_entries_and_bad_documents():
    entries, problems = parse_feed(rss("https://wire.example", ["/a", "mailto:x@y.z", "/b"]),
                                   "https://wire.example/feed")
    assert [e.link for e in entries] == ["https://wire.example/a", "https://wire.example/b"]
    assert entries[0].date.startswith("2025-04-01")
    assert [p.code for p in problems] == ["EW132"] and problems[0].where.endswith("#2")
    for body, code in [(b"", "EW132"), (b"\x00\x01\x02", "EW132"), (b"<html><p>hi</p></html>",
                                                                     "EW132")]:
        assert parse_feed(body, "https://f.example/x")[1][0].code == code
    assert parse_feed(b"GIF89a", "u", "image/gif")[1][0].code == "EW134"


def test_feed_list_and_durations(tmp_path):
    lst = tmp_path / "feeds.txt"
    lst.write_text("# outlets\nhttps://a.example/rss\n\nhttp://b.example/atom.xml  # b\n")
    assert read_feed_list([str(lst), "https://c.example/f"]) == [
        "https://a.example/rss", "http://b.example/atom.xml", "https://c.example/f"]
    lst.write_text("ftp://nope\n")
    with pytest.raises(InputError) as e:
        read_feed_list([str(lst)])
    assert e.value.code == "EW101" and e.value.where.endswith(":1")
    assert parse_every("15m") == 900 and parse_every("30s") == 30 and parse_every("2h") == 7200
    assert parse_every("90") == 90
    with pytest.raises(ValueError):
        parse_every("soon")


def test_feeds_command_once(tmp_path):
    from click.testing import CliRunner

    from eventwire.cli import main
    db = tmp_path / "cli.db"
    with FeedServer(slow=0.1) as srv:
        res = CliRunner().invoke(main, ["feeds", srv.base + "/feed.xml", srv.base + "/gone.xml",
                                        "--db", str(db), "--once", "--timeout", "1", "--retries", "0",
                                        "--host-interval", "0", "--max-bytes", "2000000"])
    assert res.exit_code == 0, res.output
    assert "poll 1:" in res.output and "[EW131]" in res.output and "Traceback" not in res.output
    with Store(str(db)) as store:
        assert store.sql("SELECT count(*) AS n FROM articles")[0]["n"] == 2   # flaky failed
        assert store.sql("SELECT count(*) AS n FROM errors WHERE code = 'EW133'")[0]["n"] == 2
    res = CliRunner().invoke(main, ["feeds", "https://a.example/f", "--every", "soon"])
    assert res.exit_code == 2 and "--every" in res.output


def test_a_poller_killed_between_store_and_bookkeeping_stores_nothing_twice(tmp_path, nlp):
    """The state a kill -9 can leave: an entry 'extracted' whose article is stored, one
    'extracted' whose article never made it. The next poll settles both, fetching only
    the second page again."""
    from eventwire.store.ingest_state import IngestState
    db = str(tmp_path / "k.db")
    with FeedServer() as srv:
        feed = srv.base + "/feed.xml"
        opts = FeedOptions(fetch=FAST)
        poll_feeds([feed], db, once=True, options=opts)
        talks, protest = srv.base + "/news/talks", srv.base + "/news/protest"
        with Store(db) as store:
            st = IngestState(store)
            assert st.item(talks)["article_id"]
            st.set_item(talks, "extracted")
            st.set_item(protest, "extracted")
            store.delete_article(st.item(protest)["article_id"])   # its batch never committed
            n_before = len(srv.hits["/news/talks"]), len(srv.hits["/news/protest"])
        poll_feeds([feed], db, once=True, options=opts)
        assert len(srv.hits["/news/talks"]) == n_before[0]      # settled, not fetched again
        assert len(srv.hits["/news/protest"]) == n_before[1] + 1  # lost: fetched again
    with Store(db) as store:
        st = IngestState(store)
        assert st.item(talks)["state"] == st.item(protest)["state"] == "done"
        urls = [r["url"] for r in store.sql("SELECT url FROM articles")]
    assert sorted(urls) == sorted(set(urls)) and talks in urls and protest in urls
