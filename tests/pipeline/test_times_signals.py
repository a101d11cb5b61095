"""Stage times: signal mods, fiscal years, and the rule dispatch read from the
patterns without Python's private regex parser."""
from __future__ import annotations

import re

import pytest

from eventwire.records import Article

DCT = "2024-03-14"


@pytest.fixture(scope="module")
def times_nlp():
    from eventwire.config import Settings
    from eventwire.nlp import load_pipeline
    return load_pipeline(Settings(), stages=("times",))


def run(nlp, text):
    from eventwire.nlp import make_doc
    doc = next(nlp.pipe([make_doc(nlp, Article(id="t", text=text, date=DCT), 10**6)]))
    return {t.text: (t.value, t.mod) for t in doc._.ew_times}


def test_signal_words_give_mods(times_nlp):
    got = run(times_nlp, "Prices have risen since 2021. They fell before 2019 and after June, "
                         "and held until May 5.")
    assert got["2021"] == ("2021", "ON_OR_AFTER")
    assert got["2019"] == ("2019", "BEFORE")
    assert got["June"][1] == "AFTER"
    assert got["May 5"] == ("2023-05-05", "ON_OR_BEFORE")


def test_plain_date_has_no_mod(times_nlp):
    assert run(times_nlp, "The plant opened in 2021.")["2021"] == ("2021", None)


def test_fiscal_years(times_nlp):
    # the year the fiscal year is named for, as TempEval-3's news annotations give it
    got = run(times_nlp, "Revenue grew in fiscal 2023 and is forecast to slow in FY25.")
    assert got["fiscal 2023"][0] == "2023"
    assert got["FY25"][0] == "2025"


def test_modifiers_inside_the_expression(times_nlp):
    got = run(times_nlp, "The talks began in early 2020, stalled by mid-2021 and ended in late May.")
    assert got["early 2020"] == ("2020", "START")
    assert got["mid-2021"] == ("2021", "MID")
    assert got["late May"][1] == "END"


@pytest.mark.parametrize("pattern,text", [
    (r"(?:the\s+)?(?P<n>\d+)\s+days?", "the 3 days"),
    (r"[Ss]ince\s+(?P<y>\d{4})", "since 2020"),
    (r"(?:mid|late)-?(?P<y>\d{4})", "mid-2021"),
    (r"(?-i:May)\s+\d{1,2}", "May 5"),
])
def test_prefixes_cover_every_match(pattern, text):
    """The dispatch never leaves out a rule that matches: the first characters of
    any match are among the prefixes read from the pattern."""
    from eventwire.pipeline.times import _K, _parse, _prefixes
    assert re.fullmatch(pattern, text, re.IGNORECASE)
    prefixes = _prefixes(_parse(pattern), _K)
    assert re.sub(r"\s", " ", text[:_K].lower()) in prefixes


def test_too_wide_a_pattern_is_tried_everywhere():
    from eventwire.pipeline.times import _TooMany, _parse, _prefixes
    with pytest.raises(_TooMany):
        _prefixes(_parse(r"\w+\s+ago"), 3)


def test_every_packaged_rule_is_read():
    from eventwire.pipeline.times import TimesStage
    stage = TimesStage()
    assert stage.always == []          # every packaged rule has a bounded set of prefixes


def test_durations_keep_their_quantity_modifiers(times_nlp):
    got = run(times_nlp, "The siege lasted more than two weeks, with at least three days under fire "
                         "and up to 40 hours without water.")
    assert got["more than two weeks"] == ("P2W", "MORE_THAN")
    assert got["at least three days"] == ("P3D", "EQUAL_OR_MORE")
    assert got["up to 40 hours"] == ("PT40H", "EQUAL_OR_LESS")


def test_entity_spans_are_the_docs_entities(times_nlp):
    """The stage reads entity spans from the token arrays; they are doc.ents exactly."""
    from eventwire.nlp import make_doc
    from eventwire.pipeline.times import entity_spans
    text = ("Theresa May met Emmanuel Macron in Paris on Friday, May 3, 2019, and the "
            "United Nations said 2,000 troops would leave by next spring.")
    doc = next(times_nlp.pipe([make_doc(times_nlp, Article(id="e", text=text, date=DCT), 10**6)]))
    assert doc.ents
    assert entity_spans(doc) == [(e.start_char, e.end_char, e.label_) for e in doc.ents]
