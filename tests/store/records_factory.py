"""Hand-built contract records for the store tests (spans slice the text exactly)."""
from __future__ import annotations

from eventwire.records import (Actor, Article, ErrorItem, Event, EventDate, EventLocation, Place,
                               Quote, Record, Sentence, Time)


def _sp(text: str, part: str, start: int = 0) -> tuple[int, int]:
    i = text.index(part, start)
    return (i, i + len(part))


def lavrov_record(date: str = "2015-05-21", aid: str = "art-lavrov") -> Record:
    text = ("Russian Foreign Minister Sergei Lavrov met Iraqi Prime Minister Haider al-Abadi "
            "in Moscow on Thursday.\n\n\"Terrorism is our common enemy,\" Lavrov said. "
            "Russia pledged weapons to Iraq last week.")
    s1 = text.index("\n\n")
    lav, iraq_pm, rus, irq = ("a1", "a2", "a3", "a4")
    actors = [
        Actor(lav, "Sergei Lavrov", "Russian Foreign Minister Sergei Lavrov",
              _sp(text, "Russian Foreign Minister Sergei Lavrov"),
              [_sp(text, "Russian Foreign Minister Sergei Lavrov"), _sp(text, "Lavrov", s1)],
              "RUS", "GOV", "RUSGOV", "person"),
        Actor(iraq_pm, "Haider al-Abadi", "Iraqi Prime Minister Haider al-Abadi",
              _sp(text, "Iraqi Prime Minister Haider al-Abadi"),
              [_sp(text, "Iraqi Prime Minister Haider al-Abadi")], "IRQ", "GOV", "IRQGOV", "person"),
        Actor(rus, "Russia", "Russia", _sp(text, "Russia", s1), [_sp(text, "Russia", s1)],
              "RUS", None, "RUS", "state"),
        Actor(irq, "Iraq", "Iraq", _sp(text, "Iraq", s1), [_sp(text, "Iraq", s1)],
              "IRQ", None, "IRQ", "state"),
    ]
    places = [Place("p1", "Moscow", _sp(text, "Moscow"), "Moscow", 524901, 55.75, 37.62, "RUS",
                    "Moscow", "P.PPLC", 10381222)]
    times = [Time("t1", "Thursday", _sp(text, "Thursday"), "DATE", date, None, date, date, "weekday"),
             Time("t2", "last week", _sp(text, "last week"), "DATE", "2015-W20", None,
                  "2015-05-11", "2015-05-17")]
    events = [
        Event("e1", 0, "met", _sp(text, "met"), "CONSULT", "040", None, [], "04", 1, 1.0,
              [lav], [iraq_pm], date=EventDate(date, "t1"), location=EventLocation("p1"),
              rule="consult.meet", confidence=0.9),
        Event("e2", 2, "pledged", _sp(text, "pledged"), "AID", "070", None, ["military"], "07", 2,
              7.0, [rus], [irq], modality="intended", date=EventDate("2015-W20", "t2"),
              rule="aid.pledge", confidence=0.7),
    ]
    quotes = [Quote("q1", "direct", "Terrorism is our common enemy,",
                    _sp(text, "Terrorism is our common enemy,"), "said", _sp(text, "said"),
                    "Lavrov", _sp(text, "Lavrov", s1), lav)]
    sents = [Sentence(0, (0, s1)), Sentence(1, _sp(text, "\"Terrorism is our common enemy,\" Lavrov said.")),
             Sentence(2, _sp(text, "Russia pledged weapons to Iraq last week."))]
    return Record(Article(aid, text, "Lavrov meets Abadi in Moscow", date, "https://example.org/1",
                          "Example Wire", "in/lavrov.txt"),
                  sents, actors, events, quotes, places, times, [])


def protest_record(aid: str = "art-protest", date: str = "2019-03-02") -> Record:
    text = "Protesters marched in Caracas on Saturday, the opposition leader said."
    actors = [Actor("a1", "protesters", "Protesters", _sp(text, "Protesters"),
                    [_sp(text, "Protesters")], "VEN", "CVL", "VENCVL", "group"),
              Actor("a2", "opposition leader", "the opposition leader",
                    _sp(text, "the opposition leader"), [_sp(text, "the opposition leader")],
                    "VEN", "OPP", "VENOPP", "person")]
    places = [Place("p1", "Caracas", _sp(text, "Caracas"), "Caracas", 3646738, 10.49, -66.88,
                    "VEN", "Capital", "P.PPLC", 3000000)]
    events = [Event("e1", 0, "marched", _sp(text, "marched"), "PROTEST", "141", "demonstrate",
                    [], "14", 3, -6.5, ["a1"], [], modality="reported", reported_by="a2",
                    date=EventDate(None, None, True), location=EventLocation("p1"),
                    rule="protest.march", confidence=0.6)]
    quotes = [Quote("q1", "indirect", "Protesters marched in Caracas on Saturday",
                    _sp(text, "Protesters marched in Caracas on Saturday"), "said",
                    _sp(text, "said"), "the opposition leader", _sp(text, "the opposition leader"),
                    "a2")]
    return Record(Article(aid, text, "Protest in Caracas", date, None, None, None),
                  [Sentence(0, (0, len(text)))], actors, events, quotes, places, [],
                  [ErrorItem("EW106", "example warning kept with the article")])


def small_record(n: int) -> Record:
    """A small, distinct record (for bulk tests)."""
    text = f"Army {n} attacked village {n}."
    return Record(Article(f"bulk-{n}", text, f"Bulk {n}", "2020-01-01"),
                  [Sentence(0, (0, len(text)))],
                  [Actor("a1", f"Army {n}", f"Army {n}", _sp(text, f"Army {n}"),
                         [_sp(text, f"Army {n}")], "SYR", "MIL", "SYRMIL", "organization")],
                  [Event("e1", 0, "attacked", _sp(text, "attacked"), "ASSAULT", "190",
                         source=["a1"], rule="assault.attack")],
                  [], [Place("p1", f"village {n}", _sp(text, f"village {n}"))], [], [])
