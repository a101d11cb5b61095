"""Fuzzing every reader (JSON Lines, text, HTML, WARC, feeds) with generated bad input:
no exception ever, every bad input a coded problem, every good record in the same input
still read (and, end to end, stored). Bounded: a few thousand inputs, well under a minute."""
from __future__ import annotations

import json
from pathlib import Path
from xml.sax.saxutils import escape

from hypothesis import HealthCheck, given, settings, strategies as st

from eventwire.errors import CODES
from eventwire.ingest import InputProblem, read_inputs
from eventwire.ingest.feeds import parse_feed
from eventwire.records import Article

from .ingest.warc_factory import page, warc_records

FUZZ = settings(deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow, HealthCheck.data_too_large])

# invented text long enough to be an article
BODY = ("The council of Velmora voted on Tuesday to open the river port to ships from Kolstan, "
        "ending a dispute that had closed the border crossing for two years.")


def _coded(x) -> bool:
    return isinstance(x, InputProblem) and x.code in CODES and bool(x.where) and bool(x.message)


def _read(tmp_path: Path, name: str, data: bytes) -> list:
    p = tmp_path / name
    p.write_bytes(data)
    return list(read_inputs([str(p)]))


# ---------------------------------------------------------------- JSON Lines

good_records = st.fixed_dictionaries(
    {"text": st.text(min_size=1).filter(lambda t: t.strip() and "\x00" not in t)},
    optional={"id": st.text(min_size=1, max_size=8), "title": st.text(max_size=20),
              "date": st.one_of(st.none(), st.text(max_size=12), st.integers()),
              "url": st.text(max_size=20)})
bad_lines = st.one_of(
    st.binary(max_size=40).map(lambda b: b"\xff" + b),                 # not UTF-8
    st.text(max_size=30).map(lambda t: ("{" + t).encode("utf-8")),      # broken JSON
    st.sampled_from([b"[1, 2]", b"42", b'"text"', b"null", b'{"text": ""}',
                     b'{"text": 7}', b'{"title": "no text"}', b'{"text": "\\ud800"}']),
)


def _good_json(line: bytes) -> bool:
    try:
        obj = json.loads(line.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        return False
    if not isinstance(obj, dict) or not isinstance(obj.get("text"), str) or not obj["text"].strip():
        return False
    try:
        obj["text"].encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


@settings(FUZZ, max_examples=800)
@given(st.lists(st.one_of(good_records.map(lambda d: ("good", d)),
                          bad_lines.map(lambda b: ("bad", b))), max_size=12))
def test_jsonl_lines(tmp_path, lines):
    tmp = tmp_path
    raw = []
    for kind, v in lines:
        b = json.dumps(v).encode("utf-8") if kind == "good" else v.replace(b"\n", b" ")
        raw.append(b)
    items = _read(tmp, "in.jsonl", b"\n".join(raw))
    expected = [(n, b) for n, b in enumerate(raw, 1) if b.strip()]
    if not expected:
        assert [x.code for x in items] == ["EW102"]                  # an empty file
        return
    assert len(items) == len(expected)
    for item, (n, b) in zip(items, expected):
        if _good_json(b):
            assert isinstance(item, Article) and item.text == json.loads(b)["text"]
        else:
            assert _coded(item) and item.where.endswith(f"in.jsonl:{n}"), (b, item)


# ---------------------------------------------------------------- text and HTML

@settings(FUZZ, max_examples=400)
@given(st.binary(max_size=300), st.sampled_from(["a.txt", "a.html"]))
def test_text_and_html_files_of_random_bytes(tmp_path, data, name):
    tmp = tmp_path / "dir"
    tmp.mkdir(exist_ok=True)
    for old in tmp.iterdir():
        old.unlink()
    good = tmp / "good.txt"
    good.write_text(f"Council votes\n\nMay 2, 2023\n\n{BODY}\n")
    (tmp / name).write_bytes(data)
    items = list(read_inputs([str(tmp)]))
    assert len(items) == 2
    assert any(isinstance(x, Article) and x.path == str(good) for x in items)
    other = [x for x in items if getattr(x, "path", None) != str(good)]
    assert isinstance(other[0], Article) or _coded(other[0])


markup = st.lists(st.one_of(st.text(max_size=30), st.sampled_from(
    ["<p>", "</p>", "<div>", "<script>", "</script>", "<article>", "<!--", "-->", "<![CDATA[",
     "<meta charset='bogus'>", "&#xD800;", "&amp", "<title>", "<html>", "</html>", "<br/>",
     "<p>" + BODY + "</p>"])), max_size=20).map("".join)


@settings(FUZZ, max_examples=300)
@given(markup)
def test_html_of_random_markup(tmp_path, html):
    [item] = _read(tmp_path, "p.html", html.encode("utf-8", "surrogatepass"))
    assert isinstance(item, Article) or _coded(item)


# ---------------------------------------------------------------- WARC

def _pages(n: int) -> list[tuple]:
    return [(f"https://news.example/{i}", f"2024-03-{i + 1:02d}T10:00:00Z", "200 OK",
             "text/html", page(f"Vote {i}", f"Report {i}. " + BODY)) for i in range(n)]


GOOD_WARC = {gz: warc_records(_pages(4), gz) for gz in (False, True)}


@settings(FUZZ, max_examples=150)      # each example extracts four pages with trafilatura
@given(st.booleans(), st.dictionaries(st.integers(0, 4), st.binary(min_size=1, max_size=60),
                                      max_size=3),
       st.integers(0, 80))
def test_warc_with_garbage_between_records_and_a_cut_tail(tmp_path, gz, garbage, cut):
    parts = GOOD_WARC[gz]
    blob = b"".join(garbage.get(i, b"") + p for i, p in enumerate(parts)) + garbage.get(4, b"")
    if cut:
        blob += parts[0][:cut]                                       # a record cut short
    items = _read(tmp_path, "x.warc.gz" if gz else "x.warc", blob)
    urls = [x.url for x in items if isinstance(x, Article)]
    problems = [x for x in items if not isinstance(x, Article)]
    assert all(_coded(x) and x.code in ("EW130", "EW107") for x in problems), problems
    assert urls == [f"https://news.example/{i}" for i in range(4)], (garbage, cut, urls)
    noisy = any(g.strip() for g in garbage.values()) or cut
    assert problems or not noisy, (garbage, cut)


# ---------------------------------------------------------------- feeds

BAD_LINKS = ["", "   ", "mailto:desk@example.org", "javascript:alert(1)", "ftp://files.example/x",
             "http://", "https://:80/", "http://host:port/"]
titles = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=30)


