"""WARC input: HTML responses become articles with url and date from the WARC headers."""
from __future__ import annotations

import gzip
import json

import pytest

from eventwire.ingest import estimate_total, read_inputs
from eventwire.records import Article

from .warc_factory import page, write_warc

BODY = ("Ministers from two neighbouring countries met in a border town on Tuesday to discuss "
        "water rights.\nThey agreed to meet again next month in the capital.")
RECORDS = [
    ("https://news.example/a", "2024-03-05T10:00:00Z", "200 OK", "text/html; charset=utf-8",
     page("Water talks", BODY)),
    ("https://news.example/logo.png", "2024-03-05T10:00:01Z", "200 OK", "image/png",
     b"\x89PNG\r\n\x1a\n"),
    ("https://news.example/old", "2024-03-05T10:00:02Z", "301 Moved Permanently", "text/html",
     b"<a href='/a'>moved</a>"),
    ("https://news.example/b", "2024-03-06T11:30:00Z", "200 OK", "text/html; charset=iso-8859-1",
     page("Caf\xe9 talks", BODY.replace("Tuesday", "Friday")).decode("utf-8").encode("latin-1")),
    ("https://news.example/menu", "2024-03-06T11:31:00Z", "200 OK", "text/html",
     b"<html><body><nav>Home | World</nav></body></html>"),
]


def _kinds(items):
    return [(type(x).__name__, getattr(x, "url", None) or getattr(x, "code", None)) for x in items]


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_html_responses_become_articles_with_url_and_date_from_the_headers(tmp_path, name):
    items = list(read_inputs([str(write_warc(tmp_path / name, RECORDS))]))
    assert _kinds(items) == [("Article", "https://news.example/a"),
                             ("Article", "https://news.example/b"), ("InputProblem", "EW107")]
    a, b, menu = items
    assert a.date == "2024-03-05T10:00:00+00:00" and b.date.startswith("2024-03-06T11:30")
    assert a.title == "Water talks" and b.title == "Caf\u00e9 talks"   # charset from HTTP
    assert a.path.endswith(f"{name}#1") and menu.where.endswith(f"{name}#5")
    assert "https://news.example/menu" in menu.message


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_corrupt_stretches_are_reported_and_reading_goes_on(tmp_path, name):
    garbage = {1: b"\x00\x13 not a record \r\n\r\n", 3: b"WARC/1.0\r\nbroken: yes\r\n\r\n",
               5: b"\x1f\x8b\x08 trailing junk"}
    items = list(read_inputs([str(write_warc(tmp_path / name, RECORDS, between=garbage))]))
    arts = [x for x in items if isinstance(x, Article)]
    assert [x.url for x in arts] == ["https://news.example/a", "https://news.example/b"]
    bad = [x for x in items if not isinstance(x, Article) and x.code == "EW130"]
    assert len(bad) >= 2 and all("reading went on" in x.message for x in bad)


def test_truncated_and_empty_archives(tmp_path):
    p = write_warc(tmp_path / "t.warc.gz", RECORDS[:1] * 3)
    p.write_bytes(p.read_bytes()[:-40])
    items = list(read_inputs([str(p)]))
    assert _kinds(items)[:2] == [("Article", "https://news.example/a")] * 2
    assert items[-1].code == "EW130"
    (tmp_path / "e.warc").write_bytes(b"")
    assert [x.code for x in read_inputs([str(tmp_path / "e.warc")])] == ["EW102"]
    (tmp_path / "z.warc.gz").write_bytes(gzip.compress(b"just some text\n"))
    assert [x.code for x in read_inputs([str(tmp_path / "z.warc.gz")])] == ["EW130"]


def test_directories_pick_up_archives_and_the_total_is_unknown(tmp_path):
    write_warc(tmp_path / "x.warc.gz", RECORDS[:1])
    (tmp_path / "y.jsonl").write_text(json.dumps({"text": "One."}) + "\n")
    assert len(list(read_inputs([str(tmp_path)]))) == 2
    assert estimate_total([str(tmp_path / "y.jsonl")]) == 1
    assert estimate_total([str(tmp_path)]) is None


def test_extract_command_reads_warc(tmp_path):
    from click.testing import CliRunner

    from eventwire.cli import main
    p = write_warc(tmp_path / "c.warc.gz", RECORDS[:1])
    out = tmp_path / "out.jsonl"
    res = CliRunner().invoke(main, ["extract", str(p), "-o", str(out)])
    assert res.exit_code == 0, res.output
    [rec] = [json.loads(x) for x in out.read_text().splitlines()]
    assert rec["article"]["url"] == "https://news.example/a"
    assert rec["article"]["date"].startswith("2024-03-05") and rec["sentences"]
