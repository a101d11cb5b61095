"""TIMEX3 normalisation: pure functions from a rule's named groups to a value.

The ``times`` stage finds expressions with the rules of ``data/times`` and
calls :func:`normalise` with the groups a rule matched, the word lists, the
article date and what the parse says about the governing verb's tense. No
spaCy here: everything is plain ``datetime`` arithmetic, so it is easy to test.

Conventions (TimeML / TempEval-3): ``2019-03-14``, ``2019-03``, ``2019``,
``2019-W11``, ``2019-W11-WE``, ``2019-Q1``, ``2019-H1``, ``2019-SP``, ``198``
(the 1980s), ``18`` (the 19th century), ``2019-03-14TMO``, ``2019-03-14T09:15``,
``P3D``, ``PT12H``, ``P2Y6M``, ``PXY``, ``PAST_REF``/``PRESENT_REF``/``FUTURE_REF``,
``XXXX-07`` (SET: each July); a fiscal year is the year it is named for. Mods: ``START``, ``MID``, ``END``, ``APPROX`` from
the words in the expression; the stage adds ``BEFORE``, ``AFTER``,
``ON_OR_AFTER``, ``ON_OR_BEFORE`` from a signal word before it ("since 2022").
Without an article date relative values keep ``X`` for the unknown parts
(``XXXX-03-14``, ``XXXX-WXX``) or are left out.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

PAST, PRESENT, FUTURE = "past", "present", "future"

_SEASON_ORDER = {"SP": 1, "SU": 2, "FA": 3, "WI": 4}
_SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 2)}


@dataclass(slots=True)
class Value:
    type: str
    value: str
    mod: str | None = None
    day: date | None = None          # the calendar day, when the value names one
    quarter: tuple[int, int] | None = None
    hour: tuple[int, int] | None = None
    # reached back from the anchor for a comparison ("a year earlier", "the year-ago
    # quarter"): the text still speaks of the anchor's period, so this is no new anchor
    comparison: bool = False


@dataclass(slots=True)
class Context:
    """What normalisation needs besides the groups."""
    dct: date | None
    tense: str | None = None            # PAST / PRESENT / FUTURE of the governing verb, or None
    anchor_day: date | None = None      # last day named in the text
    anchor_sentence_day: date | None = None  # last day named in the same sentence
    anchor_quarter: tuple[int, int] | None = None
    anchor_time: tuple[date, int, int] | None = None
    anchor_ym: tuple[int, int | None] | None = None   # year (and month) of the last date named
    prev_word: str = ""


@dataclass(slots=True)
class Lexicon:
    """The word lists of words.yml, keys lower-cased and without a final '.'."""
    tables: dict[str, dict[str, Any]] = field(default_factory=dict)

    def get(self, table: str, word: str | None, default: Any = None) -> Any:
        if word is None:
            return default
        return self.tables.get(table, {}).get(key(word), default)


def key(word: str) -> str:
    w = re.sub(r"\s+", " ", word.strip().lower().replace("’", "'"))
    return w[:-1] if w.endswith(".") and len(w) > 1 else w


def parse_dct(value: str | None) -> date | None:
    """The article date (ISO date or datetime; a few other forms tolerated) or None."""
    from .dates import article_day  # the one date parser, shared with ingest and the store
    return article_day(value)


def iso_week(d: date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y}-W{w:02d}"


def add_months(y: int, m: int, n: int) -> tuple[int, int]:
    t = y * 12 + (m - 1) + n
    return t // 12, t % 12 + 1


def quarter_of(d: date) -> int:
    return (d.month - 1) // 3 + 1


def add_quarters(y: int, q: int, n: int) -> tuple[int, int]:
    t = y * 4 + (q - 1) + n
    return t // 4, t % 4 + 1


def season_of(d: date) -> tuple[int, str]:
    m = d.month
    if m in (3, 4, 5):
        return d.year, "SP"
    if m in (6, 7, 8):
        return d.year, "SU"
    if m in (9, 10, 11):
        return d.year, "FA"
    return (d.year if m == 12 else d.year - 1), "WI"


def parse_number(text: str | None, lex: Lexicon) -> float | str | None:
    """A cardinal number, digits or words ("twenty four", "a few" -> "X")."""
    if text is None:
        return None
    s = key(text)
    if re.fullmatch(r"\d{1,3}(,\d{3})+|\d+(\.\d+)?", s):
        v = float(s.replace(",", ""))
        return int(v) if v.is_integer() else v
    v = lex.get("number", s)
    if v is not None:
        return v
    parts = re.split(r"[\s-]+", s)
    total = 0.0
    for p in parts:
        pv = lex.get("number", p)
        if not isinstance(pv, (int, float)):
            return None
        total += pv
    return int(total) if total.is_integer() else total


def fmt_duration(n: float | str, unit: str) -> str:
    """``P3D``, ``PT48H``, ``PXY``; ``unit`` is a words.yml unit code (Y M W D TH TM TS DE CE Q)."""
    if unit == "2W":
        unit, n = "W", (n * 2 if not isinstance(n, str) else n)
    if unit == "WE":
        return f"P{'X' if isinstance(n, str) else _num(n)}WE"
    if isinstance(n, str):
        if unit == "DE":                      # "for decades", "decades-long": some years
            return "PXY"
        if unit == "CE":
            return f"PX{unit}"
        if unit == "Q":
            return "PXQ"
        return f"PTX{unit[1]}" if unit.startswith("T") else f"PX{unit}"
    if unit == "DE":
        unit, n = "Y", n * 10
    elif unit == "CE":
        unit, n = "Y", n * 100
    elif unit == "Q" and not float(n).is_integer():    # "a quarter and a half": months
        unit, n = "M", n * 3
    if not float(n).is_integer():                     # halves: the rest in the next smaller unit
        smaller = {"Y": ("M", 12), "M": ("D", 30), "W": ("D", 7), "D": ("TH", 24),
                   "TH": ("TM", 60), "TM": ("TS", 60)}
        if unit in smaller and float(n * smaller[unit][1]).is_integer():
            whole, (small, k) = int(n), smaller[unit]
            rest = int(round((n - whole) * k))
            if whole == 0:                            # "half a year": P6M
                unit, n = small, rest
            else:                                     # "two and a half years": P2Y6M
                big, part = fmt_duration(whole, unit), fmt_duration(rest, small)
                return big + (part[2:] if "T" in big else part[1:])
    if unit.startswith("T"):
        return f"PT{_num(n)}{unit[1]}"
    return f"P{_num(n)}{unit}"


def _num(n: float) -> str:
    return str(int(n)) if float(n).is_integer() else str(n)


def interval(value: str | None) -> tuple[str | None, str | None]:
    """The calendar interval ``(start, end)`` (ISO dates) a DATE/TIME value names."""
    if not value:
        return None, None
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})(?:T.*)?", value)
    if m:
        d = f"{m[1]}-{m[2]}-{m[3]}"
        return d, d
    m = re.fullmatch(r"(\d{4})-(\d{2})", value)
    if m:
        y, mo = int(m[1]), int(m[2])
        return f"{y:04d}-{mo:02d}-01", f"{y:04d}-{mo:02d}-{calendar.monthrange(y, mo)[1]:02d}"
    m = re.fullmatch(r"(\d{4})", value)
    if m:
        return f"{m[1]}-01-01", f"{m[1]}-12-31"
    m = re.fullmatch(r"(\d{4})-W(\d{2})(-WE)?", value)
    if m:
        try:
            mon = date.fromisocalendar(int(m[1]), int(m[2]), 1)
        except ValueError:
            return None, None
        if m[3]:
            return (mon + timedelta(days=5)).isoformat(), (mon + timedelta(days=6)).isoformat()
        return mon.isoformat(), (mon + timedelta(days=6)).isoformat()
    m = re.fullmatch(r"(\d{4})-Q([1-4])", value)
    if m:
        y, q = int(m[1]), int(m[2])
        m2 = q * 3
        return f"{y}-{m2 - 2:02d}-01", f"{y}-{m2:02d}-{calendar.monthrange(y, m2)[1]:02d}"
    m = re.fullmatch(r"(\d{4})-H([12])", value)
    if m:
        return (f"{m[1]}-01-01", f"{m[1]}-06-30") if m[2] == "1" else (f"{m[1]}-07-01", f"{m[1]}-12-31")
    m = re.fullmatch(r"(\d{4})-(SP|SU|FA|WI)", value)
    if m:
        y = int(m[1])
        a, b = _SEASON_MONTHS[m[2]]
        y2 = y + 1 if m[2] == "WI" else y
        return f"{y}-{a:02d}-01", f"{y2}-{b:02d}-{calendar.monthrange(y2, b)[1]:02d}"
    m = re.fullmatch(r"(\d{3})", value)
    if m:
        return f"{m[1]}0-01-01", f"{m[1]}9-12-31"
    m = re.fullmatch(r"(\d{2})", value)
    if m:
        return f"{m[1]}00-01-01", f"{m[1]}99-12-31"
    return None, None


# -- the actions --------------------------------------------------------------

def normalise(action: str, g: dict[str, str | None], lex: Lexicon, ctx: Context) -> Value | None:
    """The TIMEX3 value of one matched expression, or None. A shift that leaves the
    calendar's range ("900000 weeks ago", years 1-9999) has no calendar value: None."""
    fn = ACTIONS.get(action)
    if fn is None:
        return None
    try:
        return fn(g, lex, ctx)
    except OverflowError:
        return None