@settings(FUZZ, max_examples=400)
@given(st.lists(st.one_of(st.tuples(st.just("good"), titles),
                          st.tuples(st.sampled_from(BAD_LINKS), titles)), max_size=10),
       st.sampled_from(["rss", "atom"]))
def test_feeds_with_bad_entries_keep_the_good_ones(entries, kind):
    links = [f"https://news.example/p{i}" if k == "good" else k for i, (k, _) in enumerate(entries)]
    if kind == "rss":
        items = "".join(f"<item><title>{escape(t)}</title><link>{escape(link)}</link></item>"
                        for link, (_, t) in zip(links, entries))
        doc = f'<?xml version="1.0"?><rss version="2.0"><channel><title>W</title>{items}</channel></rss>'
    else:
        items = "".join(f'<entry><title>{escape(t)}</title><link href="{escape(link)}"/></entry>'
                        for link, (_, t) in zip(links, entries))
        doc = f'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>W</title>{items}</feed>'
    got, problems = parse_feed(doc.encode("utf-8"), "https://news.example/feed")
    good = [link for link, (k, _) in zip(links, entries) if k == "good"]
    assert [e.link for e in got] == good
    assert len(problems) == len(entries) - len(good)
    assert all(_coded(p) and p.code == "EW132" for p in problems)


@settings(FUZZ, max_examples=500)
@given(st.one_of(st.binary(max_size=200), markup.map(lambda s: s.encode("utf-8", "replace")),
                 st.text(max_size=80).map(lambda t: f"<rss><channel>{t}".encode("utf-8",
                                                                                "replace"))),
       st.sampled_from(["", "application/rss+xml", "text/html", "image/png"]))
def test_feed_documents_of_random_bytes(body, ctype):
    entries, problems = parse_feed(body, "https://news.example/feed", ctype)
    assert all(_coded(p) for p in problems)
    assert all(e.link.startswith(("http://", "https://")) for e in entries)


# ---------------------------------------------------------------- end to end

def test_good_records_in_bad_inputs_are_stored(tmp_path, nlp):
    """One mixed folder through the real pipeline into the store."""
    from eventwire.runner import ingest_to_store
    from eventwire.store import Store
    d = tmp_path / "in"
    d.mkdir()
    (d / "a.jsonl").write_bytes(b"\n".join([
        json.dumps({"id": "j1", "text": "Report one. " + BODY}).encode(), b"\xff\xfe",
        b'{"text": ', json.dumps({"id": "j2", "text": "Report two. " + BODY}).encode()]))
    (d / "b.warc.gz").write_bytes(b"junk" + b"".join(GOOD_WARC[True][:2]) + b"\x1f\x8b\x08zz")
    (d / "c.txt").write_bytes(b"\x00\x01binary")
    (d / "d.html").write_text(f"<html><body><article><p>{BODY}</p></article></body></html>")
    s = ingest_to_store([str(d)], str(tmp_path / "s.db"))
    with Store(str(tmp_path / "s.db")) as st_:
        urls = {r["url"] for r in st_.sql("SELECT url FROM articles")}
        ids = {r["id"] for r in st_.sql("SELECT id FROM articles")}
        codes = sorted(r["code"] for r in st_.sql("SELECT code FROM errors"))
    assert s.articles == 5 and {"j1", "j2"} <= ids
    assert {"https://news.example/0", "https://news.example/1"} <= urls
    assert codes == ["EW103", "EW103", "EW104", "EW130", "EW130"]
