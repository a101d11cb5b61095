"""Stage times: issue 14's coverage (the nearest month, clock times with a date, signals
that point back or ahead, months with a named year, halves, SET months, year-end,
financial periods, decade words from the article date, weeks of a month, parts of a day
with a mod), on real spaCy parses of invented sentences."""
from __future__ import annotations

import pytest

from eventwire.records import Article


@pytest.fixture(scope="module")
def times_nlp():
    from eventwire.config import Settings
    from eventwire.nlp import load_pipeline
    return load_pipeline(Settings(), stages=("times",))


def run(nlp, text, date):
    from eventwire.nlp import make_doc
    doc = next(nlp.pipe([make_doc(nlp, Article(id="t", text=text, date=date), 10**6)]))
    return doc._.ew_times


def one(nlp, text, expr, date):
    times = run(nlp, text, date)
    hits = [t for t in times if t.text == expr]
    assert hits, f"{expr!r} not found in {[(t.text, t.value) for t in times]}"
    assert text[hits[0].span[0]:hits[0].span[1]] == expr
    return hits[0]


@pytest.mark.parametrize("text, expr, date, value", [
    # no tense to go by: the nearest such month, back or ahead
    ("The farm, worth $2 million in October, is worth half that now.", "October",
     "2016-01-09", "2015-10"),
    ("Teachers may help to prepare the school fair in April.", "April",
     "2016-12-05", "2017-04"),
    # a tense still decides
    ("The rebels seized the city in November.", "November", "2015-05-21", "2014-11"),
    ("Elections will be held in November.", "November", "2015-05-21", "2015-11"),
])
def test_a_month_without_year(times_nlp, text, expr, date, value):
    assert one(times_nlp, text, expr, date).value == value


def test_since_points_back(times_nlp):
    t = one(times_nlp, "Oil prices hit their lowest level since November.", "November", "2012-03-13")
    assert (t.value, t.mod) == ("2011-11", "ON_OR_AFTER")


@pytest.mark.parametrize("text, expr, date, value", [
    ("Bids will be accepted until 11 a.m. CST, Dec. 9, the city said.",
     "until 11 a.m. CST, Dec. 9", "2013-10-30", "2013-12-09T11:00"),
    ("The court has allowed the firm until 4 p.m. Thursday to reply.",
     "until 4 p.m. Thursday", "2016-04-04", "2016-04-07T16:00"),
    ("The council delayed until Wednesday evening its vote on the budget.",
     "Wednesday evening", "2016-03-31", "2016-04-06TEV"),
    ("The strike had been set to end at midnight Saturday.",
     "midnight Saturday", "2016-11-07", "2016-11-05T24:00"),
])
def test_clock_times_and_signals(times_nlp, text, expr, date, value):
    assert one(times_nlp, text, expr, date).value == value


@pytest.mark.parametrize("text, expr, date, value", [
    ("Divers have looked for the boat since the Oct. 23 storm.", "Oct. 23",
     "2014-05-06", "2013-10-23"),
    ("She was named to lead the panel until March 14, when a new chair takes over.",
     "March 14", "2014-06-29", "2015-03-14"),
])
def test_tense_of_perfects_and_infinitives(times_nlp, text, expr, date, value):
    assert one(times_nlp, text, expr, date).value == value


@pytest.mark.parametrize("text, expr, value", [
    ("The mine closed in August last year.", "August last year", "2015-08"),
    ("The bridge should reopen in May of next year.", "May of next year", "2017-05"),
    ("The shop was robbed last Oct. 23 near the port.", "last Oct. 23", "2015-10-23"),
])
def test_a_month_with_its_year_named_from_today(times_nlp, text, expr, value):
    assert one(times_nlp, text, expr, "2016-04-19").value == value


@pytest.mark.parametrize("text, expr, typ, value, mod", [
    ("The road has been shut for 3 1/2 years.", "3 1/2 years", "DURATION", "P3Y6M", None),
    ("The trial took nearly three and a half years.", "nearly three and a half years",
     "DURATION", "P3Y6M", "APPROX"),
    ("The ferry docked an hour and a half later.", "an hour and a half", "DURATION",
     "PT1H30M", None),
    ("The fair opens each September.", "each September", "SET", "XXXX-09", None),
    ("The herds move north every spring.", "every spring", "SET", "XXXX-SP", None),
    ("The new plant should be running by year-end.", "year-end", "DATE", "2016", "END"),
    ("It hopes to finish the work by year's end.", "year's end", "DATE", "2016", "END"),
    ("Sales rose in fiscal 2015, the company said.", "fiscal 2015", "DATE", "2015", None),
    ("Hiring will slow in the last half of 2016.", "the last half of 2016", "DATE", "2016-H2",
     None),
    ("By mid-afternoon, the crowd had gone home.", "mid-afternoon", "TIME", "2016-04-19TAF",
     "MID"),
    ("The hearing will be held the week of Feb. 6.", "week of Feb. 6", "DATE",
     "2017-W06", None),
    ("Exports slumped in the last week of January.", "last week of January", "DATE",
     "2016-W04", None),
])
def test_forms(times_nlp, text, expr, typ, value, mod):
    t = one(times_nlp, text, expr, "2016-04-19")
    assert (t.type, t.value, t.mod) == (typ, value, mod)