def _mod(g: dict, lex: Lexicon, *names: str) -> str | None:
    for n in names:
        if g.get(n):
            w = key(g[n]).rstrip("-")
            if w in ("mid", "middle", "the mid"):
                return "MID"
            v = lex.get("modifier", w)
            if v is not None:
                return v
    return None


def _day_value(d: date, dp: str | None, lex: Lexicon, mod=None) -> Value:
    if dp:
        code = lex.get("daypart", dp, "")
        return Value("TIME", f"{d.isoformat()}T{code}", mod, day=d)
    return Value("DATE", d.isoformat(), mod, day=d)


def _resolve_year_md(month: int, day: int | None, ctx: Context, shift: int | None = None) -> int:
    """The year of a month (and day) given without one, from the tense and the article date
    (callers check that there is one)."""
    dct = ctx.dct
    assert dct is not None
    here = (dct.month, dct.day if day is not None else 0)
    there = (month, day if day is not None else 0)
    if shift is not None:
        if shift < 0:
            return dct.year if there < here else dct.year - 1
        if shift > 0:
            return dct.year if there > here else dct.year + 1
        return dct.year
    # a past verb moves a later month back a year, a future one an earlier month forward,
    # but not for the month next to the article's or its own (what is scheduled, just passed)
    gap = (month - dct.month) % 12
    if ctx.tense == PAST and there > here and gap > 1:
        return dct.year - 1
    if ctx.tense == FUTURE and there < here and 0 < gap < 11:
        return dct.year + 1
    if ctx.tense in (PAST, FUTURE):
        return dct.year
    # no tense to go by (present, or none): the nearest such month, back or ahead
    # ("worth $130 million in October" in a January article: the October just past;
    # "the summit in April" in a December one: the coming April)
    months = (month - dct.month) + ((day if day is not None else 15) - dct.day) / 31
    return dct.year + min((-1, 0, 1), key=lambda k: (abs(months + 12 * k), k != 0))


