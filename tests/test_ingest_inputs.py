"""Ingest: each input form, and every kind of bad input gives a coded problem."""
from __future__ import annotations

import io
import json

from eventwire.ingest import InputProblem, content_id, normalise_date, read_inputs
from eventwire.ingest.text import parse_dump

DUMP = ("\n\nTalks Open in Geneva\n\nMarch 3, 2020\n\n\n\nDiplomats met in Geneva on Monday.\n\n"
        "They agreed to meet again.\n\nOriginal url:\n\n<https://example.org/a>\n")


def _read(tmp_path, name, content, **kw):
    p = tmp_path / name
    p.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return list(read_inputs([str(p)], **kw))


def test_text_dump_layout(tmp_path):
    [art] = _read(tmp_path, "a.txt", DUMP)
    assert art.title == "Talks Open in Geneva"
    assert art.date == "2020-03-03"
    assert art.url == "https://example.org/a"
    assert art.text == "Diplomats met in Geneva on Monday.\n\nThey agreed to meet again."
    assert art.id == content_id(art.text)


def test_text_without_date_line_is_body_only():
    title, date, body, url = parse_dump("Just a body line.\nAnd another one.\nAnd a third.")
    assert (title, date, url) == (None, None, None)
    assert body.startswith("Just a body line.")


def test_seed_txt_and_jsonl_store_the_same_body(shared):
    seed = shared / "eval" / "data" / "seed"
    [txt] = list(read_inputs([str(seed / "article.txt")]))
    [js] = list(read_inputs([str(seed / "article.jsonl")]))
    assert txt.text == js.text and txt.date == js.date == "2015-05-21"


def test_jsonl_good_and_bad_lines_keep_going(tmp_path):
    lines = [json.dumps({"id": "a", "text": "One.", "date": "2015-05-21"}), "{not json",
             json.dumps({"id": "b"}), json.dumps(["a list"]), "",
             json.dumps({"text": "Two.", "date": "the day after"})]
    items = _read(tmp_path, "in.jsonl", "\n".join(lines))
    kinds = [(type(x).__name__, getattr(x, "code", None)) for x in items]
    assert kinds == [("Article", None), ("InputProblem", "EW104"), ("InputProblem", "EW105"),
                     ("InputProblem", "EW104"), ("Article", None)]
    assert items[1].where.endswith("in.jsonl:2") and items[2].where.endswith("in.jsonl:3")
    last = items[-1]
    assert last.date is None and last.errors[0].code == "EW106"
    assert last.id == content_id("Two.")


def test_empty_binary_and_invalid_utf8_files(tmp_path):
    assert _read(tmp_path, "e.txt", "  \n")[0].code == "EW102"
    assert _read(tmp_path, "b.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00")[0].code == "EW103"
    good, bad = _read(tmp_path, "u.jsonl", b'{"text": "ok"}\n{"text": "caf\xe9"}\n')
    assert bad.code == "EW103" and bad.where.endswith("u.jsonl:2")
    assert good.text == "ok"                       # the other lines are still read


def test_missing_path_and_unknown_extension(tmp_path):
    (tmp_path / "x.pdf").write_text("hello")
    probs = list(read_inputs([str(tmp_path / "nope.txt"), str(tmp_path / "x.pdf")]))
    assert [p.code for p in probs] == ["EW101", "EW109"]
    assert all(isinstance(p, InputProblem) and str(tmp_path) in p.render() for p in probs)


