"""Calendar dates written by people: the one parser that ingest, the times stage and the
store share.

``parse_date`` reads an article date or a query bound in the forms news data uses
(ISO dates and datetimes, ``YYYY-M-D``, ``DD-MM-YYYY``, "May 21, 2015",
"21 May 2015", "Thursday, May 21, 2015", ...; ``dateparser`` for the rest);
``normalise_date`` gives its ISO string (ingest), ``article_day`` its calendar day
(the times stage's document creation time), ``query_bound`` a ``--since`` or
``--until`` bound, where a year or a month stands for its first or last day (store).
"""
from __future__ import annotations

import calendar
import re
from datetime import date, datetime

_YMD = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})$")
_DMY = re.compile(r"(\d{1,2})-(\d{1,2})-(\d{4})$")          # 03-02-2009: day-month-year
_YEAR = re.compile(r"(\d{4})$")
_YEAR_MONTH = re.compile(r"(\d{4})-(\d{1,2})$")
_FORMATS = ("%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y", "%B %d %Y", "%Y/%m/%d",
            "%d.%m.%Y", "%A, %B %d, %Y", "%a, %d %b %Y", "%b. %d, %Y")


def parse_date(value: object) -> date | datetime | None:
    """A date (or, when a time is given in ISO form, a datetime) from ``value``; None
    when it cannot be read as a calendar date."""
    if value is None or value == "":
        return None
    if isinstance(value, (date, datetime)):
        return value
    s = str(value).strip()
    try:
        if m := _YMD.match(s):
            return date(int(m[1]), int(m[2]), int(m[3]))
        if m := _DMY.match(s):
            return date(int(m[3]), int(m[2]), int(m[1]))
    except ValueError:
        return None
    if re.match(r"\d{4}-\d{2}-\d{2}[T ]", s):
        try:
            return datetime.fromisoformat(s.replace("Z", "+00:00"))
        except ValueError:
            return None
    for fmt in _FORMATS:
        try:
            return datetime.strptime(s, fmt).date()
        except ValueError:
            continue
    if len(s) > 60 or not any(c.isdigit() for c in s):
        return None
    import dateparser  # slow to import; only for unusual forms
    dt = dateparser.parse(s, languages=["en"], settings={"STRICT_PARSING": True,
                                                          "REQUIRE_PARTS": ["day", "month", "year"]})
    return dt.date() if dt else None


def normalise_date(value: object) -> str | None:
    """The ISO form (``YYYY-MM-DD``, or an ISO datetime) of ``value``, or None."""
    d = parse_date(value)
    return d.isoformat() if d is not None else None


def article_day(value: object) -> date | None:
    """The calendar day of an article date, or None."""
    d = parse_date(value)
    return d.date() if isinstance(d, datetime) else d


def query_bound(value: object, end: bool = False) -> str | None:
    """A ``--since`` (``end=False``) or ``--until`` (``end=True``) bound as ``YYYY-MM-DD``:
    ``YYYY`` and ``YYYY-MM`` stand for their first (or, as ``until``, last) day, anything
    else is read by :func:`parse_date`. None for no bound; ValueError when unreadable."""
    if value is None or value == "":
        return None
    s = str(value).strip()
    if _YEAR.match(s):
        return f"{s}-12-31" if end else f"{s}-01-01"
    if m := _YEAR_MONTH.match(s):
        y, mo = int(m[1]), int(m[2])
        if not 1 <= mo <= 12:
            raise ValueError(f"no month {mo}")
        return f"{y:04d}-{mo:02d}-{calendar.monthrange(y, mo)[1] if end else 1:02d}"
    d = article_day(s)
    if d is None:
        raise ValueError(f"cannot read {value!r} as a date")
    return d.isoformat()