def act_date(g, lex, ctx):
    mod = _mod(g, lex, "mod")
    year = int(g["year"]) if g.get("year") else None
    if year is not None and g["year"] and len(g["year"]) == 2:       # fiscal 90
        year = 1900 + year if year > 30 else 2000 + year
    if g.get("yy"):
        yy = int(g["yy"])
        cut = (ctx.dct.year % 100 + 5) if ctx.dct else 30
        year = 2000 + yy if yy <= cut else 1900 + yy
    month = None
    if g.get("monthn"):
        month = int(g["monthn"])
    elif g.get("month"):
        month = lex.get("month", g["month"])
    day = int(re.match(r"\d+", g["day"])[0]) if g.get("day") else None
    floating = None
    if g.get("holiday"):
        md = lex.get("holiday", g["holiday"])
        if not md:
            return None
        fixed = re.fullmatch(r"(\d\d?)-(\d\d?)", str(md))
        if fixed:
            month, day = int(fixed[1]), int(fixed[2])
        else:                               # a floating holiday: its day depends on the year
            floating = str(md)
            ref = year or (ctx.dct.year if ctx.dct else None)
            got = floating_day(floating, ref) if ref else None
            if got is None:
                return None
            month, day = got
    shift = lex.get("shift", g.get("shift")) if g.get("shift") else None
    if year is None and g.get("yshift"):        # "August last year"
        if ctx.dct is None:
            return None
        year = ctx.dct.year + lex.get("shift", g["yshift"], 0)
    if month is None and day is None:
        if year is None:
            return None
        return Value("DATE", f"{year:04d}", mod)
    if month is None:                       # "the 17th": this month (or the one before/after)
        if ctx.dct is None:
            return Value("DATE", f"XXXX-XX-{day:02d}", mod)
        y, m = ctx.dct.year, ctx.dct.month
        if ctx.tense == PAST and day > ctx.dct.day:
            y, m = add_months(y, m, -1)
        elif ctx.tense == FUTURE and day < ctx.dct.day:
            y, m = add_months(y, m, 1)
        month, year = m, y
    if year is None:
        if ctx.dct is None:
            y = "XXXX"
        else:
            y = _resolve_year_md(month, day, ctx, shift)
            if floating:
                month, day = floating_day(floating, y) or (month, day)
        year = y
    ys = year if isinstance(year, str) else f"{year:04d}"
    if g.get("hweek") and day is not None and not isinstance(year, str):   # "Easter week"
        try:
            return Value("DATE", iso_week(date(year, month, day)), mod)
        except ValueError:
            return None
    if day is None:
        return Value("DATE", f"{ys}-{month:02d}", mod)
    if isinstance(year, str):
        return Value("DATE", f"{ys}-{month:02d}-{day:02d}", mod)
    try:
        d = date(year, month, day)
    except ValueError:
        return None
    if g.get("hour"):
        tz = lex.get("timezone", g.get("tz") or "", "") if g.get("tz") else ""
        return Value("TIME", f"{d.isoformat()}T{int(g['hour']):02d}:{g['minute']}{tz}", mod, day=d,
                     hour=(int(g["hour"]), int(g["minute"])))
    return _day_value(d, g.get("dp"), lex, mod)


_FLOATING = re.compile(r"(\d\d?)>(\d\d?)-([1-7])|easter([+-]\d+)?")


