"""Imperfect events (a side with no coded actor, a confusable type, a territory coded as
its country) still join their happening on strong evidence; look-alikes stay apart.

Invented reports, written to the store as contract records (no spaCy): each test
states exactly what the matcher sees. The sentences are the event's sentence."""
from __future__ import annotations

from eventwire import Store
from eventwire.dedup import (Mention, PlaceRef, code_relation, compare, load_rules,
                             open_profile, rule_confusable, rule_places, similarity)

from .reports import (BEIJING, BELARUS, CHINA, GENEVA, HONG_KONG, KHARTOUM, MACAU, OSLO,
                      POLAND, VIENNA, WARSAW, report)
from .test_dedup_rules import happenings_of, merged

RULES = load_rules()

SUMMIT = ("The leaders of India and Pakistan left their Geneva summit a day early on Tuesday "
          "with the water sharing accord still unsigned.")
SUMMIT_TOO = ("India and Pakistan's leaders quit their summit in Geneva a day early with a "
              "water sharing accord still unsigned.")
SUMMIT_OTHER = "Delegates toured the old town while the hotel prepared a formal dinner."
TRUCE = ("The army and the rebel alliance agreed to a nationwide truce that takes effect at "
         "midnight in Khartoum.")
TRUCE_TOO = ("A nationwide truce between the army and the rebel alliance takes effect at "
             "midnight, officials in Khartoum said.")
BORDER = "The two sides also agreed to reopen the southern border crossing to traders."
EXPEL = ("Poland expelled two Belarusian diplomats and closed the consulate, accusing them "
         "of spying.")
EXPEL_TOO = ("Two Belarusian diplomats were expelled by Poland, which closed the consulate "
             "and accused them of spying.")
COUNTER = ("Belarus expelled two Polish diplomats and closed the consulate, accusing them "
           "of spying.")
MARCH = ("Tens of thousands of protesters marched against the new security law through the "
         "harbour district.")
MARCH_TOO = ("Protesters marched in their tens of thousands through the harbour district "
             "against the security law.")


def test_the_example_sentences_are_strongly_similar_and_the_others_not():
    for a, b in ((SUMMIT, SUMMIT_TOO), (TRUCE, TRUCE_TOO), (EXPEL, EXPEL_TOO),
                 (MARCH, MARCH_TOO)):
        c, shared = similarity(a, b, RULES)
        assert c >= RULES.strong_min_cosine and shared >= RULES.strong_min_shared, (a, c)
    for a, b in ((SUMMIT, SUMMIT_OTHER), (TRUCE, BORDER)):
        assert similarity(a, b, RULES)[0] < RULES.strong_min_cosine


# ---------------------------------------------------------------- missing actors

def test_a_report_without_actors_joins_on_strong_text_same_place_same_days():
    coded = report("r1", "2024-05-14", "CONSULT", "040", ["IND"], ["PAK"], GENEVA, "2024-05-14",
                   text=SUMMIT)
    bare = report("r2", "2024-05-14", "CONSULT", "040", None, None, GENEVA, None,
                  text=SUMMIT_TOO, outlet="Other Daily")
    with Store(":memory:") as store:
        store.write([coded, bare])
        [h] = store.happenings(with_mentions=True)
        assert {m["article"] for m in h["mentions_list"]} == {"r1", "r2"}
        assert (h["source"], h["target"]) == (["IND"], ["PAK"])     # the coded report's
        rule = {m["article"]: m["rule"] for m in h["mentions_list"]}["r2"]
        assert "strong text" in rule and "actors unknown/unknown" in rule


def test_two_reports_without_actors_join_on_strong_text_and_the_place():
    a = report("r1", "2024-05-14", "CONSULT", "040", None, None, GENEVA, None, text=SUMMIT)
    b = report("r2", "2024-05-14", "CONSULT", "040", None, None, GENEVA, None, text=SUMMIT_TOO)
    assert merged(a, b)


