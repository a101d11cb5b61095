"""Stage times: TIMEX3 recognition and normalisation on real spaCy parses."""
from __future__ import annotations

import json

import pytest

from eventwire.errors import InputError
from eventwire.records import Article

DCT = "2015-05-21"          # a Thursday, ISO week 21


@pytest.fixture(scope="module")
def times_nlp():
    from eventwire.config import Settings
    from eventwire.nlp import load_pipeline
    return load_pipeline(Settings(), stages=("times",))


def run(nlp, text, date=DCT):
    from eventwire.nlp import make_doc
    doc = next(nlp.pipe([make_doc(nlp, Article(id="t", text=text, date=date), 10**6)]))
    return doc._.ew_times


def one(nlp, text, expr, date=DCT):
    times = run(nlp, text, date)
    hits = [t for t in times if t.text == expr]
    assert hits, f"{expr!r} not found in {[(t.text, t.value) for t in times]}"
    t = hits[0]
    assert text[t.span[0]:t.span[1]] == t.text
    return t


@pytest.mark.parametrize("text, expr, typ, value, mod", [
    # absolute dates
    ("The accord was signed on May 21, 2015 in Vienna.", "May 21, 2015", "DATE", "2015-05-21", None),
    ("The vote took place on 21 May 2015.", "21 May 2015", "DATE", "2015-05-21", None),
    ("Talks resumed on 3 May.", "3 May", "DATE", "2015-05-03", None),
    ("The files are dated 2015-05-21.", "2015-05-21", "DATE", "2015-05-21", None),
    ("The party was founded in 1988.", "1988", "DATE", "1988", None),
    ("Violence rose sharply in the 1990s.", "the 1990s", "DATE", "199", None),
    ("The group was formed in the early 1980s.", "the early 1980s", "DATE", "198", "START"),
    ("Prices rose in October 1997 and fell later.", "October 1997", "DATE", "1997-10", None),
    ("Elections are due in mid-2016.", "mid-2016", "DATE", "2016", "MID"),
    ("Sales fell in the third quarter of 2014.", "the third quarter of 2014", "DATE", "2014-Q3", None),
    ("He arrived on the 17th, officials said.", "the 17th", "DATE", "2015-05-17", None),
    # relative, against the article date
    ("Islamic State overran Ramadi last weekend.", "last weekend", "DATE", "2015-W20-WE", None),
    ("The rebels have made gains over the past week.", "the past week", "DURATION", "P1W", None),
    ("He said so in late April.", "late April", "DATE", "2015-04", "END"),
    ("The plant was closed a year ago.", "a year ago", "DATE", "2014", None),
    ("Troops arrived last month.", "last month", "DATE", "2015-04", None),
    ("Fighting broke out earlier this month.", "earlier this month", "DATE", "2015-05", "START"),
    ("The ministers will meet next week.", "next week", "DATE", "2015-W22", None),
    ("Exports have grown this year.", "this year", "DATE", "2015", None),
    ("Police arrested two men yesterday.", "yesterday", "DATE", "2015-05-20", None),
    ("The president will speak tonight.", "tonight", "TIME", "2015-05-21TNI", None),
    ("Rebels attacked the town last summer.", "last summer", "DATE", "2014-SU", None),
    ("At least 40 people died in the past 48 hours.", "the past 48 hours", "DURATION", "PT48H", None),
    ("The talks lasted three days.", "three days", "DURATION", "P3D", None),
    ("He signed a 27-year contract.", "27-year", "DURATION", "P27Y", None),
    ("It was the worst setback in a year.", "a year", "DURATION", "P1Y", None),
    ("Fighting has continued for years.", "years", "DURATION", "PXY", None),
    ("The paper is published weekly.", "weekly", "SET", "P1W", None),
    ("The blast happened at 3:30 p.m. local time.", "3:30 p.m. local time", "TIME", "2015-05-21T15:30", None),
    ("The curfew starts at 1500 GMT.", "1500 GMT", "TIME", "2015-05-21T15:00", None),
    ("He spoke on Friday morning.", "Friday morning", "TIME", "2015-05-15TMO", None),
    # references
    ("The situation is calm now.", "now", "DATE", "PRESENT_REF", None),
    ("Inflation is our main worry at the moment.", "the moment", "DATE", "PRESENT_REF", None),
    ("Clashes have recently increased.", "recently", "DATE", "PAST_REF", None),
    ("We may need more troops in the future.", "the future", "DATE", "FUTURE_REF", None),
])
def test_forms(times_nlp, text, expr, typ, value, mod):
    t = one(times_nlp, text, expr)
    assert (t.type, t.value, t.mod) == (typ, value, mod)
    assert t.rule