def easter(year: int) -> date:
    """Western Easter Sunday (the anonymous Gregorian computus)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month = (h + l_ - 7 * m + 114) // 31
    return date(year, month, (h + l_ - 7 * m + 114) % 31 + 1)


def floating_day(spec: str, year: int) -> tuple[int, int] | None:
    """(month, day) of a floating holiday in ``year``: ``MM>DD-W`` is the first weekday W
    (1 = Monday) on or after MM-DD ("11>22-4": Thanksgiving, the fourth Thursday of
    November); ``easter``, ``easter-2`` (Good Friday) count from Easter Sunday."""
    m = _FLOATING.fullmatch(spec)
    if m is None or not 1 <= year <= 9999:
        return None
    if m[3]:
        d = date(year, int(m[1]), int(m[2]))
        d += timedelta(days=(int(m[3]) - d.isoweekday()) % 7)
    else:
        d = easter(year) + timedelta(days=int(m[4] or 0))
    return d.month, d.day


def weekday_date(wd: int, ctx: Context, shift: str | None = None,
                 base: date | None = None) -> date | None:
    """The date of weekday ``wd`` (ISO number) as ``shift`` places it, counted from
    ``base`` (default: the article's date)."""
    dct = base or ctx.dct
    if dct is None:
        return None
    diff = (dct.isoweekday() - wd) % 7           # days back to the most recent such day
    if shift in ("last", "past", "previous"):
        return dct - timedelta(days=diff or 7)
    if shift in ("next", "coming", "following"):
        return dct + timedelta(days=(wd - dct.isoweekday()) % 7 or 7)
    if shift == "this":
        if ctx.tense == PAST:
            return dct - timedelta(days=diff)
        return dct + timedelta(days=(wd - dct.isoweekday()) % 7)
    if ctx.tense == FUTURE:            # "will meet on Monday" in a Monday article: that day
        return dct + timedelta(days=(wd - dct.isoweekday()) % 7)
    return dct - timedelta(days=diff)


def act_weekday(g, lex, ctx):
    wd = lex.get("weekday", g["wd"])
    if wd is None:
        return None
    shift = key(g["shift"]) if g.get("shift") else None
    mod = _mod(g, lex, "mod")
    if shift == "that" and ctx.anchor_day is not None:
        d = ctx.anchor_day
        back = (d.isoweekday() - wd) % 7
        d = d - timedelta(days=back)
    elif shift in ("previous", "following") and ctx.anchor_day is not None:
        # "the previous Friday", "the following Monday": from the last day named
        d = weekday_date(wd, ctx, shift, base=ctx.anchor_day)
    else:
        d = weekday_date(wd, ctx, shift)
    if d is None:
        if g.get("daydir"):
            return None
        code = lex.get("daypart", g.get("dp"), "") if g.get("dp") else ""
        return Value("TIME" if code else "DATE", f"XXXX-WXX-{wd}" + (f"T{code}" if code else ""), mod)
    if g.get("daydir"):                         # "the day before last Tuesday"
        d = d + timedelta(days=-1 if key(g["daydir"]) == "before" else 1)
    return _day_value(d, g.get("dp"), lex, mod)


def act_relday(g, lex, ctx):
    entry = lex.get("relday", g["relday"])
    if not entry:
        return None
    off, dp = entry[0], entry[1]
    dp_word = g.get("dp")
    code = lex.get("daypart", dp_word) if dp_word else dp
    if ctx.dct is None:
        return None
    d = ctx.dct + timedelta(days=int(off))
    if lex.get("anchored_relday", g["relday"]) and ctx.anchor_day is not None \
            and ctx.anchor_day < ctx.dct:
        # "(shares fell Friday,) depressed by overnight losses": from the day told about
        d = ctx.anchor_day + timedelta(days=int(off))
    if code:
        return Value("TIME", f"{d.isoformat()}T{code}", day=d)
    return Value("DATE", d.isoformat(), day=d)


def act_clock(g, lex, ctx):
    mod = None
    if g.get("mod"):
        w = key(g["mod"])
        mod = {"around": "APPROX", "about": "APPROX", "approximately": "APPROX", "before": "BEFORE",
               "after": "AFTER", "shortly after": "AFTER", "just after": "AFTER",
               "shortly before": "BEFORE", "just before": "BEFORE"}.get(w)
    minute = int(g["minute"]) if g.get("minute") else 0
    if g.get("hhmm"):
        hour, minute = int(g["hhmm"][:2]), int(g["hhmm"][2:])
    elif g.get("named"):
        n = key(g["named"])
        hour = 24 if n == "midnight" else 12
    elif g.get("hourw"):
        h = parse_number(g["hourw"], lex)
        if not isinstance(h, (int, float)):
            return None
        hour = int(h)
    else:
        hour = int(g.get("hour") or g["hour2"])
    ampm = key(g["ampm"]).replace(".", "") if g.get("ampm") else None
    dp = key(g["dp"]) if g.get("dp") else None
    if (ampm == "pm" or dp in ("afternoon", "evening")) and hour < 12:
        hour += 12
    if ampm == "am" and hour == 12:
        hour = 0
    if hour > 24 or minute > 59:
        return None
    tz = lex.get("timezone", g.get("tz"), "") if g.get("tz") else ""
    undated = "XXXX-XX-XX"
    if g.get("month") and g.get("day"):        # "5 p.m. EST, Nov. 6": that date
        dv = act_date({"month": g["month"], "day": g["day"], "year": g.get("year")}, lex, ctx)
        if dv is None:
            return None
        d, undated = dv.day, dv.value         # without an article date: XXXX-11-06
    elif g.get("wd") or g.get("wd2"):
        wd = lex.get("weekday", g.get("wd") or g.get("wd2"))
        d = weekday_date(wd, ctx) if wd else None
    elif g.get("relday"):                     # "16:00 UTC today"
        entry = lex.get("relday", g["relday"])
        d = ctx.dct + timedelta(days=int(entry[0])) if entry and ctx.dct else None
    else:
        d = ctx.anchor_sentence_day or ctx.anchor_day or ctx.dct
    ds = d.isoformat() if d else undated
    return Value("TIME", f"{ds}T{hour:02d}:{minute:02d}{tz}", mod, day=d, hour=(hour, minute))


def act_daypart(g, lex, ctx):
    code = lex.get("daypart", g["dp"])
    shift = key(g["shift"]) if g.get("shift") else None
    mod = _mod(g, lex, "mod")
    if code is None:
        return None
    if shift in ("this",):
        d = ctx.dct
    elif shift == "last":
        d = ctx.dct - timedelta(days=1) if ctx.dct else None
    elif shift == "tomorrow":
        d = ctx.dct + timedelta(days=1) if ctx.dct else None
    elif shift == "yesterday":
        d = ctx.dct - timedelta(days=1) if ctx.dct else None
    else:
        d = ctx.anchor_sentence_day or ctx.anchor_day or ctx.dct
    if d is None:
        return Value("TIME", f"XXXX-XX-XXT{code}", mod)
    return Value("TIME", f"{d.isoformat()}T{code}", mod, day=d)


def act_week_of(g, lex, ctx):
    """ "the week of Feb. 6": the ISO week of that day; "the first (last) week of March":
    the week holding most of the month's first (last) seven days."""
    if g.get("day"):
        v = act_date({"month": g["month"], "day": g["day"], "year": g.get("year")}, lex, ctx)
    elif g.get("ord"):
        v = act_date({"month": g["month"], "year": g.get("year")}, lex, ctx)
        m = re.fullmatch(r"(\d{4})-(\d\d)", v.value) if v is not None else None
        if m is None:                           # no year to go by: some week
            return Value("DATE", "XXXX-WXX") if v is not None else None
        y, mo = int(m[1]), int(m[2])
        o = key(g["ord"])
        day = int(lex.get("week_of_day", o, calendar.monthrange(y, mo)[1] - 3))
        v = Value("DATE", "", day=date(y, mo, day))
    else:
        return None
    if v is None:
        return None
    return Value("DATE", iso_week(v.day) if v.day is not None else "XXXX-WXX")


def act_season(g, lex, ctx):
    code = lex.get("season", g["season"])
    if code is None:
        return None
    mod = _mod(g, lex, "mod")
    if g.get("year"):
        return Value("DATE", f"{int(g['year']):04d}-{code}", mod)
    if ctx.dct is None:
        return Value("DATE", f"XXXX-{code}", mod)
    cy, cs = season_of(ctx.dct)
    here, there = _SEASON_ORDER[cs], _SEASON_ORDER[code]
    shift = key(g["shift"]) if g.get("shift") else None
    if shift in ("last", "past"):
        y = cy if there < here else cy - 1
    elif shift in ("next", "coming"):
        y = cy if there > here else cy + 1
    elif shift == "this":
        y = cy
    elif ctx.tense == PAST and there > here:
        y = cy - 1
    elif ctx.tense == FUTURE and there < here:
        y = cy + 1
    elif ctx.tense != PAST and cs == "WI" and ctx.dct.month <= 2 and code != "WI":
        y = ctx.dct.year                # "the spring" told in February: the coming one
    else:
        y = cy
    return Value("DATE", f"{y:04d}-{code}", mod)


_ORD = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
        "final": 4}


