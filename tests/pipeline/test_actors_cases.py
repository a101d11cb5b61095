"""Actors stage on sentences of our own: agents, dated leaders, coreference, helpers."""
import pytest

from eventwire.config import Settings
from eventwire.nlp import load_pipeline, make_doc
from eventwire.lexicon import get_lexicon
from eventwire.pipeline.actors import ActorsStage, actor_at, add_actor
from eventwire.records import Article


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline(Settings(), ("actors",))


def parse(nlp, text, date="2015-05-21"):
    """The doc as the actors stage leaves it (later stages may add actors of their own)."""
    doc = make_doc(nlp, Article(id="t", text=text, date=date), 10**6)
    for name, proc in nlp.pipeline:
        doc = proc(doc)
        if name == "ew_actors":
            break
    return doc


def actor_of(doc, words, nth=0):
    ws = words.split()
    found = 0
    for i in range(len(doc) - len(ws) + 1):
        if [t.text for t in doc[i:i + len(ws)]] == ws:
            if found == nth:
                aid = actor_at(doc, i, i + len(ws))
                return next((a for a in doc._.ew_actors if a.id == aid), None)
            found += 1
    raise AssertionError(f"{words!r} not in doc")


def test_police_in_lagos_and_protesters(nlp):
    doc = parse(nlp, "Police in Lagos fired tear gas at protesters on Monday, witnesses said.")
    assert actor_of(doc, "Police").code == "NGACOP"
    prot = actor_of(doc, "protesters")
    assert prot.sector == "CVL" and prot.kind == "group" and prot.code.startswith("NGA")


def test_western_diplomats_and_regional_code(nlp):
    doc = parse(nlp, "Western diplomats said the talks in Geneva had stalled.")
    a = actor_of(doc, "Western diplomats")
    assert a.sector == "GOV" and a.code.startswith("WST") and a.country is None


def test_leader_code_depends_on_article_date(nlp):
    text = "Obama said the deal was good for both countries."
    assert actor_of(parse(nlp, text, "2012-05-01"), "Obama").code == "USAGOV"
    assert actor_of(parse(nlp, text, "2019-05-01"), "Obama").code == "USAELI"
    # a title with a country finds the office holder of the date
    doc = parse(nlp, "The Russian president said talks would continue.", "2010-03-01")
    assert actor_of(doc, "president").name == "Dmitry Medvedev"
    doc = parse(nlp, "The Russian president said talks would continue.", "2015-03-01")
    assert actor_of(doc, "president").name == "Vladimir Putin"


def test_definite_title_refers_back_to_leader(nlp):
    doc = parse(nlp, "Obama met Netanyahu in Washington on Monday. The president said he was "
                     "hopeful.", "2012-05-01")
    obama = actor_of(doc, "Obama")
    assert actor_of(doc, "The president").id == obama.id
    assert actor_of(doc, "he was").id == obama.id
    assert actor_of(doc, "Netanyahu").code == "ISRGOV"


def test_group_possessive_and_description(nlp):
    doc = parse(nlp, "Hezbollah said its fighters had killed an Israeli soldier. "
                     "The group also fired rockets.")
    hez = actor_of(doc, "Hezbollah")
    assert hez.code.startswith("LBN") and hez.kind == "group"
    assert actor_of(doc, "its").id == hez.id
    assert actor_of(doc, "fighters").id == hez.id
    assert actor_of(doc, "The group").id == hez.id
    assert actor_of(doc, "an Israeli soldier").code == "ISRMIL"


def test_militants_refer_to_named_group_and_officials(nlp):
    doc = parse(nlp, "The Taliban attacked a checkpoint in Kandahar, killing three soldiers. "
                     "The militants fled. Afghan officials said they would retaliate.")
    tal = actor_of(doc, "Taliban")
    assert tal.code.startswith("AFG") and actor_of(doc, "The militants").id == tal.id
    off = actor_of(doc, "Afghan officials")
    assert off.code == "AFGGOV" and actor_of(doc, "they").id == off.id


def test_titles_with_organisations_and_ministries(nlp):
    doc = parse(nlp, "Iraqi Defence Ministry spokesman Yahya Rasool said the army retook the town.")
    assert actor_of(doc, "Yahya Rasool").code == "IRQGOV"
    doc = parse(nlp, "U.N. Secretary-General Ban Ki-moon urged restraint. Ban said the council "
                     "would meet.", "2012-05-01")
    ban = actor_of(doc, "Ban Ki")
    assert ban.code.startswith("UNO") and actor_of(doc, "Ban said").id == ban.id


def test_month_is_not_theresa_may(nlp):
    doc = parse(nlp, "May 21, 2015\n\nThe talks began in May.", "2017-01-01")
    assert not any(a.name == "Theresa May" for a in doc._.ew_actors)


def test_place_phrase_is_not_an_actor(nlp):
    doc = parse(nlp, "Militants overran the Syrian town of Palmyra.")
    assert actor_of(doc, "Syrian town") is None


