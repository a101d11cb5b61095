"""The demo is the first thing a user sees: its events are pinned, so a wrong demo fails CI.

The example articles (src/eventwire/data/examples) were written for the project.
Each event below is what a reader of the article would code: who (actor code) did
what (PLOVER type, CAMEO code) to whom. When a pipeline change alters one of them,
check the new coding against the article before updating this list.
"""
from __future__ import annotations

from eventwire.demo import run_demo
from eventwire.store import Store

DEMO_EVENTS = [
    # 01-talks-in-ankara.txt
    ("met", "TURGOV", "CONSULT", "040", "AZEGOV"),
    ("help", "TUR", "AGREE", "033", "AZE"),
    ("visit", "TURGOV", "AGREE", "036", "AZE"),
    # "the two leaders agreed to expand cooperation": both leaders, one agreement
    ("cooperation", "TURGOV", "AGREE", "031", "AZEGOV"),
    # 02-attack-near-maiduguri.txt
    ("attacked", "NGAREBBOK", "ASSAULT", "190", "NGAMIL"),
    ("fought", "NGAREBBOK", "ASSAULT", "190", "NGAMIL"),
    ("arrested", "NGACOP", "COERCE", "173", "NGACVL"),
    ("condemned", "NGAGOV", "ACCUSE", "111", None),
    ("called", "UNO", "REQUEST", "020", "NGAGOV"),
    # 03-protests-in-caracas.txt
    ("marched", "VENCVL", "PROTEST", "141", "VENGOV"),
    ("urged", "VENOPP", "REQUEST", "020", "VENCVL"),   # his supporters: own people
    ("accused", "VENOPP", "ACCUSE", "112", "VENGOV"),
    ("imposed", "USA", "COERCE", "163", "VENGOV"),
    ("warned", "USAGOV", "THREATEN", "130", "VENGOV"),
    ("rejected", "VENGOV", "REJECT", "120", None),
    ("criticized", "RUS", "ACCUSE", "111", "USA"),
    ("send", "RUS", "AGREE", "033", "VEN"),
]


def test_demo_events_are_coded_right(tmp_path):
    db = tmp_path / "demo.db"
    shown = run_demo(str(db))
    with Store(str(db)) as store:
        rows = store.events()
    got = sorted((r["trigger"], "+".join(c or "?" for c in r["source_code"]) or None, r["type"],
                  r["cameo"], "+".join(c or "?" for c in r["target_code"]) or None) for r in rows)
    assert got == sorted(DEMO_EVENTS), "\n".join(map(str, got))
    assert f"Events ({len(DEMO_EVENTS)})" in shown
