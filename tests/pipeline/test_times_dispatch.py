"""Stage times: which rules are tried where. The three-character table, the
seven-character narrowing and the scan for word starts change how many rules are
tried, never which rule matches."""
from __future__ import annotations

import re

import pytest

from eventwire.pipeline import times as T


@pytest.fixture(scope="module")
def stage():
    return T.TimesStage()


def plain_find(stage, text, ents=()):
    """The matching without narrowing or scan: at every word start, every rule the
    three-character table gives, in order; the first that matches and passes wins."""
    out, pos = [], 0
    for w in T._WORD_START.finditer(text):
        p = w.start()
        if p < pos:
            continue
        for i in stage._candidates(text, p):
            rule = stage.rules[i]
            m = rule.compiled.match(text, p)
            if m is None:
                continue
            g = {short: m.group(full) for full, short in rule.groups}
            if stage._passes(rule, g, text, p, m.end(), list(ents)):
                out.append((p, m.end(), rule.name, g))
                pos = m.end()
                break
    return out


def found(stage, text, ents=()):
    return [(s, e, r.name, g) for s, e, r, g in stage.find(text, list(ents))]


SENTENCES = [
    "The  ministry said on\n\nTuesday that the last   three weeks had been calm.",
    "THE LAST WEEK OF MARCH 2019 saw talks; the  company's  first\tquarter ended "
    "late in the year.",
    "Around 10:30 a.m. local time, two and a half years after the mid-1990s reforms, "
    "the council met for a second consecutive day.",
    "Café owners said it’s been 3 days since the 8th, and the ’20s began in earnest.",
    "the\u00a0next two days, the past\u2009week and the\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n"
    "\n\n\n\n\n\n\ncoming months",
    "Sales rose 12 percent in fiscal 2023, up from 1,000 units a year earlier, "
    "and will double by year-end, every Friday until next spring.",
    "In the 1980s and 70s, at noon on Friday, the year before last, shortly after "
    "midnight yesterday.",
]


@pytest.mark.parametrize("text", SENTENCES)
def test_narrowed_matching_finds_what_plain_matching_finds(stage, text):
    got = found(stage, text)
    assert got, "each invented sentence names a time"
    assert got == plain_find(stage, text)


def test_a_word_no_rule_starts_with_tries_none(stage):
    text = "the ministry said"
    assert len(stage._candidates(text, 0)) > 10        # "the" starts many rules ...
    assert stage._tried(text, 0) == ()                # ... none of them "the min"
    kept = stage._tried("the last week", 0)
    names = [stage.rules[i].name for i in kept]
    assert "relative.shifted" in names and len(kept) < len(stage._candidates("the last week", 0))
    assert [x[2] for x in found(stage, "Prices fell the last week.")] == ["relative.shifted"]


def test_windows_it_cannot_read_keep_every_candidate(stage):
    # a non-ASCII character, or a run of whitespace longer than the window it reads
    for text in ("the\u00a0last week", "the" + " " * 30 + "last week"):
        assert stage._tried(text, 0) == stage._candidates(text, 0)
        assert found(stage, text) == plain_find(stage, text)
        assert found(stage, text)[0][:2] == (0, len(text))


@pytest.mark.parametrize("pattern,text", [
    (r"(?:the\s+)?(?P<n>\d+)\s+days?", "the   31 days"),
    (r"a\s{12}b", "a" + " " * 12 + "b"),
    (r"(?:mid|late)[^\S\n]+(?P<y>\d{4})", "late \t 2021"),
    (r"(?-i:May)\s+\d{1,2}", "May\n\n5"),
    (r"(?:early|late)?\s*(?P<y>{year})".replace("{year}", r"(?:19|20)\d\d"), "1987"),
])
def test_seven_character_starts_cover_every_match(pattern, text):
    """Whitespace runs read as one space and digits alike, the starts read from a
    pattern hold the window of every text it matches (or a shorter start of it)."""
    assert re.fullmatch(pattern, text, re.IGNORECASE)
    starts = T._prefixes(T._parse(pattern), T._K2, collapse=True)
    w = T.TimesStage._window(text, 0)
    assert w is not None
    assert w in starts or any(w.startswith(s) for s in starts if len(s) < T._K2)


def _user_stage(tmp_path, rules: str):
    f = tmp_path / "mine.yml"
    f.write_text("rules:\n" + rules, encoding="utf-8")
    return T.TimesStage([str(f)])


def test_a_rule_without_a_bounded_start_is_tried_everywhere(tmp_path):
    stage = _user_stage(tmp_path, "  - name: user.moons\n"
                                  "    pattern: '(?P<ref>\\w+\\s+moons\\s+ago)'\n"
                                  "    action: reference\n")
    assert stage.always == [0] and stage.wide_always & 1         # rule 0, in both tables
    assert stage.scan is T._WORD_START            # every word start is looked at
    text = "It happened nine moons ago, the elders said."
    got = found(stage, text)
    assert ("nine moons ago", "user.moons") in [(text[s:e], name) for s, e, name, _ in got]
    assert got == plain_find(stage, text)
    assert all(0 in stage._tried(text, w.start()) for w in T._WORD_START.finditer(text))


def test_a_users_new_first_word_joins_the_table_and_the_scan(stage, tmp_path):
    text = "Folk songs of bygone days were sung."
    p = text.index("bygone")
    assert stage.scan.match(text, p) is None          # packaged rules: nothing starts "byg"
    mine = _user_stage(tmp_path, "  - name: user.bygone\n"
                                 "    pattern: '(?P<ref>bygone\\s+days)'\n"
                                 "    action: reference\n")
    assert mine.scan.match(text, p) is not None
    assert [(s, name) for s, _, name, _ in found(mine, text)] == [(p, "user.bygone")]


def test_a_start_that_merging_spaces_could_cut_short_is_not_bounded():
    """Where a space ending what came before meets a space starting a part the reader
    cut at the window's end, the merged string would be one short and read as a whole
    start; such a pattern is left unbounded (tried everywhere) rather than missed."""
    pattern = r"a\s+(?:\s*bcdefgh)"
    assert re.fullmatch(pattern, "a  bcdefgh")
    with pytest.raises(T._TooMany):
        T._prefixes(T._parse(pattern), T._K2, collapse=True)
