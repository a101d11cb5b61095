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


# -- issue 14: TBAQ value F1 (invented sentences) ---------------------------------------

@pytest.mark.parametrize("text, expr, typ, value", [
    # a month or season with a year read aloud (broadcast transcripts)
    ("The trial opened in March nineteen ninety-six.", "March nineteen ninety-six",
     "DATE", "1996-03"),
    ("Snow closed the mountain pass in the winter of nineteen ninety-two.",
     "winter of nineteen ninety-two", "DATE", "1992-WI"),
    # plural weekdays are sets
    ("The market is open on Saturdays.", "Saturdays", "SET", "XXXX-WXX-6"),
    ("The night market opens on Friday nights in summer.", "Friday nights", "SET",
     "XXXX-WXX-5TNI"),
    # "will one day": some day ahead; "one day" otherwise a day long
    ("Scientists say the city will one day run out of water.", "one day", "DATE", "FUTURE_REF"),
    ("The strike lasted one day.", "one day", "DURATION", "P1D"),
    # the fiscal year named from today
    ("The firm expects higher sales in the current fiscal year.", "the current fiscal year",
     "DATE", "2016"),
    ("Sales reached $2 billion in the latest fiscal year.", "the latest fiscal year", "DATE",
     "2015"),
    # "couple of" is two; decades without a number are some years
    ("The port will be rebuilt in the next couple of years.", "the next couple of years",
     "DURATION", "P2Y"),
    ("It was the latest turn in a decades-long feud.", "decades-long", "DURATION", "PXY"),
])
def test_issue14_forms(times_nlp, text, expr, typ, value):
    t = one(times_nlp, text, expr, "2016-04-19")
    assert (t.type, t.value) == (typ, value)


def test_the_quarter_in_view_a_year_back(times_nlp):
    text = ("The firm lost $2 million in the third quarter, against a profit of $1 million for "
            "the corresponding period last year. Exports in last year's quarter reached $3 million. "
            "For the quarter a year ago, it earned $4 million.")
    got = {t.text: t.value for t in run(times_nlp, text, "2016-10-30")}
    assert got["the corresponding period last year"] == "2015-Q3"
    assert got["last year's quarter"] == "2015-Q3"
    assert got["the quarter a year ago"] == "2015-Q3"


@pytest.mark.parametrize("text, expr, value", [
    # 2016-04-23 is a Saturday
    # an infinitive subject is no plan: the Friday just past
    ("To finish the rally on Friday was his goal, the driver said.", "Friday",
     "2016-04-22"),
    # a plan already behind: "had been due to"
    ("The permit had been due to lapse on Friday evening.", "Friday evening", "2016-04-22TEV"),
    ("The permit is due to expire on Friday.", "Friday", "2016-04-29"),
    # "the previous Friday", "the following Monday" count from the last day named
    ("The talks opened on April 13 and closed the following Monday.", "following Monday",
     "2016-04-18"),
    ("Talks resumed on April 13; they had broken down the previous Friday.", "previous Friday",
     "2016-04-08"),
])
def test_weekdays_against_plans_and_anchors(times_nlp, text, expr, value):
    assert one(times_nlp, text, expr, "2016-04-23").value == value


def test_a_year_named_as_a_bound_is_not_the_year_in_view(times_nlp):
    text = ("The group plans to open ten stores by 2019. Its chief expects sales to grow in the "
            "full year.")
    got = {t.text: t.value for t in run(times_nlp, text, "2016-10-30")}
    assert got == {"2019": "2019", "the full year": "2016"}


@pytest.mark.parametrize("text, kept", [
    ('The governor defended the plan on "Sunday Morning," the network\'s talk show.', []),
    ("The spy film ``Tomorrow Never Dies'' opened in 1997 in London.", ["1997"]),
    ("The coach told ''60 Minutes.'' that he would stay.", []),
    # quoted speech is no title
    ('"Next Monday we vote," he said. He called "this week" decisive.',
     ["Next Monday", "this week"]),
])
def test_a_quoted_title_is_no_time(times_nlp, text, kept):
    assert [t.text for t in run(times_nlp, text, "2016-04-19")] == kept


