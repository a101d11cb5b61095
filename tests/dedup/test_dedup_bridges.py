"""Bridges for imperfect events: repeats within one article, reports that share the
same words (a quoted statement), and long sentences sharing many words. Each with
the look-alikes it must keep apart. Invented reports (see reports.py)."""
from __future__ import annotations

from eventwire import Store
from eventwire.dedup import Bag, load_rules, similarity, strong_text

from .reports import BELARUS, GENEVA, HONG_KONG, KABUL, KHARTOUM, VIENNA, combine, report
from .test_dedup_rules import happenings_of, merged

RULES = load_rules()

TALKS = ("The leaders of India and Pakistan left their Geneva summit a day early on Tuesday "
         "with the water sharing accord still unsigned.")
STATEMENT = ("A spokeswoman for the foreign ministry, Anna Berg, said the two delegations held "
             "frank and useful talks and looked at options to speed up the water sharing "
             "accord and border trade.")
STATEMENT_TOO = ("Foreign ministry spokeswoman Anna Berg said the delegations had frank and "
                 "useful talks and looked at several options to speed up the water sharing "
                 "accord.")
LUNCH = "The two leaders also skipped a joint press conference and a state dinner."
EXPEL = ("Poland expelled two Belarusian diplomats on Monday and closed the consulate in "
         "Grodno, accusing them of spying for the security services.")
COUNTER = ("Belarus expelled two Polish diplomats on Monday and closed the consulate in "
           "Brest, accusing them of spying for the security services.")
MARCH_LONG = ("Tens of thousands of people marched through the harbour district on Sunday "
              "against the new security law, which critics fear will let the mainland seize "
              "dissidents and undermine the courts of the city.")
MARCH_LONG_TOO = ("More than a million people joined a mass march against the security law "
                  "through the harbour district of the city on Sunday, organisers said, "
                  "calling it one of the largest rallies for decades.")
BOMB_1 = "A car bomb exploded outside the ministry of mines in Kabul, killing six guards."
BOMB_2 = "Another car bomb exploded near the ministry of mines in Kabul, killing six guards."
VIGIL = ("Police said a few hundred people gathered in the harbour district on Sunday to mark "
         "the anniversary of the city charter, with no arrests.")


# ---------------------------------------------------------------- same words

def test_same_words_need_many_shared_words_and_agreeing_names():
    c, shared = similarity(STATEMENT, STATEMENT_TOO, RULES)
    assert c >= RULES.same_words_min_cosine and shared >= RULES.same_words_min_shared
    assert Bag.of(STATEMENT, RULES).names_agree(Bag.of(STATEMENT_TOO, RULES))
    c, shared = similarity(EXPEL, COUNTER, RULES)
    assert c >= RULES.same_words_min_cosine and shared >= RULES.same_words_min_shared
    assert not Bag.of(EXPEL, RULES).names_agree(Bag.of(COUNTER, RULES))


def test_two_reports_quoting_one_statement_merge_without_actors_or_place():
    a = report("r1", "2024-05-14", "CONSULT", "040", None, None, None, None, text=STATEMENT)
    b = report("r2", "2024-05-14", "CONSULT", "040", None, None, None, None,
               text=STATEMENT_TOO, outlet="Other Daily")
    assert merged(a, b)
    with Store(":memory:") as store:
        store.write([a, b])
        [h] = store.happenings(with_mentions=True)
        assert "same words" in {m["article"]: m["rule"] for m in h["mentions_list"]}["r2"]


SPLIT = ("The board of Norvale Mining declared a two-for-one stock split, subject to "
         "shareholder approval at the April 23 annual meeting in the city.")
SPLIT_TOO = ("Its stock split is subject to approval by shareholders at the April 23 annual "
             "meeting in the city, the company said.")
TERMS = ("The notes are priced at par, and the selling concession is one pct while "
         "management and underwriting combined pay a half pct.")
TERMS_TOO = ("The bonds are priced at par, and the selling concession is two pct while "
             "management and underwriting combined pay one pct.")