@pytest.mark.parametrize("text, value", [
    ("Putin said on Thursday that Moscow would help.", "2015-05-21"),     # past: today
    ("The army is on alert on Thursday.", "2015-05-21"),                  # present: today
    ("The ministers will meet on Thursday.", "2015-05-21"),              # future, same day: today
    ("The ministers will meet next Thursday.", "2015-05-28"),            # "next": next week's
    ("Talks could resume as soon as Tuesday.", "2015-05-26"),             # signal points ahead
    ("Markets stayed shut and remain closed until Monday.", "2015-05-25"),  # "until", not past
    ("The panel will reply in writing on Monday to the mayor's letter.",
     "2015-05-25"),                                                      # gerund is no verb
    ("Rebels attacked the town on Monday.", "2015-05-18"),               # past: back
    ("The ministers will meet on Monday.", "2015-05-25"),                # future: forward
    ("The ministers plan to meet on Saturday.", "2015-05-23"),           # infinitive under "plan"
    ("He was killed last Thursday.", "2015-05-14"),
    ("The vote is set for next Tuesday.", "2015-05-26"),
])
def test_weekday_follows_the_tense_of_the_governing_verb(times_nlp, text, value):
    wd = [t for t in run(times_nlp, text) if t.rule in ("date.weekday",)]
    assert len(wd) == 1 and wd[0].value == value


def test_month_without_year_follows_the_tense(times_nlp):
    assert one(times_nlp, "The rebels seized the city in November.", "November").value == "2014-11"
    assert one(times_nlp, "Elections will be held in November.", "November").value == "2015-11"
    assert one(times_nlp, "He will visit in January.", "January").value == "2016-01"


def test_intervals_and_ids(times_nlp):
    times = run(times_nlp, "Rebels attacked last weekend and again on Thursday, in late April and in 2014.")
    assert [t.id for t in times] == [f"t{i}" for i in range(1, len(times) + 1)]
    by = {t.text: t for t in times}
    assert (by["last weekend"].start, by["last weekend"].end) == ("2015-05-16", "2015-05-17")
    assert (by["late April"].start, by["late April"].end) == ("2015-04-01", "2015-04-30")
    assert (by["2014"].start, by["2014"].end) == ("2014-01-01", "2014-12-31")
    assert [t.span[0] for t in times] == sorted(t.span[0] for t in times)


def test_no_date_invented_without_article_date(times_nlp):
    times = run(times_nlp, "Rebels attacked on Thursday, last month, and on May 3, 2014.", date=None)
    by = {t.text: t for t in times}
    assert by["May 3, 2014"].value == "2014-05-03"
    assert not any(t.value and t.value[:1].isdigit() for t in times if t.text != "May 3, 2014")
    assert by["Thursday"].value == "XXXX-WXX-4"


@pytest.mark.parametrize("text", [
    "Theresa May met the leaders.",
    "Protesters march on the capital.",
    "Stocks could fall sharply.",
    "About 2,000 troops and 1500 police were deployed.",
    "The 45-year-old man was arrested.",
    "Shares closed at 2.36 dollars, up 0.16.",
    "He won a second term.",
])
def test_no_false_times(times_nlp, text):
    assert run(times_nlp, text) == []


def test_anaphora_follow_the_last_date(times_nlp):
    times = run(times_nlp, "The attack came on May 3. Three days later the army retook the town. "
                           "On the same day, police made arrests.")
    by = {t.text: t.value for t in times}
    assert by["Three days later"] == "2015-05-06"
    assert by["the same day"] == "2015-05-06"