@pytest.mark.parametrize("text, expr, value, mod", [
    # 2016-04-19 is a Tuesday; Easter 2016 was March 27 (ISO week 12)
    ("Pilgrims crowded the city during Easter week.", "Easter week", "2016-W12", None),
    ("He fell ill the day before last Friday's final.", "day before last Friday", "2016-04-14",
     None),
    ("The bridge should reopen by the end of the month.", "the end of the month", "2016-04",
     "END"),
    ("Talks began on March 3. By the middle of the month a deal was near.",
     "the middle of the month", "2016-03", "MID"),
    ("The report is due at the end of the week.", "the end of the week", "2016-W16", "END"),
])
def test_parts_of_a_week_or_month_and_a_day_from_a_weekday(times_nlp, text, expr, value, mod):
    t = one(times_nlp, text, expr, "2016-04-19")
    assert (t.value, t.mod) == (value, mod)


def test_the_day_before_alone_still_counts_from_the_last_date(times_nlp):
    got = {t.text: t.value for t in run(times_nlp, "She arrived on April 12. The day before, "
                                        "she had called.", "2016-04-19")}
    assert got["The day before"] == "2016-04-11"


@pytest.mark.parametrize("text, expr, typ, value", [
    ("The museum will stay closed for a while.", "a while", "DURATION", "PXX"),
    ("The concert was moved to a later date.", "a later date", "DATE",
     "FUTURE_REF"),
])
def test_vague_spans_of_time(times_nlp, text, expr, typ, value):
    t = one(times_nlp, text, expr, "2016-04-19")
    assert (t.type, t.value) == (typ, value)


def test_a_while_ago_is_no_duration(times_nlp):
    assert [t.value for t in run(times_nlp, "A while ago he left the party.", "2016-04-19")
            if t.text == "a while"] == []


def test_the_week_alone_is_no_time(times_nlp):
    got = run(times_nlp, "Friday was the busiest day of the week.", "2016-04-19")
    assert [t.text for t in got] == ["Friday"]


def test_a_part_of_day_told_by_a_clause_is_no_time(times_nlp):
    assert run(times_nlp, "Farmers still talk about the evening the dam burst.",
               "2016-04-19") == []
    got = run(times_nlp, "Shells fell on the camp during the night, a nurse said.", "2016-04-19")
    assert [(t.text, t.value) for t in got] == [("the night", "2016-04-19TNI")]


@pytest.mark.parametrize("text, expr, value", [
    ("The inspectors spent a full day at the plant.", "a full day", "P1D"),
    ("Rebuilding the bridge took two full years.", "two full years", "P2Y"),
])
def test_full_units_are_durations(times_nlp, text, expr, value):
    assert one(times_nlp, text, expr, "2016-04-19").value == value


def test_units_joined_by_or_are_one_vague_duration(times_nlp):
    t = one(times_nlp, "The truce could collapse within days, diplomats fear, or within weeks or "
            "months.", "weeks or months", "2016-04-19")
    assert (t.type, t.value, t.mod) == ("DURATION", "PXW", "APPROX")


@pytest.mark.parametrize("text, value", [
    # told in February: the coming spring, unless the verb is past
    ("The new ferry is going to enter service in the spring.", "2016-SP"),
    ("The old ferry broke down in the spring.", "2015-SP"),
])
def test_a_season_told_in_winter(times_nlp, text, value):
    assert one(times_nlp, text, "the spring", "2016-02-06").value == value


@pytest.mark.parametrize("text, expr, date, value", [
    ("The trade fair will be held in Lyon on May 12 and 13, organisers said.", "13",
     "2011-02-10", "2011-05-13"),
    ("Voters go to the polls on March 3 or 4, depending on the district.", "4",
     "2011-02-10", "2011-03-04"),
])
def test_a_day_joined_to_a_date_takes_its_month(times_nlp, text, expr, date, value):
    assert one(times_nlp, text, expr, date).value == value