def test_lookalike_same_words_without_a_name_in_common():
    # boilerplate of two issues, two companies' splits: many words, no one named in both
    for a_text, b_text in ((SPLIT, SPLIT_TOO), (TERMS, TERMS_TOO)):
        c, shared = similarity(a_text, b_text, RULES)
        assert c >= RULES.same_words_min_cosine and shared >= RULES.same_words_min_shared
        assert not Bag.of(a_text, RULES).names_agree(Bag.of(b_text, RULES))
        a = report("r1", "2024-03-02", "COOPERATE", "060", None, None, None, None, text=a_text)
        b = report("r2", "2024-03-02", "COOPERATE", "060", None, None, None, None, text=b_text)
        assert not merged(a, b)


def test_lookalike_same_words_the_next_round_of_talks():
    a = report("r1", "2024-05-14", "CONSULT", "040", None, None, None, None, text=STATEMENT)
    b = report("r2", "2024-06-20", "CONSULT", "040", None, None, None, None,
               text=STATEMENT_TOO)              # the same formula after the next round
    assert not merged(a, b)


def test_lookalike_same_words_counter_expulsion_names_differ():
    # no actor, no place coded in either: only the names tell them apart
    a = report("r1", "2024-09-02", "SANCTION", "166", None, None, None, None, text=EXPEL)
    b = report("r2", "2024-09-02", "SANCTION", "166", None, None, None, None, text=COUNTER)
    assert not merged(a, b)


def test_same_words_never_lift_a_veto():
    a = report("r1", "2024-05-14", "CONSULT", "040", ["IND"], ["PAK"], GENEVA, None,
               text=STATEMENT)
    b = report("r2", "2024-05-14", "CONSULT", "040", None, None, VIENNA, None,
               text=STATEMENT_TOO)              # the same words, another city
    c = report("r3", "2024-05-14", "CONSULT", "040", ["CHN"], ["RUS"], None, None,
               text=STATEMENT_TOO)              # other actors
    assert not merged(a, b) and not merged(a, c)


# ---------------------------------------------------------------- repeats within one article

def test_a_later_event_of_the_article_without_actors_joins_its_happening():
    art = combine(report("r1", "2024-05-14", "CONSULT", "040", ["IND"], ["PAK"], GENEVA,
                         "2024-05-14", text=TALKS),
                  report("r1", "2024-05-14", "CONSULT", "040", None, None, None, None,
                         text=LUNCH))
    with Store(":memory:") as store:
        store.write([art])
        [h] = store.happenings(with_mentions=True)
        assert h["mentions"] == 2 and (h["source"], h["target"]) == (["IND"], ["PAK"])
        rules = sorted(m["rule"] for m in h["mentions_list"])
        assert rules[0] == "opened" and rules[1].endswith("same article")


def test_lookalikes_within_one_article_stay_apart():
    talks = report("r1", "2024-05-14", "CONSULT", "040", ["IND"], ["PAK"], GENEVA,
                   "2024-05-14", text=TALKS)
    for other in (
            report("r1", "2024-05-14", "CONSULT", "040", None, None, None, "2024-04-02",
                   text=LUNCH),                 # the last round, weeks before
            report("r1", "2024-05-14", "CONSULT", "040", None, None, VIENNA, None,
                   text=LUNCH),                 # talks elsewhere the same day
            report("r1", "2024-05-14", "CONSULT", "040", ["CHN"], ["RUS"], None, None,
                   text=LUNCH),                 # other actors
            report("r1", "2024-05-14", "ASSAULT", "190", None, None, None, None,
                   text=LUNCH)):                # another kind of act
        with Store(":memory:") as store:
            store.write([combine(talks, other)])
            assert len(store.happenings()) == 2, other.events[0]


def test_a_repeat_does_not_join_a_confusable_type():
    art = combine(report("r1", "2024-02-11", "RETREAT", "0871", ["SDNMIL"], ["SDNREB"],
                         KHARTOUM, None, text=TALKS),
                  report("r1", "2024-02-11", "AGREE", "030", None, None, None, None,
                         text=LUNCH))
    with Store(":memory:") as store:
        store.write([art])
        assert len(store.happenings()) == 2