def test_previous_year_follows_the_last_date(times_nlp):
    times = run(times_nlp, "Output fell in 2009, after rising the previous year.")
    assert {t.text: t.value for t in times}["the previous year"] == "2008"


def test_clock_time_takes_the_day_of_its_sentence(times_nlp):
    times = run(times_nlp, "Gunmen struck on Friday at about 21.00 in the provincial capital.",
                date="2019-11-04")
    by = {t.text: t for t in times}
    assert by["about 21.00"].value == "2019-11-01T21:00" and by["about 21.00"].mod == "APPROX"


def test_clock_time_takes_the_last_day_named_before_the_article_date(times_nlp):
    by = {t.text: t.value for t in run(times_nlp, "Rebels attacked the town on Friday. "
                                                  "The assault began at 21:00.")}
    assert by["21:00"] == "2015-05-15T21:00"


def test_a_rate_is_a_set_but_a_year_ago_is_a_date(times_nlp):
    by = {t.text: (t.type, t.value) for t in run(
        times_nlp, "The bond pays $40 a year, up from $30 a year ago.")}
    assert by == {"a year": ("SET", "P1Y"), "a year ago": ("DATE", "2014")}


def test_decades_in_words_and_more_units(times_nlp):
    by = {t.text: (t.value, t.mod) for t in run(
        times_nlp, "Membership fell through the nineties. The lease runs for at least 20 more "
                   "years.")}
    assert by == {"the nineties": ("199", None), "at least 20 more years": ("P20Y", "EQUAL_OR_MORE")}


def test_quarters_and_financial_anchors(times_nlp):
    times = run(times_nlp, "Profit rose in the third quarter, up from a year earlier.", date="1989-10-26")
    by = {t.text: t.value for t in times}
    assert by["the third quarter"] == "1989-Q3"
    assert by["a year earlier"] == "1988-Q3"


def test_a_year_earlier_comparison_is_no_new_anchor(times_nlp):
    """Each "a year earlier" compares with the quarter reported, not with the last
    comparison: the second one is still 1988-Q3, not 1987-Q3."""
    times = run(times_nlp, "Net income rose in the third quarter from a year earlier. Sales fell "
                           "from a year earlier, and costs were lower than in the year-ago "
                           "period.", date="1989-10-26")
    values = [t.value for t in times if t.text in ("a year earlier", "the year-ago period")]
    assert values == ["1988-Q3", "1988-Q3", "1988-Q3"]


@pytest.mark.parametrize("text", [
    "The troops will leave as soon as the talks end.",
    "He resigned soon after the vote.",
    "The firm has previously denied the charges.",
    "The company was formerly known as Ardent.",
    "Analysts worry about future earnings.",
])
def test_signals_and_adjectives_are_no_times(times_nlp, text):
    assert run(times_nlp, text) == []


def test_the_future_and_soon_alone_are_still_times(times_nlp):
    by = {t.text: t.value for t in run(times_nlp, "Talks will resume soon, and the future "
                                                  "looks brighter.")}
    assert by == {"soon": "FUTURE_REF", "the future": "FUTURE_REF"}


@pytest.mark.parametrize("text, expr, typ, value, mod", [
    ("The mill expects higher profit for the full year.", "the full year", "DATE", "2015", None),
    ("Rains delayed planting earlier in the year.", "earlier in the year", "DATE", "2015", "START"),
    ("It aims to finish by the end of the year.", "the end of the year", "DATE", "2015", "END"),
    ("Sales rose 9% in the fiscal year ended March 31.", "the fiscal year ended", "DURATION",
     "P1Y", None),
    ("Prices peaked in 2011 and fell later in the year.", "later in the year", "DATE", "2011",
     "END"),
])
def test_the_year_is_the_year_the_text_is_about(times_nlp, text, expr, typ, value, mod):
    t = one(times_nlp, text, expr)
    assert (t.type, t.value, t.mod) == (typ, value, mod)