def test_without_actors_weak_text_is_not_enough():
    a = report("r1", "2024-05-14", "CONSULT", "040", ["IND"], ["PAK"], GENEVA, "2024-05-14",
               text=SUMMIT)
    b = report("r2", "2024-05-14", "CONSULT", "040", None, None, GENEVA, None,
               text=SUMMIT_OTHER)
    assert not merged(a, b)


SUMMIT_SHORT = "The Geneva summit of India and Pakistan ended a day early."


def test_without_actors_an_unknown_place_is_no_evidence():
    # strong text (most words shared) but too few words to stand alone ("same words")
    c, shared = similarity(SUMMIT, SUMMIT_SHORT, RULES)
    assert c >= RULES.strong_min_cosine and shared < RULES.same_words_min_shared
    a = report("r1", "2024-05-14", "CONSULT", "040", ["IND"], ["PAK"], GENEVA, "2024-05-14",
               text=SUMMIT)
    b = report("r2", "2024-05-14", "CONSULT", "040", None, None, None, None, text=SUMMIT_SHORT)
    assert not merged(a, b)


def test_lookalike_without_actors_next_round_of_the_same_talks():
    a = report("r1", "2024-05-14", "CONSULT", "040", ["IND"], ["PAK"], GENEVA, "2024-05-14",
               text=SUMMIT)
    b = report("r2", "2024-06-11", "CONSULT", "040", None, None, GENEVA, None,
               text=SUMMIT_TOO)                 # the same words a month later: other talks
    assert not merged(a, b)


def test_lookalike_without_actors_same_day_other_places():
    a = report("r1", "2024-05-14", "CONSULT", "040", ["IND"], ["PAK"], GENEVA, "2024-05-14",
               text=SUMMIT)
    b = report("r2", "2024-05-14", "CONSULT", "040", None, None, VIENNA, None, text=SUMMIT_TOO)
    c = report("r3", "2024-05-14", "CONSULT", "040", None, None, OSLO, None, text=SUMMIT_TOO)
    assert len(happenings_of(a, b, c)) == 3


def test_lookalike_counter_expulsion_without_the_expelling_side():
    # Belarus answers in kind the same day; the report of it codes no actor and reads
    # almost the same: the place (Belarus, not Poland) keeps it apart
    a = report("r1", "2024-09-02", "SANCTION", "166", ["POL"], ["BLRGOV"], WARSAW, None,
               text=EXPEL)
    b = report("r2", "2024-09-02", "SANCTION", "166", None, None, BELARUS, None,
               text=COUNTER)
    assert similarity(EXPEL, COUNTER, RULES)[0] >= RULES.strong_min_cosine
    assert not merged(a, b)
    c = report("r3", "2024-09-02", "SANCTION", "166", None, ["BLRGOV"], POLAND, None,
               text=EXPEL_TOO)                  # the same expulsion, reported without source
    assert merged(a, c)


def test_strong_text_never_overrides_a_veto():
    a = report("r1", "2024-09-02", "SANCTION", "166", ["POL"], ["BLRGOV"], WARSAW, None,
               text=EXPEL)
    b = report("r2", "2024-09-02", "SANCTION", "166", ["BLR"], ["POLGOV"], WARSAW, None,
               text=EXPEL_TOO)                  # the other direction: actors veto
    assert not merged(a, b)


# ---------------------------------------------------------------- confusable types

def test_ceasefire_declared_and_agreed_are_one_happening_on_strong_text():
    declared = report("r1", "2024-02-11", "RETREAT", "0871", ["SDNMIL"], ["SDNREB"], KHARTOUM,
                      None, text=TRUCE)
    agreed = report("r2", "2024-02-11", "AGREE", "030", None, None, KHARTOUM, None,
                    text=TRUCE_TOO, outlet="Other Daily")
    with Store(":memory:") as store:
        store.write([declared, agreed])
        [h] = store.happenings(with_mentions=True)
        assert h["type"] == "RETREAT" and h["articles"] == 2   # the founding report's type
        rule = {m["article"]: m["rule"] for m in h["mentions_list"]}["r2"]
        assert rule.startswith("confusable ceasefire") and "strong text" in rule
    first = report("r0", "2024-02-11", "AGREE", "030", None, None, KHARTOUM, None,
                   text=TRUCE_TOO)                 # the other order: found from either side
    assert merged(first, declared)