def test_the_article_repeat_and_same_words_link_a_report_without_actors():
    # r1 codes the summit's actors and, later, quotes the statement; r2 only quotes it:
    # r2 joins r1's happening and so gets the actors
    r1 = combine(report("r1", "2024-05-14", "CONSULT", "040", ["IND"], ["PAK"], GENEVA,
                        "2024-05-14", text=TALKS),
                 report("r1", "2024-05-14", "CONSULT", "040", None, None, None, None,
                        text=STATEMENT))
    r2 = report("r2", "2024-05-14", "CONSULT", "040", None, None, None, None,
                text=STATEMENT_TOO, outlet="Other Daily")
    with Store(":memory:") as store:
        store.write([r1, r2])
        [h] = store.happenings(with_mentions=True)
        assert h["articles"] == 2 and (h["source"], h["target"]) == (["IND"], ["PAK"])
    with Store(":memory:") as store:            # the other order: r2 opens a happening,
        store.write([r2])                       # r1's statement joins it and r1's own,
        store.write([r1])                       # which become one
        [h] = store.happenings(with_mentions=True)
        assert h["articles"] == 2 and (h["source"], h["target"]) == (["IND"], ["PAK"])
        again = store.dedup(rebuild=True)       # and a rebuild finds the same
        assert again["happenings"] == 1


def test_a_report_matching_two_lookalikes_does_not_make_them_one():
    # two attacks in Kabul on two days; a report dated only by its article (covering both
    # days) with no place joins one of them; they stay two
    day1 = report("r1", "2024-03-03", "ASSAULT", "183", ["TALREB"], ["AFGCVL"], KABUL,
                  "2024-03-03", text=BOMB_1)
    day2 = report("r2", "2024-03-04", "ASSAULT", "183", ["TALREB"], ["AFGCVL"], KABUL,
                  "2024-03-04", text=BOMB_2)
    vague = report("r3", "2024-03-04", "ASSAULT", "183", ["TALREB"], ["AFGCVL"], None, None,
                   text=BOMB_2)
    groups = happenings_of(day1, day2, vague)
    assert len(groups) == 2 and ["r1"] in groups


# ---------------------------------------------------------------- long sentences

def test_long_sentences_sharing_many_words_are_strong_text():
    c, shared = similarity(MARCH_LONG, MARCH_LONG_TOO, RULES)
    assert c < RULES.strong_min_cosine and shared >= RULES.long_min_shared
    assert strong_text(c, shared, RULES)
    assert not strong_text(*similarity(MARCH_LONG, VIGIL, RULES), RULES)
    coded = report("r1", "2024-06-10", "PROTEST", "141", ["HKGCVL"], ["HKGGOV"], HONG_KONG,
                   None, text=MARCH_LONG)
    bare = report("r2", "2024-06-10", "PROTEST", "141", None, None, HONG_KONG, "2024-06-09",
                  text=MARCH_LONG_TOO, outlet="Other Daily")
    assert merged(coded, bare)


def test_long_text_lookalikes_stay_apart():
    coded = report("r1", "2024-06-10", "PROTEST", "141", ["HKGCVL"], ["HKGGOV"], HONG_KONG,
                   None, text=MARCH_LONG)
    no_place = report("r2", "2024-06-10", "PROTEST", "141", None, None, None, "2024-06-09",
                      text=MARCH_LONG_TOO)      # no evidence besides the words
    next_week = report("r3", "2024-06-17", "PROTEST", "141", None, None, HONG_KONG,
                       "2024-06-16", text=MARCH_LONG_TOO)
    vigil = report("r4", "2024-06-10", "PROTEST", "141", None, None, HONG_KONG, "2024-06-09",
                   text=VIGIL)                  # another gathering the same day
    assert len(happenings_of(coded, no_place, next_week, vigil)) == 4


def test_belarus_place_keeps_the_counter_expulsion_apart_even_on_same_words():
    a = report("r1", "2024-09-02", "SANCTION", "166", None, None, None, None, text=EXPEL)
    b = report("r2", "2024-09-02", "SANCTION", "166", None, None, BELARUS, None, text=EXPEL)
    assert merged(a, b)                         # an unknown place vetoes nothing


def test_same_words_are_for_reports_with_a_side_not_coded():
    # both sides coded in both, related only by sector family: no report of one happening
    a = report("r1", "2024-05-14", "CONSULT", "040", ["IRQGOV"], ["IRQCVL"], None, None,
               text=STATEMENT)
    b = report("r2", "2024-05-14", "CONSULT", "040", ["IRQMIL"], ["IRQBUS"], None, None,
               text=STATEMENT_TOO)
    assert not merged(a, b)
    c = report("r3", "2024-05-14", "CONSULT", "040", ["IRQMIL"], None, None, None,
               text=STATEMENT_TOO)              # the target not coded: same words suffice
    assert merged(a, c)