def act_quarter(g, lex, ctx):
    mod = _mod(g, lex, "mod")
    dct = ctx.dct
    if g.get("qn"):
        q = int(g["qn"][1])
    elif g.get("ord"):
        q = _ORD.get(key(g["ord"]))
    else:
        q = None
    year = g.get("year") or g.get("yearq")
    yshift = g.get("yshift") or g.get("yshift2")
    if g.get("yearp"):                  # "the 1988 period": the quarter in view, in 1988
        y = int(g["yearp"])
        if ctx.anchor_quarter is None:
            return Value("DATE", f"{y:04d}", mod)
        aq = ctx.anchor_quarter[1]
        return Value("DATE", f"{y:04d}-Q{aq}", mod, quarter=(y, aq),
                     comparison=y != ctx.anchor_quarter[0])
    if q is not None and g.get("ago"):  # "the year-ago third quarter"
        if ctx.anchor_quarter is not None:
            y = ctx.anchor_quarter[0] - 1
        elif dct is not None:
            y = dct.year - 1 - (1 if q > quarter_of(dct) else 0)
        else:
            return Value("DATE", f"XXXX-Q{q}", mod)
        return Value("DATE", f"{y:04d}-Q{q}", mod, quarter=(y, q), comparison=True)
    if q is not None:
        if year:
            return Value("DATE", f"{int(year):04d}-Q{q}", mod, quarter=(int(year), q))
        if dct is None:
            return Value("DATE", f"XXXX-Q{q}", mod)
        y = dct.year
        if yshift:
            y += lex.get("shift", yshift, 0)
        elif q > quarter_of(dct) and ctx.tense != FUTURE:
            y -= 1
        return Value("DATE", f"{y:04d}-Q{q}", mod, quarter=(y, q))
    if g.get("yshift") and not g.get("ord"):  # "last year's quarter": the quarter in view
        if dct is None:
            return None
        y = dct.year + lex.get("shift", g["yshift"], 0)
        if ctx.anchor_quarter is None:
            return Value("DATE", f"{y:04d}", mod, comparison=y != dct.year)
        aq = ctx.anchor_quarter[1]
        return Value("DATE", f"{y:04d}-Q{aq}", mod, quarter=(y, aq), comparison=y != dct.year)
    # "the quarter", "last quarter", "the latest quarter", "the year-earlier quarter",
    # "the quarter a year ago"
    s = "year-ago" if g.get("ago2") else key(g.get("shift") or g.get("shift2") or "")
    if s in ("year-earlier", "year-ago"):
        base = ctx.anchor_quarter
        if base is None:
            return None
        y, q = add_quarters(*base, -4)
        return Value("DATE", f"{y:04d}-Q{q}", mod, quarter=(y, q), comparison=True)
    if s == "same" and ctx.anchor_quarter:
        y, q = ctx.anchor_quarter
        return Value("DATE", f"{y:04d}-Q{q}", mod, quarter=(y, q))
    if dct is None:
        return Value("DATE", "XXXX-QX", mod)
    cur = (dct.year, quarter_of(dct))
    if s in ("this", "current"):
        y, q = cur
    elif s in ("next", "coming", "upcoming", "following"):
        y, q = add_quarters(*cur, 1)
    elif s in ("last", "previous", "past"):
        y, q = add_quarters(*cur, -1)
    elif ctx.tense == FUTURE:
        y, q = cur
    else:
        y, q = add_quarters(*cur, -1)
    return Value("DATE", f"{y:04d}-Q{q}", mod, quarter=(y, q))


def act_half(g, lex, ctx):
    h = 1 if key(g["ord"]) == "first" else 2
    if g.get("year"):
        return Value("DATE", f"{int(g['year']):04d}-H{h}")
    if ctx.dct is None:
        return Value("DATE", f"XXXX-H{h}")
    y = ctx.dct.year + (lex.get("shift", g["yshift2"], 0) if g.get("yshift2") else 0)
    return Value("DATE", f"{y:04d}-H{h}")