def test_add_actor_and_actor_at_keep_lists_consistent(nlp):
    doc = parse(nlp, "Rebels seized control of the town of Kidal in northern Mali on Sunday.")
    kidal = next(t.i for t in doc if t.text == "Kidal")
    assert actor_at(doc, kidal, kidal + 1) is None
    aid = add_actor(doc, kidal, kidal + 1, "Kidal", "MLI", None, "MLI", "state", "metonym")
    assert actor_at(doc, kidal, kidal + 1) == aid
    assert add_actor(doc, kidal, kidal + 1, "Kidal", "MLI", None, "MLI", "state") == aid
    starts = [m.start for m in doc._.ew_mentions]
    assert starts == sorted(starts)
    a = next(a for a in doc._.ew_actors if a.id == aid)
    assert a.mentions == [(doc[kidal].idx, doc[kidal].idx + 5)]
    assert len({a.id for a in doc._.ew_actors}) == len(doc._.ew_actors)
    # the head of a longer span picks the mention that holds it
    rebels = actor_at(doc, 0, 1)
    assert rebels is not None and rebels != aid


def test_user_file_adds_and_overrides(nlp, tmp_path):
    f = tmp_path / "my.yml"
    f.write_text("organizations:\n"
                 "  Ruritanian Liberation Front: {aliases: [RLF], code: RURREB, sector: REB,"
                 " kind: group}\n"
                 "leaders:\n"
                 "  Vladimir Putin: {aliases: [Putin], country: RUS, terms: "
                 "[{role: other, from: 2000-01-01, sector: BUS}]}\n", encoding="utf-8")
    stage = ActorsStage(nlp, get_lexicon([str(f)]))
    doc = make_doc(nlp, Article(id="u", text="The RLF said Putin had called.", date="2015-05-21"),
                   10**6)
    for name, proc in nlp.pipeline:
        if name == "ew_actors":
            break
        doc = proc(doc)
    doc = stage(doc)
    codes = {a.name: a.code for a in doc._.ew_actors}
    assert codes["Ruritanian Liberation Front"] == "RURREB"
    assert codes["Vladimir Putin"] == "RUSBUS"
    # packaged entries are still there, and the packaged lexicon is unchanged
    assert "Islamic State" in get_lexicon((str(f),)).organizations
    assert get_lexicon(()).leaders["Vladimir Putin"]["terms"][-1]["sector"] == "GOV"


def test_country_of_lookup_and_titles_with_agent_words(nlp):
    lex = get_lexicon(())
    assert lex.country_of("Iraqi") == "IRQ" and lex.country_of("Lagos") == "NGA"
    assert lex.country_of("Iraqis") == "IRQ" and lex.country_of("iraqis") == "IRQ"
    assert lex.country_of("Baghdad") == "IRQ" and lex.country_of("Kremlin") is None
    doc = parse(nlp, "Chad's army fought rebels near N'Djamena, rebel spokesman Abakar Tollimi said.")
    assert actor_of(doc, "Abakar Tollimi").sector == "REB"
    assert actor_of(doc, "Abakar Tollimi").code.startswith("TCD")


def test_modifier_sector_of_officials(nlp):
    doc = parse(nlp, "Military officials in Uzbekistan said refugees crossed the border.")
    assert actor_of(doc, "Military officials").code == "UZBMIL"
    assert actor_of(doc, "refugees").sector == "REF"


def test_militants_before_the_group_is_named(nlp):
    doc = parse(nlp, "Troops pushed back the militants near Maiduguri. Boko Haram later claimed "
                     "the attack.")
    bh = actor_of(doc, "Boko Haram")
    assert bh.code.startswith("NGA") and actor_of(doc, "the militants").id == bh.id
    assert actor_of(doc, "Troops").code == "NGAMIL"


def test_bad_user_file_is_a_coded_error(nlp, tmp_path):
    from eventwire.errors import InputError
    f = tmp_path / "bad.yml"
    f.write_text("persons: {}\n", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        get_lexicon([str(f)])
    assert "EW111" in str(exc.value) and "persons" in str(exc.value)


def test_troops_sent_by_a_state_are_its_own(nlp):
    doc = parse(nlp, "Georgian forces shelled Tskhinvali. Russia sent troops into Georgia.")
    assert actor_of(doc, "Georgian forces").code == "GEOMIL"
    assert actor_of(doc, "troops").code == "RUSMIL"


def test_surname_follows_the_full_name_in_the_article(nlp):
    """A surname joins the person the article named in full, not a namesake in the
    leaders list (Aliyev the son, in office in 2019, not Aliyev the father)."""
    from tests.conftest import parse
    doc = parse(nlp, "Azerbaijani President Ilham Aliyev met the Turkish president in Ankara. "
                     "\"We will build it together,\" Aliyev told reporters.", date="2019-03-12")
    names = {a.name for a in doc._.ew_actors}
    assert "Ilham Aliyev" in names and "Heydar Aliyev" not in names