def test_directory_is_read_recursively_in_order(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.jsonl").write_text(json.dumps({"id": "b", "text": "B."}) + "\n")
    (tmp_path / "a.jsonl").write_text(json.dumps({"id": "a", "text": "A."}) + "\n")
    (tmp_path / "notes.md").write_text("ignored: not an input form")
    assert [a.id for a in read_inputs([str(tmp_path)])] == ["a", "b"]


def test_stdin_is_jsonl():
    items = list(read_inputs(["-"], stdin=io.BytesIO(b'{"text": "From stdin."}\n')))
    assert items[0].text == "From stdin."


def test_html_article_and_page_without_article(tmp_path):
    body = " ".join(["The ministers met in Vienna on Monday to discuss the nuclear deal."] * 6)
    html = (f"<html><head><title>Vienna talks</title><meta name='date' content='2016-01-04'>"
            f"</head><body><nav>Home | World</nav><article><h1>Vienna talks</h1>"
            f"<p>{body}</p><p>{body}</p></article></body></html>")
    [art] = _read(tmp_path, "a.html", html)
    assert "ministers met in Vienna" in art.text and art.title == "Vienna talks"
    assert art.date == "2016-01-04"
    [prob] = _read(tmp_path, "empty.html", "<html><body><nav>Home</nav></body></html>")
    assert prob.code == "EW107"


def test_date_forms():
    assert normalise_date("2015-05-21") == "2015-05-21"
    assert normalise_date("2015-05-21T10:30:00Z") == "2015-05-21T10:30:00+00:00"
    assert normalise_date("May 21, 2015") == "2015-05-21"
    assert normalise_date("21 May 2015") == "2015-05-21"
    assert normalise_date("someday") is None


def test_huge_text_is_read_then_truncated_with_a_coded_error(tmp_path, nlp):
    from eventwire.nlp import make_doc
    big = ("Officials met in Paris. " * 2_200_000)  # about 53 MB
    p = tmp_path / "big.jsonl"
    p.write_text(json.dumps({"id": "big", "text": big}) + "\n")
    [art] = list(read_inputs([str(p)]))
    doc = make_doc(nlp, art, max_chars=1_000_000)
    assert len(doc.text) == 1_000_000
    assert doc._.ew_errors[0].code == "EW113"


def test_json_file_with_one_document_or_a_list(tmp_path):
    one = _read(tmp_path, "one.json", json.dumps({"article": {"id": "s", "text": "Seed."},
                                                  "events": []}, indent=2))
    assert [a.id for a in one] == ["s"]
    many = _read(tmp_path, "many.json", json.dumps([{"text": "A."}, {"title": "no text"}]))
    assert many[0].text == "A." and many[1].code == "EW105"


def test_lone_surrogate_and_line_separators_in_jsonl(tmp_path):
    lines = ['{"id": "s", "text": "ok \\ud800"}', '{"id": "u", "text": "one\u2028two"}']
    items = _read(tmp_path, "odd.jsonl", "\n".join(lines))
    assert items[0].code == "EW103" and items[0].where.endswith("odd.jsonl:1")
    assert items[1].id == "u" and items[1].text == "one\u2028two"


def test_invalid_utf8_on_stdin_is_one_problem_per_line():
    stream = io.BytesIO(b'{"text": "caf\xe9"}\n{"text": "fine"}\n')
    items = list(read_inputs(["-"], stdin=stream))
    assert items[0].code == "EW103" and items[0].where == "<stdin>:1"
    assert items[1].text == "fine"


HTML_PAGE = ("<html><head><title>Talks Open in Geneva</title></head><body><article>"
             "<h1>Talks Open in Geneva</h1><p>Diplomats from both sides met in Geneva on Monday "
             "and agreed to meet again next month to discuss the ceasefire terms.</p>"
             "</article></body></html>")


def test_stdin_honours_input_format_html():
    items = list(read_inputs(["-"], input_format="html",
                             stdin=io.BytesIO(HTML_PAGE.encode("utf-8"))))
    assert len(items) == 1 and not isinstance(items[0], InputProblem), items
    assert "Diplomats from both sides met in Geneva" in items[0].text
    assert items[0].path == "<stdin>"


def test_stdin_honours_input_format_text():
    [art] = list(read_inputs(["-"], input_format="text", stdin=io.BytesIO(DUMP.encode("utf-8"))))
    assert art.title == "Talks Open in Geneva" and art.date == "2020-03-03"
    assert art.text == "Diplomats met in Geneva on Monday.\n\nThey agreed to meet again."


def test_stdin_text_with_bad_utf8_is_one_coded_problem():
    [p] = list(read_inputs(["-"], input_format="text", stdin=io.BytesIO(b"Caf\xe9 talks\n")))
    assert isinstance(p, InputProblem) and p.code == "EW103" and p.where == "<stdin>:1"