def test_the_year_of_a_title_or_a_spelled_year_is_no_the_year(times_nlp):
    assert [t.text for t in run(times_nlp, "She was named Player of the Year.")] == []
    assert [t.value for t in run(times_nlp, "He hoped to win by the year 2030.")] == ["2030"]


@pytest.mark.parametrize("text, value", [
    ("Rebels seized the town over the weekend.", "2015-W20-WE"),     # past, on a Thursday
    ("Talks will resume at the weekend.", "2015-W21-WE"),            # ahead
])
def test_the_weekend_follows_the_tense(times_nlp, text, value):
    assert one(times_nlp, text, "the weekend").value == value


@pytest.mark.parametrize("text, expr, value", [
    ("The plant opened in nineteen ninety-six.", "nineteen ninety-six", "1996"),
    ("They met again in nineteen eighty.", "nineteen eighty", "1980"),
    ("Plans for the year two thousand were dropped.", "the year two thousand", "2000"),
    ("The law took effect in the year two thousand and four.", "the year two thousand and four",
     "2004"),
])
def test_years_read_aloud(times_nlp, text, expr, value):
    assert one(times_nlp, text, expr).value == value


def test_twenty_five_is_no_year(times_nlp):
    assert run(times_nlp, "Twenty five people and nineteen soldiers were hurt.") == []


def test_that_quarter_takes_the_quarter_named(times_nlp):
    by = {t.text: t.value for t in run(times_nlp, "Profit fell in the second quarter of 2014. "
                                                  "Costs in that quarter rose by a third.")}
    assert by["that quarter"] == "2014-Q2"


@pytest.mark.parametrize("text, expr, value", [
    ("Trading was halted for a second consecutive day.", "a second consecutive day", "2015-05-21"),
    ("Today is the fifth day of the strike.", "the fifth day", "2015-05-21"),
    ("Stocks rose for a fourth week in a row.", "a fourth week", "2015-W21"),
    ("Police fired tear gas in a second night of unrest.", "a second night", "2015-05-20TNI"),
])
def test_the_nth_day_of_a_run_is_the_day_reached(times_nlp, text, expr, value):
    assert one(times_nlp, text, expr).value == value


def test_decades_without_apostrophe(times_nlp):
    by = {t.text: t.value for t in run(times_nlp, "The plant built cars in the 70s and 80s.")}
    assert by == {"70s": "197", "80s": "198"}
    assert run(times_nlp, "The patient was in his 70s.") == []


@pytest.mark.parametrize("text", [
    "The manager, 52 years old, will retire.",
    "Japan buys about three-quarters of its wheat abroad.",
    "The firm cut about a quarter of its staff.",
])
def test_ages_and_fractions_are_no_durations(times_nlp, text):
    assert run(times_nlp, text) == []


@pytest.mark.parametrize("text, expr, value", [
    ("The board declared a dividend, payable Dec. 1 to holders of record.", "Dec. 1", "2015-12-01"),
    ("The firm must repay the bridge loan by February.", "February", "2016-02"),
    ("The court told the agency to act by May 14.", "May 14", "2015-05-14"),   # its own month
])
def test_signals_that_point_ahead_move_dates_forward(times_nlp, text, expr, value):
    assert one(times_nlp, text, expr, date="2015-05-21" if "May" in expr else "2015-10-26"
               ).value == value


@pytest.mark.parametrize("text, expr, value", [
    ("The boy was rescued last Thanksgiving.", "last Thanksgiving", "2014-11-27"),
    ("Voters go to the polls on Election Day 2016.", "Election Day 2016", "2016-11-08"),
    ("Pilgrims gathered on Good Friday 2015.", "Good Friday 2015", "2015-04-03"),
    ("Stores reopen after Memorial Day.", "Memorial Day", "2015-05-25"),
])
def test_floating_holidays(times_nlp, text, expr, value):
    assert one(times_nlp, text, expr).value == value


