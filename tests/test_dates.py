"""One date parser (eventwire.dates) for ingest, the times stage and the store."""
from __future__ import annotations

from datetime import date

import pytest

from eventwire import dates, timex
from eventwire.errors import StoreError
from eventwire.ingest import normalise_date
from eventwire.store.sqlite import parse_bound

FORMS = {
    "2015-05-21": date(2015, 5, 21),
    "2015-5-3": date(2015, 5, 3),
    "2015-05-21T10:30:00Z": date(2015, 5, 21),
    "2015-05-21 10:30": date(2015, 5, 21),
    "03-02-2009": date(2009, 2, 3),             # day-month-year
    "May 21, 2015": date(2015, 5, 21),
    "21 May 2015": date(2015, 5, 21),
    "Thursday, May 21, 2015": date(2015, 5, 21),
    "2015/05/21": date(2015, 5, 21),
}


@pytest.mark.parametrize("text, day", sorted(FORMS.items()))
def test_ingest_times_and_store_read_a_date_the_same_way(text, day):
    assert normalise_date(text)[:10] == day.isoformat()        # ingest
    assert timex.parse_dct(text) == day                        # the times stage's article date
    assert parse_bound(text) == parse_bound(text, end=True) == day.isoformat()   # the store


@pytest.mark.parametrize("text", ["someday", "2015-02-30", "31-31-2015", "", None])
def test_unreadable_dates_are_none_everywhere(text):
    assert normalise_date(text) is None and timex.parse_dct(text) is None
    if text:
        with pytest.raises(StoreError):
            parse_bound(text)


def test_years_and_months_are_ranges_only_as_query_bounds():
    assert dates.query_bound("2015") == "2015-01-01" and dates.query_bound("2015", end=True) == "2015-12-31"
    assert dates.query_bound("2016-02", end=True) == "2016-02-29"
    with pytest.raises(ValueError):
        dates.query_bound("2015-13")
    assert normalise_date("2015-05-21T10:30:00Z") == "2015-05-21T10:30:00+00:00"   # time kept