def test_confusable_types_with_weak_text_stay_apart():
    # the same parties, place and day, but the agreement is about the border
    declared = report("r1", "2024-02-11", "RETREAT", "0871", ["SDNMIL"], ["SDNREB"], KHARTOUM,
                      None, text=TRUCE)
    other = report("r2", "2024-02-11", "AGREE", "030", ["SDNMIL"], ["SDNREB"], KHARTOUM, None,
                   text=BORDER)
    assert not merged(declared, other)


def test_only_the_listed_codes_are_confusable():
    assert rule_confusable("RETREAT", "0871", "AGREE", "030", RULES)[0] == "confusable ceasefire"
    assert rule_confusable("AGREE", "0356", "RETREAT", "0871", RULES) is not None
    assert rule_confusable("RETREAT", "0872", "AGREE", "030", RULES) is None   # a withdrawal
    assert rule_confusable("SANCTION", "166", "COERCE", "174", RULES)[0] == "confusable expulsion"
    assert rule_confusable("SANCTION", "161", "COERCE", "174", RULES) is None
    withdrawal = report("r1", "2024-02-11", "RETREAT", "0872", ["SDNMIL"], ["SDNREB"], KHARTOUM,
                        None, text=TRUCE)
    agreed = report("r2", "2024-02-11", "AGREE", "030", ["SDNMIL"], ["SDNREB"], KHARTOUM, None,
                    text=TRUCE_TOO)
    assert not merged(withdrawal, agreed)


def test_confusable_expulsion_keeps_the_direction():
    expel = report("r1", "2024-09-02", "SANCTION", "166", ["POL"], ["BLRGOV"], WARSAW, None,
                   text=EXPEL)
    deport = report("r2", "2024-09-02", "COERCE", "174", ["POLGOV"], ["BLR"], WARSAW, None,
                    text=EXPEL_TOO)
    assert merged(expel, deport)
    counter = report("r3", "2024-09-02", "COERCE", "174", ["BLRGOV"], ["POL"], WARSAW, None,
                     text=EXPEL_TOO)
    assert not merged(expel, counter)


def test_confusable_types_still_need_the_same_days():
    a = report("r1", "2024-02-11", "RETREAT", "0871", ["SDNMIL"], ["SDNREB"], KHARTOUM, None,
               text=TRUCE)
    b = report("r2", "2024-03-20", "AGREE", "030", ["SDNMIL"], ["SDNREB"], KHARTOUM, None,
               text=TRUCE_TOO)                  # the next truce, weeks later
    assert not merged(a, b)


# ---------------------------------------------------------------- territories and their country

def test_a_territory_code_is_more_specific_than_its_country():
    assert code_relation("HKG", "CHN", RULES) == "specific"
    assert code_relation("CHN", "HKGGOV", RULES) == "specific"
    assert code_relation("HKGCVL", "CHNCVL", RULES) == "specific"
    assert code_relation("HKGCOP", "CHNGOV", RULES) == "family"
    assert code_relation("HKGCVL", "CHNGOV", RULES) is None
    assert code_relation("HKG", "MAC", RULES) is None             # two territories of one state
    assert code_relation("TWN", "CHN", RULES) is None             # only facts are listed


def test_protesters_coded_hkg_and_chn_are_one_protest():
    a = report("r1", "2024-06-10", "PROTEST", "141", ["HKGCVL"], ["HKGGOV"], HONG_KONG,
               "2024-06-09", text=MARCH)
    b = report("r2", "2024-06-10", "PROTEST", "141", ["CHNCVL"], ["CHN"], HONG_KONG,
               "2024-06-09", text=MARCH_TOO)
    assert merged(a, b)