@pytest.mark.parametrize("text, expr, value", [
    ("The economy shrank for two consecutive quarters.", "two consecutive quarters", "P2Q"),
    ("The yen rose after six straight days of losses.", "six straight days", "P6D"),
])
def test_runs_of_units_are_durations(times_nlp, text, expr, value):
    assert one(times_nlp, text, expr).value == value


def test_fall_and_spring_after_to_are_verbs(times_nlp):
    assert run(times_nlp, "Stocks continued to fall, and prices are set to spring back.") == []


def test_the_same_period_last_year_is_the_month_named_a_year_back(times_nlp):
    by = {t.text: t.value for t in run(times_nlp, "Exports climbed 12% in February against the "
                                                  "same period last year.", date="2010-03-03")}
    assert by["the same period last year"] == "2009-02"


def test_the_day_after_an_event_is_no_anaphor(times_nlp):
    """ "the day after dropping 2 percent" counts from the fall, not from the last date:
    only "the day" is kept, the day the text is at."""
    by = {t.text: t.value for t in run(times_nlp, "The dollar recovered late in the day after "
                                                  "dropping 2 percent.")}
    assert by == {"the day": "2015-05-21"}
    by = {t.text: t.value for t in run(times_nlp, "Talks began on May 3. The day before, "
                                                  "police made arrests.")}
    assert by["The day before"] == "2015-05-02"


def test_a_clock_time_with_today(times_nlp):
    t = one(times_nlp, "He will speak at 16:00 UTC today.", "16:00 UTC today")
    assert (t.type, t.value) == ("TIME", "2015-05-21T16:00Z")


def test_user_rule_file_adds_words_and_rules(tmp_path):
    from eventwire.pipeline.times import TimesStage
    f = tmp_path / "my.yml"
    f.write_text("words:\n  holiday:\n    Nowruz: 03-21\n"
                 "rules:\n  - name: user.ramadan\n    pattern: '(?P<ref>Ramadan)'\n    action: reference\n"
                 , encoding="utf-8")
    st = TimesStage([str(f)])
    assert any(r.name == "user.ramadan" for r in st.rules)
    found = st.find("They met after Nowruz 2014 began.", [])
    assert [(r.name, g["holiday"]) for s, e, r, g in found] == [("date.holiday", "Nowruz")]
    # an unknown key is no longer ignored: EW111 naming the file, line and key
    f.write_text(f.read_text(encoding="utf-8") + "words2: {}\n", encoding="utf-8")
    with pytest.raises(InputError) as e:
        TimesStage([str(f)])
    assert e.value.code == "EW111" and e.value.where == f"{f}:8" and "words2" in e.value.message


def test_broken_user_file_is_a_coded_error(tmp_path):
    from eventwire.errors import InputError
    from eventwire.pipeline.times import TimesStage
    f = tmp_path / "bad.yml"
    f.write_text("rules:\n  - name: x\n    pattern: '{nosuchlist}'\n    action: date\n", encoding="utf-8")
    with pytest.raises(InputError) as e:
        TimesStage([str(f)])
    assert "EW111" in str(e.value) or getattr(e.value, "code", None) == "EW111"


def test_seed_expectations(times_nlp, shared):
    gold = json.loads((shared / "eval" / "data" / "seed" / "gold.json").read_text(encoding="utf-8"))
    art = gold["article"]
    times = run(times_nlp, art["text"], art.get("date") or DCT)
    vals = [(t.text, t.value, t.mod) for t in times]
    assert ("last weekend", "2015-W20-WE", None) in vals
    assert [v for v in vals if v[0] == "Thursday"] == [("Thursday", "2015-05-21", None)] * 2
    assert ("late April", "2015-04", "END") in vals
    assert ("the past week", "P1W", None) in vals


def test_a_shift_past_the_calendar_gives_no_value_not_a_failed_stage():
    from eventwire.api import extract
    rec = extract("The fund said its reserves were built 900000 weeks ago and 5 days ago.",
                  date="1987-03-06")
    assert not any(e.code == "EW202" for e in rec.errors), rec.errors
    assert "1987-03-01" in {t.value for t in rec.times}
