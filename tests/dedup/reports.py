"""Invented news reports for the happenings tests: one event each, built as contract
records (no spaCy), so a test states exactly what the matcher sees."""
from __future__ import annotations

from eventwire.records import (Actor, Article, Event, EventDate, EventLocation, Place, Record,
                               Sentence, Time)

# invented-but-real places: (name, geonameid, lat, lon, country ISO3, feature)
KABUL = ("Kabul", 1138958, 34.53, 69.17, "AFG", "P.PPLC")
KANDAHAR = ("Kandahar", 1138336, 31.61, 65.71, "AFG", "P.PPLA")
AFGHANISTAN = ("Afghanistan", 1149361, 33.0, 66.0, "AFG", "A.PCLI")
BAGRAM = ("Bagram", 1147290, 34.95, 69.26, "AFG", "P.PPL")      # 50 km from Kabul
PAKISTAN = ("Pakistan", 1168579, 30.0, 70.0, "PAK", "A.PCLI")
VIENNA = ("Vienna", 2761369, 48.21, 16.37, "AUT", "P.PPLC")
GENEVA = ("Geneva", 2660646, 46.20, 6.14, "CHE", "P.PPLC")
OSLO = ("Oslo", 3143244, 59.91, 10.75, "NOR", "P.PPLC")
MINSK = ("Minsk", 625144, 53.90, 27.57, "BLR", "P.PPLC")
WARSAW = ("Warsaw", 756135, 52.23, 21.01, "POL", "P.PPLC")
POLAND = ("Poland", 798544, 52.0, 20.0, "POL", "A.PCLI")
BELARUS = ("Belarus", 630336, 53.0, 28.0, "BLR", "A.PCLI")
KHARTOUM = ("Khartoum", 379252, 15.55, 32.53, "SDN", "P.PPLC")
HONG_KONG = ("Hong Kong", 1819729, 22.28, 114.16, "HKG", "P.PPLC")
MACAU = ("Macau", 1821274, 22.20, 113.55, "MAC", "P.PPLC")
BEIJING = ("Beijing", 1816670, 39.91, 116.40, "CHN", "P.PPLC")
CHINA = ("China", 1814991, 35.0, 105.0, "CHN", "A.PCLI")


def report(aid: str, published: str, plover: str, cameo: str, source: list[str] | None,
           target: list[str] | None, place: tuple | None = None, when: str | None = None,
           outlet: str | None = "Example Wire", text: str | None = None,
           negated: bool = False, modality: str = "asserted") -> Record:
    """One article with one event: ``when`` a TIMEX3 value read in the text, or None for
    an event dated only by the article (``defaulted``)."""
    body = text or f"Officials reported the {plover.lower()} event in the capital today."
    actors, src, tgt = [], [], []
    for role, codes, ids in (("s", source or [], src), ("t", target or [], tgt)):
        for k, code in enumerate(codes):
            aid_ = f"a{role}{k}"
            actors.append(Actor(aid_, code, code, None, [], code[:3], code[3:6] or None, code,
                                "group"))
            ids.append(aid_)
    places, loc = [], EventLocation(None, True)
    if place:
        name, gid, lat, lon, cty, feat = place
        places = [Place("p1", name, None, name, gid, lat, lon, cty, None, feat, None)]
        loc = EventLocation("p1", False)
    times, date = [], EventDate(published, None, True)
    if when:
        times = [Time("t1", when, None, "DATE", when, None, None, None, "test")]
        date = EventDate(when, "t1", False)
    at = body.find("reported")             # the trigger: "reported", else the first word
    span = (at, at + 8) if at >= 0 else (0, len(body.split()[0]))
    ev = Event("e1", 0, body[span[0]:span[1]], span,
               plover, cameo, None, [], cameo[:2], None, None, src, tgt, negated=negated,
               modality=modality, date=date, location=loc, rule="test", confidence=0.8)
    return Record(Article(aid, body, f"Report {aid}", published, f"https://{aid}.example.org/x",
                          outlet), [Sentence(0, (0, len(body)))], actors, [ev], [], places,
                  times, [])


def combine(*records: Record) -> Record:
    """One article holding the events of several one-event reports (of one article id and
    date), one sentence each, in order: ids and spans renumbered."""
    first = records[0].article
    body, sentences, actors, events, places, times = "", [], [], [], [], []
    for i, rec in enumerate(records):
        off = len(body) + (1 if body else 0)
        body = (body + " " if body else "") + rec.article.text
        sentences.append(Sentence(i, (off, off + len(rec.article.text))))
        ids = {}
        for a in rec.actors:
            ids[a.id] = f"{a.id}-{i}"
            actors.append(Actor(ids[a.id], a.name, a.text, None, [], a.country, a.sector,
                                a.code, a.kind))
        for p in rec.places:
            places.append(Place(f"p{i}", p.text, None, p.name, p.geonameid, p.lat, p.lon,
                                p.country, None, p.feature, None))
        for t in rec.times:
            times.append(Time(f"t{i}", t.text, None, t.type, t.value, None, None, None, "test"))
        ev = rec.events[0]
        date = ev.date if ev.date is None or ev.date.time is None else \
            EventDate(ev.date.value, f"t{i}", ev.date.defaulted)
        loc = ev.location if ev.location is None or ev.location.place is None else \
            EventLocation(f"p{i}", ev.location.defaulted)
        span = (ev.trigger_span[0] + off, ev.trigger_span[1] + off)
        events.append(Event(f"e{i + 1}", i, ev.trigger_text, span, ev.plover_type,
                            ev.cameo_code, None, [], ev.cameo_root, None, None,
                            [ids[x] for x in ev.source], [ids[x] for x in ev.target],
                            negated=ev.negated, modality=ev.modality, date=date,
                            location=loc, rule="test", confidence=ev.confidence))
    return Record(Article(first.id, body, first.title, first.date, first.url, first.source),
                  sentences, actors, events, [], places, times, [])


def invented_reports(seed: int, n: int) -> list[Record]:
    """``n`` one-event reports drawn with ``seed`` from a few kinds of event (confusable
    ones among them), actors, places, outlets and sentences over twelve days of March
    2024, oldest article first: enough coincidences that many join one happening, some
    merge two, and the blocking index holds several types and days."""
    import random
    rng = random.Random(seed)
    kinds = [("ASSAULT", "183"), ("ASSAULT", "181"), ("COERCE", "173"), ("AGREE", "057"),
             ("RETREAT", "0871"), ("PROTEST", "141")]
    sides = [["TALREB"], ["TAL"], ["AFGGOV"], ["AFGCVL"], None]
    texts = [None, "Gunmen stormed a police checkpoint on the highway and killed four guards "
                   "of the district commander near Velmar",
             "Gunmen stormed the police checkpoint on the highway, killing four guards of "
             "the district commander near Velmar", "The two sides agreed to halt the "
             "fighting along the border for a week"]
    out = []
    for i in range(n):
        day = rng.randint(2, 13)
        plover, cameo = rng.choice(kinds)
        when = rng.choice([None, None, f"2024-03-{day:02d}", f"2024-03-{day - 1:02d}",
                           "2024-W10", "2024-03"])
        out.append(report(f"r{i:03d}", f"2024-03-{day:02d}", plover, cameo, rng.choice(sides),
                          rng.choice(sides), rng.choice([KABUL, BAGRAM, KANDAHAR, AFGHANISTAN,
                                                         PAKISTAN, None]), when,
                          outlet=rng.choice(["A Wire", "B Daily", "C Post", "D Times"]),
                          text=rng.choice(texts)))
    return sorted(out, key=lambda r: (r.article.date, r.article.id))
