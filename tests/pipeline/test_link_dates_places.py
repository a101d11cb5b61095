"""Stage link: an event takes the time and place tied to it in the parse, else the article's."""
from __future__ import annotations

import pytest

from eventwire.nlp import load_pipeline, make_doc
from eventwire.pipeline.link import link_stage
from eventwire.records import Article, Event, Place, Time


@pytest.fixture(scope="module")
def nlp():
    """The model with the link stage only: these tests set the other layers by hand."""
    return load_pipeline(stages=())


def _doc(nlp, text, date="2015-05-21"):
    doc = next(nlp.pipe([make_doc(nlp, Article(id="x", text=text, date=date), 10**6)]))
    doc._.ew_times, doc._.ew_places, doc._.ew_events = [], [], []
    return doc


def _span(text, s, nth=0):
    """Character span of the ``nth`` (0-based) occurrence of ``s`` in ``text``."""
    start = 0
    for _ in range(nth):
        start = text.index(s, start) + 1
    begin = text.index(s, start)
    return (begin, begin + len(s))


def _event(doc, i, trigger, nth=0):
    sp = _span(doc.text, trigger, nth)
    return Event(id=f"e{i}", sentence=0, trigger_text=trigger, trigger_span=sp,
                 plover_type="ASSAULT", cameo_code="190")


def _time(doc, i, text, value, typ="DATE"):
    return Time(id=f"t{i}", text=text, span=_span(doc.text, text), type=typ, value=value)


def _place(doc, i, text, literal=True):
    return Place(id=f"p{i}", text=text, span=_span(doc.text, text), lat=1.0, lon=2.0,
                 literal=literal)


def test_clause_time_and_place_win(nlp):
    text = ("Militants overran the town of Hit last weekend, and on Thursday the group "
            "seized Palmyra in Syria.")
    doc = _doc(nlp, text)
    doc._.ew_times = [_time(doc, 1, "last weekend", "2015-W20-WE"),
                      _time(doc, 2, "Thursday", "2015-05-21")]
    doc._.ew_places = [_place(doc, 1, "Hit"), _place(doc, 2, "Palmyra"), _place(doc, 3, "Syria")]
    doc._.ew_events = [_event(doc, 1, "overran"), _event(doc, 2, "seized")]
    link_stage(doc)
    e1, e2 = doc._.ew_events
    assert (e1.date.value, e1.date.time, e1.date.defaulted) == ("2015-W20-WE", "t1", False)
    assert (e2.date.value, e2.date.time) == ("2015-05-21", "t2")
    assert e1.location.place == "p1" and e2.location.place == "p2"


def test_defaults_to_article_date_and_skips_durations_and_metonyms(nlp):
    text = "Moscow said it would send troops over the past week."
    doc = _doc(nlp, text)
    doc._.ew_times = [_time(doc, 1, "the past week", "P1W", "DURATION")]
    doc._.ew_places = [_place(doc, 1, "Moscow", literal=False)]
    doc._.ew_events = [_event(doc, 1, "send")]
    link_stage(doc)
    ev = doc._.ew_events[0]
    assert (ev.date.value, ev.date.time, ev.date.defaulted) == ("2015-05-21", None, True)
    assert (ev.location.place, ev.location.defaulted) == (None, False)


def test_dateline_place_is_the_default_location(nlp):
    text = "BAGHDAD (Reuters) - Gunmen attacked a checkpoint, police said."
    doc = _doc(nlp, text)
    doc._.ew_places = [_place(doc, 1, "BAGHDAD")]
    doc._.ew_events = [_event(doc, 1, "attacked")]
    link_stage(doc)
    ev = doc._.ew_events[0]
    # BAGHDAD is in the sentence, but the dateline is not part of the clause
    assert ev.location.place == "p1"


def test_time_of_the_governing_verb_dates_reported_events(nlp):
    text = "Putin said on Thursday that Russia would supply weapons to Iraq."
    doc = _doc(nlp, text)
    doc._.ew_times = [_time(doc, 1, "Thursday", "2015-05-21")]
    doc._.ew_events = [_event(doc, 1, "supply")]
    link_stage(doc)
    assert doc._.ew_events[0].date.time == "t1"


def test_a_time_elsewhere_in_the_sentence_comes_before_the_article_date(nlp):
    text = ("The remarks repeated a pledge she gave in early March when she said Ankara "
            "would help Libya.")
    doc = _doc(nlp, text)
    doc._.ew_times = [_time(doc, 1, "early March", "2015-03")]
    doc._.ew_events = [_event(doc, 1, "help")]
    link_stage(doc)
    ev = doc._.ew_events[0]
    assert (ev.date.value, ev.date.time, ev.date.defaulted) == ("2015-03", "t1", False)


def test_a_time_in_another_sentence_does_not_date_the_event(nlp):
    doc = _doc(nlp, "Talks ended on Monday. Rebels attacked the town.")
    doc._.ew_times = [_time(doc, 1, "Monday", "2015-05-18")]
    doc._.ew_events = [_event(doc, 1, "attacked")]
    link_stage(doc)
    assert doc._.ew_events[0].date.defaulted is True


def test_the_time_tied_to_the_trigger_beats_the_dateline_date(nlp):
    """Issue 9: the event's own "last Tuesday" dates it, not the dateline's date that
    the parse hangs under the trigger's subject in the same sentence."""
    text = ("TORVAN, Norland, May 21 (Wirenews) - Rebels shelled army positions and several "
            "villages around the town of Sake in the northern province last Tuesday, the army "
            "said.")
    doc = _doc(nlp, text)
    doc._.ew_times = [_time(doc, 1, "May 21", "2015-05-21"),
                      _time(doc, 2, "last Tuesday", "2015-05-19")]
    doc._.ew_events = [_event(doc, 1, "shelled")]
    link_stage(doc)
    ev = doc._.ew_events[0]
    assert (ev.date.value, ev.date.time, ev.date.defaulted) == ("2015-05-19", "t2", False)


def test_a_dateline_date_alone_leaves_the_event_on_the_article_date(nlp):
    text = "ARUNDEL, Norland, May 20 (Wirenews) - Militia fighters shelled border posts."
    doc = _doc(nlp, text)
    doc._.ew_times = [_time(doc, 1, "May 20", "2015-05-20")]
    doc._.ew_events = [_event(doc, 1, "shelled")]
    link_stage(doc)
    ev = doc._.ew_events[0]
    assert (ev.date.value, ev.date.time, ev.date.defaulted) == ("2015-05-21", None, True)


def test_fewer_dependency_links_win_within_the_clause(nlp):
    """Both times are under the trigger; the one that modifies it directly wins over one
    inside its object ("the depot built in 1998"), though that one is nearer in words."""
    text = "On Monday, after a long siege, government troops seized the depot built in 1998."
    doc = _doc(nlp, text)
    doc._.ew_times = [_time(doc, 1, "Monday", "2015-05-18"), _time(doc, 2, "1998", "1998")]
    doc._.ew_events = [_event(doc, 1, "seized")]
    link_stage(doc)
    assert doc._.ew_events[0].date.time == "t1"