@pytest.mark.parametrize("text", [
    "On March 3, 24 and 25 people were hurt in the floods.",
    "Prices rose 4 and 5 percent on March 3.",
])
def test_a_number_joined_to_a_number_is_no_day(times_nlp, text):
    assert [t.text for t in run(times_nlp, text, "2011-02-10")] == ["March 3"]


@pytest.mark.parametrize("text, expr, date, value", [
    # one or two weeks back name a day; more weeks, a week
    ("The two sides met a week or so ago in Geneva.", "a week or so ago",
     "2011-02-10", "2011-02-03"),
    ("The ferry sank two weeks ago off the coast.", "two weeks ago", "2011-02-10", "2011-01-27"),
    ("The ferry sank five weeks ago off the coast.", "five weeks ago", "2011-02-10", "2011-W01"),
    ("The mill closed a year or so ago.", "a year or so ago", "2011-02-10", "2010"),
])
def test_weeks_ago(times_nlp, text, expr, date, value):
    assert one(times_nlp, text, expr, date).value == value


def test_a_range_of_durations_is_its_lower_bound(times_nlp):
    t = one(times_nlp, "Repairs will take two to three weeks, the company said.",
            "two to three weeks", "2011-02-10")
    assert (t.type, t.value, t.mod) == ("DURATION", "P2W", "EQUAL_OR_MORE")
    # a change from one figure to another is no range
    assert [x.text for x in run(times_nlp, "The loan term was cut from 30 to 15 years.",
                                "2011-02-10")] == ["15 years"]


@pytest.mark.parametrize("text, expr, date, value", [
    # a timetable verb in the simple present looks ahead; in the past, back
    ("The two leaders meet separately Monday with the envoy.", "Monday", "2011-02-11",
     "2011-02-14"),
    ("The trial opened Monday in Lyon.", "Monday", "2011-02-11", "2011-02-07"),
])
def test_a_timetable_present(times_nlp, text, expr, date, value):
    assert one(times_nlp, text, expr, date).value == value


def test_the_latest_period_without_a_quarter_named(times_nlp):
    t = one(times_nlp, "The brewer had no one-time gains in the latest period, it said.",
            "the latest period", "2014-11-05")
    assert t.value == "2014-Q3"


@pytest.mark.parametrize("text, expr, date, typ, value", [
    # "in five years" with a future verb is the point that far ahead; else a duration
    ("The bonds will be redeemed in five years, the bank said.", "five years", "2011-02-10",
     "DATE", "2016"),
    ("The mine will reopen in two weeks.", "two weeks", "2011-02-10", "DATE", "2011-02-24"),
    ("It was the steepest fall in five years.", "five years", "2011-02-10", "DURATION", "P5Y"),
])
def test_in_n_units(times_nlp, text, expr, date, typ, value):
    t = one(times_nlp, text, expr, date)
    assert (t.type, t.value) == (typ, value)


def test_a_weekday_paired_with_a_plural_one_is_a_set(times_nlp):
    times = run(times_nlp, "The ferry will sail on Monday and Tuesday nights from March 30.",
                "2011-02-10")
    assert [(t.text, t.type, t.value) for t in times[:2]] == [
        ("Monday", "SET", "XXXX-WXX-1TNI"), ("Tuesday nights", "SET", "XXXX-WXX-2TNI")]
    # two single days stay dates
    assert [t.type for t in run(times_nlp, "The talks were held on Monday and Tuesday.",
                                "2011-02-10")] == ["DATE", "DATE"]


def test_overnight_counts_from_the_day_told_about(times_nlp):
    text = ("Tokyo shares closed lower Friday.\n\nThey were weighed down by overnight losses "
            "in London. The index was down 2% from the previous Friday.")
    got = {t.text: t.value for t in run(times_nlp, text, "2012-03-12")}
    assert got["overnight"] == "2012-03-08TNI"
    assert got["previous Friday"] == "2012-03-02"
    # with no past day named, the night before the article
    assert one(times_nlp, "Rebels shelled the town overnight.", "overnight",
               "2012-03-12").value == "2012-03-11TNI"