def act_decade(g, lex, ctx):
    mod = _mod(g, lex, "mod")
    if g.get("decw"):           # "the nineties": the latest such decade not after the text's
        tens = lex.get("decade_word", g["decw"])
        if tens is None:
            return None
        ref = ctx.dct.year if ctx.dct else (ctx.anchor_ym[0] if ctx.anchor_ym else 1999)
        dec = (ref // 100) * 10 + int(tens)
        if dec > ref // 10:
            dec -= 10
        return Value("DATE", f"{dec:03d}", mod)
    if g.get("decade"):
        return Value("DATE", g["decade"][:3], mod)
    if g.get("dec2"):
        d = int(g["dec2"])
        cut = (ctx.dct.year % 100) if ctx.dct else 20
        century = 20 if d <= cut and d < 30 else 19
        return Value("DATE", f"{century}{d // 10}", mod)
    if g.get("cent"):
        n = int(g["cent"])
        return Value("DATE", f"{n - 1:02d}", mod)
    return None


def _shifted_date(sign: int, unit: str, ctx: Context, mod=None, tense_weekend=False) -> Value | None:
    dct = ctx.dct
    if unit == "WE":
        if dct is None:
            return Value("DATE", "XXXX-WXX-WE", mod)
        if tense_weekend:                         # "the weekend"
            if ctx.tense == PAST and dct.isoweekday() < 6:
                sign = -1
            else:
                sign = 0
        return Value("DATE", iso_week(dct + timedelta(weeks=sign)) + "-WE", mod)
    if dct is None:
        return {"W": Value("DATE", "XXXX-WXX", mod), "M": Value("DATE", "XXXX-XX", mod),
                "Y": Value("DATE", "XXXX", mod)}.get(unit)
    if unit == "W":
        return Value("DATE", iso_week(dct + timedelta(weeks=sign)), mod)
    if unit == "M":
        y, m = add_months(dct.year, dct.month, sign)
        return Value("DATE", f"{y:04d}-{m:02d}", mod)
    if unit == "Y":
        return Value("DATE", f"{dct.year + sign:04d}", mod)
    if unit == "Q":
        y, q = add_quarters(dct.year, quarter_of(dct), sign)
        return Value("DATE", f"{y:04d}-Q{q}", mod, quarter=(y, q))
    if unit == "DE":
        return Value("DATE", f"{dct.year // 10 + sign:03d}", mod)
    if unit == "CE":
        return Value("DATE", f"{dct.year // 100 + sign:02d}", mod)
    if unit == "D":
        d = dct + timedelta(days=sign)
        return Value("DATE", d.isoformat(), mod, day=d)
    return None


def act_shifted(g, lex, ctx):
    """'last week' (DATE), 'the past week' (DURATION P1W), 'the next two years', 'recent months'."""
    unit_word = key(g["unit"])
    unit = lex.get("unit", unit_word)
    if unit is None:
        return None
    plural = unit_word.endswith("s") or unit_word == "centuries"
    dshift = key(g["dshift"])
    mod = _mod(g, lex, "mod")
    qmod = _mod(g, lex, "qmod")
    n = parse_number(g["num"], lex) if g.get("num") else None
    if n is None and not plural and g.get("the") and dshift in ("previous", "following", "preceding") \
            and unit in ("D", "M", "Y", "W"):
        return _anaphoric(-1 if dshift != "following" else 1, unit, ctx, mod)
    if n is None and not plural and g.get("the") and dshift in ("past", "last", "latest") \
            and unit in ("Y", "Q") and not qmod:
        # "over the past year", "during the last quarter": the calendar year (quarter)
        # before the article's, as the TempEval-3 and MEANTIME news annotations have it
        return _shifted_date(-1, unit, ctx, mod)
    if n is None and not plural and dshift in ("last", "this", "next", "previous", "current", "coming",
                                               "following", "past", "upcoming") and \
            (not g.get("the") or dshift in ("this", "current")) or (unit == "WE" and n is None):
        if unit == "WE" and dshift in ("past",):
            dshift = "last"
        sign = lex.get("shift", dshift, 0)
        if dshift == "past" and unit != "WE":
            return Value("DURATION", fmt_duration(1, unit), qmod)
        return _shifted_date(sign, unit, ctx, mod)
    if dshift in ("this", "current") and n is None:
        return _shifted_date(0, unit, ctx, mod)
    if n is None:
        n = "X" if plural else 1
    return Value("DURATION", fmt_duration(n, unit), qmod or mod)


def _anaphoric(sign: int, unit: str, ctx: Context, mod=None) -> Value | None:
    """'the previous year', 'the following day': one unit from the last date named."""
    base = ctx.anchor_day or ctx.dct
    if base is None:
        return None
    if unit == "D":
        d = base + timedelta(days=sign)
        return Value("DATE", d.isoformat(), mod, day=d)
    if unit == "W":
        return Value("DATE", iso_week(base + timedelta(weeks=sign)), mod)
    ym = ctx.anchor_ym or (base.year, base.month)
    if unit == "M":
        y, m = add_months(ym[0], ym[1] or base.month, sign)
        return Value("DATE", f"{y:04d}-{m:02d}", mod)
    return Value("DATE", f"{ym[0] + sign:04d}", mod)


def act_ago(g, lex, ctx):
    unit = lex.get("unit", g["unit"])
    n = parse_number(g["num"], lex)
    direction = key(g["dir"])
    if unit is None or n is None:
        return None
    back = direction in ("ago", "earlier", "back")
    mod = _mod(g, lex, "qmod")
    if mod not in ("APPROX",):
        mod = None
    if isinstance(n, str):
        return Value("DATE", "PAST_REF" if back else "FUTURE_REF")
    sign = -1 if back else 1
    base = ctx.dct
    if direction in ("earlier", "later"):
        if unit in ("TH", "TM") and ctx.anchor_time is not None:
            d0, hh, mm = ctx.anchor_time
            t = datetime(d0.year, d0.month, d0.day, hh % 24, mm) + \
                (timedelta(hours=sign * n) if unit == "TH" else timedelta(minutes=sign * n))
            return Value("TIME", t.strftime("%Y-%m-%dT%H:%M"), mod, day=t.date(), hour=(t.hour, t.minute))
        base = ctx.anchor_day or ctx.dct
    if base is None:
        return Value("DATE", "PAST_REF" if back else "FUTURE_REF")
    if unit == "Y" and n == 1 and ctx.anchor_quarter is not None and direction in ("ago", "earlier"):
        y, q = add_quarters(*ctx.anchor_quarter, -4)
        return Value("DATE", f"{y:04d}-Q{q}", mod, quarter=(y, q), comparison=True)
    if unit == "D" or unit in ("TH", "TM", "TS"):
        if unit == "D":
            d = base + timedelta(days=sign * n)
        else:
            d = base
        return Value("DATE", d.isoformat(), mod, day=d)
    if unit in ("W", "2W"):
        weeks = n * (2 if unit == "2W" else 1)
        d = base + timedelta(weeks=sign * weeks)
        if weeks in (1, 2):                     # "a week ago", "two weeks ago": that day
            return Value("DATE", d.isoformat(), mod, day=d)
        return Value("DATE", iso_week(d), mod)
    if unit == "M":
        y, m = add_months(base.year, base.month, int(sign * n))
        return Value("DATE", f"{y:04d}-{m:02d}", mod)
    if unit == "Q":
        y, m = add_months(base.year, base.month, int(sign * n * 3))
        return Value("DATE", f"{y:04d}-Q{(m - 1) // 3 + 1}", mod)
    if unit in ("Y", "DE", "CE"):
        k = {"Y": 1, "DE": 10, "CE": 100}[unit]
        return Value("DATE", f"{base.year + int(sign * n * k):04d}", mod)
    return None


def act_duration(g, lex, ctx):
    unit_word = key(g["unit"])
    unit = lex.get("unit", unit_word)
    if unit is None:
        return None
    qmod = _mod(g, lex, "qmod")
    if g.get("orunit"):                         # "weeks or months": about weeks
        qmod = "APPROX"
    n = parse_number(g["num"], lex) if g.get("num") else None
    if n is None:
        n = "X" if (unit_word.endswith("s") or unit_word == "centuries") else 1
    lo = parse_number(g["lo"], lex) if g.get("lo") else None
    if isinstance(lo, (int, float)) and isinstance(n, (int, float)) and lo < n:
        n = lo                                  # "two to three weeks": at least two
        qmod = qmod or "EQUAL_OR_MORE"
    if g.get("unit2"):
        u2 = lex.get("unit", g["unit2"])
        n2 = parse_number(g.get("num2"), lex)
        if u2 is None or n2 is None or isinstance(n, str) or isinstance(n2, str):
            return Value("DURATION", fmt_duration(n, unit), qmod)
        a, b = fmt_duration(n, unit), fmt_duration(n2, u2)
        if "T" in b and "T" not in a:
            return Value("DURATION", a + b[1:], qmod)
        if "T" in a and "T" in b:
            return Value("DURATION", a + b[2:], qmod)
        return Value("DURATION", a + b[1:], qmod)
    return Value("DURATION", fmt_duration(n, unit), qmod)


def act_duration_half(g, lex, ctx):
    unit = lex.get("unit", g.get("unit") or g.get("unit2"))
    n = parse_number(g["num"], lex)
    if unit is None or not isinstance(n, (int, float)):
        return None
    return Value("DURATION", fmt_duration(n + 0.5, unit), _mod(g, lex, "qmod"))


def act_set(g, lex, ctx):
    if g.get("wd"):                             # "every Friday", "Tuesday nights"
        wd = lex.get("weekday", g["wd"])
        code = lex.get("daypart", g["dp"], "") if g.get("dp") else ""
        return Value("SET", f"XXXX-WXX-{wd}" + (f"T{code}" if code else "")) if wd else None
    if g.get("month"):                          # "each July", "every spring"
        m = lex.get("month", g["month"])
        code = f"{m:02d}" if isinstance(m, int) else lex.get("season", g["month"])
        return Value("SET", f"XXXX-{code}") if code else None
    unit = lex.get("unit", g["unit"])
    if unit is None:
        return None
    n = g.get("num")
    if n and key(n) == "other":
        k: float | str = 2
    else:
        k = parse_number(n, lex) if n else 1
    if k is None:
        return None
    return Value("SET", fmt_duration(k, unit))


def act_reference(g, lex, ctx):
    entry = lex.get("reference", g["ref"])
    if entry:
        return Value(entry[0], entry[1])
    w = key(g["ref"])
    if w in ("the moment", "this time"):
        return Value("DATE", "PRESENT_REF")
    if w == "one day":                          # "will one day": some day ahead
        return Value("DATE", "FUTURE_REF")
    if w.endswith(" while"):                    # "for a while": some time, unit unknown
        return Value("DURATION", "PXX")
    if w == "the time":
        return Value("DATE", "PAST_REF" if ctx.tense == PAST else "PRESENT_REF")
    return None


def act_anaphor(g, lex, ctx):
    code = lex.get("anaphor", g["ana"])
    if not code:
        return None
    m = re.fullmatch(r"([DMYQ])([+-]\d+)?", code)
    if not m:
        return None
    kind, off = m[1], int(m[2] or 0)
    base = ctx.anchor_day or ctx.dct
    if kind == "Q":
        if ctx.anchor_quarter is not None:
            y, q = add_quarters(*ctx.anchor_quarter, off)
            return Value("DATE", f"{y:04d}-Q{q}", quarter=(y, q), comparison=off != 0)
        if off == 0 and ctx.dct is not None and key(g["ana"]).startswith("the latest"):
            # "the latest period" with no quarter named: the last quarter ended, as "the
            # latest quarter"
            y, q = add_quarters(ctx.dct.year, quarter_of(ctx.dct), -1)
            return Value("DATE", f"{y:04d}-Q{q}", quarter=(y, q))
        if base is None or off == 0:            # "that quarter" with no quarter named
            return None
        if ctx.anchor_ym is not None and ctx.anchor_ym[1] is not None:
            # "up 43% in February from the same period last year": that month, a year back
            y, mo = add_months(ctx.anchor_ym[0], ctx.anchor_ym[1], 3 * off)
            return Value("DATE", f"{y:04d}-{mo:02d}", comparison=True)
        return Value("DATE", f"{base.year - 1:04d}", comparison=True)
    if base is None:
        return None
    if kind == "D":
        d = base + timedelta(days=off)
        return Value("DATE", d.isoformat(), day=d)
    ym = ctx.anchor_ym or (base.year, base.month)
    if kind == "M":
        y, mo = add_months(ym[0], ym[1] or base.month, off)
        return Value("DATE", f"{y:04d}-{mo:02d}")
    return Value("DATE", f"{ym[0] + off:04d}")


def act_fiscal(g, lex, ctx):
    """ "fiscal 2023", "FY23": the year the fiscal year is named for, ``2023``, as the
    TempEval-3 news annotations give it (its months depend on the company)."""
    return act_date(g, lex, ctx)


def act_the_year(g, lex, ctx):
    """ "the year", "the full year", "earlier in the year": the year the text is about
    (that of the last date named, else the article's); "the year ended March 31" is a
    year-long period (DURATION P1Y)."""
    if g.get("tunit"):                 # "the end of the month"; "the week" alone is none
        return act_the_unit(g, lex, ctx) if g.get("mod") else None
    if g.get("ended"):
        return Value("DURATION", "P1Y")
    mod = _mod(g, lex, "mod")
    if g.get("yend"):        # "by year-end": this year's end; "since year-end" the last one
        mod = "END" if mod is None else mod
        if ctx.dct is not None:
            return Value("DATE", f"{ctx.dct.year - (1 if ctx.tense == PAST else 0):04d}", mod)
    if ctx.anchor_ym is not None:
        y = ctx.anchor_ym[0]
    elif ctx.dct is not None:
        y = ctx.dct.year
    else:
        return Value("DATE", "XXXX", mod)
    return Value("DATE", f"{y:04d}", mod)


def act_the_unit(g, lex, ctx):
    """ "the end of the month", "the start of the week": the month (week) the text is at,
    that of the last date named, else the article's."""
    mod = _mod(g, lex, "mod")
    if key(g["tunit"]) == "week":
        base = ctx.anchor_day or ctx.dct
        return Value("DATE", iso_week(base) if base else "XXXX-WXX", mod)
    if ctx.anchor_ym is not None and ctx.anchor_ym[1] is not None:
        y, m = ctx.anchor_ym
    elif ctx.dct is not None:
        y, m = ctx.dct.year, ctx.dct.month
    else:
        return Value("DATE", "XXXX-XX", mod)
    return Value("DATE", f"{y:04d}-{m:02d}", mod)


def act_year_words(g, lex, ctx):
    """A year in words, as read aloud: "nineteen ninety-six", "the year two thousand"."""
    if g.get("cent"):
        hi = parse_number(g["cent"], lex)
        lo = 0 if key(g["yy"]) == "hundred" else parse_number(g["yy"], lex)
        if not isinstance(hi, (int, float)) or not isinstance(lo, (int, float)):
            return None
        year = int(hi) * 100 + int(lo)
    else:
        lo = parse_number(g["yy2"], lex) if g.get("yy2") else 0
        if not isinstance(lo, (int, float)):
            return None
        year = 2000 + int(lo)
    if g.get("month"):                          # "January nineteen ninety-seven"
        month = lex.get("month", g["month"])
        return Value("DATE", f"{year:04d}-{month:02d}") if month else None
    if g.get("season"):                         # "the winter of nineteen ninety-four"
        code = lex.get("season", g["season"])
        return Value("DATE", f"{year:04d}-{code}") if code else None
    return Value("DATE", f"{year:04d}")


def act_nth_unit(g, lex, ctx):
    """ "a second consecutive day", "the eighth day", "a fourth week in a row": the day
    (night, week) the text is at: that of the last date named in the sentence, else the
    article's; a night told in the past tense is the one before."""
    unit = key(g["unit"])
    base = ctx.anchor_sentence_day or ctx.dct
    if base is None:
        return None
    if unit == "week":
        return Value("DATE", iso_week(base))
    if unit == "night":
        d = base - timedelta(days=1) if ctx.tense == PAST and ctx.anchor_sentence_day is None \
            else base
        return Value("TIME", f"{d.isoformat()}TNI", day=d)
    return Value("DATE", base.isoformat(), day=base)


def act_weekend(g, lex, ctx):
    """ "the weekend": the one just past with a past verb (unless the article is written
    on it), else the coming one."""
    return _shifted_date(0, "WE", ctx, _mod(g, lex, "mod"), tense_weekend=True)


def act_coord_day(g, lex, ctx):
    """ "April 24 and 25", "March 3 or 4": a bare day joined to the date just named takes
    that date's month and year; a later day of the same month, or nothing."""
    base = ctx.anchor_sentence_day
    day = int(re.match(r"\d+", g["day"])[0]) if g.get("day") else None
    if base is None or day is None or not base.day < day <= calendar.monthrange(base.year,
                                                                              base.month)[1]:
        return None
    d = date(base.year, base.month, day)
    return Value("DATE", d.isoformat(), day=d)


def act_in_future(g, lex, ctx):
    """ "(will be redeemed) in five years": with a future verb, the date that far after the
    article's (as "five years from now"); with any other, the duration."""
    if ctx.tense == FUTURE and ctx.dct is not None:
        return act_ago({**g, "dir": "from now"}, lex, ctx)
    return act_duration(g, lex, ctx)


ACTIONS = {
    "coord_day": act_coord_day, "in_future": act_in_future, "date": act_date, "weekday": act_weekday, "relday": act_relday, "clock": act_clock,
    "daypart": act_daypart, "season": act_season, "quarter": act_quarter, "half": act_half,
    "decade": act_decade, "shifted": act_shifted, "ago": act_ago, "duration": act_duration,
    "duration_half": act_duration_half, "set": act_set, "reference": act_reference,
    "anaphor": act_anaphor, "fiscal": act_fiscal, "the_year": act_the_year,
    "weekend": act_weekend, "year_words": act_year_words, "nth_unit": act_nth_unit,
    "week_of": act_week_of,
}