def test_financial_periods_follow_the_quarter_named(times_nlp):
    text = ("Revenue grew in the second quarter, against $8 million in the 2015 quarter; "
            "in the year-earlier second quarter the bank lost money.")
    got = {t.text: t.value for t in run(times_nlp, text, "2016-10-30")}
    assert got["the second quarter"] == "2016-Q2"
    assert got["2015 quarter"] == "2015-Q2"
    assert got["the year-earlier second quarter"] == "2015-Q2"


@pytest.mark.parametrize("date, value", [("1998-05-02", "199"), ("2026-05-02", "199"),
                                          (None, "199")])
def test_the_nineties_from_the_article_date(times_nlp, date, value):
    assert one(times_nlp, "Crime fell through the nineties.", "the nineties", date).value == value


def test_the_twenties_in_the_twenties_is_this_decade(times_nlp):
    assert one(times_nlp, "Rents have climbed through the twenties.", "the twenties",
               "2027-05-02").value == "202"
    assert one(times_nlp, "Rents climbed through the twenties.", "the twenties",
               "1999-05-02").value == "192"


def test_the_moment_is_a_time_only_after_at_or_for(times_nlp):
    got = [t.text for t in run(times_nlp, "Nobody can miss the moment. There is no trade at "
                               "the moment.", "2016-04-19")]
    assert got == ["the moment"]
    assert run(times_nlp, "Nobody can miss the moment.", "2016-04-19") == []


@pytest.mark.parametrize("text, expr", [
    ("The bus line offers six trips a week to the coast.", "a week"),
    ("The new dam will earn $40 million a year for the state.", "a year"),
])
def test_a_rate_after_a_count_or_an_amount_is_a_set(times_nlp, text, expr):
    t = one(times_nlp, text, expr, "2016-04-19")
    assert (t.type, t.value) == ("SET", "P1W" if "week" in expr else "P1Y")


def test_a_year_after_a_plain_word_is_still_a_duration(times_nlp):
    t = one(times_nlp, "This lasted for about a year.", "about a year", "2016-04-19")
    assert (t.type, t.value) == ("DURATION", "P1Y")


def test_a_weekday_ending_a_headline_is_no_part_of_the_dateline(times_nlp):
    text = "Markets to stay shut until Friday\nSeptember 18, 2014 The markets stay shut."
    got = {t.text: t.value for t in run(times_nlp, text, "2014-09-18")}
    assert got == {"Friday": "2014-09-19", "September 18, 2014": "2014-09-18"}


@pytest.mark.parametrize("text, expr, value", [
    # 2016-04-22 is a Friday
    ("The union planned a march to the state capitol on Saturday.", "Saturday", "2016-04-23"),
    ("The mayor has scheduled a vote Thursday on the new tax.", "Thursday", "2016-04-28"),
    ("The concert planned for Saturday was called off because of rain.", "Saturday",
     "2016-04-16"),
    ("The rules were changed, effective Jan. 15.", "Jan. 15",
     "2017-01-15"),
])
def test_what_is_planned_or_takes_effect_lies_ahead(times_nlp, text, expr, value):
    assert one(times_nlp, text, expr, "2016-04-22").value == value


def test_the_past_year_is_the_year_before_but_the_past_week_a_duration(times_nlp):
    got = {t.text: (t.type, t.value) for t in run(
        times_nlp, "Rents rose over the past year. Sales slowed over the past week.",
        "2016-04-19")}
    assert got == {"the past year": ("DATE", "2015"), "the past week": ("DURATION", "P1W")}


def test_a_clock_time_with_a_date_and_no_article_date(times_nlp):
    t = one(times_nlp, "The poll stays open until 11 a.m. CST, Dec. 9, officials said.",
            "until 11 a.m. CST, Dec. 9", None)
    assert (t.type, t.value) == ("TIME", "XXXX-12-09T11:00")