def test_lookalike_territory_protests_same_day_elsewhere_stay_apart():
    a = report("r1", "2024-06-10", "PROTEST", "141", ["HKGCVL"], ["HKGGOV"], HONG_KONG,
               "2024-06-09", text=MARCH)
    macau = report("r2", "2024-06-10", "PROTEST", "141", ["MACCVL"], ["MACGOV"], MACAU,
                   "2024-06-09", text=MARCH_TOO)
    beijing = report("r3", "2024-06-10", "PROTEST", "141", ["CHNCVL"], ["CHN"], BEIJING,
                     "2024-06-09", text=MARCH_TOO)
    assert len(happenings_of(a, macau, beijing)) == 3


def test_a_country_contains_its_territories_places_not_the_reverse():
    def ref(p):
        return PlaceRef(*p)
    assert rule_places(ref(CHINA), ref(HONG_KONG), RULES)[0] == "country contains place"
    assert rule_places(ref(HONG_KONG), ref(CHINA), RULES)[0] == "country contains place"
    hk_country = PlaceRef("Hong Kong", 1819730, 22.3, 114.2, "HKG", "A.PCLS")
    assert rule_places(ref(CHINA), hk_country, RULES)[0] == "country contains place"
    assert rule_places(hk_country, ref(BEIJING), RULES) is None
    assert rule_places(hk_country, ref(MACAU), RULES) is None


def test_compare_names_the_strong_text_path():
    coded = Mention("x", "e1", "CONSULT", "040", ("IND",), ("PAK",), "2024-05-14", False,
                    "2024-05-14", PlaceRef(*GENEVA), sentence=SUMMIT)
    p = open_profile("h1", coded, RULES)
    bare = Mention("y", "e1", "CONSULT", "040", (), (), None, True, "2024-05-14",
                   PlaceRef(*GENEVA), sentence=SUMMIT_TOO)
    dec = compare(bare, p, RULES)
    assert not dec.vetoed and dec.rules[-1] == "strong text"
    weak = Mention("y", "e1", "CONSULT", "040", (), (), None, True, "2024-05-14",
                   PlaceRef(*GENEVA), sentence=SUMMIT_OTHER)
    assert compare(weak, p, RULES).rules[-1] == "no anchor"


# ---------------------------------------------------------------- every report's words count

AMBUSH_1 = "Militia fighters attacked an army convoy on the highway north of the capital."
AMBUSH_2 = ("Eleven soldiers died when gunmen ambushed their trucks near the northern "
            "checkpoint, the ministry reported.")
AMBUSH_3 = "Gunmen ambushed army trucks near the northern checkpoint and eleven soldiers died."


def test_a_new_report_is_compared_with_each_report_of_the_happening():
    assert similarity(AMBUSH_3, AMBUSH_1, RULES)[0] < RULES.strong_min_cosine
    assert similarity(AMBUSH_3, AMBUSH_2, RULES)[0] >= RULES.strong_min_cosine
    a = report("r1", "2024-04-03", "ASSAULT", "190", ["SDNREB"], ["SDNMIL"], KHARTOUM,
               "2024-04-02", text=AMBUSH_1)
    b = report("r2", "2024-04-03", "ASSAULT", "190", ["SDNREB"], ["SDNMIL"], KHARTOUM,
               "2024-04-02", text=AMBUSH_2)
    c = report("r3", "2024-04-03", "ASSAULT", "190", None, None, KHARTOUM, None, text=AMBUSH_3)
    with Store(":memory:") as store:
        store.write([a, b, c])
        [h] = store.happenings(with_mentions=True)
        assert h["articles"] == 3 and h["sentence"] == AMBUSH_1     # the founding sentence
    later = report("r4", "2024-04-20", "ASSAULT", "190", None, None, KHARTOUM, None,
                   text=AMBUSH_3)                                  # another ambush, weeks on
    assert len(happenings_of(a, b, later)) == 2
